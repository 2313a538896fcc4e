// The session's open container logs (logs:open, logs:read, logs:close). Each
// is a PodLog reading through the live source's transport; the page reads new
// lines by long poll, so nothing is pushed to a page that went away: a log not
// read for a minute is closed, as are all of them when the source changes.
// At most 16 are open; opening another closes the oldest.

import type { LogsChunk, LogsOpenRequest, LogsProblem, LogsReadRequest } from '../contract/logs.ts';
import { systemClock, type Clock, type TimerHandle } from '../common/clock.ts';
import { PodLog, type LogStreamer, type PodLogState } from '../cluster/pod-logs.ts';

export interface LogStreamsOptions {
  clock?: Clock;
  /** A log not read for this long is closed; default 60 s. */
  idleMs?: number;
  maxOpen?: number;
  /** Lines sent in one answer at most; default 2,000. */
  maxLines?: number;
  /** Retry wait after a cut follow (PodLog), for tests. */
  retryMs?: number;
}

interface Entry {
  id: string;
  log?: PodLog;
  problem?: LogsProblem;
  wake: Set<() => void>;
  idle?: TimerHandle;
}

const MAX_WAIT_MS = 25_000;

export class LogStreams {
  readonly #streamer: () => LogStreamer | undefined;
  readonly #clock: Clock;
  readonly #idleMs: number;
  readonly #maxOpen: number;
  readonly #maxLines: number;
  readonly #retryMs: number | undefined;
  readonly #open = new Map<string, Entry>();
  #next = 0;

  constructor(streamer: () => LogStreamer | undefined, options: LogStreamsOptions = {}) {
    this.#streamer = streamer;
    this.#clock = options.clock ?? systemClock;
    this.#idleMs = options.idleMs ?? 60_000;
    this.#maxOpen = options.maxOpen ?? 16;
    this.#maxLines = options.maxLines ?? 2000;
    this.#retryMs = options.retryMs;
  }

  get size(): number {
    return this.#open.size;
  }

  open(req: LogsOpenRequest): LogsChunk {
    while (this.#open.size >= this.#maxOpen) this.close(this.#open.keys().next().value as string);
    const id = `log-${++this.#next}`;
    const entry: Entry = { id, wake: new Set() };
    const streamer = this.#streamer();
    if (!streamer) entry.problem = { kind: 'noSource', message: 'logs are read from a cluster; this source is a file or the demo' };
    else {
      entry.log = new PodLog(streamer, req, {
        clock: this.#clock,
        retryMs: this.#retryMs,
        onChange: () => {
          for (const wake of [...entry.wake]) wake();
        },
      });
    }
    this.#open.set(id, entry);
    this.#touch(entry);
    return this.#chunk(entry, 0);
  }

  async read(req: LogsReadRequest): Promise<LogsChunk> {
    const entry = this.#open.get(req.id);
    if (!entry) return { id: req.id, lines: [], last: req.after, skipped: 0, phase: 'closed', resumed: 0 };
    this.#touch(entry);
    const phase = this.#phase(entry);
    const waitMs = Math.min(Math.max(0, req.waitMs), MAX_WAIT_MS);
    const nothingNew = (entry.log?.ring.last ?? 0) <= req.after;
    if (nothingNew && waitMs > 0 && (phase === 'reading' || phase === 'following' || phase === 'resuming')) {
      await new Promise<void>((resolve) => {
        const done = (): void => {
          this.#clock.clearTimeout(timer);
          entry.wake.delete(done);
          resolve();
        };
        const timer = this.#clock.setTimeout(done, waitMs);
        entry.wake.add(done);
      });
      this.#touch(entry);
    }
    return this.#chunk(entry, req.after);
  }

  close(id: string): void {
    const entry = this.#open.get(id);
    if (!entry) return;
    this.#open.delete(id);
    this.#clock.clearTimeout(entry.idle);
    entry.log?.close();
    for (const wake of [...entry.wake]) wake();
  }

  closeAll(): void {
    for (const id of [...this.#open.keys()]) this.close(id);
  }

  #touch(entry: Entry): void {
    this.#clock.clearTimeout(entry.idle);
    entry.idle = this.#clock.setTimeout(() => this.close(entry.id), this.#idleMs, { unref: true });
  }

  #phase(entry: Entry): LogsChunk['phase'] {
    return entry.problem ? 'failed' : (entry.log?.state.phase ?? 'closed');
  }

  #chunk(entry: Entry, after: number): LogsChunk {
    const log = entry.log;
    const lines = log ? log.ring.since(after, this.#maxLines) : [];
    const first = lines[0]?.seq ?? (log?.ring.last ?? after) + 1;
    const state = log?.state;
    return {
      id: entry.id,
      lines,
      last: log?.ring.last ?? 0,
      skipped: Math.max(0, first - after - 1),
      phase: this.#phase(entry),
      problem: entry.problem ?? (state ? problemOf(state) : undefined),
      resumed: Math.max(0, (log?.streams ?? 1) - 1),
    };
  }
}

function problemOf(state: PodLogState): LogsProblem | undefined {
  if (state.phase !== 'failed') return undefined;
  const kind = state.status === 403 ? 'forbidden' : state.status === 404 ? 'gone' : 'other';
  return { kind, status: state.status, message: state.message };
}
