// A source of Kubernetes objects: a live cluster (list + watch), a snapshot
// file, or the built-in demo. The session turns what a source delivers into
// models; sources know nothing of models or of the renderer.

import type { ConnectionState, LoadProgress } from '../contract/api.ts';
import type { ClusterObjects } from '../model/kube.ts';
import type { ModelSource } from '../model/types.ts';

export interface SourceHandlers {
  /**
   * The complete current set of objects. Called after the first full read and
   * after every change (sources may coalesce bursts of changes into one call).
   */
  objects(objects: ClusterObjects): void;
  state(state: ConnectionState): void;
  progress?(progress: LoadProgress): void;
}

export interface ObjectSource {
  readonly description: ModelSource;
  start(handlers: SourceHandlers): void;
  /** Stops watching and releases connections; resolves when nothing is left running. */
  stop(): Promise<void>;
}
