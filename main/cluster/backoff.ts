// Retry delays: exponential with jitter, capped. Jitter keeps the five watches
// of one source (and many clients of one API server) from retrying in lockstep
// after an outage.

export interface BackoffOptions {
  /** Delay before the first retry; default 500 ms. */
  initialMs: number;
  /** Cap; default 30 s. */
  maxMs: number;
  /** Growth per attempt; default 2. */
  factor: number;
  /** Fraction of the delay that is randomized away (0 = none, 1 = full jitter); default 0.5. */
  jitter: number;
  random: () => number;
}

export const DEFAULT_BACKOFF: BackoffOptions = {
  initialMs: 500,
  maxMs: 30_000,
  factor: 2,
  jitter: 0.5,
  random: Math.random,
};

/** Delay before retry number `attempt` (1-based): within [(1 - jitter) × d, d], d = min(max, initial × factor^(attempt-1)). */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const exponent = Math.max(0, Math.min(attempt - 1, 60));
  const ceiling = Math.min(options.maxMs, options.initialMs * options.factor ** exponent);
  const jitter = Math.min(1, Math.max(0, options.jitter));
  return Math.max(0, Math.round(ceiling * (1 - jitter * options.random())));
}

/** Resolves after `ms`, or at once when `signal` aborts; the timer never outlives the signal. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
