// One ConnectionState for a live source from the states of its reflectors.
//
//   connecting  until every readable resource is listed and watched;
//   live        all of them are (forbidden / unserved ones count as done);
//   reconnecting after having been live, while any of them is retrying;
//   failed      when an error cannot heal by itself (401, exec plugin or
//               certificate file failing, TLS verification), or when the very
//               first connection fails without the server ever answering
//               ("cannot reach https://… (context …): connect ECONNREFUSED").
//
// `failed` is not the end: reflectors keep retrying with backoff, and the state
// moves to live when they get through. The session shows the demo meanwhile.

import type { ConnectionState } from '../contract/api.ts';
import { message, type Message } from '../i18n/index.ts';
import type { ReflectorStatus } from './reflector.ts';

export interface ConnectionInputs {
  statuses: readonly ReflectorStatus[];
  /** The source has been live at least once. */
  wasLive: boolean;
  /** The API server answered at least one request (any HTTP status). */
  serverAnswered: boolean;
}

export type ConnectionPhase = Exclude<ConnectionState, { phase: 'live' } | { phase: 'static' }> | { phase: 'live' };

export function aggregateConnection({ statuses, wasLive, serverAnswered }: ConnectionInputs): ConnectionPhase {
  const retrying = statuses.filter((s): s is Extract<ReflectorStatus, { phase: 'retrying' }> => s.phase === 'retrying');
  const hopeless = retrying.find((s) => s.hopeless);
  if (hopeless) return { phase: 'failed', reason: hopeless.reason, ...said(hopeless.said) };
  const first = retrying[0];
  if (first) {
    if (wasLive) {
      const worst = retrying.reduce((a, b) => (b.attempt > a.attempt ? b : a));
      return { phase: 'reconnecting', reason: worst.reason, ...said(worst.said), attempt: worst.attempt, retryInMs: worst.retryInMs };
    }
    // Reasons come from the first resource in a fixed order, so that retries of the
    // others (at their own jittered times) do not make the reason flicker.
    if (!serverAnswered) return { phase: 'failed', reason: first.reason, ...said(first.said) };
    // The reason is the server's or the OS's own text, inside a sentence in the page's language.
    return { phase: 'connecting', detail: message('conn.detail.retrying', { reason: first.said ?? first.reason }) };
  }
  if (statuses.every((s) => s.phase === 'live' || s.phase === 'gap')) return { phase: 'live' };
  return { phase: 'connecting' };
}

/** A message field only when there is one, so states without it compare as before. */
export function said(m: Message | undefined): { said?: Message } {
  return m ? { said: m } : {};
}
