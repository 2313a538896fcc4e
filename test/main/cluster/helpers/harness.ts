// Test plumbing for live sources: a handler that records everything a source
// reports, waits with deadlines, and kubeconfig files written for a fake server.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import type { ConnectionState, LoadProgress } from '../../../../main/contract/api.ts';
import type { ClusterObjects, KubeObject } from '../../../../main/model/kube.ts';
import type { SourceHandlers } from '../../../../main/source/object-source.ts';
import { systemClock, type Clock } from '../../../../main/common/clock.ts';
import type { FakeClock } from '../../../fixtures/fake-clock.ts';

export class Recorder implements SourceHandlers {
  readonly deliveries: ClusterObjects[] = [];
  /** The clock's time of each delivery (give the source's clock). */
  readonly deliveredAt: number[] = [];
  readonly states: ConnectionState[] = [];
  readonly progresses: LoadProgress[] = [];
  private readonly waiters = new Set<() => void>();
  private readonly clock: Pick<Clock, 'now'>;

  constructor(clock: Pick<Clock, 'now'> = systemClock) {
    this.clock = clock;
  }

  objects(objects: ClusterObjects): void {
    this.deliveries.push(objects);
    this.deliveredAt.push(this.clock.now());
    this.wake();
  }

  state(state: ConnectionState): void {
    this.states.push(state);
    this.wake();
  }

  progress(progress: LoadProgress): void {
    this.progresses.push(progress);
    this.wake();
  }

  get last(): ClusterObjects | undefined {
    return this.deliveries.at(-1);
  }

  get lastState(): ConnectionState | undefined {
    return this.states.at(-1);
  }

  phases(): string[] {
    return this.states.map((s) => s.phase);
  }

  /** Resolves once `check` holds (checked after every report), or fails after `ms`. */
  until(what: string, check: () => boolean, ms = 5000): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = (): void => {
        if (!check()) return;
        this.waiters.delete(waiter);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`timed out waiting for ${what}; states: ${JSON.stringify(this.states)}`));
      }, ms);
      this.waiters.add(waiter);
    });
  }

  untilState(phase: ConnectionState['phase'], ms?: number): Promise<void> {
    return this.until(`state ${phase}`, () => this.lastState?.phase === phase, ms);
  }

  private wake(): void {
    for (const w of [...this.waiters]) w();
  }
}

/** Polls `check` every 10 ms until it holds or `ms` passes. */
export async function eventually(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Lets real I/O happen while the fake clock only fires what is due now (0 ms timers), never moving time. */
export async function untilAtNow(clock: FakeClock, what: string, check: () => boolean): Promise<void> {
  const start = clock.now();
  // Each poll's advance(0) after the last one, and the last awaited: one left running would end after the
  // test's own next advance, and set time back to where it began (seen under load: the window then never closed).
  let firing = Promise.resolve();
  await eventually(what, () => {
    firing = firing.then(() => clock.advance(0));
    return check();
  });
  await firing;
  assert.equal(clock.now(), start, 'the clock did not move');
}

export function names(objects: KubeObject[] | undefined): string[] {
  return (objects ?? []).map((o) => (o.metadata as { name: string }).name).sort();
}

export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-anatomy-cluster-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface KubeconfigSpec {
  server: string;
  context?: string;
  cluster?: Record<string, unknown>;
  user?: Record<string, unknown>;
}

/** Writes a one-context kubeconfig and returns its path. */
export function writeKubeconfig(dir: string, spec: KubeconfigSpec, file = 'config'): string {
  const name = spec.context ?? 'test';
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    'current-context': name,
    clusters: [{ name: `${name}-cluster`, cluster: { server: spec.server, ...spec.cluster } }],
    users: [{ name: `${name}-user`, user: spec.user ?? {} }],
    contexts: [{ name, context: { cluster: `${name}-cluster`, user: `${name}-user` } }],
  };
  const target = path.join(dir, file);
  writeFileSync(target, YAML.stringify(doc));
  return target;
}

/** Source timings small enough for tests; jitter off so delays are predictable. */
export const FAST = {
  coalesceMs: 20,
  pageSize: 3,
  backoff: { initialMs: 20, maxMs: 200, jitter: 0 },
  requestTimeoutMs: 3000,
  watchTimeoutSeconds: () => 60,
} as const;
