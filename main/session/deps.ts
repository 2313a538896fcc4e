// What the session needs from the rest of main/, gathered in one place so the
// session can be tested with a fake cluster and so the wiring to the real
// modules is visible at a glance.

import type { Clock } from '../common/clock.ts';
import type { ContextList } from '../contract/api.ts';
import type { ClusterObjects, KubeObject } from '../model/kube.ts';
import type { Callout } from '../model/callouts.ts';
import type { AnatomyModel, ModelSource } from '../model/types.ts';
import type { ListKey } from '../snapshot/resources.ts';
import type { ObjectSource } from '../source/object-source.ts';

export interface KubeconfigInput {
  /** --kubeconfig; else $KUBECONFIG, else ~/.kube/config. */
  kubeconfig?: string;
  env: Record<string, string | undefined>;
  home: string;
}

export interface LiveSourceInput extends KubeconfigInput {
  context: string;
  namespaces: string[];
  /** The session's clock, for the source's retry delays. */
  clock?: Clock;
  /** Watch events beside the objects (the app's details); false for a command that draws and leaves. */
  events?: boolean;
  /** How long after the first delivery they are listed (LiveSourceOptions.eventsAfterMs); default EVENTS_AFTER_MS, for a page to draw first. */
  eventsAfterMs?: number;
}

export interface SessionDeps {
  buildModel(objects: ClusterObjects, source: ModelSource): AnatomyModel;
  loadDemo(): ClusterObjects;
  /** Throws SnapshotError (message names the file and where) on malformed input. */
  parseSnapshot(text: string, fileName: string): ClusterObjects;
  /**
   * The same for a file read in pieces, so a large one is never one string (snapshot/read.ts parseSnapshotStream);
   * `take` is offered each object as it is read, and what it takes is left out of the lists.
   */
  parseSnapshotStream?(chunks: AsyncIterable<Uint8Array>, fileName: string, take?: (key: ListKey, item: KubeObject) => boolean): Promise<ClusterObjects>;
  /** `meta` is recorded in the file: when it was saved and from which source. */
  writeSnapshot(objects: ClusterObjects, format: 'json' | 'yaml', meta: { savedAt: string; source: string; callouts?: Callout[] }): string;
  loadContexts(input: KubeconfigInput): ContextList | Promise<ContextList>;
  createLiveSource(input: LiveSourceInput): ObjectSource;
}
