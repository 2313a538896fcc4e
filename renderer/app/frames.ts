// Work done on animation frames: whatever arrives between two frames is handled
// once, at the next frame, as the latest of it. A renderer that falls behind
// (a burst of models, a slow layout) thus drops intermediate drawings instead
// of queueing them, and never draws more often than the screen shows.

/** The two functions of a window this needs; tests pass their own. */
export interface FrameHost {
  requestAnimationFrame(callback: (time: number) => void): number;
  cancelAnimationFrame(handle: number): void;
}

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

export function latestPerFrame<T>(host: FrameHost, work: (value: T) => void): LatestPerFrame<T> {
  let waiting: { value: T } | undefined;
  let frame: number | undefined;

  const run = (): void => {
    frame = undefined;
    const next = waiting;
    waiting = undefined;
    if (next) work(next.value);
  };

  return {
    push(value) {
      waiting = { value };
      frame ??= host.requestAnimationFrame(run);
    },
    flush() {
      if (frame !== undefined) host.cancelAnimationFrame(frame);
      run();
    },
    pending: () => waiting !== undefined,
    cancel() {
      if (frame !== undefined) host.cancelAnimationFrame(frame);
      frame = undefined;
      waiting = undefined;
    },
  };
}
