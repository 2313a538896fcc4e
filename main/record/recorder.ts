// A recording of whatever a source hands on: put it beside the consumer of a
// source's objects and deltas (SourceHandlers). The first objects start the
// recording (their deltas, all "added", are in them already); after that a
// source that tells deltas (a live cluster) has them written as they come,
// and for one that does not (a snapshot file being watched) the recorder
// works them out from the objects, as a relist does. The cluster's events,
// when asked for, are handed in whole each time the event watch tells of a
// change, and written as what changed.

import { OBJECT_LISTS, relistDeltas, type Delta } from '../model/delta.ts';
import type { ClusterObjects, KubeObject } from '../model/kube.ts';
import type { ModelSource } from '../model/types.ts';
import type { Clock } from '../common/clock.ts';
import { RecordingWriter, type LineSink } from './writer.ts';

export interface RecorderOptions {
  source: ModelSource;
  /** Whether the source calls deltas() before each objects() (ObjectSource.givesDeltas). */
  givesDeltas: boolean;
  checkpointMs?: number;
  clock?: Clock;
  /** Record the cluster's events too (events() gives them). */
  events?: boolean;
}

export class Recorder {
  readonly #sink: LineSink;
  readonly #options: RecorderOptions;
  #writer: RecordingWriter | undefined;
  #closed = false;
  #pending: Delta[] | undefined;
  /** The events given before the first objects: the recording starts with them. */
  #firstEvents: readonly KubeObject[] = [];
  #events: boolean;

  constructor(sink: LineSink, options: RecorderOptions) {
    this.#sink = sink;
    this.#options = options;
    this.#events = options.events === true;
  }

  /** Whether the first objects came: the file holds a state to open. */
  get started(): boolean {
    return this.#writer !== undefined;
  }

  get changes(): number {
    return this.#writer?.changes ?? 0;
  }

  get bytes(): number {
    return this.#writer?.bytes ?? 0;
  }

  get elapsed(): number {
    return this.#writer?.elapsed ?? 0;
  }

  /** Records events too (as options.events), when said before the first objects: the header says so then. */
  recordEvents(): void {
    if (!this.#writer) this.#events = true;
  }

  /** The event watch's objects now (EventFeed.objects()), after it told of a change; ignored unless recording events. */
  events(events: readonly KubeObject[]): void {
    if (this.#closed || !this.#events) return;
    if (this.#writer) this.#writer.writeEvents(events);
    else this.#firstEvents = events;
  }

  get eventChanges(): number {
    return this.#writer?.eventChanges ?? 0;
  }

  /** SourceHandlers.deltas: kept for the objects() that follows. */
  deltas(deltas: Delta[]): void {
    if (this.#closed || !this.#options.givesDeltas) return;
    (this.#pending ??= []).push(...deltas);
  }

  /** SourceHandlers.objects. */
  objects(objects: ClusterObjects): void {
    const pending = this.#pending;
    this.#pending = undefined;
    this.update(objects, this.#options.givesDeltas ? (pending ?? []) : undefined);
  }

  /**
   * The source's objects now, and the deltas since the last call when they are
   * known (undefined: worked out from the objects, as after a reconnect that
   * starts its deltas again). The first call starts the recording.
   */
  update(objects: ClusterObjects, deltas: Delta[] | undefined): void {
    if (this.#closed) return;
    const { source, checkpointMs, clock } = this.#options;
    if (!this.#writer) {
      this.#writer = new RecordingWriter(this.#sink, objects, {
        source,
        ...(checkpointMs !== undefined ? { checkpointMs } : {}),
        ...(clock ? { clock } : {}),
        ...(this.#events ? { events: this.#firstEvents } : {}),
      });
      this.#firstEvents = [];
    } else if (deltas) {
      this.#writer.write(deltas);
    } else {
      // From what the file holds, not the objects last given: a source's lists may be read only now (lazyObjects),
      // and a stopped source's then hold changes it never delivered.
      this.#writer.write(diff(this.#writer.written(), objects));
    }
  }

  /** Ends the recording: its end line when it started, the sink closed either way. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#writer) this.#writer.close();
    else this.#sink.close();
  }
}

function diff(before: ClusterObjects, after: ClusterObjects): Delta[] {
  const deltas: Delta[] = [];
  for (const list of OBJECT_LISTS) {
    const was = before[list] as KubeObject[] | undefined;
    const now = after[list] as KubeObject[] | undefined;
    deltas.push(...relistDeltas(list, was ?? [], now ?? []));
  }
  const unread = (o: ClusterObjects) => OBJECT_LISTS.filter((l) => o[l] === undefined);
  if (JSON.stringify([before.gaps, unread(before)]) !== JSON.stringify([after.gaps, unread(after)])) {
    deltas.push({ type: 'gaps', gaps: [...(after.gaps ?? [])], unread: unread(after) });
  }
  return deltas;
}
