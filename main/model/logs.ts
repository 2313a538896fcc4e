// A container's log lines as the app keeps and shows them (issue 12, item 2).
// Log text is the container's, so untrusted: a line is kept as written (cut
// at 64 KB with a mark), its terminal escapes are only made visible when
// shown (showControls), and each container keeps its last 10,000 lines in a
// ring. Lines are always asked with timestamps; the timestamp is split off
// here, kept for resuming a follow cut short, and shown only when asked.

/** Longest line kept, in bytes of UTF-8; the rest is dropped and counted. */
export const MAX_LINE_BYTES = 64 * 1024;
/** Lines kept per container. */
export const MAX_LINES = 10_000;
/**
 * Bytes a container's ring holds at most (16 MiB), oldest lines dropped first,
 * so a ring of 10,000 lines cut at 64 KB cannot grow to ~640 MB; small lines
 * still keep the last 10,000. Measured by lineBytes.
 */
export const MAX_RING_BYTES = 16 * 1024 * 1024;
/** A line's own object and fields, beside its strings. */
const LINE_OVERHEAD = 64;

/**
 * What a line costs, in bytes: its text and timestamp as UTF-16 (2 bytes per
 * code unit, how JavaScript holds a string at worst) plus its object. Sent as
 * JSON the line is at most 3 times this (a control escaped as \u00XX).
 */
export function lineBytes(line: Pick<LogLine, 'ts' | 'text'>): number {
  return 2 * (line.ts.length + line.text.length) + LINE_OVERHEAD;
}

export interface LogLine {
  /** 1, 2, 3… in the order read, over the whole stream (also after lines left the ring). */
  seq: number;
  /** RFC 3339 timestamp the kubelet put before the line, as written; '' when it had none. */
  ts: string;
  text: string;
  /** Bytes cut off the end of an over-long line (0 when whole). */
  cut: number;
}

/** The last `capacity` lines within `maxBytes` (lineBytes), oldest dropped first; O(1) per line kept. */
export class LogRing {
  readonly capacity: number;
  readonly maxBytes: number;
  readonly #slots: (LogLine | undefined)[];
  #next = 0;
  #size = 0;
  #seq = 0;
  #bytes = 0;

  constructor(capacity: number = MAX_LINES, maxBytes: number = MAX_RING_BYTES) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LogRing: capacity must be a positive integer, got ${capacity}`);
    if (!Number.isInteger(maxBytes) || maxBytes < 1) throw new RangeError(`LogRing: maxBytes must be a positive integer, got ${maxBytes}`);
    this.capacity = capacity;
    this.maxBytes = maxBytes;
    this.#slots = new Array<LogLine | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Bytes of the lines kept (lineBytes). */
  get bytes(): number {
    return this.#bytes;
  }

  /** Sequence number of the last line pushed (0 before any). */
  get last(): number {
    return this.#seq;
  }

  /** Lines dropped because the ring was full (in lines or bytes) or trimmed. */
  get dropped(): number {
    return this.#seq - this.#size;
  }

  push(ts: string, text: string, cut = 0): LogLine {
    const line: LogLine = { seq: ++this.#seq, ts, text, cut };
    const old = this.#slots[this.#next];
    if (this.#size === this.capacity && old) this.#bytes -= lineBytes(old);
    this.#slots[this.#next] = line;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size += 1;
    this.#bytes += lineBytes(line);
    // The newest line always stays (one line is at most ~128 KiB here).
    while (this.#bytes > this.maxBytes && this.#size > 1) this.#dropOldest();
    return line;
  }

  /** Drops the oldest lines until the ring holds at most `bytes` (0 empties it); returns the bytes freed. */
  trimTo(bytes: number): number {
    const before = this.#bytes;
    while (this.#bytes > bytes && this.#size > 0) this.#dropOldest();
    return before - this.#bytes;
  }

  #dropOldest(): void {
    const at = (this.#next - this.#size + this.capacity) % this.capacity;
    const old = this.#slots[at];
    if (old) this.#bytes -= lineBytes(old);
    this.#slots[at] = undefined;
    this.#size -= 1;
  }

  /**
   * Lines kept with seq > after, oldest first, at most `max` lines and
   * `maxBytes` (lineBytes; the first line goes even when larger), so a reply
   * stops where the next one continues.
   */
  since(after: number, max = Infinity, maxBytes = Infinity): LogLine[] {
    const first = this.#seq - this.#size + 1;
    const from = Math.max(first, after + 1);
    const out: LogLine[] = [];
    let bytes = 0;
    for (let seq = from; seq <= this.#seq && out.length < max; seq++) {
      const line = this.#slots[(this.#next - (this.#seq - seq) - 1 + this.capacity * 2) % this.capacity] as LogLine;
      bytes += lineBytes(line);
      if (bytes > maxBytes && out.length > 0) break;
      out.push(line);
    }
    return out;
  }
}

// The kubelet writes RFC 3339 with nanoseconds ("2026-12-01T22:00:01.123456789Z ").
const TIMESTAMP = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})) /;

/** A line as the API server sends it with timestamps=true: the timestamp and the text. */
export function splitTimestamp(raw: string): { ts: string; text: string } {
  const m = TIMESTAMP.exec(raw);
  return m ? { ts: m[1] as string, text: raw.slice(m[0].length) } : { ts: '', text: raw };
}

/**
 * Comparable form of a timestamp: seconds since the epoch and nanoseconds as
 * a fixed-width string, so timestamps differing below the millisecond still
 * compare right. Undefined when it is not one.
 */
export function timestampKey(ts: string): string | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(ts);
  if (!m) return undefined;
  const seconds = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(seconds)) return undefined;
  return `${String(seconds / 1000).padStart(12, '0')}.${(m[2] ?? '').padEnd(9, '0')}`;
}

/** sinceTime for resuming after a line of this timestamp: the API server takes whole seconds (RFC 3339). */
export function resumeSinceTime(ts: string): string | undefined {
  const key = timestampKey(ts);
  if (key === undefined) return undefined;
  return new Date(Number(key.slice(0, 12)) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * Drops the lines a resumed follow sends again. sinceTime has one-second
 * precision, so the new stream starts with lines already read: every line
 * older than the last one read, and as many lines of that very timestamp as
 * were read (several lines can share one timestamp).
 */
export class ResumeDedupe {
  #lastKey: string | undefined;
  /** Lines read with the timestamp #lastKey. */
  #atLast = 0;
  /** While resuming: lines of #lastKey still to skip; undefined when not resuming. */
  #skipAtLast: number | undefined;

  /** Every line read goes through here; false means it was read before and is dropped. */
  accept(ts: string): boolean {
    const key = timestampKey(ts);
    if (key === undefined) {
      // A line without a timestamp cannot be placed: keep it, and stop skipping.
      this.#skipAtLast = undefined;
      return true;
    }
    if (this.#skipAtLast !== undefined && this.#lastKey !== undefined) {
      if (key < this.#lastKey) return false;
      if (key === this.#lastKey && this.#skipAtLast > 0) {
        this.#skipAtLast -= 1;
        return false;
      }
      this.#skipAtLast = undefined;
    }
    if (key === this.#lastKey) this.#atLast += 1;
    else {
      this.#lastKey = key;
      this.#atLast = 1;
    }
    return true;
  }

  /** A new stream begins from sinceTime of the last line read. */
  resuming(): void {
    this.#skipAtLast = this.#atLast;
  }
}

/**
 * Terminal escapes and other controls made visible, for showing log text:
 * ESC as ␛ (so ESC[31m reads ␛[31m), the other C0 controls as their control
 * pictures (␀ … ␟, ␡ for DEL), tab kept, C1 controls as \x80…\x9f. The
 * invisible format characters (bidi) are the page's text helpers' to mark.
 */
export function showControls(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (c) => {
    const code = c.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    if (code === 0x7f) return '\u2421';
    return `\\x${code.toString(16)}`;
  });
}
