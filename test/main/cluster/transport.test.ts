// The HTTP layer under the reflectors, against the fake API server.

import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { ApiStatusError, StoppedError, WatchIdleError } from '../../../main/cluster/errors.ts';
import { loadKubeconfig } from '../../../main/cluster/kubeconfig.ts';
import { createLiveSource } from '../../../main/cluster/live-source.ts';
import { KubeTransport } from '../../../main/cluster/transport.ts';
import type { ObjectSource } from '../../../main/source/object-source.ts';
import { FakeApiServer, fixture, TLS_DIR } from '../../fixtures/fake-apiserver.ts';
import { eventually, FAST, Recorder, tempDir, writeKubeconfig } from './helpers/harness.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';

let server: FakeApiServer;
let tmp: ReturnType<typeof tempDir>;
let running: ObjectSource[] = [];
let transports: KubeTransport[] = [];

function transport(): KubeTransport {
  const file = writeKubeconfig(tmp.dir, { server: server.url, cluster: { 'certificate-authority': path.join(TLS_DIR, 'ca.crt') } });
  const t = new KubeTransport(loadKubeconfig({ kubeconfigFlag: file }).access(), { requestTimeoutMs: 2000 });
  transports.push(t);
  return t;
}

describe('KubeTransport', () => {
  before(() => {
    tmp = tempDir();
  });
  after(() => tmp.cleanup());
  afterEach(async () => {
    for (const t of transports) t.close();
    transports = [];
    await Promise.all(running.map((s) => s.stop()));
    running = [];
    await server.close();
  });

  it('reads gzip-compressed lists', async () => {
    server = await FakeApiServer.start();
    server.gzipLists = true;
    server.setList('/api/v1/nodes', fixture('nodes.json'));
    const list = (await transport().getJson('/api/v1/nodes', { limit: '10' }, new AbortController().signal)) as { items: unknown[] };
    assert.equal(list.items.length, 2);
    assert.equal(server.requests[0]?.query.get('limit'), '10');
  });

  it('requests one after the other share one connection, which close() ends', async () => {
    server = await FakeApiServer.start();
    server.setList('/api/v1/nodes', fixture('nodes.json'));
    const t = transport();
    for (let i = 0; i < 3; i++) await t.getJson('/api/v1/nodes', {}, new AbortController().signal);
    assert.equal(server.connections, 1, 'one TLS handshake for three requests');
    t.close();
    await eventually('the kept connection to close', () => server.openConnections === 0);
  });

  it('turns an error status into an ApiStatusError carrying the Status message', async () => {
    server = await FakeApiServer.start();
    server.failWith('/api/v1/nodes', fixture('status-forbidden-nodes.json'));
    await assert.rejects(transport().getJson('/api/v1/nodes', {}, new AbortController().signal), (err: unknown) => {
      assert.ok(err instanceof ApiStatusError);
      assert.equal(err.status, 403);
      assert.equal(err.reason, 'Forbidden');
      assert.match(err.apiMessage ?? '', /^nodes is forbidden: User "system:serviceaccount:shop:viewer"/);
      return true;
    });
  });

  it('declares a watch dead only after timeoutSeconds plus the grace period of silence', async () => {
    server = await FakeApiServer.start();
    const started = Date.now();
    await assert.rejects(
      transport().watch('/api/v1/pods', { timeoutSeconds: '1' }, { signal: new AbortController().signal, idleTimeoutMs: 600, onEvent: () => undefined }),
      (err: unknown) => err instanceof WatchIdleError,
    );
    const waited = Date.now() - started;
    assert.ok(waited >= 550 && waited < 3000, `waited ${waited} ms`);
  });

  it('a watch the server ends cleanly is re-opened from the last resourceVersion, without a reconnect', async () => {
    // The API server ends every watch at its timeoutSeconds; that is routine, not an outage.
    server = await FakeApiServer.start();
    server.serveFixtureLists();
    const file = writeKubeconfig(tmp.dir, { server: server.url, cluster: { 'certificate-authority': path.join(TLS_DIR, 'ca.crt') } });
    const clock = new FakeClock();
    // Events not watched: their list starts after the first delivery, and its timers would be counted below.
    const source = createLiveSource({ access: loadKubeconfig({ kubeconfigFlag: file }).access(), ...FAST, watchIdleGraceMs: 5000, clock, eventsCoalesceMs: false });
    running.push(source);
    const rec = new Recorder(clock);
    source.start(rec);
    await rec.untilState('live');
    // The watch runs its course (FAST's timeoutSeconds) with nothing to say, and is left alone meanwhile.
    await clock.advance(FAST.watchTimeoutSeconds() * 1000);
    assert.equal(server.openWatches('/api/v1/persistentvolumes'), 1);
    assert.equal(server.watchRequests('/api/v1/persistentvolumes').length, 1);
    server.endWatches('/api/v1/persistentvolumes');
    await eventually('the watch re-opened', () => server.watchRequests('/api/v1/persistentvolumes').length === 2);
    assert.equal(clock.pending, 0, 'an end at timeoutSeconds is not backed off');
    assert.equal(server.watchRequests('/api/v1/persistentvolumes')[1]?.query.get('resourceVersion'), '1000');
    assert.deepEqual(rec.phases(), ['connecting', 'live']);
  });

  it('documents client-node 2.0.1 Watch: a silent but healthy watch is aborted after requestTimeoutMs (30 s by default)', async () => {
    // Why transport.ts does not use client-node's Watch (kubernetes-client/javascript#3020,
    // fixed to an inactivity timeout in #3022). If this starts failing, client-node changed.
    const { KubeConfig, Watch } = await import('@kubernetes/client-node');
    server = await FakeApiServer.start();
    const kc = new KubeConfig();
    kc.loadFromOptions({
      clusters: [{ name: 'c', server: server.url, caFile: path.join(TLS_DIR, 'ca.crt'), skipTLSVerify: false }],
      users: [{ name: 'u' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const watch = new Watch(kc);
    // A private field in the typings, public at runtime.
    const timeouts = watch as unknown as { requestTimeoutMs: number };
    assert.equal(timeouts.requestTimeoutMs, 30_000);
    timeouts.requestTimeoutMs = 400;
    const started = Date.now();
    const err = await new Promise<unknown>((resolve) => {
      void watch.watch('/api/v1/pods', {}, () => undefined, resolve);
    });
    assert.equal((err as Error).name, 'TimeoutError');
    assert.ok(Date.now() - started >= 350);
    // The server never ended it: the client dropped a healthy connection.
    await eventually('watch closed by the client', () => server.openWatches('/api/v1/pods') === 0);
  });

  it('watching again and again on one signal leaves no abort listeners behind', async () => {
    server = await FakeApiServer.start();
    const t = transport();
    const controller = new AbortController();
    for (let i = 0; i < 15; i++) {
      let opened = false;
      const watching = t.watch('/api/v1/pods', {}, { signal: controller.signal, idleTimeoutMs: 60_000, onOpen: () => (opened = true), onEvent: () => undefined });
      await eventually('open', () => opened && server.openWatches('/api/v1/pods') === 1);
      server.endWatches('/api/v1/pods');
      assert.equal(await watching, 'ended');
    }
    await eventually('requests closed', () => getEventListeners(controller.signal, 'abort').length === 0);
  });

  it('close() ends open watches at once with StoppedError', async () => {
    server = await FakeApiServer.start();
    const t = transport();
    let opened = false;
    const watching = t.watch('/api/v1/pods', {}, { signal: new AbortController().signal, idleTimeoutMs: 60_000, onOpen: () => (opened = true), onEvent: () => undefined });
    while (!opened) await new Promise((r) => setTimeout(r, 10));
    t.close();
    await assert.rejects(watching, (err: unknown) => err instanceof StoppedError);
    await assert.rejects(t.getJson('/api/v1/pods', {}, new AbortController().signal), (err: unknown) => err instanceof StoppedError);
  });
});
