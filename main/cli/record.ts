// `kube-anatomy record`: watch a source and write its changes to a recording
// until --duration has passed or Ctrl+C; and the model of a moment of a
// recording, for `export --recording FILE --at TIME`.

import path from 'node:path';
import { systemClock, type Clock } from '../common/clock.ts';
import { printable } from '../common/printable.ts';
import { buildModel } from '../model/build.ts';
import { storeObjects } from '../model/store.ts';
import type { KubeObject } from '../model/kube.ts';
import type { AnatomyModel } from '../model/types.ts';
import { openRecording, type Recording } from '../record/reader.ts';
import { Recorder } from '../record/recorder.ts';
import { openRecordingFile, type LineSink } from '../record/writer.ts';
import { filterByNamespace } from '../session/filter.ts';
import { openSource } from '../session/open-source.ts';
import type { ObjectSource } from '../source/object-source.ts';
import { MAX_FRAMES, type RecordCommand, type RecordingAt } from './record-args.ts';
import type { ExportCommand } from './args.ts';
import { renderSvgChunks } from '../export/svg.ts';
import { exportDetail } from '../export/detail.ts';
import { escapeText } from '../export/xml.ts';
import type { PaperOptions } from '../export/paper.ts';
import type { ModelSource, ModelStats } from '../model/types.ts';
import { formatBytes } from './export.ts';

export async function runRecord(command: RecordCommand, log: (line: string) => void = (l) => process.stderr.write(printable(l) + '\n')): Promise<number> {
  const out = path.resolve(command.out);
  // A cluster's events are recorded too (issue 12).
  const source = await openSource(command.source, { namespaces: command.namespaces, env: process.env, watch: true, events: true });
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
  let unsubscribe: (() => void) | undefined;
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
          // The events the watch holds already start the recording with the objects.
          const feed = source.events;
          if (first && feed) recorder.events(feed.objects());
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
      // A live cluster's event watch (made as it starts) goes into the recording beside its objects.
      const feed = source.events;
      if (feed) {
        recorder.recordEvents();
        unsubscribe = feed.subscribe(() => recorder.events(feed.objects()));
      }
    });
  } finally {
    for (const t of timers) clock.clearTimeout(t);
    unsubscribe?.();
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

/**
 * The model of one moment of a recording, filtered as an export of the live
 * source would be, and with `events`, the events the watch held then
 * (undefined when the recording carries none: format 1, or recorded without),
 * from one reading of the file.
 */
export async function recordingMoment(
  file: string,
  at: RecordingAt,
  namespaces: string[],
  log: (line: string) => void,
  events = false,
): Promise<{ model: AnatomyModel; events?: KubeObject[] | undefined }> {
  const recording = await openForExport(file, log);
  const t = offsetOf(recording, at);
  const model = await modelAt(recording, t, namespaces);
  return events ? { model, events: await recording.eventsAt(t) } : { model };
}

/** A recording to export from; a last line cut short is said, and the recording read up to it. */
async function openForExport(file: string, log: (line: string) => void): Promise<Recording> {
  const recording = await openRecording(file);
  if (recording.cutShort !== undefined) log(`warning: ${file}: line ${recording.cutShort} is cut short (the recording did not end cleanly); read up to the line before it`);
  return recording;
}

/** The model at `t` (ms since the recording's start), filtered to `namespaces`. */
async function modelAt(recording: Recording, t: number, namespaces: string[]): Promise<AnatomyModel> {
  const store = await recording.storeAfter(recording.changesAt(t));
  return buildModel(filterByNamespace(storeObjects(store), namespaces), { ...recording.header.source, namespaces });
}

/**
 * A time range of a recording as one animated SVG: each moment (--every
 * apart, the last at --to) drawn as an export draws it, and shown for a
 * second in turn, forever, by CSS (no script: it plays in a browser, an <img>
 * and most slide tools). Each frame keeps the semantic attributes and says
 * its time (data-t, ms since the recording's start).
 */
export async function drawAnimation(command: ExportCommand, paper: PaperOptions, log: (line: string) => void): Promise<{ picture: Iterable<string>; stats: ModelStats; source: ModelSource }> {
  const range = command.recording!;
  const recording = await openForExport(range.file, log);
  const from = offsetOf(recording, range.at);
  const to = offsetOf(recording, range.to!);
  if (to <= from) throw new Error(`${range.file}: --to ${range.to!.raw} is not after --at ${range.at.raw}`);
  const every = range.everyMs ?? (to - from) / 20;
  const count = Math.floor((to - from) / every) + 1;
  if (count > MAX_FRAMES) throw new Error(`--every ${Math.round(every)} ms makes ${count} frames of ${range.file}'s ${((to - from) / 1000).toFixed(1)} s; at most ${MAX_FRAMES}: make --every longer`);
  const times = Array.from({ length: count }, (_, i) => from + i * every);
  if (times[times.length - 1] < to) times.push(to);
  const frames: string[] = [];
  let width = 0;
  let height = 0;
  let last: AnatomyModel | undefined;
  const aspect = command.aspect.width / command.aspect.height;
  for (const t of times) {
    const model = await modelAt(recording, t, command.namespaces);
    const svg = Array.from(
      renderSvgChunks(model, { theme: command.theme, detail: exportDetail(command.detail, model.stats.pods), aspect, lang: command.lang, lens: command.lens, injected: command.hideInjected ? 'hidden' : 'full', paper }),
    )
      .join('')
      .replace(/^<\?xml[^>]*>\s*/, '');
    width = Math.max(width, Number(/\swidth="([\d.]+)"/.exec(svg)?.[1]) || 0);
    height = Math.max(height, Number(/\sheight="([\d.]+)"/.exec(svg)?.[1]) || 0);
    frames.push(`<g class="ka-frame ka-frame-${frames.length}" data-t="${Math.round(t)}">${svg}</g>`);
    last = model;
  }
  const n = frames.length;
  const style =
    `.ka-frame{visibility:hidden;animation:ka-frame ${n}s step-end infinite}` +
    `@keyframes ka-frame{0%{visibility:visible}${(100 / n).toFixed(4)}%{visibility:hidden}}` +
    frames.map((_, i) => `.ka-frame-${i}{animation-delay:${i}s}`).join('');
  // escapeText also drops what XML forbids outright (a NUL, an ESC in a hostile header's name).
  const title = `Kube Anatomy: ${escapeText(recording.header.source.name)}, ${(from / 1000).toFixed(1)}–${(to / 1000).toFixed(1)} s of a recording`;
  const head =
    `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" data-animation="recording" data-frames="${n}">` +
    `<title>${title}</title><style>${style}</style>`;
  log(`animation: ${n} frames from ${(from / 1000).toFixed(1)} s to ${(to / 1000).toFixed(1)} s of ${range.file}, a second each`);
  return { picture: [head, ...frames, '</svg>'], stats: last!.stats, source: last!.source };
}
