// One pod as the model shows it: identity, placement, network, status in
// kubectl's words, its containers and its volumes. Claims are resolved later by
// the builder, which sees every pod at once.

import { readContainers } from './container.ts';
import { MIRROR_ANNOTATION, isControlPlaneStaticPod, readConditions, summarize } from './node.ts';
import { arr, fitted, obj, record, text } from './read.ts';
import type { Obj } from './read.ts';
import { podStatus } from './status.ts';
import type { PodStatusContext } from './status.ts';
import { linkMounts } from './mounts.ts';
import { readVolume } from './volume.ts';
import type { VolumeClaimRef } from './volume.ts';
import type { OwnerRef, PodModel, QosClass, VolumeModel } from './types.ts';

const QOS: ReadonlySet<string> = new Set(['Guaranteed', 'Burstable', 'BestEffort']);

export interface ReadPod {
  pod: PodModel;
  /** Claims per volume, in the same order as pod.volumes (undefined for non-claim volumes). */
  claimRefs: (VolumeClaimRef | undefined)[];
  /** The pod is the mirror of a control-plane component's static pod. */
  controlPlaneStatic: boolean;
}

/** The identity fields needed before the full read: undefined when the pod is unusable. */
export interface PodIdentity {
  obj: Obj;
  meta: Obj;
  name: string;
  namespace: string;
  uid: string;
  nodeName?: string;
}

/** A pod's "namespace/name": how a claim names the pods sharing it, and how a selector or a callout names a pod. */
export function podKey(pod: { namespace: string; name: string }): string {
  return `${pod.namespace}/${pod.name}`;
}

export function podIdentity(item: unknown): PodIdentity | undefined {
  const o = obj(item);
  const meta = o && obj(o.metadata);
  const name = meta && text(meta.name);
  if (!o || !meta || name === undefined) return undefined;
  const namespace = text(meta.namespace) ?? 'default';
  const id: PodIdentity = { obj: o, meta, name, namespace, uid: text(meta.uid) ?? `${namespace}/${name}` };
  const nodeName = text(obj(o.spec)?.nodeName);
  if (nodeName !== undefined) id.nodeName = nodeName;
  return id;
}

function readOwner(v: unknown): OwnerRef | undefined {
  let chosen: Obj | undefined;
  for (const item of arr(v)) {
    const ref = obj(item);
    if (!ref || text(ref.kind) === undefined || text(ref.name) === undefined) continue;
    if (ref.controller === true) {
      chosen = ref;
      break;
    }
    chosen ??= ref;
  }
  if (!chosen) return undefined;
  const owner: OwnerRef = { kind: text(chosen.kind) as string, name: text(chosen.name) as string };
  const uid = text(chosen.uid);
  if (uid !== undefined) owner.uid = uid;
  return owner;
}

function ips(list: unknown, single: string | undefined): string[] {
  const out: string[] = [];
  for (const item of arr(list)) {
    const ip = text(obj(item)?.ip, 256);
    if (ip !== undefined) out.push(ip);
  }
  if (out.length === 0 && single !== undefined) out.push(single);
  return fitted(out);
}

export function readPod(id: PodIdentity, ctx: PodStatusContext): ReadPod {
  const { obj: o, meta, name, namespace, uid } = id;
  const spec = obj(o.spec) ?? {};
  const status = obj(o.status) ?? {};
  const labels = record(meta.labels);
  const annotations = record(meta.annotations);
  const conditions = readConditions(status.conditions);
  const summary = podStatus(spec, status, meta, ctx);
  const containers = readContainers(uid, spec, status);

  const volumes: VolumeModel[] = [];
  const claimRefs: (VolumeClaimRef | undefined)[] = [];
  const volumeNames = new Set<string>();
  for (const item of arr(spec.volumes)) {
    const read = readVolume(uid, name, item);
    if (!read || volumeNames.has(read.volume.name)) continue;
    volumeNames.add(read.volume.name);
    volumes.push(read.volume);
    claimRefs.push(read.claimRef);
  }
  linkMounts(volumes, containers);

  const podIP = text(status.podIP, 256);
  const hostIP = text(status.hostIP, 256);
  const pod: PodModel = {
    uid,
    name,
    namespace,
    phase: text(status.phase) ?? 'Unknown',
    status: summary.status,
    ready: conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    readyContainers: summary.readyContainers,
    totalContainers: summary.totalContainers,
    restarts: summary.restarts,
    podIPs: ips(status.podIPs, podIP),
    hostIPs: ips(status.hostIPs, hostIP),
    hostNetwork: spec.hostNetwork === true,
    static: Object.prototype.hasOwnProperty.call(annotations, MIRROR_ANNOTATION),
    conditions,
    labels,
    containers,
    volumes: fitted(volumes),
  };
  if (id.nodeName !== undefined) pod.nodeName = id.nodeName;
  const qos = text(status.qosClass);
  if (qos !== undefined && QOS.has(qos)) pod.qosClass = qos as QosClass;
  const owner = readOwner(meta.ownerReferences);
  if (owner) pod.owner = owner;
  if (podIP !== undefined) pod.podIP = podIP;
  if (hostIP !== undefined) pod.hostIP = hostIP;
  const scheduled = conditions.find((c) => c.type === 'PodScheduled');
  if (scheduled && scheduled.status === 'False') pod.scheduling = summarize(scheduled);
  const serviceAccountName = text(spec.serviceAccountName) ?? text(spec.serviceAccount);
  if (serviceAccountName !== undefined) pod.serviceAccountName = serviceAccountName;
  const priorityClassName = text(spec.priorityClassName);
  if (priorityClassName !== undefined) pod.priorityClassName = priorityClassName;
  const restartPolicy = text(spec.restartPolicy);
  if (restartPolicy !== undefined) pod.restartPolicy = restartPolicy;
  const created = text(meta.creationTimestamp);
  if (created !== undefined) pod.creationTimestamp = created;
  const deleted = text(meta.deletionTimestamp);
  if (deleted !== undefined) pod.deletionTimestamp = deleted;

  return { pod, claimRefs: fitted(claimRefs), controlPlaneStatic: pod.static && isControlPlaneStaticPod(annotations, labels) };
}
