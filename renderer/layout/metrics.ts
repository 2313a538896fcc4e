// Sizes of the picture, in SVG user units (px at scale 1). Kept together so the
// rhythm (4 px grid, line heights) stays consistent across boxes.

export const MARGIN = 24;

export const HEADER = { titleSize: 20, subSize: 12, height: 64, gapLine: 16 } as const;

export const BAND = { pad: 16, titleBaseline: 26, contentTop: 40, gap: 20, titleSize: 13 } as const;

export const NODE = {
  pad: 12,
  gap: 16,
  nameSize: 15,
  nameBaseline: 26,
  metaSize: 11,
  networkBaseline: 46,
  systemBaseline: 62,
  headerHeight: 76,
  emptyHeight: 30,
} as const;

export const POD = {
  width: 300,
  gap: 10,
  pad: 10,
  nameSize: 13,
  nameBaseline: 21,
  ipSize: 12,
  ipBaseline: 40,
  headerHeight: 50,
  reasonLine: 20,
  bottomPad: 10,
} as const;

export const CONTAINER = {
  gap: 6,
  nameSize: 12,
  textSize: 11,
  firstBaseline: 17,
  line: 15,
  bottomPad: 9,
  stripe: 4,
} as const;

export const VOLUME = { height: 22, gap: 4, top: 8, textSize: 11 } as const;

/** Right-hand rail of a pod where shared-volume connectors run. */
export const RAIL = { lane: 10, pad: 10 } as const;

export const PILL = { height: 16, padX: 6, size: 10 } as const;

export const COMPACT = { tile: 14, gap: 3, columns: 20 } as const;

/** Pod columns inside a node box (full detail). */
export const COLUMNS = { controlPlaneMax: 4, workerMax: 3 } as const;

export const DEFAULT_MAX_WIDTH = 1680;
