import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { loadKubeconfig } from '../../../main/cluster/kubeconfig.ts';
import { createLiveSource, type LiveSourceOptions } from '../../../main/cluster/live-source.ts';
import type { KubeObject } from '../../../main/model/kube.ts';
import { namespace, node, pod as podObject } from '../../fixtures/session/objects.ts';
import type { ObjectSource } from '../../../main/source/object-source.ts';
import { FakeApiServer, fixture, fixtureLines, TLS_DIR } from '../../fixtures/fake-apiserver.ts';
import { eventually, FAST, names, Recorder, tempDir, writeKubeconfig } from './helpers/harness.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';

const PODS = '/api/v1/pods';
const TOKEN = 'live-source-token';

let server: FakeApiServer;
let tmp: ReturnType<typeof tempDir>;
let running: ObjectSource[] = [];

function serveDefaults(s: FakeApiServer): void {
  s.serveFixtureLists([fixture('pods-page-1.json'), fixture('pods-page-2.json'), fixture('pods-page-3.json')]);
}

function start(extra: Partial<LiveSourceOptions> = {}): { source: ObjectSource; rec: Recorder } {
  const file = writeKubeconfig(tmp.dir, {
    server: server.url,
    cluster: { 'certificate-authority': path.join(TLS_DIR, 'ca.crt') },
    user: { token: TOKEN },
  });
  const access = loadKubeconfig({ kubeconfigFlag: file }).access();
  const source = createLiveSource({ access, ...FAST, ...extra });
  const rec = new Recorder(extra.clock);
  running.push(source);
  source.start(rec);
  return { source, rec };
}

function pod(objects: KubeObject[] | undefined, name: string): KubeObject | undefined {
  return objects?.find((o) => (o.metadata as { name?: string }).name === name);
}

const listRequests = (p: string) => server.requests.filter((r) => r.path === p && !r.watch);

describe('live source: list and watch', () => {
  before(async () => {
    tmp = tempDir();
  });
  after(() => tmp.cleanup());

  afterEach(async () => {
    await Promise.all(running.map((s) => s.stop()));
    running = [];
    await server.close();
  });

  it('lists in pages of `limit`, reports progress from remainingItemCount, and delivers everything once', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    serveDefaults(server);
    const { source, rec } = start();
    assert.deepEqual(source.description, { kind: 'cluster', name: 'test', server: server.url, namespaces: [] });
    await rec.untilState('live');
    await rec.until('first delivery', () => rec.deliveries.length > 0);

    const pages = listRequests(PODS);
    assert.equal(pages.length, 3);
    assert.deepEqual(
      pages.map((r) => [r.query.get('limit'), r.query.get('continue')]),
      [
        ['3', null],
        ['3', (fixture('pods-page-1.json').metadata as { continue: string }).continue],
        ['3', (fixture('pods-page-2.json').metadata as { continue: string }).continue],
      ],
    );
    assert.deepEqual(
      rec.progresses.filter((p) => p.resource === 'pods'),
      [
        { resource: 'pods', loaded: 3, total: 7, done: false },
        { resource: 'pods', loaded: 6, total: 7, done: false },
        { resource: 'pods', loaded: 7, total: 7, done: true },
      ],
    );

    assert.equal(rec.deliveries.length, 1, 'one delivery for the initial lists');
    const objects = rec.deliveries[0]!;
    assert.deepEqual(names(objects.pods), ['web-0', 'web-1', 'web-2', 'web-3', 'web-4', 'web-5', 'web-6']);
    assert.deepEqual(names(objects.nodes), ['kind-control-plane', 'kind-worker']);
    assert.deepEqual(names(objects.namespaces), ['default', 'kube-system', 'shop', 'team-a']);
    assert.deepEqual(names(objects.persistentVolumeClaims), ['data-db-0']);
    assert.deepEqual(names(objects.persistentVolumes), ['pvc-0b5e']);
    assert.deepEqual(objects.gaps, []);
    // List items arrive without kind; the source fills it in.
    assert.equal(pod(objects.pods, 'web-3')?.kind, 'Pod');

    assert.deepEqual(rec.phases(), ['connecting', 'live']);
    const live = rec.lastState;
    assert.ok(live?.phase === 'live' && !Number.isNaN(Date.parse(live.since)));

    // Each resource is then watched from its list's resourceVersion, with bookmarks.
    const watch = server.watchRequests(PODS)[0];
    assert.equal(watch?.query.get('resourceVersion'), '1000');
    assert.equal(watch?.query.get('allowWatchBookmarks'), 'true');
    assert.equal(watch?.query.get('timeoutSeconds'), '60');
    assert.equal(watch?.authorization, `Bearer ${TOKEN}`);
  });

  it('applies ADDED, MODIFIED and DELETED events, and re-watches from the last bookmark after a clean end', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    serveDefaults(server);
    const { rec } = start();
    await rec.untilState('live');
    const before = rec.deliveries.length;
    for (const event of fixtureLines('watch-pods.jsonl')) server.publish(PODS, event);
    await rec.until('events applied', () => pod(rec.last?.pods, 'web-7') !== undefined && pod(rec.last?.pods, 'web-1') === undefined);
    const pods = rec.last?.pods;
    assert.deepEqual(names(pods), ['web-0', 'web-2', 'web-3', 'web-4', 'web-5', 'web-6', 'web-7']);
    assert.equal((pod(pods, 'web-0')?.status as { phase: string }).phase, 'Failed');
    assert.ok(rec.deliveries.length > before);

    // The server ends the watch (its timeoutSeconds): a new watch starts from the bookmark's
    // resourceVersion, without a relist and without leaving the live state.
    const lists = listRequests(PODS).length;
    server.endWatches(PODS);
    await eventually('re-watch', () => server.watchRequests(PODS).length === 2);
    assert.equal(server.watchRequests(PODS)[1]?.query.get('resourceVersion'), '1010');
    assert.equal(listRequests(PODS).length, lists);
    assert.deepEqual(rec.phases(), ['connecting', 'live']);
  });

  it('coalesces bursts: deliveries come at least coalesceMs apart and the last one has every change', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    serveDefaults(server);
    const clock = new FakeClock();
    const { rec } = start({ coalesceMs: 100, clock });
    await rec.untilState('live');
    // Every list is in once all watches are open: the first delivery waits for nothing.
    await clock.advance(0);
    assert.equal(rec.deliveries.length, 1);
    const before = rec.deliveries.length;
    const template = fixtureLines('watch-pods.jsonl')[0]!;
    for (let i = 0; i < 30; i++) {
      const object = structuredClone(template['object']) as { metadata: { name: string; resourceVersion: string } };
      object.metadata.name = `burst-${i}`;
      object.metadata.resourceVersion = String(2000 + i);
      server.publish(PODS, { type: 'ADDED', object });
      await clock.advance(10);
    }
    // Events still on the wire after the burst's 300 ms start one more window each time they come.
    const allIn = () => (rec.last?.pods ?? []).filter((p) => names([p])[0]?.startsWith('burst-')).length === 30;
    while (!allIn()) {
      await eventually('a delivery due', () => clock.pending > 0);
      await clock.next();
    }
    const times = rec.deliveredAt.slice(before - 1);
    for (let i = 1; i < times.length; i++) assert.ok(times[i]! - times[i - 1]! >= 100, `deliveries ${times[i]! - times[i - 1]!} ms apart`);
    assert.ok(rec.deliveries.length - before < 30, `${rec.deliveries.length - before} deliveries for 30 changes`);
  });

  it('survives a watch dropped mid-stream: reconnecting, then live again, and no event is lost', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    serveDefaults(server);
    const { rec } = start();
    await rec.untilState('live');
    const [added, modified] = fixtureLines('watch-pods.jsonl');
    server.publish(PODS, added!);
    await rec.until('web-7', () => pod(rec.last?.pods, 'web-7') !== undefined);

    server.dropWatches(PODS);
    // Published while no watch is open: the reconnect must pick it up from the resourceVersion.
    server.publish(PODS, modified!);
    await rec.until('reconnecting', () => rec.phases().includes('reconnecting'));
    await rec.untilState('live');
    await rec.until('modified web-0', () => (pod(rec.last?.pods, 'web-0')?.status as { phase?: string })?.phase === 'Failed');

    const reconnecting = rec.states.find((s) => s.phase === 'reconnecting');
    assert.ok(reconnecting?.phase === 'reconnecting');
    assert.equal(reconnecting.attempt, 1);
    assert.equal(reconnecting.retryInMs, 20);
    assert.match(reconnecting.reason, new RegExp(`the watch of pods on ${server.url} was cut \\(context test\\)`));
    assert.deepEqual(rec.phases(), ['connecting', 'live', 'reconnecting', 'live']);
    // Resumed from web-7's resourceVersion, not relisted.
    assert.equal(server.watchRequests(PODS)[1]?.query.get('resourceVersion'), '1001');
    assert.equal(listRequests(PODS).length, 3);
    assert.ok(pod(rec.last?.pods, 'web-7'));
  });

  it('a garbled watch line is not skipped: the watch restarts from the last resourceVersion and gets the event again', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    serveDefaults(server);
    const { rec } = start();
    await rec.untilState('live');
    const [added] = fixtureLines('watch-pods.jsonl');
    // The event reaches the history (so a new watch replays it), but this stream gets it mangled.
    server.writeRaw(PODS, '{"type":"ADDED","object":{"metadata"\n');
    server.publish(PODS, added!);
    await rec.until('web-7', () => pod(rec.last?.pods, 'web-7') !== undefined);
    assert.equal(server.watchRequests(PODS)[1]?.query.get('resourceVersion'), '1000');
    const reconnecting = rec.states.find((s) => s.phase === 'reconnecting');
    assert.ok(reconnecting?.phase === 'reconnecting' && /not JSON/.test(reconnecting.reason));
  });

  for (const as of ['event', 'http'] as const) {
    it(`relists and replaces the store on 410 Gone (as ${as === 'event' ? 'an ERROR event' : 'HTTP status'})`, async () => {
      server = await FakeApiServer.start({ token: TOKEN });
      serveDefaults(server);
      const { rec } = start();
      await rec.untilState('live');
      // A watch may open on a kept connection within the millisecond before the first delivery's timer fires.
      await rec.until('web-5', () => pod(rec.last?.pods, 'web-5') !== undefined);

      // The server has moved on: the watch's resourceVersion (1000) is too old, and the
      // list now holds other pods.
      const fresh = structuredClone(fixture('pods-team-a.json'));
      (fresh['metadata'] as { resourceVersion: string }).resourceVersion = '2000';
      server.setList(PODS, fresh);
      server.expireBelow(PODS, 2000, as);
      server.endWatches(PODS);

      await rec.until('relisted pods', () => names(rec.last?.pods).join() === 'api-0');
      await eventually('watch from the new list', () => server.watchRequests(PODS).some((r) => r.query.get('resourceVersion') === '2000'));
      assert.equal(listRequests(PODS).length, 4);
      assert.ok(!rec.phases().includes('reconnecting'), 'a 410 is routine, not an outage');
      assert.equal(rec.lastState?.phase, 'live');
    });
  }

  it('records a forbidden resource as an AccessGap and reads the rest', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    serveDefaults(server);
    server.failWith('/api/v1/nodes', fixture('status-forbidden-nodes.json'));
    server.failWith('/api/v1/persistentvolumes', fixture('status-not-found.json'));
    const { rec } = start();
    await rec.untilState('live');
    await rec.until('delivery', () => rec.deliveries.length > 0);
    const objects = rec.deliveries[0]!;
    assert.equal(objects.nodes, undefined);
    assert.equal(objects.persistentVolumes, undefined);
    assert.deepEqual(objects.gaps, [
      {
        resource: 'nodes',
        reason: 'forbidden',
        message: 'nodes is forbidden: User "system:serviceaccount:shop:viewer" cannot list resource "nodes" in API group "" at the cluster scope',
      },
      { resource: 'persistentvolumes', reason: 'unavailable', message: 'the server could not find the requested resource' },
    ]);
    assert.equal(objects.pods?.length, 7);
    assert.deepEqual(names(objects.persistentVolumeClaims), ['data-db-0']);
    // The rest keeps working.
    server.publish(PODS, fixtureLines('watch-pods.jsonl')[0]!);
    await rec.until('web-7', () => pod(rec.last?.pods, 'web-7') !== undefined);
    assert.equal(rec.last?.nodes, undefined);
    assert.equal(server.watchRequests('/api/v1/nodes').length, 0);
  });

  it('lists pods and PVCs per chosen namespace, and keeps what it can read when one namespace is forbidden', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    serveDefaults(server);
    server.setList('/api/v1/namespaces/team-a/pods', fixture('pods-team-a.json'));
    server.setList('/api/v1/namespaces/shop/pods', fixture('pods-shop.json'));
    server.setList('/api/v1/namespaces/team-a/persistentvolumeclaims', fixture('pvcs-empty.json'));
    server.failWith('/api/v1/namespaces/shop/persistentvolumeclaims', {
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      message: 'persistentvolumeclaims is forbidden: User "dev" cannot list resource "persistentvolumeclaims" in API group "" in the namespace "shop"',
      reason: 'Forbidden',
      code: 403,
    });
    const { source, rec } = start({ namespaces: ['team-a', 'shop', 'team-a'] });
    assert.deepEqual(source.description.namespaces, ['shop', 'team-a']);
    await rec.untilState('live');
    await rec.until('delivery', () => rec.deliveries.length > 0);
    const objects = rec.last!;
    assert.deepEqual(names(objects.pods), ['api-0', 'web-0']);
    assert.deepEqual(objects.persistentVolumeClaims, []);
    assert.deepEqual(
      objects.gaps.map((g) => [g.resource, g.reason]),
      [['persistentvolumeclaims', 'forbidden']],
    );
    assert.match(objects.gaps[0]!.message, /in the namespace "shop"/);
    assert.equal(listRequests(PODS).length, 0, 'no cluster-wide pod list');
    assert.equal(server.watchRequests('/api/v1/namespaces/team-a/pods').length, 1);
    assert.throws(() => createLiveSource({ access: loadKubeconfig({ kubeconfigFlag: path.join(tmp.dir, 'config') }).access(), namespaces: ['../x'] }), /not a valid namespace/);
  });

  it('follows a served cluster whose objects change, also when reading only some namespaces', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveObjects([
      namespace('shop'),
      namespace('other'),
      node('n1', '10.0.0.2'),
      podObject({ name: 'web', namespace: 'shop', node: 'n1', ip: '10.244.0.5' }),
      podObject({ name: 'elsewhere', namespace: 'other', node: 'n1', ip: '10.244.0.6' }),
    ]);
    const { rec } = start({ namespaces: ['shop'] });
    await rec.untilState('live');
    await rec.until('first delivery', () => rec.deliveries.length > 0);
    assert.deepEqual(names(rec.last?.pods), ['web']);
    assert.deepEqual(names(rec.last?.nodes), ['n1']);
    assert.equal(pod(rec.last?.pods, 'web')?.kind, 'Pod');

    server.put(podObject({ name: 'web', namespace: 'shop', node: 'n1', ip: '10.244.0.9' }));
    server.put(podObject({ name: 'api', namespace: 'shop', node: 'n1', ip: '10.244.0.7' }));
    server.put(podObject({ name: 'ignored', namespace: 'other', node: 'n1', ip: '10.244.0.8' }));
    server.remove(podObject({ name: 'web', namespace: 'shop', node: 'n1' }));
    await rec.until('changes applied', () => names(rec.last?.pods).join() === 'api');
    assert.equal(server.watchRequests('/api/v1/namespaces/shop/pods').length, 1, 'one watch heard it all');
    assert.equal(listRequests(PODS).length, 0, 'no cluster-wide pod list');
  });

  it('stop() closes every watch and delivers nothing afterwards', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    serveDefaults(server);
    const clock = new FakeClock();
    const { source, rec } = start({ clock });
    await rec.untilState('live');
    await clock.advance(0);
    assert.equal(rec.deliveries.length, 1);
    assert.equal(server.openWatches(PODS), 1);
    // The clock stands still meanwhile: stop() waits for no timer.
    await source.stop();
    const count = rec.deliveries.length;
    const states = rec.states.length;
    await eventually('the server sees the watch closed', () => server.openWatches(PODS) === 0);
    server.publish(PODS, fixtureLines('watch-pods.jsonl')[0]!);
    // Past the coalescing window and every retry delay.
    await clock.advance(60_000);
    assert.equal(server.openWatches(PODS), 0);
    assert.equal(rec.deliveries.length, count);
    assert.equal(rec.states.length, states);
    assert.equal(clock.pending, 0, 'no timer left behind');
  });
});
