// Benchmarks against the real test control plane (npm run cluster:up), each
// figure measured beside kubectl in the same run so the ratio means something
// on any machine:
//   - first complete drawing (every pod with an IP drawn with it) vs the wall
//     time of `kubectl get pods -A -o wide`: from the spawn of the real
//     command (`node main/cli/bin.mjs serve`, its bundle dist/cli/serve.cjs
//     with the code cache an earlier, unmeasured start left; median of three,
//     with serve's CPU time by then), the page opened as soon as the URL is
//     printed; from the
//     moment the session opens (the bench's own app process, which reports
//     it), the page likewise opened at the URL; and with the page already
//     open and connected, from its context:use (the demo shown before);
//     the time is taken in the page, when the last pod appears in its DOM;
//   - change latency: from issuing `kubectl apply` to the new pod drawn with
//     its IP, vs a concurrent `kubectl get pods -A -w` printing it Running
//     (not from apply's return: kwok often runs the pod before apply exits);
//   - the app's page alone: a fresh tab opened at the URL of an app process
//     that already holds the model, to the complete drawing (little to wait
//     for but the page's own loading, running and drawing: the floor under
//     every figure that opens the app's page);
//   - peak memory of the main process (session + server) and of the renderer.
// On two sizes: the seeded kind-like cluster topped up to ~100 pods, and
// 5,000 pods on 100 extra kwok nodes (created here, removed at the end).

import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { launchBrowser } from '../e2e/helpers.ts';
import { apply, kubectl, lockCluster, readLiveEnv, run, waitFor, type LiveEnv } from '../live/harness.ts';
import { plainPod } from '../live/objects.ts';
import { LARGE_DEPLOYMENTS, LARGE_NODES, LARGE_REPLICAS, withLargeCluster, withSmallCluster } from './cluster-sizes.ts';
import { heading, median, mib, ms, processCpuMs, row } from './stats.ts';
import { MAIN_V8_FLAGS } from '../../main/cli/main-flags.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const PROBES = 3;
/**
 * New pods timed per size. kubectl -w and the app see the same watch event
 * within a few ms, and the page draws on its next frame, so one probe's ratio
 * moves with where that frame falls (from 1.02× to 1.35× among the nine
 * probes of one run; in one session the median of three probes gave 1.31×,
 * that of twelve 1.15×): more probes than the slow starts get.
 */
const CHANGE_PROBES = 9;

// ---------------------------------------------------------------- the drawing, timed in the page

/** Pod elements with an IP, in the SVG or in the canvas's accessible tree, counted once by uid. */
const DRAWN_PODS = '[data-kind=pod]:not(.ka-exiting)[data-ip]:not([data-ip=""])';

/**
 * Stamps the wall clock in the page when `want` pods (of `uids`, when given)
 * are in its DOM: a MutationObserver, so the time is that of the DOM change
 * itself, not of a poll up to 50 ms later. A string: tsx would wrap a
 * function's inner helpers in __name(), which the page lacks.
 */
const DRAWN_PROBE = `
  window.__kaDrawn = window.__kaDrawn || { want: Infinity, uids: null, at: undefined };
  new MutationObserver(() => {
    const d = window.__kaDrawn;
    if (d.at !== undefined || !isFinite(d.want)) return;
    const seen = new Set();
    for (const el of document.querySelectorAll('${DRAWN_PODS}')) {
      const uid = el.getAttribute('data-uid');
      if (!d.uids || d.uids.has(uid)) seen.add(uid);
    }
    if (seen.size >= d.want) d.at = Date.now();
  }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-ip', 'class', 'data-uid'] });
`;

async function armDrawn(page: Page, want: number, uids?: string[]): Promise<void> {
  await page.evaluate(({ want, uids }) => {
    const w = window as unknown as { __kaDrawn: { want: number; uids: Set<string> | null; at?: number } };
    w.__kaDrawn = { want, uids: uids ? new Set(uids) : null, at: undefined };
  }, { want, uids });
}

/** Waits until the probe has stamped the drawing complete, and returns the stamp. */
async function drawnAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => (window as unknown as { __kaDrawn?: { at?: number } }).__kaDrawn?.at, undefined, {
    timeout: 30 * 60_000,
    polling: 100,
  });
  return Number(await handle.jsonValue());
}

// ---------------------------------------------------------------- the real command

/** dist/ is what `kube-anatomy serve` runs: build it when missing, say so when older than the sources. */
function requireBuiltCli(): void {
  const bundle = path.join(ROOT, 'dist', 'cli', 'main.mjs');
  if (!existsSync(bundle)) {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'main', 'tools', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('building dist/ failed');
    return;
  }
  const newest = spawnSync('find', [path.join(ROOT, 'main'), '-name', '*.ts', '-newer', bundle], { encoding: 'utf8' }).stdout.trim();
  if (newest !== '') console.log(`  warning: dist/cli is older than main/ (${newest.split('\n')[0]}, …); run npm run build to measure the current code`);
}

interface CliProcess {
  url: string;
  spawnedAt: number;
  /** VmHWM of the process from /proc (its peak RSS, as the kernel counts it). */
  peakRss(): number | undefined;
  /** CPU time the process has used so far (user and system, from /proc), in ms: what a busy machine does not inflate the way it does wall time. */
  cpuMs(): number | undefined;
  close(): Promise<void>;
}

/** The first line a process prints (its URL), trimmed; an error saying `why` if it exits first. */
function printedUrl(child: { stdout: NodeJS.ReadableStream; once(event: 'exit', listener: (code: number | null) => void): unknown }, why: (code: number | null) => string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => resolve(line.trim()));
    child.once('exit', (code) => reject(new Error(why(code))));
  });
}

/** `node main/cli/bin.mjs serve --kubeconfig …` as a user starts it; resolves once it printed the URL. */
async function startCli(env: LiveEnv): Promise<CliProcess> {
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'main', 'cli', 'bin.mjs'), 'serve', '--kubeconfig', env.kubeconfig], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await printedUrl(child, () => `kube-anatomy serve exited before printing its URL: ${stderr}`);
  return {
    url,
    spawnedAt,
    peakRss() {
      try {
        const kib = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
        return Number.isFinite(kib) ? kib * 1024 : undefined;
      } catch {
        return undefined;
      }
    },
    cpuMs() {
      return child.pid === undefined ? undefined : processCpuMs(child.pid);
    },
    async close() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

// ---------------------------------------------------------------- the app in its own process

interface AppProcess {
  url: string;
  /** Wall clock just before the session opened. */
  t0: number;
  /** Wall clock of the first model the session built. */
  firstModelAt?: number;
  /** Wall clock of the first model of a cluster after `since`. */
  clusterModelAfter(since: number): number | undefined;
  /** Wall clock of the first model of the demo after `since`. */
  demoModelAfter(since: number): number | undefined;
  /** Wall clock at which a model first had the pod namespace/name with an IP. */
  probeSeen(key: string): number | undefined;
  memory(): Promise<{ peakRss: number; maxRss: number; heapUsed: number }>;
  close(): Promise<void>;
}

async function startAppProcess(env: LiveEnv): Promise<AppProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--import', 'tsx', ...MAIN_V8_FLAGS, path.join(HERE, 'cluster-app.ts'), env.kubeconfig], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(`[app] ${chunk.toString()}`));
  const waiting = new Map<string, (message: Record<string, unknown>) => void>();
  let firstModelAt: number | undefined;
  const probes = new Map<string, number>();
  const models: { t: number; source: string }[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    if (message.event === 'model') {
      firstModelAt ??= Number(message.t);
      models.push({ t: Number(message.t), source: String(message.source) });
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
    get firstModelAt() {
      return firstModelAt;
    },
    probeSeen: (key) => probes.get(key),
    clusterModelAfter: (since) => models.find((m) => m.t >= since && m.source === 'cluster')?.t,
    demoModelAfter: (since) => models.find((m) => m.t >= since && m.source === 'demo')?.t,
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
  firstModel?: number;
  app: AppProcess;
  page: Page;
  renderer: RendererProbe;
}

/**
 * A blank tab, ready before the app starts: opening one through Playwright
 * takes a few hundred ms here, which is the bench's own cost, not the app's.
 * The page then opens as soon as the URL is printed.
 */
async function blankPage(browser: Browser, expected: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  try {
    await context.addInitScript(DRAWN_PROBE);
    await context.addInitScript(`window.__kaDrawn = { want: ${expected}, uids: null, at: undefined };`);
    return await context.newPage();
  } catch (error) {
    await context.close();
    throw error;
  }
}

/** From the spawn of `kube-anatomy serve` to the complete drawing; the process's peak RSS and CPU time then. */
async function drawingFromSpawn(env: LiveEnv, browser: Browser, expected: number): Promise<{ fromSpawn: number; peakRss?: number; cpuMs?: number }> {
  const page = await blankPage(browser, expected);
  const cli = await startCli(env);
  try {
    await page.goto(cli.url);
    const done = await drawnAt(page);
    return { fromSpawn: done - cli.spawnedAt, peakRss: cli.peakRss(), cpuMs: cli.cpuMs() };
  } finally {
    await page.context().close();
    await cli.close();
  }
}

/**
 * The floor under the figure above, for reference: a Node process that only
 * serves a one-line page, spawned with the same Node, its page opened at the
 * URL it prints in a fresh tab, as above, until DOMContentLoaded. It reads no
 * kubeconfig, lists nothing and draws nothing: what is left of the app's
 * figure above it is the app's own work (its start, the lists, the page's
 * files, styles and fonts, the drawing) on the same two cores.
 */
async function onePageFromSpawn(browser: Browser): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  const server = `const s = require('node:http').createServer((q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>x</title><p>x')); s.listen(0, '127.0.0.1', () => console.log('http://127.0.0.1:' + s.address().port + '/'));`;
  const spawnedAt = Date.now();
  const child = spawn(process.execPath, ['-e', server], { stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    const url = await printedUrl(child, (code) => `the one-page server exited (${code}) before printing its URL`);
    await page.goto(url, { waitUntil: 'domcontentloaded' });
    return Date.now() - spawnedAt;
  } finally {
    child.kill();
    await context.close();
  }
}

async function firstDrawing(env: LiveEnv, browser: Browser, expected: number): Promise<FirstDrawing> {
  const page = await blankPage(browser, expected);
  const renderer = await watchRenderer(page);
  const app = await startAppProcess(env);
  await page.goto(app.url);
  const done = await drawnAt(page);
  return {
    fromSession: done - app.t0,
    firstModel: app.firstModelAt !== undefined ? app.firstModelAt - app.t0 : undefined,
    app,
    page,
    renderer,
  };
}

/**
 * The page's own part of the figures above: a fresh tab (its own browser
 * context, nothing cached) opened at the URL of an app process that has held
 * the cluster's model for a while, from page.goto to the complete drawing.
 * The server answers at once and sends the model on the socket's opening, so
 * at ~100 pods this is what loading, running and drawing the page costs with
 * little else to wait for (at 5,000 pods the server still makes the model's
 * parts as the page reads them): under it no figure that opens the app's
 * page can go.
 */
async function pageAlone(browser: Browser, app: AppProcess, expected: number): Promise<number> {
  const page = await blankPage(browser, expected);
  try {
    const started = Date.now();
    await page.goto(app.url);
    return (await drawnAt(page)) - started;
  } finally {
    await page.context().close();
  }
}

/** Uids of the pods kubectl shows with an IP (and not being deleted). */
async function podUids(env: LiveEnv): Promise<string[]> {
  const out = await kubectl(env, ['get', 'pods', '-A', '-o', 'jsonpath={range .items[*]}{.metadata.uid}|{.status.podIP}|{.metadata.deletionTimestamp}{"\\n"}{end}']);
  return out
    .split('\n')
    .map((line) => line.split('|'))
    .filter(([uid, ip, deleting]) => uid && ip && !deleting)
    .map(([uid]) => uid!);
}

/**
 * The page already open and connected: it shows the demo (source:demo), then
 * asks for the cluster's context (context:use), as a user switching to it does.
 * From that call to the complete drawing of the cluster's pods (by uid, so no
 * demo pod counts), and to the first model of the cluster.
 */
async function drawingOnOpenPage(env: LiveEnv, app: AppProcess, page: Page): Promise<{ drawn: number; model?: number }> {
  const context = (await kubectl(env, ['config', 'current-context'])).trim();
  const before = Date.now();
  await page.evaluate(() => (window as unknown as { kubeAnatomy: { invoke(c: string): Promise<unknown> } }).kubeAnatomy.invoke('source:demo'));
  await waitFor(() => app.demoModelAfter(before) !== undefined || 'no demo model yet', { what: 'the demo', intervalMs: 20 });
  const uids = await podUids(env);
  // The demo drawn: none of the cluster's pods left in the page.
  await page.waitForFunction(
    (uids) => {
      const wanted = new Set(uids);
      for (const el of document.querySelectorAll('[data-kind=pod]:not(.ka-exiting)')) if (wanted.has(el.getAttribute('data-uid') ?? '')) return false;
      return true;
    },
    uids,
    { polling: 20, timeout: 60_000 },
  );
  await armDrawn(page, uids.length, uids);
  const t0 = await page.evaluate(
    (context) => {
      const started = Date.now();
      void (window as unknown as { kubeAnatomy: { invoke(c: string, p: unknown): Promise<unknown> } }).kubeAnatomy.invoke('context:use', { context });
      return started;
    },
    context,
  );
  const done = await drawnAt(page);
  const model = app.clusterModelAfter(t0);
  return { drawn: done - t0, model: model !== undefined ? model - t0 : undefined };
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
          const el = document.querySelector(`[data-kind=pod][data-namespace="${namespace}"][data-name="${name}"]:not(.ka-exiting)`);
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

  // One start unmeasured, as a user's earlier run: Node's compile cache and
  // serve's code cache (bin.mjs) then hold what a first drawing compiles.
  await drawingFromSpawn(env, browser, expected);
  const kubectlTimes: number[] = [];
  const spawns: { fromSpawn: number; peakRss?: number; cpuMs?: number }[] = [];
  const onePage: number[] = [];
  for (let i = 0; i < PROBES; i++) {
    kubectlTimes.push(await kubectlWide(env));
    spawns.push(await drawingFromSpawn(env, browser, expected));
    onePage.push(await onePageFromSpawn(browser));
  }
  const spawned = { fromSpawn: median(spawns.map((s) => s.fromSpawn)), peakRss: spawns.at(-1)?.peakRss };
  const spawnCpu = spawns.every((s) => s.cpuMs !== undefined) ? median(spawns.map((s) => s.cpuMs!)) : undefined;
  kubectlTimes.push(await kubectlWide(env));
  const first = await firstDrawing(env, browser, expected);
  try {
    kubectlTimes.push(await kubectlWide(env));
    const wide = median(kubectlTimes);
    const times = (value: number) => `${(value / wide).toFixed(2)}× kubectl`;
    row(`kubectl get pods -A -o wide (median of ${kubectlTimes.length})`, ms(wide));
    row(`app: complete drawing, from spawning \`serve\` (page opened at the URL; median of ${PROBES})`, ms(spawned.fromSpawn), times(spawned.fromSpawn));
    if (spawnCpu !== undefined) row('  `serve` process: CPU time used by then (user+system, /proc)', ms(spawnCpu));
    row('  for reference: a one-line page from a Node server that does nothing else, from its spawn', ms(median(onePage)), times(median(onePage)));
    if (first.firstModel !== undefined) row('app: first model, from session open', ms(first.firstModel), times(first.firstModel));
    row('app: complete drawing, from session open (page opened at the URL)', ms(first.fromSession), times(first.fromSession));

    const applied: number[] = [];
    const appLatency: number[] = [];
    const modelLatency: number[] = [];
    const kubectlLatency: number[] = [];
    for (let i = 0; i < CHANGE_PROBES; i++) {
      const l = await changeLatency(env, first.app, first.page, probeNamespace, `probe-${i}-${Date.now().toString(36)}`);
      applied.push(l.applied);
      appLatency.push(l.app);
      modelLatency.push(l.model);
      kubectlLatency.push(l.kubectl);
    }
    const appMedian = median(appLatency);
    const modelMedian = median(modelLatency);
    const kubectlMedian = median(kubectlLatency);
    console.log(`  a new pod, from issuing kubectl apply (median of ${CHANGE_PROBES}):`);
    row('  kubectl apply returns', ms(median(applied)));
    row('  kubectl get pods -A -w prints it Running', ms(kubectlMedian));
    row('  app: in a model with its IP', ms(modelMedian), `${(modelMedian / kubectlMedian).toFixed(2)}× kubectl`);
    row('  app: drawn with its IP', ms(appMedian), `${(appMedian / kubectlMedian).toFixed(2)}× kubectl`);
    const perProbe = appLatency.map((a, i) => a / kubectlLatency[i]).sort((a, b) => a - b);
    row('    each probe, drawn ÷ kubectl -w (lowest to highest)', perProbe.map((r) => `${r.toFixed(2)}×`).join(' '));

    const reopened: { drawn: number; model?: number }[] = [];
    for (let i = 0; i < PROBES; i++) reopened.push(await drawingOnOpenPage(env, first.app, first.page));
    const reopenedModel = reopened.every((r) => r.model !== undefined) ? median(reopened.map((r) => r.model!)) : undefined;
    const reopenedDrawn = median(reopened.map((r) => r.drawn));
    console.log(`  the page already open and connected, from its context:use after the demo (median of ${PROBES}):`);
    if (reopenedModel !== undefined) row('  app: first model of the cluster', ms(reopenedModel), times(reopenedModel));
    row('  app: complete drawing', ms(reopenedDrawn), times(reopenedDrawn));

    const memory = await first.app.memory();
    const rss = await rendererPeakRss(browser);
    // Its sampling stops here: the pages opened below are timed without it.
    first.renderer.stop();
    row('`serve` process: peak RSS to the first drawing (VmHWM, /proc)', spawned.peakRss !== undefined ? mib(spawned.peakRss) : 'n/a');
    row('main process: peak RSS (sampled every 50 ms)', mib(memory.peakRss));
    row('main process: maxRSS (resourceUsage)', mib(memory.maxRss));
    row('main process: JS heap used at the end', mib(memory.heapUsed));
    row('renderer: peak JS heap used (CDP, every 250 ms)', mib(first.renderer.peakHeap));
    row('renderer: peak RSS (VmHWM, /proc)', rss !== undefined ? mib(rss) : 'n/a');

    // After the memory figures, which the pages opened here would add to; counted
    // again, as the probes' pods come and go.
    const now = await podsWithIP(env);
    const alone: number[] = [];
    for (let i = 0; i < PROBES; i++) alone.push(await pageAlone(browser, first.app, now));
    const aloneMedian = median(alone);
    row(`the app's page alone: a fresh tab opened at the URL of the app holding the model, to the complete drawing (median of ${PROBES})`, ms(aloneMedian), times(aloneMedian));
  } finally {
    first.renderer.stop();
    await first.page.context().close();
    await first.app.close();
  }
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
    requireBuiltCli();
    await withSmallCluster(env, (ns) => measure(env, browser, 'seeded, kind-like', ns));
    if (process.argv.includes('--no-large')) console.log('\n(5,000-pod size skipped: --no-large)');
    else await withLargeCluster(env, (ns) => measure(env, browser, `${LARGE_NODES} extra kwok nodes, ${LARGE_DEPLOYMENTS} × ${LARGE_REPLICAS} replicas`, ns));
  } finally {
    await browser.close();
    release();
  }
}
