// Recording and replay (issue 11, item 8), against its targets:
//   - recording a stream of 1,000 changes a second adds ≤ 5 % CPU to the app
//   - the file grows by ≤ 2 KB a change on average
//   - seeking anywhere in a 10-minute recording at 5,000 pods takes ≤ 200 ms
//
// CPU: the app's own work on the stream (applyDeltas on the model state at
// 5,000 pods, a batch every 100 ms as the live source coalesces) is run in
// real time twice, without and with the recorder writing to a file, and the
// process's CPU time (process.cpuUsage) of each is printed with their
// difference as a share of one core; beside it, the CPU measured around the
// recorder's calls alone, state lines included. Bytes: what the file grew by
// over the changes. Seek: a synthetic 10-minute recording at 5,000 pods and
// 1,000 changes a second (written through a clock the bench moves, so it
// takes the time it takes to write, not 10 minutes), then openRecording and
// storeAfter + buildModel at random moments and just before each state line
// (the farthest from one), two ways in the same run: A from a state line and
// buildModel (an export of one moment), B from keyframes (the app's timeline,
// main/record/reader.ts); then the app's seek end to end, through the session's
// ReplayPlayer and ModelPipeline with what goes to the page serialized, C the
// way it was (the difference from the model shown applied as deltas) and D
// with the ready state (model-pipeline.ts showState), twice each, alternating.
// Prints figures, asserts nothing.
//
//   node --import tsx test/bench/record.ts [--quick] [--seconds 30] [--minutes 10] [--rate 1000] [--pods 5000] [--skip-a]

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyDeltas, modelStateFrom, type ModelState } from '../../main/model/apply.ts';
import { buildModel } from '../../main/model/build.ts';
import type { Delta } from '../../main/model/delta.ts';
import { storeObjects } from '../../main/model/store.ts';
import type { ModelSource } from '../../main/model/types.ts';
import { openRecording } from '../../main/record/reader.ts';
import { collectGarbage } from '../../main/snapshot/collect-garbage.ts';
import { ModelPipeline } from '../../main/session/model-pipeline.ts';
import { ReplayPlayer, type ReplayOutput } from '../../main/session/replay.ts';
import { Recorder } from '../../main/record/recorder.ts';
import { openRecordingFile } from '../../main/record/writer.ts';
import type { Clock, TimerHandle } from '../../main/common/clock.ts';
import { generateClusterObjects } from './generate.ts';
import { heading, median, mib, ms, row } from './stats.ts';
import { ClusterStream } from './stream.ts';

export interface RecordBenchOptions {
  quick?: boolean;
  /** Seconds of real time for each CPU run; default 30 (12 with quick). */
  seconds?: number;
  /** Minutes of the seek recording; default 10 (2 with quick). */
  minutes?: number;
  rate?: number;
  pods?: number;
  /** Leaves out the A seeks (seconds each on a 10-minute recording), for a long run of the app's seeks. */
  skipA?: boolean;
}

const SOURCE: ModelSource = { kind: 'cluster', name: 'bench', server: 'https://127.0.0.1:6443', namespaces: [] };

/** A clock the bench moves by hand: writing a 10-minute recording takes what writing costs. */
class ManualClock implements Clock {
  constructor(public time = Date.parse('2026-12-01T09:00:00Z')) {}
  now(): number {
    return this.time;
  }
  setTimeout(): TimerHandle {
    throw new Error('not used');
  }
  clearTimeout(): void {}
}

/** The heap in use after full collections: what is held, not what is yet to be collected. */
function retainedHeap(): number {
  collectGarbage();
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export async function benchRecord(options: RecordBenchOptions = {}): Promise<void> {
  const rate = options.rate ?? 1000;
  const pods = options.pods ?? 5000;
  const nodes = Math.max(1, Math.round(pods / 50));
  const seconds = options.seconds ?? (options.quick ? 12 : 30);
  const minutes = options.minutes ?? (options.quick ? 2 : 10);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-record-'));
  heading(`Recording (issue 11, item 8): ${pods} pods on ${nodes} nodes, ${rate} changes/s; load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.availableParallelism()} cores`);
  try {
    const objects = generateClusterObjects({ nodes, pods, seed: 1 });
    const batch = Math.max(1, Math.round(rate / 10));

    // --- CPU and bytes, in real time ---
    const stream = new ClusterStream(objects, { seed: 1 });
    const total = rate * seconds;
    const batches: Delta[][] = [];
    for (let i = 0; i < total; i += batch) batches.push(Array.from({ length: Math.min(batch, total - i) }, () => stream.next()));
    const run = async (record: boolean): Promise<{ cpu: number; wall: number; writerCpu: number; recorder?: Recorder; firstBytes: number }> => {
      let state: ModelState = modelStateFrom(objects, SOURCE);
      const recorder = record ? new Recorder(openRecordingFile(path.join(dir, 'cpu.karec')), { source: SOURCE, givesDeltas: true }) : undefined;
      recorder?.objects(objects);
      const firstBytes = recorder?.bytes ?? 0;
      let writerCpu = 0;
      const cpu0 = cpuMs();
      const start = performance.now();
      for (let i = 0; i < batches.length; i++) {
        const due = start + i * 100;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        state = applyDeltas(state, batches[i]).state;
        if (recorder) {
          const c = cpuMs();
          recorder.update(objects, batches[i]);
          writerCpu += cpuMs() - c;
        }
      }
      const wall = performance.now() - start;
      const cpu = cpuMs() - cpu0;
      recorder?.close();
      return { cpu, wall, writerCpu, firstBytes, ...(recorder ? { recorder } : {}) };
    };
    const without = await run(false);
    const withWriter = await run(true);
    const share = (cpu: number, wall: number) => `${((cpu / wall) * 100).toFixed(1)} %`;
    row(`CPU, ${seconds} s of ${rate} changes/s, without recording`, share(without.cpu, without.wall), 'of a core');
    row('CPU, the same with the recorder', share(withWriter.cpu, withWriter.wall), 'of a core');
    row('added by recording (difference)', share(withWriter.cpu - without.cpu, withWriter.wall), 'of a core (target ≤ 5 %)');
    row("the recorder's own calls (state lines too)", share(withWriter.writerCpu, withWriter.wall), 'of a core');
    row('ratio with / without', `${(withWriter.cpu / without.cpu).toFixed(2)}×`);
    const rec = withWriter.recorder!;
    const grown = rec.bytes - withWriter.firstBytes;
    row('file grew by, a change on average', `${(grown / rec.changes).toFixed(0)} B`, '(target ≤ 2 KB)');
    row('first state line', mib(withWriter.firstBytes));

    // (update() is given the first objects each time: with the deltas known, it only keeps them for a later diff.)
    // --- seek in a 10-minute recording, written through a clock the bench moves ---
    const file = path.join(dir, 'seek.karec');
    const clock = new ManualClock();
    const seekStream = new ClusterStream(objects, { seed: 2 });
    const writing = performance.now();
    const recorder = new Recorder(openRecordingFile(file), { source: SOURCE, givesDeltas: true, clock });
    recorder.objects(objects);
    const first = recorder.bytes;
    const steps = minutes * 60 * 10;
    for (let i = 0; i < steps; i++) {
      clock.time += 100;
      recorder.update(objects, Array.from({ length: batch }, () => seekStream.next()));
    }
    recorder.close();
    const size = fs.statSync(file).size;
    row(`${minutes}-minute recording: changes, size`, `${recorder.changes}`, mib(size));
    row('  grew by, a change on average', `${((size - first) / recorder.changes).toFixed(0)} B`, '(target ≤ 2 KB)');
    row('  written in', ms(performance.now() - writing), '(stream generation included)');
    // The same moments, sought two ways in this one run: A as an export of one moment does (the nearest
    // state line read, the changes since, buildModel), B as the app's timeline does (keyframes kept while
    // the file is opened, main/record/reader.ts: the model at the nearest one, each object's last change since applied).
    const opening = performance.now();
    const recording = await openRecording(file);
    row('  opened (read and checked whole) in', ms(performance.now() - opening), `${recording.checkpoints.length} state lines`);
    const heapBefore = retainedHeap();
    const openingB = performance.now();
    const keyed = await openRecording(file, { keyframes: true });
    const openedB = performance.now() - openingB;
    row('  opened with keyframes in', ms(openedB), `${keyed.keyframes.length} keyframes, ${keyed.keyframesBuilt} with its model`);
    // A seek before the keyframes' models are built: from the nearest built one, or the model of its keyframe whole.
    const early: number[] = [];
    for (const n of [keyed.keyframes[keyed.keyframes.length - 1]!, keyed.keyframes[Math.floor(keyed.keyframes.length / 2)]! + 1]) {
      const t0 = performance.now();
      await keyed.modelStateAfter(n);
      early.push(performance.now() - t0);
    }
    row('  B seek before the models are built (the last keyframe, the middle one): ', early.map(ms).join(', '));
    const buildingB = performance.now();
    await keyed.buildKeyframes();
    // Not the model those seeks left (built whole, it shares nothing with the keyframes).
    keyed.dropCaches();
    row("  then the keyframes' models built in", ms(performance.now() - buildingB), `(the app: after the recording is shown, between other work); holding ${mib(retainedHeap() - heapBefore)} of heap after a full collection (the first one, the whole cluster, included)`);
    const at = (i: number) => Math.floor((((i * 7919) % 997) / 997) * recording.changes);
    const moments: number[] = [];
    for (let i = 0; i < (options.quick ? 8 : 16); i++) moments.push(at(i));
    // The farthest from a state line (A) and from a keyframe (B).
    const beforeStates = [...recording.checkpoints.slice(1).map((c) => c.n - 1), recording.changes];
    const beforeKeyframes = keyed.keyframes.slice(1).map((n) => n - 1);
    const step = Math.max(1, Math.floor(beforeKeyframes.length / (options.quick ? 8 : 16)));
    const farB = beforeKeyframes.filter((_, i) => i % step === 0);
    const objectsMs: number[] = [];
    const modelMs: number[] = [];
    const seekA = async (n: number): Promise<number> => {
      recording.dropCaches();
      const t0 = performance.now();
      const store = await recording.storeAfter(n);
      const t1 = performance.now();
      buildModel(storeObjects(store), recording.header.source);
      const t2 = performance.now();
      objectsMs.push(t1 - t0);
      modelMs.push(t2 - t1);
      return t2 - t0;
    };
    // From the keyframes alone each time, not stepping on from the last seek.
    const seekB = async (n: number): Promise<number> => {
      keyed.dropCaches();
      const t0 = performance.now();
      await keyed.modelStateAfter(n);
      return performance.now() - t0;
    };
    const randomA: number[] = [];
    const randomB: number[] = [];
    for (const n of moments) {
      if (!options.skipA) randomA.push(await seekA(n));
      randomB.push(await seekB(n));
    }
    const worstA: number[] = [];
    if (!options.skipA) for (const n of beforeStates) worstA.push(await seekA(n));
    const worstB: number[] = [];
    for (const n of [...farB, ...beforeStates]) worstB.push(await seekB(n));
    if (!options.skipA) row('  A seek + buildModel, random moments: median, max', ms(median(randomA)), ms(Math.max(...randomA)));
    row('  B seek with keyframes, the same moments: median, max', ms(median(randomB)), `${ms(Math.max(...randomB))} (target ≤ 200 ms)`);
    if (!options.skipA) row('  A just before each state line: median, max', ms(median(worstA)), ms(Math.max(...worstA)));
    row('  B just before keyframes and state lines: median, max', ms(median(worstB)), `${ms(Math.max(...worstB))} (target ≤ 200 ms)`);
    if (!options.skipA) {
      row('    A of which the objects (state line + changes): median', ms(median(objectsMs)));
      row('    A of which buildModel: median', ms(median(modelMs)));
    }
    // As a slider or play does: on from where the last seek landed, back and forth near one moment.
    const again: number[] = [];
    keyed.dropCaches();
    await keyed.modelStateAfter(at(3));
    for (let i = 0; i < 6; i++) {
      const t0 = performance.now();
      await keyed.modelStateAfter(Math.max(0, at(3) + (i % 2 === 0 ? -1 : 1) * 50 * (i + 1)));
      again.push(performance.now() - t0);
    }
    row('  B back and forth near the last seek (a slider): median, max', ms(median(again)), ms(Math.max(...again)));
    // The app's seek, end to end: the session's ReplayPlayer and ModelPipeline (main/session/replay.ts,
    // model-pipeline.ts), the model handed out and what goes to the page serialized (JSON, as the IPC and
    // the socket send it), two ways in this run: C as before (the objects at the moment from a keyframe, and
    // the difference from the model shown applied to it as deltas), D with the ready state (the keyframe's
    // model advanced to the moment, handed over as the patch from the model shown or whole).
    const appSeek = async (ready: boolean): Promise<{ random: number[]; far: number[]; whole: number; sending: number[] }> => {
      const source: ModelSource = { kind: 'snapshot', name: 'seek.karec', namespaces: [] };
      const stream = {};
      let whole = 0;
      let sent = 0;
      const pipeline = new ModelPipeline({
        build: buildModel,
        namespaces: () => [],
        coalesceMs: 100,
        minCoalesceMs: 16,
        onModel: (update, patch) => {
          if (!patch) whole++;
          const t0 = performance.now();
          JSON.stringify(patch ?? update);
          sent += performance.now() - t0;
        },
      });
      const output: ReplayOutput = {
        show: (objects, deltas, now) => pipeline.show(objects, source, now, deltas ? { stream, deltas } : undefined),
        changed: () => {},
        failed: (error) => {
          throw error;
        },
        ...(ready ? { state: (state: ModelState) => pipeline.showState(state, source, stream) } : {}),
      };
      keyed.dropCaches();
      const player = new ReplayPlayer(keyed, clock, output);
      await player.start();
      const sending: number[] = [];
      const seek = async (n: number): Promise<number> => {
        sent = 0;
        const t0 = performance.now();
        await player.seek(n === 0 ? 0 : keyed.timeOf(n - 1));
        sending.push(sent);
        return performance.now() - t0;
      };
      const random: number[] = [];
      for (const n of moments) random.push(await seek(n));
      const far: number[] = [];
      for (const n of farB) far.push(await seek(n));
      pipeline.stop();
      player.stop();
      return { random, far, whole, sending };
    };
    for (let round = 0; round < 2; round++) {
      for (const ready of [false, true]) {
        const { random, far, whole, sending } = await appSeek(ready);
        const way = ready ? 'D ready state (now)' : 'C deltas (before)';
        row(`  ${way} in the app, random moments: median, max`, ms(median(random)), `${ms(Math.max(...random))} (target ≤ 200 ms)`);
        row(`  ${way} in the app, just before keyframes: median, max`, ms(median(far)), `${ms(Math.max(...far))}; ${whole} of ${random.length + far.length + 1} models sent whole`);
        row(`    of which serializing what goes to the page: median, max`, ms(median(sending)), ms(Math.max(...sending)));
      }
    }
    row('  load average after', os.loadavg().map((l) => l.toFixed(2)).join(' '));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const value = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : undefined;
  };
  await benchRecord({ quick: args.includes('--quick'), seconds: value('seconds'), minutes: value('minutes'), rate: value('rate'), pods: value('pods'), skipA: args.includes('--skip-a') });
}
