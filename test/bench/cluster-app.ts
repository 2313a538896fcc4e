// The app's main process as the cluster benchmark runs it: a session on the
// given kubeconfig and the browser-mode server, in a process of its own so
// that its memory is measured alone. Talks JSON lines on stdout:
//   {"event":"ready","url":…,"t0":…}      t0: wall clock just before the session opened
//   {"event":"model","t":…,"pods":…,"source":…,"probes":{…}}  each model the session built
//   {"event":"memory",…}                  answer to "memory" on stdin
// and exits when stdin closes.
//
//   node --import tsx test/bench/cluster-app.ts KUBECONFIG

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { startServer } from '../../main/server/server.ts';
import { openSession } from '../../main/session/index.ts';

const kubeconfig = process.argv[2];
if (!kubeconfig) {
  console.error('usage: cluster-app.ts KUBECONFIG');
  process.exit(2);
}

const say = (message: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(message)}\n`);

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
sampler.unref();

const home = mkdtempSync(path.join(os.tmpdir(), 'anatomy-bench-home-'));
// The session loads the cluster modules when it first lists contexts. Under tsx
// that transpiles them (100-500 ms here), which no user pays: `serve` loads them
// from its bundle's compile cache in a few ms (the spawn figure includes that).
await import('../../main/cluster/kubeconfig.ts');
await import('../../main/cluster/live-source.ts');
const t0 = Date.now();
// As `serve` does: the cluster starts once the server listens and its URL is out.
let listening = () => {};
const session = await openSession({ kubeconfig, env: {}, home, startAfter: new Promise<void>((resolve) => (listening = resolve)) });
session.on('model', (update) => {
  const t = Date.now();
  // Pods the benchmark creates to time a change: when their IP first reaches a model.
  const probes: Record<string, string> = {};
  for (const node of update.model.nodes) {
    for (const pod of node.pods) if (pod.name.startsWith('probe-') && pod.podIP) probes[`${pod.namespace}/${pod.name}`] = pod.podIP;
  }
  say({ event: 'model', t, pods: update.model.stats.pods, revision: update.revision, source: update.model.source.kind, probes });
});
const server = await startServer({ session });
say({ event: 'ready', url: server.url, t0 });
listening();

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() !== 'memory') return;
  const usage = process.memoryUsage();
  peakRss = Math.max(peakRss, usage.rss);
  say({
    event: 'memory',
    rss: usage.rss,
    peakRss,
    // resourceUsage().maxRSS is in KiB.
    maxRss: process.resourceUsage().maxRSS * 1024,
    heapUsed: usage.heapUsed,
  });
});
lines.on('close', () => {
  void (async () => {
    await server.close();
    await session.close();
    rmSync(home, { recursive: true, force: true });
    process.exit(0);
  })();
});
