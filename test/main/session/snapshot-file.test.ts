// A snapshot file read by the session: the compressed copy it keeps so that
// the objects can be let go (again()), the re-read on start that only
// hashes a file parsed as it is read, the model built as the file is read
// (readSnapshotFileModel), and a changed file's objects read projected.

import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { after, afterEach, before, describe, test } from 'node:test';
import type { ConnectionState } from '../../../main/contract/api.ts';
import type { ClusterObjects } from '../../../main/model/kube.ts';
import { buildModel } from '../../../main/model/build.ts';
import { filterByNamespace } from '../../../main/session/filter.ts';
import {
  createSnapshotFileSource,
  isStreamInput,
  readSnapshotFile,
  readSnapshotFileModel,
  resolveSnapshotPath,
  setSnapshotStdin,
  snapshotFileSource,
  STDIN,
  withinLimit,
  type TakeObject,
} from '../../../main/session/snapshot-file.ts';
import { parseSnapshot, parseSnapshotStream } from '../../../main/snapshot/index.ts';
import { projectObjects } from '../../../main/snapshot/project.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
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
    test(`${how}, keeping no copy (a single read): the same objects, and again() says it cannot`, async () => {
      const file = path.join(dir, `once-${how.replaceAll(' ', '-')}.json`);
      await writeFile(file, listText(smallCluster()));
      const kept = await readSnapshotFile(file, parsers);
      const once = await readSnapshotFile(file, parsers, false, undefined, false);
      assert.deepEqual(once.objects, kept.objects);
      await assert.rejects(once.again(), /once-.*\.json was read once and its bytes were not kept/);
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

describe('readSnapshotFileModel: the model built as the file is read', () => {
  const generated = () => generateClusterObjects({ nodes: 6, pods: 240, seed: 3 });
  const parseStreamTaking = async (chunks: AsyncIterable<Uint8Array>, fileName: string, take?: TakeObject) =>
    (await parseSnapshotStream(chunks, fileName, take ? { take } : {})).objects;
  for (const [how, parsers] of [
    ['parsed as it is read, objects taken as they come', { parse, parseStream: parseStreamTaking }],
    ['parsed as it is read by a parser that takes nothing', { parse, parseStream }],
    ['read whole', { parse }],
  ] as const) {
    for (const namespaces of [[], ['team-1', 'kube-system']]) {
      test(`${how}, namespaces [${namespaces.join(', ')}]: buildModel of the objects the filter keeps; again() reads them whole`, async () => {
        const file = path.join(dir, `model-${how.replaceAll(' ', '-')}-${namespaces.length}.json`);
        const objects = generated();
        await writeFile(file, listText([...(objects.nodes ?? []), ...(objects.pods ?? []), ...(objects.persistentVolumeClaims ?? []), ...(objects.persistentVolumes ?? [])]));
        const whole = parse(await readFile(file, 'utf8'), path.basename(file));
        const source = snapshotFileSource(file, namespaces);
        const read = await readSnapshotFileModel(file, parsers, source);
        assert.deepEqual(read.model, buildModel(filterByNamespace(whole, namespaces), source));
        assert.ok(read.model.stats.pods > 0);
        assert.deepEqual(await read.again(), whole, 'again() reads every object, whole, whatever the filter');
        assert.ok(read.fingerprint !== undefined);
        const other = snapshotFileSource(file, namespaces.length === 0 ? ['team-2'] : []);
        assert.deepEqual(await read.modelFor(other), buildModel(filterByNamespace(whole, other.namespaces), other), 'the model for another filter');
      });
    }
  }

  test('a parser that takes the objects never hands the nodes and pods over whole', async () => {
    const file = path.join(dir, 'taken.json');
    await writeFile(file, listText(smallCluster()));
    let leftOver = -1;
    const watching = async (chunks: AsyncIterable<Uint8Array>, fileName: string, take?: TakeObject) => {
      const objects = await parseStreamTaking(chunks, fileName, take);
      leftOver = (objects.nodes?.length ?? 0) + (objects.pods?.length ?? 0);
      return objects;
    };
    await readSnapshotFileModel(file, { parse, parseStream: watching }, snapshotFileSource(file));
    assert.equal(leftOver, 0, 'every node and pod went into the model as it was read');
  });

  test('a source told to project delivers what the model reads, and again() reads it whole', async () => {
    const file = path.join(dir, 'projected.json');
    const objects = generated();
    await writeFile(file, listText([...(objects.nodes ?? []), ...(objects.pods ?? [])]));
    const whole = parse(await readFile(file, 'utf8'), 'projected.json');
    for (const parsers of [{ parse, parseStream: parseStreamTaking }, { parse }]) {
      const source = createSnapshotFileSource(file, { ...parsers, watch: false, project: true });
      const delivered = await new Promise<{ objects: ClusterObjects; again?: () => Promise<ClusterObjects> }>((resolve, reject) => {
        source.start({ objects: (o, again) => resolve(again ? { objects: o, again } : { objects: o }), state: (s) => s.phase === 'failed' && reject(new Error(s.reason)) });
      });
      await source.stop();
      assert.deepEqual(delivered.objects, projectObjects(whole));
      assert.notDeepEqual(delivered.objects, whole, 'something was left out');
      assert.deepEqual(buildModel(delivered.objects, source.description), buildModel(whole, source.description));
      assert.deepEqual(await delivered.again?.(), whole);
    }
  });
});

describe('standard input (`--snapshot -`) and pipes: read as streams, once', () => {
  const fromStdin = (bytes: Buffer, size = 7) => () =>
    (async function* () {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    })();
  let restore: (() => AsyncIterable<Uint8Array>) | undefined;
  afterEach(() => {
    if (restore) setSnapshotStdin(restore);
    restore = undefined;
  });

  for (const [how, parsers] of [
    ['parsed as it is read', { parse, parseStream }],
    ['read whole', { parse }],
  ] as const) {
    test(`${how}: "-" reads standard input, named stdin, and again() reads the copy`, async () => {
      restore = setSnapshotStdin(fromStdin(Buffer.from(listText(smallCluster()))));
      const read = await readSnapshotFile(STDIN, parsers);
      assert.ok(names(read.objects).includes('web-0'));
      assert.deepEqual(await read.again(), read.objects);
      assert.equal(snapshotFileSource(STDIN).name, 'stdin');
      assert.equal(resolveSnapshotPath(STDIN), STDIN);
    });

    test(`${how}: standard input in UTF-16, as PowerShell pipes it to a file`, async () => {
      const le = Buffer.from(`\uFEFF${listText(smallCluster())}`, 'utf16le');
      restore = setSnapshotStdin(fromStdin(le, 5));
      const read = await readSnapshotFile(STDIN, parsers);
      assert.ok(names(read.objects).includes('web-0'));
    });

    test(`${how}: a bad snapshot on standard input is named stdin`, async () => {
      restore = setSnapshotStdin(fromStdin(Buffer.from('{"kind": "List", "items": [')));
      await assert.rejects(readSnapshotFile(STDIN, parsers), /^SnapshotError: stdin \(line 1, column 28\): is not valid JSON/);
    });

    test(`${how}: a named pipe (mkfifo, or the shell's <(…)) is read as a stream, not refused as no regular file`, { skip: process.platform === 'win32' ? 'no FIFOs' : false }, async () => {
      const fifo = path.join(dir, `pipe-${how.replaceAll(' ', '-')}`);
      execFileSync('mkfifo', [fifo]);
      // The writer blocks until the reader opens the pipe.
      const written = writeFile(fifo, listText(smallCluster()));
      const read = await readSnapshotFile(fifo, parsers);
      await written;
      assert.ok(names(read.objects).includes('web-0'));
      assert.equal(isStreamInput(fifo), true);
      assert.equal(isStreamInput(STDIN), true);
      assert.equal(isStreamInput(path.join(dir, 'missing.json')), false);
    });
  }

  test('a stream longer than the limit is refused with the limit, however it is read', async () => {
    const limit = 1024 * 1024;
    const chunks = (async function* () {
      for (let i = 0; i < 3; i++) yield Buffer.alloc(limit / 2, 0x20);
    })();
    let seen = 0;
    await assert.rejects(
      (async () => {
        for await (const chunk of withinLimit(chunks, 'stdin', limit)) seen += chunk.length;
      })(),
      (error: Error) => {
        assert.equal(error.message, "Could not read snapshot stdin: it holds more than the 1 MiB a snapshot may have (compact JSON is about half the size of kubectl's indented JSON: jq -c . shrinks it)");
        return true;
      },
    );
    assert.equal(seen, limit, 'what fits is passed on, the piece past the limit is not');
  });

  test('a source on standard input already read is never read again: started or retried, it stays static', async () => {
    restore = setSnapshotStdin(fromStdin(Buffer.from(listText(smallCluster()))));
    const first = await readSnapshotFile(STDIN, { parse, parseStream });
    // Standard input is at its end now: a second read would find it empty.
    setSnapshotStdin(() => {
      throw new Error('standard input read twice');
    });
    const source = createSnapshotFileSource(STDIN, { parse, parseStream, initialFingerprint: first.fingerprint! });
    assert.equal(source.description.name, 'stdin');
    const states: ConnectionState[] = [];
    const delivered: ClusterObjects[] = [];
    const handlers = { objects: (objects: ClusterObjects) => delivered.push(objects), state: (state: ConnectionState) => states.push(state) };
    for (let run = 0; run < 2; run++) {
      source.start(handlers);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await source.stop();
    }
    assert.deepEqual(states, [{ phase: 'static' }, { phase: 'static' }], 'not live (nothing is watched), never failed');
    assert.equal(delivered.length, 0);
  });

  test('a source on standard input not read yet reads it once', async () => {
    restore = setSnapshotStdin(fromStdin(Buffer.from(listText(smallCluster()))));
    const source = createSnapshotFileSource(STDIN, { parse, parseStream, watch: false });
    const delivered: ClusterObjects[] = [];
    const settled = new Promise<void>((resolve) => {
      source.start({ objects: (objects) => delivered.push(objects), state: (state) => state.phase === 'static' && resolve() });
    });
    await settled;
    await source.stop();
    assert.equal(delivered.length, 1);
    assert.ok(names(delivered[0]!).includes('web-0'));
  });
});
