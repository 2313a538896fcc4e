// `kube-anatomy export` reads a source once, within --timeout. When that time
// runs out, the error names what was still being waited for.

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { firstObjects } from '../../../main/cli/objects.ts';
import { loadKubeconfig } from '../../../main/cluster/kubeconfig.ts';
import { createLiveSource } from '../../../main/cluster/live-source.ts';
import type { ObjectSource } from '../../../main/source/object-source.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';
import { FIXTURES } from '../../fixtures/fake-apiserver.ts';
import { FAST, eventually, tempDir, writeKubeconfig } from '../cluster/helpers/harness.ts';

const HUNG_PLUGIN = path.join(FIXTURES, 'exec/slow-plugin.sh');

describe('firstObjects under --timeout', () => {
  it('names an exec credential plugin that has not answered, not the API server it never got to ask', async () => {
    const tmp = tempDir();
    const kubeconfig = writeKubeconfig(tmp.dir, {
      server: 'https://127.0.0.1:1',
      user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: HUNG_PLUGIN } },
    });
    const access = loadKubeconfig({ kubeconfigFlag: kubeconfig }).access();
    const source = createLiveSource({ access, ...FAST });
    const clock = new FakeClock();
    try {
      const read = firstObjects(source, { timeoutMs: 30_000, log: () => {} }, clock);
      const outcome = read.then(
        () => 'resolved',
        (err: Error) => err.message,
      );
      await eventually('the plugin to start', () => access.waitingFor() !== undefined);
      await clock.advance(30_000);
      assert.equal(
        await outcome,
        `context test (https://127.0.0.1:1): exec credential plugin "${HUNG_PLUGIN}" (user test-user) did not answer within 30 s (raise --timeout)`,
      );
    } finally {
      await source.stop();
      tmp.cleanup();
    }
    assert.equal(access.waitingFor(), undefined, 'stopping the source killed the plugin');
  });

  it('says no complete answer when nothing in particular is waited for', async () => {
    const clock = new FakeClock();
    const silent: ObjectSource = { description: { kind: 'cluster', name: 'kind', server: 'https://k.test', namespaces: [] }, start: () => {}, stop: async () => {} };
    const read = assert.rejects(firstObjects(silent, { timeoutMs: 5000, log: () => {} }, clock), {
      message: 'context kind (https://k.test): no complete answer within 5 s (raise --timeout)',
    });
    await clock.advance(5000);
    await read;
  });
});
