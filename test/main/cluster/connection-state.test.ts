import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateConnection } from '../../../main/cluster/connection-state.ts';
import type { ReflectorStatus } from '../../../main/cluster/reflector.ts';

const live: ReflectorStatus = { phase: 'live' };
const connecting: ReflectorStatus = { phase: 'connecting' };
const gap: ReflectorStatus = { phase: 'gap', gap: { resource: 'nodes', reason: 'forbidden', message: 'nodes is forbidden' } };
const retry = (attempt: number, hopeless = false): ReflectorStatus => ({ phase: 'retrying', reason: `reason ${attempt}`, attempt, retryInMs: attempt * 100, hopeless });

describe('aggregateConnection', () => {
  it('is live when every resource is watched or known unreadable', () => {
    assert.deepEqual(aggregateConnection({ statuses: [live, gap, live], wasLive: false, serverAnswered: true }), { phase: 'live' });
    assert.deepEqual(aggregateConnection({ statuses: [live, connecting], wasLive: false, serverAnswered: true }), { phase: 'connecting' });
  });

  it('fails when the first connection fails and the server never answered', () => {
    assert.deepEqual(aggregateConnection({ statuses: [retry(1), connecting], wasLive: false, serverAnswered: false }), { phase: 'failed', reason: 'reason 1' });
    // The reason is the first resource's, whichever has retried more often.
    assert.deepEqual(aggregateConnection({ statuses: [retry(2), retry(5)], wasLive: false, serverAnswered: false }), { phase: 'failed', reason: 'reason 2' });
  });

  it('keeps connecting when the server answers but one resource needs another try', () => {
    assert.deepEqual(aggregateConnection({ statuses: [retry(1), live], wasLive: false, serverAnswered: true }), {
      phase: 'connecting',
      // The resource's reason, as the server or the OS wrote it, inside a message the page says in its language.
      detail: { id: 'conn.detail.retrying', params: { reason: 'reason 1' } },
    });
  });

  it('reconnects after having been live, reporting the longest-failing resource', () => {
    assert.deepEqual(aggregateConnection({ statuses: [retry(1), retry(3), live], wasLive: true, serverAnswered: true }), {
      phase: 'reconnecting',
      reason: 'reason 3',
      attempt: 3,
      retryInMs: 300,
    });
  });

  it('fails on errors retrying cannot fix, even after having been live', () => {
    assert.deepEqual(aggregateConnection({ statuses: [retry(2), retry(1, true)], wasLive: true, serverAnswered: true }), { phase: 'failed', reason: 'reason 1' });
  });
});
