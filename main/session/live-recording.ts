// The Record button's recording: the cluster shown, from the moment it is
// pressed, kept in memory and handed to the page as file text when it stops,
// to be saved as a snapshot is (a save dialog in the window, a download in a
// browser). It takes the objects and deltas the session's cluster callback
// gets; a change from another stream (a reconnect starts its deltas again)
// is worked out from the objects instead.

import type { Clock } from '../common/clock.ts';
import type { ClusterObjects } from '../model/kube.ts';
import type { ModelSource } from '../model/types.ts';
import { Recorder } from '../record/recorder.ts';
import { snapshotFileName } from './file-name.ts';
import type { ObjectChange } from './model-pipeline.ts';
import { MAX_REQUEST_TEXT } from './validate.ts';

/** What a page may be handed to save (file:save takes twice MAX_REQUEST_TEXT, encoded): past it, the recording stops growing. */
export const MAX_LIVE_RECORDING_BYTES = MAX_REQUEST_TEXT;
/** How often the count on the Record button is told. */
const TELL_EVERY_MS = 1000;

export class LiveRecording {
  readonly fileName: string;
  readonly #chunks: string[] = [];
  readonly #recorder: Recorder;
  readonly #clock: Clock;
  readonly #changed: () => void;
  #bytes = 0;
  #stream: object | undefined;
  #told = 0;
  /** The recording reached MAX_LIVE_RECORDING_BYTES and was closed. */
  full = false;

  constructor(objects: ClusterObjects, source: ModelSource, clock: Clock, changed: () => void) {
    this.#clock = clock;
    this.#changed = changed;
    this.fileName = snapshotFileName(source.name, new Date(clock.now()), 'json').replace(/\.json$/, '.karec');
    this.#recorder = new Recorder(
      {
        write: (text) => {
          this.#chunks.push(text);
          this.#bytes += text.length;
        },
        close: () => {},
      },
      { source, givesDeltas: true, clock },
    );
    this.#recorder.update(objects, undefined);
  }

  get state(): { changes: number; bytes: number } {
    return { changes: this.#recorder.changes, bytes: this.#recorder.bytes };
  }

  update(objects: ClusterObjects, change: ObjectChange | undefined): void {
    if (this.full) return;
    const deltas = change && change.stream === this.#stream ? change.deltas : undefined;
    this.#stream = change?.stream;
    this.#recorder.update(objects, deltas);
    if (this.#bytes >= MAX_LIVE_RECORDING_BYTES) {
      this.full = true;
      this.#recorder.close();
      this.#changed();
      return;
    }
    const now = this.#clock.now();
    if (now - this.#told >= TELL_EVERY_MS) {
      this.#told = now;
      this.#changed();
    }
  }

  close(): void {
    this.#recorder.close();
  }

  text(): string {
    return this.#chunks.join('');
  }
}
