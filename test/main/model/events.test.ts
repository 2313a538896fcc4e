import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventsFor, fieldPathContainer, newestFirst, normalizeEvent, recentWarnings, type ClusterEvent } from '../../../main/model/events.ts';

// As the API server serves one event through both APIs (events.k8s.io/v1 and core v1).
const groupEvent = {
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name: 'web-0.1800a', namespace: 'shop', uid: 'e-1', resourceVersion: '41' },
  eventTime: null,
  reportingController: 'kubelet',
  reportingInstance: 'node-a',
  action: 'Pulling',
  reason: 'BackOff',
  regarding: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1', apiVersion: 'v1', fieldPath: 'spec.containers{app}' },
  note: 'Back-off restarting failed container app in pod web-0_shop(p-1)',
  type: 'Warning',
  deprecatedSource: { component: 'kubelet', host: 'node-a' },
  deprecatedFirstTimestamp: '2026-11-30T03:00:00Z',
  deprecatedLastTimestamp: '2026-11-30T03:55:00Z',
  deprecatedCount: 7,
};
const coreEvent = {
  kind: 'Event',
  apiVersion: 'v1',
  metadata: { name: 'web-0.1800a', namespace: 'shop', uid: 'e-1', resourceVersion: '41' },
  involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1', apiVersion: 'v1', fieldPath: 'spec.containers{app}' },
  reason: 'BackOff',
  message: 'Back-off restarting failed container app in pod web-0_shop(p-1)',
  source: { component: 'kubelet', host: 'node-a' },
  firstTimestamp: '2026-11-30T03:00:00Z',
  lastTimestamp: '2026-11-30T03:55:00Z',
  count: 7,
  type: 'Warning',
  eventTime: null,
  reportingComponent: 'kubelet',
  reportingInstance: 'node-a',
};

function ev(id: string, over: Partial<ClusterEvent> = {}): ClusterEvent {
  return {
    id,
    version: '1',
    type: 'Normal',
    reason: 'Scheduled',
    note: id,
    count: 1,
    reporter: 'default-scheduler',
    regarding: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1' },
    api: 'events.k8s.io/v1',
    first: '2026-11-30T03:00:00Z',
    last: '2026-11-30T03:00:00Z',
    ...over,
  };
}

describe('events: normalisation', () => {
  it('reads both APIs into the same event', () => {
    const a = normalizeEvent(groupEvent)!;
    const b = normalizeEvent(coreEvent)!;
    assert.deepEqual(a, {
      id: 'e-1',
      version: '41',
      type: 'Warning',
      reason: 'BackOff',
      note: 'Back-off restarting failed container app in pod web-0_shop(p-1)',
      count: 7,
      first: '2026-11-30T03:00:00Z',
      last: '2026-11-30T03:55:00Z',
      reporter: 'kubelet, node-a',
      regarding: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1', fieldPath: 'spec.containers{app}' },
      api: 'events.k8s.io/v1',
    });
    assert.deepEqual({ ...b, api: 'events.k8s.io/v1' }, a);
    assert.equal(b.api, 'v1');
  });

  it('counts: series.count first, then deprecatedCount / count, else 1', () => {
    const series = { count: 12, lastObservedTime: '2026-11-30T03:59:30.123456Z' };
    assert.equal(normalizeEvent({ ...groupEvent, series })!.count, 12);
    assert.equal(normalizeEvent({ ...groupEvent, series })!.last, '2026-11-30T03:59:30.123456Z');
    assert.equal(normalizeEvent({ ...coreEvent, series })!.count, 12);
    assert.equal(normalizeEvent({ ...groupEvent, deprecatedCount: undefined })!.count, 1);
    assert.equal(normalizeEvent({ ...coreEvent, count: 0 })!.count, 1);
    assert.equal(normalizeEvent({ ...coreEvent, count: 'many' })!.count, 1);
  });

  it('a new-style event: times from eventTime, reporter from the controller alone', () => {
    const e = normalizeEvent({
      ...groupEvent,
      eventTime: '2026-11-30T03:01:02.000001Z',
      reportingController: 'default-scheduler',
      reportingInstance: 'default-scheduler-cp',
      deprecatedSource: undefined,
      deprecatedFirstTimestamp: undefined,
      deprecatedLastTimestamp: undefined,
      deprecatedCount: undefined,
    })!;
    assert.equal(e.first, '2026-11-30T03:01:02.000001Z');
    assert.equal(e.last, '2026-11-30T03:01:02.000001Z');
    assert.equal(e.reporter, 'default-scheduler, default-scheduler-cp');
  });

  it('drops what is not an event about a named object, and survives hostile fields', () => {
    assert.equal(normalizeEvent(null), undefined);
    assert.equal(normalizeEvent({ ...groupEvent, regarding: { kind: 'Pod' } }), undefined);
    assert.equal(normalizeEvent({ ...coreEvent, involvedObject: 'x' }), undefined);
    const e = normalizeEvent({ ...coreEvent, message: 'x'.repeat(100_000), reason: 5, firstTimestamp: '0001-01-01T00:00:00Z' })!;
    assert.equal(e.note.length, 4096);
    assert.equal(e.reason, '');
    assert.equal(e.first, undefined);
  });
});

describe('events: for an object', () => {
  it('newest first, by last time, then first time, then id', () => {
    const events = [
      ev('b', { last: '2026-11-30T03:00:05Z' }),
      ev('a', { last: '2026-11-30T03:00:05Z' }),
      ev('c', { last: '2026-11-30T03:10:00Z' }),
      ev('d', { last: '2026-11-30T03:00:05Z', first: '2026-11-30T03:00:04Z' }),
      ev('e', { last: undefined, first: undefined }),
    ];
    assert.deepEqual(events.sort(newestFirst).map((e) => e.id), ['c', 'd', 'a', 'b', 'e']);
  });

  it("a container's events: its pod's, less those about another container", () => {
    const events = [
      ev('pod'),
      ev('app', { regarding: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1', fieldPath: 'spec.containers{app}' } }),
      ev('side', { regarding: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1', fieldPath: 'spec.containers{side}' } }),
      ev('init', { regarding: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1', fieldPath: 'spec.initContainers{app}' } }),
      ev('old', { regarding: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-0' } }),
      ev('other-ns', { regarding: { kind: 'Pod', namespace: 'dev', name: 'web-0' } }),
      ev('node', { regarding: { kind: 'Node', name: 'web-0' } }),
    ];
    const target = { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1' } as const;
    assert.deepEqual(eventsFor(target, events).map((e) => e.id).sort(), ['app', 'init', 'pod', 'side']);
    assert.deepEqual(eventsFor({ ...target, container: 'app' }, events).map((e) => e.id).sort(), ['app', 'init', 'pod']);
    assert.deepEqual(eventsFor({ kind: 'Node', name: 'web-0' }, events).map((e) => e.id), ['node']);
    assert.equal(fieldPathContainer('spec.ephemeralContainers{dbg}'), 'dbg');
    assert.equal(fieldPathContainer('spec.volumes'), undefined);
  });
});

describe('events: recent warnings', () => {
  const now = Date.parse('2026-11-30T04:00:00Z');
  it('marks pods with a Warning in the last 10 minutes, and says when the first mark runs out', () => {
    const events = [
      ev('w-new', { type: 'Warning', last: '2026-11-30T03:58:00Z' }),
      ev('w-mid', { type: 'Warning', last: '2026-11-30T03:52:00Z', regarding: { kind: 'Pod', namespace: 'shop', name: 'api-0', uid: 'p-2' } }),
      ev('w-old', { type: 'Warning', last: '2026-11-30T03:49:59Z', regarding: { kind: 'Pod', namespace: 'shop', name: 'db-0', uid: 'p-3' } }),
      ev('normal', { type: 'Normal', last: '2026-11-30T03:59:00Z', regarding: { kind: 'Pod', namespace: 'shop', name: 'x', uid: 'p-4' } }),
      ev('node', { type: 'Warning', last: '2026-11-30T03:59:00Z', regarding: { kind: 'Node', name: 'n' } }),
      ev('no-uid', { type: 'Warning', last: '2026-11-30T03:59:00Z', regarding: { kind: 'Pod', namespace: 'shop', name: 'y' } }),
    ];
    const w = recentWarnings(events, now);
    assert.deepEqual([...w.pods].sort(), ['Pod/shop/y', 'p-1', 'p-2']);
    assert.equal(w.expires, Date.parse('2026-11-30T04:02:00Z'));
    // Past that time the middle mark is gone.
    assert.deepEqual([...recentWarnings(events, w.expires!).pods].sort(), ['Pod/shop/y', 'p-1']);
    assert.deepEqual(recentWarnings([], now), { pods: new Set() });
  });
});
