// The model the live source builds equals what kubectl says about the seeded
// cluster: every node, pod, IP, container, image, digest, volume and claim,
// nothing missing and nothing extra.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { ModelCollector } from './collector.ts';
import { live, liveTest, lockCluster } from './harness.ts';
import { modelFacts, waitForTruth } from './truth.ts';

describe('live model equals kubectl', () => {
  let release: (() => void) | undefined;
  let collector: ModelCollector | undefined;

  before(async () => {
    if (!live) return;
    release = await lockCluster('model-truth.test.ts');
    collector = ModelCollector.start(live.kubeconfig);
  });

  after(async () => {
    await collector?.stop();
    release?.();
  });

  liveTest('every node, pod, IP, container, image, digest and volume matches, nothing missing or extra', async (env) => {
    const c = collector!;
    await c.waitForPhase('live');
    const { truth, facts } = await waitForTruth(env, () => c.model, 'the seeded cluster');

    // The comparison is only worth something if the cluster has the shapes the seed promises.
    assert.ok(truth.nodes.length >= 4, `at least 4 nodes, got ${truth.nodes.length}`);
    assert.ok(truth.pods.length >= 30, `at least 30 pods, got ${truth.pods.length}`);
    const has = (re: RegExp) => [...facts].filter((f) => re.test(f));
    assert.ok(has(/^container .* digest=sha256:[0-9a-f]{64}$/).length >= 20, 'containers carry resolved digests');
    assert.ok(has(/^volume .* claim=\S+ found=true pv=(?!-)\S+$/).length >= 2, 'claims are bound to PVs');
    assert.ok(has(/^pod playground\/dual-stack podIPs=[^,]+,[^,]+$/).length === 1, 'the dual-stack pod has two pod IPs');
    assert.ok(has(/^pod playground\/host-network hostNetwork$/).length === 1, 'the host-network pod is there');
    assert.ok(has(/^pod playground\/unschedulable .* node=\(unscheduled\)$/).length === 1, 'the pending pod is unscheduled');
    assert.ok(has(/^container playground\/init-and-sidecar sidecar\/log-shipper /).length > 0, 'the native sidecar is a sidecar');

    // A few things the facts do not spell out, read from the model itself.
    const model = c.model!;
    assert.equal(model.gaps.length, 0, `admin sees everything: ${JSON.stringify(model.gaps)}`);
    assert.deepEqual(modelFacts(model).size, facts.size);
    const pods = model.nodes.flatMap((n) => n.pods).concat(model.unscheduled);
    assert.equal(pods.length, truth.pods.length);
    assert.equal(model.stats.pods, truth.pods.length);
    assert.equal(model.stats.nodes, truth.nodes.length);
    const shared = pods.find((p) => p.namespace === 'playground' && p.name === 'shared-volume');
    assert.ok(shared, 'playground/shared-volume is in the model');
    const volume = shared.volumes.find((v) => v.name === 'shared');
    assert.equal(volume?.shared, true);
    assert.deepEqual(volume?.mountedBy.map((m) => m.container), ['writer', 'server']);
    const hostNetwork = pods.find((p) => p.namespace === 'playground' && p.name === 'host-network')!;
    assert.equal(hostNetwork.podIP, hostNetwork.hostIP, 'a host-network pod has its node IP');
    const controlPlane = model.nodes.find((n) => n.name === 'anatomy-control-plane');
    assert.equal(controlPlane?.role, 'control-plane');
    assert.equal(model.nodes[0].name, 'anatomy-control-plane', 'the control plane comes first');
  });
});
