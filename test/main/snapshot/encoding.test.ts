// A snapshot in UTF-16 (encoding.ts): what Windows PowerShell 5.1 writes for
// `kubectl get … > cluster.json` (UTF-16LE with a byte order mark), and
// UTF-16BE. Read in pieces cut anywhere (in the middle of the mark, of a
// character, of a surrogate pair), it reads as the same text in UTF-8 does:
// the same objects, or the same refusal at the same line and column. Without
// a mark it cannot be told from binary data, and the message says what it
// looks like.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeSnapshotBytes, encodingOf, looksLikeUtf16, utf8Chunks } from '../../../main/snapshot/encoding.ts';
import { parseSnapshot, parseSnapshotStream } from '../../../main/snapshot/read.ts';
import { SnapshotError } from '../../../main/snapshot/error.ts';
import { say, translator } from '../../../main/i18n/index.ts';

const CUTS = [1, 2, 3, 5, 64, Infinity];

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  if (size === Infinity) {
    yield bytes;
    return;
  }
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

async function gather(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

/** The text in UTF-16 with its byte order mark, little- or big-endian. */
function utf16(text: string, order: 'le' | 'be'): Buffer {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return order === 'le' ? le : le.swap16();
}

type Outcome = { ok: unknown } | { error: { message: string; line?: number; column?: number; item?: string } };

async function outcome(run: () => unknown): Promise<Outcome> {
  try {
    return { ok: await run() };
  } catch (error) {
    assert.ok(error instanceof SnapshotError, `a SnapshotError, not ${String(error)}`);
    return { error: { message: error.message, line: error.line, column: error.column, item: error.item } };
  }
}

// Korean, an emoji (a surrogate pair in UTF-16, four bytes in UTF-8) and an escape, in a List as kubectl writes it.
const LIST = `${JSON.stringify(
  {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: { team: '플랫폼' } } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default', annotations: { note: 'hi 😀 "quoted"' } }, spec: { nodeName: 'n1' } },
    ],
  },
  null,
  4,
)}\r\n`;
const YAML = 'apiVersion: v1\r\nkind: List\r\nitems:\r\n- kind: Node\r\n  metadata:\r\n    name: 노드-1\r\n';

test('utf8Chunks: UTF-16LE and UTF-16BE with a byte order mark become UTF-8, wherever the pieces are cut', async () => {
  for (const text of [LIST, YAML, '', 'a', '😀']) {
    for (const order of ['le', 'be'] as const) {
      for (const size of CUTS) {
        const out = await gather(utf8Chunks(pieces(utf16(text, order), size)));
        assert.equal(out.toString('utf8'), text, `${order}, pieces of ${size}`);
      }
    }
  }
});

test('utf8Chunks: UTF-8 passes as it is, its byte order mark included, and a lone FF or FE byte too', async () => {
  for (const bytes of [Buffer.from(LIST), Buffer.from(`\uFEFF${LIST}`), Buffer.from([0xff]), Buffer.from([0xfe]), Buffer.from([0xff, 0x41]), Buffer.alloc(0)]) {
    for (const size of CUTS) assert.deepEqual(await gather(utf8Chunks(pieces(bytes, size))), bytes);
  }
});

test('encodingOf and decodeSnapshotBytes go by the byte order mark', () => {
  assert.equal(encodingOf(Buffer.from([0xff, 0xfe, 0x7b, 0x00])), 'utf-16le');
  assert.equal(encodingOf(Buffer.from([0xfe, 0xff, 0x00, 0x7b])), 'utf-16be');
  assert.equal(encodingOf(Buffer.from([0xef, 0xbb, 0xbf, 0x7b])), 'utf-8');
  assert.equal(encodingOf(Buffer.from('{}')), 'utf-8');
  assert.equal(encodingOf(Buffer.from([0xff])), undefined);
  assert.equal(decodeSnapshotBytes(utf16(YAML, 'le')), YAML);
  assert.equal(decodeSnapshotBytes(utf16(YAML, 'be')), YAML);
  assert.equal(decodeSnapshotBytes(Buffer.from(YAML)), YAML);
});

test('a UTF-16 snapshot (PowerShell 5.1 `>`) reads as its UTF-8 text does, JSON in pieces and YAML whole', async () => {
  for (const [text, file] of [
    [LIST, 'cluster.json'],
    [YAML, 'cluster.yaml'],
  ] as const) {
    const expected = parseSnapshot(text, file);
    assert.ok((expected.objects.nodes?.length ?? 0) > 0);
    for (const order of ['le', 'be'] as const) {
      for (const size of CUTS) {
        assert.deepEqual(await parseSnapshotStream(pieces(utf16(text, order), size), file), expected, `${file}, ${order}, pieces of ${size}`);
      }
      // Offered as they come, as the export and the app read.
      assert.deepEqual(await parseSnapshotStream(pieces(utf16(text, order), 7), file, { take: () => false }), expected);
    }
  }
});

test('a broken UTF-16 file is refused at the same line and column as its UTF-8 text', async () => {
  const broken = LIST.replace('"web-0",', '"web-0"');
  const expected = await outcome(() => parseSnapshot(broken, 'broken.json'));
  assert.ok('error' in expected && expected.error.line !== undefined);
  for (const order of ['le', 'be'] as const) {
    for (const size of CUTS) assert.deepEqual(await outcome(() => parseSnapshotStream(pieces(utf16(broken, order), size), 'broken.json')), expected);
  }
});

test('UTF-16 without a byte order mark is refused as such, not as any binary data', async () => {
  for (const order of ['le', 'be'] as const) {
    const bytes = utf16(LIST, order).subarray(2);
    const message = /cluster\.json: looks like UTF-16 text without a byte order mark, which cannot be told from binary data; save it as UTF-8 \(or as UTF-16 with a byte order mark\)$/;
    for (const size of [64, Infinity]) await assert.rejects(parseSnapshotStream(pieces(bytes, size), 'cluster.json'), message);
    assert.throws(() => parseSnapshot(bytes.toString('latin1'), 'cluster.json'), message);
  }
  // Real binary data is still binary data.
  assert.throws(() => parseSnapshot(String.fromCharCode(0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03), 'x.gz'), /is not a text file/);
  assert.equal(looksLikeUtf16((i) => 'k\0i\0n\0d\0'.charCodeAt(i), 8), true);
  assert.equal(looksLikeUtf16((i) => 'kind\0\0\0\0'.charCodeAt(i), 8), false);
});

test('UTF-16 a page read as UTF-8 (its mark turned into two U+FFFD) is named, in both languages', () => {
  const asPageReadIt = new TextDecoder('utf-8').decode(utf16(LIST, 'le'));
  assert.ok(asPageReadIt.startsWith('\uFFFD\uFFFD{\0'));
  let caught: unknown;
  try {
    parseSnapshot(asPageReadIt, 'cluster.json');
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof SnapshotError);
  assert.equal(caught.message, 'cluster.json: is UTF-16 text, but it was read as UTF-8 here; save it as UTF-8 and open it again');
  assert.equal(say(translator('ko'), caught.said), 'cluster.json: UTF-16 텍스트인데 여기서는 UTF-8(으)로 읽었습니다. UTF-8(으)로 저장한 뒤 다시 여세요');
});
