// Public face of the layout step: model in, boxes with absolute coordinates out.

export { layoutCluster, startLayout, type LayoutSteps } from './cluster.ts';
export { createLayoutMemo, type LayoutMemo, type LayoutStats } from './memo.ts';
export { measureText, truncateText, cleanLabel } from './text.ts';
export { podTone, containerTone, nodeTone } from './status.ts';
export type * from './types.ts';
