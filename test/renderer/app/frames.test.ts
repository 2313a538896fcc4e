// latestPerFrame with frames run by hand: a burst is handled once per frame, as
// its last value, and flush() hands over the waiting value at once. Work
// that overran a frame is paced on a clock the test moves: the next value
// waits a share of what the work usually takes, and the last value is still
// handled.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FRAME_BUDGET, IDLE_CREDIT_MS, latestPerFrame, type Pace } from '../../../renderer/app/frames.ts';
import { Frames } from '../../fixtures/frames.ts';

test('values handed in between two frames are handled once, at the frame, as the last of them', () => {
  const frames = new Frames();
  const seen: number[] = [];
  const latest = latestPerFrame<number>(frames, (v) => seen.push(v));
  for (let i = 1; i <= 5; i++) latest.push(i);
  assert.deepEqual(seen, [], 'nothing before the frame');
  assert.equal(frames.requested, 1, 'one frame asked for, not one per value');
  assert.ok(latest.pending());
  frames.frame();
  assert.deepEqual(seen, [5]);
  assert.ok(!latest.pending());
  frames.frame();
  assert.deepEqual(seen, [5], 'an idle frame does nothing');
  latest.push(6);
  frames.frame();
  assert.deepEqual(seen, [5, 6]);
  assert.equal(frames.requested, 2);
});

test('flush hands over the waiting value at once and gives its frame back', () => {
  const frames = new Frames();
  const seen: string[] = [];
  const latest = latestPerFrame<string>(frames, (v) => seen.push(v));
  latest.push('a');
  latest.push('b');
  latest.flush();
  assert.deepEqual(seen, ['b']);
  assert.equal(frames.pending, 0, 'the frame was cancelled');
  latest.flush();
  assert.deepEqual(seen, ['b'], 'nothing waits, nothing runs');
});

test('a value handed in while one is being handled waits for the next frame', () => {
  const frames = new Frames();
  const seen: number[] = [];
  const latest = latestPerFrame<number>(frames, (v) => {
    seen.push(v);
    if (v === 1) latest.push(2);
  });
  latest.push(1);
  frames.frame();
  assert.deepEqual(seen, [1]);
  frames.frame();
  assert.deepEqual(seen, [1, 2]);
});

test('cancel forgets the waiting value', () => {
  const frames = new Frames();
  const seen: number[] = [];
  const latest = latestPerFrame<number>(frames, (v) => seen.push(v));
  latest.push(1);
  latest.cancel();
  frames.frame();
  assert.deepEqual(seen, []);
  assert.ok(!latest.pending());
});

/** A 60 Hz screen on a clock the test owns: each frame is 1000 / 60 ms after the last; work moves the clock by what it costs. */
function paced(cost: (value: number) => number, pace?: Pace) {
  const frames = new Frames();
  let clock = 0;
  const seen: number[] = [];
  /** When each run began, on the clock. */
  const startedAt: number[] = [];
  const latest = latestPerFrame<number>(
    frames,
    (v) => {
      seen.push(v);
      startedAt.push(clock);
      clock += cost(v);
    },
    () => clock,
    undefined,
    pace,
  );
  let frameStart = 0;
  const frame = (): boolean => {
    frameStart += 1000 / 60;
    clock = Math.max(clock, frameStart);
    const before = seen.length;
    frames.frame();
    return seen.length > before;
  };
  return { frames, latest, seen, frame, startedAt };
}

test('work that overran a frame leaves at least about half of the frames to the page, and the last value is shown', () => {
  const { latest, seen, frame } = paced(() => 30);
  let busy = 0;
  let n = 0;
  for (let i = 0; i < 120; i++) {
    latest.push(++n);
    if (frame()) busy++;
  }
  assert.ok(busy > 20, `values were still shown (${busy} of 120 frames)`);
  assert.ok(busy <= 60, `work ran on at most half of the frames (${busy} of 120)`);
  for (let i = 0; i < 10 && latest.pending(); i++) frame();
  assert.ok(!latest.pending());
  assert.equal(seen.at(-1), n, 'the last value was handled');
  assert.deepEqual(
    seen,
    [...seen].sort((a, b) => a - b),
    'in order',
  );
});

test('work within a frame runs on every frame it has a value for', () => {
  const { latest, seen, frame } = paced(() => 5);
  for (let i = 1; i <= 30; i++) {
    latest.push(i);
    assert.ok(frame(), `frame ${i} handled its value`);
  }
  assert.equal(seen.length, 30);
});

test('flush hands over a value at once even while slow work is being paced', () => {
  // A wait longer than IDLE_CREDIT_MS: paced even as the first run after the page was idle.
  const { latest, seen, frame } = paced(() => 100);
  latest.push(1);
  frame();
  latest.push(2);
  assert.ok(!frame(), 'the frame after slow work goes to the page');
  latest.flush();
  assert.deepEqual(seen, [1, 2]);
  assert.ok(!latest.pending());
});

test('a run held up once (a major garbage collection) does not hold the next value back as long again', () => {
  // A model a frame, each costing 40 ms to show; the tenth run is held up 700 ms more.
  let runs = 0;
  const { latest, frame, startedAt } = paced(() => (++runs === 10 ? 740 : 40));
  for (let i = 0; i < 400 && startedAt.length < 12; i++) {
    latest.push(i);
    frame();
  }
  assert.equal(startedAt.length, 12);
  const gap = startedAt[10] - startedAt[9];
  // The slow run's 740 ms and a frame to start on: its 700 ms beyond the usual 40 outlast the usual wait (40 ms at half the time),
  // where the pace was once 740 ms more, and then 40 more.
  assert.ok(gap >= 740, `not before the slow run ended (${gap} ms)`);
  assert.ok(gap <= 740 + 2 * (1000 / 60), `the next run came ${Math.round(gap)} ms after the slow one began`);
  // Before and after it, slow work is paced as it was: every other frame or so.
  const usual = startedAt[11] - startedAt[10];
  assert.ok(usual >= 80 - 1000 / 60, `the pace after it is the usual one (${Math.round(usual)} ms)`);
});

/** Runs of `cost` (by run number, from 1) under `pace`, a value handed in every frame, until `runs` have started: when each started. */
function startsUnder(pace: Pace, cost: (run: number) => number, runs: number): number[] {
  let n = 0;
  const { latest, frame, startedAt } = paced(() => cost(++n), pace);
  for (let i = 0; i < 5000 && startedAt.length < runs; i++) {
    latest.push(i);
    frame();
  }
  assert.equal(startedAt.length, runs);
  return startedAt;
}

test('after a run held up beyond its usual length, the wait counts from when it would usually have ended', () => {
  // The app's pace for models: a fifth of the time, waits of at most 300 ms. Shows cost 90 ms, so the wait is 300 ms.
  const pace: Pace = { share: 0.2, maxWaitMs: 300, creditMs: 0 };
  const frameMs = 1000 / 60;
  const usualGap = (at: number[]) => at[8]! - at[7]!;
  // The tenth is held up to 400 ms: its 310 ms beyond the usual 90 outlast the 300 ms wait, so the next comes at the first frame.
  const long = startsUnder(pace, (n) => (n === 10 ? 400 : 90), 12);
  assert.ok(usualGap(long) >= 90 + 300 - frameMs && usualGap(long) <= 90 + 300 + 2 * frameMs, `usual runs come every ${Math.round(usualGap(long))} ms: 90 ms of work, 300 of wait`);
  const gap = long[10]! - long[9]!;
  assert.ok(gap >= 400 && gap <= 400 + 2 * frameMs, `the next run came ${Math.round(gap)} ms after the held-up one began, not 400 + 300`);
  assert.ok(long[11]! - long[10]! >= 90 + 300 - frameMs, `then the usual pace again (${Math.round(long[11]! - long[10]!)} ms)`);
  // Held up to 250 ms: 160 ms beyond the usual, so 140 of the wait are left (neither the whole 300, nor none).
  const short = startsUnder(pace, (n) => (n === 10 ? 250 : 90), 12);
  const shortGap = short[10]! - short[9]!;
  assert.ok(shortGap >= 250 + 140 - 1 && shortGap <= 250 + 140 + 2 * frameMs, `the next run came ${Math.round(shortGap)} ms after the held-up one began: 250 + 140`);
});

test('the idle bank pays only the part of a wait that a held-up run left owed', () => {
  // The app's pace for models (a fifth of the time, waits of at most 300 ms, a bank of 300). Shows cost 90 ms: a stream of them
  // empties the bank, a quiet second fills it again, then a show is held up to 400 ms and two more follow at once, a value every frame.
  const frames = new Frames();
  let clock = 0;
  let frameStart = 0;
  const costs: number[] = [90, 90, 90, 90, 90, 90, 90, 90, 400, 90, 90];
  const started: number[] = [];
  const ended: number[] = [];
  const latest = latestPerFrame<number>(
    frames,
    () => {
      started.push(clock);
      clock += costs[started.length - 1]!;
      ended.push(clock);
    },
    () => clock,
    undefined,
    { share: 0.2, maxWaitMs: 300, creditMs: 300 },
  );
  const step = (push: boolean): void => {
    frameStart += 1000 / 60;
    clock = Math.max(clock, frameStart);
    if (push) latest.push(started.length);
    frames.frame();
  };
  for (let i = 0; i < 2000 && started.length < 8; i++) step(true);
  for (let i = 0; i < 60; i++) step(false);
  for (let i = 0; i < 2000 && started.length < costs.length; i++) step(true);
  assert.equal(started.length, costs.length);
  // The held-up show (the ninth) owed nothing: its 310 ms beyond 90 outlast the 300 ms wait. The tenth came at the next frame, and
  // its wait of 300 ms was paid by the bank the quiet second filled, so the eleventh came at the next frame too.
  const frameMs = 1000 / 60;
  assert.ok(started[9]! - ended[8]! <= frameMs + 1, `the tenth came ${Math.round(started[9]! - ended[8]!)} ms after the held-up one`);
  assert.ok(started[10]! - ended[9]! <= frameMs + 1, `the eleventh waited ${Math.round(started[10]! - ended[9]!)} ms: the bank spent on a wait no one owed`);
});

test('with quietMs, a value after a quiet spell is handled at once; one that follows soon waits for the frame; slow work still paces', () => {
  const frames = new Frames();
  let clock = 1000;
  const seen: number[] = [];
  let cost = 1;
  const latest = latestPerFrame<number>(
    frames,
    (v) => {
      seen.push(v);
      clock += cost;
    },
    () => clock,
    33,
  );
  latest.push(1);
  assert.deepEqual(seen, [1], 'the first value at once');
  assert.equal(frames.requested, 0);
  clock += 5;
  latest.push(2);
  latest.push(3);
  assert.deepEqual(seen, [1], 'soon after: held for the frame, with what follows');
  frames.frame();
  assert.deepEqual(seen, [1, 3]);
  clock += 40;
  latest.push(4);
  assert.deepEqual(seen, [1, 3, 4], 'a lone change after a quiet spell, at once');
  // Work that is always slow: the next value waits out its pace, quiet or not.
  const slow: number[] = [];
  const paced = latestPerFrame<number>(
    frames,
    (v) => {
      slow.push(v);
      clock += 200;
    },
    () => clock,
    33,
  );
  paced.push(1);
  assert.deepEqual(slow, [1]);
  clock += 40;
  paced.push(2);
  assert.deepEqual(slow, [1], 'too soon after 200 ms of work');
  clock += 200;
  frames.frame();
  assert.deepEqual(slow, [1, 2]);
});

test('a smaller share paces slow work further apart, up to its longest wait, and still shows the last value', () => {
  const run = (pace: Pace, cost: number) => {
    const frames = new Frames();
    let clock = 0;
    const seen: number[] = [];
    const latest = latestPerFrame<number>(frames, (v) => { seen.push(v); clock += cost; }, () => clock, undefined, pace);
    let frameStart = 0;
    let busy = 0;
    let n = 0;
    for (let i = 0; i < 600; i++) {
      latest.push(++n);
      frameStart += 1000 / 60;
      clock = Math.max(clock, frameStart);
      const before = seen.length;
      frames.frame();
      if (seen.length > before) busy++;
    }
    for (let i = 0; i < 100 && latest.pending(); i++) {
      frameStart += 1000 / 60;
      clock = Math.max(clock, frameStart);
      frames.frame();
    }
    return { busy, time: clock, last: seen.at(-1), n, shown: seen.length };
  };
  const half = run({ share: 0.5, maxWaitMs: Infinity }, 30);
  const tight = run({ share: 0.15, maxWaitMs: 400 }, 30);
  // 30 ms of work: about every other run at half, about every seventh at 15 %.
  assert.ok(tight.shown < half.shown / 2, `${tight.shown} shown against ${half.shown}`);
  const workShare = (tight.shown * 30) / tight.time;
  assert.ok(workShare <= 0.2 && workShare >= 0.08, `work took ${(workShare * 100).toFixed(1)} % of the time`);
  assert.equal(tight.last, tight.n, 'the last value was handled');
  // Very slow work: the wait stops at maxWaitMs, so values still come every 300 + 400 ms or so.
  const capped = run({ share: 0.15, maxWaitMs: 400 }, 300);
  const gap = capped.time / capped.shown;
  assert.ok(gap <= 300 + 400 + 2 * (1000 / 60) + 1, `one run every ${Math.round(gap)} ms`);
  assert.ok(gap >= 300 + 400 - 50, `the wait was kept (${Math.round(gap)} ms)`);
});

/**
 * Values pushed once a frame to work whose script takes `scriptMs` and leaves
 * the browser `renderMs` more for the same frame: frames begin on 60 Hz
 * boundaries, the first one after the browser is done. Counts the frames
 * dropped (two frames more than 25 ms apart), as the benchmarks do. Each
 * value is handed in right after the script that drew the last, or, with
 * 'after paint', in a task after the frame that showed it. `elapsed`: the
 * clock at the end.
 */
function withRendering(pace: Pace, scriptMs: number, renderMs: number, count = 600, handedIn: 'after script' | 'after paint' = 'after script') {
  const frames = new Frames();
  let clock = 0;
  let rendering = 0;
  const seen: number[] = [];
  const latest = latestPerFrame<number>(
    frames,
    (v) => {
      seen.push(v);
      clock += scriptMs;
      rendering = renderMs;
    },
    () => clock,
    undefined,
    pace,
  );
  let frameStart = 0;
  let dropped = 0;
  let n = 0;
  /** The browser finishes the last drawing and the next frame begins. */
  const nextFrame = () => {
    const ready = clock + rendering;
    rendering = 0;
    let next = frameStart + 1000 / 60;
    while (next < ready) next += 1000 / 60;
    if (next - frameStart > 25) dropped++;
    frameStart = next;
    clock = Math.max(clock, frameStart);
  };
  const frame = () => {
    nextFrame();
    frames.frame();
  };
  for (let i = 0; i < count; i++) {
    if (handedIn === 'after script') {
      latest.push(++n);
      frame();
    } else {
      // In a task after the frame that showed the last drawing, then its own frame's callbacks run.
      nextFrame();
      latest.push(++n);
      frames.frame();
    }
  }
  for (let i = 0; i < 100 && latest.pending(); i++) frame();
  return { shown: seen.length, dropped: dropped / count, last: seen.at(-1), n, elapsed: clock };
}

test('with wholeFrame, what the browser does for a value counts: script that is quick but leaves a slow frame is paced too', () => {
  const pace: Pace = { share: 0.2, maxWaitMs: 300 };
  // 10 ms of script, then 50 ms of layout and paint: timed by the script alone, every frame carries it.
  const scriptOnly = withRendering(pace, 10, 50);
  assert.ok(scriptOnly.dropped > 0.5, `timed by the script, ${(scriptOnly.dropped * 100).toFixed(1)} % of frames dropped`);
  const whole = withRendering({ ...pace, wholeFrame: true }, 10, 50);
  // Each value's frame takes about 67 ms, so a fifth of the time is one value every ~330 ms: about one frame in twenty dropped.
  assert.ok(whole.dropped <= 0.1, `timed to the next frame, ${(whole.dropped * 100).toFixed(1)} % of frames dropped`);
  assert.ok(whole.dropped >= 0.02, `values were still shown (${whole.shown}; ${(whole.dropped * 100).toFixed(1)} % of frames dropped)`);
  assert.equal(whole.last, whole.n, 'the last value was handled');
});

test('with wholeFrame, work whose frame fits in time runs on every frame it has a value for', () => {
  const quick = withRendering({ share: 0.2, maxWaitMs: 300, wholeFrame: true }, 4, 6, 60);
  assert.equal(quick.shown, 60);
  assert.equal(quick.dropped, 0);
});

test('with wholeFrame, flush still hands over a value at once while the last is being timed', () => {
  const frames = new Frames();
  let clock = 0;
  const seen: number[] = [];
  const latest = latestPerFrame<number>(frames, (v) => { seen.push(v); clock += 40; }, () => clock, undefined, { share: 0.2, maxWaitMs: 300, wholeFrame: true });
  latest.push(1);
  clock += 1000 / 60;
  frames.frame();
  latest.push(2);
  latest.flush();
  assert.deepEqual(seen, [1, 2]);
  latest.push(3);
  clock += 1000 / 60;
  frames.frame();
  assert.deepEqual(seen, [1, 2], 'the frame after slow work goes to the page');
  for (let i = 0; i < 40 && latest.pending(); i++) {
    clock += 1000 / 60;
    frames.frame();
  }
  assert.deepEqual(seen, [1, 2, 3], 'and the last value comes after its wait');
});

test('with wholeFrame, quick work begun between frames is not paced for the wait until the next frame begins', () => {
  const frames = new Frames();
  let clock = 1000;
  const seen: number[] = [];
  const pace: Pace = { share: 0.2, maxWaitMs: 300, wholeFrame: true };
  const latest = latestPerFrame<number>(frames, (v) => { seen.push(v); clock += 4; }, () => clock, 33, pace);
  // A lone change, handled at once in its own task: 4 ms of script, and the next frame begins 30 ms after it began.
  latest.push(1);
  assert.deepEqual(seen, [1]);
  clock = 1030;
  frames.frame();
  // The next change soon after (its IP): it waits for a frame, but not for a pace.
  clock = 1031;
  latest.push(2);
  clock = 1000 + 30 + 1000 / 60;
  frames.frame();
  assert.deepEqual(seen, [1, 2], 'shown at the next frame');
  // Work that really is slow, begun between frames, is still paced: 100 ms of script owes more wait than IDLE_CREDIT_MS pays.
  const slow: number[] = [];
  const paced = latestPerFrame<number>(frames, (v) => { slow.push(v); clock += 100; }, () => clock, 33, pace);
  clock += 100;
  paced.push(1);
  clock += 10;
  frames.frame();
  paced.push(2);
  clock += 1000 / 60;
  frames.frame();
  assert.deepEqual(slow, [1], 'the frame after slow work goes to the page');
});

test('a lone change that costs a few frames after the page was idle does not hold back the next; the same work back to back is paced once the idle time banked is spent', () => {
  const frames = new Frames();
  let clock = 1000;
  const seen: number[] = [];
  const cost = 40;
  const credit = 60;
  assert.ok(cost > 1.5 * FRAME_BUDGET && cost < credit && 2 * cost > credit);
  const latest = latestPerFrame<number>(frames, (v) => { seen.push(v); clock += cost; }, () => clock, 33, { share: 0.5, maxWaitMs: Infinity, wholeFrame: true, creditMs: credit });
  // A new pod after a quiet spell: at once, and its drawing moved other nodes (40 ms, two frames dropped).
  latest.push(1);
  assert.deepEqual(seen, [1]);
  clock += 5;
  frames.frame();
  // Its IP, 10 ms later: it waits for the next frame, and for nothing more (the bank pays its 40 ms of wait).
  clock += 10;
  latest.push(2);
  assert.deepEqual(seen, [1], 'soon after the last: held for the frame');
  clock += FRAME_BUDGET;
  frames.frame();
  assert.deepEqual(seen, [1, 2], 'shown at the next frame, not after a pause');
  // A third right after the second, with no idle time before it: the bank holds less than its wait, so it is paced.
  latest.push(3);
  clock += FRAME_BUDGET;
  frames.frame();
  assert.deepEqual(seen, [1, 2], 'the frame after back-to-back slow work goes to the page');
  for (let i = 0; i < 20 && latest.pending(); i++) {
    clock += FRAME_BUDGET;
    frames.frame();
  }
  assert.deepEqual(seen, [1, 2, 3], 'and the last value comes after its wait');
});

test('idle time is banked up to the pace\'s credit: after a long quiet spell a burst of slow changes is shown frame by frame, a stream is then paced at its share', () => {
  const frames = new Frames();
  let clock = 1000;
  let frameStart = 1000;
  const seen: number[] = [];
  const pace: Pace = { share: 0.2, maxWaitMs: 300, wholeFrame: true, creditMs: 300 };
  // Each value's frame takes 60 ms: a wait of 4 × 60 = 240 ms at a fifth of the time.
  const latest = latestPerFrame<number>(frames, (v) => { seen.push(v); clock += 60; }, () => clock, 33, pace);
  const frame = () => {
    frameStart = Math.max(frameStart + FRAME_BUDGET, clock);
    clock = frameStart;
    const before = seen.length;
    frames.frame();
    return seen.length > before;
  };
  latest.push(1);
  assert.deepEqual(seen, [1], 'the first change after the quiet spell, at once');
  frame();
  // The next, 20 ms later: the bank (full after the quiet spell) pays its 240 ms of wait.
  clock += 20;
  latest.push(2);
  assert.ok(frame(), 'the second is shown at the next frame');
  // A stream from here: the bank has 300 - 240 + 20 = 80 ms left, less than the next wait.
  let shown = 0;
  let frames_ = 0;
  for (let n = 3; frames_ < 600; n++, frames_++) {
    latest.push(n);
    if (frame()) shown += 1;
  }
  // 600 frames of at least 16.7 ms, each shown value 60 ms plus a 240 ms wait: about one value every 300 ms.
  const elapsed = clock - 1000;
  const busy = shown * 60;
  assert.ok(busy / elapsed <= 0.25, `the stream took ${(100 * busy / elapsed).toFixed(1)} % of the time`);
  assert.ok(shown >= 20, `values were still shown (${shown})`);
  // A quiet spell of a second fills the bank again (up to 300 ms): the next two slow changes are not held back.
  for (let i = 0; i < 40 && latest.pending(); i++) frame();
  // The frame after the last value, at which its cost is timed.
  frame();
  clock += 1000;
  frameStart = clock;
  const before = seen.length;
  latest.push(10_000);
  assert.equal(seen.length, before + 1, 'after the quiet spell, at once');
  frame();
  clock += 20;
  latest.push(10_001);
  assert.ok(frame(), 'and the next at the next frame');
  latest.push(10_002);
  assert.ok(!frame(), 'a third back to back finds the bank spent');
});

test('the bank pays the wait of work of any length after a quiet spell: a 100 ms drawing is followed at the next frame', () => {
  const frames = new Frames();
  let clock = 1000;
  const seen: number[] = [];
  const latest = latestPerFrame<number>(frames, (v) => { seen.push(v); clock += 100; }, () => clock, 33, { share: 0.5, maxWaitMs: Infinity, creditMs: 300 });
  latest.push(1);
  assert.deepEqual(seen, [1], 'at once, after the quiet spell');
  clock += 5;
  latest.push(2);
  clock += FRAME_BUDGET;
  frames.frame();
  assert.deepEqual(seen, [1, 2], 'its 100 ms of wait paid from the bank: shown at the next frame');
  // The bank (300 - 100 + 5) cannot pay two more such waits back to back.
  for (const v of [3, 4, 5]) {
    latest.push(v);
    clock += FRAME_BUDGET;
    frames.frame();
  }
  assert.ok(seen.length < 5, `paced once the bank is spent (${seen.join(', ')})`);
});

test('with wholeFrame, the browser\'s work for a drawing is not banked as idle time: a stream of slow frames keeps to its share', () => {
  // 100 ms of script, then 250 ms of style, layout and paint before the next frame; a value every frame, handed in after it.
  const stream = withRendering({ share: 0.2, maxWaitMs: 300, wholeFrame: true, creditMs: 300 }, 100, 250, 600, 'after paint');
  // Each drawing holds the page 350 ms and then waits 300 ms (the longest wait): about 54 % of the time.
  // Banking the 250 ms of each frame as idle time would pay most of every wait: above 80 %.
  const share = (stream.shown * 350) / stream.elapsed;
  assert.ok(share <= 0.6, `the drawings took ${(100 * share).toFixed(1)} % of the time`);
  assert.ok(stream.shown >= 10, `values were still shown (${stream.shown})`);
});
