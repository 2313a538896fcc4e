// The patch between two models of one cluster made apart: a seek in a
// recording hands over a model from a keyframe (main/record/reader.ts), not
// one the model shown was changed into, so no applyDeltas made a patch from
// one to the other. Models of one recording share what did not change (the
// keyframes are structurally shared, apply.ts), so comparing pods and nodes
// by reference first costs a pass over the cluster, not a deep comparison of
// it; a pod that differs by reference only goes in the patch all the same
// (harmless: the page takes it whole, as any changed pod).

import type { ModelChanges, NodeChange, PodChange } from './patch.ts';
import type { AnatomyModel, NodeModel, PodModel } from './types.ts';

/**
 * A patch that turns `before` into `after` (applyPatch(before, patch) deep-equals
 * `after`), or undefined when a patch cannot say it: another source, other
 * callouts. `changed` counts its pod and node changes, for a caller choosing
 * between it and the whole model.
 */
export function modelChanges(before: AnatomyModel, after: AnatomyModel): { patch: ModelChanges; changed: number } | undefined {
  if (JSON.stringify(before.source) !== JSON.stringify(after.source) || before.schema !== after.schema) return undefined;
  if (before.callouts !== after.callouts && JSON.stringify(before.callouts) !== JSON.stringify(after.callouts)) return undefined;
  const was = podsByUid(before);
  const pods: PodChange[] = [];
  const visit = (pod: PodModel) => {
    const old = was.get(pod.uid);
    was.delete(pod.uid);
    if (old?.pod === pod) return;
    pods.push(old ? { uid: pod.uid, from: old.row, pod } : { uid: pod.uid, pod });
  };
  for (const node of after.nodes) for (const pod of node.pods) visit(pod);
  for (const pod of after.unscheduled) visit(pod);
  for (const [uid, { row }] of was) pods.push({ uid, from: row });

  const oldNodes = new Map(before.nodes.map((n) => [n.name, n]));
  const nodes: NodeChange[] = [];
  for (const node of after.nodes) {
    const old = oldNodes.get(node.name);
    oldNodes.delete(node.name);
    if (old === node || (old && sameHeader(old, node))) continue;
    const { pods: _pods, ...header } = node;
    nodes.push({ name: node.name, node: header });
  }
  for (const name of oldNodes.keys()) nodes.push({ name });

  const patch: ModelChanges = { kind: 'changes', pods, nodes };
  if (before.nodes.length !== after.nodes.length || before.nodes.some((n, i) => n.name !== after.nodes[i]!.name)) patch.nodeOrder = after.nodes.map((n) => n.name);
  if (!same(before.sharedClaims, after.sharedClaims)) patch.sharedClaims = after.sharedClaims;
  if (!same(before.namespaces, after.namespaces)) patch.namespaces = after.namespaces;
  if (!same(before.gaps, after.gaps)) patch.gaps = after.gaps;
  if (!same(before.stats, after.stats)) patch.stats = after.stats;
  return { patch, changed: pods.length + nodes.length };
}

function podsByUid(model: AnatomyModel): Map<string, { pod: PodModel; row: string | null }> {
  const out = new Map<string, { pod: PodModel; row: string | null }>();
  for (const node of model.nodes) for (const pod of node.pods) out.set(pod.uid, { pod, row: node.name });
  for (const pod of model.unscheduled) out.set(pod.uid, { pod, row: null });
  return out;
}

/** A node's own fields (not its pods) alike: by reference field by field, then by value. */
function sameHeader(a: NodeModel, b: NodeModel): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  keys.delete('pods');
  let byReference = true;
  for (const key of keys) if ((a as unknown as Record<string, unknown>)[key] !== (b as unknown as Record<string, unknown>)[key]) byReference = false;
  if (byReference) return true;
  const { pods: _a, ...ha } = a;
  const { pods: _b, ...hb } = b;
  return JSON.stringify(ha) === JSON.stringify(hb);
}

function same(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
