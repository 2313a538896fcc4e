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

export interface LogLine {
  /** 1, 2, 3… in the order read, over the whole stream (also after lines left the ring). */
  seq: number;
  /** RFC 3339 timestamp the kubelet put before the line, as written; '' when it had none. */
  ts: string;
  text: string;
  /** Bytes cut off the end of an over-long line (0 when whole). */
  cut: number;
}

/** The last `capacity` lines, oldest dropped first; O(1) per line. */
export class LogRing {
  readonly capacity: number;
  readonly #slots: (LogLine | undefined)[];
  #next = 0;
  #size = 0;
  #seq = 0;

  constructor(capacity: number = MAX_LINES) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`LogRing: capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.#slots = new Array<LogLine | undefined>(capacity);
  }

  get size(): number {
    return this.#size;
  }

  /** Sequence number of the last line pushed (0 before any). */
  get last(): number {
    return this.#seq;
  }

  /** Lines dropped because the ring was full. */
  get dropped(): number {
    return this.#seq - this.#size;
  }

  push(ts: string, text: string, cut = 0): LogLine {
    const line: LogLine = { seq: ++this.#seq, ts, text, cut };
    this.#slots[this.#next] = line;
    this.#next = (this.#next + 1) % this.capacity;
    if (this.#size < this.capacity) this.#size += 1;
    return line;
  }

  /** Lines kept with seq > after, oldest first, at most `max`. */
  since(after: number, max = Infinity): LogLine[] {
    const first = this.#seq - this.#size + 1;
    const from = Math.max(first, after + 1);
    const out: LogLine[] = [];
    for (let seq = from; seq <= this.#seq && out.length < max; seq++) {
      out.push(this.#slots[(this.#next - (this.#seq - seq) - 1 + this.capacity * 2) % this.capacity] as LogLine);
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
