import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { ModelUpdate } from '../../../main/contract/api.ts';
import { Session } from '../../../main/session/session.ts';
import { RequestError, validateRequest } from '../../../main/session/validate.ts';
import { setSnapshotStdin, STDIN } from '../../../main/session/snapshot-file.ts';
import { parseSnapshotStream } from '../../../main/snapshot/read.ts';
import { message } from '../../../main/i18n/index.ts';
import { listText, node, objectsOf, pod, smallCluster } from '../../fixtures/session/objects.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';
import { contextList, FAST, fakes, nextEvent, PAST_EVERY_TIMER, podNames, until } from './fakes.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'anatomy-session-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base = () => ({ env: {}, home: dir, ...FAST });

describe('demo fallback', () => {
  test('with no kubeconfig the demo is shown, with a reason naming where it looked, and the cluster is retried', async () => {
    const f = fakes(contextList([]));
    let loads = 0;
    const load = f.deps.loadContexts;
    f.deps.loadContexts = (input) => {
      loads += 1;
      return load(input);
    };
    const session = await Session.open(base(), f.deps);
    try {
      await until(() => session.state().demoReason !== undefined, 2000, 'demoReason');
      const state = session.state();
      assert.equal(state.source.kind, 'demo');
      assert.match(state.demoReason!, /No kubeconfig found at .*\.kube[/\\]config/);
      assert.ok(state.demoReason!.includes(dir), 'the reason names the path it looked at');
      assert.match(state.demoReason!, /built-in demo/);
      assert.deepEqual(podNames(session), ['default/demo-pod']);
      assert.equal(state.connection.phase, 'reconnecting');
      // Backoff retries keep reading the kubeconfig.
      await until(() => loads >= 3, 2000, 'retries');
      // A kubeconfig appears: the session switches to the cluster when it delivers.
      f.contexts = contextList(['kind-kind'], 'kind-kind');
      await until(() => f.live.length === 1, 2000, 'live source start');
      assert.equal(f.live[0].input.context, 'kind-kind');
      const switched = nextEvent(session, 'model', (u) => u.model.source.kind === 'cluster');
      f.live[0].state({ phase: 'live', since: new Date().toISOString() });
      f.live[0].objects(objectsOf(smallCluster()));
      const update = await switched;
      assert.equal(update.model.source.name, 'kind-kind');
      assert.equal(session.state().demoReason, undefined);
      assert.equal(session.state().connection.phase, 'live');
      assert.equal(session.state().context, 'kind-kind');
      assert.ok(podNames(session).includes('shop/web-0'));
    } finally {
      await session.close();
    }
  });

  test('an unreachable cluster shows the demo with the context and server in the reason, then switches when it answers', async () => {
    const f = fakes(contextList(['prod', 'kind-kind'], 'prod'));
    const session = await Session.open(base(), f.deps);
    try {
      await until(() => f.live.length === 1, 2000, 'live source');
      assert.equal(session.model(), null, 'nothing is drawn while connecting');
      f.live[0].state({ phase: 'reconnecting', reason: 'connect ECONNREFUSED 127.0.0.1:6443', attempt: 1, retryInMs: 1000 });
      await until(() => session.model() !== null, 2000, 'demo model');
      const state = session.state();
      assert.equal(state.source.kind, 'demo');
      assert.equal(state.context, 'prod');
      assert.match(state.demoReason!, /context "prod" \(https:\/\/prod\.example:6443\)/);
      assert.match(state.demoReason!, /ECONNREFUSED/);
      assert.deepEqual(state.connection, { phase: 'reconnecting', reason: 'connect ECONNREFUSED 127.0.0.1:6443', attempt: 1, retryInMs: 1000 });

      f.live[0].objects(objectsOf(smallCluster()));
      await until(() => session.model()?.model.source.kind === 'cluster', 2000, 'cluster model');
      assert.equal(session.state().demoReason, undefined);
    } finally {
      await session.close();
    }
  });

  test('a hung exec credential plugin is named when the connect timeout passes, not the API server', async () => {
    const f = fakes(contextList(['eks'], 'eks'));
    const create = f.deps.createLiveSource;
    f.deps.createLiveSource = (input) => Object.assign(create(input), { waitingFor: () => message('errors.exec.plugin', { command: 'aws', user: 'eks' }) });
    const clock = new FakeClock();
    const session = await Session.open({ ...base(), clock }, f.deps);
    try {
      await until(() => f.live.length === 1, 2000, 'live source');
      await clock.advance(FAST.connectTimeoutMs);
      await until(() => session.state().demoReason !== undefined, 2000, 'demoReason');
      assert.match(session.state().demoReason!, /^Exec credential plugin "aws" \(user eks\) did not answer within 2 s, for context "eks" \(https:\/\/eks\.example:6443\)\. Showing the built-in demo/);
    } finally {
      await session.close();
    }
  });

  test('a source that gives up is restarted with backoff', async () => {
    const f = fakes(contextList(['prod'], 'prod'));
    const session = await Session.open(base(), f.deps);
    try {
      await until(() => f.live.length === 1, 2000, 'live source');
      f.live[0].state({ phase: 'failed', reason: 'Unauthorized' });
      await until(() => session.state().connection.phase === 'reconnecting', 2000, 'reconnecting');
      const connection = session.state().connection;
      assert.equal(connection.phase === 'reconnecting' && connection.attempt, 1);
      assert.match(session.state().demoReason!, /Unauthorized/);
      assert.equal(f.live[0].stopped, true);
      await until(() => f.live.length === 2, 2000, 'restart');
    } finally {
      await session.close();
    }
    assert.equal(f.live.at(-1)!.stopped, true, 'close stops the live source');
  });

  test('after the cluster delivered once, an outage keeps its objects on screen instead of the demo', async () => {
    const f = fakes(contextList(['prod'], 'prod'));
    const session = await Session.open(base(), f.deps);
    try {
      await until(() => f.live.length === 1, 2000, 'live source');
      f.live[0].objects(objectsOf(smallCluster()));
      await until(() => session.model() !== null, 2000, 'model');
      f.live[0].state({ phase: 'reconnecting', reason: 'watch dropped', attempt: 1, retryInMs: 500 });
      await until(() => session.state().connection.phase === 'reconnecting', 2000, 'reconnecting');
      assert.equal(session.state().source.kind, 'cluster');
      assert.equal(session.state().demoReason, undefined);
    } finally {
      await session.close();
    }
  });
});

describe('snapshots', () => {
  test('a malformed snapshot is refused with a clear message and the view stays as it was', async () => {
    const f = fakes();
    const session = await Session.open({ ...base(), demo: true }, f.deps);
    try {
      await session.loadSnapshotText('good.json', listText(smallCluster()));
      const before = session.model();
      const stateBefore = session.state();
      assert.equal(stateBefore.source.name, 'good.json');
      let models = 0;
      session.on('model', () => models++);
      await assert.rejects(session.loadSnapshotText('broken.json', '{"kind": "List", "items": [ '), (error: Error) => {
        assert.equal(error.name, 'SnapshotError');
        assert.match(error.message, /^broken\.json/);
        return true;
      });
      assert.equal(session.model(), before);
      assert.deepEqual(session.state(), stateBefore);
      assert.equal(models, 0);
    } finally {
      await session.close();
    }
  });

  test('opening an unreadable or malformed snapshot file rejects', async () => {
    const f = fakes();
    await assert.rejects(Session.open({ ...base(), snapshot: path.join(dir, 'missing.json') }, f.deps), /Could not read snapshot .*missing\.json/);
    const bad = path.join(dir, 'bad.yaml');
    await writeFile(bad, 'items: [\n');
    await assert.rejects(Session.open({ ...base(), snapshot: bad }, f.deps), /bad\.yaml/);
  });

  test('a watched snapshot file is followed: added, updated and deleted pods, and malformed versions keep the view', async () => {
    const file = path.join(dir, 'watched.json');
    await writeFile(file, listText(smallCluster()));
    const f = fakes();
    const session = await Session.open({ ...base(), snapshot: file }, f.deps);
    try {
      assert.equal(session.state().source.kind, 'snapshot');
      assert.equal(session.state().source.name, 'watched.json');
      await until(() => session.state().connection.phase === 'live', 2000, 'watching');
      assert.ok(podNames(session).includes('shop/web-1'));

      const changed = smallCluster()
        .filter((item) => (item.metadata as { name: string }).name !== 'web-1')
        .map((item) => ((item.metadata as { name: string }).name === 'api-0' ? pod({ name: 'api-0', node: 'worker-1', ip: '10.244.1.99' }) : item));
      changed.push(pod({ name: 'new-0', namespace: 'shop', node: 'cp-1', ip: '10.244.0.77' }));
      const next = nextEvent(session, 'model', (u) => u.model.stats.pods === 5 && podNamesOf(u).includes('shop/new-0'));
      await writeFile(file, listText(changed));
      const update = await next;
      assert.ok(!podNamesOf(update).includes('shop/web-1'), 'deleted pod is gone');
      const api = update.model.nodes.flatMap((n) => n.pods.map((p) => ({ node: n.name, p }))).find((x) => x.p.name === 'api-0');
      assert.equal(api?.node, 'worker-1');
      assert.equal(api?.p.podIP, '10.244.1.99');

      const revision = session.state().revision;
      const failed = nextEvent(session, 'session', (s) => s.connection.phase === 'failed');
      await writeFile(file, '{"kind": "List", "items": [');
      const state = await failed;
      assert.equal(state.connection.phase === 'failed' && /watched\.json/.test(state.connection.reason), true);
      assert.match(state.connection.phase === 'failed' ? state.connection.reason : '', /previous version/);
      assert.equal(session.state().revision, revision, 'no new model from a malformed file');
      assert.ok(podNames(session).includes('shop/new-0'));

      const recovered = nextEvent(session, 'session', (s) => s.connection.phase === 'live');
      await writeFile(file, listText(smallCluster()));
      await recovered;
      await until(() => podNames(session).includes('shop/web-1'), 2000, 'recovered model');
    } finally {
      await session.close();
    }
  });

  test('a snapshot on standard input ("-", as serve --snapshot - gets it) is read once and shown static; a retry does not read it again', async () => {
    const f = fakes();
    f.deps.parseSnapshotStream = async (chunks, fileName, take) => (await parseSnapshotStream(chunks, fileName, take ? { take } : {})).objects;
    let reads = 0;
    const previous = setSnapshotStdin(() => {
      reads += 1;
      return (async function* () {
        yield Buffer.from(listText(smallCluster()));
      })();
    });
    try {
      const session = await Session.open({ ...base(), snapshot: STDIN }, f.deps);
      try {
        assert.equal(session.state().source.kind, 'snapshot');
        assert.equal(session.state().source.name, 'stdin');
        await until(() => session.model() !== null, 2000, 'model');
        assert.ok(podNames(session).includes('shop/web-1'));
        await new Promise((resolve) => setTimeout(resolve, 3 * FAST.watchDebounceMs));
        assert.equal(session.state().connection.phase, 'static');
        await session.retry();
        await new Promise((resolve) => setTimeout(resolve, 3 * FAST.watchDebounceMs));
        assert.equal(session.state().connection.phase, 'static', 'nothing to re-read, and no failure');
        assert.equal(reads, 1);
        // Another namespace is built from the copy kept while reading, not from standard input.
        await session.setNamespaces(['shop']);
        await until(() => podNames(session).every((p) => p.startsWith('shop/')), 2000, 'filtered model');
        assert.equal(reads, 1);
      } finally {
        await session.close();
      }
    } finally {
      setSnapshotStdin(previous);
    }
  });

  test('a snapshot whose pods run on nodes it has no Node object for: the page gets the warning in the model, as for no nodes at all', async () => {
    const file = path.join(dir, 'ghost.json');
    await writeFile(file, listText([...smallCluster(), pod({ name: 'lost-0', namespace: 'shop', node: 'ghost-node', ip: '10.244.9.9' })]));
    const f = fakes();
    const session = await Session.open({ ...base(), snapshot: file }, f.deps);
    try {
      await until(() => session.model() !== null, 2000, 'model');
      const model = session.model()!.model;
      assert.ok(model.nodes.some((n) => n.name === 'ghost-node' && n.inferred));
      assert.deepEqual(model.gaps.map((g) => [g.resource, g.said?.id, g.message]), [
        ['nodes', 'errors.gap.nodeNotInSnapshot', 'the snapshot has no Node object for node ghost-node, which pods run on; it is inferred from its pods'],
      ]);
    } finally {
      await session.close();
    }
  });

  test('snapshot:get writes the shown objects with a file name from the source and time', async () => {
    const f = fakes();
    const session = await Session.open({ ...base(), demo: true, now: () => new Date('2026-11-30T04:12:59Z') }, f.deps);
    try {
      await session.loadSnapshotText('C:\\Users\\me\\kind cluster.yaml', listText(smallCluster()));
      assert.equal(session.state().source.name, 'kind cluster.yaml');
      const saved = await session.snapshot('json');
      assert.equal(saved.fileName, 'kind-cluster-2026-11-30T0412.json');
      const names = JSON.parse(saved.text).items.map((i: { metadata: { name: string } }) => i.metadata.name);
      assert.ok(names.includes('web-0') && names.includes('worker-1'));
    } finally {
      await session.close();
    }
  });
});

describe('namespace filter', () => {
  test('snapshots and the demo are filtered in place; the namespace list stays whole', async () => {
    const f = fakes();
    const session = await Session.open({ ...base(), demo: true }, f.deps);
    try {
      await session.loadSnapshotText('small.json', listText(smallCluster()));
      const state = await session.setNamespaces(['shop', 'shop']);
      assert.deepEqual(state.namespaces, ['shop']);
      assert.deepEqual(podNames(session), ['shop/web-0', 'shop/web-1']);
      const model = session.model()!.model;
      assert.deepEqual(model.source.namespaces, ['shop']);
      assert.ok(model.namespaces.includes('default'), 'other namespaces remain choosable');
      assert.deepEqual(model.nodes.map((n) => n.name).sort(), ['cp-1', 'worker-1'], 'nodes stay');
      // The saved snapshot is what is shown.
      const saved = JSON.parse((await session.snapshot('json')).text).items.map((i: { metadata: { name: string } }) => i.metadata.name);
      assert.ok(!saved.includes('api-0'));
      await session.setNamespaces([]);
      assert.equal(podNames(session).length, 5);
      await assert.rejects(session.setNamespaces(['Not_A_Namespace']), /not a valid namespace name/);
    } finally {
      await session.close();
    }
  });

  test('a live source is restarted with the namespaces', async () => {
    const f = fakes(contextList(['prod'], 'prod'));
    const session = await Session.open({ ...base(), namespaces: ['kube-system'] }, f.deps);
    try {
      await until(() => f.live.length === 1, 2000, 'live source');
      assert.deepEqual(f.live[0].input.namespaces, ['kube-system']);
      f.live[0].objects(objectsOf(smallCluster()));
      await until(() => session.model() !== null, 2000, 'model');
      await session.setNamespaces(['shop', 'default']);
      await until(() => f.live.length === 2, 2000, 'restart');
      assert.equal(f.live[0].stopped, true);
      assert.deepEqual(f.live[1].input.namespaces, ['default', 'shop']);
      assert.equal(f.live[1].input.context, 'prod');
      // The old view stays until the restarted source delivers.
      assert.equal(session.model()?.model.source.kind, 'cluster');
    } finally {
      await session.close();
    }
  });
});

describe('revisions and coalescing', () => {
  test('every model gets the next revision, and the session state carries it', async () => {
    const f = fakes();
    const session = await Session.open({ ...base(), demo: true }, f.deps);
    try {
      const seen: number[] = [];
      session.on('model', (u) => seen.push(u.revision));
      const first = session.model()!.revision;
      await session.loadSnapshotText('a.json', listText(smallCluster()));
      await session.setNamespaces(['shop']);
      await session.showDemo();
      assert.deepEqual(seen, [first + 1, first + 2, first + 3]);
      assert.equal(session.state().revision, first + 3);
      assert.equal(session.model()!.revision, first + 3);
    } finally {
      await session.close();
    }
  });

  test('with no coalesceMs set, changes right after cheap models go out at once until 25 ms of windows are owed, then wait the shortest window (4 ms), not the longest', async () => {
    const f = fakes(contextList(['prod'], 'prod'));
    const clock = new FakeClock();
    const { coalesceMs: _fixed, ...rest } = base();
    const session = await Session.open({ ...rest, clock }, f.deps);
    try {
      await until(() => f.live.length === 1, 2000, 'live source');
      const models: ModelUpdate[] = [];
      session.on('model', (u) => models.push(u));
      const deliver = (pods: number) => f.live[0].objects(objectsOf([node('n1', '10.0.0.1'), ...Array.from({ length: pods }, (_, k) => pod({ name: `p${k}`, node: 'n1', ip: `10.1.0.${k + 1}` }))]));
      for (let i = 1; i <= 10; i++) deliver(i);
      // Each cheap build owes 4 ms: the first seven go out at once (24 ms owed before the seventh, 28 after it).
      assert.deepEqual(
        models.map((m) => m.model.stats.pods),
        [1, 2, 3, 4, 5, 6, 7],
      );
      await clock.advance(2);
      assert.equal(models.length, 7, 'the rest waits until the owed windows are back within 25 ms');
      await clock.advance(1);
      assert.equal(models.at(-1)?.model.stats.pods, 10, 'then the latest of it is built once');
      assert.equal(models.length, 8);
      // Now 29 ms are owed: the next change waits one shortest window, 4 ms, not the longest (100 ms).
      deliver(11);
      await clock.advance(3);
      assert.equal(models.length, 8);
      await clock.advance(1);
      assert.equal(models.at(-1)?.model.stats.pods, 11);
    } finally {
      await session.close();
    }
  });

  test('the first objects of a cluster are a model at once; the burst after them becomes one model built from the last of it', async () => {
    const f = fakes(contextList(['prod'], 'prod'));
    const clock = new FakeClock();
    const session = await Session.open({ ...base(), clock }, f.deps);
    try {
      await until(() => f.live.length === 1, 2000, 'live source');
      const models: ModelUpdate[] = [];
      session.on('model', (u) => models.push(u));
      for (let i = 1; i <= 10; i++) {
        const items = [node('n1', '10.0.0.1'), ...Array.from({ length: i }, (_, k) => pod({ name: `p${k}`, node: 'n1', ip: `10.1.0.${k + 1}` }))];
        f.live[0].objects(objectsOf(items));
      }
      assert.deepEqual(
        models.map((m) => m.model.stats.pods),
        [1],
        'the first delivery is built without the clock moving; the rest waits out the window',
      );
      await clock.advance(FAST.coalesceMs - 1);
      assert.equal(models.length, 1);
      await clock.advance(1);
      assert.deepEqual(
        models.map((m) => m.model.stats.pods),
        [1, 10],
      );
      // Long after the window, still those two models.
      await clock.advance(PAST_EVERY_TIMER);
      assert.equal(models.length, 2);
    } finally {
      await session.close();
    }
  });
});

describe('contexts', () => {
  test('context:use switches to a known context and refuses an unknown one without changing anything', async () => {
    const f = fakes(contextList(['a', 'b'], 'a'));
    const session = await Session.open(base(), f.deps);
    try {
      await until(() => f.live.length === 1, 2000, 'live source');
      assert.equal(f.live[0].input.context, 'a');
      const before = session.state();
      await assert.rejects(session.useContext('nope'), /no context named "nope"/);
      assert.deepEqual(session.state(), before);
      assert.equal(f.live.length, 1);
      const state = await session.useContext('b');
      assert.equal(state.context, 'b');
      await until(() => f.live.length === 2, 2000, 'second source');
      assert.equal(f.live[0].stopped, true);
      assert.equal(f.live[1].input.context, 'b');
      assert.deepEqual((await session.listContexts()).contexts.map((c) => c.name), ['a', 'b']);
    } finally {
      await session.close();
    }
  });

  test('overlapping switches end on the last one asked for, with no stray source left running', async () => {
    const f = fakes(contextList(['a', 'b', 'c'], 'a'));
    const clock = new FakeClock();
    const session = await Session.open({ ...base(), clock }, f.deps);
    try {
      await until(() => f.live.length === 1, 2000, 'first source');
      await Promise.all([session.useContext('b'), session.useContext('c')]);
      await until(() => f.live.some((l) => l.input.context === 'c'), 2000, 'source of c');
      await clock.advance(PAST_EVERY_TIMER);
      const running = f.live.filter((l) => !l.stopped);
      assert.deepEqual(running.map((l) => l.input.context), ['c']);
      assert.equal(session.state().context, 'c');

      await Promise.all([session.loadSnapshotText('x.json', listText(smallCluster())), session.showDemo()]);
      assert.equal(session.state().source.kind, 'demo');
      assert.equal(session.model()?.model.source.kind, 'demo');
      assert.ok(f.live.every((l) => l.stopped));
    } finally {
      await session.close();
    }
  });

  test('a refused context names the kubeconfig problem that hid it', async () => {
    const f = fakes(contextList(['a'], 'a'));
    const session = await Session.open({ ...base(), demo: true }, f.deps);
    try {
      f.contexts = { contexts: [], files: ['/home/test/.kube/config'], problems: ['/home/test/.kube/config: bad indentation at line 7'] };
      await assert.rejects(session.useContext('a'), (error: Error) => {
        assert.match(error.message, /no context named "a" in \/home\/test\/\.kube\/config/);
        assert.match(error.message, /bad indentation at line 7/);
        return true;
      });
      assert.equal(session.state().source.kind, 'demo');
    } finally {
      await session.close();
    }
  });

  test('a snapshot opened while a context switch is still reading the kubeconfig stays on screen', async () => {
    const f = fakes(contextList(['a', 'b'], 'a'));
    const clock = new FakeClock();
    const session = await Session.open({ ...base(), clock }, f.deps);
    try {
      await until(() => f.live.length === 1, 2000, 'first source');
      // Asked in this order: context b, then a snapshot. The later request wins.
      await Promise.all([session.useContext('b'), session.loadSnapshotText('later.json', listText(smallCluster()))]);
      await clock.advance(PAST_EVERY_TIMER);
      assert.equal(session.state().source.kind, 'snapshot');
      assert.equal(session.state().source.name, 'later.json');
      assert.equal(session.model()?.model.source.kind, 'snapshot');
      assert.ok(f.live.every((l) => l.stopped), 'no cluster source left running');
      assert.equal(f.live.length, 1, 'context b was never connected');
    } finally {
      await session.close();
    }
  });

  test('source:demo leaves the cluster and stops retrying', async () => {
    const f = fakes(contextList(['a'], 'a'));
    const clock = new FakeClock();
    const session = await Session.open({ ...base(), clock }, f.deps);
    try {
      await until(() => f.live.length === 1, 2000, 'live source');
      // The cluster gave up once, so a retry is due when the demo is chosen.
      f.live[0].state({ phase: 'failed', reason: 'Unauthorized' });
      await until(() => clock.pending > 0 && session.state().connection.phase === 'reconnecting', 2000, 'retry scheduled');
      const state = await session.showDemo();
      assert.equal(state.source.kind, 'demo');
      assert.equal(state.demoReason, undefined, 'chosen, not a fallback');
      assert.deepEqual(state.connection, { phase: 'static' });
      assert.equal(f.live[0].stopped, true);
      await clock.advance(PAST_EVERY_TIMER);
      assert.equal(f.live.length, 1, 'no retries in demo mode');
      assert.equal(clock.pending, 0, 'no timer left behind');
    } finally {
      await session.close();
    }
  });
});

function podNamesOf(update: ModelUpdate): string[] {
  return [...update.model.nodes.flatMap((n) => n.pods), ...update.model.unscheduled].map((p) => `${p.namespace}/${p.name}`);
}

describe('view:shown', () => {
  test("a page's drawing of the cluster's first model, or a later one, lets that cluster's events be listed; an older revision, another source or nothing drawn yet does not", async () => {
    const f = fakes(contextList(['a', 'b'], 'a'));
    const clock = new FakeClock();
    const session = await Session.open({ ...base(), clock }, f.deps);
    try {
      await until(() => f.live.length === 1, 2000, 'live source');
      const models: ModelUpdate[] = [];
      session.on('model', (u) => models.push(u));
      // The cluster has delivered nothing, and the demo stands in for it: whatever a page drew, it was not this cluster.
      await clock.advance(FAST.connectTimeoutMs + 1);
      assert.equal(models.at(-1)?.model.source.kind, 'demo', 'the demo stands in');
      assert.equal(session.state().firstRevision, undefined);
      session.viewShown(session.state().revision);
      session.viewShown(1000);
      assert.equal(f.live[0].eventsAsked, 0, 'nothing of the cluster drawn yet');
      const before = session.state().revision;
      f.live[0].objects(objectsOf([node('n1', '10.0.0.1'), pod({ name: 'p0', node: 'n1', ip: '10.1.0.1' })]));
      await clock.advance(PAST_EVERY_TIMER);
      const first = models.find((m) => m.model.source.kind === 'cluster')!.revision;
      assert.ok(first > before);
      assert.equal(session.state().firstRevision, first, 'the state tells pages which revision counts');
      session.viewShown(first - 1);
      assert.equal(f.live[0].eventsAsked, 0, 'a drawing older than the first model of the cluster');
      session.viewShown(first);
      assert.equal(f.live[0].eventsAsked, 1, 'the first model drawn');
      session.viewShown(first + 5);
      assert.equal(f.live[0].eventsAsked, 2, 'a later one: the source lists only once, the session need not count');

      // Another context: a drawing of the first cluster's model says nothing about this one.
      await session.useContext('b');
      await until(() => f.live.length === 2, 2000, 'second source');
      assert.equal(session.state().firstRevision, undefined, 'none yet for the other context');
      session.viewShown(first + 5);
      assert.equal(f.live[1].eventsAsked, 0, "the other cluster's drawing");
      f.live[1].objects(objectsOf([node('n2', '10.0.0.2')]));
      await clock.advance(PAST_EVERY_TIMER);
      const second = models.filter((m) => m.model.source.name === 'b').at(0)!.revision;
      assert.equal(session.state().firstRevision, second);
      session.viewShown(second);
      assert.equal(f.live[1].eventsAsked, 1);
      assert.equal(f.live[0].eventsAsked, 2, 'the stopped source is not asked');

      // The demo: nothing to list.
      await session.showDemo();
      assert.equal(session.state().firstRevision, undefined);
      session.viewShown(session.state().revision);
      assert.deepEqual(f.live.map((l) => l.eventsAsked), [2, 1]);
    } finally {
      await session.close();
    }
  });
});

test('view:shown takes a revision, a whole number from 0; anything else is refused saying what', () => {
  assert.deepEqual(validateRequest('view:shown', { revision: 0 }), { revision: 0 });
  assert.deepEqual(validateRequest('view:shown', { revision: 12 }), { revision: 12 });
  for (const bad of [-1, 1.5, Number.NaN, Infinity, '3', null]) {
    assert.throws(() => validateRequest('view:shown', { revision: bad }), (e: Error) => e instanceof RequestError && /revision must be a whole number from 0/.test(e.message), String(bad));
  }
  assert.throws(() => validateRequest('view:shown', {}), /revision must be a whole number/);
  assert.throws(() => validateRequest('view:shown', { revision: 1, source: 'x' }), /unexpected field "source"/);
  assert.throws(() => validateRequest('view:shown', 3), /view:shown needs an object/);
});

describe('startAfter', () => {
  test('a cluster opened with the session reads its kubeconfig only once startAfter resolves; later ones at once', async () => {
    const f = fakes(contextList(['kind-kind'], 'kind-kind'));
    let loads = 0;
    const load = f.deps.loadContexts;
    f.deps.loadContexts = (input) => {
      loads += 1;
      return load(input);
    };
    let release = () => {};
    const startAfter = new Promise<void>((resolve) => (release = resolve));
    const session = await Session.open({ ...base(), startAfter }, f.deps);
    try {
      assert.equal(loads, 0, 'nothing read before the gate opened');
      assert.equal(session.state().connection.phase, 'connecting');
      release();
      await until(() => f.live.length === 1, 2000, 'live source start');
      assert.equal(loads, 1);
      // Another context starts without waiting for anything.
      f.contexts = contextList(['kind-kind', 'other'], 'kind-kind');
      await session.useContext('other');
      assert.equal(loads, 3, 'the switch listed the contexts, and the new cluster read them at once');
    } finally {
      await session.close();
    }
  });

  test('without startAfter the kubeconfig is read as the session opens', async () => {
    const f = fakes(contextList(['kind-kind'], 'kind-kind'));
    let loads = 0;
    const load = f.deps.loadContexts;
    f.deps.loadContexts = (input) => {
      loads += 1;
      return load(input);
    };
    const session = await Session.open(base(), f.deps);
    try {
      assert.equal(loads, 1);
    } finally {
      await session.close();
    }
  });
});
