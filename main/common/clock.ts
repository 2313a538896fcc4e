// Time as the session and the live source see it. They take a Clock instead of
// calling setTimeout and Date.now themselves, so tests can move time forward by
// hand and check that nothing happened within a window without waiting it out.
//
// main/common is pure (no Node or DOM types), yet the system clock lives here
// rather than in a Node-only module: both main/session and main/cluster need it,
// and neither may import the other. Timers are reached through a narrowly typed
// view of globalThis that names only the two functions used; they exist in every
// runtime the app has (Node, Electron, the browser), so nothing Node-specific
// leaks in. What a timer handle is stays opaque: only the clock that made it uses it.

declare const timerBrand: unique symbol;

/** A pending timer; pass it back to the clock that made it. */
export type TimerHandle = { readonly [timerBrand]: true };

export interface TimerOptions {
  /** Do not keep the process alive for this timer alone (Node's unref); a retry must not hold up an exit. */
  unref?: boolean;
}

export interface Clock {
  /** Milliseconds since the epoch, like Date.now(). */
  now(): number;
  setTimeout(callback: () => void, ms: number, options?: TimerOptions): TimerHandle;
  /** Cancels a pending timer; undefined or an already fired timer is ignored. */
  clearTimeout(handle: TimerHandle | undefined): void;
}

/** The part of an AbortSignal that sleep needs; Node's and the DOM's both fit. */
export interface AbortSignalLike {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void, options?: { once?: boolean }): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

interface TimerHost {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

// Looked up on every call, not captured once, so a runtime's own timer mocks still apply.
const host = globalThis as unknown as TimerHost;

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(callback, ms, options) {
    const handle = host.setTimeout(callback, ms);
    if (options?.unref) (handle as { unref?: () => void }).unref?.();
    return handle as TimerHandle;
  },
  clearTimeout(handle) {
    if (handle !== undefined) host.clearTimeout(handle);
  },
};

/** Resolves after `ms` on `clock`, or at once when `signal` aborts; the timer never outlives the signal. */
export function sleep(ms: number, signal: AbortSignalLike, clock: Clock = systemClock): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clock.clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = clock.setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
