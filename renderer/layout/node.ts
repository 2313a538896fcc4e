// A node box: a header naming the node, its role, addresses and runtime, and
// below it the grid of pods bound to it.

import type { NodeModel, PodModel } from '../../main/model/types.ts';
import { planGrid, type GridPlan } from './grid.ts';
import { fitText, pillAtRight } from './items.ts';
import { countLabel, nodeNetworkLine, nodeReadyLabel, nodeRolesLabel, nodeSystemLine, positiveCount } from './labels.ts';
import { CARD, CARD_NODE, frameOf, NODE } from './metrics.ts';
import { placeGrid, type PodEmit, type PodReuse } from './grid.ts';
import type { SlotMemory } from './slots.ts';
import { nodeTone } from './status.ts';
import { cleanLabel, measureText } from './text.ts';
import type { BandId, Detail, InjectedVolumes, NodeBox, Pill, TextItem } from './types.ts';
import { ENGLISH, type Translate } from './words.ts';

export interface NodePlan {
  node: NodeModel;
  grid: GridPlan;
  width: number;
  height: number;
}

/** Narrowest node box that still shows its header lines in full (most of the time). */
const MIN_WIDTH = 340;
const COMPACT_MAX_HEADER = 440;

/**
 * Compact nodes' narrowest content, by node entry: every layout of a large
 * cluster asks it of each node (to choose its shape), and measuring three
 * header lines of a thousand nodes cost a few ms a live update. Entries are
 * never changed in place (the layout memo holds the same), so the entry says
 * what it measures.
 */
const compactMinContent = new WeakMap<Translate, WeakMap<NodeModel, number>>();

/** Narrowest content (inside the padding) a node box takes, whatever its pods need. */
export function nodeMinContent(node: NodeModel, detail: Detail, t: Translate = ENGLISH): number {
  // Cards leave the details of the header to the containers level: one card is wide enough.
  if (detail === 'cards') return CARD.width;
  if (detail !== 'compact') return MIN_WIDTH - 2 * NODE.pad;
  // Per language: the header's words are measured.
  let cache = compactMinContent.get(t);
  if (!cache) compactMinContent.set(t, (cache = new WeakMap()));
  const known = typeof node === 'object' && node !== null ? cache.get(node) : undefined;
  if (known !== undefined) return known;
  const width = measureMinContent(node, t);
  if (typeof node === 'object' && node !== null) cache.set(node, width);
  return width;
}

function measureMinContent(node: NodeModel, t: Translate): number {
  // Compact nodes are only as wide as their header needs (tiles take little room).
  const headerWidth = Math.max(
    measureText(nodeNetworkLine(node, t), NODE.metaSize),
    measureText(nodeSystemLine(node, t), NODE.metaSize),
    measureText(cleanLabel(node.name), NODE.nameSize, 600) + 130,
  );
  return Math.min(COMPACT_MAX_HEADER, Math.max(MIN_WIDTH - 2 * NODE.pad, Math.ceil(headerWidth)));
}

export function nodeHeaderHeight(detail: Detail): number {
  return detail === 'cards' ? CARD_NODE.headerHeight : NODE.headerHeight;
}

/** The size of a node box around a pod grid of the given size (the same arithmetic planNode does). */
export function nodeSize(minContent: number, podCount: number, grid: { width: number; height: number }, detail: Detail): { width: number; height: number } {
  const body = podCount ? grid.height : NODE.emptyHeight;
  const { pad } = frameOf(detail).node;
  return { width: Math.max(grid.width, minContent) + 2 * pad, height: nodeHeaderHeight(detail) + body + pad };
}

export function planNode(node: NodeModel, pods: PodModel[], columns: number, detail: Detail, memory?: SlotMemory, t: Translate = ENGLISH, injected: InjectedVolumes = 'full'): NodePlan {
  const grid = planGrid(pods, columns, detail, memory, t, injected);
  return { node, grid, ...nodeSize(nodeMinContent(node, detail, t), pods.length, grid, detail) };
}

export function placeNode(
  plan: NodePlan,
  band: BandId,
  x: number,
  y: number,
  width: number,
  emit: PodEmit,
  reuse?: PodReuse,
): NodeBox {
  if (plan.grid.detail === 'cards') return placeCardNode(plan, band, x, y, width, emit, reuse);
  const { node } = plan;
  const { t } = plan.grid;
  const left = x + NODE.pad;
  const right = x + width - NODE.pad;
  const tone = nodeTone(node);
  const ready = pillAtRight('ready', nodeReadyLabel(node, t), right, y + NODE.nameBaseline - 12, tone, 110);
  const rolePill = pillAtRight('role', nodeRolesLabel(node, t), ready.x - 6, ready.y, 'accent', 160);
  const name = cleanLabel(node.name);
  const network = nodeNetworkLine(node, t);
  const system = nodeSystemLine(node, t);
  const texts = [
    fitText('name', name, left, y + NODE.nameBaseline, rolePill.x - left - 8, NODE.nameSize, 600, 'title'),
    fitText('network', network, left, y + NODE.networkBaseline, right - left, NODE.metaSize, 400, 'text'),
    fitText('system', system, left, y + NODE.systemBaseline, right - left, NODE.metaSize, 400, 'muted'),
  ];
  if (!plan.grid.pods.length) texts.push(fitText('empty', emptyNodeText(node, t), left, y + NODE.headerHeight + 14, right - left, 11, 400, 'muted'));
  placeGrid(plan.grid, node, left, y + NODE.headerHeight, emit, reuse);
  return nodeBox(plan, band, x, y, width, texts, [rolePill, ready]);
}

/**
 * The header of a node at the pods level, one line: its name, then (as far as
 * there is room) how many pods it holds and the podCIDR their IPs come from,
 * and its readiness, all at sizes that read at that level's scale. Roles,
 * runtime and versions are the containers level's.
 */
function placeCardNode(plan: NodePlan, band: BandId, x: number, y: number, width: number, emit: PodEmit, reuse?: PodReuse): NodeBox {
  const { node } = plan;
  const { t } = plan.grid;
  const { pad } = frameOf('cards').node;
  const left = x + pad;
  const right = x + width - pad;
  const baseline = y + CARD_NODE.nameBaseline;
  const size = CARD_NODE.metaSize;
  const ready = fitText('ready', nodeReadyLabel(node, t), right, baseline, 110, size, 600, nodeTone(node), 'end');
  const readyLeft = right - measureText(ready.text, size, 600) - 10;
  // The name comes first; what is left of the line says how many pods and which podCIDR.
  const name = fitText('name', cleanLabel(node.name), left, baseline, readyLeft - left, NODE.nameSize, 600, 'title');
  const nameRight = left + measureText(name.text, NODE.nameSize, 600) + 12;
  const cidrs = Array.isArray(node.podCIDRs) ? node.podCIDRs.map(cleanLabel).filter(Boolean) : [];
  const count = countLabel(t, plan.grid.pods.length, 'pod');
  const meta = cidrs.length ? t('pic.node.cardMeta', { pods: count, cidrs: cidrs.join(', ') }) : count;
  const room = readyLeft - nameRight;
  const texts = [name, ready];
  const metaText = measureText(meta, size) <= room ? meta : count;
  if (measureText(metaText, size) <= room) texts.push(fitText('meta', metaText, readyLeft, baseline, room, size, 400, 'muted', 'end'));
  if (!plan.grid.pods.length) texts.push(fitText('empty', emptyNodeText(node, t), left, y + CARD_NODE.headerHeight + 14, right - left, size, 400, 'muted'));
  placeGrid(plan.grid, node, left, y + CARD_NODE.headerHeight, emit, reuse);
  return nodeBox(plan, band, x, y, width, texts, []);
}

/** What an empty node frame says: no pods, or, in a picture of a part of the cluster, how many it leaves out. */
function emptyNodeText(node: NodeModel, t: Translate): string {
  const outside = positiveCount(node.podsOutside);
  if (!outside) return t('pic.node.noPods');
  return outside === 1 ? t('pic.node.outsidePod') : t('pic.node.outsidePods', { n: outside });
}

function nodeBox(plan: NodePlan, band: BandId, x: number, y: number, width: number, texts: TextItem[], pills: Pill[]): NodeBox {
  const { node } = plan;
  const { t } = plan.grid;
  const role = node.role === 'control-plane' ? 'control-plane' : 'worker';
  const name = cleanLabel(node.name);
  const podCount = plan.grid.pods.length;
  const pods = countLabel(t, podCount, 'pod');
  return {
    kind: 'node',
    uid: String(node.uid),
    name: String(node.name ?? ''),
    role,
    band,
    podColumns: plan.grid.columns,
    podCount,
    ...(positiveCount(node.podsOutside) ? { podsOutside: positiveCount(node.podsOutside) } : {}),
    status: nodeTone(node),
    x,
    y,
    width,
    height: plan.height,
    texts,
    pills,
    label: t(role === 'control-plane' ? 'pic.node.label.controlPlane' : 'pic.node.label.worker', {
      name,
      ready: nodeReadyLabel(node, t),
      ip: cleanLabel(node.internalIP) || t('pic.unknown'),
      pods,
    }),
    tooltip: [
      t(role === 'control-plane' ? 'pic.node.tooltipTitle.controlPlane' : 'pic.node.tooltipTitle.worker', { name }),
      nodeNetworkLine(node, t),
      nodeSystemLine(node, t),
      pods,
    ].join('\n'),
  };
}
