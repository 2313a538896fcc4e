// Writes a recording as it happens: the header and the first state, then each
// batch of changes as it comes, one line each, with a state line now and then
// for seeking. Every batch is one write(2) of whole lines, made at once (no
// buffering in the process), so a crash loses at most the batch being written
// and leaves every earlier line complete; the reader drops a last line cut short.
//
// A state line is written when `checkpointMs` has passed since the last one,
// or when the changes since it add up to as many bytes as it had (at least
// MIN_CHECKPOINT_GAP): the file then stays within about twice its changes,
// and a seek reads at most about two states' worth of lines.

import fs from 'node:fs';
import { systemClock, type Clock } from '../common/clock.ts';
import { OBJECT_LISTS, objectKey, sameVersion, type Delta } from '../model/delta.ts';
import type { ClusterObjects, KubeObject } from '../model/kube.ts';
import type { ModelSource } from '../model/types.ts';
import { emptyStore, StoreDraft, storeObjects, type ObjectStore } from '../model/store.ts';
import { PRIVATE_MODE } from '../files/atomic-write.ts';
import { eventKey, eventStub, mergePatch, RECORDING_VERSION, scrubDelta, scrubObject, type EventChange, type PatchedChange, type RecordedState, type RecordingHeader } from './format.ts';

export const DEFAULT_CHECKPOINT_MS = 30_000;
/** Fewer bytes of changes than this never call for a state line of their own. */
export const MIN_CHECKPOINT_GAP = 1024 * 1024;

export interface RecordingWriterOptions {
  source: ModelSource;
  /** The cluster's events when the recording starts; given, the recording carries events (format.ts) and writeEvents() adds their changes. */
  events?: readonly KubeObject[];
  /** Longest time between two state lines; default DEFAULT_CHECKPOINT_MS. */
  checkpointMs?: number;
  clock?: Clock;
}

/** Where the lines go: a file (openRecordingFile) or, in tests and benches, anywhere. */
export interface LineSink {
  write(text: string): void;
  close(): void;
}

export class RecordingWriter {
  readonly #sink: LineSink;
  readonly #clock: Clock;
  readonly #checkpointMs: number;
  readonly #startedAt: number;
  #store: ObjectStore = emptyStore();
  #changes = 0;
  #bytes = 0;
  #lastStateT = 0;
  #lastStateBytes = 0;
  #sinceState = 0;
  #closed = false;
  /** The events held, scrubbed, by eventKey; undefined when the recording carries none. */
  #events: Map<string, KubeObject> | undefined;
  #eventChanges = 0;
  /** The last t written: a line's t never goes below it (the reader refuses time going back). */
  #lastT = 0;

  /** Writes the header and the first state: `objects` as the source first gave them. */
  constructor(sink: LineSink, objects: ClusterObjects, options: RecordingWriterOptions) {
    this.#sink = sink;
    this.#clock = options.clock ?? systemClock;
    this.#checkpointMs = options.checkpointMs ?? DEFAULT_CHECKPOINT_MS;
    this.#startedAt = this.#clock.now();
    const header: RecordingHeader = {
      kubeAnatomyRecording: RECORDING_VERSION,
      source: options.source,
      started: new Date(this.#startedAt).toISOString(),
      resources: [...OBJECT_LISTS],
      checkpointMs: this.#checkpointMs,
    };
    if (options.events) {
      header.events = true;
      this.#events = new Map();
      for (const event of options.events) this.#events.set(eventKey(event), scrubObject(event));
    }
    const draft = new StoreDraft(emptyStore());
    for (const list of OBJECT_LISTS) {
      const items = objects[list] as KubeObject[] | undefined;
      if (items === undefined) continue;
      for (const object of items) draft.apply({ type: 'added', resource: list, object: scrubObject(object) });
    }
    draft.unread = OBJECT_LISTS.filter((l) => objects[l] === undefined);
    draft.gaps = objects.gaps ?? [];
    this.#store = draft.done();
    this.#put(JSON.stringify(header) + '\n');
    this.#writeState(0);
  }

  /** The objects as written so far: what a change worked out from a source's objects is the difference from. */
  written(): ClusterObjects {
    return storeObjects(this.#store);
  }

  /** Changes written so far. */
  get changes(): number {
    return this.#changes;
  }

  /** Bytes written so far. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Milliseconds since the recording started. */
  get elapsed(): number {
    return this.#clock.now() - this.#startedAt;
  }

  /** One batch of changes, as the source handed them, stamped with the clock's time now. */
  write(deltas: readonly Delta[]): void {
    if (this.#closed || deltas.length === 0) return;
    const t = this.#t();
    const draft = new StoreDraft(this.#store);
    let text = '';
    let written = 0;
    for (const delta of deltas) {
      const scrubbed = scrubDelta(delta);
      const line = changeLine(draft, scrubbed);
      if (line === undefined) continue;
      draft.apply(scrubbed);
      text += `{"t":${t},${line}}\n`;
      written++;
    }
    this.#store = draft.done();
    if (written === 0) return;
    this.#changes += written;
    this.#putChanges(text, t);
  }

  /** Event changes written so far. */
  get eventChanges(): number {
    return this.#eventChanges;
  }

  /**
   * The events held now (the event watch's objects, whole): what changed
   * since the last call (by key and resourceVersion) is written, stamped
   * with the clock's time now. Ignored when the recording carries no events.
   */
  writeEvents(events: readonly KubeObject[]): void {
    const held = this.#events;
    if (this.#closed || !held) return;
    const t = this.#t();
    const seen = new Set<string>();
    let text = '';
    const put = (change: EventChange) => {
      text += `{"t":${t},"e":${JSON.stringify(change)}}\n`;
      this.#eventChanges++;
    };
    for (const event of events) {
      const key = eventKey(event);
      if (seen.has(key)) continue;
      seen.add(key);
      const before = held.get(key);
      if (before !== undefined && sameVersion(before, event)) continue;
      const object = scrubObject(event);
      held.set(key, object);
      put({ type: before === undefined ? 'added' : 'modified', object });
    }
    for (const [key, object] of held) {
      if (seen.has(key)) continue;
      held.delete(key);
      put({ type: 'deleted', object: eventStub(object) });
    }
    if (text === '') return;
    this.#putChanges(text, t);
  }

  /** Writes the end line and closes the sink; later writes are ignored. */
  close(): void {
    if (this.#closed) return;
    this.#put(`{"t":${this.#t()},"end":true}\n`);
    this.#closed = true;
    this.#sink.close();
  }

  /** The time to stamp lines with now: the clock's, but never before the last written, as a wall clock stepped back (NTP, a changed clock) would give. */
  #t(): number {
    this.#lastT = Math.max(this.#lastT, this.elapsed);
    return this.#lastT;
  }

  /** Change lines (of objects or events) stamped `t`, then a state line when one is due: checkpointMs since the last, or changes as large as it. */
  #putChanges(text: string, t: number): void {
    this.#sinceState += text.length;
    this.#put(text);
    if (t - this.#lastStateT >= this.#checkpointMs || this.#sinceState >= Math.max(this.#lastStateBytes, MIN_CHECKPOINT_GAP)) this.#writeState(t);
  }

  #writeState(t: number): void {
    const s = this.#store;
    const state: RecordedState = {
      nodes: [...s.lists.nodes.values()],
      pods: [...s.lists.pods.values()],
      persistentVolumeClaims: [...s.lists.persistentVolumeClaims.values()],
      persistentVolumes: [...s.lists.persistentVolumes.values()],
      namespaces: [...s.lists.namespaces.values()],
      unread: [...s.unread],
      gaps: [...s.gaps],
    };
    let line = `{"t":${t},"n":${this.#changes},"state":${JSON.stringify(state)}}\n`;
    if (this.#events) line += `{"t":${t},"en":${this.#eventChanges},"events":${JSON.stringify([...this.#events.values()])}}\n`;
    this.#put(line);
    this.#lastStateT = t;
    this.#lastStateBytes = line.length;
    this.#sinceState = 0;
  }

  #put(text: string): void {
    this.#sink.write(text);
    this.#bytes += Buffer.byteLength(text);
  }
}

/**
 * How a change is written against the store before it: a merge patch of the
 * object held when there is one, else whole; undefined when it changes
 * nothing in the store (format.ts).
 */
function changeLine(draft: StoreDraft, delta: Delta): string | undefined {
  if (delta.type === 'gaps') return `"d":${JSON.stringify(delta)}`;
  const key = objectKey(delta.resource, delta.object);
  const before = key === undefined ? undefined : draft.get(delta.resource, key);
  if (key === undefined || before === undefined) return delta.type === 'deleted' ? undefined : `"d":${JSON.stringify(delta)}`;
  if (delta.type !== 'deleted' && sameVersion(before, delta.object)) return undefined;
  const patch = delta.type === 'added' ? undefined : mergePatch(before, delta.object);
  if (patch === undefined) return `"d":${JSON.stringify(delta)}`;
  const change: PatchedChange = { type: delta.type as PatchedChange['type'], resource: delta.resource, key, patch };
  return `"p":${JSON.stringify(change)}`;
}

/**
 * A new file for a recording, owner-only (it holds the cluster's objects,
 * even over a file that was there with wider permissions), replacing it; never written through a symlink at the name.
 * Each write goes straight to the file.
 */
export function openRecordingFile(file: string): LineSink {
  const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | (fs.constants.O_NOFOLLOW ?? 0), PRIVATE_MODE);
  // The mode of open(2) only applies to a file it creates: one already there
  // (a 0644 recording or anything else at --out) would keep its own and show
  // the cluster's objects to others. The lines are appended live, so no
  // temp file and rename as atomic-write.ts does: the fd is made private.
  try {
    fs.fchmodSync(fd, PRIVATE_MODE);
  } catch (error) {
    fs.closeSync(fd);
    throw error;
  }
  return {
    write(text) {
      const bytes = Buffer.from(text);
      let done = 0;
      while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done);
    },
    close() {
      fs.closeSync(fd);
    },
  };
}
