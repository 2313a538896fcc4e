// A session on the real kubeconfig, cluster and model modules, against the fake
// API server, on a clock that moves only by hand: the first model goes out as
// soon as every list has answered (no watch needs to be open, no window needs
// to pass), and a later change waits for one window, not for two stacked.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, before, describe, test } from 'node:test';
import type { ModelUpdate } from '../../../main/contract/api.ts';
import { defaultDeps } from '../../../main/session/default-deps.ts';
import { Session } from '../../../main/session/session.ts';
import { FakeApiServer, fixture, TLS_DIR } from '../../fixtures/fake-apiserver.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';
import { eventually, tempDir, untilAtNow, writeKubeconfig } from '../cluster/helpers/harness.ts';

const TOKEN = 'first-model-token';
const WINDOW = 100;
const PODS = '/api/v1/pods';
const LISTS = ['/api/v1/nodes', '/api/v1/namespaces', PODS, '/api/v1/persistentvolumeclaims', '/api/v1/persistentvolumes'];

let tmp: ReturnType<typeof tempDir>;
let server: FakeApiServer | undefined;
let session: Session | undefined;

before(() => {
  tmp = tempDir();
});
after(() => tmp.cleanup());
afterEach(async () => {
  await session?.close();
  await server?.close();
  session = undefined;
  server = undefined;
});

async function open(clock: FakeClock): Promise<{ models: ModelUpdate[]; times: number[] }> {
  server = await FakeApiServer.start({ token: TOKEN });
  server.serveFixtureLists();
  return openOn(server, clock);
}

async function openOn(s: FakeApiServer, clock: FakeClock): Promise<{ models: ModelUpdate[]; times: number[] }> {
  const kubeconfig = writeKubeconfig(tmp.dir, { server: s.url, cluster: { 'certificate-authority': path.join(TLS_DIR, 'ca.crt') }, user: { token: TOKEN } });
  const models: ModelUpdate[] = [];
  const times: number[] = [];
  session = await Session.open({ kubeconfig, env: {}, home: tmp.dir, clock, coalesceMs: WINDOW }, defaultDeps);
  session.on('model', (u) => {
    models.push(u);
    times.push(clock.now());
  });
  return { models, times };
}

describe('the first model of a live cluster', () => {
  test('goes out once every list has answered, while no watch has been answered yet, with no window waited', async () => {
    const clock = new FakeClock();
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists();
    server.hold = (r) => r.watch;
    const { models } = await openOn(server, clock);
    await untilAtNow(clock, 'the first cluster model', () => models.some((m) => m.model.source.kind === 'cluster'));
    const model = models.find((m) => m.model.source.kind === 'cluster')!.model;
    assert.equal(model.stats.pods, (fixture('pods-shop.json')['items'] as unknown[]).length);
    for (const list of LISTS) assert.ok(server.requests.some((r) => r.path === list && !r.watch), `${list} was listed`);
    assert.equal(server.openWatches(PODS), 0, 'no watch was answered');
  });

  test('a change after it is built when the one window the first build opened closes, not later', async () => {
    const clock = new FakeClock();
    const { models, times } = await open(clock);
    await untilAtNow(clock, 'the first cluster model', () => models.length > 0);
    const first = times[0]!;
    const pods = models[0]!.model.stats.pods;
    await eventually('the pod watch', () => server!.openWatches(PODS) > 0);
    const added = structuredClone((fixture('pods-shop.json')['items'] as Record<string, unknown>[])[0]!) as { metadata: Record<string, unknown> };
    added.metadata = { ...added.metadata, name: 'added-later', uid: 'added-later-uid', resourceVersion: '999999' };
    server!.publish(PODS, { type: 'ADDED', object: added });
    // The event reaches the source, which hands it on at once (a 0 ms timer, fired here without moving time), and the
    // session waits for the window the first build opened: a timer due when it closes. (Not just any timer: the
    // connection's and the events' own are pending too, and on a slow machine the event came after the clock had moved.)
    await untilAtNow(clock, 'the event handed to the session', () => clock.pendingDelays().includes(first + WINDOW - clock.now()));
    assert.equal(models.length, 1, 'the change waits inside the window the first build opened');
    await clock.advance(first + WINDOW - clock.now() - 1);
    assert.equal(models.length, 1);
    await clock.advance(1);
    assert.equal(models.length, 2, 'built when that window closed');
    assert.equal(times[1]! - first, WINDOW);
    assert.equal(models[1]!.model.stats.pods, pods + 1);
  });
});
