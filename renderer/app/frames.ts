// Work done on animation frames: whatever arrives between two frames is handled
// once, at the next frame, as the latest of it. A renderer that falls behind
// (a burst of models, a slow layout) thus drops intermediate drawings instead
// of queueing them, and never draws more often than the screen shows.
//
// Work that overran a frame is also paced: the next value waits until such
// work has taken at most a share of the time (a Pace: half by default, as long
// again as it took), so that the other frames go to the page (a drag, a key, a
// paint). Only drawings are skipped that way; the last value handed in is
// always handled. The wait is what the
// work usually takes (the median of its last few runs), not what one run took:
// a run held up once, by a major garbage collection of a large heap (half a
// second at 100,000 pods) or by the machine, would otherwise hold the next
// value back as long again, and a stream's changes would be drawn a second late.
// For the same reason a run longer than that has its wait shortened by the
// excess: counted from when the run would usually have ended, as the values
// that came during a held-up run have waited that much already. (A run that
// is slow because the work itself grew, not held up, is treated the same
// until the median catches up, two runs later: those come back to back.)
// Idle time is banked, up to the pace's `creditMs`, and a wait is paid from
// it first: the few events of a lone change (a new pod is created, scheduled,
// then running with its IP, within about 100 ms) are drawn as they come after
// a quiet spell, while a stream, which leaves no idle time, is paced in full.
// With `wholeFrame`, work is timed to the start of the next animation frame,
// so that what the browser does for it (style, layout, paint) counts with the
// script's own time.

/** The two functions of a window this needs; tests pass their own. */
export interface FrameHost {
  requestAnimationFrame(callback: (time: number) => void): number;
  cancelAnimationFrame(handle: number): void;
}

/** Work up to this long (ms, a frame at 60 Hz) runs on every frame; longer work is paced. */
export const FRAME_BUDGET = 1000 / 60;
/** The runs whose median is the pace. */
export const PACE_RUNS = 5;

/**
 * How paced work shares the page: after a run that overran a frame, the next
 * waits until such runs have taken about `share` of the time (0.5: as long
 * again as the work usually takes; taken between 0.01 and 1), but never more
 * than `maxWaitMs`. A value after a quiet spell waits out that time too.
 */
export interface Pace {
  share: number;
  maxWaitMs: number;
  /**
   * The work's cost is timed to the start of the next animation frame, not
   * to the end of the script: what the browser then does for it (style,
   * layout, paint, the accessibility tree) is part of what the page gives.
   * Such work overran when it took more than a frame and a half (two frames
   * 25 ms apart or more: a dropped frame).
   */
  wholeFrame?: boolean;
  /**
   * The most idle time (ms) banked for waits (IDLE_CREDIT_MS when not given):
   * the time between the end of one run and the arrival of the next value is
   * banked, and a paced wait is paid from the bank before it holds a value
   * back. A stream leaves no idle time, so it is paced in full after at most
   * this much of its waits; over any stretch, paced work takes about its
   * share of the time plus this bank's worth (a run longer than its median
   * is not made up for: see the file's head).
   */
  creditMs?: number;
}

/**
 * The idle time banked for waits when a Pace does not say (Pace.creditMs):
 * four frames, a lone change's drawing that moved other nodes (a node that
 * grew by a row) at a few thousand pods.
 */
export const IDLE_CREDIT_MS = 4 * FRAME_BUDGET;

/** Half of the time, however long the work takes. */
export const HALF_PACE: Pace = { share: 0.5, maxWaitMs: Infinity };

export interface LatestPerFrame<T> {
  /** Hands in a value; it replaces any value still waiting for the frame. */
  push(value: T): void;
  /** Runs the waiting value now (before an export, which must show the latest), and drops its frame. */
  flush(): void;
  /** True while a value waits for its frame. */
  pending(): boolean;
  /** Forgets the waiting value. */
  cancel(): void;
}

/**
 * `now` is the clock work is timed with (ms); tests pass their own. With
 * `quietMs`, a value that comes when nothing was handled for that long (and
 * not too soon after slow work) is handled at once: a lone change, or the
 * first, is not held for a frame it has nothing to share with.
 */
export function latestPerFrame<T>(
  host: FrameHost,
  work: (value: T) => void,
  now: () => number = () => performance.now(),
  quietMs?: number,
  pace: Pace = HALF_PACE,
): LatestPerFrame<T> {
  const share = Number.isFinite(pace.share) ? Math.min(1, Math.max(0.01, pace.share)) : HALF_PACE.share;
  const maxWaitMs = Number.isNaN(pace.maxWaitMs) ? Infinity : pace.maxWaitMs;
  const waitFactor = 1 / share - 1;
  const wholeFrame = pace.wholeFrame === true;
  const overran = wholeFrame ? 1.5 * FRAME_BUDGET : FRAME_BUDGET;
  const creditMs = pace.creditMs === undefined || Number.isNaN(pace.creditMs) ? IDLE_CREDIT_MS : Math.max(0, pace.creditMs);
  /** Idle time banked for waits (up to creditMs); a page that has been idle a while starts with all of it. */
  let credit = creditMs;
  let waiting: { value: T } | undefined;
  /** When the waiting value (the first of those it replaced) was handed in. */
  let arrived = -Infinity;
  let frame: number | undefined;
  // No value is handled before this time (when the last work, if it overran a frame, would usually have ended, plus its wait, less what the bank paid).
  let notBefore = -Infinity;
  /** When the last work ended. */
  let lastEnded = -Infinity;
  /**
   * When the last work's cost, as timed, ended: with wholeFrame, the frame
   * after its script, whose style, layout and paint are the work's and not
   * idle time, however soon the next value comes after the script ended.
   */
  let costEnded = -Infinity;
  const runs: number[] = [];
  /**
   * With wholeFrame, the work that waits to be timed at the next frame: when
   * it began, how long its script took, and whether it began at the start of
   * a frame.
   */
  let timing: { started: number; script: number; inFrame: boolean; idle: number } | undefined;

  /** `inFrame`: called from an animation frame's callback, at the frame's start, rather than from a task between frames. */
  const handle = (inFrame: boolean): void => {
    const next = waiting;
    waiting = undefined;
    if (!next) return;
    const started = now();
    // How long the page had nothing to do before this value came: nothing ran, nothing waited.
    const idle = Math.max(0, arrived - Math.max(lastEnded, costEnded));
    try {
      work(next.value);
    } finally {
      const ended = now();
      lastEnded = ended;
      if (wholeFrame) {
        // Timed when the browser has shown it: at the next frame, by whichever callback of it comes first.
        timing = { started, script: ended - started, inFrame, idle };
        notBefore = Infinity;
        host.requestAnimationFrame(measure);
      } else settled(ended - started, ended, idle);
    }
  };

  /**
   * Records a run of `took` ms that ended at `ended`, after the page was idle
   * for `idle` ms, and when the next may come. The idle time goes to the bank
   * (up to creditMs); a run that overran a frame owes a wait, which the bank
   * pays first. A lone change that moved other nodes is then not followed by
   * a pause before the next thing the cluster says of it (a new pod's IP,
   * some tens of ms later), while a stream, whose values leave no idle time
   * between runs, soon has an empty bank and is paced in full.
   */
  const settled = (took: number, ended: number, idle: number): void => {
    runs.push(took);
    if (runs.length > PACE_RUNS) runs.shift();
    costEnded = ended;
    credit = Math.min(creditMs, credit + idle);
    if (took <= overran) {
      notBefore = -Infinity;
      return;
    }
    // The wait counts from when the work would usually have ended: a run
    // longer than its median (held up by a major collection inside it, or by
    // the machine) has already held the next value back by the excess. Only
    // what is left of the wait is owed, and only that is paid from the bank.
    const usual = Math.min(took, median(runs));
    const owed = Math.max(0, Math.min(maxWaitMs, usual * waitFactor) - (took - usual));
    const paid = Math.min(credit, owed);
    credit -= paid;
    notBefore = ended + owed - paid;
  };

  /** With wholeFrame, at the frame after work: what the work took, the browser's share included. */
  const measure = (): void => {
    if (timing === undefined) return;
    const { started, script, inFrame, idle } = timing;
    timing = undefined;
    const shown = now();
    // Work begun between frames may wait up to a frame for the next to begin: that frame is not its cost.
    const took = inFrame ? shown - started : Math.max(script, shown - started - FRAME_BUDGET);
    // lastEnded stays the end of the script: a quiet spell is counted from there, as without wholeFrame.
    settled(took, shown, idle);
  };

  const run = (): void => {
    frame = undefined;
    measure();
    if (waiting && now() < notBefore) {
      // Too soon after slow work: the frame goes to the page, the value to a later frame.
      frame = host.requestAnimationFrame(run);
      return;
    }
    handle(true);
  };

  return {
    push(value) {
      if (!waiting) arrived = now();
      waiting = { value };
      if (frame === undefined && quietMs !== undefined) {
        const t = now();
        if (t - lastEnded >= quietMs && t >= notBefore) {
          handle(false);
          return;
        }
      }
      frame ??= host.requestAnimationFrame(run);
    },
    flush() {
      if (frame !== undefined) host.cancelAnimationFrame(frame);
      frame = undefined;
      // Wanted now (an export): no pacing.
      handle(false);
    },
    pending: () => waiting !== undefined,
    cancel() {
      if (frame !== undefined) host.cancelAnimationFrame(frame);
      frame = undefined;
      waiting = undefined;
    },
  };
}

/** The middle of a few numbers (the upper middle of an even count). */
function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}
