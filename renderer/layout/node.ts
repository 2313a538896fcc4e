// A node box: a header naming the node, its role, addresses and runtime, and
// below it the grid of pods bound to it.

import type { NodeModel, PodModel } from '../../main/model/types.ts';
import { planGrid, type GridPlan } from './grid.ts';
import { fitText, pillAtRight } from './items.ts';
import { nodeNetworkLine, nodeReadyLabel, nodeRolesLabel, nodeSystemLine } from './labels.ts';
import { NODE } from './metrics.ts';
import type { PodParts } from './pod.ts';
import { placeGrid } from './grid.ts';
import type { SlotMemory } from './slots.ts';
import { nodeTone } from './status.ts';
import { cleanLabel, measureText } from './text.ts';
import type { BandId, Detail, NodeBox } from './types.ts';

export interface NodePlan {
  node: NodeModel;
  grid: GridPlan;
  width: number;
  height: number;
}

/** Narrowest node box that still shows its header lines in full (most of the time). */
const MIN_WIDTH = 340;
const COMPACT_MAX_HEADER = 440;

export function planNode(node: NodeModel, pods: PodModel[], columns: number, detail: Detail, memory?: SlotMemory): NodePlan {
  const grid = planGrid(pods, columns, detail, memory);
  // Compact nodes are only as wide as their header needs (tiles take little room).
  const headerWidth = Math.max(
    measureText(nodeNetworkLine(node), NODE.metaSize),
    measureText(nodeSystemLine(node), NODE.metaSize),
    measureText(cleanLabel(node.name), NODE.nameSize, 600) + 130,
  );
  const minContent = detail === 'compact' ? Math.min(COMPACT_MAX_HEADER, Math.max(MIN_WIDTH - 2 * NODE.pad, Math.ceil(headerWidth))) : MIN_WIDTH - 2 * NODE.pad;
  const width = Math.max(grid.width, minContent) + 2 * NODE.pad;
  const body = pods.length ? grid.height : NODE.emptyHeight;
  return { node, grid, width, height: NODE.headerHeight + body + NODE.pad };
}

export function placeNode(
  plan: NodePlan,
  band: BandId,
  x: number,
  y: number,
  width: number,
  emit: (parts: PodParts) => void,
): NodeBox {
  const { node } = plan;
  const left = x + NODE.pad;
  const right = x + width - NODE.pad;
  const tone = nodeTone(node);
  const role = node.role === 'control-plane' ? 'control-plane' : 'worker';
  const ready = pillAtRight('ready', nodeReadyLabel(node), right, y + NODE.nameBaseline - 12, tone, 110);
  const rolePill = pillAtRight('role', nodeRolesLabel(node), ready.x - 6, ready.y, 'accent', 160);
  const name = cleanLabel(node.name);
  const network = nodeNetworkLine(node);
  const system = nodeSystemLine(node);
  const texts = [
    fitText('name', name, left, y + NODE.nameBaseline, rolePill.x - left - 8, NODE.nameSize, 600, 'title'),
    fitText('network', network, left, y + NODE.networkBaseline, right - left, NODE.metaSize, 400, 'text'),
    fitText('system', system, left, y + NODE.systemBaseline, right - left, NODE.metaSize, 400, 'muted'),
  ];
  if (!plan.grid.pods.length) texts.push(fitText('empty', 'No pods', left, y + NODE.headerHeight + 14, right - left, 11, 400, 'muted'));
  placeGrid(plan.grid, node, left, y + NODE.headerHeight, emit);
  const podCount = plan.grid.pods.length;
  return {
    kind: 'node',
    uid: String(node.uid),
    name: String(node.name ?? ''),
    role,
    band,
    podColumns: plan.grid.columns,
    podCount,
    status: tone,
    x,
    y,
    width,
    height: plan.height,
    texts,
    pills: [rolePill, ready],
    label: `${role === 'control-plane' ? 'Control-plane node' : 'Worker node'} ${name}, ${nodeReadyLabel(node)}, InternalIP ${cleanLabel(node.internalIP) || 'unknown'}, ${podCount} pod${podCount === 1 ? '' : 's'}`,
    tooltip: [`Node ${name} (${role})`, network, system, `${podCount} pod${podCount === 1 ? '' : 's'}`].join('\n'),
  };
}
