import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { loadKubeconfig } from '../../../main/cluster/kubeconfig.ts';
import type { EventWatch } from '../../../main/cluster/event-watch.ts';
import { createLiveSource, EVENTS_AFTER_MS, type LiveSourceOptions } from '../../../main/cluster/live-source.ts';
import type { EventFeed, EventsAnswer } from '../../../main/model/events.ts';
import type { KubeObject } from '../../../main/model/kube.ts';
import type { ObjectSource } from '../../../main/source/object-source.ts';
import { FakeApiServer, TLS_DIR } from '../../fixtures/fake-apiserver.ts';
import { eventually, FAST, Recorder, tempDir, untilAtNow, writeKubeconfig } from './helpers/harness.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';
import { openSource } from '../../../main/session/open-source.ts';

const TOKEN = 'event-watch-token';
const GROUP = '/apis/events.k8s.io/v1/events';
const CORE = '/api/v1/events';

let server: FakeApiServer;
let tmp: ReturnType<typeof tempDir>;
let running: ObjectSource[] = [];

function groupEvent(i: number, over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    metadata: { name: `web-0.${i}`, namespace: 'shop', uid: `ev-${i}`, resourceVersion: String(10 + i) },
    regarding: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1' },
    reason: `Reason${i}`,
    note: `note ${i}`,
    type: 'Normal',
    reportingController: 'kubelet',
    reportingInstance: 'node-a',
    deprecatedLastTimestamp: `2026-11-30T03:0${i}:00Z`,
    deprecatedFirstTimestamp: `2026-11-30T03:0${i}:00Z`,
    deprecatedCount: 1,
    ...over,
  };
}

function list(items: Record<string, unknown>[], apiVersion = 'events.k8s.io/v1'): Record<string, unknown> {
  return { kind: 'EventList', apiVersion, metadata: { resourceVersion: '100' }, items };
}

function start(extra: Partial<LiveSourceOptions> = {}): { source: ObjectSource; rec: Recorder; events: EventFeed } {
  const file = writeKubeconfig(tmp.dir, { server: server.url, cluster: { 'certificate-authority': path.join(TLS_DIR, 'ca.crt') }, user: { token: TOKEN } });
  const source = createLiveSource({ access: loadKubeconfig({ kubeconfigFlag: file }).access(), ...FAST, eventsCoalesceMs: 20, eventsAfterMs: 0, ...extra });
  const rec = new Recorder(extra.clock);
  running.push(source);
  source.start(rec);
  assert.ok(source.events, 'a live source watches events');
  return { source, rec, events: source.events };
}

const WEB = { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1' } as const;

async function answerOf(events: EventFeed, what: (a: EventsAnswer) => boolean): Promise<EventsAnswer> {
  await eventually('events answer', () => what(events.answer(WEB)));
  return events.answer(WEB);
}

describe('live source: events', () => {
  before(() => {
    tmp = tempDir();
  });
  after(() => tmp.cleanup());
  afterEach(async () => {
    await Promise.all(running.map((s) => s.stop()));
    running = [];
    await server.close();
  });

  it('lists and watches events.k8s.io/v1, newest first, and says whose events changed', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists();
    server.setList(GROUP, list([groupEvent(1), groupEvent(2)]));
    const { events } = start();
    const changes: string[][] = [];
    events.subscribe((keys) => changes.push([...keys]));
    const first = await answerOf(events, (a) => a.state === 'ok' && a.events.length === 2);
    assert.deepEqual(first.state === 'ok' && first.events.map((e) => [e.reason, e.api]), [['Reason2', 'events.k8s.io/v1'], ['Reason1', 'events.k8s.io/v1']]);
    await eventually('watch open', () => server.openWatches(GROUP) === 1);
    server.publish(GROUP, { type: 'MODIFIED', object: groupEvent(1, { series: { count: 4, lastObservedTime: '2026-11-30T03:09:00Z' }, metadata: { name: 'web-0.1', namespace: 'shop', uid: 'ev-1', resourceVersion: '200' } }) });
    const after = await answerOf(events, (a) => a.state === 'ok' && a.events[0]?.count === 4);
    assert.deepEqual(after.state === 'ok' && after.events.map((e) => e.reason), ['Reason1', 'Reason2']);
    assert.ok(changes.some((c) => c.includes('Pod/shop/web-0')));
    assert.equal(server.requests.filter((r) => r.path === CORE).length, 0, 'core v1 is not read when the group is served');
  });

  it('with no page telling it drew, lists events EVENTS_AFTER_MS after the first objects have gone out, by the injected clock, and answers "loading" until then', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists();
    server.setList(GROUP, list([groupEvent(1)]));
    // The pod list is not answered until released: the picture's first delivery waits for it.
    server.hold = (r) => r.path === '/api/v1/pods' && !r.watch;
    const clock = new FakeClock();
    const { events, rec } = start({ clock, eventsAfterMs: undefined });
    const others = ['/api/v1/nodes', '/api/v1/namespaces', '/api/v1/persistentvolumeclaims', '/api/v1/persistentvolumes'];
    // Every other list has been answered (each one's watch follows its list); events are not asked for.
    await eventually('the other lists answered', () => others.every((p) => server.watchRequests(p).length > 0));
    assert.deepEqual(server.requests.filter((r) => r.path === GROUP || r.path === CORE), [], 'no events request before the first delivery');
    assert.deepEqual(events.answer(WEB), { state: 'loading' });
    server.release();
    // The lists come over real sockets; the first delivery is due at once and fires as the fake clock fires what is due.
    await untilAtNow(clock, 'the first delivery', () => rec.deliveries.length > 0);
    assert.equal(rec.deliveries.length, 1);
    await clock.advance(EVENTS_AFTER_MS - 1);
    assert.equal((events as EventWatch).started, false, 'not yet, a millisecond before');
    assert.deepEqual(events.answer(WEB), { state: 'loading' });
    await clock.advance(1);
    assert.equal((events as EventWatch).started, true);
    await untilAtNow(clock, 'the events listed', () => events.answer(WEB).state === 'ok');
    const a = events.answer(WEB);
    assert.deepEqual(a.state === 'ok' && a.events.map((e) => e.reason), ['Reason1']);
    assert.equal(server.requests.filter((r) => r.path === GROUP && !r.watch).length, 1, 'listed once');
  });

  it('lists events at once when a page has drawn the first model (listEventsNow), never before the first delivery, and only once', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists();
    server.setList(GROUP, list([groupEvent(1)]));
    server.hold = (r) => r.path === '/api/v1/pods' && !r.watch;
    const clock = new FakeClock();
    const { source, events, rec } = start({ clock, eventsAfterMs: undefined });
    // How often the source starts the watch (EventWatch.start ignores a second call on its own, so count the calls).
    let starts = 0;
    const watch = events as EventWatch;
    const startWatch = watch.start.bind(watch);
    watch.start = () => {
      starts += 1;
      startWatch();
    };
    await eventually('the other lists answered', () => server.watchRequests('/api/v1/nodes').length > 0);
    // Before the first delivery there is no drawing of it: nothing is listed.
    source.listEventsNow?.();
    assert.equal(watch.started, false, 'not before the first delivery');
    server.release();
    await untilAtNow(clock, 'the first delivery', () => rec.deliveries.length > 0);
    assert.equal(watch.started, false, 'the fallback has not come yet');
    source.listEventsNow?.();
    assert.equal(watch.started, true, 'listed when the page says it drew');
    await untilAtNow(clock, 'the events listed', () => events.answer(WEB).state === 'ok');
    // Neither a second word from a page nor the fallback's time lists them again.
    source.listEventsNow?.();
    await clock.advance(EVENTS_AFTER_MS);
    await untilAtNow(clock, 'the watch open', () => server.openWatches(GROUP) === 1);
    assert.equal(starts, 1, 'the watch started once');
    assert.equal(server.requests.filter((r) => r.path === GROUP && !r.watch).length, 1, 'listed once');
  });

  it('falls back to core v1 where events.k8s.io is not served', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists();
    server.setList(CORE, list([{ metadata: { name: 'web-0.a', namespace: 'shop', uid: 'c-1', resourceVersion: '5' }, involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1' }, reason: 'Scheduled', message: 'Successfully assigned shop/web-0 to node-a', type: 'Normal', count: 1, source: { component: 'default-scheduler' }, firstTimestamp: '2026-11-30T03:00:00Z', lastTimestamp: '2026-11-30T03:00:00Z' }], 'v1'));
    const { events } = start();
    const a = await answerOf(events, (x) => x.state === 'ok' && x.events.length === 1);
    assert.deepEqual(a.state === 'ok' && [a.events[0]!.api, a.events[0]!.reporter, a.events[0]!.note], ['v1', 'default-scheduler', 'Successfully assigned shop/web-0 to node-a']);
  });

  it('without permission: a forbidden answer with the server\'s words, and the picture keeps working', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists();
    const denied = (group: string) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: `events${group} is forbidden: User "viewer" cannot list resource "events" in API group "${group.slice(1)}" at the cluster scope` });
    server.failWith(GROUP, denied('.events.k8s.io'));
    server.failWith(CORE, denied(''));
    const { events, rec } = start();
    const a = await answerOf(events, (x) => x.state === 'forbidden');
    assert.deepEqual(a, { state: 'forbidden', message: 'events is forbidden: User "viewer" cannot list resource "events" in API group "" at the cluster scope' });
    await rec.untilState('live');
    await rec.until('delivery', () => rec.deliveries.length > 0);
    assert.equal(rec.last?.gaps.length, 0, 'events are no gap of the picture');
  });

  it('a warning mark runs out with no event to say so: listeners hear of it then, by the injected clock', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists();
    const clock = new FakeClock();
    const at = (msAgo: number) => new Date(clock.now() - msAgo).toISOString();
    server.setList(GROUP, list([groupEvent(1, { type: 'Warning', reason: 'BackOff', deprecatedLastTimestamp: at(9 * 60_000), deprecatedFirstTimestamp: at(20 * 60_000) })]));
    const { events } = start({ clock, eventsCoalesceMs: 0 });
    const heard: number[] = [];
    events.subscribe((keys) => heard.push(keys.size));
    // The list comes over real sockets; the coalescing timer fires as the fake clock fires what is due.
    await untilAtNow(clock, 'the events listed', () => events.answer(WEB).state === 'ok');
    assert.equal(events.answer(WEB).state, 'ok');
    assert.deepEqual([...events.warnings().pods], ['p-1']);
    const before = heard.length;
    await clock.advance(59_000);
    assert.equal(heard.length, before, 'nothing yet, a second before the mark runs out');
    assert.deepEqual([...events.warnings().pods], ['p-1']);
    await clock.advance(1_000);
    assert.deepEqual(heard.slice(before), [0], 'one notice, naming no object');
    assert.deepEqual([...events.warnings().pods], []);
  });

  it('an event storm is coalesced: at most one notice per coalescing period, with every change in it', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists();
    server.setList(GROUP, list([groupEvent(1)]));
    const clock = new FakeClock();
    const { events } = start({ clock, eventsCoalesceMs: 1000 });
    const heard: { at: number; keys: string[] }[] = [];
    events.subscribe((keys) => heard.push({ at: clock.now(), keys: [...keys] }));
    await untilAtNow(clock, 'the events listed', () => events.answer(WEB).state === 'ok');
    await untilAtNow(clock, 'the events watched', () => server.openWatches(GROUP) === 1);
    const start0 = clock.now();
    heard.length = 0;
    // 200 changes to one event and one new event, all within the window.
    for (let n = 0; n < 200; n++) {
      server.publish(GROUP, { type: 'MODIFIED', object: groupEvent(1, { deprecatedCount: n + 2, metadata: { name: 'web-0.1', namespace: 'shop', uid: 'ev-1', resourceVersion: String(1000 + n) } }) });
    }
    server.publish(GROUP, { type: 'ADDED', object: groupEvent(2, { regarding: { kind: 'Pod', namespace: 'shop', name: 'api-0', uid: 'p-2' } }) });
    const rv = (o: KubeObject) => (o.metadata as { resourceVersion?: string }).resourceVersion;
    await eventually('the watch to read them all', () => events.objects().length === 2 && events.objects().some((o) => rv(o) === '1199'));
    await clock.advance(999);
    assert.equal(heard.length, 0, 'nothing within the period after the last sync');
    await clock.advance(1);
    assert.deepEqual(heard, [{ at: start0 + 1000, keys: ['Pod/shop/web-0', 'Pod/shop/api-0'] }], 'one notice naming both objects');
    const a = events.answer(WEB);
    assert.equal(a.state === 'ok' && a.events[0]?.count, 201);
  });

  it('a command that draws and leaves (openSource: export, record) reads no events', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists();
    server.setList(GROUP, list([groupEvent(1)]));
    const file = writeKubeconfig(tmp.dir, { server: server.url, cluster: { 'certificate-authority': path.join(TLS_DIR, 'ca.crt') }, user: { token: TOKEN } });
    const source = await openSource({ kind: 'cluster', kubeconfig: file }, { namespaces: [], env: {}, home: tmp.dir, watch: false });
    running.push(source);
    const rec = new Recorder();
    source.start(rec);
    await rec.until('delivery', () => rec.deliveries.length > 0);
    assert.equal(source.events, undefined);
    assert.deepEqual(server.requests.filter((r) => r.path.endsWith('/events')), []);
  });

  it('keeps at most maxEvents: a new event past the bound drops the oldest', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists();
    server.setList(GROUP, list([groupEvent(1), groupEvent(2), groupEvent(3), groupEvent(4)]));
    const file = writeKubeconfig(tmp.dir, { server: server.url, cluster: { 'certificate-authority': path.join(TLS_DIR, 'ca.crt') }, user: { token: TOKEN } });
    // Through the watch itself, as the source builds it, with a bound of 3.
    const { EventWatch } = await import('../../../main/cluster/event-watch.ts');
    const { KubeTransport } = await import('../../../main/cluster/transport.ts');
    const { systemClock } = await import('../../../main/common/clock.ts');
    const transport = new KubeTransport(loadKubeconfig({ kubeconfigFlag: file }).access(), { requestTimeoutMs: 3000 });
    const watch = new EventWatch(transport, {
      namespaces: [],
      clock: systemClock,
      coalesceMs: 20,
      maxEvents: 3,
      reflector: { context: 'test', pageSize: 500, backoff: FAST.backoff, clock: systemClock, watchTimeoutSeconds: () => 60, watchIdleGraceMs: 30_000 },
    });
    watch.start();
    try {
      const reasons = (a: EventsAnswer) => (a.state === 'ok' ? a.events.map((e) => e.reason) : []);
      await eventually('listed', () => reasons(watch.answer(WEB)).length === 3);
      assert.deepEqual(reasons(watch.answer(WEB)), ['Reason4', 'Reason3', 'Reason2']);
      await eventually('watch open', () => server.openWatches(GROUP) === 1);
      server.publish(GROUP, { type: 'ADDED', object: groupEvent(5) });
      await eventually('newest in', () => reasons(watch.answer(WEB))[0] === 'Reason5');
      assert.deepEqual(reasons(watch.answer(WEB)), ['Reason5', 'Reason4', 'Reason3']);
      assert.equal(watch.store.size, 3);
    } finally {
      await watch.stop();
      transport.close();
    }
  });
});
