// Finds any drawn object of a model by uid, with its pod and node, so the
// selection, search and details panel do not each walk the tree.

import type { AnatomyModel, ContainerModel, NodeModel, PodModel, VolumeModel } from '../../main/model/types.ts';
import type { ObjectKind } from './details/types.ts';

export type IndexEntry =
  | { kind: 'node'; uid: string; node: NodeModel }
  | { kind: 'pod'; uid: string; pod: PodModel; node?: NodeModel }
  | { kind: 'container'; uid: string; container: ContainerModel; pod: PodModel; node?: NodeModel }
  | { kind: 'volume'; uid: string; volume: VolumeModel; pod: PodModel; node?: NodeModel };

export interface ModelIndex {
  get(uid: string): IndexEntry | undefined;
  /** "namespace/name" → pod. */
  pod(namespacedName: string): PodModel | undefined;
  /** All pods, scheduled ones in node order first, then unscheduled. */
  pods: PodModel[];
  nodes: NodeModel[];
}

function arr<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

export function indexModel(model: AnatomyModel | undefined): ModelIndex {
  const byUid = new Map<string, IndexEntry>();
  const byName = new Map<string, PodModel>();
  const pods: PodModel[] = [];
  const nodes = arr<NodeModel>(model?.nodes).filter((n) => n && typeof n === 'object');

  const addPod = (pod: PodModel, node: NodeModel | undefined) => {
    if (!pod || typeof pod !== 'object' || typeof pod.uid !== 'string') return;
    pods.push(pod);
    byUid.set(pod.uid, { kind: 'pod', uid: pod.uid, pod, node });
    byName.set(`${pod.namespace}/${pod.name}`, pod);
    for (const c of arr<ContainerModel>(pod.containers)) {
      if (c && typeof c.uid === 'string') byUid.set(c.uid, { kind: 'container', uid: c.uid, container: c, pod, node });
    }
    for (const v of arr<VolumeModel>(pod.volumes)) {
      if (v && typeof v.uid === 'string') byUid.set(v.uid, { kind: 'volume', uid: v.uid, volume: v, pod, node });
    }
  };

  for (const node of nodes) {
    if (typeof node.uid === 'string') byUid.set(node.uid, { kind: 'node', uid: node.uid, node });
    for (const pod of arr<PodModel>(node.pods)) addPod(pod, node);
  }
  for (const pod of arr<PodModel>(model?.unscheduled)) addPod(pod, undefined);

  return {
    get: (uid) => byUid.get(uid),
    pod: (name) => byName.get(name),
    pods,
    nodes,
  };
}

export function entryKind(entry: IndexEntry): ObjectKind {
  return entry.kind;
}
