// The model follows the cluster as it changes: a Deployment scaled 1 → 5 → 2,
// a pod deleted, a node added, a label patched, a pod with a shared volume
// created. After each step the whole model must equal kubectl's view again.
// Each step waits for convergence; none asserts on how long it took.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { ModelCollector } from './collector.ts';
import { apply, kubectl, live, liveTest, lockCluster, uniqueName } from './harness.ts';
import {
  deploymentObject,
  exactlyRunning,
  isRunningWithIP,
  kwokNode,
  metaOf,
  namespaceObject,
  nodeReady,
  podsIn,
  removeNamespace,
  removeNode,
  sharedVolumePod,
} from './objects.ts';
import { waitForTruth } from './truth.ts';

describe('live changes reach the model', () => {
  const ns = uniqueName('live');
  const node = `${ns}-node`;
  let release: (() => void) | undefined;
  let collector: ModelCollector | undefined;
  let nodeCreated = false;

  before(async () => {
    if (!live) return;
    release = await lockCluster('live-changes.test.ts');
    collector = ModelCollector.start(live.kubeconfig);
    await collector.waitForPhase('live');
  });

  after(async () => {
    await collector?.stop();
    try {
      if (live) {
        await removeNamespace(live, ns);
        if (nodeCreated) await removeNode(live, node);
      }
    } finally {
      release?.();
    }
  });

  const model = () => collector?.model;
  const podsOfModel = (namespace: string) =>
    (model()?.nodes.flatMap((n) => n.pods) ?? []).concat(model()?.unscheduled ?? []).filter((p) => p.namespace === namespace);

  liveTest('a new Deployment with 1 replica', async (env) => {
    await apply(env, namespaceObject(ns), deploymentObject(ns, 'scaler', 1));
    await waitForTruth(env, model, 'Deployment scaler at 1 replica', (t) => exactlyRunning(t, ns, 'scaler', 1));
    assert.equal(podsOfModel(ns).length, 1);
  });

  liveTest('scaled to 5 replicas', async (env) => {
    await kubectl(env, ['-n', ns, 'scale', 'deployment/scaler', '--replicas=5']);
    await waitForTruth(env, model, 'Deployment scaler at 5 replicas', (t) => exactlyRunning(t, ns, 'scaler', 5));
    const pods = podsOfModel(ns);
    assert.equal(pods.length, 5);
    assert.ok(pods.every((p) => p.podIP && p.nodeName), 'every replica is placed and has an IP');
  });

  liveTest('scaled down to 2 replicas', async (env) => {
    await kubectl(env, ['-n', ns, 'scale', 'deployment/scaler', '--replicas=2']);
    await waitForTruth(env, model, 'Deployment scaler at 2 replicas', (t) => exactlyRunning(t, ns, 'scaler', 2));
    assert.equal(podsOfModel(ns).length, 2);
  });

  liveTest('a deleted pod leaves the model and its replacement enters', async (env) => {
    const victim = podsOfModel(ns)[0];
    await kubectl(env, ['-n', ns, 'delete', 'pod', victim.name, '--wait=false']);
    await waitForTruth(env, model, `pod ${victim.name} deleted and replaced`, (t) => {
      if (podsIn(t, ns).some((p) => metaOf(p).uid === victim.uid)) return `pod ${victim.name} still exists`;
      return exactlyRunning(t, ns, 'scaler', 2);
    });
    const uids = podsOfModel(ns).map((p) => p.uid);
    assert.equal(uids.length, 2);
    assert.ok(!uids.includes(victim.uid), 'the deleted pod is gone from the model');
  });

  liveTest('an added node appears, Ready', async (env) => {
    await apply(env, kwokNode(node, 7));
    nodeCreated = true;
    await waitForTruth(env, model, `node ${node} added`, (t) => nodeReady(t, node));
    const added = model()!.nodes.find((n) => n.name === node);
    assert.ok(added, `node ${node} is in the model`);
    assert.equal(added.inferred, false);
    assert.equal(added.role, 'worker');
    assert.equal(added.ready.status, 'True');
    assert.deepEqual(added.podCIDRs, ['10.245.7.0/24']);
  });

  liveTest('a patched label shows', async (env) => {
    const target = podsOfModel(ns).find((p) => p.labels.app === 'scaler')!;
    await kubectl(env, ['-n', ns, 'label', 'pod', target.name, 'kube-anatomy.test/patched=yes']);
    await waitForTruth(env, model, `label on ${target.name}`, (t) => {
      const pod = podsIn(t, ns).find((p) => metaOf(p).uid === target.uid);
      return (pod && (metaOf(pod).labels as Record<string, string>)['kube-anatomy.test/patched'] === 'yes') || 'label not there yet';
    });
    const patched = podsOfModel(ns).find((p) => p.uid === target.uid);
    assert.equal(patched?.labels['kube-anatomy.test/patched'], 'yes');
  });

  liveTest('a pod with two containers sharing an emptyDir', async (env) => {
    await apply(env, sharedVolumePod(ns, 'pair'));
    await waitForTruth(env, model, 'pod pair running', (t) => {
      const pod = podsIn(t, ns, 'pair')[0];
      return (pod !== undefined && isRunningWithIP(pod)) || 'pod pair is not Running with an IP yet';
    });
    const pair = podsOfModel(ns).find((p) => p.name === 'pair')!;
    assert.deepEqual(
      pair.containers.map((c) => `${c.group}/${c.name}`),
      ['app/writer', 'app/reader'],
    );
    const scratch = pair.volumes.find((v) => v.name === 'scratch');
    assert.equal(scratch?.type, 'emptyDir');
    assert.equal(scratch?.shared, true);
    assert.deepEqual(
      scratch?.mountedBy.map((m) => `${m.container}:${m.mountPath}:${m.readOnly}`),
      ['writer:/out:false', 'reader:/usr/share/nginx/html:true'],
    );
  });

  liveTest('the source stayed live throughout', () => {
    const phases = collector!.phases();
    assert.equal(phases.at(-1), 'live');
    assert.ok(!phases.includes('failed'), `phases: ${phases.join(' → ')}`);
  });

  liveTest('the changes reached the page as patches, and its model was the full build of the objects every time', () => {
    const c = collector!;
    assert.deepEqual(c.drift, []);
    assert.ok(c.patches > 0, `patches: ${c.patches}, whole models: ${c.wholeModels}`);
    assert.equal(c.wholeModels, 1, 'only the first model went whole');
    assert.equal(c.feed!.fetches(), 0, 'the page never missed a revision');
  });
});
