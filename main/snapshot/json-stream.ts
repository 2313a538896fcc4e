// A JSON snapshot read from its bytes a piece at a time, never as one string.
// A 100,000-pod cluster is about 460 MB of compact JSON: as one string it
// comes near V8's longest (about 512 MiB of Latin-1), and the string, its
// parse and the model would not fit the memory the app and the export may
// use. kubectl's output is one object (a List) whose `items` array holds
// nearly all of it, so this scanner finds where each value of the top-level
// object ends, hands each item to JSON.parse on its own, and keeps only the
// parsed objects.
//
// The result is what JSON.parse of the whole text gives, and a file that is
// not valid JSON is refused with V8's words and the same line and column the
// whole-text reader (decode.ts) reports: the scanner follows only brackets
// and strings, and everything else is left to JSON.parse of the piece it is
// in. Two things it adds: each item is checked for absurd nesting as soon as
// it is parsed (depth.ts), and repeated strings (images, node names, the same
// mount path in every pod) are shared, which keeps a large cluster's objects
// about a third smaller.

import type { DataPath, DecodedDocument } from './decode.ts';
import { MAX_NESTING, tooDeep } from './depth.ts';
import { message, type Message } from '../i18n/index.ts';
import { SnapshotError } from './error.ts';
import { jsonErrorOffset, jsonProblem, lineColumn } from './json-error.ts';

// eslint-disable-next-line no-control-regex
const BINARY = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
}

/**
 * True when the bytes, after a UTF-8 byte order mark and white space, start with `{`: the only shape read in pieces.
 * `atStart` false: the bytes follow the file's first three, all white space (or a byte order mark), and may not start with one.
 */
export function startsAsJsonObject(head: Uint8Array, atStart = true): boolean | undefined {
  const bom = [0xef, 0xbb, 0xbf];
  // A byte order mark cut short by the end of the first chunk: wait for the rest.
  if (atStart && head.length < 3 && head.every((b, k) => b === bom[k])) return undefined;
  let i = atStart && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (i < head.length && isSpace(head[i] as number)) i++;
  return i < head.length ? head[i] === OPEN_OBJECT : undefined;
}

// ------------------------------------------------------------ string sharing

/** Strings longer than this are rarely repeated; looking them up would only cost. */
const MAX_SHARED_LENGTH = 256;
/** Slots of the table of strings last seen (a power of two): 2 MiB of references. */
export const SHARED_SLOTS = 1 << 18;

/**
 * The slot of the table that a string goes in: a hash of its characters,
 * every one of them up to 48; of a longer one, its length, sixteen characters
 * spread along it, and its last eight (where the values of a cluster differ
 * most: the suffixes of generated names, the last octets of addresses, the
 * seconds of times). Cheaper than a Map, which hashes every string in full
 * and holds on to each one it has not seen (uids, addresses, times) until it
 * is cleared: with a Map, the sharing took 2.4 s of a 100,000-pod export; the
 * model it leaves is as small.
 */
export function sharedSlot(s: string): number {
  const n = s.length;
  let h = n;
  if (n <= 48) {
    for (let i = 0; i < n; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  } else {
    const step = n >> 4;
    for (let i = 0; i < n - 8; i += step) h = (h * 31 + s.charCodeAt(i)) | 0;
    for (let i = n - 8; i < n; i++) h = (h * 31 + s.charCodeAt(i)) | 0;
  }
  return (h ^ (h >>> 15)) & (SHARED_SLOTS - 1);
}

/**
 * Replaces repeated string values by one copy, and finds the first value
 * nested `max` levels deep or more (depth.ts's rule), in one pass.
 * Returns whether such a value was found; tooDeep then names it.
 * A string is shared with the last one seen in its slot (sharedSlot) when the
 * two are equal, and takes the slot otherwise: a string that repeats through
 * the file keeps its slot, as long as others rarely fall in it.
 */
class Sharer {
  private slots: string[] | undefined;
  private readonly stack: unknown[] = [];
  private readonly depths: number[] = [];

  private shared(s: string): string {
    if (s.length === 0 || s.length > MAX_SHARED_LENGTH) return s;
    const slots = (this.slots ??= new Array<string>(SHARED_SLOTS).fill(''));
    const slot = sharedSlot(s);
    const known = slots[slot] as string;
    if (known === s) return known;
    slots[slot] = s;
    return s;
  }

  tooDeep(root: unknown, max: number): boolean {
    const { stack, depths } = this;
    stack.length = 0;
    depths.length = 0;
    stack.push(root);
    depths.push(0);
    while (stack.length > 0) {
      const value = stack.pop();
      const depth = depths.pop() as number;
      if (typeof value !== 'object' || value === null) continue;
      if (depth >= max) return true;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const v: unknown = value[i];
          if (typeof v === 'string') value[i] = this.shared(v);
          else if (typeof v === 'object' && v !== null) {
            stack.push(v);
            depths.push(depth + 1);
          }
        }
      } else {
        const o = value as Record<string, unknown>;
        for (const key in o) {
          // An own "__proto__" (JSON.parse makes one) is left alone: no assignment near the prototype.
          if (key === '__proto__' || !Object.hasOwn(o, key)) continue;
          const v = o[key];
          if (typeof v === 'string') o[key] = this.shared(v);
          else if (typeof v === 'object' && v !== null) {
            stack.push(v);
            depths.push(depth + 1);
          }
        }
      }
    }
    return false;
  }
}

// ------------------------------------------------------------ the scanner

type Expect =
  /** The first `{`. */
  | 'open'
  /** A key, or `}` when no key came yet. */
  | 'firstKey'
  | 'key'
  | 'colon'
  | 'value'
  /** `,` or `}` after a value of the top-level object. */
  | 'afterValue'
  /** The first item, or `]` of an empty items array. */
  | 'firstItem'
  | 'item'
  /** `,` or `]` after an item. */
  | 'afterItem'
  /** Only white space after the top-level object. */
  | 'end';

/** A value being read: its bytes so far, and where it started. */
interface Capture {
  parts: Uint8Array[];
  /** What it is: an object or array (brackets), a string, or a number or literal. */
  shape: 'nested' | 'string' | 'scalar';
  /** Absolute byte offset of its first byte. */
  start: number;
  line: number;
  /** UTF-16 column of its first byte on its line, 1-based. */
  column: number;
  /** Where its value goes: a key of the top-level object, or an index of items. */
  target: { key: string } | { item: number };
}

export interface JsonStreamOptions {
  /** Refuse more bytes than this. */
  maxBytes: number;
  /** For the too-large message. */
  size: (bytes: number) => Message;
  /**
   * Offered each item of `items` as soon as it is parsed, with the top-level
   * keys read so far; true when it dealt with the item, which then stands in
   * the items array as HANDLED_ITEM instead of being kept.
   */
  onItem?: (item: unknown, index: number, top: Readonly<Record<string, unknown>>) => boolean;
}

/** What stands in `items` for an item that onItem dealt with as it came. */
export const HANDLED_ITEM: unique symbol = Symbol('item handled as it came');

/**
 * The top-level object of a JSON text given in pieces, each value of it (and
 * each item of its `items` array) parsed on its own. Feed every chunk to
 * push(), then call end(). Throws SnapshotError naming the file and the line
 * and column, as the whole-text reader does.
 */
export class JsonObjectStream {
  private expect: Expect = 'open';
  private readonly top: Record<string, unknown> = {};
  private items: unknown[] | undefined;
  /** How many `items` arrays the object had: JSON.parse keeps the last of repeated keys. */
  itemArrays = 0;
  private key = '';
  private keyCapture: Uint8Array[] | undefined;
  private capture: Capture | undefined;
  /** Brackets open inside the value being captured (1 = `{` or `[`, by their byte). */
  private brackets = new Uint8Array(64);
  private depth = 0;
  private inString = false;
  /** The string being scanned ended the last chunk with a backslash. */
  private escaped = false;
  private readonly sharer = new Sharer();
  private readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  /** Bytes before the current chunk. */
  private offset = 0;
  /**
   * Where the text before `cursor` (an absolute offset) ends: its line, and
   * its column as UTF-16 units from the line's start, as the text reader
   * counts. The cursor only goes forward, so each byte is looked at once
   * however often a place is asked for; a line may go on for many chunks
   * (`jq -c` writes one).
   */
  private cursor = 0;
  private line = 1;
  private lineUnits = 0;
  /** The next newline at or after the cursor in `newlineChunk`, or -1 when it has none left. */
  private newlineChunk: Uint8Array | undefined;
  private newlineAt = -1;
  private bom = 0;

  constructor(
    private readonly file: string,
    private readonly options: JsonStreamOptions,
  ) {}

  push(chunk: Uint8Array): void {
    this.slashChunk = undefined;
    let i = 0;
    if (this.offset === 0 && this.expect === 'open' && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      // The text reader drops a byte order mark before counting columns.
      i = 3;
      this.bom = 3;
      this.cursor = 3;
    }
    if (this.offset + chunk.length > this.options.maxBytes) {
      const { size, maxBytes } = this.options;
      throw new SnapshotError(message('errors.snapshot.tooLargeAtLeast', { size: size(this.offset + chunk.length), limit: size(maxBytes) }), { file: this.file });
    }
    const n = chunk.length;
    while (i < n) {
      if (this.capture) {
        i = this.scanCapture(chunk, i);
        continue;
      }
      // A key cut by the end of the last chunk goes on here: its spaces (and tabs, which JSON refuses there) are its own.
      if (this.keyCapture) {
        i = this.scanKey(chunk, i);
        continue;
      }
      const b = chunk[i] as number;
      if (isSpace(b)) {
        i++;
        continue;
      }
      i = this.structure(chunk, i, b);
    }
    this.advance(chunk, n);
    this.offset += n;
  }

  /** The top-level object, every value parsed. */
  end(): DecodedDocument {
    if (this.capture?.shape === 'scalar') {
      // A number or literal is ended by what follows it; the end of the text follows it here.
      this.finishCapture(this.decodeParts(this.capture.parts));
    }
    if (this.expect !== 'end') {
      if (this.expect === 'open' && this.offset === this.bom) throw new SnapshotError(message('errors.snapshot.empty'), { file: this.file });
      this.failAtEnd();
    }
    return { value: this.top, lineOf: () => undefined };
  }

  // ---------------------------------------------------------- structure

  private structure(chunk: Uint8Array, i: number, b: number): number {
    switch (this.expect) {
      case 'open':
        if (b !== OPEN_OBJECT) throw new Error('internal: a JSON stream must start with {');
        this.expect = 'firstKey';
        return i + 1;
      case 'firstKey':
      case 'key':
        if (b === CLOSE_OBJECT && this.expect === 'firstKey') {
          this.expect = 'end';
          return i + 1;
        }
        if (b !== QUOTE) this.failAt(chunk, i);
        this.keyCapture = [];
        this.escaped = false;
        this.keyStart = this.position(this.offset + i, chunk);
        return this.scanKey(chunk, i + 1);
      case 'colon':
        if (b !== COLON) this.failAt(chunk, i);
        this.expect = 'value';
        return i + 1;
      case 'value':
        if (this.key === 'items' && b === OPEN_ARRAY) {
          this.items = [];
          this.itemArrays++;
          this.expect = 'firstItem';
          return i + 1;
        }
        return this.startCapture(chunk, i, b, { key: this.key });
      case 'afterValue':
        if (b === COMMA) this.expect = 'key';
        else if (b === CLOSE_OBJECT) this.expect = 'end';
        else this.failAt(chunk, i);
        return i + 1;
      case 'firstItem':
        if (b === CLOSE_ARRAY) {
          this.finishItems();
          return i + 1;
        }
        return this.startCapture(chunk, i, b, { item: (this.items as unknown[]).length });
      case 'item':
        if (b === CLOSE_ARRAY) this.failAt(chunk, i);
        return this.startCapture(chunk, i, b, { item: (this.items as unknown[]).length });
      case 'afterItem':
        if (b === COMMA) this.expect = 'item';
        else if (b === CLOSE_ARRAY) this.finishItems();
        else this.failAt(chunk, i);
        return i + 1;
      case 'end':
        this.failAt(chunk, i);
    }
  }

  private keyStart = { line: 1, column: 1 };

  private scanKey(chunk: Uint8Array, i: number): number {
    const end = this.stringEnd(chunk, i);
    const parts = this.keyCapture as Uint8Array[];
    if (end === -1) {
      parts.push(chunk.slice(i));
      return chunk.length;
    }
    parts.push(chunk.subarray(i, end + 1));
    const text = '"' + this.decodeParts(parts);
    this.keyCapture = undefined;
    this.refuseBinary(text, this.keyStart.line, this.keyStart.column);
    try {
      this.key = JSON.parse(text) as string;
    } catch (error) {
      // A bad escape in the key.
      this.failInText(text, this.keyStart.line, this.keyStart.column, error);
    }
    this.expect = 'colon';
    return end + 1;
  }

  private finishItems(): void {
    Object.defineProperty(this.top, 'items', { value: this.items, enumerable: true, writable: true, configurable: true });
    this.items = undefined;
    this.expect = 'afterValue';
  }

  // ---------------------------------------------------------- values

  private startCapture(chunk: Uint8Array, i: number, b: number, target: Capture['target']): number {
    const shape = b === OPEN_OBJECT || b === OPEN_ARRAY ? 'nested' : b === QUOTE ? 'string' : 'scalar';
    const at = this.position(this.offset + i, chunk);
    this.capture = { parts: [], shape, start: this.offset + i, line: at.line, column: at.column, target };
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    if (shape === 'string') {
      this.inString = true;
      return this.scanCapture(chunk, i + 1, i);
    }
    return this.scanCapture(chunk, i, i);
  }

  /** Goes on with the value being captured; returns where the chunk continues after it (or its length). */
  private scanCapture(chunk: Uint8Array, from: number, start = 0): number {
    const capture = this.capture as Capture;
    const n = chunk.length;
    let i = from;
    let end = -1;
    if (capture.shape === 'scalar') {
      while (i < n) {
        const b = chunk[i] as number;
        if (b === COMMA || b === CLOSE_OBJECT || b === CLOSE_ARRAY || isSpace(b)) {
          end = i;
          break;
        }
        i++;
      }
    } else {
      while (i < n) {
        if (this.inString) {
          const close = this.stringEnd(chunk, i);
          if (close === -1) {
            i = n;
            break;
          }
          this.inString = false;
          i = close + 1;
          if (capture.shape === 'string') {
            end = i;
            break;
          }
          continue;
        }
        const b = chunk[i] as number;
        if (b === QUOTE) {
          this.inString = true;
          i++;
        } else if (b === OPEN_OBJECT || b === OPEN_ARRAY) {
          if (this.depth === this.brackets.length) {
            const grown = new Uint8Array(this.brackets.length * 2);
            grown.set(this.brackets);
            this.brackets = grown;
          }
          this.brackets[this.depth++] = b;
          i++;
        } else if (b === CLOSE_OBJECT || b === CLOSE_ARRAY) {
          const open = this.depth > 0 ? this.brackets[--this.depth] : undefined;
          if (open !== (b === CLOSE_OBJECT ? OPEN_OBJECT : OPEN_ARRAY)) {
            // Let JSON.parse say what is wrong, in its words, from the value up to here.
            capture.parts.push(chunk.subarray(start, i + 1));
            const text = this.decodeParts(capture.parts);
            let error: unknown = new SyntaxError(`Unexpected token '${String.fromCharCode(b)}'`);
            try {
              this.parse(text);
            } catch (thrown) {
              error = thrown;
            }
            this.failInText(text, capture.line, capture.column, error, text.length - 1);
          }
          i++;
          if (this.depth === 0) {
            end = i;
            break;
          }
        } else {
          i++;
        }
      }
    }
    if (end === -1) {
      // The value goes on in the next chunk: keep this part (a copy, the caller may reuse its buffer).
      capture.parts.push(chunk.slice(start, n));
      return n;
    }
    capture.parts.push(chunk.subarray(start, end));
    this.finishCapture(this.decodeParts(capture.parts));
    return end;
  }

  private slashChunk: Uint8Array | undefined;
  private slashAt = -1;

  /** The index of the closing quote of the string that `i` is inside, or -1 when it goes on past this chunk. */
  private stringEnd(chunk: Uint8Array, from: number): number {
    let i = from;
    if (this.escaped) {
      this.escaped = false;
      i++;
    }
    const n = chunk.length;
    for (;;) {
      const quote = chunk.indexOf(QUOTE, i);
      // Backslashes are rare: one search a chunk finds the next, instead of one a string to the chunk's end.
      if (this.slashChunk !== chunk || (this.slashAt !== -1 && this.slashAt < i)) {
        this.slashChunk = chunk;
        this.slashAt = chunk.indexOf(BACKSLASH, i);
      }
      const slash = this.slashAt;
      if (slash !== -1 && (quote === -1 || slash < quote)) {
        if (slash + 1 >= n) {
          this.escaped = true;
          return -1;
        }
        i = slash + 2;
        continue;
      }
      return quote;
    }
  }

  private finishCapture(text: string): void {
    const capture = this.capture as Capture;
    this.capture = undefined;
    let value: unknown;
    try {
      value = this.parse(text);
    } catch (error) {
      this.refuseBinary(text, capture.line, capture.column);
      this.failInText(text, capture.line, capture.column, error);
    }
    // JSON.parse refuses every control character but DEL: only that one can be left to look for, and
    // indexOf finds it far faster than the whole pattern would.
    if (text.indexOf('\x7f') !== -1) this.refuseBinary(text, capture.line, capture.column);
    const { target } = capture;
    if ('item' in target) {
      // An item sits two levels down (the List, its items): depth.ts counts from the List.
      if (this.sharer.tooDeep(value, MAX_NESTING - 2)) this.failDeep(['items', target.item], tooDeep(value, MAX_NESTING - 2) as DataPath);
      const items = this.items as unknown[];
      items.push(this.options.onItem?.(value, items.length, this.top) ? HANDLED_ITEM : value);
      this.expect = 'afterItem';
    } else {
      if (typeof value === 'object' && value !== null && tooDeep(value, MAX_NESTING - 1)) {
        this.failDeep([target.key], tooDeep(value, MAX_NESTING - 1) as DataPath);
      }
      Object.defineProperty(this.top, target.key, { value, enumerable: true, writable: true, configurable: true });
      if (target.key === 'items') this.items = undefined;
      this.expect = 'afterValue';
    }
  }

  /** The whole-text reader refuses control characters anywhere, DEL included (which JSON would take in a string). */
  private refuseBinary(text: string, line: number, column: number): void {
    const binary = BINARY.exec(text);
    if (!binary) return;
    const at = this.within(text, line, column, binary.index);
    throw new SnapshotError(message('errors.snapshot.binary'), { file: this.file, ...at });
  }

  private parse(text: string): unknown {
    return JSON.parse(text);
  }

  private decodeParts(parts: Uint8Array[]): string {
    if (parts.length === 1) return this.decoder.decode(parts[0]);
    let length = 0;
    for (const p of parts) length += p.length;
    const joined = new Uint8Array(length);
    let at = 0;
    for (const p of parts) {
      joined.set(p, at);
      at += p.length;
    }
    return this.decoder.decode(joined);
  }

  // ---------------------------------------------------------- places

  /** Moves the cursor to `to`, an index in the current chunk at or after it. */
  private advance(chunk: Uint8Array, to: number): void {
    const from = this.cursor - this.offset;
    if (from >= to) return;
    if (this.newlineChunk !== chunk || (this.newlineAt !== -1 && this.newlineAt < from)) {
      this.newlineChunk = chunk;
      this.newlineAt = chunk.indexOf(NEWLINE, from);
    }
    let last = -1;
    while (this.newlineAt !== -1 && this.newlineAt < to) {
      this.line++;
      last = this.newlineAt;
      this.newlineAt = chunk.indexOf(NEWLINE, last + 1);
    }
    this.lineUnits = last === -1 ? this.lineUnits + units(chunk, from, to) : units(chunk, last + 1, to);
    this.cursor = this.offset + to;
  }

  /** Line and UTF-16 column of an absolute offset in the current chunk. */
  private position(absolute: number, chunk: Uint8Array): { line: number; column: number } {
    this.advance(chunk, absolute - this.offset);
    return { line: this.line, column: 1 + this.lineUnits };
  }

  /** Line and column of offset `index` in `text`, which starts at `line`, `column`. */
  private within(text: string, line: number, column: number, index: number): { line: number; column: number } {
    const local = lineColumn(text, index);
    return local.line === 1 ? { line, column: column + index } : { line: line + local.line - 1, column: local.column };
  }

  /** A JSON.parse error in `text`, placed in the file. */
  private failInText(text: string, line: number, column: number, error: unknown, fallback?: number): never {
    const said = error instanceof Error ? error.message : String(error);
    const reported = /at position (\d+)/.exec(said);
    let offset = reported ? Number(reported[1]) : jsonErrorOffset(text);
    if (offset < 0) offset = fallback ?? text.length;
    const problem = jsonProblem(said);
    throw new SnapshotError(message('errors.snapshot.invalidJson', { problem }), { file: this.file, ...this.within(text, line, column, offset) });
  }

  /** A byte the structure does not allow where the scanner is: JSON.parse names the problem, as it would in the whole text. */
  private failAt(chunk: Uint8Array, i: number): never {
    // The character there, whole even when it takes several bytes.
    const found = [...this.decoder.decode(chunk.subarray(i, i + 4))][0] ?? '';
    throw new SnapshotError(message('errors.snapshot.invalidJson', { problem: v8Says(this.expect, found) }), { file: this.file, ...this.position(this.offset + i, chunk) });
  }

  private failAtEnd(): never {
    let problem = v8Says(this.expect, '');
    let place = { line: this.line, column: 1 + this.lineUnits };
    if (this.capture) {
      // Unfinished: JSON.parse of what there is says why, at its end.
      const text = this.decodeParts(this.capture.parts);
      try {
        this.parse(text);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (/at position \d+/.test(message) || !/end of JSON input/.test(message)) this.failInText(text, this.capture.line, this.capture.column, error);
        problem = message;
      }
      place = this.within(text, this.capture.line, this.capture.column, text.length);
    } else if (this.keyCapture) {
      problem = v8Says(this.expect, '"');
    }
    throw new SnapshotError(message('errors.snapshot.invalidJson', { problem }), { file: this.file, ...place });
  }

  private failDeep(prefix: DataPath, path: DataPath): never {
    throw new SnapshotError(message('errors.snapshot.nesting', { max: MAX_NESTING }), { file: this.file, item: formatPath([...prefix, ...path].slice(0, 8)) });
  }
}

/**
 * The shortest JSON that leaves JSON.parse where the scanner is; with the
 * character found appended, JSON.parse says what is wrong in its own words.
 */
const STATE_TEXT: Record<Expect, string> = {
  open: '',
  firstKey: '{',
  key: '{"a":1,',
  colon: '{"a"',
  value: '{"a":',
  afterValue: '{"a":1',
  firstItem: '{"a":[',
  item: '{"a":[1,',
  afterItem: '{"a":[1',
  end: '{}',
};

function v8Says(state: Expect, found: string): string {
  try {
    JSON.parse(STATE_TEXT[state] + found);
  } catch (error) {
    return jsonProblem(error instanceof Error ? error.message : String(error));
  }
  return 'Unexpected end of JSON input';
}

/** UTF-16 code units of the UTF-8 bytes from..to: none for a continuation byte, two for a four-byte sequence. */
function units(bytes: Uint8Array, from: number, to: number): number {
  let count = 0;
  for (let i = from; i < to; i++) {
    const b = bytes[i] as number;
    if (b < 0x80) count++;
    else if ((b & 0xc0) !== 0x80) count += b >= 0xf0 ? 2 : 1;
  }
  return count;
}

/** ['items', 2, 'spec'] → "items[2].spec", as read.ts writes paths. */
function formatPath(path: DataPath): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out === '' ? part : `.${part}`;
  return out;
}
