// A snapshot file read by the session: the compressed copy it keeps so that
// the objects can be let go (again()), and the re-read on start that only
// hashes a file parsed as it is read.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ConnectionState } from '../../../main/contract/api.ts';
import type { ClusterObjects } from '../../../main/model/kube.ts';
import { createSnapshotFileSource, readSnapshotFile } from '../../../main/session/snapshot-file.ts';
import { parseSnapshot, parseSnapshotStream } from '../../../main/snapshot/index.ts';
import { listText, node, smallCluster } from '../../fixtures/session/objects.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ka-snapshot-file-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const parse = (text: string, fileName: string) => parseSnapshot(text, fileName).objects;
const parseStream = async (chunks: AsyncIterable<Uint8Array>, fileName: string) => (await parseSnapshotStream(chunks, fileName)).objects;
const names = (objects: ClusterObjects) => [...(objects.nodes ?? []), ...(objects.pods ?? [])].map((o) => (o.metadata as { name?: string }).name);

describe('again(): the objects read once more from the copy taken while reading', () => {
  for (const [how, parsers] of [
    ['parsed as it is read', { parse, parseStream }],
    ['read whole', { parse }],
  ] as const) {
    test(`${how}: the same objects, even after the file changed`, async () => {
      const file = path.join(dir, `again-${how.replaceAll(' ', '-')}.json`);
      await writeFile(file, listText(smallCluster()));
      const read = await readSnapshotFile(file, parsers);
      await writeFile(file, listText([node('other', '10.9.0.1')]));
      const again = await read.again();
      assert.deepEqual(again, read.objects);
      assert.notEqual(again, read.objects, 'a fresh copy: the first may have been let go');
      assert.ok(names(again).includes('web-0'));
    });
  }
});

describe('a snapshot file source started on what was read already', () => {
  test('the same bytes are hashed, not parsed again; changed bytes are parsed and delivered', async () => {
    const file = path.join(dir, 'start.json');
    await writeFile(file, listText(smallCluster()));
    const first = await readSnapshotFile(file, { parse, parseStream });
    let parses = 0;
    const counting = async (chunks: AsyncIterable<Uint8Array>, fileName: string) => {
      parses += 1;
      return parseStream(chunks, fileName);
    };
    const source = createSnapshotFileSource(file, { parse, parseStream: counting, watch: false, initialFingerprint: first.fingerprint! });
    const delivered: ClusterObjects[] = [];
    let settled: (state: ConnectionState) => void = () => {};
    const handlers = {
      objects: (objects: ClusterObjects) => delivered.push(objects),
      state: (state: ConnectionState) => settled(state),
    };
    const nextState = () => new Promise<ConnectionState>((resolve) => (settled = resolve));

    let state = nextState();
    source.start(handlers);
    assert.deepEqual(await state, { phase: 'static' });
    assert.equal(parses, 0, 'the file was not parsed again');
    assert.equal(delivered.length, 0);
    await source.stop();

    await writeFile(file, listText([node('other', '10.9.0.1')]));
    state = nextState();
    source.start(handlers);
    assert.deepEqual(await state, { phase: 'static' });
    assert.equal(parses, 1);
    assert.deepEqual(delivered.map(names), [['other']]);
    await source.stop();
  });
});
