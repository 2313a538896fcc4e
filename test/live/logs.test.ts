// Container logs against the test control plane, as users without pods/log
// read them: the API server refuses before it would ask any kubelet, and the
// app says forbidden with the server's words (what: pods/log; where: the
// namespace; who: the user). The whole path of the app is used: kubeconfig,
// transport, the session's open logs.
//
// Not here (yet): comparing the app's lines with `kubectl logs` (-f,
// --previous). That needs the test cluster to serve logs (kwok's Logs
// resources behind a loopback kubelet address the API server prefers), which
// up.sh does not set up; until it does, an admin's logs request would make the
// API server dial a fake node's 172.18.x address, which these machines forbid.

import assert from 'node:assert/strict';
import { describe } from 'node:test';
import { loadKubeconfig } from '../../main/cluster/kubeconfig.ts';
import { KubeTransport } from '../../main/cluster/transport.ts';
import { LogStreams } from '../../main/session/logs.ts';
import { kubectl, liveTest } from './harness.ts';

interface PodJson {
  metadata: { namespace: string; name: string };
  spec: { containers: { name: string }[] };
}

async function somePod(env: Parameters<Parameters<typeof liveTest>[1]>[0]): Promise<PodJson> {
  const list = JSON.parse(await kubectl(env, ['get', 'pods', '-A', '-o', 'json'])) as { items: PodJson[] };
  const pod = list.items.find((p) => p.metadata.namespace !== 'kube-system' && p.spec.containers.length > 0) ?? list.items[0];
  assert.ok(pod, 'the seeded cluster has pods');
  return pod;
}

async function openAs(kubeconfig: string, pod: PodJson) {
  const transport = new KubeTransport(loadKubeconfig({ kubeconfigFlag: kubeconfig }).access(), { requestTimeoutMs: 10_000 });
  const logs = new LogStreams(() => transport);
  try {
    let chunk = logs.open({ namespace: pod.metadata.namespace, pod: pod.metadata.name, container: pod.spec.containers[0]!.name, tailLines: 10, previous: false, follow: true });
    // Long poll until the log settles (a refusal comes at once).
    for (let i = 0; i < 20 && chunk.phase !== 'failed' && chunk.phase !== 'ended'; i++) chunk = await logs.read({ id: chunk.id, after: chunk.last, waitMs: 5000 });
    return chunk;
  } finally {
    logs.closeAll();
    transport.close();
  }
}

describe('container logs, live', () => {
  liveTest('a user with pods but not pods/log is told forbidden, naming pods/log, the namespace and the user', async (env) => {
    const pod = await somePod(env);
    const chunk = await openAs(env.kubeconfigPodsOnly, pod);
    assert.equal(chunk.phase, 'failed');
    assert.equal(chunk.problem?.kind, 'forbidden');
    assert.equal(chunk.problem?.status, 403);
    assert.match(chunk.problem?.message ?? '', /"pods\/log"/);
    assert.match(chunk.problem?.message ?? '', new RegExp(`namespace "${pod.metadata.namespace}"`));
    assert.match(chunk.problem?.message ?? '', /anatomy-pods-reader/);
  });

  liveTest('a user with no access at all is told forbidden too', async (env) => {
    const pod = await somePod(env);
    const chunk = await openAs(env.kubeconfigNoAccess, pod);
    assert.equal(chunk.problem?.kind, 'forbidden');
    assert.match(chunk.problem?.message ?? '', /"pods\/log"/);
  });
});
