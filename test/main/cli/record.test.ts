// `kube-anatomy record` on a source the test drives: what it writes opens as
// a recording whose end equals the source's last objects, it ends at
// --duration (an injected clock) or on Ctrl+C, and `export --recording --at`
// takes the model of the moment asked for. The flags' parsing too.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseAt, parseDuration, recordCommand, recordingAt } from '../../../main/cli/record-args.ts';
import { parseCommandLine, USAGE } from '../../../main/cli/args.ts';
import { recordingMoment, recordSource } from '../../../main/cli/record.ts';
import { buildModel } from '../../../main/model/build.ts';
import type { Delta } from '../../../main/model/delta.ts';
import type { ClusterObjects, KubeObject } from '../../../main/model/kube.ts';
import type { EventFeed } from '../../../main/model/events.ts';
import { eventKey, scrubObject } from '../../../main/record/format.ts';
import { EventWalk, FakeEventFeed } from '../../fixtures/recorded-events.ts';
import { openRecording } from '../../../main/record/reader.ts';
import { openRecordingFile } from '../../../main/record/writer.ts';
import type { ObjectSource, SourceHandlers } from '../../../main/source/object-source.ts';
import { FakeClock, settle } from '../../fixtures/fake-clock.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { ClusterStream } from '../../bench/stream.ts';
import { emptyStore, StoreDraft, storeObjects } from '../../../main/model/store.ts';

let dir: string;
before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'record-cli-'))));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A live-like source: all objects as added deltas first, then what the test pushes. */
class DrivenSource implements ObjectSource {
  readonly description = { kind: 'cluster' as const, name: 'kind-test', server: 'https://127.0.0.1:6443', namespaces: [] };
  readonly givesDeltas = true;
  handlers?: SourceHandlers;
  stopped = false;
  events?: EventFeed;
  #store = emptyStore();
  constructor(readonly first: ClusterObjects) {}
  start(handlers: SourceHandlers): void {
    this.handlers = handlers;
    queueMicrotask(() => {
      const adds: Delta[] = [];
      for (const list of ['nodes', 'pods', 'persistentVolumeClaims', 'persistentVolumes', 'namespaces'] as const) {
        for (const object of this.first[list] ?? []) adds.push({ type: 'added', resource: list, object });
      }
      this.push(adds);
    });
  }
  push(deltas: Delta[]): void {
    const draft = new StoreDraft(this.#store);
    for (const d of deltas) draft.apply(d);
    this.#store = draft.done();
    this.handlers!.deltas!(deltas);
    this.handlers!.objects(this.objects());
  }
  objects(): ClusterObjects {
    return storeObjects(this.#store);
  }
  async stop(): Promise<void> {
    this.stopped = true;
  }
}

describe('kube-anatomy record', () => {
  it('writes the first objects and every change until --duration, and the recording ends at the source\'s last objects', async () => {
    const objects = generateClusterObjects({ nodes: 3, pods: 30, seed: 2 });
    const stream = new ClusterStream(objects, { seed: 9 });
    const source = new DrivenSource(objects);
    const clock = new FakeClock();
    const file = path.join(dir, 'a.karec');
    const lines: string[] = [];
    const done = recordSource(source, openRecordingFile(file), { durationMs: 10_000, timeoutMs: 30_000, log: (l) => lines.push(l), interrupted: new Promise(() => {}), clock, checkpointMs: 3_000 });
    await settle();
    let pushed = 0;
    for (let i = 0; i < 40; i++) {
      await clock.advance(200);
      source.push([stream.next(), stream.next()]);
      pushed += 2;
    }
    const last = source.objects();
    await clock.advance(10_000);
    // After the duration, changes are no longer written.
    const result = await done;
    assert.equal(result.changes, pushed);
    assert.ok(source.stopped);
    assert.ok(lines.some((l) => /^recording: \d+ changes/.test(l)), 'prints progress');
    const rec = await openRecording(file);
    assert.equal(rec.ended, true);
    assert.equal(rec.changes, pushed);
    assert.ok(rec.checkpoints.length >= 3);
    assert.deepEqual(await rec.modelAt(rec.duration), buildModel(last, rec.header.source));
    // export --recording --at: the model at 1 s, by offset and by time of day.
    const at1 = rec.timeOf(rec.changesAt(1000) - 1);
    const expected = await rec.modelAt(1000);
    assert.deepEqual((await recordingMoment(file, parseAt('1s'), [], () => {})).model, expected);
    const iso = new Date(Date.parse(rec.header.started) + 1000).toISOString();
    assert.deepEqual((await recordingMoment(file, parseAt(iso), [], () => {})).model, expected);
    assert.ok(at1 <= 1000);
    await assert.rejects(recordingMoment(file, parseAt('99m'), [], () => {}), /--at 99m is after the recording ends/);
  });

  it('writes the source\'s events beside its objects: the recording gives back what its event watch held at each moment', async () => {
    const objects = generateClusterObjects({ nodes: 3, pods: 30, seed: 2 });
    const stream = new ClusterStream(objects, { seed: 9 });
    const source = new DrivenSource(objects);
    const feed = new FakeEventFeed();
    source.events = feed;
    const clock = new FakeClock(Date.parse('2026-12-01T10:00:00Z'));
    const walk = new EventWalk(objects, 4, clock.now());
    // Events the watch held before the first objects came: the recording starts with them.
    feed.set(walk.events);
    const file = path.join(dir, 'events.karec');
    const done = recordSource(source, openRecordingFile(file), { durationMs: 5_000, timeoutMs: 30_000, log: () => {}, interrupted: new Promise(() => {}), clock, checkpointMs: 1_000 });
    await settle();
    const startedAt = clock.now();
    const held: { t: number; events: KubeObject[] }[] = [{ t: 0, events: walk.events }];
    for (let i = 0; i < 30; i++) {
      await clock.advance(100);
      if (i % 2 === 0) source.push([stream.next()]);
      else {
        feed.set(walk.step(clock.now()));
        held.push({ t: clock.now() - startedAt, events: walk.events });
      }
    }
    await clock.advance(5_000);
    await done;
    const rec = await openRecording(file);
    assert.equal(rec.carriesEvents, true);
    assert.equal(rec.changes, 15);
    for (const { t, events } of [...held, held[3]!, held[0]!]) {
      const byKey = (list: readonly KubeObject[]) => list.map(scrubObject).sort((a, b) => eventKey(a).localeCompare(eventKey(b)));
      assert.deepEqual(byKey((await rec.eventsAt(t))!), byKey(events), `events at ${t} ms`);
    }
  });

  it('ends cleanly on Ctrl+C, and refuses to start when nothing came before it', async () => {
    const objects = generateClusterObjects({ nodes: 2, pods: 10, seed: 1 });
    const source = new DrivenSource(objects);
    let interrupt = () => {};
    const file = path.join(dir, 'b.karec');
    const done = recordSource(source, openRecordingFile(file), { timeoutMs: 30_000, log: () => {}, interrupted: new Promise((r) => (interrupt = r)), clock: new FakeClock() });
    await settle();
    interrupt();
    await done;
    const rec = await openRecording(file);
    assert.equal(rec.ended, true);
    assert.equal(rec.changes, 0);

    const silent: ObjectSource = { description: source.description, start() {}, async stop() {} };
    let stop = () => {};
    const early = recordSource(silent, openRecordingFile(path.join(dir, 'c.karec')), { timeoutMs: 30_000, log: () => {}, interrupted: new Promise((r) => (stop = r)), clock: new FakeClock() });
    stop();
    await assert.rejects(early, /interrupted before the first objects came/);
  });
});

describe('record flags', () => {
  it('reads lengths of time', () => {
    assert.equal(parseDuration('duration', '30s'), 30_000);
    assert.equal(parseDuration('duration', '10m'), 600_000);
    assert.equal(parseDuration('duration', '1h30m'), 5_400_000);
    assert.equal(parseDuration('duration', '1500ms'), 1500);
    assert.equal(parseDuration('duration', '2m30s'), 150_000);
    assert.equal(parseDuration('duration', '45'), 45_000);
    for (const bad of ['', 'soon', '10x', '-5s', 'm']) assert.throws(() => parseDuration('duration', bad), /--duration .*: expected a length of time/);
  });

  it('parses record and export --recording from the command line', () => {
    assert.deepEqual(parseCommandLine(['record', '--demo', '--out', 'x.karec', '--duration', '10m']), { command: 'record', source: { kind: 'demo' }, namespaces: [], out: 'x.karec', durationMs: 600_000, timeoutMs: 30_000 });
    const e = parseCommandLine(['export', '--recording', 'r.karec', '--at', '90s', '--out', 'x.svg']);
    assert.deepEqual(e.command === 'export' && e.recording, { file: 'r.karec', at: { raw: '90s', offsetMs: 90_000 } });
    assert.throws(() => parseCommandLine(['export', '--recording', 'r.karec', '--at', '1s', '--demo', '--out', 'x.svg']), /--demo and --recording cannot be combined/);
    assert.throws(() => parseCommandLine(['record', '--demo', '--out', 'x.karec', '--at', '1s']), /record does not take --at/);
    assert.throws(() => parseCommandLine(['serve', '--duration', '1s']), /serve does not take --duration/);
    assert.match(USAGE, /record    Write a source's changes/);
  });

  it('checks record and export --recording', () => {
    const source = { kind: 'demo' as const };
    assert.deepEqual(recordCommand('x.karec', '10m', undefined, source, []), { command: 'record', source, namespaces: [], out: 'x.karec', durationMs: 600_000, timeoutMs: 30_000 });
    assert.throws(() => recordCommand(undefined, undefined, undefined, source, []), /record needs --out/);
    assert.throws(() => recordCommand('x.svg', undefined, undefined, source, []), /must end in \.karec or \.jsonl/);
    assert.throws(() => recordCommand('x.jsonl', '0s', undefined, source, []), /more than 0/);
    assert.deepEqual(recordingAt('r.karec', '90s'), { file: 'r.karec', at: { raw: '90s', offsetMs: 90_000 } });
    assert.deepEqual(recordingAt('r.karec', 'end'), { file: 'r.karec', at: { raw: 'end', end: true } });
    assert.equal(recordingAt(undefined, undefined), undefined);
    assert.throws(() => recordingAt(undefined, '5s'), /--at needs --recording/);
    assert.throws(() => recordingAt('r.karec', undefined), /--recording needs --at/);
    assert.throws(() => recordingAt('r.karec', 'yesterday'), /--at yesterday: expected an offset/);
    assert.throws(() => recordingAt('r.karec', '2026-13-45T99:00:00Z'), /not a time/);
  });
});
