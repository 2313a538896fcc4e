// Public face of the layout step: model in, boxes with absolute coordinates out.

export { layoutCluster } from './cluster.ts';
export { measureText, truncateText, cleanLabel } from './text.ts';
export { podTone, containerTone, nodeTone } from './status.ts';
export type * from './types.ts';
