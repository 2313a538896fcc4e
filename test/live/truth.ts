// What the cluster holds, as a set of one-line facts, computed twice and
// independently: once from `kubectl get … -o json` (here, by reading the
// objects directly, without the model builder), once from an AnatomyModel.
// Equal sets mean the model shows every node, pod, IP, container, image,
// resolved digest, volume and claim → PV binding kubectl shows, and nothing else.

import type { AnatomyModel } from '../../main/model/types.ts';
import { kubectl, waitFor, type LiveEnv } from './harness.ts';

export type Facts = Set<string>;

type Json = Record<string, unknown>;

function rec(value: unknown): Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The objects `kubectl get nodes,pods,pvc,pv,namespaces -A -o json` returned, by kind. */
export interface Truth {
  nodes: Json[];
  pods: Json[];
  pvcs: Json[];
  pvs: Json[];
  namespaces: Json[];
}

export async function readTruth(env: LiveEnv): Promise<Truth> {
  const text = await kubectl(env, ['get', 'nodes,pods,pvc,pv,namespaces', '-A', '-o', 'json']);
  return splitTruth(JSON.parse(text));
}

export function splitTruth(listObject: unknown): Truth {
  const truth: Truth = { nodes: [], pods: [], pvcs: [], pvs: [], namespaces: [] };
  for (const item of list(rec(listObject).items)) {
    const o = rec(item);
    switch (o.kind) {
      case 'Node':
        truth.nodes.push(o);
        break;
      case 'Pod':
        truth.pods.push(o);
        break;
      case 'PersistentVolumeClaim':
        truth.pvcs.push(o);
        break;
      case 'PersistentVolume':
        truth.pvs.push(o);
        break;
      case 'Namespace':
        truth.namespaces.push(o);
        break;
    }
  }
  return truth;
}

const meta = (o: Json) => rec(o.metadata);
const nameOf = (o: Json) => String(meta(o).name);
const podKey = (o: Json) => `${String(meta(o).namespace)}/${nameOf(o)}`;

/** The volume source kinds the model names; anything else is "other". */
const VOLUME_TYPES = new Set([
  'emptyDir',
  'configMap',
  'secret',
  'projected',
  'hostPath',
  'persistentVolumeClaim',
  'downwardAPI',
  'ephemeral',
  'csi',
  'nfs',
  'image',
]);

/** sha256:… from an imageID such as `docker.io/library/nginx@sha256:…`, `docker-pullable://x@sha256:…` or `sha256:…`. */
export function digestOf(imageID: string): string | undefined {
  const match = /(?:^|@|:\/\/)(sha256:[0-9a-f]{64})$/.exec(imageID);
  return match ? match[1] : undefined;
}

function labelFacts(prefix: string, labels: unknown, facts: Facts): void {
  for (const [key, value] of Object.entries(rec(labels))) facts.add(`${prefix} label ${key}=${String(value)}`);
}

/** Facts from the objects kubectl returned. */
export function truthFacts(truth: Truth): Facts {
  const facts: Facts = new Set();
  for (const ns of truth.namespaces) facts.add(`namespace ${nameOf(ns)}`);

  const nodeNames = new Set<string>();
  for (const node of truth.nodes) {
    const name = nameOf(node);
    nodeNames.add(name);
    const at = `node ${name}`;
    facts.add(`${at} uid=${String(meta(node).uid)}`);
    const spec = rec(node.spec);
    const cidrs = list(spec.podCIDRs).length > 0 ? list(spec.podCIDRs) : str(spec.podCIDR) ? [spec.podCIDR] : [];
    facts.add(`${at} podCIDRs=${cidrs.join(',')}`);
    for (const a of list(rec(node.status).addresses)) facts.add(`${at} address ${String(rec(a).type)}=${String(rec(a).address)}`);
    labelFacts(at, meta(node).labels, facts);
  }

  const pvcs = new Map<string, Json>();
  for (const pvc of truth.pvcs) pvcs.set(podKey(pvc), pvc);
  const pvNames = new Set(truth.pvs.map(nameOf));

  for (const pod of truth.pods) {
    const key = podKey(pod);
    const spec = rec(pod.spec);
    const status = rec(pod.status);
    const at = `pod ${key}`;
    const nodeName = str(spec.nodeName);
    facts.add(`${at} uid=${String(meta(pod).uid)} node=${nodeName ?? '(unscheduled)'}`);
    // A pod bound to a node that does not exist: the model must infer that node.
    if (nodeName !== undefined && !nodeNames.has(nodeName)) facts.add(`node ${nodeName} inferred`);
    const podIP = str(status.podIP);
    if (podIP) facts.add(`${at} podIP=${podIP}`);
    const podIPs = list(status.podIPs).map((p) => String(rec(p).ip));
    if (podIPs.length > 0) facts.add(`${at} podIPs=${podIPs.join(',')}`);
    const hostIP = str(status.hostIP);
    if (hostIP) facts.add(`${at} hostIP=${hostIP}`);
    if (spec.hostNetwork === true) facts.add(`${at} hostNetwork`);
    labelFacts(at, meta(pod).labels, facts);

    const statuses = new Map<string, Json>();
    for (const field of ['initContainerStatuses', 'containerStatuses', 'ephemeralContainerStatuses']) {
      for (const s of list(status[field])) statuses.set(`${field}/${String(rec(s).name)}`, rec(s));
    }
    const containers: { group: string; c: Json; status?: Json }[] = [];
    for (const c of list(spec.initContainers)) {
      const group = rec(c).restartPolicy === 'Always' ? 'sidecar' : 'init';
      containers.push({ group, c: rec(c), status: statuses.get(`initContainerStatuses/${String(rec(c).name)}`) });
    }
    for (const c of list(spec.containers)) containers.push({ group: 'app', c: rec(c), status: statuses.get(`containerStatuses/${String(rec(c).name)}`) });
    for (const c of list(spec.ephemeralContainers)) {
      containers.push({ group: 'ephemeral', c: rec(c), status: statuses.get(`ephemeralContainerStatuses/${String(rec(c).name)}`) });
    }
    for (const { group, c, status: cs } of containers) {
      const cat = `container ${key} ${group}/${String(c.name)}`;
      facts.add(`${cat} image=${String(c.image)}`);
      const imageID = str(cs?.imageID);
      if (imageID) {
        facts.add(`${cat} imageID=${imageID}`);
        const digest = digestOf(imageID);
        if (digest) facts.add(`${cat} digest=${digest}`);
      }
      for (const m of list(c.volumeMounts)) facts.add(`mount ${key} ${String(rec(m).name)} ${String(c.name)} ${String(rec(m).mountPath)}`);
    }

    for (const v of list(spec.volumes)) {
      const volume = rec(v);
      const vname = String(volume.name);
      const vat = `volume ${key} ${vname}`;
      const source = Object.keys(volume).find((k) => k !== 'name');
      facts.add(`${vat} type=${source !== undefined && VOLUME_TYPES.has(source) ? source : 'other'}`);
      let claimName: string | undefined;
      if (source === 'persistentVolumeClaim') claimName = str(rec(volume.persistentVolumeClaim).claimName);
      if (source === 'ephemeral') claimName = `${nameOf(pod)}-${vname}`;
      if (claimName !== undefined) {
        const pvc = pvcs.get(`${String(meta(pod).namespace)}/${claimName}`);
        const pvName = pvc ? str(rec(pvc.spec).volumeName) : undefined;
        const pv = pvName !== undefined && pvNames.has(pvName) ? pvName : '-';
        facts.add(`${vat} claim=${claimName} found=${pvc !== undefined} pv=${pv}`);
      }
    }
  }
  return facts;
}

/** The same facts, read from a model. */
export function modelFacts(model: AnatomyModel): Facts {
  const facts: Facts = new Set();
  for (const ns of model.namespaces) facts.add(`namespace ${ns}`);
  const pods = [...model.unscheduled];
  for (const node of model.nodes) {
    const at = `node ${node.name}`;
    if (node.inferred) {
      facts.add(`${at} inferred`);
    } else {
      facts.add(`${at} uid=${node.uid}`);
      facts.add(`${at} podCIDRs=${node.podCIDRs.join(',')}`);
      for (const a of node.addresses) facts.add(`${at} address ${a.type}=${a.address}`);
      labelFacts(at, node.labels, facts);
    }
    for (const pod of node.pods) {
      // A pod is where its spec.nodeName says.
      if (pod.nodeName !== node.name) facts.add(`pod ${pod.namespace}/${pod.name} misplaced under node ${node.name}`);
      pods.push(pod);
    }
  }
  for (const pod of pods) {
    const key = `${pod.namespace}/${pod.name}`;
    const at = `pod ${key}`;
    facts.add(`${at} uid=${pod.uid} node=${pod.nodeName ?? '(unscheduled)'}`);
    if (pod.podIP) facts.add(`${at} podIP=${pod.podIP}`);
    if (pod.podIPs.length > 0) facts.add(`${at} podIPs=${pod.podIPs.join(',')}`);
    if (pod.hostIP) facts.add(`${at} hostIP=${pod.hostIP}`);
    if (pod.hostNetwork) facts.add(`${at} hostNetwork`);
    labelFacts(at, pod.labels, facts);
    for (const c of pod.containers) {
      const cat = `container ${key} ${c.group}/${c.name}`;
      facts.add(`${cat} image=${c.image.raw}`);
      if (c.imageID) facts.add(`${cat} imageID=${c.imageID}`);
      if (c.resolvedDigest) facts.add(`${cat} digest=${c.resolvedDigest}`);
      for (const m of c.mounts) facts.add(`mount ${key} ${m.volume} ${c.name} ${m.mountPath}`);
    }
    for (const v of pod.volumes) {
      const vat = `volume ${key} ${v.name}`;
      facts.add(`${vat} type=${v.type}`);
      if (v.claim) facts.add(`${vat} claim=${v.claim.name} found=${v.claim.found} pv=${v.claim.pv?.name ?? '-'}`);
    }
  }
  return facts;
}

export interface FactDiff {
  /** In the cluster, not in the model. */
  missing: string[];
  /** In the model, not in the cluster. */
  extra: string[];
}

export function diffFacts(expected: Facts, actual: Facts): FactDiff {
  return {
    missing: [...expected].filter((f) => !actual.has(f)).sort(),
    extra: [...actual].filter((f) => !expected.has(f)).sort(),
  };
}

/** "" when equal; else a bounded description of the difference. */
export function describeDiff(diff: FactDiff, limit = 20): string {
  if (diff.missing.length === 0 && diff.extra.length === 0) return '';
  const part = (title: string, items: string[]) =>
    items.length === 0 ? '' : `${title} (${items.length}): ${items.slice(0, limit).join(' | ')}${items.length > limit ? ' | …' : ''}. `;
  return `${part('missing from the model', diff.missing)}${part('in the model but not in the cluster', diff.extra)}`.trim();
}

/**
 * Waits until the model (read afresh each time) has exactly the facts kubectl
 * shows; `extra` checks more on the same truth (e.g. "5 replicas are Running").
 * Returns the truth and model facts it ended on.
 */
export async function waitForTruth(
  env: LiveEnv,
  model: () => AnatomyModel | undefined,
  what: string,
  extra?: (truth: Truth) => true | string,
  timeoutMs = 120_000,
): Promise<{ truth: Truth; facts: Facts }> {
  let result: { truth: Truth; facts: Facts } | undefined;
  await waitFor(
    async () => {
      const truth = await readTruth(env);
      const more = extra?.(truth) ?? true;
      if (more !== true) return `the cluster is not there yet: ${more}`;
      const current = model();
      if (!current) return 'no model yet';
      const facts = truthFacts(truth);
      const diff = describeDiff(diffFacts(facts, modelFacts(current)));
      if (diff !== '') return diff;
      result = { truth, facts };
      return true;
    },
    { what: `the model to equal kubectl's view: ${what}`, timeoutMs, intervalMs: 500 },
  );
  return result!;
}
