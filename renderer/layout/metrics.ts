// Sizes of the picture, in SVG user units (px at scale 1). Kept together so the
// rhythm (4 px grid, line heights) stays consistent across boxes.

export const MARGIN = 24;

export const HEADER = { titleSize: 20, subSize: 13, height: 64, gapLine: 17 } as const;

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

export const PILL = { height: 16, padX: 6, size: 11, baseline: 12 } as const;

export const COMPACT = { tile: 14, gap: 3, columns: 20 } as const;

/**
 * Pods at the pods level: one line each, a status stripe, the IP, then the
 * name. Every text is CARD.size, so the whole level reads at one scale.
 */
export const CARD = { width: 216, height: 22, gap: 3, stripe: 4, pad: 7, baseline: 15.5, size: 13, ipGap: 7, maxColumns: 12 } as const;

/** A node's one-line header above its pod cards: name, pod count and podCIDR, readiness. */
export const CARD_NODE = { headerHeight: 30, nameBaseline: 20, metaSize: 13 } as const;

/**
 * The frame around the boxes: margins, the header, the bands and the spacing
 * of node boxes. The pods level's is tighter: there the window has to hold
 * every pod's line of text at a legible size, and every unit of frame is room
 * taken from them.
 */
export interface Frame {
  margin: number;
  header: { height: number; titleBaseline: number; countsBaseline: number };
  band: { pad: number; titleBaseline: number; contentTop: number; gap: number };
  node: { pad: number; gap: number };
}

const FRAME: Frame = {
  margin: MARGIN,
  header: { height: HEADER.height, titleBaseline: 22, countsBaseline: 44 },
  band: { pad: BAND.pad, titleBaseline: BAND.titleBaseline, contentTop: BAND.contentTop, gap: BAND.gap },
  node: { pad: NODE.pad, gap: NODE.gap },
};

const CARD_FRAME: Frame = {
  margin: 16,
  header: { height: 50, titleBaseline: 20, countsBaseline: 40 },
  band: { pad: 10, titleBaseline: 20, contentTop: 30, gap: 12 },
  node: { pad: 8, gap: 12 },
};

export function frameOf(detail: 'full' | 'cards' | 'compact'): Frame {
  return detail === 'cards' ? CARD_FRAME : FRAME;
}

/** Pod columns inside a node box (full detail). */
export const COLUMNS = { controlPlaneMax: 4, workerMax: 3, aspectMax: 6 } as const;

export const DEFAULT_MAX_WIDTH = 1680;

/** Corner radii of the frames, in layout units: the SVG (entities.ts) and the canvas (canvas2d.ts) draw the same. */
export const RADIUS = { band: 12, node: 10, tile: 3, card: 4, pod: 8, container: 6, volume: 5, stripe: 2 } as const;
