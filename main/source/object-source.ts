// A source of Kubernetes objects: a live cluster (list + watch, in
// main/cluster), a snapshot file or the built-in demo (in main/session). The
// session turns what a source delivers into models; sources know nothing of
// models or of the renderer.
//
// This interface has a folder of its own, pure and types-only, below both
// main/cluster and main/session: a source then needs nothing from the session,
// and the session loads the cluster code only when it opens a live source. It
// is not in main/contract, because that is the API the renderer sees, and
// sources stay on the main side.

import type { ConnectionState, LoadProgress } from '../contract/api.ts';
import type { Delta } from '../model/delta.ts';
import type { ClusterObjects } from '../model/kube.ts';
import type { ModelSource } from '../model/types.ts';
import type { Message } from '../i18n/index.ts';
import type { EventFeed } from '../model/events.ts';

export interface SourceHandlers {
  /**
   * The complete current set of objects. Called after the first full read and
   * after every change (sources may coalesce bursts of changes into one call).
   * `again`, when given, reads these same objects again (a snapshot file keeps
   * a compressed copy): a consumer may then let go of the objects between uses.
   */
  objects(objects: ClusterObjects, again?: () => Promise<ClusterObjects>): void;
  /**
   * The same changes as typed deltas, for a consumer that updates a model in
   * place (applyDeltas) rather than rebuilding it. Called, when given, just
   * before each objects() with what changed since the last call: all the
   * deltas handed so far, applied in order to an empty store (every list
   * readable, no gaps), leave exactly the objects that objects() receives.
   * Optional: a source that cannot tell deltas leaves it uncalled.
   */
  deltas?(deltas: Delta[]): void;
  state(state: ConnectionState): void;
  progress?(progress: LoadProgress): void;
}

export interface ObjectSource {
  readonly description: ModelSource;
  /**
   * True when start() with a deltas handler calls it before every objects()
   * that changed anything. A consumer can then keep a model up to date from
   * the deltas alone; without it, objects() is the only news.
   */
  readonly givesDeltas?: boolean;
  start(handlers: SourceHandlers): void;
  /** Stops watching and releases connections; resolves when nothing is left running. */
  stop(): Promise<void>;
  /**
   * What the source is waiting for now when that is not the API server, e.g.
   * `exec credential plugin "aws" (user u)` (errors.exec.plugin): a caller's own deadline then names it.
   */
  waitingFor?(): Message | undefined;
  /** The cluster's events, watched beside the objects (a live source's; main/cluster/event-watch.ts). */
  readonly events?: EventFeed;
  /** A page has drawn this source's first model: its events may be listed now rather than later (main/cluster/live-source.ts). */
  listEventsNow?(): void;
}
