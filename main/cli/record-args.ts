// The command line of recordings: `kube-anatomy record` and export's
// `--recording FILE --at TIME`. Pure, like args.ts, which calls these.

import type { SourceChoice } from '../session/source-choice.ts';
import { UsageError } from './flags.ts';

export interface RecordCommand {
  command: 'record';
  source: SourceChoice;
  namespaces: string[];
  /** A .karec or .jsonl file. */
  out: string;
  /** Stop after this long; until Ctrl+C when left out. */
  durationMs?: number;
  /** How long to wait for the source's first objects. */
  timeoutMs: number;
}

/** A moment of a recording: an offset from its start, a time of day (RFC 3339), or its end. */
export type RecordingAt = { raw: string } & ({ offsetMs: number } | { time: string } | { end: true });

/** The flags `record` takes. */
export const RECORD_FLAGS = ['kubeconfig', 'context', 'snapshot', 'demo', 'namespace', 'out', 'duration', 'timeout', 'help'] as const;
/** The flags export takes for a recording. */
export const RECORDING_EXPORT_FLAGS = ['recording', 'at', 'to', 'every'] as const;

export const RECORD_OPTIONS = {
  duration: { type: 'string' },
  recording: { type: 'string' },
  at: { type: 'string' },
  to: { type: 'string' },
  every: { type: 'string' },
} as const;

export const RECORD_COMMAND_USAGE = `  record    Write a source's changes to a recording (.karec) until Ctrl+C.
`;

export const RECORD_USAGE = `  --duration D        record: stop after D, e.g. 30s, 10m, 1h (default: Ctrl+C)
  --recording FILE    export: draw a moment of a recording (with --at)
  --at TIME           export: that moment: an offset such as 90s or 2m30s, a
                      time such as 2026-12-01T21:05:00Z, or end
  --to TIME           export: with --at, an animated SVG from --at to --to, a
                      frame a second (the moments --every D apart, default a
                      20th of the range)
`;

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/**
 * A length of time: 90s, 10m, 1h30m, 1500ms, or a number of seconds. Throws a
 * UsageError naming the flag for anything else.
 */
export function parseDuration(flag: string, raw: string): number {
  const text = raw.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const parts = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m(?!s))?(?:(\d+(?:\.\d+)?)s)?(?:(\d+)ms)?$/.exec(text);
  if (!parts || text === '') throw new UsageError(`--${flag} ${raw}: expected a length of time such as 30s, 10m, 1h30m or 1500ms`);
  const [, h, m, s, ms] = parts;
  return (Number(h ?? 0) * UNITS.h) + (Number(m ?? 0) * UNITS.m) + (Number(s ?? 0) * UNITS.s) + Number(ms ?? 0);
}

export function recordCommand(out: string | undefined, duration: string | undefined, timeout: string | undefined, source: SourceChoice, namespaces: string[]): RecordCommand {
  if (!out) throw new UsageError('record needs --out FILE.karec (or .jsonl)');
  if (!/\.(karec|jsonl)$/i.test(out)) throw new UsageError(`--out ${out}: a recording's name must end in .karec or .jsonl`);
  const command: RecordCommand = { command: 'record', source, namespaces, out, timeoutMs: 30_000 };
  if (duration !== undefined) {
    const ms = parseDuration('duration', duration);
    if (!(ms > 0) || ms > 7 * 24 * 3_600_000) throw new UsageError(`--duration ${duration}: expected more than 0 and at most a week`);
    command.durationMs = ms;
  }
  if (timeout !== undefined) {
    const s = Number(timeout);
    if (!Number.isFinite(s) || s < 1 || s > 3600) throw new UsageError(`--timeout ${timeout}: expected a number from 1 to 3600`);
    command.timeoutMs = s * 1000;
  }
  return command;
}

/** What export draws of a recording: one moment, or from `at` to `to` as an animation. */
export interface RecordingExport {
  file: string;
  at: RecordingAt;
  to?: RecordingAt;
  /** Time between two frames of an animation. */
  everyMs?: number;
}

/** Most frames an animation has. */
export const MAX_FRAMES = 120;

/** export's --recording and --at (both or neither), and --to/--every for an animation. */
export function recordingAt(file: string | undefined, at: string | undefined, to?: string, every?: string): RecordingExport | undefined {
  if (file === undefined && at === undefined && to === undefined && every === undefined) return undefined;
  if (file === undefined) throw new UsageError(`${at !== undefined ? '--at' : to !== undefined ? '--to' : '--every'} needs --recording FILE`);
  if (file === '') throw new UsageError('--recording needs a file name');
  if (at === undefined) throw new UsageError('--recording needs --at TIME: an offset such as 90s or 2m30s, a time such as 2026-12-01T21:05:00Z, or end');
  const out: RecordingExport = { file, at: parseAt(at) };
  if (every !== undefined && to === undefined) throw new UsageError('--every needs --to: it is the time between two frames of an animation');
  if (to !== undefined) out.to = parseAt(to);
  if (every !== undefined) {
    const ms = parseDuration('every', every);
    if (!(ms >= 10)) throw new UsageError(`--every ${every}: expected 10ms or more`);
    out.everyMs = ms;
  }
  return out;
}

export function parseAt(raw: string): RecordingAt {
  if (raw === 'end') return { raw, end: true };
  if (/^\d{4}-\d{2}-\d{2}T/.test(raw)) {
    if (Number.isNaN(Date.parse(raw))) throw new UsageError(`--at ${raw}: not a time; write it as 2026-12-01T21:05:00Z`);
    return { raw, time: raw };
  }
  let offsetMs: number;
  try {
    offsetMs = parseDuration('at', raw);
  } catch {
    throw new UsageError(`--at ${raw}: expected an offset from the start such as 90s or 2m30s, a time such as 2026-12-01T21:05:00Z, or end`);
  }
  return { raw, offsetMs };
}
