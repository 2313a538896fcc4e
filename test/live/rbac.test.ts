// What a user with partial or no access sees. With pods but not nodes, the
// model places every pod on a node inferred from spec.nodeName and says why in
// an AccessGap. With no access at all the source does not crash or hang: every
// resource becomes a "forbidden" gap naming the user (forbidden resources
// count as done, so the source is live with an empty, fully explained model).

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { ModelCollector } from './collector.ts';
import { live, liveTest, lockCluster, waitFor } from './harness.ts';
import { describeDiff, diffFacts, modelFacts, readTruth, truthFacts } from './truth.ts';
import { say, translator } from '../../main/i18n/index.ts';

describe('RBAC', () => {
  let release: (() => void) | undefined;
  const collectors: ModelCollector[] = [];

  before(async () => {
    if (live) release = await lockCluster('rbac.test.ts');
  });

  after(async () => {
    await Promise.all(collectors.map((c) => c.stop()));
    release?.();
  });

  liveTest('pods but not nodes: pods grouped by spec.nodeName on inferred nodes, with a gap for nodes', async (env) => {
    const c = ModelCollector.start(env.kubeconfigPodsOnly);
    collectors.push(c);
    await c.waitForPhase('live');
    await waitFor(
      async () => {
        if (!c.model) return 'no model yet';
        const truth = await readTruth(env);
        // What kubectl (as admin) says, except what needs the Node objects: those nodes are inferred instead.
        const expected = new Set([...truthFacts(truth)].filter((f) => !f.startsWith('node ')));
        for (const pod of truth.pods) {
          const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
          if (nodeName) expected.add(`node ${nodeName} inferred`);
        }
        return describeDiff(diffFacts(expected, modelFacts(c.model))) || true;
      },
      { what: 'the pods-only model to match kubectl' },
    );
    const model = c.model!;
    assert.ok(model.nodes.length >= 4);
    assert.ok(model.nodes.every((n) => n.inferred), 'every node is inferred');
    assert.ok(model.nodes.every((n) => n.pods.every((p) => p.nodeName === n.name)), 'pods sit on the node spec.nodeName names');
    assert.deepEqual(
      model.gaps.map((g) => `${g.resource}:${g.reason}`),
      ['nodes:forbidden'],
    );
    const gap = model.gaps[0];
    assert.match(gap.message, /nodes is forbidden/);
    assert.match(gap.message, /anatomy-pods-reader/);
    assert.ok(say(translator('en'), gap.consequence).length > 0, 'the gap says what the model did instead');
  });

  liveTest('no access at all: every resource is a forbidden gap naming the user, and nothing crashes', async (env) => {
    const c = ModelCollector.start(env.kubeconfigNoAccess);
    collectors.push(c);
    await waitFor(() => (c.deliveries > 0 && c.state?.phase !== 'connecting') || `phases ${c.phases().join(' → ')}, ${c.deliveries} deliveries`, {
      what: 'the no-access source to settle',
    });
    assert.equal(c.state?.phase, 'live', `forbidden resources count as done (phases ${c.phases().join(' → ')})`);
    const objects = c.objects!;
    for (const field of ['nodes', 'pods', 'persistentVolumeClaims', 'persistentVolumes', 'namespaces'] as const) {
      assert.equal(objects[field], undefined, `${field} are unread`);
    }
    const model = c.model!;
    assert.equal(model.nodes.length, 0);
    assert.equal(model.unscheduled.length, 0);
    assert.deepEqual(
      model.gaps.map((g) => `${g.resource}:${g.reason}`).sort(),
      ['namespaces:forbidden', 'nodes:forbidden', 'persistentvolumeclaims:forbidden', 'persistentvolumes:forbidden', 'pods:forbidden'],
    );
    for (const gap of model.gaps) {
      assert.match(gap.message, /forbidden/);
      assert.match(gap.message, /anatomy-no-access/);
    }
  });
});
