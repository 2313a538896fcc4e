// Retry delays for reaching a cluster that is down: quick at first (a cluster
// that is just starting comes up within seconds), then slower so an absent
// cluster costs almost nothing, with jitter so many windows do not retry in step.

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  /** 0..1: how much of each delay is randomized. */
  jitter: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 30_000, jitter: 0.2 };

/** Delay before retry number `attempt` (1-based). */
export function backoffDelay(attempt: number, options: BackoffOptions = DEFAULT_BACKOFF, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 30);
  const base = Math.min(options.maxMs, options.initialMs * 2 ** exponent);
  const spread = base * options.jitter;
  return Math.round(Math.max(0, base - spread + random() * 2 * spread));
}
