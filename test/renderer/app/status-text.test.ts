import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clockTime, connectionText, gapsText, progressText } from '../../../renderer/app/status-text.ts';
import { translator } from '../../../renderer/app/strings.ts';

const t = translator('en');

test('connection states read as a label and a detail', () => {
  assert.deepEqual(connectionText({ phase: 'connecting', detail: { id: 'conn.detail.connectingTo', params: { where: 'kind-dev' } } }, t), {
    phase: 'connecting',
    label: 'Connecting',
    detail: 'connecting to kind-dev',
  });
  // The session says what it is doing as a message: the page says it in its own language.
  assert.equal(connectionText({ phase: 'connecting', detail: { id: 'conn.detail.retrying', params: { reason: 'connect ECONNREFUSED' } } }, translator('ko')).detail, '다시 시도하는 중: connect ECONNREFUSED');
  assert.deepEqual(connectionText({ phase: 'reconnecting', reason: 'watch closed', attempt: 3, retryInMs: 4000 }, t), {
    phase: 'reconnecting',
    label: 'Reconnecting',
    detail: 'watch closed — attempt 3, next in 4 s',
  });
  assert.deepEqual(connectionText({ phase: 'failed', reason: 'Unauthorized' }, t), { phase: 'failed', label: 'Failed', detail: 'Unauthorized' });
  assert.equal(connectionText({ phase: 'static' }, t).label, 'Static');
  assert.match(connectionText({ phase: 'live', since: '2026-11-30T04:05:06Z' }, t).detail, /^watching since \d\d:\d\d:\d\d$/);
  // The local time, as the 24-hour clock shows it.
  for (const since of ['2026-11-30T04:05:06Z', '2026-11-30T23:59:09Z', '2026-06-01T12:00:00Z']) {
    assert.equal(clockTime(new Date(since)), new Date(since).toLocaleTimeString('en-GB', { hour12: false }));
  }
  assert.equal(connectionText(undefined, t).phase, 'connecting');
});

test('progress: counts with thousands separators, a fraction when the total is known', () => {
  assert.deepEqual(progressText({ resource: 'pods', loaded: 1500, total: 5000, done: false }, t), { text: 'Loading pods 1,500 / 5,000…', fraction: 0.3 });
  assert.deepEqual(progressText({ resource: 'nodes', loaded: 12, done: false }, t), { text: 'Loading nodes 12…' });
  assert.equal(progressText({ resource: 'pods', loaded: 5000, total: 5000, done: true }, t), undefined);
  assert.equal(progressText(undefined, t), undefined);
});

test('gaps: unreadable resources are counted, inferred objects and dropped duplicates named apart, every gap in the tooltip', () => {
  const forbidden = { resource: 'nodes', reason: 'forbidden', message: 'nodes is forbidden', consequence: 'grouped by spec.nodeName' };
  const duplicate = { resource: 'pods', reason: 'duplicate', message: '20 Pods dropped as duplicates: items[1]…' };
  assert.equal(gapsText([], t), undefined);
  assert.equal(gapsText(undefined, t), undefined);
  assert.deepEqual(gapsText([forbidden], t), { text: '1 resource not readable', title: 'nodes: nodes is forbidden — grouped by spec.nodeName' });
  assert.deepEqual(gapsText([duplicate], t), { text: 'duplicates dropped', title: 'pods: 20 Pods dropped as duplicates: items[1]…' });
  assert.equal(gapsText([forbidden, forbidden, duplicate, null], t)?.text, '2 resources not readable · duplicates dropped');
  // A list read whole that lacks some objects (nodes inferred from their pods) is no unreadable resource.
  const incomplete = { resource: 'nodes', reason: 'incomplete', message: 'the snapshot has no Node object for node ghost…' };
  assert.equal(gapsText([incomplete], t)?.text, 'some objects inferred');
  assert.equal(gapsText([forbidden, incomplete, duplicate], t)?.text, '1 resource not readable · some objects inferred · duplicates dropped');
});
