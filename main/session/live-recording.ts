// The Record button's recording: the cluster shown, from the moment it is
// pressed, kept in memory and handed to the page as file text when it stops,
// to be saved as a snapshot is (a save dialog in the window, a download in a
// browser). It takes the objects and deltas the session's cluster callback
// gets; a change from another stream (a reconnect starts its deltas again)
// is worked out from the objects instead. The cluster's events, when it has
// an event watch, are recorded too, from what the watch holds at the start.

import type { Clock } from '../common/clock.ts';
import type { ClusterObjects, KubeObject } from '../model/kube.ts';
import type { ModelSource } from '../model/types.ts';
import { Recorder } from '../record/recorder.ts';
import { snapshotFileName } from './file-name.ts';
import type { ObjectChange } from './model-pipeline.ts';
import { MAX_REQUEST_TEXT } from './validate.ts';
import { message, MessageError } from '../i18n/index.ts';

/** What a page may be handed to save (file:save takes twice MAX_REQUEST_TEXT, encoded): past it, the recording stops growing. */
export const MAX_LIVE_RECORDING_BYTES = MAX_REQUEST_TEXT;
/** Room always kept for the end line ({"t":…,"end":true}), so that a full recording still closes. */
const END_LINE_ROOM = 64;
/** How often the count on the Record button is told. */
const TELL_EVERY_MS = 1000;
const MB = 1024 * 1024;

/** What SessionState.recording says of it. */
export interface LiveRecordingState {
  changes: number;
  bytes: number;
  /** It reached its size limit and was closed: what it holds is kept, to be saved. */
  full?: true;
  /** Stopped (full or by the page) and kept until the page says it saved it. */
  stopped?: true;
}

export class LiveRecording {
  readonly fileName: string;
  readonly #chunks: string[] = [];
  readonly #recorder: Recorder;
  readonly #clock: Clock;
  readonly #changed: () => void;
  readonly #maxBytes: number;
  /** Size of the text held (UTF-16 code units, as file:save measures its data). */
  #bytes = 0;
  #changes = 0;
  #stream: object | undefined;
  #told = 0;
  #closing = false;
  #stopped = false;
  /** Writes refused and taken during the update under way. */
  #refused = 0;
  #taken = 0;
  /** The recording reached its size limit and was closed. */
  full = false;

  /**
   * Starts from `objects`; throws a MessageError (record.error.tooBig) when
   * their first state alone does not fit in `maxBytes`.
   */
  constructor(objects: ClusterObjects, source: ModelSource, clock: Clock, changed: () => void, maxBytes = MAX_LIVE_RECORDING_BYTES, events?: readonly KubeObject[]) {
    this.#clock = clock;
    this.#changed = changed;
    this.#maxBytes = maxBytes;
    this.fileName = snapshotFileName(source.name, new Date(clock.now()), 'json').replace(/\.json$/, '.karec');
    let firstBytes = 0;
    this.#recorder = new Recorder(
      {
        // Checked before the text is kept: a line that would pass the limit
        // is never held, and nothing after it (the end line has its room).
        write: (text) => {
          firstBytes += text.length;
          if (!this.#closing && (this.full || this.#bytes + text.length > this.#maxBytes - END_LINE_ROOM)) {
            this.full = true;
            this.#refused++;
            return;
          }
          this.#taken++;
          this.#chunks.push(text);
          this.#bytes += text.length;
        },
        close: () => {},
      },
      { source, givesDeltas: true, clock, events: events !== undefined },
    );
    if (events) this.#recorder.events(events);
    this.#recorder.update(objects, undefined);
    if (this.full) {
      const mb = (n: number) => Math.max(1, Math.ceil(n / MB));
      throw new MessageError(
        message('record.error.tooBig', { mb: mb(firstBytes), limit: mb(maxBytes), command: 'kube-anatomy record --out FILE' }),
        `The cluster is too big to record in the app: its first state alone is ${mb(firstBytes)} MB, over the ${mb(maxBytes)} MB a recording in the app may hold. kube-anatomy record --out FILE writes to a file as it goes.`,
      );
    }
  }

  get state(): LiveRecordingState {
    const state: LiveRecordingState = { changes: this.#changes, bytes: this.#bytes };
    if (this.full) state.full = true;
    if (this.#stopped) state.stopped = true;
    return state;
  }

  update(objects: ClusterObjects, change: ObjectChange | undefined): void {
    if (this.full || this.#stopped) return;
    const deltas = change && change.stream === this.#stream ? change.deltas : undefined;
    this.#stream = change?.stream;
    this.#refused = 0;
    this.#taken = 0;
    const before = this.#recorder.changes;
    this.#recorder.update(objects, deltas);
    // A batch of changes is one write, then maybe a state line: the count
    // holds the batch only when its write was taken.
    if (this.#refused === 0 || this.#taken > 0) this.#changes += this.#recorder.changes - before;
    if (this.full) {
      this.close();
      this.#changed();
      return;
    }
    const now = this.#clock.now();
    if (now - this.#told >= TELL_EVERY_MS) {
      this.#told = now;
      this.#changed();
    }
  }

  /** The cluster's events now (the event watch told of a change); written when the recording was started with events. */
  events(events: readonly KubeObject[]): void {
    if (this.full || this.#stopped) return;
    this.#recorder.events(events);
    if (this.full) {
      this.close();
      this.#changed();
    }
  }

  /** Ends it (its end line written); what it holds is kept. */
  close(): void {
    this.#closing = true;
    this.#recorder.close();
    this.#stopped = true;
  }

  text(): string {
    return this.#chunks.join('');
  }
}
