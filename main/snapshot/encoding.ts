// A snapshot's bytes as UTF-8. kubectl writes UTF-8, but Windows PowerShell
// 5.1 writes what a command prints to a file (`kubectl get … > cluster.json`)
// as UTF-16LE with a byte order mark, and other tools write UTF-16BE. Such a
// file is told by its byte order mark and turned into UTF-8 as it is read, a
// piece at a time, so a large one is never one string either; the readers
// after it (json-stream.ts, decode.ts) see UTF-8 only. A file without a mark
// is read as UTF-8, as before: its NUL bytes then make it binary data.

import { encodingOf, type TextEncodingName } from '../common/byte-order-mark.ts';

export { encodingOf };
export type SnapshotEncoding = TextEncodingName;

/**
 * The chunks as UTF-8: as they come for a UTF-8 file, transcoded piece by
 * piece for a UTF-16 one (its byte order mark dropped; a character cut
 * between two pieces is joined, and a broken one becomes U+FFFD, as a broken
 * UTF-8 sequence does).
 */
export async function* utf8Chunks(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let encoding: SnapshotEncoding | undefined;
  let held: Uint8Array | undefined;
  let decoder: InstanceType<typeof TextDecoder> | undefined;
  const encoder = new TextEncoder();
  for await (const chunk of chunks) {
    if (decoder) {
      const text = decoder.decode(chunk, { stream: true });
      if (text !== '') yield encoder.encode(text);
      continue;
    }
    if (encoding === 'utf-8') {
      yield chunk;
      continue;
    }
    // Not known yet: at most one byte (FF or FE) is held back.
    const head = held ? concat(held, chunk) : chunk;
    held = undefined;
    encoding = encodingOf(head);
    if (encoding === undefined) {
      held = head;
    } else if (encoding === 'utf-8') {
      yield head;
    } else {
      decoder = new TextDecoder(encoding);
      const text = decoder.decode(head, { stream: true });
      if (text !== '') yield encoder.encode(text);
    }
  }
  if (held) yield held;
  if (decoder) {
    const rest = decoder.decode();
    if (rest !== '') yield encoder.encode(rest);
  }
}

/** A whole file's bytes as text, by its byte order mark (see utf8Chunks); a UTF-8 one keeps its mark, which the parsers skip. */
export function decodeSnapshotBytes(bytes: Uint8Array): string {
  const encoding = encodingOf(bytes) ?? 'utf-8';
  return new TextDecoder(encoding, { ignoreBOM: encoding === 'utf-8' }).decode(bytes);
}

/** Characters (or bytes) looked at to tell UTF-16 without a byte order mark. */
const UTF16_SAMPLE = 256;

/**
 * Whether text or bytes (`at(i)`, the i-th character or byte of `length`) are
 * UTF-16 without a byte order mark, taken one byte at a time: among the first,
 * every other one zero (the high byte of each ASCII character, after it in
 * UTF-16LE, before it in UTF-16BE) and none between. Such a file cannot be
 * told from binary data for sure, so it is refused, with a word on why.
 */
export function looksLikeUtf16(at: (i: number) => number, length: number): boolean {
  const n = Math.min(length, UTF16_SAMPLE) & ~1;
  if (n < 4) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (at(i) === 0) {
      if (i % 2 === 0) even++;
      else odd++;
    }
  }
  const most = (n / 2) * 0.9;
  return (odd >= most && even === 0) || (even >= most && odd === 0);
}

/** The encodings' names, as the messages about them give them. */
export const ENCODING_NAMES = { utf8: 'UTF-8', utf16: 'UTF-16' } as const;

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
