// Benchmarks against the real test control plane (npm run cluster:up), each
// figure measured beside kubectl in the same run so the ratio means something
// on any machine:
//   - first complete drawing (every pod with an IP drawn with it) vs the wall
//     time of `kubectl get pods -A -o wide`;
//   - change latency: from issuing `kubectl apply` to the new pod drawn with
//     its IP, vs a concurrent `kubectl get pods -A -w` printing it Running
//     (not from apply's return: kwok often runs the pod before apply exits);
//   - peak memory of the main process (session + server) and of the renderer.
// On two sizes: the seeded kind-like cluster topped up to ~100 pods, and
// 5,000 pods on 100 extra kwok nodes (created here, removed at the end).

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../e2e/helpers.ts';
import { apply, kubectl, lockCluster, readLiveEnv, run, waitFor, type LiveEnv } from '../live/harness.ts';
import { plainPod } from '../live/objects.ts';
import { LARGE_DEPLOYMENTS, LARGE_NODES, LARGE_REPLICAS, withLargeCluster, withSmallCluster } from './cluster-sizes.ts';
import { heading, median, mib, ms, row } from './stats.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const PROBES = 3;

// ---------------------------------------------------------------- the app in its own process

interface AppProcess {
  url: string;
  /** Wall clock just before the session opened. */
  t0: number;
  /** Wall clock when the process was spawned. */
  spawnedAt: number;
  /** Wall clock of the first model the session built. */
  firstModelAt?: number;
  /** Wall clock at which a model first had the pod namespace/name with an IP. */
  probeSeen(key: string): number | undefined;
  memory(): Promise<{ peakRss: number; maxRss: number; heapUsed: number }>;
  close(): Promise<void>;
}

async function startAppProcess(env: LiveEnv): Promise<AppProcess> {
  const spawnedAt = Date.now();
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', path.join(HERE, 'cluster-app.ts'), env.kubeconfig], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(`[app] ${chunk.toString()}`));
  const waiting = new Map<string, (message: Record<string, unknown>) => void>();
  let firstModelAt: number | undefined;
  const probes = new Map<string, number>();
  createInterface({ input: child.stdout }).on('line', (line) => {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    if (message.event === 'model') {
      firstModelAt ??= Number(message.t);
      for (const key of Object.keys((message.probes ?? {}) as Record<string, string>)) if (!probes.has(key)) probes.set(key, Number(message.t));
    }
    const resolve = waiting.get(String(message.event));
    if (resolve) {
      waiting.delete(String(message.event));
      resolve(message);
    }
  });
  const next = (event: string) => new Promise<Record<string, unknown>>((resolve) => waiting.set(event, resolve));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = await Promise.race([next('ready'), exited.then(() => Promise.reject(new Error('the app process exited before it was ready')))]);
  return {
    url: String(ready.url),
    t0: Number(ready.t0),
    spawnedAt,
    get firstModelAt() {
      return firstModelAt;
    },
    probeSeen: (key) => probes.get(key),
    async memory() {
      const answer = next('memory');
      child.stdin.write('memory\n');
      const m = await answer;
      return { peakRss: Number(m.peakRss), maxRss: Number(m.maxRss), heapUsed: Number(m.heapUsed) };
    },
    async close() {
      child.stdin.end();
      await exited;
    },
  };
}

// ---------------------------------------------------------------- the renderer

interface RendererProbe {
  cdp: CDPSession;
  peakHeap: number;
  stop(): void;
}

async function watchRenderer(page: Page): Promise<RendererProbe> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const probe: RendererProbe = { cdp, peakHeap: 0, stop: () => clearInterval(timer) };
  const sample = async () => {
    try {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
      probe.peakHeap = Math.max(probe.peakHeap, heap);
    } catch {
      // The page is closing.
    }
  };
  const timer = setInterval(() => void sample(), 250);
  await sample();
  return probe;
}

/** Peak RSS (VmHWM) of the browser's largest renderer process, from /proc. */
async function rendererPeakRss(browser: Browser): Promise<number | undefined> {
  try {
    const cdp = await browser.newBrowserCDPSession();
    const info = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { type: string; id: number }[] };
    await cdp.detach();
    let peak: number | undefined;
    for (const p of info.processInfo.filter((x) => x.type === 'renderer')) {
      const status = readFileSync(`/proc/${p.id}/status`, 'utf8');
      const kib = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]);
      if (Number.isFinite(kib)) peak = Math.max(peak ?? 0, kib * 1024);
    }
    return peak;
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------- measurements

/** Pods kubectl shows with an IP (and not being deleted): what a complete drawing shows with an IP. */
async function podsWithIP(env: LiveEnv): Promise<number> {
  const out = await kubectl(env, ['get', 'pods', '-A', '-o', 'jsonpath={range .items[*]}{.status.podIP}|{.metadata.deletionTimestamp}{"\\n"}{end}']);
  return out.split('\n').filter((line) => {
    const [ip, deleting] = line.split('|');
    return ip !== undefined && ip !== '' && (deleting ?? '') === '';
  }).length;
}

async function kubectlWide(env: LiveEnv): Promise<number> {
  const started = performance.now();
  await run(env.kubectl, ['--kubeconfig', env.kubeconfig, 'get', 'pods', '-A', '-o', 'wide']);
  return performance.now() - started;
}


interface FirstDrawing {
  fromSession: number;
  fromSpawn: number;
  firstModel?: number;
  app: AppProcess;
  page: Page;
  renderer: RendererProbe;
}

async function firstDrawing(env: LiveEnv, browser: Browser, expected: number): Promise<FirstDrawing> {
  // The browser, and a blank tab in it, are ready before the app starts: opening
  // a tab through Playwright takes a few hundred ms here, which is the bench's
  // own cost, not the app's. The page then opens as soon as the URL is printed.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const renderer = await watchRenderer(page);
  const app = await startAppProcess(env);
  await page.goto(app.url);
  // A function, not a string: the page's CSP forbids eval.
  await page.waitForFunction(
    (n) => document.querySelectorAll('g[data-kind=pod]:not(.ka-exiting)[data-ip]:not([data-ip=""])').length >= n,
    expected,
    { timeout: 30 * 60_000, polling: 50 },
  );
  const done = Date.now();
  return {
    fromSession: done - app.t0,
    fromSpawn: done - app.spawnedAt,
    firstModel: app.firstModelAt !== undefined ? app.firstModelAt - app.t0 : undefined,
    app,
    page,
    renderer,
  };
}

/** One pod created with kubectl apply: ms from issuing it until drawn with its IP, until in a model, and until `kubectl get pods -A -w` shows it Running with an IP. */
async function changeLatency(env: LiveEnv, app: AppProcess, page: Page, namespace: string, name: string): Promise<{ applied: number; app: number; model: number; kubectl: number }> {
  const watch = spawn(env.kubectl, ['--kubeconfig', env.kubeconfig, 'get', 'pods', '-A', '-w', '-o', 'wide'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let watchSeen: number | undefined;
  let lastOutput = Date.now();
  let lines = 0;
  createInterface({ input: watch.stdout }).on('line', (line) => {
    lines += 1;
    lastOutput = Date.now();
    const cells = line.trim().split(/\s+/);
    if (watchSeen === undefined && cells[0] === namespace && cells[1] === name && cells.includes('Running') && cells.some((c) => /^\d+\.\d+\.\d+\.\d+$/.test(c))) {
      watchSeen = Date.now();
    }
  });
  try {
    // The watch first prints the current table; measure only once it is streaming.
    await waitFor(() => (lines > 1 && Date.now() - lastOutput > 1000) || 'kubectl -w still printing the initial list', {
      what: 'kubectl get pods -A -w to print its initial list',
      timeoutMs: 10 * 60_000,
    });
    await page.evaluate(
      ({ namespace, name }) => {
        const w = window as unknown as { __probe?: number; __observer?: MutationObserver };
        w.__probe = undefined;
        w.__observer?.disconnect();
        // Inline and anonymous: tsx would wrap a named helper in __name(), which the page lacks.
        w.__observer = new MutationObserver(() => {
          const el = document.querySelector(`g[data-kind=pod][data-namespace="${namespace}"][data-name="${name}"]:not(.ka-exiting)`);
          if (w.__probe === undefined && el && (el.getAttribute('data-ip') ?? '') !== '') w.__probe = Date.now();
        });
        w.__observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ip'] });
      },
      { namespace, name },
    );
    // From the moment the create is issued: kwok can run the pod before the
    // kubectl apply process has even exited, so its return is no zero point.
    const t0 = Date.now();
    await apply(env, plainPod(namespace, name));
    const applied = Date.now() - t0;
    await waitFor(
      async () => {
        const drawn = await page.evaluate(() => (window as unknown as { __probe?: number }).__probe);
        const modelled = app.probeSeen(`${namespace}/${name}`);
        return (drawn !== undefined && modelled !== undefined && watchSeen !== undefined) || `drawn: ${drawn !== undefined}, kubectl -w: ${watchSeen !== undefined}`;
      },
      { what: `pod ${name} drawn with its IP and printed Running by kubectl -w`, intervalMs: 50 },
    );
    const drawn = (await page.evaluate(() => (window as unknown as { __probe?: number }).__probe))!;
    return { applied, app: drawn - t0, model: app.probeSeen(`${namespace}/${name}`)! - t0, kubectl: watchSeen! - t0 };
  } finally {
    watch.kill();
    await kubectl(env, ['-n', namespace, 'delete', 'pod', name, '--wait=false']).catch(() => '');
  }
}

async function measure(env: LiveEnv, browser: Browser, label: string, probeNamespace: string): Promise<void> {
  const expected = await podsWithIP(env);
  const total = (await kubectl(env, ['get', 'pods', '-A', '--no-headers'])).split('\n').filter((l) => l.trim() !== '').length;
  const nodes = (await kubectl(env, ['get', 'nodes', '--no-headers'])).split('\n').filter((l) => l.trim() !== '').length;
  heading(`Cluster: ${label} — ${total} pods (${expected} with an IP) on ${nodes} nodes`);

  const kubectlTimes: number[] = [];
  kubectlTimes.push(await kubectlWide(env));
  const first = await firstDrawing(env, browser, expected);
  kubectlTimes.push(await kubectlWide(env), await kubectlWide(env));
  const wide = median(kubectlTimes);
  row('kubectl get pods -A -o wide (median of 3)', ms(wide));
  if (first.firstModel !== undefined) row('app: first model (from session open)', ms(first.firstModel), `${(first.firstModel / wide).toFixed(2)}× kubectl`);
  row('app: complete drawing (from session open)', ms(first.fromSession), `${(first.fromSession / wide).toFixed(2)}× kubectl`);
  row('app: complete drawing (from process spawn)', ms(first.fromSpawn), `${(first.fromSpawn / wide).toFixed(2)}× kubectl`);

  const applied: number[] = [];
  const appLatency: number[] = [];
  const modelLatency: number[] = [];
  const kubectlLatency: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    const l = await changeLatency(env, first.app, first.page, probeNamespace, `probe-${i}-${Date.now().toString(36)}`);
    applied.push(l.applied);
    appLatency.push(l.app);
    modelLatency.push(l.model);
    kubectlLatency.push(l.kubectl);
  }
  const appMedian = median(appLatency);
  const modelMedian = median(modelLatency);
  const kubectlMedian = median(kubectlLatency);
  console.log(`  a new pod, from issuing kubectl apply (median of ${PROBES}):`);
  row('  kubectl apply returns', ms(median(applied)));
  row('  kubectl get pods -A -w prints it Running', ms(kubectlMedian));
  row('  app: in a model with its IP', ms(modelMedian), `${(modelMedian / kubectlMedian).toFixed(2)}× kubectl`);
  row('  app: drawn with its IP', ms(appMedian), `${(appMedian / kubectlMedian).toFixed(2)}× kubectl`);

  const memory = await first.app.memory();
  const rss = await rendererPeakRss(browser);
  first.renderer.stop();
  row('main process: peak RSS (sampled every 50 ms)', mib(memory.peakRss));
  row('main process: maxRSS (resourceUsage)', mib(memory.maxRss));
  row('main process: JS heap used at the end', mib(memory.heapUsed));
  row('renderer: peak JS heap used (CDP, every 250 ms)', mib(first.renderer.peakHeap));
  row('renderer: peak RSS (VmHWM, /proc)', rss !== undefined ? mib(rss) : 'n/a');

  await first.page.context().close();
  await first.app.close();
}

export async function benchCluster(): Promise<void> {
  heading('Against the test control plane (test/cluster)');
  const found = readLiveEnv();
  if (!('env' in found)) {
    console.log(`  skipped: the test cluster is not described (missing ${found.missing.join(', ')}); run npm run cluster:up and export its lines as KUBE_ANATOMY_TEST_*`);
    return;
  }
  const env = found.env;
  const release = await lockCluster('bench/cluster.ts');
  const browser = await launchBrowser();
  try {
    await withSmallCluster(env, (ns) => measure(env, browser, 'seeded, kind-like', ns));
    if (process.argv.includes('--no-large')) console.log('\n(5,000-pod size skipped: --no-large)');
    else await withLargeCluster(env, (ns) => measure(env, browser, `${LARGE_NODES} extra kwok nodes, ${LARGE_DEPLOYMENTS} × ${LARGE_REPLICAS} replicas`, ns));
  } finally {
    await browser.close();
    release();
  }
}
