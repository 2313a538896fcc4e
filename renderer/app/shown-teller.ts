// Tells the main process that the page has drawn the first model of a source
// (view:shown), once per source shown, when the page is next idle: after its
// paint, the accessible tree and what else the drawing's task left behind.
// The main process lists a live cluster's events only then (or later when no
// page says so), so that a large cluster's first drawing does not share the
// machine with reading its events (main/cluster/live-source.ts).

import type { ModelUpdate } from '../../main/contract/api.ts';

/** What this needs of a window; tests pass their own. */
export interface IdleHost {
  requestIdleCallback?(callback: () => void): number;
  setTimeout(callback: () => void, ms: number): unknown;
}

/** A function to call with every model shown; it tells `tell` the revision of each source's first. */
export function createShownTeller(host: IdleHost, tell: (revision: number) => Promise<unknown>): (update: ModelUpdate) => void {
  let told: string | undefined;
  return (update) => {
    const source = update.model.source;
    const key = `${source?.kind}\u0000${source?.name}`;
    if (key === told) return;
    told = key;
    const revision = Number(update.revision) || 0;
    // A failed call (the server gone, an older main process) costs nothing: the events come later anyway.
    const run = () => void tell(revision).catch(() => undefined);
    if (typeof host.requestIdleCallback === 'function') host.requestIdleCallback(run);
    else host.setTimeout(run, 0);
  };
}
