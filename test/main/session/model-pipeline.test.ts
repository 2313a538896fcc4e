// The model pipeline is the main process's one coalescing window. These tests
// move a fake clock by hand: "nothing was built yet" is checked just before a
// window closes, and "built at once" with the clock not moved at all.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelUpdate } from '../../../main/contract/api.ts';
import { buildModel } from '../../../main/model/index.ts';
import type { ModelSource } from '../../../main/model/types.ts';
import { COST_FACTOR, ModelPipeline } from '../../../main/session/model-pipeline.ts';
import { node, objectsOf, pod } from '../../fixtures/session/objects.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';

const WINDOW = 100;
const CLUSTER: ModelSource = { kind: 'cluster', name: 'lab', namespaces: [] };
const OTHER: ModelSource = { kind: 'cluster', name: 'other', namespaces: [] };

/** Objects with `pods` pods on one node: the pod count tells which delivery a model was built from. */
const objects = (pods: number) =>
  objectsOf([node('n1', '10.0.0.1'), ...Array.from({ length: pods }, (_, k) => pod({ name: `p${k}`, node: 'n1', ip: `10.1.0.${k + 1}` }))]);

function pipeline(): { models: ModelUpdate[]; times: number[]; pipe: ModelPipeline; clock: FakeClock; builds: () => number } {
  const clock = new FakeClock();
  const models: ModelUpdate[] = [];
  /** The clock's time of each model. */
  const times: number[] = [];
  let builds = 0;
  const pipe = new ModelPipeline({
    build: (o, s) => {
      builds += 1;
      return buildModel(o, s);
    },
    namespaces: () => [],
    coalesceMs: WINDOW,
    clock,
    onModel: (u) => {
      models.push(u);
      times.push(clock.now());
    },
  });
  return { models, times, pipe, clock, builds: () => builds };
}

const pods = (u: ModelUpdate | undefined) => u?.model.stats.pods;

/** A pipeline of the longest window WINDOW and these bounds, whose builds take `cost()` ms of the clock; with each model's time. */
function costing(cost: () => number, bounds: { minCoalesceMs: number; burstMs?: number }) {
  const clock = new FakeClock();
  const models: ModelUpdate[] = [];
  const times: number[] = [];
  const pipe = new ModelPipeline({
    build: (o, s) => {
      clock.elapse(cost());
      return buildModel(o, s);
    },
    namespaces: () => [],
    coalesceMs: WINDOW,
    ...bounds,
    clock,
    onModel: (u) => {
      models.push(u);
      times.push(clock.now());
    },
  });
  return { models, times, pipe, clock };
}

describe('model pipeline: one coalescing window', () => {
  test('the first objects of a source are built at once, with no timer left behind', () => {
    const { models, pipe, clock } = pipeline();
    pipe.show(objects(3), CLUSTER, false);
    assert.equal(models.length, 1, 'built without the clock moving');
    assert.equal(pods(models[0]), 3);
    assert.equal(clock.pending, 0);
  });

  test('a burst right after a build waits for the window the build opened, then the latest of it is built once', async () => {
    const { models, pipe, clock, builds } = pipeline();
    pipe.show(objects(1), CLUSTER, false);
    await clock.advance(10);
    for (let i = 2; i <= 10; i++) pipe.show(objects(i), CLUSTER, false);
    await clock.advance(WINDOW - 10 - 1);
    assert.equal(models.length, 1, 'nothing more within the window');
    await clock.advance(1);
    assert.deepEqual(models.map(pods), [1, 10]);
    assert.equal(builds(), 2);
    await clock.advance(10 * WINDOW);
    assert.equal(models.length, 2, 'and nothing after it');
  });

  test('a change after a quiet window is built at once', async () => {
    const { models, pipe, clock } = pipeline();
    pipe.show(objects(1), CLUSTER, false);
    await clock.advance(WINDOW);
    pipe.show(objects(2), CLUSTER, false);
    assert.deepEqual(models.map(pods), [1, 2]);
    assert.equal(clock.pending, 0);
  });

  test('under a steady stream, builds come one window apart, never closer, and the last change is built', async () => {
    const { models, times, pipe, clock } = pipeline();
    for (let i = 1; i <= 50; i++) {
      pipe.show(objects(i), CLUSTER, false);
      await clock.advance(10);
    }
    await clock.advance(WINDOW);
    assert.equal(pods(models.at(-1)), 50);
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= WINDOW, `builds ${times[i]! - times[i - 1]!} ms apart`);
    assert.ok(models.length <= 7, `${models.length} builds for 50 changes over 500 ms`);
  });

  test('after a switch (cancel), the new source is built at once even inside the old window, and the old pending build is dropped', async () => {
    const { models, pipe, clock } = pipeline();
    pipe.show(objects(1), CLUSTER, false);
    pipe.show(objects(2), CLUSTER, false);
    assert.equal(clock.pending, 1);
    pipe.cancel();
    pipe.show(objects(5), OTHER, false);
    assert.deepEqual(
      models.map((m) => [m.model.source.name, pods(m)]),
      [
        ['lab', 1],
        ['other', 5],
      ],
    );
    await clock.advance(10 * WINDOW);
    assert.equal(models.length, 2, 'the dropped build never comes');
  });

  test('`now` builds at once even with a build pending, and the pending one is dropped', async () => {
    const { models, pipe, clock } = pipeline();
    pipe.show(objects(1), CLUSTER, false);
    pipe.show(objects(2), CLUSTER, false);
    pipe.show(objects(3), CLUSTER, true);
    assert.deepEqual(models.map(pods), [1, 3]);
    await clock.advance(10 * WINDOW);
    assert.equal(models.length, 2);
  });
});

describe('model pipeline: a window that follows what a model costs', () => {
  const FRAME = 16;
  /** A pipeline with a frame as its shortest window, whose builds take `cost()` ms of the clock. */
  const adaptive = (cost: () => number) => costing(cost, { minCoalesceMs: FRAME });

  test("a new pod's next events (scheduled, then Running with its IP) wait a frame after the first, not the longest window", async () => {
    const { models, times, pipe, clock } = adaptive(() => 0);
    pipe.show(objects(1), CLUSTER, false);
    // kwok: ADDED at once, then scheduled 2 ms later and Running with its IP 14 ms later.
    await clock.advance(2);
    pipe.show(objects(2), CLUSTER, false);
    await clock.advance(12);
    pipe.show(objects(3), CLUSTER, false);
    await clock.advance(FRAME - 14 - 1);
    assert.equal(models.length, 1, 'nothing more within the frame');
    await clock.advance(1);
    assert.deepEqual(models.map(pods), [1, 3]);
    assert.deepEqual(times, [times[0], times[0]! + FRAME]);
    assert.equal(pipe.window, FRAME);
  });

  test('a build that costs more opens a window of COST_FACTOR times its cost, counted from its end', async () => {
    let cost = 10;
    const { models, times, pipe, clock } = adaptive(() => cost);
    pipe.show(objects(1), CLUSTER, false);
    const end = clock.now();
    assert.equal(pipe.window, COST_FACTOR * 10);
    pipe.show(objects(2), CLUSTER, false);
    await clock.advance(COST_FACTOR * 10 - 1);
    assert.equal(models.length, 1, 'the window is 4 × 10 ms');
    cost = 0;
    await clock.advance(1);
    assert.deepEqual(models.map(pods), [1, 2]);
    assert.equal(times[1], end + COST_FACTOR * 10);
    assert.equal(pipe.window, FRAME, 'a cheap build shrinks it again');
  });

  test("a build's cost is what the busy clock says, not the wall time it spanned (a build preempted by other processes)", async () => {
    const clock = new FakeClock();
    let cpu = 0;
    const times: number[] = [];
    const pipe = new ModelPipeline({
      build: (o, s) => {
        // 1 ms of work spread over 20 ms of the wall clock.
        cpu += 1;
        clock.elapse(20);
        return buildModel(o, s);
      },
      namespaces: () => [],
      coalesceMs: WINDOW,
      minCoalesceMs: FRAME,
      clock,
      busy: () => cpu,
      onModel: () => times.push(clock.now()),
    });
    pipe.show(objects(1), CLUSTER, false);
    assert.equal(pipe.window, FRAME, 'four times 1 ms is under the shortest window');
    const end = clock.now();
    pipe.show(objects(2), CLUSTER, false);
    await clock.advance(FRAME - 1);
    assert.equal(times.length, 1, 'still within the window, on the wall clock');
    await clock.advance(1);
    assert.deepEqual(times, [end, end + FRAME + 20]);
  });

  test('however costly a build, the window is at most coalesceMs', async () => {
    const { models, pipe, clock } = adaptive(() => 80);
    pipe.show(objects(1), CLUSTER, false);
    assert.equal(pipe.window, WINDOW);
    pipe.show(objects(2), CLUSTER, false);
    await clock.advance(WINDOW - 1);
    assert.equal(models.length, 1);
    await clock.advance(1);
    assert.equal(models.length, 2);
  });

  test('without minCoalesceMs the window stays coalesceMs, however cheap a build', () => {
    const { pipe } = pipeline();
    pipe.show(objects(1), CLUSTER, false);
    assert.equal(pipe.window, WINDOW);
  });
});

describe('model pipeline: a short burst after a quiet spell goes out at once (burstMs)', () => {
  const FRAME = 16;
  const BURST = 25;
  /** The session's bounds and burst, with builds that take `cost` ms of the clock each. */
  const bursting = (cost: number, burstMs = BURST) => costing(() => cost, { minCoalesceMs: 4, burstMs });

  test("a new pod's three events, 3 ms builds: each is built as it comes while the windows owed stay within the burst", async () => {
    const { models, times, pipe, clock } = bursting(3);
    const t0 = clock.now();
    // kwok: ADDED, scheduled 5 ms later, Running with its IP 14 ms after the ADDED.
    pipe.show(objects(1), CLUSTER, false);
    await clock.advance(2);
    pipe.show(objects(2), CLUSTER, false);
    await clock.advance(6);
    pipe.show(objects(3), CLUSTER, false);
    assert.deepEqual(models.map(pods), [1, 2, 3], 'the IP went out as it came');
    assert.deepEqual(times.map((t) => t - t0), [3, 8, 17]);
    assert.equal(clock.pending, 0);
    // Owed now: 12 (first) drained 2, + 12 (second), drained 6, + 12 (third) = 28, 3 over the burst.
    pipe.show(objects(4), CLUSTER, false);
    assert.equal(models.length, 3, 'a fourth event at once waits until the owed windows are back within the burst');
    await clock.advance(2);
    assert.equal(models.length, 3);
    await clock.advance(1);
    assert.deepEqual(models.map(pods), [1, 2, 3, 4]);
  });

  test('without a burst the same events wait out the windows, as before', async () => {
    const { models, times, pipe, clock } = bursting(3, 0);
    const t0 = clock.now();
    pipe.show(objects(1), CLUSTER, false);
    await clock.advance(2);
    pipe.show(objects(2), CLUSTER, false);
    await clock.advance(6);
    pipe.show(objects(3), CLUSTER, false);
    assert.deepEqual(models.map(pods), [1]);
    await clock.advance(100);
    assert.deepEqual(models.map(pods), [1, 3]);
    assert.deepEqual(times.map((t) => t - t0), [3, 3 + 12 + 3]);
  });

  test('under a steady stream the builds still take about a fifth of the time: one window apart once the burst is spent', async () => {
    const { models, times, pipe, clock } = bursting(3);
    for (let i = 1; i <= 500; i++) {
      pipe.show(objects(i), CLUSTER, false);
      await clock.advance(1);
    }
    await clock.advance(WINDOW);
    assert.equal(pods(models.at(-1)), 500, 'the last change is built');
    // Each 3 ms build owes 12 ms from its end: at most one build each 15 ms, past the first burst's few.
    const busy = 3 * models.length;
    assert.ok(busy <= 0.2 * (times.at(-1)! - times[0]!) + BURST + 3, `${models.length} builds (${busy} ms of building) in ${times.at(-1)! - times[0]!} ms`);
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    // A 3 ms build and its 12 ms window: what is owed drains between builds, so they neither come closer nor drift apart.
    assert.ok(gaps.slice(5).every((g) => g >= 15 && g <= 16), `after the burst, builds a build and a window apart: ${gaps.join(' ')}`);
    assert.ok(gaps.slice(0, 5).some((g) => g < 15), `the burst's builds came closer: ${gaps.join(' ')}`);
  });

  test("a switch (cancel) owes nothing: the new source is built at once, and its next change waits only for the new build's window", async () => {
    const { models, pipe, clock } = bursting(FRAME);
    pipe.show(objects(1), CLUSTER, false);
    pipe.cancel();
    pipe.show(objects(2), OTHER, false);
    await clock.advance(1);
    pipe.show(objects(3), OTHER, false);
    assert.equal(models.length, 2, 'the window of a 16 ms build (64 ms) is over the burst');
    pipe.cancel();
    pipe.show(objects(4), CLUSTER, false);
    assert.deepEqual(models.map(pods), [1, 2, 4]);
  });
});

describe('model pipeline: objects that can be read again are let go once built', () => {
  function releasing(namespaces: { current: string[] }) {
    const models: ModelUpdate[] = [];
    let reads = 0;
    const pipe = new ModelPipeline({ build: buildModel, namespaces: () => namespaces.current, coalesceMs: WINDOW, clock: new FakeClock(), onModel: (u) => models.push(u) });
    const given = objectsOf([node('n1', '10.0.0.1'), pod({ name: 'a', namespace: 'shop', node: 'n1', ip: '10.1.0.1' }), pod({ name: 'b', namespace: 'ops', node: 'n1', ip: '10.1.0.2' })]);
    const again = async () => {
      reads += 1;
      return structuredClone(given);
    };
    return { models, pipe, given, again, reads: () => reads };
  }

  test('shown() reads the objects again: what a saved snapshot holds is all of them, filtered as shown', async () => {
    const namespaces = { current: ['shop'] };
    const { pipe, given, again, reads } = releasing(namespaces);
    pipe.show(structuredClone(given), CLUSTER, true, undefined, again);
    assert.equal(reads(), 0, 'the build uses the objects given');
    const shown = await pipe.shown();
    assert.equal(reads(), 1, 'the objects were let go after the build, so they are read again');
    assert.deepEqual(shown?.pods?.map((p) => (p.metadata as { name?: string }).name), ['a']);
    assert.deepEqual(shown?.nodes, given.nodes);
  });

  test('a filter change reads the objects again and builds them; newer objects given meanwhile win', async () => {
    const namespaces = { current: ['shop'] };
    const { models, pipe, given, again, reads } = releasing(namespaces);
    pipe.show(structuredClone(given), CLUSTER, true, undefined, again);
    namespaces.current = [];
    await pipe.refilter();
    assert.equal(reads(), 1);
    assert.equal(pods(models.at(-1)), 2, 'both namespaces after the filter is cleared');

    namespaces.current = ['ops'];
    const refiltered = pipe.refilter();
    pipe.show(objects(5), CLUSTER, true);
    await refiltered;
    assert.equal(models.length, 3, 'the objects read again were not built over the newer ones');
    assert.equal(pods(models.at(-1)), 0, 'the newer objects, filtered to ops (they are all in default)');
  });

  test('objects with no way to read them again are kept and given back as they are', async () => {
    const { pipe } = pipeline();
    const given = objects(2);
    pipe.show(given, CLUSTER, true);
    assert.equal(await pipe.shown(), given);
  });
});
