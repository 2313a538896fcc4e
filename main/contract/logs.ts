// The contract's part for a container's log (issue 12, item 2): the page opens
// a log, reads its new lines by long poll (logs:read answers when there are
// lines or the state changed, or after waitMs), and closes it when its panel
// goes. The lines are the container's text: shown as text, controls made
// visible. Pure types, as api.ts.

import type { LogLine } from '../model/logs.ts';

/** Choices of "the last N lines". */
export const LOG_TAIL_CHOICES = [100, 500, 1000, 5000, 10000] as const;
export const DEFAULT_LOG_TAIL = 500;

export interface LogsOpenRequest {
  namespace: string;
  pod: string;
  container: string;
  /** The last N lines to begin with. */
  tailLines: number;
  previous: boolean;
  follow: boolean;
}

export interface LogsReadRequest {
  id: string;
  /** The last seq the page has; 0 at first. */
  after: number;
  /** Wait at most this long for something new (ms, ≤ 25,000); 0 answers at once. */
  waitMs: number;
}

export type LogsPhase = 'reading' | 'following' | 'resuming' | 'ended' | 'failed' | 'closed';

export interface LogsProblem {
  /** forbidden (403), gone (404: the pod or container no longer exists), noSource (a snapshot or the demo), other. */
  kind: 'forbidden' | 'gone' | 'noSource' | 'other';
  status?: number;
  /** The server's words, as written. */
  message: string;
}

export interface LogsChunk {
  id: string;
  /** Lines after `after`, oldest first (the ring's last 10,000 at most). */
  lines: LogLine[];
  /** seq of the newest line read so far. */
  last: number;
  /** Lines between `after` and the first sent that the ring no longer holds. */
  skipped: number;
  phase: LogsPhase;
  /** Set in phase failed. */
  problem?: LogsProblem;
  /** Times the follow was cut and resumed. */
  resumed: number;
}
