// Slot memory for live updates. Every pod sits in a numbered slot of its
// node's grid (row = floor(slot / columns)). Given the previous layout, a pod
// that is still on the same node keeps its slot, and the node keeps its column
// count, so when a pod appears or goes away the others do not move: the new
// pod takes the lowest free slot and a removed pod leaves its slot empty until
// a later pod fills it. A layout without `previous` packs slots from 0 again.

import type { ClusterLayout, Detail } from './types.ts';

export interface SlotMemory {
  columns?: number;
  slots: Map<string, number>;
}

/** Key of the grid holding unscheduled pods (node uids are never empty). */
export const UNSCHEDULED_GRID = '';

/** Previous slots per grid (node uid, or UNSCHEDULED_GRID), when the detail level is the same. */
export function readSlotMemory(previous: ClusterLayout | undefined, detail: Detail): Map<string, SlotMemory> {
  const memory = new Map<string, SlotMemory>();
  if (!previous || previous.detail !== detail || !Array.isArray(previous.pods)) return memory;
  for (const node of previous.nodes ?? []) memory.set(node.uid, { columns: node.podColumns, slots: new Map() });
  const band = (previous.bands ?? []).find((b) => b.id === 'unscheduled');
  memory.set(UNSCHEDULED_GRID, { columns: band?.podColumns, slots: new Map() });
  for (const pod of previous.pods) {
    const grid = memory.get(pod.nodeUid ?? UNSCHEDULED_GRID);
    if (grid && Number.isInteger(pod.slot) && pod.slot >= 0) grid.slots.set(pod.uid, pod.slot);
  }
  return memory;
}

/** Slot for each uid, in order: remembered slots first, then the lowest free ones. */
export function assignSlots(uids: readonly string[], memory?: SlotMemory): number[] {
  const out = new Array<number>(uids.length).fill(-1);
  const taken = new Set<number>();
  if (memory) {
    uids.forEach((uid, i) => {
      const slot = memory.slots.get(uid);
      if (slot !== undefined && !taken.has(slot)) {
        out[i] = slot;
        taken.add(slot);
      }
    });
  }
  let next = 0;
  for (let i = 0; i < uids.length; i++) {
    if (out[i] >= 0) continue;
    while (taken.has(next)) next++;
    out[i] = next;
    taken.add(next);
  }
  return out;
}
