// A pod's volumes: what each spec.volumes entry is backed by, described in a
// few words, and which of the pod's containers mount it.

import { arr, bool, has, obj, str, text } from './read.ts';
import type { Obj } from './read.ts';
import type { ContainerModel, VolumeModel, VolumeType, VolumeUse } from './types.ts';

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

function projectedSource(source: Obj): string | undefined {
  const configMap = obj(source.configMap);
  if (configMap) return `configMap ${text(configMap.name) ?? '?'}`;
  const secret = obj(source.secret);
  if (secret) return `secret ${text(secret.name) ?? '?'}`;
  const token = obj(source.serviceAccountToken);
  if (token) return 'serviceAccountToken';
  if (obj(source.downwardAPI)) return 'downwardAPI';
  const bundle = obj(source.clusterTrustBundle);
  if (bundle) return `clusterTrustBundle ${text(bundle.name) ?? text(bundle.signerName) ?? ''}`.trimEnd();
  const key = Object.keys(source)[0];
  return key === undefined ? undefined : key.slice(0, 64);
}

function describe(type: VolumeType, typeName: string, source: Obj, podName: string, volumeName: string): string {
  switch (type) {
    case 'configMap':
      return `configMap ${text(source.name) ?? '?'}`;
    case 'secret':
      return `secret ${text(source.secretName) ?? '?'}`;
    case 'hostPath': {
      const kind = text(source.type);
      return `${str(source.path) ?? '?'}${kind !== undefined ? ` (${kind})` : ''}`;
    }
    case 'emptyDir': {
      const medium = text(source.medium);
      const sizeLimit = text(source.sizeLimit);
      return ['emptyDir', medium !== undefined ? `medium ${medium}` : '', sizeLimit !== undefined ? `sizeLimit ${sizeLimit}` : '']
        .filter((s) => s !== '')
        .join(' ');
    }
    case 'projected': {
      const parts: string[] = [];
      for (const s of arr(source.sources)) {
        const o = obj(s);
        const part = o && projectedSource(o);
        if (part !== undefined) parts.push(part);
      }
      return parts.length > 0 ? parts.join(', ') : 'projected';
    }
    case 'persistentVolumeClaim':
      return `claim ${text(source.claimName) ?? '?'}`;
    case 'ephemeral':
      return `claim ${podName}-${volumeName} (ephemeral)`;
    case 'downwardAPI': {
      const paths: string[] = [];
      for (const item of arr(source.items)) {
        const path = text(obj(item)?.path);
        if (path !== undefined) paths.push(path);
      }
      return paths.length > 0 ? `downwardAPI ${paths.join(', ')}` : 'downwardAPI';
    }
    case 'csi':
      return `csi ${text(source.driver) ?? '?'}`;
    case 'nfs':
      return `${text(source.server) ?? '?'}:${str(source.path) ?? '?'}`;
    case 'image':
      return `image ${text(source.reference) ?? '?'}`;
    default:
      return typeName;
  }
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

  const volume: VolumeModel = {
    uid: `${podUid}/volume/${name}`,
    name,
    type,
    typeName,
    detail: describe(type, typeName, source, podName, name),
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

/** Fills mountedBy and shared from the containers' volumeMounts. */
export function linkMounts(volumes: VolumeModel[], containers: ContainerModel[]): void {
  const byName = new Map<string, VolumeModel>();
  for (const v of volumes) if (!byName.has(v.name)) byName.set(v.name, v);
  for (const c of containers) {
    for (const m of c.mounts) {
      const volume = byName.get(m.volume);
      if (!volume) continue;
      const use: VolumeUse = { container: c.name, group: c.group, mountPath: m.mountPath, readOnly: m.readOnly };
      if (m.subPath !== undefined) use.subPath = m.subPath;
      volume.mountedBy.push(use);
    }
  }
  for (const v of volumes) {
    const users = new Set<string>();
    for (const use of v.mountedBy) users.add(`${use.group}/${use.container}`);
    v.shared = users.size >= 2;
  }
}
