// A grid of pod boxes (inside a node, or in the unscheduled band). Planning
// sizes the grid before it is placed, so nodes can be flowed into rows by
// their final size without laying their pods out twice.

import type { NodeModel, PodModel } from '../../main/model/types.ts';
import { CARD, COMPACT, POD } from './metrics.ts';
import { layoutCardPod, layoutCompactPod, layoutPod, podHeight, type PodParts } from './pod.ts';
import { assignSlots, type SlotMemory } from './slots.ts';
import type { Detail, InjectedVolumes } from './types.ts';
import { ENGLISH, type Translate } from './words.ts';

export interface GridPlan {
  pods: PodModel[];
  slots: number[];
  columns: number;
  rowHeights: number[];
  /** Height of each pod box, in pod order. */
  heights: number[];
  width: number;
  height: number;
  detail: Detail;
  /** The words its pods are labelled in. */
  t: Translate;
  /** How the pods' injected volumes are laid out. */
  injected: InjectedVolumes;
}

export function cellSize(detail: Detail): { width: number; gap: number } {
  if (detail === 'compact') return { width: COMPACT.tile, gap: COMPACT.gap };
  if (detail === 'cards') return { width: CARD.width, gap: CARD.gap };
  return { width: POD.width, gap: POD.gap };
}

/** Height of one pod's cell: the same for every tile and every card, the pod's own in full detail. */
export function cellHeight(pod: PodModel, detail: Detail, injected: InjectedVolumes = 'full'): number {
  if (detail === 'compact') return COMPACT.tile;
  if (detail === 'cards') return CARD.height;
  return podHeight(pod, injected);
}

export function gridWidth(columns: number, detail: Detail): number {
  const cell = cellSize(detail);
  return columns * cell.width + Math.max(0, columns - 1) * cell.gap;
}

export function planGrid(pods: PodModel[], columns: number, detail: Detail, memory?: SlotMemory, t: Translate = ENGLISH, injected: InjectedVolumes = 'full'): GridPlan {
  const cols = Math.max(1, Math.floor(columns));
  const slots = assignSlots(
    pods.map((p) => String(p.uid)),
    memory,
  );
  const cell = cellSize(detail);
  let rows = 0;
  for (const s of slots) rows = Math.max(rows, Math.floor(s / cols) + 1);
  const rowHeights = new Array<number>(rows).fill(0);
  const heights = pods.map((pod, i) => {
    const row = Math.floor(slots[i] / cols);
    const h = cellHeight(pod, detail, injected);
    if (h > rowHeights[row]) rowHeights[row] = h;
    return h;
  });
  // Rows left empty by removed pods collapse to nothing rather than a gap.
  let height = 0;
  for (const h of rowHeights) if (h > 0) height += h + cell.gap;
  if (height > 0) height -= cell.gap;
  return { pods, slots, columns: cols, rowHeights, heights, width: gridWidth(cols, detail), height, detail, t, injected };
}

/** Hands each pod's parts on, with the pod they were laid out from. */
export type PodEmit = (parts: PodParts, pod: PodModel) => void;

/**
 * Parts laid out before that are what laying `pod` out here would give (the
 * layout memo's, renderer/layout/memo.ts), or undefined to lay it out.
 */
export type PodReuse = (pod: PodModel, x: number, y: number, slot: number) => PodParts | undefined;

export function placeGrid(plan: GridPlan, node: NodeModel | undefined, x: number, y: number, emit: PodEmit, reuse?: PodReuse): void {
  const cell = cellSize(plan.detail);
  const rowTop: number[] = [];
  let top = y;
  for (const h of plan.rowHeights) {
    rowTop.push(top);
    if (h > 0) top += h + cell.gap;
  }
  plan.pods.forEach((pod, i) => {
    const slot = plan.slots[i];
    const px = x + (slot % plan.columns) * (cell.width + cell.gap);
    const py = rowTop[Math.floor(slot / plan.columns)];
    const kept = reuse?.(pod, px, py, slot);
    if (kept) emit(kept, pod);
    else if (plan.detail === 'compact') emit(layoutCompactPod(pod, node, px, py, slot, plan.t), pod);
    else if (plan.detail === 'cards') emit(layoutCardPod(pod, node, px, py, slot, plan.t), pod);
    else emit(layoutPod(pod, node, px, py, slot, plan.heights[i], plan.t, plan.injected), pod);
  });
}
