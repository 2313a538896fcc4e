// The session's open container logs (logs:open, logs:read, logs:close). Each
// is a PodLog reading through the live source's transport; the page reads new
// lines by long poll, so nothing is pushed to a page that went away: a log not
// read for a minute is closed, as are all of them when the source changes.
// At most 16 are open; opening another closes the oldest. Memory and replies
// are bounded in bytes too (lineBytes: UTF-16 bytes of a line plus its
// object): 16 MiB a log, 64 MiB for all open logs (past it, the least
// recently read logs lose their oldest lines first), 4 MiB a reply (a JSON
// reply is at most 3 times that, well under the browser socket's 64 MB
// queue); a cut reply ends at a line, and the page reads on from it.

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
  /** Bytes (lineBytes) sent in one answer at most; default 4 MiB. */
  maxReplyBytes?: number;
  /** Bytes one log keeps at most; default 16 MiB. */
  maxLogBytes?: number;
  /** Bytes all open logs keep together at most; default 64 MiB. */
  maxTotalBytes?: number;
  /** Retry wait after a cut follow (PodLog), for tests. */
  retryMs?: number;
}

interface Entry {
  id: string;
  log?: PodLog;
  problem?: LogsProblem;
  wake: Set<() => void>;
  idle?: TimerHandle;
  /** When it was last opened or read (a count, not a time): the least recently read shrinks first. */
  readAt: number;
}

const MAX_WAIT_MS = 25_000;

export class LogStreams {
  readonly #streamer: () => LogStreamer | undefined;
  readonly #clock: Clock;
  readonly #idleMs: number;
  readonly #maxOpen: number;
  readonly #maxLines: number;
  readonly #maxReplyBytes: number;
  readonly #maxLogBytes: number | undefined;
  readonly #maxTotalBytes: number;
  readonly #retryMs: number | undefined;
  readonly #open = new Map<string, Entry>();
  #next = 0;
  #reads = 0;

  constructor(streamer: () => LogStreamer | undefined, options: LogStreamsOptions = {}) {
    this.#streamer = streamer;
    this.#clock = options.clock ?? systemClock;
    this.#idleMs = options.idleMs ?? 60_000;
    this.#maxOpen = options.maxOpen ?? 16;
    this.#maxLines = options.maxLines ?? 2000;
    this.#maxReplyBytes = options.maxReplyBytes ?? 4 * 1024 * 1024;
    this.#maxLogBytes = options.maxLogBytes;
    this.#maxTotalBytes = options.maxTotalBytes ?? 64 * 1024 * 1024;
    this.#retryMs = options.retryMs;
  }

  get size(): number {
    return this.#open.size;
  }

  open(req: LogsOpenRequest): LogsChunk {
    while (this.#open.size >= this.#maxOpen) this.close(this.#open.keys().next().value as string);
    const id = `log-${++this.#next}`;
    const entry: Entry = { id, wake: new Set(), readAt: 0 };
    const streamer = this.#streamer();
    if (!streamer) entry.problem = { kind: 'noSource', message: 'logs are read from a cluster; this source is a file or the demo' };
    else {
      entry.log = new PodLog(streamer, req, {
        clock: this.#clock,
        retryMs: this.#retryMs,
        maxBytes: this.#maxLogBytes,
        onChange: () => {
          this.#budget();
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
    const state = entry.log?.state;
    const changed = (): boolean => (entry.log?.ring.last ?? 0) > req.after || entry.log?.state !== state || !this.#open.has(entry.id);
    if (!changed() && waitMs > 0 && (phase === 'reading' || phase === 'following' || phase === 'resuming')) {
      await new Promise<void>((resolve) => {
        const finish = (): void => {
          this.#clock.clearTimeout(timer);
          entry.wake.delete(wake);
          resolve();
        };
        // Answer only with something to say: a new line, or a new state.
        const wake = (): void => {
          if (changed()) finish();
        };
        const timer = this.#clock.setTimeout(finish, waitMs);
        entry.wake.add(wake);
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

  /** Past the session's budget, the least recently read logs lose their oldest lines. */
  #budget(): void {
    let total = 0;
    for (const e of this.#open.values()) total += e.log?.ring.bytes ?? 0;
    if (total <= this.#maxTotalBytes) return;
    const order = [...this.#open.values()].sort((a, b) => a.readAt - b.readAt);
    for (const e of order) {
      const ring = e.log?.ring;
      if (!ring) continue;
      total -= ring.trimTo(Math.max(0, ring.bytes - (total - this.#maxTotalBytes)));
      if (total <= this.#maxTotalBytes) return;
    }
  }

  #touch(entry: Entry): void {
    entry.readAt = ++this.#reads;
    this.#clock.clearTimeout(entry.idle);
    entry.idle = this.#clock.setTimeout(() => this.close(entry.id), this.#idleMs, { unref: true });
  }

  #phase(entry: Entry): LogsChunk['phase'] {
    return entry.problem ? 'failed' : (entry.log?.state.phase ?? 'closed');
  }

  #chunk(entry: Entry, after: number): LogsChunk {
    const log = entry.log;
    const lines = log ? log.ring.since(after, this.#maxLines, this.#maxReplyBytes) : [];
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
