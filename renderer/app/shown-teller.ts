// Tells the main process that the page has drawn the first model of the live
// cluster it shows (view:shown): once for each firstRevision the session
// states (a new one comes with another context or other namespaces), as soon
// as the page has shown that revision or a later one, and then when the page
// is next idle: after its paint, the accessible tree and what else the
// drawing's task left behind. The main process lists the cluster's events
// only then (or later when no page says so), so that a large cluster's first
// drawing does not share the machine with reading its events
// (main/cluster/live-source.ts).

/** What this needs of a window; tests pass their own. */
export interface IdleHost {
  requestIdleCallback?(callback: () => void): number;
  setTimeout(callback: () => void, ms: number): unknown;
}

export interface ShownTeller {
  /** A model of this revision was shown. */
  shown(revision: number): void;
  /** The session's state said this firstRevision (undefined: not a live cluster, or none yet). */
  session(firstRevision: number | undefined): void;
}

export function createShownTeller(host: IdleHost, tell: (revision: number) => Promise<unknown>): ShownTeller {
  let first: number | undefined;
  let shown: number | undefined;
  let told: number | undefined;
  const check = (): void => {
    if (first === undefined || shown === undefined || told === first || shown < first) return;
    told = first;
    const revision = shown;
    // A failed call (the server gone, an older main process) costs nothing: the events come later anyway.
    const run = () => void tell(revision).catch(() => undefined);
    if (typeof host.requestIdleCallback === 'function') host.requestIdleCallback(run);
    else host.setTimeout(run, 0);
  };
  return {
    shown(revision) {
      // The latest, not the highest: a page that reconnected to a new server counts its revisions anew.
      shown = Number.isFinite(revision) ? revision : undefined;
      check();
    },
    session(firstRevision) {
      first = typeof firstRevision === 'number' && Number.isFinite(firstRevision) ? firstRevision : undefined;
      check();
    },
  };
}
