// A pod's volumes: what each spec.volumes entry is backed by, described in a
// few words, and which of the pod's containers mount it.

import { message, say, translator, type Message, type MessageId, type Translate } from '../i18n/index.ts';
import { arr, bool, fitted, has, obj, str, text } from './read.ts';
import type { Obj } from './read.ts';
import { volumeUid } from './uids.ts';
import type { VolumeModel, VolumeType } from './types.ts';

const KNOWN_TYPES: readonly VolumeType[] = [
  'persistentVolumeClaim',
  'ephemeral',
  'configMap',
  'secret',
  'projected',
  'emptyDir',
  'hostPath',
  'downwardAPI',
  'csi',
  'nfs',
  'image',
];

/** The claim a volume refers to: its own claim, or the one Kubernetes generates for an ephemeral volume. */
export interface VolumeClaimRef {
  claimName: string;
  readOnly: boolean;
}

export interface ReadVolume {
  volume: VolumeModel;
  claimRef?: VolumeClaimRef;
}

type Source = Message<MessageId>;

// Part of a source that is the cluster's own word (a spec key the model does not know): as written.
const said = (text: string): Source => message('volume.source.said', { text });

function projectedSource(source: Obj): Source | undefined {
  const configMap = obj(source.configMap);
  if (configMap) return message('volume.source.configMap', { name: text(configMap.name) ?? '?' });
  const secret = obj(source.secret);
  if (secret) return message('volume.source.secret', { name: text(secret.name) ?? '?' });
  const token = obj(source.serviceAccountToken);
  if (token) return message('volume.source.serviceAccountToken');
  if (obj(source.downwardAPI)) return message('volume.source.downwardAPI');
  const bundle = obj(source.clusterTrustBundle);
  if (bundle) {
    const name = text(bundle.name) ?? text(bundle.signerName);
    return name !== undefined ? message('volume.source.clusterTrustBundle', { name }) : message('volume.source.clusterTrustBundle.unnamed');
  }
  const key = Object.keys(source)[0];
  return key === undefined ? undefined : said(key.slice(0, 64));
}

/**
 * Where a volume's files come from, as messages (several for a projected
 * volume): the page and the picture say them in their language, the values
 * (names, paths, drivers) as the cluster wrote them.
 */
function describe(type: VolumeType, typeName: string, source: Obj, podName: string, volumeName: string): Source[] {
  switch (type) {
    case 'configMap':
      return [message('volume.source.configMap', { name: text(source.name) ?? '?' })];
    case 'secret':
      return [message('volume.source.secret', { name: text(source.secretName) ?? '?' })];
    case 'hostPath': {
      const kind = text(source.type);
      const path = str(source.path) ?? '?';
      return [kind !== undefined ? message('volume.source.hostPath.typed', { path, kind }) : message('volume.source.hostPath', { path })];
    }
    case 'emptyDir': {
      const medium = text(source.medium);
      const size = text(source.sizeLimit);
      if (medium !== undefined && size !== undefined) return [message('volume.source.emptyDir.mediumSize', { medium, size })];
      if (medium !== undefined) return [message('volume.source.emptyDir.medium', { medium })];
      if (size !== undefined) return [message('volume.source.emptyDir.size', { size })];
      return [message('volume.source.emptyDir')];
    }
    case 'projected': {
      const parts: Source[] = [];
      for (const s of arr(source.sources)) {
        const o = obj(s);
        const part = o && projectedSource(o);
        if (part !== undefined) parts.push(part);
      }
      return parts.length > 0 ? fitted(parts) : [message('volume.source.projected')];
    }
    case 'persistentVolumeClaim':
      return [message('volume.source.claim', { name: text(source.claimName) ?? '?' })];
    case 'ephemeral':
      return [message('volume.source.ephemeralClaim', { name: `${podName}-${volumeName}` })];
    case 'downwardAPI': {
      const paths: string[] = [];
      for (const item of arr(source.items)) {
        const path = text(obj(item)?.path);
        if (path !== undefined) paths.push(path);
      }
      return [paths.length > 0 ? message('volume.source.downwardAPI.paths', { paths: paths.join(', ') }) : message('volume.source.downwardAPI')];
    }
    case 'csi':
      return [message('volume.source.csi', { driver: text(source.driver) ?? '?' })];
    case 'nfs':
      return [message('volume.source.nfs', { server: text(source.server) ?? '?', path: str(source.path) ?? '?' })];
    case 'image':
      return [message('volume.source.image', { reference: text(source.reference) ?? '?' })];
    default:
      return [said(typeName)];
  }
}

let english: Translate | undefined;

/** A source's parts as one text in a language ("configMap a, secret b"). */
export function sourceText(t: Translate, source: readonly unknown[]): string {
  return source.map((m) => say(t, m)).filter((s) => s !== '').join(', ');
}

/** Reads one spec.volumes entry; undefined when it has no name. */
export function readVolume(podUid: string, podName: string, item: unknown): ReadVolume | undefined {
  const v = obj(item);
  const name = v && text(v.name);
  if (!v || name === undefined) return undefined;

  let type: VolumeType = 'other';
  let typeName = 'unknown';
  let source: Obj = {};
  const known = KNOWN_TYPES.find((t) => has(v, t) && obj(v[t]) !== undefined);
  if (known !== undefined) {
    type = known;
    typeName = known;
    source = obj(v[known]) ?? {};
  } else {
    const key = Object.keys(v).find((k) => k !== 'name' && obj(v[k]) !== undefined);
    if (key !== undefined) {
      typeName = key.slice(0, 64);
      source = obj(v[key]) ?? {};
    }
  }

  const described = describe(type, typeName, source, podName, name);
  const volume: VolumeModel = {
    uid: volumeUid(podUid, name),
    name,
    type,
    typeName,
    // The same words in English, for what reads the model without a language (search, a model written to a file).
    detail: sourceText((english ??= translator('en')), described),
    source: described,
    mountedBy: [],
    shared: false,
    sharedWithPods: [],
  };
  const out: ReadVolume = { volume };
  if (type === 'persistentVolumeClaim') {
    const claimName = text(source.claimName);
    if (claimName !== undefined) out.claimRef = { claimName, readOnly: bool(source.readOnly) ?? false };
  } else if (type === 'ephemeral') {
    out.claimRef = { claimName: `${podName}-${name}`, readOnly: false };
  }
  return out;
}
