// `kube-anatomy record`: watch a source and write its changes to a recording
// until --duration has passed or Ctrl+C; and the model of a moment of a
// recording, for `export --recording FILE --at TIME`.

import path from 'node:path';
import { systemClock, type Clock } from '../common/clock.ts';
import { printable } from '../common/printable.ts';
import { buildModel } from '../model/build.ts';
import { storeObjects } from '../model/store.ts';
import type { AnatomyModel } from '../model/types.ts';
import { openRecording, type Recording } from '../record/reader.ts';
import { Recorder } from '../record/recorder.ts';
import { openRecordingFile, type LineSink } from '../record/writer.ts';
import { filterByNamespace } from '../session/filter.ts';
import { openSource } from '../session/open-source.ts';
import type { ObjectSource } from '../source/object-source.ts';
import type { RecordCommand, RecordingAt } from './record-args.ts';
import { formatBytes } from './export.ts';

export async function runRecord(command: RecordCommand, log: (line: string) => void = (l) => process.stderr.write(printable(l) + '\n')): Promise<number> {
  const out = path.resolve(command.out);
  const source = await openSource(command.source, { namespaces: command.namespaces, env: process.env, watch: true });
  const sink = openRecordingFile(out);
  let interrupt = () => {};
  const interrupted = new Promise<void>((resolve) => (interrupt = resolve));
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    const result = await recordSource(source, sink, { ...command, log, interrupted });
    log(`wrote ${out} (${formatBytes(result.bytes)}): ${result.changes} changes in ${(result.elapsed / 1000).toFixed(1)} s`);
    return 0;
  } finally {
    process.off('SIGINT', interrupt);
    process.off('SIGTERM', interrupt);
  }
}

export interface RecordSourceOptions {
  /** Stop after this long; until interrupted when left out. */
  durationMs?: number;
  /** How long to wait for the source's first objects. */
  timeoutMs: number;
  log: (line: string) => void;
  /** Resolves when the user asks to stop (Ctrl+C). */
  interrupted: Promise<void>;
  clock?: Clock;
  /** How often progress is printed; default 1 s. */
  progressMs?: number;
  checkpointMs?: number;
}

/**
 * Records `source` into `sink` until the duration ends, the user interrupts
 * or the source fails; the file is closed with its end line in every case
 * where it started. Rejects when the source gave nothing to record.
 */
export async function recordSource(source: ObjectSource, sink: LineSink, options: RecordSourceOptions): Promise<{ changes: number; bytes: number; elapsed: number }> {
  const clock = options.clock ?? systemClock;
  const recorder = new Recorder(sink, {
    source: source.description,
    givesDeltas: source.givesDeltas === true,
    clock,
    ...(options.checkpointMs !== undefined ? { checkpointMs: options.checkpointMs } : {}),
  });
  const timers: ReturnType<Clock['setTimeout']>[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      const firstTimeout = clock.setTimeout(() => {
        if (!recorder.started) reject(new Error(`${describe(source)}: no complete answer within ${Math.round(options.timeoutMs / 1000)} s (raise --timeout)`));
      }, options.timeoutMs);
      timers.push(firstTimeout);
      void options.interrupted.then(() => (recorder.started ? resolve() : reject(new Error('interrupted before the first objects came: nothing recorded'))));
      const progress = (): void => {
        if (recorder.started) options.log(`recording: ${recorder.changes} changes, ${Math.round(recorder.elapsed / 1000)} s`);
        timers.push(clock.setTimeout(progress, options.progressMs ?? 1000, { unref: true }));
      };
      source.start({
        objects(objects) {
          const first = !recorder.started;
          recorder.objects(objects);
          if (!first) return;
          clock.clearTimeout(firstTimeout);
          options.log(`recording ${describe(source)}; Ctrl+C ends it`);
          if (options.durationMs !== undefined) timers.push(clock.setTimeout(resolve, options.durationMs));
          timers.push(clock.setTimeout(progress, options.progressMs ?? 1000, { unref: true }));
        },
        deltas: (deltas) => recorder.deltas(deltas),
        state(state) {
          if (state.phase === 'failed') {
            if (recorder.started) {
              options.log(`${describe(source)}: ${state.reason}; the recording ends here`);
              resolve();
            } else reject(new Error(state.reason));
          } else if (state.phase === 'reconnecting') {
            options.log(`${describe(source)}: ${state.reason}; retrying (attempt ${state.attempt})`);
          }
        },
      });
    });
  } finally {
    for (const t of timers) clock.clearTimeout(t);
    await source.stop();
    recorder.close();
  }
  return { changes: recorder.changes, bytes: recorder.bytes, elapsed: recorder.elapsed };
}

function describe(source: ObjectSource): string {
  const d = source.description;
  return d.kind === 'cluster' ? `context ${d.name}${d.server ? ` (${d.server})` : ''}` : `${d.kind} ${d.name}`;
}

/** The time `at` names in a recording, as ms since its start; throws a sentence when it is outside it. */
export function offsetOf(recording: Recording, at: RecordingAt): number {
  const started = Date.parse(recording.header.started);
  const t = 'offsetMs' in at ? at.offsetMs : 'end' in at ? recording.duration : Date.parse(at.time) - started;
  const span = `it runs from ${recording.header.started} for ${(recording.duration / 1000).toFixed(1)} s`;
  if (t < 0) throw new Error(`${recording.file}: --at ${at.raw} is before the recording starts (${span})`);
  if (t > recording.duration) throw new Error(`${recording.file}: --at ${at.raw} is after the recording ends (${span})`);
  return t;
}

/** The model of one moment of a recording, filtered as an export of the live source would be. */
export async function recordingModel(file: string, at: RecordingAt, namespaces: string[], log: (line: string) => void): Promise<AnatomyModel> {
  const recording = await openRecording(file);
  if (recording.cutShort !== undefined) log(`warning: ${file}: line ${recording.cutShort} is cut short (the recording did not end cleanly); read up to the line before it`);
  const t = offsetOf(recording, at);
  const store = await recording.storeAfter(recording.changesAt(t));
  return buildModel(filterByNamespace(storeObjects(store), namespaces), { ...recording.header.source, namespaces });
}
