// A recording opened in the app: the session plays it through the same model
// pipeline a live cluster's changes take (patches to the page), driven by an
// injected clock; pause, speed, a step either way and a seek each land on the
// model of that moment of the recording, and the Record button's recording of
// a live cluster opens as a recording of what it saw.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { buildModel } from '../../../main/model/build.ts';
import type { Delta } from '../../../main/model/delta.ts';
import type { ClusterObjects, KubeObject } from '../../../main/model/kube.ts';
import { storeObjects } from '../../../main/model/store.ts';
import { applyPatch } from '../../../main/model/patch.ts';
import type { LoadProgress, ModelUpdate } from '../../../main/contract/api.ts';
import { progressText } from '../../../renderer/app/status-text.ts';
import { translator } from '../../../renderer/app/strings.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { openRecordingBytes } from '../../../main/record/reader.ts';
import { openRecordingFile, RecordingWriter } from '../../../main/record/writer.ts';
import { Session } from '../../../main/session/session.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { ClusterStream } from '../../bench/stream.ts';
import { contextList, fakes, FAST, until } from './fakes.ts';
import { EventWalk, FakeEventFeed, podEvent, regardedPods } from '../../fixtures/recorded-events.ts';
import { normalizeEvent, RECENT_WARNING_MS, recentWarnings, staticEventFeed } from '../../../main/model/events.ts';

/** A recording of 100 changes, one every 100 ms, as text (or of `changes` changes every `everyMs`). */
function recordingText({ nodes = 3, pods = 30, seed = 4, changes = 100, everyMs = 100 } = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-'));
  try {
    const file = path.join(dir, 'r.karec');
    const objects = generateClusterObjects({ nodes, pods, seed });
    const stream = new ClusterStream(objects, { seed });
    const clock = new FakeClock(Date.parse('2026-12-01T10:00:00Z'));
    const writer = new RecordingWriter(openRecordingFile(file), objects, { source: { kind: 'cluster', name: 'kind', namespaces: [] }, checkpointMs: 3000, clock });
    for (let i = 0; i < changes; i++) {
      clock.elapse(everyMs);
      writer.write([stream.next() as Delta]);
    }
    writer.close();
    return fs.readFileSync(file, 'utf8');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const TEXT = recordingText();

/** The model after n changes, as the recording itself says, under the session's source. */
async function expected(n: number, source: AnatomyModel['source']): Promise<AnatomyModel> {
  const rec = await openRecordingBytes('r.karec', Buffer.from(TEXT));
  return buildModel(storeObjects(await rec.storeAfter(n)), source);
}

const options = (clock: FakeClock) => ({ env: {}, home: '/nonexistent', ...FAST, clock });

describe('a recording in the app', () => {
  test('plays through patches, pauses, steps, seeks and changes speed, each landing on that moment', async () => {
    const clock = new FakeClock();
    const session = await Session.open({ ...options(clock), demo: true }, fakes().deps);
    let patches = 0;
    session.on('view', (v) => {
      if (v.channel === 'patch') patches++;
    });
    const settled = () => clock.advance(FAST.coalesceMs * 2);
    try {
      const state = await session.loadSnapshotText('lesson.karec', TEXT);
      assert.equal(state.source.name, 'lesson.karec');
      const r0 = state.replay!;
      assert.deepEqual([r0.n, r0.changes, r0.playing, r0.duration], [0, 100, false, 10_000]);
      await settled();
      const source = session.model()!.model.source;
      assert.deepEqual(session.model()!.model, await expected(0, source));

      await session.replay({ action: 'play' });
      await clock.advance(2_050);
      await session.replay({ action: 'pause' });
      let s = session.state().replay!;
      assert.equal(s.playing, false);
      assert.equal(s.n, 20, 'played 2 s: 20 changes');
      await settled();
      assert.deepEqual(session.model()!.model, await expected(20, source));
      assert.ok(patches > 0, 'changes went to pages as patches');

      await session.replay({ action: 'step', by: 1 });
      await settled();
      assert.equal(session.state().replay!.n, 21);
      assert.deepEqual(session.model()!.model, await expected(21, source));

      await session.replay({ action: 'step', by: -5 });
      await settled();
      assert.equal(session.state().replay!.n, 16);
      assert.deepEqual(session.model()!.model, await expected(16, source));

      await session.replay({ action: 'seek', t: 7_450 });
      await settled();
      s = session.state().replay!;
      assert.deepEqual([s.n, s.t], [74, 7_450]);
      assert.deepEqual(session.model()!.model, await expected(74, source));

      await session.replay({ action: 'speed', speed: 4 });
      await session.replay({ action: 'play' });
      await clock.advance(1_000);
      await settled();
      s = session.state().replay!;
      assert.equal(s.playing, false, 'stopped at the end');
      assert.equal(s.n, 100, '4× plays the last 2.5 s in one');
      assert.deepEqual(session.model()!.model, await expected(100, source));
    } finally {
      await session.close();
    }
  });

  test('a far seek hands the page the model a full build of that moment gives (from a keyframe, as a patch or whole)', async () => {
    // Enough pods and changes for several keyframes (one per 500 objects changed), seeks farther than a short jump.
    const text = recordingText({ nodes: 12, pods: 600, seed: 7, changes: 4000, everyMs: 10 });
    const keyed = await openRecordingBytes('far.karec', Buffer.from(text), { keyframes: true });
    assert.ok(keyed.keyframes.length >= 3, `keyframes to seek from (${keyed.keyframes.length})`);
    const clock = new FakeClock();
    const session = await Session.open({ ...options(clock), demo: true }, fakes().deps);
    // The page's copy, kept as model-feed.ts keeps it: whole models, and patches to the revision they follow.
    let page: ModelUpdate | undefined;
    const channels: string[] = [];
    session.on('view', (v) => {
      channels.push(v.channel);
      if (v.channel === 'model') page = v.payload;
      else {
        assert.equal(v.payload.baseRevision, page?.revision, 'a patch follows the revision the page has');
        page = { revision: v.payload.revision, model: applyPatch(page!.model, v.payload.patch) };
      }
    });
    const settled = () => clock.advance(FAST.coalesceMs * 2);
    try {
      await session.loadSnapshotText('far.karec', text);
      await settled();
      const source = session.model()!.model.source;
      const plain = await openRecordingBytes('far.karec', Buffer.from(text));
      const land = async (what: string) => {
        await settled();
        const n = session.state().replay!.n;
        const full = buildModel(storeObjects(await plain.storeAfter(n)), source);
        assert.deepEqual(page?.model, full, `${what}: the page's model after ${n} changes`);
        assert.equal(page?.revision, session.model()!.revision, `${what}: the page has the last revision`);
      };
      await land('opened');
      const seen = new Set<string>();
      const seeks = [['far ahead', 37_000], ['far back', 9_000], ['a little back', 7_500], ['ahead again', 26_000], ['a little back again', 24_000], ['to the start', 0], ['to the end', 40_000], ['back from the end', 38_500]] as const;
      for (const [what, t] of seeks) {
        channels.length = 0;
        await session.replay({ action: 'seek', t });
        await land(what);
        assert.equal(channels.length, 1, `${what}: one model for the seek`);
        seen.add(channels[0]!);
      }
      // A seek that changes most pods goes whole, one that changes a few as a patch.
      assert.deepEqual([...seen].sort(), ['model', 'patch']);
      await session.replay({ action: 'step', by: -1 });
      await land('a step back');
      // Play goes on as patches from where the seek landed.
      await session.replay({ action: 'seek', t: 20_000 });
      await session.replay({ action: 'play' });
      await clock.advance(3_000);
      await session.replay({ action: 'pause' });
      await land('played on');
    } finally {
      await session.close();
    }
  });

  test('opening a recording tells the pages how far it has read, in MB, and the loading text says so in either language', async () => {
    const clock = new FakeClock();
    const session = await Session.open({ ...options(clock), demo: true }, fakes().deps);
    const told: LoadProgress[] = [];
    session.on('progress', (p) => told.push(p));
    try {
      // 9.4 MiB (the state line padded with spaces, which JSON allows), read in pieces of 4 MiB: progress while it
      // reads, and MB of 1,048,576 bytes (9.4 MiB would be 10 MB of 1,000,000; 9,856 of 1,024).
      const size = Math.round(9.4 * 1024 * 1024);
      const lines = TEXT.split('\n');
      lines[1] += ' '.repeat(size - Buffer.byteLength(TEXT));
      const padded = lines.join('\n');
      assert.equal(Buffer.byteLength(padded), size);
      await session.loadSnapshotText('lesson.karec', padded);
      const recording = told.filter((p) => p.resource === 'recording');
      assert.deepEqual(recording, [
        { resource: 'recording', loaded: 4, total: 9, done: false },
        { resource: 'recording', loaded: 8, total: 9, done: false },
        { resource: 'recording', loaded: 9, total: 9, done: true },
      ]);
      assert.equal(session.state().replay?.changes, 100);
    } finally {
      await session.close();
    }
    const p = { resource: 'recording', loaded: 12, total: 225, done: false };
    assert.deepEqual(progressText(p, translator('en')), { text: 'Opening the recording: 12 / 225 MB…', fraction: 12 / 225 });
    assert.equal(progressText(p, translator('ko'))?.text, '녹화를 여는 중: 12 / 225MB…');
    assert.equal(progressText({ ...p, done: true }, translator('en')), undefined);
  });

  test('a recording named on the command line (serve --snapshot lesson.karec) opens from its file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'replay-file-'));
    const clock = new FakeClock();
    try {
      const file = path.join(dir, 'lesson.karec');
      fs.writeFileSync(file, TEXT);
      const session = await Session.open({ ...options(clock), snapshot: file }, fakes().deps);
      try {
        assert.equal(session.state().replay?.changes, 100);
        await session.replay({ action: 'seek', t: 5_000 });
        await clock.advance(FAST.coalesceMs * 2);
        assert.deepEqual(session.model()!.model, await expected(50, session.model()!.model.source));
      } finally {
        await session.close();
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the Record button records the live cluster shown; what it hands back opens as a recording of it', async () => {
    const clock = new FakeClock();
    const f = fakes(contextList(['prod'], 'prod'));
    const session = await Session.open(options(clock), f.deps);
    try {
      await until(() => f.live.length === 1, 2000, 'live source');
      const objects = generateClusterObjects({ nodes: 2, pods: 10, seed: 8 });
      f.live[0].objects(objects);
      await clock.advance(FAST.coalesceMs * 2);
      await until(() => session.model() !== null, 2000, 'model');
      await assert.rejects(session.stopRecording(), /Nothing is being recorded/);
      const started = await session.startRecording();
      assert.equal(started.recording?.changes, 0);
      // A source that tells no deltas: the recording works them out from the objects.
      const stream = new ClusterStream(objects, { seed: 8 });
      let now: ClusterObjects = objects;
      for (let i = 0; i < 20; i++) {
        clock.elapse(50);
        const d = stream.next();
        const uid = (d.object.metadata as { uid: string }).uid;
        const rest = ((now[d.resource] ?? []) as KubeObject[]).filter((o) => (o.metadata as { uid: string }).uid !== uid);
        now = { ...now, [d.resource]: d.type === 'deleted' ? rest : [...rest, d.object] };
        f.live[0].objects(now);
      }
      await clock.advance(FAST.coalesceMs * 2);
      const { fileName, text } = await session.stopRecording();
      assert.match(fileName, /^prod-.*\.karec$/);
      // Kept until the page says it saved it: a failed save asks again and gets the same text.
      assert.equal(session.state().recording?.stopped, true);
      assert.deepEqual(await session.stopRecording(), { fileName, text });
      assert.equal((await session.recordingSaved()).recording, undefined);
      await assert.rejects(session.stopRecording(), /Nothing is being recorded/);
      const rec = await openRecordingBytes(fileName, Buffer.from(text));
      assert.equal(rec.ended, true);
      assert.ok(rec.changes >= 15, `changes recorded (${rec.changes})`);
      const source = session.model()!.model.source;
      assert.deepEqual(buildModel(storeObjects(await rec.storeAfter(rec.changes)), source), session.model()!.model);
      await assert.rejects(session.replay({ action: 'play' }), /No recording is open/);
    } finally {
      await session.close();
    }
  });

  test('the Record button records the events too, and the recording opened answers the details panel with the events of the moment shown', async () => {
    const clock = new FakeClock(Date.parse('2026-12-01T10:00:00Z'));
    const f = fakes(contextList(['prod'], 'prod'));
    const session = await Session.open(options(clock), f.deps);
    try {
      await until(() => f.live.length === 1, 2000, 'live source');
      const feed = new FakeEventFeed();
      f.live[0].events = feed;
      const objects = generateClusterObjects({ nodes: 2, pods: 10, seed: 8 });
      const walk = new EventWalk(objects, 9, clock.now());
      // A warning whose mark runs out 1,350 ms into the recording, with no event change to say so.
      const expiring = podEvent(objects.pods![0]!, 1002, 1, 1, clock.now() + FAST.coalesceMs * 2 - RECENT_WARNING_MS + 1350);
      const all = () => [...walk.events, expiring];
      feed.set(all());
      f.live[0].objects(objects);
      await clock.advance(FAST.coalesceMs * 2);
      await until(() => session.model() !== null, 2000, 'model');
      await session.startRecording();
      const started = clock.now();
      const held: { t: number; events: KubeObject[] }[] = [{ t: 0, events: all() }];
      const stream = new ClusterStream(objects, { seed: 8 });
      let now: ClusterObjects = objects;
      for (let i = 0; i < 40; i++) {
        clock.elapse(100);
        if (i % 4 === 0) {
          const d = stream.next();
          const uid = (d.object.metadata as { uid: string }).uid;
          const rest = ((now[d.resource] ?? []) as KubeObject[]).filter((o) => (o.metadata as { uid: string }).uid !== uid);
          now = { ...now, [d.resource]: d.type === 'deleted' ? rest : [...rest, d.object] };
          f.live[0].objects(now);
        } else {
          walk.step(clock.now());
          feed.set(all());
        }
        held.push({ t: clock.now() - started, events: all() });
      }
      const { fileName, text } = await session.stopRecording();
      await session.recordingSaved();
      assert.ok(!text.includes('managedFields'), 'events are recorded without managedFields');

      const tellings: number[] = [];
      session.on('events', (e) => tellings.push(e.changed.length));
      const state = await session.loadSnapshotText(fileName, text);
      assert.ok(state.replay, 'opened as a recording');
      const targets = regardedPods(held.flatMap((h) => h.events));
      for (const at of [0, 39, 12, 13, 40, 5, 5, 27]) {
        const { t, events } = held[at]!;
        tellings.length = 0;
        await session.replay({ action: 'seek', t });
        for (const target of targets) assert.deepEqual(session.eventsOf(target), staticEventFeed(events).answer(target), `events of ${target.name} at ${t} ms`);
        assert.deepEqual(new Set(session.eventsNow().warnings), recentWarnings(staticEventFeed(events).objects().map((e) => normalizeEvent(e)!), Date.parse(state.replay.started) + t).pods, `warning marks at ${t} ms`);
      }
      // Between two event changes (1,300 and 1,400 ms) the mark runs out, and comes back going back.
      const marked = (t: number) => session.eventsNow().warnings.includes((objects.pods![0]!.metadata as { uid: string }).uid);
      for (const [t, mark] of [[1320, true], [1380, false], [1330, true]] as const) {
        tellings.length = 0;
        await session.replay({ action: 'seek', t });
        assert.equal(marked(t), mark, `the expiring warning marks its pod at ${t} ms: ${mark}`);
        assert.equal(tellings.length, 1, `the pages are told of the marks at ${t} ms`);
      }
      // Playing on: the events follow the moment shown.
      await session.replay({ action: 'seek', t: held[20]!.t });
      await session.replay({ action: 'play' });
      await clock.advance(held[30]!.t - held[20]!.t);
      await session.replay({ action: 'pause' });
      const n = session.state().replay!.t;
      const last = [...held].reverse().find((h) => h.t <= n)!;
      for (const target of targets) assert.deepEqual(session.eventsOf(target), staticEventFeed(last.events).answer(target), `events of ${target.name} after playing to ${n} ms`);

      // A recording of format 1 has no events to show.
      await session.loadSnapshotText('old.karec', fs.readFileSync(path.join(import.meta.dirname, '../../fixtures/recordings/v1.karec'), 'utf8'));
      assert.deepEqual(session.eventsOf(targets[0]!), { state: 'none' });
    } finally {
      await session.close();
    }
  });

  test('a Record button recording stops by itself when full, says so in the session state, and keeps what it holds to save', async () => {
    const clock = new FakeClock();
    const f = fakes(contextList(['prod'], 'prod'));
    const objects = generateClusterObjects({ nodes: 2, pods: 10, seed: 8 });
    const session = await Session.open({ ...options(clock), recordingMaxBytes: 1 }, f.deps);
    try {
      await until(() => f.live.length === 1, 2000, 'live source');
      f.live[0].objects(objects);
      await clock.advance(FAST.coalesceMs * 2);
      await until(() => session.model() !== null, 2000, 'model');
      // Its first state alone does not fit: the start is refused, saying why.
      await assert.rejects(session.startRecording(), /too big to record in the app: its first state alone is 1 MB/);
      assert.equal(session.state().recording, undefined);
    } finally {
      await session.close();
    }
    const g = fakes(contextList(['prod'], 'prod'));
    const roomy = await Session.open({ ...options(clock), recordingMaxBytes: 70_000 }, g.deps);
    try {
      await until(() => g.live.length === 1, 2000, 'live source');
      g.live[0].objects(objects);
      await clock.advance(FAST.coalesceMs * 2);
      await until(() => roomy.model() !== null, 2000, 'model');
      await roomy.startRecording();
      const states: Array<{ full?: true } | undefined> = [];
      roomy.on('session', (s) => states.push(s.recording));
      const stream = new ClusterStream(objects, { seed: 8 });
      let now: ClusterObjects = objects;
      for (let i = 0; i < 400 && !roomy.state().recording?.full; i++) {
        clock.elapse(50);
        const d = stream.next();
        const uid = (d.object.metadata as { uid: string }).uid;
        const rest = ((now[d.resource] ?? []) as KubeObject[]).filter((o) => (o.metadata as { uid: string }).uid !== uid);
        now = { ...now, [d.resource]: d.type === 'deleted' ? rest : [...rest, d.object] };
        g.live[0].objects(now);
        await clock.advance(FAST.coalesceMs * 2);
      }
      const recording = roomy.state().recording;
      assert.equal(recording?.full, true, 'full reaches the session state');
      assert.ok(states.some((s) => s?.full), 'and the page is told');
      const { text } = await roomy.stopRecording();
      assert.ok(text.length <= 70_000);
      const rec = await openRecordingBytes('full.karec', Buffer.from(text));
      assert.equal(rec.ended, true);
      assert.equal(rec.changes, recording.changes);
    } finally {
      await roomy.close();
    }
  });
});
