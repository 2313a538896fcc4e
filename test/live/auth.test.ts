// Each way a kubeconfig can authenticate gives the same, complete, live model:
// client certificates, a bearer token, an exec credential plugin. A plugin
// that fails gives a clear error that names it.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { ModelCollector } from './collector.ts';
import { live, liveTest, lockCluster, type LiveEnv } from './harness.ts';
import { waitForTruth } from './truth.ts';

describe('authentication', () => {
  let release: (() => void) | undefined;
  const collectors: ModelCollector[] = [];

  before(async () => {
    if (live) release = await lockCluster('auth.test.ts');
  });

  after(async () => {
    await Promise.all(collectors.map((c) => c.stop()));
    release?.();
  });

  const cases: [string, (env: LiveEnv) => string][] = [
    ['client certificate (admin)', (env) => env.kubeconfig],
    ['bearer token (service account)', (env) => env.kubeconfigToken],
    ['exec credential plugin', (env) => env.kubeconfigExec],
  ];
  for (const [name, file] of cases) {
    liveTest(`${name}: a complete live model`, async (env) => {
      const c = ModelCollector.start(file(env));
      collectors.push(c);
      await c.waitForPhase('live');
      await waitForTruth(env, () => c.model, name);
      assert.deepEqual(c.model!.gaps, []);
      assert.ok(c.model!.stats.pods >= 30);
    });
  }

  liveTest('a failing exec plugin: failed, with an error naming the plugin and what it said', async (env) => {
    const c = ModelCollector.start(env.kubeconfigExecFail);
    collectors.push(c);
    await c.waitForPhase('failed');
    const state = c.state;
    assert.ok(state?.phase === 'failed');
    assert.match(state.reason, /exec-plugin\.sh/, 'names the plugin');
    assert.match(state.reason, /refusing to issue credentials/, "carries the plugin's own message");
    assert.equal(c.deliveries, 0, 'no model was made up');
  });
});
