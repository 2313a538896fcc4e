// The two cluster sizes the cluster benchmark measures, set up on the test
// control plane and removed afterwards: the seeded kind-like cluster topped up
// to ~100 pods, and 5,000 pods on 100 extra kwok nodes.

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { apply, kubectl, run, uniqueName, waitFor, type LiveEnv } from '../live/harness.ts';
import { deploymentObject, kwokNode, namespaceObject, removeNamespace } from '../live/objects.ts';
import { ms, processCpuMs } from './stats.ts';

export const LARGE_NODES = 100;
export const LARGE_DEPLOYMENTS = 50;
export const LARGE_REPLICAS = 100;
const SMALL_TARGET = 100;

async function waitForRunning(env: LiveEnv, namespace: string, count: number, timeoutMs: number): Promise<void> {
  let lastReport = Date.now();
  await waitFor(
    async () => {
      const out = await kubectl(env, ['-n', namespace, 'get', 'pods', '-o', 'jsonpath={range .items[*]}{.status.phase}|{.status.podIP}{"\\n"}{end}']);
      const running = out.split('\n').filter((l) => l.startsWith('Running|') && l.length > 'Running|'.length).length;
      if (Date.now() - lastReport > 30_000) {
        lastReport = Date.now();
        console.log(`  … ${running}/${count} pods Running in ${namespace}`);
      }
      return running >= count || `${running}/${count} Running`;
    },
    { what: `${count} Running pods in ${namespace}`, timeoutMs, intervalMs: 2000 },
  );
}

/** CPU time (ms) the control plane's processes (test/cluster/up.sh's pid files) have used so far. */
function controlPlaneCpuMs(env: LiveEnv): number | undefined {
  const dir = path.join(env.clusterState, 'run');
  let total = 0;
  try {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.pid'))) {
      const cpu = processCpuMs(readFileSync(path.join(dir, file), 'utf8').trim());
      if (cpu === undefined) return undefined;
      total += cpu;
    }
  } catch {
    return undefined;
  }
  return total;
}

/**
 * Waits until the control plane has settled after the pods came up: its
 * processes together below a fifth of a core in two 3 s windows running, or 90 s at most. Right
 * after 5,000 pods report Running, the API server and the controllers still
 * used 16-22 % of a core for about a minute, and three cold starts of the app
 * measured then took 4.1 s against 3.5 s a minute later (kubectl is measured
 * in the same state, first). What the wait took, and the load it ended at, are printed.
 */
async function settle(env: LiveEnv): Promise<void> {
  const started = Date.now();
  let share = NaN;
  let quiet = 0;
  for (;;) {
    const before = controlPlaneCpuMs(env);
    await new Promise((r) => setTimeout(r, 3000));
    const after = controlPlaneCpuMs(env);
    if (before === undefined || after === undefined) return;
    share = (after - before) / 3000;
    quiet = share < 0.2 ? quiet + 1 : 0;
    if (quiet >= 2 || Date.now() - started > 90_000) break;
  }
  console.log(`  (control plane settled after ${ms(Date.now() - started)}, at ${Math.round(share * 100)} % of a core)`);
}

export async function withSmallCluster(env: LiveEnv, fn: (probeNamespace: string) => Promise<void>): Promise<void> {
  const ns = uniqueName('bench-small');
  const current = (await kubectl(env, ['get', 'pods', '-A', '--no-headers'])).split('\n').filter((l) => l.trim() !== '').length;
  const top = Math.max(0, SMALL_TARGET - current);
  await apply(env, namespaceObject(ns), deploymentObject(ns, 'filler', top));
  try {
    await waitForRunning(env, ns, top, 10 * 60_000);
    await settle(env);
    await fn(ns);
  } finally {
    await removeNamespace(env, ns);
  }
}

export async function withLargeCluster(env: LiveEnv, fn: (probeNamespace: string) => Promise<void>): Promise<void> {
  const ns = uniqueName('bench-large');
  const nodes = Array.from({ length: LARGE_NODES }, (_, i) => {
    const node = kwokNode(`${ns}-node-${String(i).padStart(3, '0')}`, 100 + i) as { metadata: { name: string; labels: Record<string, string> } };
    node.metadata.labels['kube-anatomy.test/bench'] = ns;
    return node;
  });
  const started = Date.now();
  try {
    for (let i = 0; i < nodes.length; i += 25) await apply(env, ...nodes.slice(i, i + 25));
    await apply(env, namespaceObject(ns), ...Array.from({ length: LARGE_DEPLOYMENTS }, (_, i) => deploymentObject(ns, `fleet-${String(i).padStart(2, '0')}`, LARGE_REPLICAS)));
    console.log(`\n(creating ${LARGE_NODES} kwok nodes and ${LARGE_DEPLOYMENTS * LARGE_REPLICAS} pods in ${ns}; this takes minutes)`);
    await waitForRunning(env, ns, LARGE_DEPLOYMENTS * LARGE_REPLICAS, 45 * 60_000);
    console.log(`  (large cluster ready after ${ms(Date.now() - started)})`);
    await settle(env);
    await fn(ns);
  } finally {
    console.log(`  (removing ${ns} and its nodes)`);
    await removeLarge(env, ns).catch((e: Error) => console.error(`  cleanup: ${e.message}`));
  }
}

/**
 * Graceful deletion of 5,000 pods through the namespace controller and kwok
 * takes many minutes; these pods run nothing, so they are force-deleted, as
 * are the daemon-set pods left bound to the removed nodes (the pod GC would
 * take its time over them).
 */
async function removeLarge(env: LiveEnv, ns: string): Promise<void> {
  // Deleting thousands of pods one request each takes minutes.
  const quiet = (args: string[]) =>
    run(env.kubectl, ['--kubeconfig', env.kubeconfig, ...args], { timeoutMs: 15 * 60_000 }).catch((e: Error) => console.error(`  cleanup: ${e.message}`));
  await quiet(['delete', 'namespace', ns, '--ignore-not-found', '--wait=false']);
  await quiet(['delete', 'nodes', '-l', `kube-anatomy.test/bench=${ns}`, '--wait=false']);
  await quiet(['-n', ns, 'delete', 'pods', '--all', '--force', '--grace-period=0', '--wait=false']);
  const pods = JSON.parse(await kubectl(env, ['get', 'pods', '-A', '-o', 'json'])) as { items: { metadata: { namespace: string; name: string }; spec?: { nodeName?: string } }[] };
  const stranded = new Map<string, string[]>();
  for (const pod of pods.items) {
    if (!pod.spec?.nodeName?.startsWith(`${ns}-node-`)) continue;
    const names = stranded.get(pod.metadata.namespace) ?? [];
    names.push(pod.metadata.name);
    stranded.set(pod.metadata.namespace, names);
  }
  for (const [namespace, names] of stranded) {
    for (let i = 0; i < names.length; i += 200) {
      await quiet(['-n', namespace, 'delete', 'pods', ...names.slice(i, i + 200), '--force', '--grace-period=0', '--wait=false', '--ignore-not-found']);
    }
  }
  await removeNamespace(env, ns, 15 * 60_000);
}
