// One container's log read through the API server (pods/log), never from the
// node: the last N lines, the previous instance, following live. Lines are
// always asked with timestamps, so a follow cut short (an API server
// restart, a dropped connection) resumes with sinceTime from the last line
// read, and the lines the new stream repeats (sinceTime has one-second
// precision) are dropped by their timestamps (ResumeDedupe). Closing aborts
// the request at once.

import type { Readable } from 'node:stream';
import { backoffDelay } from '../common/backoff.ts';
import { sleep, systemClock, type Clock } from '../common/clock.ts';
import { LogRing, MAX_LINE_BYTES, ResumeDedupe, resumeSinceTime, splitTimestamp } from '../model/logs.ts';
import { ApiStatusError } from './errors.ts';
import type { LogsOpenRequest } from '../contract/logs.ts';

/** What reads a streamed body (KubeTransport.stream). */
export interface LogStreamer {
  stream(path: string, query: Record<string, string | undefined>, signal: AbortSignal): Promise<Readable>;
}

/** What the page's logs:open asks (its names already checked by the session's request check). */
export type PodLogRequest = LogsOpenRequest;

export type PodLogState =
  | { phase: 'reading' }
  | { phase: 'following' }
  /** The follow was cut; asking again from the last line's time. */
  | { phase: 'resuming'; attempt: number; reason: string }
  /** The server ended the log (not following, or the container stopped). */
  | { phase: 'ended' }
  | { phase: 'failed'; status?: number; reason?: string; message: string }
  | { phase: 'closed' };

export interface PodLogOptions {
  clock?: Clock;
  /** Lines kept; default 10,000. */
  capacity?: number;
  /** Bytes kept (LogRing); default 16 MiB. */
  maxBytes?: number;
  /** Called after a line was completed or the state changed; not for a part of a line, nor for bytes cut off one. */
  onChange?: () => void;
  /** First wait before asking again after a cut; doubles to 10 s. Default 500 ms. */
  retryMs?: number;
}

export class PodLog {
  readonly ring: LogRing;
  readonly request: PodLogRequest;
  #state: PodLogState = { phase: 'reading' };
  readonly #abort = new AbortController();
  readonly #streamer: LogStreamer;
  readonly #clock: Clock;
  readonly #onChange: () => void;
  readonly #retryMs: number;
  readonly #dedupe = new ResumeDedupe();
  #lastTs = '';
  /** Streams opened, the first included. */
  streams = 0;
  readonly done: Promise<void>;

  constructor(streamer: LogStreamer, request: PodLogRequest, options: PodLogOptions = {}) {
    this.#streamer = streamer;
    this.request = request;
    this.ring = new LogRing(options.capacity, options.maxBytes);
    this.#clock = options.clock ?? systemClock;
    this.#onChange = options.onChange ?? (() => {});
    this.#retryMs = options.retryMs ?? 500;
    this.done = this.#run();
  }

  get state(): PodLogState {
    return this.#state;
  }

  /** Stops reading: the request in flight is aborted. */
  close(): void {
    if (this.#abort.signal.aborted) return;
    this.#abort.abort();
    this.#set({ phase: 'closed' });
  }

  #set(state: PodLogState): void {
    if (this.#state.phase === 'closed') return;
    this.#state = state;
    this.#onChange();
  }

  async #run(): Promise<void> {
    const { namespace, pod, container, tailLines, previous, follow } = this.request;
    const path = `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/log`;
    const signal = this.#abort.signal;
    let attempt = 0;
    while (!signal.aborted) {
      const since = this.#lastTs ? resumeSinceTime(this.#lastTs) : undefined;
      const query: Record<string, string | undefined> = {
        container,
        timestamps: 'true',
        follow: follow ? 'true' : undefined,
        previous: previous ? 'true' : undefined,
        tailLines: since === undefined ? String(tailLines) : undefined,
        sinceTime: since,
      };
      try {
        const stream = await this.#streamer.stream(path, query, signal);
        this.streams += 1;
        this.#set({ phase: follow ? 'following' : 'reading' });
        attempt = 0;
        await this.#read(stream, signal);
        this.#set({ phase: 'ended' });
        return;
      } catch (err) {
        if (signal.aborted) return;
        const status = err instanceof ApiStatusError ? err.status : undefined;
        // A refusal (forbidden, gone, no previous instance) is an answer; a cut or a server restarting is not.
        if (!follow || (status !== undefined && status < 500)) {
          this.#set({
            phase: 'failed',
            status,
            reason: err instanceof ApiStatusError ? err.reason : undefined,
            message: err instanceof ApiStatusError ? (err.apiMessage ?? err.message) : errorText(err),
          });
          return;
        }
        attempt += 1;
        this.#set({ phase: 'resuming', attempt, reason: errorText(err) });
        this.#dedupe.resuming();
        await sleep(backoffDelay(attempt, { initialMs: this.#retryMs, maxMs: 10_000, jitter: 0 }), signal, this.#clock);
      }
    }
  }

  #line(raw: Buffer, droppedBytes: number): void {
    let cut = droppedBytes;
    if (cut > 0) {
      // The reader kept a prefix of the line: do not leave half a character at its end.
      let lead = raw.length - 1;
      while (lead > 0 && ((raw[lead] ?? 0) & 0xc0) === 0x80) lead -= 1;
      const b = raw[lead] ?? 0;
      const width = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
      const end = lead + width > raw.length ? lead : raw.length;
      cut += raw.length - end;
      raw = raw.subarray(0, end);
    }
    const { ts, text } = splitTimestamp(raw.toString('utf8'));
    if (ts && !this.#dedupe.accept(ts)) return;
    if (ts) this.#lastTs = ts;
    let shown = text;
    const bytes = Buffer.byteLength(text);
    if (bytes > MAX_LINE_BYTES) {
      const buf = Buffer.from(text, 'utf8');
      let end = MAX_LINE_BYTES;
      // Not in the middle of a character.
      while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end -= 1;
      shown = buf.subarray(0, end).toString('utf8');
      cut += bytes - end;
    }
    this.ring.push(ts, shown, cut);
  }

  /** Reads lines until the stream ends (resolves) or breaks (rejects). */
  #read(stream: Readable, signal: AbortSignal): Promise<void> {
    // A line's bytes kept at most: the cut is measured again after the timestamp is split off.
    const keep = MAX_LINE_BYTES + 64;
    return new Promise((resolve, reject) => {
      let pieces: Buffer[] = [];
      let kept = 0;
      let dropped = 0;
      let settled = false;
      const end = (err?: Error): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        if (err) {
          stream.destroy();
          reject(err);
        } else resolve();
      };
      const onAbort = (): void => end(new Error('closed'));
      signal.addEventListener('abort', onAbort, { once: true });
      const take = (piece: Buffer): void => {
        const room = keep - kept;
        if (room <= 0) dropped += piece.length;
        else if (piece.length > room) {
          pieces.push(piece.subarray(0, room));
          kept += room;
          dropped += piece.length - room;
        } else {
          pieces.push(piece);
          kept += piece.length;
        }
      };
      const flush = (): void => {
        const line = pieces.length === 1 ? (pieces[0] as Buffer) : Buffer.concat(pieces);
        const d = dropped;
        pieces = [];
        kept = 0;
        dropped = 0;
        this.#line(line, d);
      };
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        const last = this.ring.last;
        let start = 0;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, start)) {
          take(chunk.subarray(start, i));
          start = i + 1;
          flush();
        }
        if (start < chunk.length) take(chunk.subarray(start));
        // A waiting reader wakes for a whole new line only (a line's part, or its bytes past the cut, say nothing new).
        if (this.ring.last !== last) this.#onChange();
      });
      stream.on('end', () => {
        const last = this.ring.last;
        if (kept > 0 || dropped > 0) flush();
        if (this.ring.last !== last) this.#onChange();
        end();
      });
      stream.on('error', (err) => end(err));
      stream.on('close', () => end(new Error('the server closed the connection')));
    });
  }
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
