// Where each grid's pods are in a layout's `pods`, as layoutCluster placed
// them: [from, to) by node uid, the unscheduled grid's by ''. A grid's pods
// are one run of the list (a node's, then the next's), and the layout knows
// the runs as it places them. Read by the scene (to take a node's pods) and by
// the overview labels (how many pods are unscheduled), which at 100,000 pods
// found them by reading every pod's node again at every live model. Kept
// beside the layout rather than in it: the layout stays plain data, equal to
// one made without a memo. Any other layout's runs are read from its pods,
// once per list of pods.

import type { ClusterLayout, PodBox } from './types.ts';

export type PodRuns = ReadonlyMap<string, readonly [number, number]>;

/** The key of the unscheduled grid's run (a node uid is never empty). */
export const UNSCHEDULED_RUN = '';

const runsOf = new WeakMap<object, PodRuns>();
/** The runs read from a list of pods (null: some grid's pods are not all together). */
const readOf = new WeakMap<readonly PodBox[], PodRuns | null>();

/** The runs of a layout: as layoutCluster recorded them, or read from its pods; undefined when some grid's pods are not all together. */
export function podRunsOf(layout: Pick<ClusterLayout, 'pods'>): PodRuns | undefined {
  const recorded = runsOf.get(layout);
  if (recorded) return recorded;
  let read = readOf.get(layout.pods);
  if (read === undefined) readOf.set(layout.pods, (read = readRuns(layout.pods) ?? null));
  return read ?? undefined;
}

/** The runs of a list of pods, from each one's node; undefined when a grid's pods are not all together. */
function readRuns(pods: readonly PodBox[]): PodRuns | undefined {
  const runs = new Map<string, [number, number]>();
  let start = 0;
  for (let i = 1; i <= pods.length; i++) {
    const key = pods[start].nodeUid ?? UNSCHEDULED_RUN;
    if (i < pods.length && (pods[i].nodeUid ?? UNSCHEDULED_RUN) === key) continue;
    if (runs.has(key)) return undefined;
    runs.set(key, [start, i]);
    start = i;
  }
  return runs;
}

/** Records the runs of a layout as it is made. */
export function notePodRuns(layout: ClusterLayout, runs: PodRuns): void {
  runsOf.set(layout, runs);
}
