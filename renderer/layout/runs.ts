// Where each grid's pods are in a layout's `pods`, as layoutCluster placed
// them: [from, to) by node uid, the unscheduled grid's by ''. A grid's pods
// are one run of the list (a node's, then the next's), and the layout knows
// the runs as it places them. Read by the scene (to take a node's pods) and by
// the overview labels (how many pods are unscheduled), which at 100,000 pods
// found them by reading every pod's node again at every live model. Kept
// beside the layout rather than in it: the layout stays plain data, equal to
// one made without a memo, and any other layout has none (readers then go
// through the pods themselves).

import type { ClusterLayout } from './types.ts';

export type PodRuns = ReadonlyMap<string, readonly [number, number]>;

/** The key of the unscheduled grid's run (a node uid is never empty). */
export const UNSCHEDULED_RUN = '';

const runsOf = new WeakMap<object, PodRuns>();

/** The runs of a layout made by layoutCluster; undefined for any other. */
export function podRunsOf(layout: Pick<ClusterLayout, 'pods'>): PodRuns | undefined {
  return runsOf.get(layout);
}

/** Records the runs of a layout as it is made. */
export function notePodRuns(layout: ClusterLayout, runs: PodRuns): void {
  runsOf.set(layout, runs);
}
