// Callouts in a saved snapshot's x-kube-anatomy field: written, read back
// (whole and as a stream), kept in the model, and read defensively.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSnapshot, parseSnapshotStream } from '../../../main/snapshot/read.ts';
import { writeSnapshot } from '../../../main/snapshot/write.ts';
import { readMeta, SNAPSHOT_META_KEY } from '../../../main/snapshot/meta.ts';
import { buildDemoCluster } from '../../../main/snapshot/demo.ts';
import { buildModel } from '../../../main/model/build.ts';
import { MAX_CALLOUTS, MAX_CALLOUT_TEXT, type Callout } from '../../../main/model/callouts.ts';
import { HOSTILE_IMG, HOSTILE_SCRIPT } from '../../fixtures/anatomy-models.ts';

const NOTES: Callout[] = [
  { n: 1, text: 'the control plane', target: { kind: 'node', uid: 'u1', key: 'kind-control-plane' } },
  { n: 3, text: HOSTILE_SCRIPT, target: { kind: 'pod', uid: 'u2', key: 'shop/web-0' }, detached: true, at: { x: 10, y: 20 } },
  { n: 4, text: '공유 볼륨', target: { kind: 'claim', key: 'shop/data' } },
  { n: 5, text: 'free', at: { x: 1.5, y: 2 } },
];

async function* pieces(text: string, size = 97): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

test('callouts round-trip through a saved snapshot, JSON and YAML, whole and streamed, into the model', async () => {
  const objects = buildDemoCluster();
  for (const format of ['json', 'yaml'] as const) {
    const text = writeSnapshot(objects, format, { callouts: NOTES });
    const read = parseSnapshot(text, `s.${format}`);
    assert.deepEqual((read.objects as { callouts?: unknown }).callouts, NOTES, format);
    assert.deepEqual(buildModel(read.objects, { kind: 'snapshot', name: 's', namespaces: [] }).callouts, NOTES, format);
    const streamed = await parseSnapshotStream(pieces(text), `s.${format}`);
    assert.deepEqual((streamed.objects as { callouts?: unknown }).callouts, NOTES, `${format} streamed`);
  }
  // Without notes the field is not written, and the model has none.
  const plain = writeSnapshot(objects, 'json');
  assert.equal(JSON.parse(plain)[SNAPSHOT_META_KEY].callouts, undefined);
  assert.equal(Object.hasOwn(buildModel(parseSnapshot(plain, 's.json').objects, { kind: 'snapshot', name: 's', namespaces: [] }), 'callouts'), false);
});

test('a snapshot with hostile callouts still opens: bad notes are dropped, long ones cut, markup kept as text', () => {
  const objects = buildDemoCluster();
  const list = JSON.parse(writeSnapshot(objects, 'json'));
  list[SNAPSHOT_META_KEY].callouts = [
    { n: 1, text: HOSTILE_IMG, target: { kind: 'pod', key: 'shop/web-0' } },
    { n: 2, text: 'z'.repeat(100_000), at: { x: 0, y: 0 } },
    { n: 3, text: { toString: 'x' }, at: { x: 0, y: 0 } },
    { n: 4, text: 'deep', target: { kind: 'pod', key: 'a', uid: { nested: [] } } },
    null,
    ...Array.from({ length: 1000 }, (_, i) => ({ n: 10 + i, text: 'many', at: { x: i, y: i } })),
  ];
  const read = parseSnapshot(JSON.stringify(list), 'hostile.json');
  const callouts = (read.objects as { callouts?: Callout[] }).callouts!;
  assert.equal(callouts.length, MAX_CALLOUTS - 3);
  assert.equal(callouts[0]!.text, HOSTILE_IMG);
  assert.equal(callouts[1]!.text.length, MAX_CALLOUT_TEXT);
  assert.deepEqual(callouts.slice(0, 3).map((c) => c.n), [1, 2, 10]);
  // The cluster's objects are all there.
  assert.equal(read.objects.pods?.length, objects.pods?.length);
  // A field that is no array at all is no notes, and no error.
  assert.equal(readMeta({ resources: [], gaps: [], callouts: 'x' })?.callouts, undefined);
  assert.equal(readMeta({ resources: [], gaps: [], callouts: { 0: { n: 1 } } })?.callouts, undefined);
});
