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
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'node:test';
import { startServer } from '../../main/server/server.ts';
import { openSession } from '../../main/session/index.ts';
import { launchBrowser, openPage } from '../e2e/helpers.ts';
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

  liveTest('in the page: the pods-only user sees the picture, and a container\'s panel says its log is forbidden', async (env) => {
    const pod = await somePod(env);
    const home = mkdtempSync(path.join(os.tmpdir(), 'anatomy-live-logs-'));
    const session = await openSession({ kubeconfig: env.kubeconfigPodsOnly, env: {}, home, coalesceMs: 50 });
    const server = await startServer({ session });
    const browser = await launchBrowser();
    try {
      const { page } = await openPage(browser, server.url);
      // The pod by a search (a big picture may not draw containers at its fit zoom), then its container from the pod's details.
      await page.locator(`g[data-kind=pod][data-namespace="${pod.metadata.namespace}"][data-name="${pod.metadata.name}"], #scene-tree [data-kind=pod][data-namespace="${pod.metadata.namespace}"][data-name="${pod.metadata.name}"]`).first().waitFor({ state: 'attached', timeout: 60_000 });
      await page.fill('#search', pod.metadata.name);
      await page.press('#search', 'Enter');
      await page.waitForFunction((name) => document.getElementById('details-heading')?.textContent === name, pod.metadata.name, { timeout: 15_000 });
      await page.click('#details-body button[data-link-kind=container]');
      const status = page.locator('#details [data-section=logs] [data-testid=logs-status][data-problem=forbidden]');
      await status.waitFor({ timeout: 30_000 });
      const text = await status.textContent();
      assert.match(text ?? '', /^Cannot read logs: forbidden \(pods\/log\)\. /);
      assert.match(text ?? '', new RegExp(`namespace "${pod.metadata.namespace}"`));
      // Everything else keeps working: the panel's other sections and the picture are there.
      assert.ok((await page.locator('#details [data-section=overview]').count()) === 1);
      assert.ok((await page.locator('g[data-kind=pod]').count()) > 10);
    } finally {
      await browser.close();
      await server.close();
      await session.close();
      rmSync(home, { recursive: true, force: true });
    }
  });
});
