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
  return createModelIndexer()(model);
}

/** What one node (or the unscheduled row) adds to the index. */
interface Part {
  entries: IndexEntry[];
  pods: PodModel[];
}

/**
 * An index kept from model to model: a live cluster's models share every
 * node a patch did not touch (main/model/patch.ts keeps the same object), so
 * only the nodes that are new objects are indexed again, and those gone are
 * taken out. At 100,000 pods indexing everything took some 300 ms a model;
 * a patch touches a few dozen nodes. What it gives equals indexModel of the
 * model; where uids repeat across nodes (bad input), it indexes everything
 * again, in model order, as indexModel does.
 *
 * The index it returned last changes with the next call: keep only the latest.
 */
export function createModelIndexer(): (model: AnatomyModel | undefined) => ModelIndex {
  let parts = new Map<object, Part>();
  const byUid = new Map<string, IndexEntry>();
  const byName = new Map<string, PodModel>();
  let entryCount = 0;
  let podCount = 0;
  /** The maps hold each part's entries exactly once (no uid or name repeats): a model can be taken incrementally. */
  let clean = true;

  const partOf = (pods: PodModel[], node: NodeModel | undefined): Part => {
    const part: Part = { entries: [], pods: [] };
    if (node && typeof node.uid === 'string') part.entries.push({ kind: 'node', uid: node.uid, node });
    for (const pod of pods) {
      if (!pod || typeof pod !== 'object' || typeof pod.uid !== 'string') continue;
      part.pods.push(pod);
      part.entries.push({ kind: 'pod', uid: pod.uid, pod, node });
      for (const c of arr<ContainerModel>(pod.containers)) {
        if (c && typeof c.uid === 'string') part.entries.push({ kind: 'container', uid: c.uid, container: c, pod, node });
      }
      for (const v of arr<VolumeModel>(pod.volumes)) {
        if (v && typeof v.uid === 'string') part.entries.push({ kind: 'volume', uid: v.uid, volume: v, pod, node });
      }
    }
    return part;
  };
  const add = (part: Part): void => {
    for (const e of part.entries) byUid.set(e.uid, e);
    for (const pod of part.pods) byName.set(`${pod.namespace}/${pod.name}`, pod);
    entryCount += part.entries.length;
    podCount += part.pods.length;
  };
  const remove = (part: Part): void => {
    for (const e of part.entries) if (byUid.get(e.uid) === e) byUid.delete(e.uid);
    for (const pod of part.pods) {
      const name = `${pod.namespace}/${pod.name}`;
      if (byName.get(name) === pod) byName.delete(name);
    }
    entryCount -= part.entries.length;
    podCount -= part.pods.length;
  };

  return (model) => {
    const nodes = arr<NodeModel>(model?.nodes).filter((n) => n && typeof n === 'object');
    const unscheduled = arr<PodModel>(model?.unscheduled);
    const order: Array<[object, NodeModel | undefined, PodModel[]]> = nodes.map((n) => [n, n, arr<PodModel>(n.pods)]);
    order.push([unscheduled, undefined, unscheduled]);
    const next = new Map<object, Part>();
    for (const [key, node, pods] of order) if (!next.has(key)) next.set(key, parts.get(key) ?? partOf(pods, node));
    if (clean) {
      for (const [key, part] of parts) if (next.get(key) !== part) remove(part);
      for (const [key, part] of next) if (parts.get(key) !== part) add(part);
    }
    parts = next;
    // Every uid and name once: the maps hold one entry each. Otherwise (a uid on two nodes, a node listed twice)
    // which one wins depends on order: all again, the later winning, as indexModel has it, until the model is clean.
    clean = clean && byUid.size === entryCount && byName.size === podCount;
    if (!clean) {
      byUid.clear();
      byName.clear();
      entryCount = podCount = 0;
      for (const [key] of order) add(next.get(key)!);
      clean = byUid.size === entryCount && byName.size === podCount;
    }
    let pods: PodModel[] | undefined;
    return {
      get: (uid) => byUid.get(uid),
      pod: (name) => byName.get(name),
      // Made when asked for: most models are shown without anyone listing every pod.
      get pods() {
        if (!pods) {
          pods = [];
          for (const [key] of order) for (const pod of next.get(key)!.pods) pods.push(pod);
        }
        return pods;
      },
      nodes,
    };
  };
}

export function entryKind(entry: IndexEntry): ObjectKind {
  return entry.kind;
}
