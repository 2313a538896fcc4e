// The live source survives what real networks and control planes do: the API
// server restarting mid-watch, resourceVersions expiring (410 Gone after an
// etcd compaction), and connections dropped under it. In each case the model
// must end equal to kubectl's view — no lost update, no stale pod — and the
// connection states must go through `reconnecting` and back to `live`.
// One file, so these cluster-wide faults run one after another.

import assert from 'node:assert/strict';
import { after, before, describe, type TestContext } from 'node:test';
import { ModelCollector, type CollectorOptions } from './collector.ts';
import { apply, ctl, kubectl, live, liveTest, lockCluster, run, uniqueName, waitFor, type LiveEnv } from './harness.ts';
import { deploymentObject, exactlyRunning, isRunningWithIP, metaOf, namespaceObject, plainPod, podsIn, removeNamespace } from './objects.ts';
import { kubeconfigVia, serverOf, TcpProxy } from './proxy.ts';
import { waitForTruth, type Truth } from './truth.ts';

/** Short retries, so a healed fault is noticed soon; the logic is the default one. */
const OPTIONS: CollectorOptions = { backoff: { initialMs: 250, maxMs: 4000 } };

function phasesThroughReconnecting(collector: ModelCollector, from: number, t: TestContext): void {
  const phases = collector.phases(from);
  t.diagnostic(`connection phases: ${phases.join(' → ')}`);
  const reconnecting = phases.indexOf('reconnecting');
  assert.ok(reconnecting >= 0, `the source reported reconnecting (phases: ${phases.join(' → ')})`);
  assert.ok(phases.slice(reconnecting).includes('live'), `and live again after it (phases: ${phases.join(' → ')})`);
  assert.equal(phases.at(-1), 'live');
  assert.ok(!phases.includes('failed'), `a transient fault is not a failure (phases: ${phases.join(' → ')})`);
}

function hasPod(truth: Truth, ns: string, name: string): boolean {
  const pod = podsIn(truth, ns).find((p) => metaOf(p).name === name);
  return pod !== undefined && isRunningWithIP(pod);
}

function gone(truth: Truth, uid: string): boolean {
  return !truth.pods.some((p) => metaOf(p).uid === uid);
}

describe('faults', () => {
  const ns = uniqueName('live-faults');
  let release: (() => void) | undefined;
  const collectors: ModelCollector[] = [];
  let proxy: TcpProxy | undefined;
  let proxied: { file: string; remove(): void } | undefined;

  before(async () => {
    if (!live) return;
    release = await lockCluster('faults.test.ts');
    await apply(live, namespaceObject(ns), deploymentObject(ns, 'steady', 2));
  });

  after(async () => {
    await Promise.all(collectors.map((c) => c.stop()));
    await proxy?.close();
    proxied?.remove();
    try {
      if (live) {
        // A failed test may have left the API server stopped.
        await ctl(live, 'start-apiserver');
        await removeNamespace(live, ns);
      }
    } finally {
      release?.();
    }
  });

  const modelPods = (c: ModelCollector) => (c.model?.nodes.flatMap((n) => n.pods) ?? []).concat(c.model?.unscheduled ?? []);

  liveTest('kube-apiserver restarts mid-watch; changes made as it comes back all arrive', async (env, t) => {
    const c = ModelCollector.start(env.kubeconfig, OPTIONS);
    collectors.push(c);
    await c.waitForPhase('live');
    await waitForTruth(env, () => c.model, 'before the restart', (truth) => exactlyRunning(truth, ns, 'steady', 2));
    const victim = modelPods(c).find((p) => p.namespace === ns)!;
    const mark = c.states.length;

    await ctl(env, 'restart-apiserver');
    // Straight after /readyz, while the source is still backing off.
    await kubectl(env, ['-n', ns, 'delete', 'pod', victim.name, '--wait=false']);
    await kubectl(env, ['-n', ns, 'scale', 'deployment/steady', '--replicas=3']);
    await apply(env, plainPod(ns, 'after-restart'));

    await waitForTruth(env, () => c.model, 'after the restart', (truth) => {
      if (!gone(truth, victim.uid)) return `pod ${victim.name} still exists`;
      if (!hasPod(truth, ns, 'after-restart')) return 'after-restart not Running yet';
      return exactlyRunning(truth, ns, 'steady', 3);
    });
    await c.waitForPhase('live');
    phasesThroughReconnecting(c, mark, t);
    assert.ok(!modelPods(c).some((p) => p.uid === victim.uid), 'no stale pod');
  });

  liveTest('a resourceVersion expired by compaction (410 Gone) leads to a relist that misses nothing', async (env, t) => {
    proxy = await TcpProxy.start(serverOf(env.kubeconfig));
    proxied = kubeconfigVia(env.kubeconfig, proxy.port);
    const c = ModelCollector.start(proxied.file, OPTIONS);
    collectors.push(c);
    await c.waitForPhase('live');
    await waitForTruth(env, () => c.model, 'before the outage', (truth) => exactlyRunning(truth, ns, 'steady', 3));
    const victim = modelPods(c).find((p) => p.namespace === ns && p.labels.app === 'steady')!;
    // kubectl's own -o json List carries no resourceVersion; the API's list does.
    const oldVersion = (JSON.parse(await kubectl(env, ['get', '--raw', '/api/v1/pods?limit=1'])) as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
    assert.match(oldVersion, /^\d+$/);
    const mark = c.states.length;

    // The source loses the API server; the cluster changes without it.
    proxy.pause();
    await c.waitForPhase('reconnecting');
    await kubectl(env, ['-n', ns, 'delete', 'pod', victim.name, '--wait=false']);
    await kubectl(env, ['-n', ns, 'scale', 'deployment/steady', '--replicas=1']);
    await apply(env, plainPod(ns, 'during-outage'));
    await kubectl(env, ['-n', ns, 'label', 'pod', 'during-outage', 'kube-anatomy.test/seen=while-away']);
    await waitFor(
      async () => {
        const truth = await readPods(env);
        if (!gone(truth, victim.uid)) return `pod ${victim.name} still exists`;
        if (!hasPod(truth, ns, 'during-outage')) return 'during-outage not Running yet';
        return exactlyRunning(truth, ns, 'steady', 1);
      },
      { what: 'the changes made during the outage to settle' },
    );
    // Every resourceVersion the source holds is now older than etcd's compacted revision.
    await ctl(env, 'compact');
    const expired = await run(env.kubectl, ['--kubeconfig', env.kubeconfig, 'get', '--raw', `/api/v1/pods?watch=true&resourceVersion=${oldVersion}&timeoutSeconds=2`]).then(
      (r) => r.stdout,
      (e: Error) => e.message,
    );
    assert.match(expired, /"code":\s*410|\(Expired\)|\(Gone\)|too old resource version/, `a watch from resourceVersion ${oldVersion} is answered with 410 Gone`);

    proxy.resume();
    await waitForTruth(env, () => c.model, 'after the 410 relist', (truth) => {
      if (!gone(truth, victim.uid)) return `pod ${victim.name} still exists`;
      return exactlyRunning(truth, ns, 'steady', 1);
    });
    await c.waitForPhase('live');
    phasesThroughReconnecting(c, mark, t);
    const pods = modelPods(c);
    assert.ok(!pods.some((p) => p.uid === victim.uid), 'the pod deleted during the outage is not stale in the model');
    assert.equal(pods.find((p) => p.namespace === ns && p.name === 'during-outage')?.labels['kube-anatomy.test/seen'], 'while-away');
  });

  liveTest('connections cut mid-watch are re-established, and changes made meanwhile arrive', async (env, t) => {
    assert.ok(proxy && proxied, 'the proxy from the previous test is running');
    const c = collectors.at(-1)!;
    proxy.resume();
    await waitForTruth(env, () => c.model, 'before the cut', (truth) => exactlyRunning(truth, ns, 'steady', 1));
    const victim = modelPods(c).find((p) => p.namespace === ns && p.name === 'during-outage')!;
    const mark = c.states.length;
    const openBefore = proxy.open;

    const cut = proxy.cut();
    assert.ok(cut > 0 && openBefore > 0, 'there were watch connections to cut');
    await kubectl(env, ['-n', ns, 'delete', 'pod', victim.name, '--wait=false']);
    await apply(env, plainPod(ns, 'after-cut'));
    await kubectl(env, ['-n', ns, 'scale', 'deployment/steady', '--replicas=2']);

    await waitForTruth(env, () => c.model, 'after the cut', (truth) => {
      if (!gone(truth, victim.uid)) return `pod ${victim.name} still exists`;
      if (!hasPod(truth, ns, 'after-cut')) return 'after-cut not Running yet';
      return exactlyRunning(truth, ns, 'steady', 2);
    });
    await c.waitForPhase('live');
    phasesThroughReconnecting(c, mark, t);
    assert.ok(!modelPods(c).some((p) => p.uid === victim.uid), 'no stale pod');
    assert.ok(proxy.connections > 0);
  });

  liveTest('through every fault the changes reached the page as patches, and its model was the full build of the objects every time', () => {
    for (const c of collectors) {
      assert.deepEqual(c.drift, []);
      assert.ok(c.patches > 0, `patches: ${c.patches}, whole models: ${c.wholeModels}`);
      // The source is never restarted here: a relist after a 410 or a cut is a patch too.
      assert.equal(c.wholeModels, 1, 'only the first model went whole');
      assert.equal(c.feed!.fetches(), 0, 'the page never missed a revision');
    }
  });
});

async function readPods(env: LiveEnv): Promise<Truth> {
  const list = JSON.parse(await kubectl(env, ['get', 'pods', '-A', '-o', 'json'])) as { items: Record<string, unknown>[] };
  return { nodes: [], pods: list.items, pvcs: [], pvs: [], namespaces: [] };
}
