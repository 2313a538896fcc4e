// Retry delays, for the session's reconnect loop and for each watch of the live
// source: exponential, capped, with jitter so that many windows, and the
// several watches of one source, do not retry in step after an outage.
//
// The jitter only shortens a delay: it is drawn within [(1 - jitter) × d, d].
// A jitter that spread around d would make the first retry come later than
// initialMs and let a delay pass maxMs; this way the cap is a true cap, and
// the delays still spread out as widely as `jitter` says.

export interface BackoffOptions {
  /** Delay before the first retry. */
  initialMs: number;
  /** No delay is longer. */
  maxMs: number;
  /** 0..1: the fraction of each delay that may be randomized away (0 = none, 1 = anything down to 0). */
  jitter: number;
  /** Uniform in [0, 1); Math.random unless a test fixes it. */
  random?: () => number;
}

/** Delay before retry number `attempt` (1-based): d = min(maxMs, initialMs × 2^(attempt-1)), then jittered within [(1 - jitter) × d, d]. */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  // Past 2^60 the product is Infinity-prone and long since capped anyway.
  const exponent = Math.max(0, Math.min(attempt - 1, 60));
  const ceiling = Math.min(options.maxMs, options.initialMs * 2 ** exponent);
  const jitter = Math.min(1, Math.max(0, options.jitter));
  const random = options.random ?? Math.random;
  return Math.max(0, Math.round(ceiling * (1 - jitter * random())));
}
