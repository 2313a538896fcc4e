// Nodes: what the Node object says about a machine, and whether it belongs to
// the control plane. Kubeadm-style clusters label control-plane nodes; others
// (or clusters whose labels were stripped) still give it away by the static
// pods of the control-plane components the kubelet runs from its manifests.

import { parseContainerRuntime } from './runtime.ts';
import { arr, fitted, num, obj, record, strings, text } from './read.ts';
import type { Obj } from './read.ts';
import type { Condition, ConditionSummary, NodeAddress, NodeImage, NodeInfo, NodeModel, Taint } from './types.ts';

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const LEGACY_ROLE_LABEL = 'kubernetes.io/role';
const CONTROL_PLANE_ROLES = new Set(['control-plane', 'master']);
const CONTROL_PLANE_COMPONENTS = new Set(['kube-apiserver', 'etcd', 'kube-controller-manager', 'kube-scheduler']);
export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

export function conditionStatus(v: unknown): Condition['status'] {
  return v === 'True' || v === 'False' ? v : 'Unknown';
}

export function readConditions(v: unknown): Condition[] {
  const out: Condition[] = [];
  for (const item of arr(v)) {
    const c = obj(item);
    const type = c && text(c.type, 256);
    if (!c || type === undefined) continue;
    const condition: Condition = { type, status: conditionStatus(c.status) };
    const reason = text(c.reason);
    const message = text(c.message);
    const lastTransitionTime = text(c.lastTransitionTime);
    if (reason !== undefined) condition.reason = reason;
    if (message !== undefined) condition.message = message;
    if (lastTransitionTime !== undefined) condition.lastTransitionTime = lastTransitionTime;
    out.push(condition);
  }
  return fitted(out);
}

export function summarize(c: Condition): ConditionSummary {
  const summary: ConditionSummary = { status: c.status };
  if (c.reason !== undefined) summary.reason = c.reason;
  if (c.message !== undefined) summary.message = c.message;
  return summary;
}

/** Roles from node-role.kubernetes.io/<role> labels (and the legacy kubernetes.io/role), sorted. */
export function nodeRoles(labels: Record<string, string>): string[] {
  const roles = new Set<string>();
  for (const key of Object.keys(labels)) {
    if (key.startsWith(ROLE_PREFIX) && key.length > ROLE_PREFIX.length) roles.add(key.slice(ROLE_PREFIX.length));
  }
  const legacy = labels[LEGACY_ROLE_LABEL];
  if (typeof legacy === 'string' && legacy !== '' && Object.prototype.hasOwnProperty.call(labels, LEGACY_ROLE_LABEL)) roles.add(legacy);
  return [...roles].sort();
}

/** A mirror pod of a control-plane component (etcd, kube-apiserver…), which pins its node to the control plane. */
export function isControlPlaneStaticPod(annotations: Record<string, string>, labels: Record<string, string>): boolean {
  if (!Object.prototype.hasOwnProperty.call(annotations, MIRROR_ANNOTATION)) return false;
  const own = (key: string): string | undefined => (Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined);
  const component = own('component');
  return (component !== undefined && CONTROL_PLANE_COMPONENTS.has(component)) || own('tier') === 'control-plane';
}

function readTaints(v: unknown): Taint[] {
  const taints: Taint[] = [];
  for (const item of arr(v)) {
    const t = obj(item);
    const key = t && text(t.key);
    if (!t || key === undefined) continue;
    const taint: Taint = { key, effect: text(t.effect) ?? '' };
    const value = text(t.value);
    if (value !== undefined) taint.value = value;
    taints.push(taint);
  }
  return fitted(taints);
}

function readAddresses(v: unknown): NodeAddress[] {
  const out: NodeAddress[] = [];
  for (const item of arr(v)) {
    const a = obj(item);
    const type = a && text(a.type, 256);
    const address = a && text(a.address);
    if (type !== undefined && address !== undefined) out.push({ type, address });
  }
  return fitted(out);
}

function readImages(v: unknown): NodeImage[] {
  const images: NodeImage[] = [];
  for (const item of arr(v)) {
    const i = obj(item);
    if (!i) continue;
    images.push({ names: strings(i.names), sizeBytes: num(i.sizeBytes) ?? 0 });
  }
  return fitted(images).sort((a, b) => b.sizeBytes - a.sizeBytes || compareText(a.names[0] ?? '', b.names[0] ?? ''));
}

const INFO_FIELDS = ['kubeletVersion', 'kubeProxyVersion', 'osImage', 'kernelVersion', 'operatingSystem', 'architecture', 'containerRuntimeVersion'] as const;

function readInfo(v: unknown): NodeInfo | undefined {
  const o = obj(v);
  if (!o) return undefined;
  const info: NodeInfo = {};
  for (const field of INFO_FIELDS) {
    const value = text(o[field]);
    if (value !== undefined) info[field] = value;
  }
  return info;
}

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The names of the nodes inferred from their pods (inferNode), in the order given. */
export function inferredNames(nodes: Iterable<NodeModel>): string[] {
  const names: string[] = [];
  for (const n of nodes) if (n.inferred) names.push(n.name);
  return names;
}

/** Reads a Node object; undefined when it has no name. Pods and static-pod roles are added later. */
export function readNode(item: unknown): NodeModel | undefined {
  const o = obj(item);
  const meta = o && obj(o.metadata);
  const name = meta && text(meta.name);
  if (!o || !meta || name === undefined) return undefined;
  const spec = obj(o.spec) ?? {};
  const status = obj(o.status) ?? {};
  const labels = record(meta.labels);
  const roles = nodeRoles(labels);
  const conditions = readConditions(status.conditions);
  const readyCondition = conditions.find((c) => c.type === 'Ready');
  const addresses = readAddresses(status.addresses);
  const podCIDRs = strings(spec.podCIDRs, 256);
  const podCIDR = text(spec.podCIDR, 256);
  const node: NodeModel = {
    uid: text(meta.uid) ?? `node:${name}`,
    name,
    role: roles.some((r) => CONTROL_PLANE_ROLES.has(r)) ? 'control-plane' : 'worker',
    roles,
    inferred: false,
    addresses,
    podCIDRs: podCIDRs.length > 0 ? podCIDRs : podCIDR !== undefined ? [podCIDR] : [],
    ready: readyCondition ? summarize(readyCondition) : { status: 'Unknown', reason: 'no Ready condition' },
    conditions,
    unschedulable: spec.unschedulable === true,
    taints: readTaints(spec.taints),
    images: readImages(status.images),
    capacity: record(status.capacity),
    allocatable: record(status.allocatable),
    labels,
    pods: [],
  };
  if (node.role === 'control-plane') node.controlPlaneBy = 'label';
  const internalIP = addresses.find((a) => a.type === 'InternalIP');
  if (internalIP) node.internalIP = internalIP.address;
  const info = readInfo(status.nodeInfo);
  if (info) {
    node.info = info;
    if (info.containerRuntimeVersion !== undefined) node.runtime = parseContainerRuntime(info.containerRuntimeVersion);
  }
  const created = text(meta.creationTimestamp);
  if (created !== undefined) node.creationTimestamp = created;
  return node;
}

/** A node known only from pods' spec.nodeName: its Node object was unreadable or is gone. */
export function inferNode(name: string, reason: string): NodeModel {
  return {
    uid: `inferred:${name}`,
    name,
    role: 'worker',
    roles: [],
    inferred: true,
    addresses: [],
    podCIDRs: [],
    ready: { status: 'Unknown', reason },
    conditions: [],
    unschedulable: false,
    taints: [],
    images: [],
    capacity: {},
    allocatable: {},
    labels: {},
    pods: [],
  };
}

