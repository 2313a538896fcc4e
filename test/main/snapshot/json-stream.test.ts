// A snapshot file read in pieces (parseSnapshotStream, json-stream.ts) must
// come out exactly as the whole text read at once (parseSnapshot): the same
// objects, or the same refusal with the same line and column, wherever the
// pieces happen to be cut. Each case is read in pieces of 1, 2, 3, 7 and 64
// bytes and in one piece, and compared with parseSnapshot.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, truncateSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseSnapshot, parseSnapshotStream, type StreamParseOptions } from '../../../main/snapshot/read.ts';
import { SHARED_SLOTS, sharedSlot } from '../../../main/snapshot/json-stream.ts';
import { SnapshotError } from '../../../main/snapshot/error.ts';
import { writeSnapshot } from '../../../main/snapshot/write.ts';
import { loadDemo } from '../../../main/snapshot/demo-asset.ts';
import { MAX_SNAPSHOT_FILE_BYTES, readSnapshotFile } from '../../../main/session/snapshot-file.ts';
import { compactSnapshotChunks, generateClusterObjects } from '../../bench/generate.ts';

type Any = any;

const fixtures = new URL('../../fixtures/snapshots/', import.meta.url);
const CUTS = [1, 2, 3, 7, 64, Infinity];

async function* pieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  if (size === Infinity) {
    yield bytes;
    return;
  }
  for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size);
}

type Outcome = { ok: unknown } | { error: { message: string; line?: number; column?: number; item?: string } };

function outcome(run: () => unknown): Outcome {
  try {
    return { ok: run() };
  } catch (error) {
    assert.ok(error instanceof SnapshotError, `a SnapshotError, not ${String(error)}`);
    return { error: { message: error.message, line: error.line, column: error.column, item: error.item } };
  }
}

async function streamedOutcome(bytes: Uint8Array, size: number, file: string, options: StreamParseOptions = {}): Promise<Outcome> {
  try {
    return { ok: await parseSnapshotStream(pieces(bytes, size), file, options) };
  } catch (error) {
    assert.ok(error instanceof SnapshotError, `a SnapshotError, not ${String(error)}`);
    return { error: { message: error.message, line: error.line, column: error.column, item: error.item } };
  }
}

/** The text read whole and read in pieces give the same; returns what it was. */
async function same(text: string | Uint8Array, file = 'cluster.json', offered = true): Promise<Outcome> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const whole = outcome(() => parseSnapshot(Buffer.from(bytes).toString('utf8'), file));
  for (const size of CUTS) {
    const streamed = await streamedOutcome(bytes, size, file);
    assert.deepEqual(streamed, whole, `read in pieces of ${size} bytes`);
  }
  // Offered every object as it comes and taking none: still the same (but see the refusals below).
  if (offered) assert.deepEqual(await streamedOutcome(bytes, 7, file, { take: () => false }), whole, 'offered every object');
  return whole;
}

const list = (items: unknown[], extra: Record<string, unknown> = {}) => JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' }, ...extra });
const pod = (name: string, more: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', uid: `uid-${name}` }, ...more });

test('kubectl\'s indented List, the demo, and compact JSON one object a line read the same in pieces', async () => {
  for (const name of readdirSync(fixtures).filter((f) => f.endsWith('.json'))) {
    await same(readFileSync(new URL(name, fixtures)), name);
  }
  const demo = await same(writeSnapshot(loadDemo(), 'json', { source: 'demo' }));
  assert.ok('ok' in demo);
  const compact = [...compactSnapshotChunks(generateClusterObjects({ nodes: 3, pods: 40, seed: 9 }))].join('');
  const result = await same(compact);
  assert.ok('ok' in result && (result.ok as { objects: { pods: unknown[] } }).objects.pods.length === 40);
});

test('strings with escapes, quotes, backslashes and characters of every UTF-8 length', async () => {
  const names = ['a\\"b', 'back\\\\slash\\', '"quoted"', '운영-클러스터', 'emoji-😀-pod', 'tab\tand\nnewline', '\u00e9\u00e8', 'end\\'];
  const result = await same(list(names.map((n, i) => pod(`p${i}`, { metadata: { name: `p${i}`, namespace: n, uid: `u${i}`, labels: { [n]: n } } }))));
  assert.ok('ok' in result);
});

test('a byte order mark, white space around everything, and an empty List', async () => {
  await same(`\ufeff  \n {"kind" : "List" , "items" : [ ] }  \n`);
  await same(`\ufeff{"kind":"List","items":[\n  ${JSON.stringify(pod('a'))} ,\n\t${JSON.stringify(pod('b'))}\n]}`);
  // Past the first three bytes each piece is looked at alone: a byte order mark there is no white space, and many pieces of it are fine.
  await same(`  \n\ufeff{"kind":"List","items":[]}`, 'late-bom.json');
  await same(`\ufeff${' \n'.repeat(100)}{"kind":"List","items":[]}`);
});

test('the shapes a reader must tell apart: a single object, kindless items of a typed list, kind after items, duplicate keys', async () => {
  await same(JSON.stringify(pod('alone')));
  // A PodList straight from the API: its items have no kind, and the List's kind may come last.
  await same(JSON.stringify({ items: [{ metadata: { name: 'a' } }], kind: 'PodList', apiVersion: 'v1' }));
  await same(JSON.stringify({ apiVersion: 'v1', kind: 'PodList', items: [{ metadata: { name: 'a' } }] }));
  await same(`{"kind":"List","items":[${JSON.stringify(pod('first'))}],"items":[${JSON.stringify(pod('second'))}]}`, 'twice.json', false);
  await same('{"kind":"List","items":5}');
  await same('{"kind":"List","items":[5, "x", null]}');
  await same(`{"kind":"Pod","items":[${JSON.stringify(pod('inner'))}],"metadata":{"name":"outer"}}`, 'odd.json', false);
  await same(list([{ kind: 'Service', apiVersion: 'v1', metadata: { name: 's' } }, pod('p')]));
});

test('objects taken as they come are left out of the lists, in file order, repeats and other kinds as before', async () => {
  const objects = generateClusterObjects({ nodes: 3, pods: 30, seed: 5 });
  const pods = objects.pods as Any[];
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' } };
  const items = [...(objects.nodes ?? []), pods[0], service, ...pods.slice(1), pods[3], ...(objects.persistentVolumeClaims ?? [])];
  const text = Buffer.from(list(items));
  const whole = parseSnapshot(text.toString(), 'take.json');
  for (const size of [3, 64, Infinity]) {
    const taken: [string, unknown][] = [];
    const snapshot = await parseSnapshotStream(pieces(text, size), 'take.json', { take: (key, item) => key !== 'persistentVolumeClaims' && (taken.push([key, item]), true) });
    assert.deepEqual(taken.map(([, item]) => item), [...(whole.objects.nodes ?? []), ...(whole.objects.pods ?? [])].sort((a, b) => items.indexOf(a as never) - items.indexOf(b as never)));
    assert.deepEqual(snapshot.objects.nodes, []);
    assert.deepEqual(snapshot.objects.pods, []);
    assert.deepEqual(snapshot.objects.persistentVolumeClaims, whole.objects.persistentVolumeClaims);
    assert.deepEqual(snapshot.objects.gaps, whole.objects.gaps);
    assert.deepEqual(snapshot.ignored, whole.ignored);
    assert.ok(snapshot.objects.gaps.some((g) => g.reason === 'duplicate'), 'the repeated pod is reported');
  }
  // Kindless items (a PodList whose kind comes last) wait for the List's kind: taken at the end, still in order.
  const raw = JSON.stringify({ items: pods.slice(0, 3).map(({ kind, apiVersion, ...rest }) => rest), kind: 'PodList', apiVersion: 'v1' });
  const order: unknown[] = [];
  const late = await parseSnapshotStream(pieces(Buffer.from(raw), 5), 'raw.json', { take: (_, item) => (order.push((item as Any).metadata.name), true) });
  assert.deepEqual(order, pods.slice(0, 3).map((p) => p.metadata.name));
  assert.deepEqual(late.objects.pods, []);
});

test('with objects taken as they come, a top level that is no List, or two items arrays, is refused', async () => {
  const take = () => true;
  const notList = `{"items":[${JSON.stringify(pod('inner'))}],"kind":"Pod","metadata":{"name":"outer"}}`;
  await assert.rejects(parseSnapshotStream(pieces(Buffer.from(notList), 64), 'odd.json', { take }), /odd\.json: has items, but its kind says it is no List/);
  const twice = `{"kind":"List","items":[${JSON.stringify(pod('first'))}],"items":[${JSON.stringify(pod('second'))}]}`;
  await assert.rejects(parseSnapshotStream(pieces(Buffer.from(twice), 64), 'twice.json', { take }), /twice\.json: has more than one items array/);
});

test('__proto__ keys stay ordinary properties, at the top and inside items', async () => {
  await same(readFileSync(new URL('proto.json', fixtures)), 'proto.json');
  const result = await same(`{"__proto__":{"polluted":true},"kind":"List","items":[{"kind":"Pod","__proto__":{"x":1},"metadata":{"name":"a","__proto__":"b"}}]}`);
  assert.ok('ok' in result);
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.equal(({} as Record<string, unknown>).x, undefined);
});

test('syntax errors are refused with V8\'s words at the same line and column', async () => {
  const item = JSON.stringify(pod('a'));
  const cases = [
    `{"kind":"List","items":[${item} ${item}]}`, // missing comma between items
    `{"kind":"List" "items":[]}`, // missing comma between keys
    `{"kind":"List","items":[${item},]}`, // trailing comma in items
    `{"kind":"List","items":[],}`, // trailing comma in the object
    `{1:"List"}`,
    `{"kind" "List"}`,
    `{"kind":"List","items":[]} extra`,
    `{"kind":"List","items":[{"kind":"Pod","metadata":{"name":"a" "namespace":"b"}}]}`,
    `{"kind":"List","items":[{"kind":"Pod","metadata":{"name":[1}}]}`, // a bracket closed by the wrong kind
    `{"kind":"List","items":[{"kind":"Pod","metadata":{"name":tru}}]}`, // an error V8 reports without a position
    `{"kind":"List","items":[{"kind":"Pod","metadata":{"name":"a\\x"}}]}`, // a bad escape
    `{"ki\\x":"List"}`,
    `{"kind":Lisst}`,
    `{"kind":"List","items":[{"kind":"Pod"}`, // cut short in an item
    `{"kind":"List","items":[`, // cut short after the bracket
    `{"kind":"List","items":[{"kind":"Pod","metadata":{"name":"unterminated`,
    `{"kind":"Li`,
    `{"kind":"List","count":12`,
    `{"kind":"List","count":12,`,
    `{"ki`,
    `{`,
  ];
  for (const text of cases) {
    const result = await same(text, 'broken.json');
    assert.ok('error' in result, `${text} is refused`);
    assert.match(result.error.message, /not valid JSON/);
    // The place is the line and column; V8's position and its quote of the file are left out.
    assert.doesNotMatch(result.error.message, /at position|is not valid JSON: .*(is not valid JSON|\(line)/);
  }
});

test('errors after lines and characters of several bytes are placed in UTF-16 columns, as the text reader counts them', async () => {
  const pretty = `{\n    "kind": "List",\n    "items": [\n        {"kind": "Pod", "metadata": {"name": "운영😀", "namespace": "b" "uid": "c"}}\n    ]\n}\n`;
  const result = await same(pretty, 'pretty.json');
  assert.ok('error' in result);
  assert.equal(result.error.line, 4);
  // Characters of several bytes before an item on its line, and before an error between items.
  await same(`{"kind":"운영😀","items":[{"kind":"Pod" "x":1}]}`, 'line.json');
  await same(`{"kind":"운영😀","items":[{"kind":"Pod","metadata":{"name":"é"}} x]}`, 'line.json');
  await same(`{"kind":"운영😀","items":[{"kind":"Pod","metadata":{"name":"é"}}`, 'line.json');
  await same(`{"kind":"운영😀", "items": [\n  {"kind":"Pod","metadata":{"name":"é"}} ,\n  {"kind":"Pod","metadata":{"name":"😀"}} x`, 'line.json');
  const compact = `{"kind":"List","items":[\n{"kind":"Pod","metadata":{"name":"😀😀","x":}}\n]}`;
  const again = await same(compact, 'compact.json');
  assert.ok('error' in again && again.error.line === 2);
});

test('a key cut between pieces keeps its white space: a tab is refused and an escape before a space is still bad', async () => {
  // Pieces of one byte cut every key; a space, tab or newline that starts a piece was taken for white space between tokens.
  await same('{"kind":"List","a\tb":1,"items":[]}', 'key.json');
  await same('{"kind":"List","a\nb":1,"items":[]}', 'key.json');
  await same('{"kind":"List","x\\ ":1,"items":[]}', 'key.json');
  const spaced = await same(`{"kind":"List","it ems":[${JSON.stringify(pod('hidden'))}],"items":[]}`, 'key.json');
  assert.ok('ok' in spaced);
});

test('binary data, control characters and DEL are refused as the text reader refuses them', async () => {
  await same(`{"kind":"List","items":[{"kind":"Pod","metadata":{"name":"a\u0001b"}}]}`);
  await same(`{"kind":"List","items":[{"kind":"Pod","metadata":{"name":"a\u007fb"}}]}`);
  await same(`{"kind\u007f":"List"}`);
  await same(`\u0000`);
});

test('a metadata.name, namespace or uid of another type is refused in pieces as read whole, also after items taken as they came', async () => {
  for (const bad of [
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 42 } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b', namespace: 6 } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b', namespace: 'default', uid: true } },
    { apiVersion: 'v1', kind: 'Pod', metadata: 'b' },
    { apiVersion: 'v1', kind: 7, metadata: { name: 'b' } },
    { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'b', namespace: 'default' }, spec: { nodeName: 5 } },
  ]) {
    const result = await same(list([pod('a'), bad]));
    assert.ok('error' in result && result.error.item === 'items[1]', JSON.stringify(result));
    assert.match(result.error.message, /is not (a string|an object)/);
  }
});

test('absurd nesting is refused naming the item; ordinary nesting is read', async () => {
  const deep = JSON.stringify({ kind: 'List', items: [pod('p', { spec: { x: 'DEEP' } })] }).replace('"DEEP"', '['.repeat(5000) + ']'.repeat(5000));
  const result = await same(deep, 'deep.json');
  assert.ok('error' in result && result.error.item === 'items[0].spec.x[0][0][0][0]');
  const top = `{"kind":"List","deep":${'['.repeat(300)}${']'.repeat(300)},"items":[]}`;
  assert.ok('error' in (await same(top, 'deep.json')));
  // Exactly at the limit: 200 levels counted from the List are fine, 201 are not.
  for (const levels of [196, 197, 198, 199]) await same(JSON.stringify({ kind: 'List', items: [pod('p', { spec: { x: JSON.parse('['.repeat(levels) + ']'.repeat(levels)) } })] }), 'edge.json');
});

test('YAML and other text is read whole, as before', async () => {
  for (const name of readdirSync(fixtures).filter((f) => f.endsWith('.yaml'))) await same(readFileSync(new URL(name, fixtures)), name);
  await same('[1, 2]', 'array.json');
  await same('', 'empty.json');
  await same(' \n\t ', 'blank.json');
});

test('a stream longer than the limit is refused, JSON at maxBytes and other text at maxTextBytes', async () => {
  const text = Buffer.from(list([pod('a'), pod('b')]));
  await assert.rejects(parseSnapshotStream(pieces(text, 16), 'big.json', { maxBytes: 100 }), (error: SnapshotError) => {
    assert.match(error.message, /^big\.json: is too large \(at least \d+ bytes; the limit is 100 bytes\)$/);
    return true;
  });
  assert.ok((await parseSnapshotStream(pieces(text, 16), 'ok.json', { maxBytes: text.length, maxTextBytes: 10 })).objects.pods?.length === 2);
  const yaml = Buffer.from('kind: Pod\nmetadata:\n  name: a\n'.repeat(1));
  await assert.rejects(parseSnapshotStream(pieces(yaml, 8), 'big.yaml', { maxTextBytes: 16 }), /big\.yaml: is too large \(at least \d+ bytes; the limit is 16 bytes for a file that is not JSON, which is read whole\)/);
});

test('a snapshot file is refused by its size before reading only above the limit, which holds 100,000 compact pods', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-anatomy-size-'));
  try {
    const parsers = { parse: (text: string, name: string) => parseSnapshot(text, name).objects, parseStream: async (chunks: AsyncIterable<Uint8Array>, name: string) => (await parseSnapshotStream(chunks, name)).objects };
    // Sparse files: their size costs no disk, and reading stops at the first byte that cannot be JSON.
    const sized = (name: string, bytes: number) => {
      const file = path.join(dir, name);
      const fd = openSync(file, 'w');
      writeSync(fd, '{');
      closeSync(fd);
      truncateSync(file, bytes);
      return file;
    };
    // 300 MiB was over the old limit of 256 MiB: now it is read (and refused for its content).
    await assert.rejects(readSnapshotFile(sized('300.json', 300 * 1024 * 1024), parsers, false), /300\.json \(line 1, column 2\): is not valid JSON: Expected property name or '}'/);
    await assert.rejects(
      readSnapshotFile(sized('600.json', 600 * 1024 * 1024), parsers, false),
      /Could not read snapshot .*600\.json: it is 600 MiB, more than the 512 MiB a snapshot may have \(compact JSON is about half the size of kubectl's indented JSON: jq -c \. shrinks it\)/,
    );
    assert.equal(MAX_SNAPSHOT_FILE_BYTES, 512 * 1024 * 1024);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file read in pieces has a digest as its fingerprint, equal for equal content, when one is asked for', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-anatomy-print-'));
  try {
    const parsers = { parse: () => assert.fail('the text parser is not used'), parseStream: async (chunks: AsyncIterable<Uint8Array>, name: string) => (await parseSnapshotStream(chunks, name)).objects };
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    const c = path.join(dir, 'c.json');
    for (const [file, name] of [[a, 'x'], [b, 'x'], [c, 'y']] as const) {
      const fd = openSync(file, 'w');
      writeSync(fd, list([pod(name)]));
      closeSync(fd);
    }
    const [fa, fb, fc] = await Promise.all([a, b, c].map((f) => readSnapshotFile(f, parsers)));
    assert.match(fa?.fingerprint ?? '', /^sha256:[0-9a-f]{64}$/);
    assert.equal(fa?.fingerprint, fb?.fingerprint);
    assert.notEqual(fa?.fingerprint, fc?.fingerprint);
    assert.equal((await readSnapshotFile(a, parsers, false)).fingerprint, undefined);
    assert.equal(fa?.objects.pods?.length, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the string table spreads the values a cluster repeats with small differences over its slots', () => {
  // A string shares only with the last one in its slot: values that differ at their ends (times a second
  // apart, the addresses of one node, a ReplicaSet's pods) must not keep taking each other's slot.
  const families: Record<string, string[]> = {
    times: Array.from({ length: 3600 }, (_, k) => new Date(Date.UTC(2026, 9, 1, 8, 0, k)).toISOString().replace('.000', '')),
    addresses: Array.from({ length: 254 }, (_, k) => `10.244.17.${k + 1}`),
    pods: Array.from({ length: 2000 }, (_, k) => `web-7d9f8b6c5-${(k * 7919).toString(36).padStart(5, 'x')}`),
    short: Array.from({ length: 1000 }, (_, k) => String(k)),
    // Node names that differ in the middle, not at their ends (EC2, EKS), and images that differ only by name.
    ec2: Array.from({ length: 360 }, (_, k) => `ip-10-0-${k >> 4}-${(k & 15) + 10}.ec2.internal`),
    eks: Array.from({ length: 100 }, (_, k) => `ip-192-168-${k}-17.us-west-2.compute.internal`),
    images: ['nginx', 'redis', 'httpd', 'mysql', 'mongo', 'envoy', 'kafka', 'minio'].map((name) => `docker.io/library/${name}:latest`),
    long: Array.from({ length: 500 }, (_, k) => `registry.example.internal:5000/team/service-${k}/api@sha256:${'0'.repeat(40)}${String(k).padStart(24, '0')}`),
  };
  for (const [family, values] of Object.entries(families)) {
    assert.equal(new Set(values).size, values.length, family);
    const slots = new Set(values.map(sharedSlot));
    for (const slot of slots) assert.ok(Number.isInteger(slot) && slot >= 0 && slot < SHARED_SLOTS, `${family}: slot ${slot}`);
    assert.ok(slots.size >= Math.floor(values.length * 0.98), `${family}: ${values.length} values in ${slots.size} slots`);
  }
});
