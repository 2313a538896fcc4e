// Recordings: written by RecordingWriter, read back by openRecording. A seek
// (nearest state line plus the changes after it) gives the same objects as
// replaying every change from the first state, and both give the model the
// live pipeline would have had; bad files are refused naming the line.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { buildModel } from '../../../main/model/build.ts';
import type { Delta } from '../../../main/model/delta.ts';
import { lazyObjects, type ClusterObjects, type KubeObject } from '../../../main/model/kube.ts';
import { Recorder } from '../../../main/record/recorder.ts';
import { emptyStore, StoreDraft, storeObjects, type ObjectStore } from '../../../main/model/store.ts';
import type { ModelSource } from '../../../main/model/types.ts';
import { applyMergePatch, eventKey, mergePatch, scrubObject } from '../../../main/record/format.ts';
import { looksLikeRecording, openRecording, openRecordingBytes } from '../../../main/record/reader.ts';
import { openRecordingFile, RecordingWriter } from '../../../main/record/writer.ts';
import { SnapshotError } from '../../../main/snapshot/error.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { ClusterStream } from '../../bench/stream.ts';
import { random } from '../../fixtures/random.ts';
import { EventWalk } from '../../fixtures/recorded-events.ts';

const SOURCE: ModelSource = { kind: 'cluster', name: 'kind-test', server: 'https://127.0.0.1:6443', namespaces: [] };
let dir: string;

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'record-test-'));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The objects a sequence of deltas leaves, folded as the live pipeline's store does. */
function fold(objects: ClusterObjects, deltas: readonly Delta[]): ObjectStore {
  const draft = new StoreDraft(emptyStore());
  for (const list of ['nodes', 'pods', 'persistentVolumeClaims', 'persistentVolumes', 'namespaces'] as const) {
    for (const object of objects[list] ?? []) draft.apply({ type: 'added', resource: list, object });
  }
  for (const d of deltas) draft.apply(d);
  return draft.done();
}

/** A recording of a generated cluster and `changes` changes, in batches of 1–5 a few ms apart. */
function record(file: string, changes: number, checkpointMs = 2_000): { objects: ClusterObjects; deltas: Delta[]; times: number[] } {
  const objects = generateClusterObjects({ nodes: 4, pods: 60, seed: 3 });
  const stream = new ClusterStream(objects, { seed: 5 });
  const clock = new FakeClock();
  const writer = new RecordingWriter(openRecordingFile(file), objects, { source: SOURCE, checkpointMs, clock });
  const deltas: Delta[] = [];
  const times: number[] = [];
  let batch = 0;
  while (deltas.length < changes) {
    clock.elapse(7 + (batch % 13) * 5);
    const size = Math.min(1 + (batch++ % 5), changes - deltas.length);
    const some = Array.from({ length: size }, () => stream.next());
    writer.write(some);
    for (const d of some) {
      deltas.push(d);
      times.push(writer.elapsed);
    }
  }
  writer.close();
  return { objects, deltas, times };
}

function model(store: ObjectStore) {
  return buildModel(storeObjects(store), SOURCE);
}

describe('recording round trip', () => {
  it('seeks to any change as replaying from the start does, and to the model of the unscrubbed objects', async () => {
    const file = path.join(dir, 'round.karec');
    const { objects, deltas, times } = record(file, 1500);
    const rec = await openRecording(file);
    assert.equal(rec.changes, deltas.length);
    assert.equal(rec.ended, true);
    assert.equal(rec.cutShort, undefined);
    assert.ok(rec.checkpoints.length >= 4, `several state lines to seek from (${rec.checkpoints.length})`);
    assert.deepEqual(rec.header.source, SOURCE);
    const first = await rec.storeAfter(0);
    const all = (await rec.changesFrom(first, 0, rec.changes)).deltas;
    assert.equal(all.length, deltas.length);
    assert.ok(fs.readFileSync(file, 'utf8').includes('"p":{"type":"modified"'), 'changes to objects held are written as patches');
    // At every state line, between them, and at the ends.
    const targets = new Set<number>([0, 1, rec.changes]);
    for (const c of rec.checkpoints) for (const n of [c.n - 1, c.n, c.n + 1, c.n + 37]) if (n >= 0 && n <= rec.changes) targets.add(n);
    for (const n of targets) {
      const seeked = await rec.storeAfter(n);
      const replayed = fold(storeObjectsAsInput(first), all.slice(0, n));
      assert.deepEqual(storeObjects(seeked), storeObjects(replayed), `objects after ${n} changes`);
      // Scrubbing drops nothing the model reads.
      assert.deepEqual(model(seeked), model(fold(objects, deltas.slice(0, n))), `model after ${n} changes`);
    }
    // By time: every change at or before it.
    const mid = times[700];
    assert.equal(rec.changesAt(mid), times.filter((t) => t <= mid).length);
    assert.deepEqual(await rec.modelAt(mid), model(fold(objects, deltas.slice(0, rec.changesAt(mid)))));
    assert.equal(rec.timeOf(700), mid);
  });
});

describe('seeking with keyframes', () => {
  it('lands, at random moments forward, back and again, on the model and objects replaying from the start gives', async () => {
    const file = path.join(dir, 'keyframes.karec');
    const { objects, deltas, times } = record(file, 1500);
    const plain = await openRecording(file);
    const first = await plain.storeAfter(0);
    const all = (await plain.changesFrom(first, 0, plain.changes)).deltas;
    // Close keyframes and a small bound, so that they are thinned several times over.
    const rec = await openRecording(file, { keyframes: { every: 9, maxVersions: 800 } });
    const frames = rec.keyframes;
    const unbounded = (await openRecording(file, { keyframes: { every: 9 } })).keyframes.length;
    // Thinned, yet not to a few: an object changed on both sides of a keyframe dropped is held once.
    assert.ok(frames.length >= 10 && frames.length * 4 < unbounded, `keyframes kept (${frames.length}) and thinned (${unbounded} without the bound)`);
    assert.equal(frames[0], 0);
    const rand = random(11);
    const targets: number[] = [];
    let n = 0;
    for (let i = 0; i < 80; i++) {
      const r = rand();
      if (r < 0.3) n = Math.floor(rand() * (rec.changes + 1));
      else if (r < 0.45) n = Math.max(0, n - 1 - Math.floor(rand() * 30)); // a little back
      else if (r < 0.6) n = Math.min(rec.changes, n + 1 + Math.floor(rand() * 30)); // a little on
      else if (r < 0.7) n = frames[Math.floor(rand() * frames.length)]! - (rand() < 0.5 ? 1 : 0); // at a keyframe, or just before it
      else if (r < 0.8) n = rec.checkpoints[Math.floor(rand() * rec.checkpoints.length)]!.n;
      // else: the same moment again
      targets.push(Math.max(0, n));
    }
    targets.push(rec.changes, 0, rec.changes);
    // Opening leaves the keyframes' models to build: seeks before (a few in a row, or one whole), and after buildKeyframes.
    assert.equal(rec.keyframesBuilt, 1, 'only the first keyframe has its model after opening');
    for (const [i, target] of targets.entries()) {
      if (i === 40) {
        await rec.buildKeyframes();
        assert.equal(rec.keyframesBuilt, frames.length, 'every keyframe has its model');
      }
      const state = await rec.modelStateAfter(target);
      assert.deepEqual(state.model, model(fold(objects, deltas.slice(0, target))), `model after ${target} changes (seek ${i})`);
      assert.deepEqual(storeObjects(state.store), storeObjects(fold(storeObjectsAsInput(first), all.slice(0, target))), `objects after ${target} changes (seek ${i})`);
      if (i % 7 === 0) assert.deepEqual(storeObjects(await rec.storeAfter(target)), storeObjects(state.store), `storeAfter agrees after ${target} changes`);
    }
    // By time, as the timeline asks.
    const mid = times[900]!;
    assert.deepEqual(await rec.modelAt(mid), model(fold(objects, deltas.slice(0, rec.changesAt(mid)))));
  });

  it('says the line of a change to an object the recording does not hold, when it opens', async () => {
    const file = path.join(dir, 'unheld.karec');
    record(file, 40);
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    const at = lines.findIndex((l) => l.includes('"p":{"type":"modified"'));
    lines[at] = lines[at]!.replace(/"key":"[^"]*"/, '"key":"nobody"');
    fs.writeFileSync(file, lines.join('\n'));
    await assert.rejects(openRecording(file, { keyframes: true }), (e: unknown) => e instanceof SnapshotError && e.message.includes(`line ${at + 1}`) && e.message.includes('does not hold'));
  });
});

function storeObjectsAsInput(store: ObjectStore): ClusterObjects {
  return storeObjects(store);
}

describe('scrubObject', () => {
  it('drops managedFields, the last-applied annotation and env values, keeping env names, and leaves its input alone', () => {
    const pod = {
      metadata: {
        name: 'web',
        uid: 'u1',
        resourceVersion: '7',
        managedFields: [{ manager: 'kubectl' }],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"env":"secret"}', keep: 'yes' },
      },
      spec: {
        containers: [{ name: 'app', image: 'nginx', env: [{ name: 'PASSWORD', value: 'hunter2' }, { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }],
        initContainers: [{ name: 'init', env: [{ name: 'A', value: 'b' }] }],
      },
    } as KubeObject;
    const copy = structuredClone(pod);
    const scrubbed = scrubObject(pod);
    assert.deepEqual(pod, copy, 'the input is unchanged');
    const text = JSON.stringify(scrubbed);
    for (const gone of ['managedFields', 'last-applied', 'hunter2', 'secretKeyRef', '"b"']) assert.ok(!text.includes(gone), `${gone} is gone`);
    assert.deepEqual((scrubbed as any).spec.containers[0].env, [{ name: 'PASSWORD' }, { name: 'TOKEN' }]);
    assert.deepEqual((scrubbed as any).metadata.annotations, { keep: 'yes' });
    assert.equal((scrubbed as any).metadata.resourceVersion, '7');
  });

  it('writes no env value or managedFields into the file', async () => {
    const file = path.join(dir, 'secret.karec');
    const objects: ClusterObjects = {
      gaps: [],
      nodes: [],
      pods: [{ metadata: { name: 'p', namespace: 'd', uid: 'p1', managedFields: [{ manager: 'x' }] }, spec: { containers: [{ name: 'c', image: 'i', env: [{ name: 'K', value: 'topsecret' }] }] } }],
      persistentVolumeClaims: [],
      persistentVolumes: [],
      namespaces: [],
    };
    const writer = new RecordingWriter(openRecordingFile(file), objects, { source: SOURCE, clock: new FakeClock() });
    writer.write([{ type: 'modified', resource: 'pods', object: { ...objects.pods![0], metadata: { ...(objects.pods![0] as any).metadata, resourceVersion: '2' } } }]);
    writer.close();
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(!text.includes('topsecret') && !text.includes('managedFields'));
    assert.ok(text.includes('"name":"K"'));
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  });
});

/** Events as a recording keeps them: scrubbed, by key. */
function byKey(events: readonly KubeObject[]): KubeObject[] {
  return events.map(scrubObject).sort((a, b) => eventKey(a).localeCompare(eventKey(b)));
}

function event(uid: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Event', metadata: { uid, name: uid, namespace: 'default' } };
}

describe('events in a recording', () => {
  it('gives back, at any moment forward, back and again, the events the watch held then, without managedFields', async () => {
    const file = path.join(dir, 'events.karec');
    const objects = generateClusterObjects({ nodes: 3, pods: 30, seed: 8 });
    const stream = new ClusterStream(objects, { seed: 8 });
    const clock = new FakeClock(Date.parse('2026-12-01T10:00:00Z'));
    const walk = new EventWalk(objects, 8, clock.now());
    const writer = new RecordingWriter(openRecordingFile(file), objects, { source: SOURCE, checkpointMs: 1_500, clock, events: walk.events });
    const held: { t: number; events: KubeObject[] }[] = [{ t: 0, events: walk.events }];
    for (let i = 0; i < 120; i++) {
      clock.elapse(50 + (i % 7) * 10);
      if (i % 3 === 0) writer.write([stream.next()]);
      else writer.writeEvents(walk.step(clock.now()));
      held.push({ t: writer.elapsed, events: walk.events });
    }
    writer.close();
    const text = fs.readFileSync(file, 'utf8');
    assert.ok(!text.includes('managedFields'), 'events are kept without managedFields');
    assert.ok(/"e":\{"type":"deleted"/.test(text) && /"e":\{"type":"modified"/.test(text), 'added, modified and deleted events are written');
    const rec = await openRecording(file);
    assert.equal(rec.carriesEvents, true);
    assert.equal(rec.changes, 40, 'event changes are not steps of the timeline');
    assert.ok(text.split('\n').filter((l) => l.includes('"en":')).length >= 3, 'every state line has its events line');
    const rand = random(3);
    let i = 0;
    const order: number[] = [];
    for (let k = 0; k < 100; k++) {
      const r = rand();
      i = r < 0.4 ? Math.floor(rand() * held.length) : r < 0.7 ? Math.min(held.length - 1, i + 1 + Math.floor(rand() * 5)) : r < 0.9 ? Math.max(0, i - 1 - Math.floor(rand() * 5)) : i;
      order.push(i);
    }
    for (const at of [0, ...order, held.length - 1]) {
      const { t, events } = held[at]!;
      assert.deepEqual(byKey((await rec.eventsAt(t))!), byKey(events), `events at ${t} ms`);
    }
    // Between two steps: those of the one before.
    assert.deepEqual(byKey((await rec.eventsAt(held[50]!.t + 1))!), byKey(held[50]!.events));
    // From the file opened afresh, as an export of one moment reads it (main/cli/record.ts recordingMoment).
    const fresh = await openRecording(file);
    assert.deepEqual(byKey((await fresh.eventsAt(held[77]!.t))!), byKey(held[77]!.events));
    assert.deepEqual(byKey((await (await openRecording(file)).eventsAt(fresh.duration))!), byKey(held.at(-1)!.events));
  });

  it('opens a recording of format 1 (no events) as before: its model, and no events', async () => {
    const file = path.join(import.meta.dirname, '../../fixtures/recordings/v1.karec');
    for (const rec of [await openRecording(file), await openRecording(file, { keyframes: true })]) {
      assert.equal(rec.header.kubeAnatomyRecording, 1);
      assert.equal(rec.changes, 24);
      assert.equal(rec.carriesEvents, false);
      assert.equal(await rec.eventsAt(rec.duration), undefined);
      assert.equal(await (await openRecording(file)).eventsAt(0), undefined);
      const first = await rec.storeAfter(0);
      const { store } = await rec.changesFrom(first, 0, rec.changes);
      assert.deepEqual(await rec.modelAt(rec.duration), buildModel(storeObjects(store), rec.header.source));
      assert.deepEqual(await rec.modelAt(1_000), buildModel(storeObjects(await rec.storeAfter(rec.changesAt(1_000))), rec.header.source));
    }
  });

  it('refuses event lines a recording does not announce, or that miscount, naming the line', async () => {
    const v1 = fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/recordings/v1.karec'), 'utf8').split('\n');
    const lines = [...v1];
    lines.splice(3, 0, '{"t":150,"e":{"type":"added","object":{"metadata":{"uid":"x"}}}}');
    await assert.rejects(openRecordingBytes('old.karec', Buffer.from(lines.join('\n'))), /old\.karec \(line 4\): holds events, but the header does not say/);
    const v2 = [v1[0]!.replace('"kubeAnatomyRecording":1', '"kubeAnatomyRecording":2,"events":true'), v1[1]!, '{"t":0,"en":3,"events":[]}', ...v1.slice(2)];
    await assert.rejects(openRecordingBytes('new.karec', Buffer.from(v2.join('\n'))), /new\.karec \(line 3\): says 3 event changes came before it, but 0 did/);
  });
});

describe('events lines', () => {
  const header = '{"kubeAnatomyRecording":2,"events":true,"source":{"kind":"cluster","name":"x","namespaces":[]},"started":"2026-12-01T10:00:00.000Z","resources":["nodes","pods","persistentVolumeClaims","persistentVolumes","namespaces"],"checkpointMs":1000}';
  const state = (t: number) => `{"t":${t},"n":0,"state":{"nodes":[],"pods":[],"persistentVolumeClaims":[],"persistentVolumes":[],"namespaces":[],"unread":[],"gaps":[]}}`;

  it('refuses an events line that does not directly follow a state line, naming its line; a file cut in an events line still opens', async () => {
    const good = [header, state(0), '{"t":0,"en":0,"events":[]}', `{"t":5,"e":${JSON.stringify({ type: 'added', object: event('a') })}}`];
    const rec = await openRecordingBytes('good.karec', Buffer.from(good.join('\n') + '\n'));
    assert.deepEqual(byKey((await rec.eventsAt(5))!), [event('a')]);
    await assert.rejects(openRecordingBytes('stray.karec', Buffer.from([...good, '{"t":6,"en":1,"events":[]}'].join('\n') + '\n')), /stray\.karec \(line 5\): is an events line that does not follow a state line/);
    await assert.rejects(openRecordingBytes('twice.karec', Buffer.from([...good.slice(0, 3), '{"t":0,"en":0,"events":[]}'].join('\n') + '\n')), /twice\.karec \(line 4\): is an events line that does not follow a state line/);
    await assert.rejects(openRecordingBytes('first.karec', Buffer.from([header, '{"t":0,"en":0,"events":[]}', state(0)].join('\n') + '\n')), /first\.karec \(line 2\): is an events line that does not follow a state line/);
    // The writer's state and events lines come in one write: a crash may cut the events line, the state line before it stays.
    const cut = [...good, state(7), '{"t":7,"en":1,"events":[{"metadata":'].join('\n');
    const short = await openRecordingBytes('cut.karec', Buffer.from(cut));
    assert.equal(short.cutShort, 6);
    assert.deepEqual(byKey((await short.eventsAt(7))!), [event('a')]);
  });

  it('finds the events line to start from among many state lines, as the last one with at most the changes asked for', async () => {
    // Each events line holds only its own marker, which replaying from an earlier one would not give: a base
    // found too early or too late shows. Some state lines share their count (no event change between them).
    const rand = random(11);
    const lines = [header];
    const states: { en: number; events: KubeObject[] }[] = [];
    const changes: { t: number; event: KubeObject }[] = [];
    let t = 0;
    for (let k = 0; k < 300; k++) {
      t += 10;
      const events = [event(`base-${k}`)];
      lines.push(state(t), `{"t":${t},"en":${changes.length},"events":${JSON.stringify(events)}}`);
      states.push({ en: changes.length, events });
      for (let c = Math.floor(rand() * 4) - 1; c > 0; c--) {
        t += 10;
        const e = event(`change-${changes.length}`);
        lines.push(`{"t":${t},"e":${JSON.stringify({ type: 'added', object: e })}}`);
        changes.push({ t, event: e });
      }
    }
    assert.ok(states.filter((s, i) => i > 0 && s.en === states[i - 1]!.en).length > 20, 'state lines share counts');
    const rec = await openRecordingBytes('many.karec', Buffer.from(lines.join('\n') + '\n'));
    const expected = (at: number): KubeObject[] => {
      const count = changes.filter((c) => c.t <= at).length;
      let base = states[0]!;
      for (const s of states) if (s.en <= count) base = s;
      return byKey([...base.events, ...changes.slice(base.en, count).map((c) => c.event)]);
    };
    const moments = Array.from({ length: t / 5 + 2 }, (_, i) => i * 5);
    const shuffled = moments.map((m) => ({ m, r: rand() })).sort((a, b) => a.r - b.r).map((x) => x.m);
    for (const at of [...moments, ...shuffled, ...moments.toReversed()]) assert.deepEqual(byKey((await rec.eventsAt(at))!), expected(at), `events at ${at} ms`);
  });
});

describe('the writer\'s time', () => {
  it('never goes back when the wall clock steps back, so the reader opens the recording', async () => {
    const file = path.join(dir, 'clock-back.karec');
    const objects = generateClusterObjects({ nodes: 2, pods: 10, seed: 4 });
    const stream = new ClusterStream(objects, { seed: 4 });
    const clock = new FakeClock();
    const writer = new RecordingWriter(openRecordingFile(file), objects, { source: SOURCE, checkpointMs: 100, clock, events: [] });
    clock.elapse(500);
    writer.write([stream.next()]);
    clock.elapse(-400); // NTP sets the clock back
    writer.write([stream.next()]);
    writer.writeEvents([event('late')]);
    clock.elapse(50);
    writer.write([stream.next()]);
    clock.elapse(-1_000); // before the start
    writer.close();
    const times = fs.readFileSync(file, 'utf8').trim().split('\n').slice(1).map((l) => (JSON.parse(l) as { t: number }).t);
    // The first state and its events at 0, then a change, a state and its events at 500; after, all held at 500.
    assert.deepEqual(times, [0, 0, 500, 500, 500, 500, 500, 500, 500], 'held at the last time written');
    const rec = await openRecording(file);
    assert.equal(rec.changes, 3);
    assert.equal(rec.duration, 500);
  });
});

describe('untrusted recordings', () => {
  let good: string[];
  before(() => {
    const file = path.join(dir, 'base.karec');
    record(file, 40, 100);
    good = fs.readFileSync(file, 'utf8').split('\n');
  });

  async function refused(lines: string[], pattern: RegExp, options = {}): Promise<SnapshotError> {
    const file = path.join(dir, 'bad.karec');
    fs.writeFileSync(file, lines.join('\n'));
    const error = await openRecording(file, options).then(
      () => assert.fail('opened'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof SnapshotError, String(error));
    assert.match(error.message, pattern);
    assert.ok(error.message.startsWith(file), 'names the file');
    return error;
  }

  it('says where JSON breaks, by line and column', async () => {
    const lines = [...good];
    const at = lines[4].indexOf('"d":') + 3;
    lines[4] = lines[4].slice(0, at) + lines[4].slice(at + 1);
    const error = await refused(lines, new RegExp(`line 5, column ${at + 1}\\): is not JSON`));
    assert.equal(error.line, 5);
  });

  it('refuses a file that is not a recording, another version, a bad header', async () => {
    await refused(['{"apiVersion":"v1","kind":"List","items":[]}', ''], /line 1\): not a Kube Anatomy recording/);
    await refused([good[0].replace('"kubeAnatomyRecording":2', '"kubeAnatomyRecording":9'), ...good.slice(1)], /line 1\): recording format 9/);
    await refused([''], /line 1\): is empty: a recording starts with its header$/);
  });

  it('refuses lines of the wrong shape, naming them', async () => {
    const lines = [...good];
    lines[3] = '{"t":5,"d":{"type":"added","resource":"secrets","object":{}}}';
    await refused(lines, /line 4\): "d.resource" must be one of/);
    lines[3] = '[1,2]';
    await refused(lines, /line 4\): a line must be a JSON object/);
    lines[3] = '';
    await refused(lines, /line 4\): is an empty line/);
  });

  it('refuses time going back, a change before the first state, a wrong count, lines after the end', async () => {
    const lines = [...good];
    const last = lines.length - 2; // the end line; the file ends with a newline
    lines.splice(3, 0, '{"t":0,"d":{"type":"gaps","gaps":[],"unread":[]}}');
    await refused(lines, /line 4\): goes back in time/);
    await refused([good[0], good[2], ...good.slice(1)], /line 2\): is a change before the first state/);
    await refused([good[0], good[1], good[2], good[1].replace('"n":0', '"n":0')], /line 4\): (says 0 changes came before it, but 1 did|goes back)/);
    await refused([...good.slice(0, last + 1), good[2]], new RegExp(`line ${last + 2}\\): comes after the end line`));
  });

  it('refuses a line nested too deep, and a line too long', async () => {
    const deep = '{"t":999999,"d":{"type":"added","resource":"pods","object":{"x":' + '['.repeat(300) + ']'.repeat(300) + '}}}';
    const lines = [...good];
    lines.splice(lines.length - 2, 0, deep);
    await refused(lines, /nests values more than 200 levels deep/);
    await refused(good, /line 2\): is longer than the limit of 0 MiB/, { maxLineBytes: 1000 });
  });

  it('opens a file cut short mid-line up to its last complete line', async () => {
    const text = good.join('\n');
    // Cut inside the 10th line (a change or a state).
    const cut = good.slice(0, 9).join('\n').length + 1 + Math.floor(good[9].length / 2);
    const file = path.join(dir, 'cut.karec');
    fs.writeFileSync(file, text.slice(0, cut));
    const rec = await openRecording(file);
    assert.equal(rec.cutShort, 10);
    assert.equal(rec.ended, false);
    const whole = await openRecording(path.join(dir, 'base.karec'));
    const complete = good.slice(1, 9).filter((l) => /^{"t":\d+,"[dp]":/.test(l)).length;
    assert.equal(rec.changes, complete);
    assert.deepEqual(storeObjects(await rec.storeAfter(complete)), storeObjects(await whole.storeAfter(complete)));
    // Cut before its first state: nothing to open.
    fs.writeFileSync(file, good[0] + '\n' + good[1].slice(0, 100));
    await assert.rejects(openRecording(file), /line 2\): holds no state: it was cut short before its first state/);
  });
});

describe('merge patches', () => {
  const cases: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['a field changed, one gone, one new', { a: 1, b: { c: 2, d: 3 }, e: 'x' }, { a: 2, b: { c: 2 }, f: [1, 2] }],
    ['an array item by item', { s: [{ type: 'Ready', status: 'False', reason: 'x' }, { type: 'Scheduled', status: 'True' }] }, { s: [{ type: 'Ready', status: 'True' }, { type: 'Scheduled', status: 'True' }] }],
    ['an array of another length whole', { s: [1, 2] }, { s: [1, 2, 3] }],
    ['nulls inside arrays kept', { s: [{ p: null, q: 1 }] }, { s: [{ p: null, q: 2 }], t: [null] }],
    ['an object in place of an array', { s: [1] }, { s: { x: 1 } }],
    ['an array in place of an object', { s: { x: 1 } }, { s: [1] }],
  ];
  for (const [name, before, after] of cases) {
    it(`turns before into after: ${name}`, () => {
      const patch = mergePatch(before, after);
      assert.ok(patch, 'expressible');
      assert.deepEqual(applyMergePatch(before, patch), after);
    });
  }

  it('says when a patch cannot set a null, or would be read as an array patch', () => {
    assert.equal(mergePatch({ a: 1 }, { a: null }), undefined);
    assert.equal(mergePatch({ a: 1 }, { a: { b: null } }), undefined);
    assert.equal(mergePatch({ a: [1] }, { a: { $items: { 0: 2 } } }), undefined);
  });

  it('keeps a "__proto__" key as data, on either side', () => {
    const patched = applyMergePatch({ a: 1 }, JSON.parse('{"__proto__":{"polluted":1},"b":2}')) as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(patched), Object.prototype);
    assert.equal((patched as { polluted?: number }).polluted, undefined);
    assert.deepEqual(Object.getOwnPropertyDescriptor(patched, '__proto__')?.value, { polluted: 1 });
    const after = JSON.parse('{"a":1,"__proto__":{"x":1}}');
    const patch = mergePatch({ a: 1 }, after)!;
    assert.ok(Object.hasOwn(patch, '__proto__'));
    assert.equal(JSON.stringify(patch), '{"__proto__":{"x":1}}');
  });

  it('ignores an item index the array does not have', () => {
    assert.deepEqual(applyMergePatch({ a: [1, 2] }, { a: { $items: { 5: 9, '-1': 9, x: 9, 1: 3 } } }), { a: [1, 3] });
  });
});

describe('a recording from its bytes', () => {
  it('opens, seeks and refuses as a file does', async () => {
    const file = path.join(dir, 'bytes.karec');
    record(file, 200, 500);
    const bytes = fs.readFileSync(file);
    const told: Array<[string, number, number]> = [];
    const [a, b] = [
      await openRecording(file, { progress: (read, total) => told.push(['file', read, total]) }),
      await openRecordingBytes('bytes.karec', bytes, { progress: (read, total) => told.push(['bytes', read, total]) }),
    ];
    // The opening tells how far it has read, up to the whole, either way.
    assert.deepEqual(told.at(-1), ['bytes', bytes.length, bytes.length]);
    assert.deepEqual(told.filter((x) => x[0] === 'file').at(-1), ['file', bytes.length, bytes.length]);
    assert.equal(b.changes, a.changes);
    for (const n of [0, 57, 200]) assert.deepEqual(storeObjects(await b.storeAfter(n)), storeObjects(await a.storeAfter(n)));
    await assert.rejects(openRecordingBytes('x.karec', Buffer.from('{"kubeAnatomyRecording":1}\n')), /x\.karec \(line 1\): the header's "source"/);
    assert.ok(looksLikeRecording('a.KAREC', '') && looksLikeRecording('a.json', bytes.toString('utf8', 0, 60)) && !looksLikeRecording('a.json', '{"apiVersion":"v1"'));
  });
});

describe('openRecordingFile', () => {
  it('makes the file owner-only, also one that was there with wider permissions', { skip: process.platform === 'win32' }, () => {
    const file = path.join(dir, 'was-there.karec');
    fs.writeFileSync(file, 'an older, longer file that the recording replaces\n', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    const sink = openRecordingFile(file);
    sink.write('x\n');
    sink.close();
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.equal(fs.readFileSync(file, 'utf8'), 'x\n');
    const fresh = path.join(dir, 'fresh.karec');
    openRecordingFile(fresh).close();
    assert.equal(fs.statSync(fresh).mode & 0o777, 0o600);
  });
});

describe('a recording across a reconnect', () => {
  it('writes what changed since what it holds, though the objects it was given last were read late from a source that stopped', async () => {
    const lines: string[] = [];
    const sink = { write: (text: string) => void lines.push(text), close: () => {} };
    const recorder = new Recorder(sink, { source: SOURCE, givesDeltas: true, clock: new FakeClock() });
    const pod = (name: string): KubeObject => ({ kind: 'Pod', apiVersion: 'v1', metadata: { name, namespace: 'shop', uid: `uid-${name}`, resourceVersion: '1' }, spec: {} });
    // The old source's store, which its lists are copied from when read.
    const store = new Map([pod('web'), pod('gone')].map((p) => [(p.metadata as { name: string }).name, p]));
    recorder.update({ gaps: [], pods: [...store.values()] }, undefined);
    // A delivery with its deltas (none here): its lists are not read.
    recorder.update(lazyObjects([], { pods: () => [...store.values()] }), []);
    // Deleted on the cluster; the old source stops before it delivers that, and a new one lists.
    store.delete('gone');
    recorder.update({ gaps: [], pods: [pod('web')] }, undefined);
    recorder.close();
    const recording = await openRecordingBytes('reconnect.jsonl', new TextEncoder().encode(lines.join('')));
    const last = storeObjects(await recording.storeAfter(recording.changes));
    assert.deepEqual((last.pods ?? []).map((p) => (p.metadata as { name: string }).name), ['web']);
  });
});
