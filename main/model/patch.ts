// A patch: what one applyDelta changed in the model, in the terms a renderer
// updates in place. Pods and nodes are named by the keys the drawing already
// uses (pod uid, node name), each changed pod comes whole with the place it
// left, and the sections that are small and global (node order, shared
// claims, namespaces, gaps, stats) come whole when they changed. applyPatch is
// the reference reading of a patch: applied to the model before, it gives the
// model after, which the property test checks for every patch it sees.

import { compareText } from './node.ts';
import type { AccessGap, AnatomyModel, ModelStats, NodeModel, PodModel, SharedClaim } from './types.ts';

/** A node's own fields: the model's NodeModel without its pods (they travel as PodChanges). */
export type NodeHeader = Omit<NodeModel, 'pods'>;

export interface PodChange {
  uid: string;
  /** Where the pod was drawn: its node's name, or null in the unscheduled row; absent when it is new. */
  from?: string | null;
  /** The pod now, whole; its place is pod.nodeName (unscheduled without one). Absent when the pod is gone. */
  pod?: PodModel;
}

export interface NodeChange {
  name: string;
  /** The node's fields now; absent when the node is gone (its pods have gone before it). */
  node?: NodeHeader;
}

export interface ModelChanges {
  kind: 'changes';
  pods: PodChange[];
  /** Nodes that are new, gone, or whose own fields changed; not those whose pods alone changed. */
  nodes: NodeChange[];
  /** Every node's name in model order; present when a node came, went or changed role. */
  nodeOrder?: string[];
  sharedClaims?: SharedClaim[];
  namespaces?: string[];
  gaps?: AccessGap[];
  stats?: ModelStats;
}

/** Everything anew: after a change that touches all of the model (the lists a source can read changed). */
export interface ModelReplacement {
  kind: 'full';
  model: AnatomyModel;
}

export type ModelPatch = ModelChanges | ModelReplacement;

export function isEmptyPatch(patch: ModelPatch): boolean {
  return (
    patch.kind === 'changes' &&
    patch.pods.length === 0 &&
    patch.nodes.length === 0 &&
    patch.nodeOrder === undefined &&
    patch.sharedClaims === undefined &&
    patch.namespaces === undefined &&
    patch.gaps === undefined &&
    patch.stats === undefined
  );
}

export function comparePods(a: PodModel, b: PodModel): number {
  return compareText(a.namespace, b.namespace) || compareText(a.name, b.name) || compareText(a.uid, b.uid);
}

export function compareNodes(a: { role: string; name: string }, b: { role: string; name: string }): number {
  return a.role === b.role ? compareText(a.name, b.name) : a.role === 'control-plane' ? -1 : 1;
}

/** Pods of one row (a node's, or the unscheduled row) as a list of removals and arrivals. */
export interface RowChange {
  removed: Set<string>;
  added: PodModel[];
}

/**
 * A row with its changes: the pods kept, then the arrivals, sorted. A pod
 * that leaves and comes back under the same namespace and name (a change to
 * it, the common case) takes its own slot, which is where the sort would put
 * it; only the other arrivals are sorted in, and the kept pods are in order
 * already, so that sort merges a short run into a long one (V8's TimSort).
 */
export function changeRow(row: readonly PodModel[], change: RowChange): PodModel[] {
  const { removed, added } = change;
  if (added.length === 0) return removed.size > 0 ? row.filter((p) => !removed.has(p.uid)) : row.slice();
  let back: Map<string, PodModel> | undefined;
  let returning = 0;
  for (const p of added) {
    if (!removed.has(p.uid)) continue;
    (back ??= new Map()).set(p.uid, p);
    returning++;
  }
  // The same pod twice among the arrivals: each goes in, sorted, as it always did.
  if (back && back.size !== returning) back = undefined;
  const out: PodModel[] = [];
  let placed = 0;
  for (const p of row) {
    if (!removed.has(p.uid)) {
      out.push(p);
      continue;
    }
    const again = back?.get(p.uid);
    if (again && again.namespace === p.namespace && again.name === p.name) {
      out.push(again);
      back!.delete(p.uid);
      placed++;
    }
  }
  if (placed === added.length) return out;
  for (const p of added) if (!back || !removed.has(p.uid) || back.get(p.uid) === p) out.push(p);
  return out.sort(comparePods);
}

/** Groups pod changes by row: null is the unscheduled row. */
export function rowChanges(changes: readonly PodChange[]): Map<string | null, RowChange> {
  const rows = new Map<string | null, RowChange>();
  const row = (key: string | null): RowChange => {
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { removed: new Set(), added: [] }));
    return r;
  };
  for (const c of changes) {
    if (c.from !== undefined) row(c.from).removed.add(c.uid);
    if (c.pod) row(c.pod.nodeName ?? null).added.push(c.pod);
  }
  return rows;
}

/**
 * The model a patch leads to from `model`, the one it was made against. Leaves `model` as it was.
 * Only the nodes the patch names are looked up (a page applies a patch of a few pods to a thousand
 * nodes about a hundred times a second in a stream); a new node order names them all.
 */
export function applyPatch(model: AnatomyModel, patch: ModelPatch): AnatomyModel {
  if (patch.kind === 'full') return patch.model;
  const rows = rowChanges(patch.pods);
  let wanted: Set<string> | undefined;
  if (!patch.nodeOrder) {
    wanted = new Set();
    for (const c of patch.nodes) wanted.add(c.name);
    for (const key of rows.keys()) if (key !== null) wanted.add(key);
  }
  // The model's nodes by name: a model holds one node of a name (buildModel keeps one).
  const before = new Map<string, NodeModel>();
  for (const n of model.nodes) if (!wanted || wanted.has(n.name)) before.set(n.name, n);
  /** The nodes the patch changed, by name: undefined for one gone. */
  const after = new Map<string, NodeModel | undefined>();
  const current = (name: string): NodeModel | undefined => (after.has(name) ? after.get(name) : before.get(name));
  for (const c of patch.nodes) if (c.node) after.set(c.name, { ...c.node, pods: before.get(c.name)?.pods ?? [] });
  let unscheduled = model.unscheduled;
  for (const [key, change] of rows) {
    if (key === null) {
      unscheduled = changeRow(unscheduled, change);
      continue;
    }
    const node = current(key);
    if (!node) throw new Error(`patch: pods move into node "${key}", which the model does not have`);
    after.set(key, { ...node, pods: changeRow(node.pods, change) });
  }
  // Gone nodes go last: their last pods leave them first.
  for (const c of patch.nodes) if (!c.node) after.set(c.name, undefined);
  let nodes: NodeModel[];
  if (patch.nodeOrder) {
    nodes = patch.nodeOrder.map((name) => {
      const node = current(name);
      if (!node) throw new Error(`patch: node order names "${name}", which the model does not have`);
      return node;
    });
  } else {
    nodes = [];
    for (const n of model.nodes) {
      // A node the patch does not name is the model's own (every name it does name is in `after`).
      const node = after.has(n.name) ? after.get(n.name) : n;
      if (node) nodes.push(node);
    }
  }
  return {
    ...model,
    nodes,
    unscheduled,
    sharedClaims: patch.sharedClaims ?? model.sharedClaims,
    namespaces: patch.namespaces ?? model.namespaces,
    gaps: patch.gaps ?? model.gaps,
    stats: patch.stats ?? model.stats,
  };
}

/**
 * One patch that does what `a` and then `b` do: applyPatch(applyPatch(m, a), b)
 * equals applyPatch(m, mergePatches(a, b)). A pod keeps the place it left
 * first and takes its last state (a pod that came and went again is dropped);
 * a node takes its last header or absence; the global sections and the node
 * order take the latest given. A full patch in either place makes a full one.
 * For a queue that holds a slow reader's patches without dropping any.
 */
export function mergePatches(a: ModelChanges, b: ModelChanges): ModelChanges;
export function mergePatches(a: ModelPatch, b: ModelPatch): ModelPatch;
export function mergePatches(a: ModelPatch, b: ModelPatch): ModelPatch {
  if (b.kind === 'full') return b;
  if (a.kind === 'full') return { kind: 'full', model: applyPatch(a.model, b) };
  const pods = new Map<string, PodChange>();
  for (const c of a.pods) pods.set(c.uid, c);
  for (const c of b.pods) {
    const first = pods.get(c.uid);
    // Before a, the pod was where a's change says it left from (or nowhere).
    const merged: PodChange = first === undefined ? { ...c } : { uid: c.uid };
    if (first !== undefined && first.from !== undefined) merged.from = first.from;
    if (c.pod !== undefined) merged.pod = c.pod;
    if (merged.from === undefined && merged.pod === undefined) pods.delete(c.uid);
    else pods.set(c.uid, merged);
  }
  const nodes = new Map<string, NodeChange>();
  for (const c of a.nodes) nodes.set(c.name, c);
  for (const c of b.nodes) nodes.set(c.name, c);
  const out: ModelChanges = { kind: 'changes', pods: [...pods.values()], nodes: [...nodes.values()] };
  const nodeOrder = b.nodeOrder ?? a.nodeOrder;
  if (nodeOrder !== undefined) out.nodeOrder = nodeOrder;
  const sharedClaims = b.sharedClaims ?? a.sharedClaims;
  if (sharedClaims !== undefined) out.sharedClaims = sharedClaims;
  const namespaces = b.namespaces ?? a.namespaces;
  if (namespaces !== undefined) out.namespaces = namespaces;
  const gaps = b.gaps ?? a.gaps;
  if (gaps !== undefined) out.gaps = gaps;
  const stats = b.stats ?? a.stats;
  if (stats !== undefined) out.stats = stats;
  return out;
}
