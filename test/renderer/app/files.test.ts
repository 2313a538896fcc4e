// The text of a snapshot picked in the page: UTF-16 by its byte-order mark
// (PowerShell 5.1's `kubectl … > file`), else UTF-8, the mark dropped.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeSnapshotText } from '../../../renderer/app/files.ts';

const TEXT = '{"kind":"List","items":[{"metadata":{"name":"파드-ä"}}]}';

function utf16(text: string, bigEndian: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out.set(bigEndian ? [0xfe, 0xff] : [0xff, 0xfe]);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out[2 + i * 2] = bigEndian ? unit >> 8 : unit & 0xff;
    out[3 + i * 2] = bigEndian ? unit & 0xff : unit >> 8;
  }
  return out;
}

test('UTF-16 with a byte-order mark, little- or big-endian, reads as its text', () => {
  assert.equal(decodeSnapshotText(utf16(TEXT, false)), TEXT);
  assert.equal(decodeSnapshotText(utf16(TEXT, true)), TEXT);
});

test('UTF-8 reads as its text, with or without a byte-order mark', () => {
  const bytes = new TextEncoder().encode(TEXT);
  assert.equal(decodeSnapshotText(bytes), TEXT);
  assert.equal(decodeSnapshotText(new Uint8Array([0xef, 0xbb, 0xbf, ...bytes])), TEXT);
});
