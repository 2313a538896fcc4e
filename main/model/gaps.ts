// Access gaps: resources the builder could not read, each with a sentence on
// what the model did without them, so the drawing can say what is missing.

import { obj, str, text } from './read.ts';
import type { ClusterObjects } from './kube.ts';
import type { AccessGap, ResourceName } from './types.ts';

export const CONSEQUENCES: Readonly<Record<ResourceName, string>> = {
  nodes: 'Pods are grouped by spec.nodeName; node addresses, conditions, capacity and runtime are unknown.',
  pods: 'No pods, containers or volumes can be shown.',
  persistentvolumeclaims: 'Claims are shown by name only (found: false); their phase, size and bound volume are unknown.',
  persistentvolumes: 'Bound volumes are shown by name only; their source, capacity and reclaim policy are unknown.',
  namespaces: 'Namespaces are taken from the pods; namespaces without pods are not shown.',
};

const LISTS: readonly [ResourceName, keyof ClusterObjects][] = [
  ['nodes', 'nodes'],
  ['pods', 'pods'],
  ['persistentvolumeclaims', 'persistentVolumeClaims'],
  ['persistentvolumes', 'persistentVolumes'],
  ['namespaces', 'namespaces'],
];

function isResource(v: unknown): v is ResourceName {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(CONSEQUENCES, v);
}

/**
 * The input's gaps (malformed entries dropped), each with a consequence, plus
 * one for every list that is missing without a gap explaining it.
 */
export function buildGaps(objects: ClusterObjects): AccessGap[] {
  const gaps: AccessGap[] = [];
  const covered = new Set<ResourceName>();
  for (const item of Array.isArray(objects.gaps) ? objects.gaps : []) {
    const g = obj(item);
    if (!g || !isResource(g.resource)) continue;
    const gap: AccessGap = {
      resource: g.resource,
      reason: g.reason === 'forbidden' ? 'forbidden' : 'unavailable',
      message: str(g.message) ?? '',
      consequence: text(g.consequence) ?? CONSEQUENCES[g.resource],
    };
    covered.add(gap.resource);
    gaps.push(gap);
  }
  for (const [resource, key] of LISTS) {
    if (!Array.isArray(objects[key]) && !covered.has(resource)) {
      gaps.push({ resource, reason: 'unavailable', message: `${resource} were not read`, consequence: CONSEQUENCES[resource] });
    }
  }
  return gaps;
}
