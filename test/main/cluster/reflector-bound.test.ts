// A reflector with a bound (the event watch's 5,000): each object's age is
// asked once when it is stored, never again to find the oldest (a scan of
// every stored object per watch event was the cost), the oldest go first as
// deltas, and a list is trimmed after every page, so a relist of a large
// cluster's events never holds more than the bound and one page.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { loadKubeconfig } from '../../../main/cluster/kubeconfig.ts';
import { Reflector, type ReflectorOptions } from '../../../main/cluster/reflector.ts';
import { RESOURCES } from '../../../main/cluster/resources.ts';
import { KubeTransport } from '../../../main/cluster/transport.ts';
import { systemClock } from '../../../main/common/clock.ts';
import { objectKey, type ObjectDelta } from '../../../main/model/delta.ts';
import type { KubeObject } from '../../../main/model/kube.ts';
import { FakeApiServer, TLS_DIR } from '../../fixtures/fake-apiserver.ts';
import { random as seeded } from '../../fixtures/random.ts';
import { eventually, FAST, tempDir, writeKubeconfig } from './helpers/harness.ts';

// Any resource can be bounded; namespaces, because the model keys them (by uid), so the deltas can be replayed and checked.
const GROUP = '/api/v1/namespaces';
const RESOURCE = RESOURCES.find((r) => r.name === 'namespaces')!;

let server: FakeApiServer;
let tmp: ReturnType<typeof tempDir>;
let stops: (() => Promise<void>)[] = [];

/** An object whose age (what the bound orders by) is `t`. */
function ev(i: number, t: number, rv = 10 + i): KubeObject {
  return { metadata: { name: `e-${i}`, uid: `u-${i}`, resourceVersion: String(rv), labels: { t: String(t) } } } as KubeObject;
}
const tOf = (o: KubeObject) => Number((o.metadata as { labels: { t: string } }).labels.t);
const nameOf = (o: KubeObject) => (o.metadata as { name: string }).name;

/** Pages of `size`, chained by continue tokens; the last says resourceVersion `rv`. */
function pages(items: KubeObject[], size: number, rv: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (let at = 0; at < items.length; at += size) {
    const last = at + size >= items.length;
    out.push({ kind: 'NamespaceList', apiVersion: 'v1', metadata: { resourceVersion: rv, ...(last ? {} : { continue: `c-${rv}-${at}` }) }, items: items.slice(at, at + size) });
  }
  return out;
}

interface Watched {
  reflector: Reflector;
  ageCalls: () => number;
  maxHeld: () => number;
  /** The deltas so far applied to an empty store, by the model's key. */
  replayed: () => string[];
  changes: () => number;
}

function watch(maxItems: number, pageSize: number): Watched {
  const file = writeKubeconfig(tmp.dir, { server: server.url, cluster: { 'certificate-authority': path.join(TLS_DIR, 'ca.crt') } });
  const transport = new KubeTransport(loadKubeconfig({ kubeconfigFlag: file }).access(), { requestTimeoutMs: 3000 });
  // What the reflector holds when it asks for the next page, and after the last: the most a list ever holds.
  const listPages = transport.listPages.bind(transport);
  transport.listPages = async function* (...args: Parameters<KubeTransport['listPages']>): AsyncGenerator<unknown> {
    for await (const page of listPages(...args)) {
      maxHeld = Math.max(maxHeld, reflector.held);
      yield page;
    }
    maxHeld = Math.max(maxHeld, reflector.held);
  };
  let calls = 0;
  let maxHeld = 0;
  let changes = 0;
  const replay = new Map<string, KubeObject>();
  const options: ReflectorOptions = {
    context: 'test',
    pageSize,
    backoff: FAST.backoff,
    clock: systemClock,
    watchTimeoutSeconds: () => 60,
    watchIdleGraceMs: 30_000,
    bound: {
      maxItems,
      age: (o) => {
        calls += 1;
        return tOf(o);
      },
    },
  };
  const reflector: Reflector = new Reflector(
    transport,
    RESOURCE,
    undefined,
    {
      changed: () => {
        changes += 1;
      },
      deltas: (deltas: ObjectDelta[]) => {
        for (const d of deltas) {
          const key = objectKey(RESOURCE.field, d.object)!;
          if (d.type === 'deleted') replay.delete(key);
          else replay.set(key, d.object);
        }
      },
      status: () => {},
      progress: () => {},
    },
    options,
  );
  reflector.start();
  stops.push(async () => {
    await reflector.stop();
    transport.close();
  });
  return { reflector, ageCalls: () => calls, maxHeld: () => maxHeld, replayed: () => [...replay.values()].map(nameOf).sort(), changes: () => changes };
}

const held = (w: Watched) => (w.reflector.items() ?? []).map(nameOf).sort();
const newest = (objects: KubeObject[], n: number) => [...objects].sort((a, b) => tOf(b) - tOf(a)).slice(0, n).map(nameOf).sort();

describe('reflector with a bound', () => {
  before(() => {
    tmp = tempDir();
  });
  after(() => tmp.cleanup());
  afterEach(async () => {
    await Promise.all(stops.map((s) => s()));
    stops = [];
    await server.close();
  });

  it('at the bound, a watch event asks one age (its own) and drops the oldest, in any arrival order', async () => {
    server = await FakeApiServer.start();
    const listed = Array.from({ length: 50 }, (_, i) => ev(i, i * 10));
    server.setList(GROUP, ...pages(listed, 50, '100'));
    const w = watch(50, 50);
    await eventually('listed', () => w.reflector.synced && held(w).length === 50);
    await eventually('watch open', () => server.openWatches(GROUP) === 1);
    const listCalls = w.ageCalls();
    assert.ok(listCalls <= 50, 'at most one age per listed object');
    // 300 new events at times mostly later than the listed ones, some earlier (clocks differ between reporters).
    const random = seeded(12);
    const all = [...listed];
    const watched: KubeObject[] = [];
    for (let i = 50; i < 350; i++) {
      const o = ev(i, (Math.floor(random() * 4000) - 200) * 1000 + i, 200 + i);
      watched.push(o);
      all.push(o);
      server.publish(GROUP, { type: 'ADDED', object: o });
    }
    // Some changed again later (a count going up moves the event's time on).
    for (const o of watched.slice(0, 20)) {
      const again = ev(Number(nameOf(o).slice(2)), 5_000_000 + tOf(o), 900 + Number(nameOf(o).slice(2)));
      all.splice(all.indexOf(o), 1, again);
      server.publish(GROUP, { type: 'MODIFIED', object: again });
    }
    await eventually('watched all', () => w.reflector.lastResourceVersion === String(900 + 69));
    assert.equal(w.ageCalls() - listCalls, 320, 'one age per watch event, none to find the oldest');
    assert.deepEqual(held(w), newest(all, 50));
    assert.deepEqual(w.replayed(), held(w), 'the deltas say every drop');
  });

  it('a deleted object leaves the bound\'s order too: it is never dropped twice, and a new one fills its place', async () => {
    server = await FakeApiServer.start();
    const listed = Array.from({ length: 5 }, (_, i) => ev(i, i));
    server.setList(GROUP, ...pages(listed, 5, '100'));
    const w = watch(5, 5);
    await eventually('listed', () => w.reflector.synced);
    await eventually('watch open', () => server.openWatches(GROUP) === 1);
    server.publish(GROUP, { type: 'DELETED', object: ev(0, 0, 201) });
    server.publish(GROUP, { type: 'ADDED', object: ev(9, 100, 202) });
    server.publish(GROUP, { type: 'ADDED', object: ev(10, 50, 203) });
    await eventually('watched', () => w.reflector.lastResourceVersion === '203');
    assert.deepEqual(held(w), ['e-10', 'e-2', 'e-3', 'e-4', 'e-9']);
    assert.deepEqual(w.replayed(), held(w));
  });

  it('a list is trimmed after every page: never more than the bound and a page held, at the first list and at a relist after 410', async () => {
    server = await FakeApiServer.start();
    const random = seeded(7);
    const first = Array.from({ length: 400 }, (_, i) => ev(i, Math.floor(random() * 100_000) * 10_000 + i));
    server.setList(GROUP, ...pages(first, 20, '500'));
    const w = watch(30, 20);
    await eventually('listed', () => w.reflector.synced && w.changes() > 0);
    assert.deepEqual(held(w), newest(first, 30), 'the newest of all pages');
    assert.equal(w.reflector.lastResourceVersion, '500', 'the list\'s resourceVersion');
    assert.ok(w.maxHeld() <= 30 + 20, `held at most the bound and a page, held ${w.maxHeld()}`);
    assert.ok(server.requests.filter((r) => r.path === GROUP && r.query.has('continue')).length === 19, 'every page read');
    assert.deepEqual(w.replayed(), held(w));
    await eventually('watch open', () => server.openWatches(GROUP) === 1);
    // Now the history moves on: half the old events gone, 300 new; watches from 500 are too old.
    const second = [...first.slice(0, 200), ...Array.from({ length: 300 }, (_, i) => ev(1000 + i, Math.floor(random() * 100_000) * 10_000 + 1000 + i, 600 + i))];
    server.setList(GROUP, ...pages(second, 20, '2000'));
    server.expireBelow(GROUP, 1000, 'http');
    server.dropWatches(GROUP);
    await eventually('relisted', () => w.reflector.lastResourceVersion === '2000');
    assert.deepEqual(held(w), newest(second, 30));
    assert.ok(w.maxHeld() <= 30 + 20, `held at most the bound and a page at the relist, held ${w.maxHeld()}`);
    assert.deepEqual(w.replayed(), held(w), 'the relist\'s deltas leave exactly the store');
  });
});
