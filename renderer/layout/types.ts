// The output of the layout: flat arrays of boxes in absolute SVG user units.
// The drawing adds nothing but colour, so everything that depends on sizes
// (positions, truncated text, which lines exist) is decided here. All of it is
// plain data: deep-equal for the same model and options.

import type { ContainerGroup, NodeRole } from '../../main/model/types.ts';
import type { Lang } from '../../main/i18n/index.ts';

/**
 * The geometry of a layout. full: pods with their containers and volumes (the
 * containers level); cards: pods as one-line cards with IP and name (the pods
 * level); compact: pods as small status tiles (the overview of large clusters).
 * Which one to lay out is decided in detail.ts.
 */
export type Detail = 'full' | 'cards' | 'compact';

export interface LayoutOptions {
  /** Default full. */
  detail?: Detail;
  /** Width the worker grid and the unscheduled band try to stay within. Default 1680; unused with an aspect. */
  maxWidth?: number;
  /**
   * Width / height of the view the picture is to fill (a window, or an
   * export's shape). Given one, the layout picks pod columns and how many
   * nodes share a row so that the whole picture, fitted to that shape, is as
   * large as it can be: on a landscape view, workers sit side by side.
   */
  aspect?: number;
  /**
   * The layout drawn before this one. Pods that were in it keep their slot
   * (row and column) in their node, and nodes keep their pod column count, so
   * a pod appearing or going away does not reshuffle the other pods. New pods
   * take the lowest free slot. Without it, pods fill slots in model order.
   */
  previous?: ClusterLayout;
  /** The language of the picture's words, which the layout measures. Default English. */
  lang?: Lang;
  /** The volumes Kubernetes injects (kube-api-access-*): laid out as any volume (default), in one compact row per pod, or left out. */
  injected?: InjectedVolumes;
}

/**
 * full: injected volumes laid out as any other (with their mount lines to
 * every container); collapsed: one compact row per pod, no mount lines;
 * hidden: not laid out at all.
 */
export type InjectedVolumes = 'full' | 'collapsed' | 'hidden';

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Colour roles; the theme maps them to colours. */
export type Tone =
  | 'title'
  | 'text'
  | 'muted'
  | 'accent'
  | 'ip'
  | 'warning'
  | StatusTone;

/** Status colours: ok (running and ready), pending, failed, done (completed), unknown. */
export type StatusTone = 'ok' | 'pending' | 'failed' | 'done' | 'unknown';

export interface TextItem {
  /** Stable within its box, so a redraw updates the same element. */
  key: string;
  /** Already cleaned and truncated to fit. */
  text: string;
  /** Anchor point; y is the baseline. */
  x: number;
  y: number;
  size: number;
  weight: 400 | 600;
  anchor: 'start' | 'end' | 'middle';
  tone: Tone;
}

export interface Pill extends Rect {
  key: string;
  text: TextItem;
  tone: Tone;
}

interface BoxBase extends Rect {
  uid: string;
  /** Raw name from the model (for attributes and accessible names; not truncated). */
  name: string;
  texts: TextItem[];
  pills: Pill[];
  /** Full, untruncated description for the accessible name and tooltip. */
  label: string;
  tooltip: string;
}

export type BandId = 'control-plane' | 'workers' | 'unscheduled';

export interface BandBox extends Rect {
  id: BandId;
  texts: TextItem[];
  /** Pod columns used by the nodes (or pod grid) in this band. */
  podColumns: number;
}

export interface NodeBox extends BoxBase {
  kind: 'node';
  role: NodeRole;
  band: BandId;
  podColumns: number;
  podCount: number;
  /** In a picture of a part of the cluster: how many of the node's pods it leaves out. */
  podsOutside?: number;
  status: StatusTone;
}

export interface PodBox extends BoxBase {
  kind: 'pod';
  namespace: string;
  /** uid of the node box holding the pod; absent for unscheduled pods. */
  nodeUid?: string;
  /** Index in its node's (or the unscheduled band's) grid: row = floor(slot / columns). */
  slot: number;
  ip: string;
  hostNetwork: boolean;
  status: string;
  tone: StatusTone;
  /** A small status tile (compact detail). */
  compact: boolean;
  /** A one-line card with IP and name (cards detail). */
  card: boolean;
}

export interface ContainerBox extends BoxBase {
  kind: 'container';
  podUid: string;
  group: ContainerGroup;
  tone: StatusTone;
}

export interface VolumeBox extends BoxBase {
  kind: 'volume';
  podUid: string;
  volumeType: string;
  shared: boolean;
  /** namespace/claim when the volume is a PVC that other pods use too. */
  claim?: string;
  /** In a picture of a part of the cluster: how many pods outside it use the same claim. */
  podsOutside?: number;
}

/** A shared volume's line to one container that mounts it. */
export interface MountConnector {
  uid: string;
  podUid: string;
  volumeUid: string;
  containerUid: string;
  /** Polyline from the volume to the container. */
  points: Array<[number, number]>;
  label: TextItem;
  mountPath: string;
  readOnly: boolean;
  /** Index of the shared volume in its pod, to pick a colour. */
  lane: number;
}

export interface ClusterLayout {
  detail: Detail;
  /** The language its words were written (and measured) in; English when absent. */
  lang?: Lang;
  width: number;
  height: number;
  /** Title and counts above the bands. */
  header: TextItem[];
  bands: BandBox[];
  nodes: NodeBox[];
  pods: PodBox[];
  containers: ContainerBox[];
  volumes: VolumeBox[];
  connectors: MountConnector[];
}
