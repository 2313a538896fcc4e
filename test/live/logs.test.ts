// Container logs against the test control plane, the app's lines beside
// kubectl's in the same run. kwok serves the logs (its Logs resources, files
// written here in the CRI log format) behind the nodes' loopback InternalDNS
// address, so the API server's own pods/log path is used: kubeconfig, the
// API server's authorization and proxy to the "kubelet", and on the app's
// side the main process's logs:open/logs:read handlers (request check,
// LogStreams, PodLog, KubeTransport).
//
// Covered: the last N lines, --previous, --timestamps, -f (lines appended to
// the file arrive in the app as kubectl -f prints them), a follow cut by an
// API server outage resuming with no line lost or repeated, a deleted pod's
// log, and users without pods/log (the API server refuses before it asks any
// kubelet).

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { startServer } from '../../main/server/server.ts';
import { openSession } from '../../main/session/index.ts';
import { createSessionHandlers, type SessionHandlers } from '../../main/session/handlers.ts';
import type { Session } from '../../main/session/session.ts';
import type { LogsChunk, LogsOpenRequest } from '../../main/contract/logs.ts';
import { MAX_LINE_BYTES, showControls, type LogLine } from '../../main/model/logs.ts';
import { launchBrowser, openPage } from '../e2e/helpers.ts';
import { apply, ctl, kubectl, live, liveTest, lockCluster, run, uniqueName, waitFor, type LiveEnv } from './harness.ts';
import { kwokNode, namespaceObject, removeNamespace, removeNode } from './objects.ts';

// ---------------------------------------------------------------- log files

/** RFC 3339 with nine digits of nanoseconds, as the kubelet (and kwok) writes it. */
function stamp(ms: number, nanos = 0): string {
  const iso = new Date(ms).toISOString(); // 2026-12-02T00:00:00.123Z
  return `${iso.slice(0, 19)}.${String((ms % 1000) * 1_000_000 + nanos).padStart(9, '0')}Z`;
}

interface FileLine {
  ts: string;
  /** Bytes of the text (may be invalid UTF-8). */
  text: Buffer;
  stream?: 'stdout' | 'stderr';
}

/** CRI log format: "<time> <stream> F <text>\n" (F: a full line). */
function criLines(lines: FileLine[]): Buffer {
  return Buffer.concat(lines.flatMap((l) => [Buffer.from(`${l.ts} ${l.stream ?? 'stdout'} F `), l.text, Buffer.from('\n')]));
}

const line = (ts: string, text: string | Buffer, stream?: 'stdout' | 'stderr'): FileLine => ({ ts, text: typeof text === 'string' ? Buffer.from(text) : text, stream });

// ---------------------------------------------------------------- the app's side

/** One log opened through the session's handlers, read by long poll the way the page reads it. */
class AppLog {
  lines: LogLine[] = [];
  chunk: LogsChunk;
  #after = 0;

  private constructor(
    readonly handlers: SessionHandlers,
    first: LogsChunk,
  ) {
    this.chunk = first;
    this.#take(first);
  }

  static async open(handlers: SessionHandlers, req: LogsOpenRequest): Promise<AppLog> {
    return new AppLog(handlers, await handlers['logs:open'](req));
  }

  #take(c: LogsChunk): void {
    this.chunk = c;
    this.lines.push(...c.lines);
    // A reply may stop at a line before the newest: read on from the last line got.
    this.#after = c.lines.at(-1)?.seq ?? Math.max(this.#after, c.last);
  }

  get done(): boolean {
    return (this.chunk.phase === 'ended' || this.chunk.phase === 'failed' || this.chunk.phase === 'closed') && this.#after >= this.chunk.last;
  }

  /** Long-polls until `until()` holds (default: the log ended and every line was read). */
  async read(what: string, until: () => boolean = () => this.done, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!until()) {
      if (this.done && this.chunk.phase !== 'ended') throw new Error(`the log stopped (${this.chunk.phase}: ${this.chunk.problem?.message ?? ''}) before ${what}`);
      if (this.done) throw new Error(`the log ended before ${what}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; phase ${this.chunk.phase}, ${this.lines.length} lines`);
      this.#take(await this.handlers['logs:read']({ id: this.chunk.id, after: this.#after, waitMs: 5000 }));
    }
  }

  close(): void {
    void this.handlers['logs:close']({ id: this.chunk.id });
  }

  /** The lines as `kubectl logs --timestamps` prints them. */
  stamped(): string[] {
    return this.lines.map((l) => `${l.ts} ${l.text}`);
  }

  texts(): string[] {
    return this.lines.map((l) => l.text);
  }
}

/** kubectl's lines, each text cut to the app's 64 KB line limit (the app keeps the cut's length in `cut`); `stamped`: after a timestamp. */
function kubectlLines(stdout: string, stamped = false): string[] {
  const lines = stdout.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const cut = (text: string): string => (Buffer.byteLength(text) > MAX_LINE_BYTES ? Buffer.from(text).subarray(0, MAX_LINE_BYTES).toString() : text);
  return lines.map((l) => {
    const space = stamped ? l.indexOf(' ') + 1 : 0;
    return l.slice(0, space) + cut(l.slice(space));
  });
}

/** Short words for a long line in a failure message. */
const brief = (l: string | undefined): string => (l === undefined ? '(none)' : l.length > 120 ? `${JSON.stringify(l.slice(0, 100))}… (${l.length} chars)` : JSON.stringify(l));

/** Equal line lists; a failure names the first line that differs, briefly (lines can be 64 KB). */
function sameLines(actual: string[], expected: string[], what: string): void {
  const i = actual.findIndex((l, k) => l !== expected[k]);
  const at = i >= 0 ? i : actual.length === expected.length ? -1 : Math.min(actual.length, expected.length);
  if (at < 0) return;
  assert.fail(`${what}: the app has ${actual.length} lines, kubectl ${expected.length}; line ${at + 1} differs: app ${brief(actual[at])}, kubectl ${brief(expected[at])}`);
}

/** `kubectl logs -f`, its lines as they come. */
class KubectlFollow {
  readonly child: ChildProcess;
  readonly lines: string[] = [];
  stderr = '';
  #partial = '';

  constructor(env: LiveEnv, args: string[]) {
    this.child = spawn(env.kubectl, ['--kubeconfig', env.kubeconfig, 'logs', '-f', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      const parts = (this.#partial + s).split('\n');
      this.#partial = parts.pop() ?? '';
      this.lines.push(...parts);
    });
    this.child.stderr!.setEncoding('utf8').on('data', (s: string) => (this.stderr += s));
  }

  stop(): void {
    if (this.child.exitCode === null) this.child.kill('SIGTERM');
  }
}

// ---------------------------------------------------------------- the pod

const POD = 'talker';
/** A whole second an hour ago: the lines' times are this plus known offsets. */
const BASE = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
const at = (seconds: number, ms = 0, nanos = 0): string => stamp(BASE + seconds * 1000 + ms, nanos);

const HOSTILE = Buffer.concat([Buffer.from('\x1b[31mred\x1b[0m, a bell \x07, a tab\tand a bad byte '), Buffer.from([0xff]), Buffer.from(' end')]);
const LONG = 'x'.repeat(200 * 1024);

const APP_LINES: FileLine[] = [
  ...Array.from({ length: 20 }, (_, i) => line(at(1 + i, i * 7), `attempt 7: step ${i + 1}`)),
  // Two lines with one timestamp, as a fast writer makes.
  line(at(30, 500), 'same time, first'),
  line(at(30, 500), 'same time, second'),
  line(at(31), HOSTILE, 'stderr'),
  line(at(32), LONG),
  line(at(33), 'ünïcödé ✓ 한국어'),
  line(at(34), 'last line', 'stderr'),
];
const PREVIOUS_LINES: FileLine[] = [...Array.from({ length: 8 }, (_, i) => line(at(-100 + i), `attempt 6: step ${i + 1}`)), line(at(-90), 'panic: boom', 'stderr')];

function talkerPod(namespace: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    // app is reported in CrashLoopBackOff with restarts by the kwok stage, so --previous has an instance to mean.
    metadata: { name: POD, namespace, annotations: { 'kube-anatomy.test/crashloop': 'app' } },
    spec: {
      // On a seeded node (InternalDNS localhost), never on a node a test adds.
      nodeSelector: { 'kubernetes.io/hostname': 'anatomy-worker' },
      containers: [
        { name: 'app', image: 'docker.io/library/busybox:1.36' },
        { name: 'web', image: 'docker.io/library/nginx:1.27' },
        { name: 'worker', image: 'docker.io/library/busybox:1.36' },
      ],
    },
  };
}

function logsObject(namespace: string, pod: string, dir: string): Record<string, unknown> {
  return {
    apiVersion: 'kwok.x-k8s.io/v1alpha1',
    kind: 'Logs',
    metadata: { name: pod, namespace },
    spec: {
      logs: [
        { containers: ['app'], logsFile: path.join(dir, 'app.log'), previousLogsFile: path.join(dir, 'app.previous.log'), follow: true },
        { containers: ['web'], logsFile: path.join(dir, 'web.log'), follow: true },
        { containers: ['worker'], logsFile: path.join(dir, 'worker.log'), follow: true },
      ],
    },
  };
}

// ---------------------------------------------------------------- tests

describe('container logs, live: the app and kubectl logs', () => {
  const ns = uniqueName('live-logs');
  /** A node with no loopback address, for the API server to refuse. */
  const node = uniqueName('live-logs-node');
  let dir = '';
  let release: (() => void) | undefined;
  let home = '';
  let session: Session | undefined;
  let handlers: SessionHandlers | undefined;
  const opened: AppLog[] = [];
  const follows: KubectlFollow[] = [];

  const open = async (req: Partial<LogsOpenRequest> & { container: string }): Promise<AppLog> => {
    const log = await AppLog.open(handlers!, { namespace: ns, pod: POD, tailLines: 500, previous: false, follow: false, ...req });
    opened.push(log);
    return log;
  };
  const logsArgs = (container: string, ...more: string[]): string[] => ['logs', '-n', ns, POD, '-c', container, ...more];

  before(async () => {
    if (!live) return;
    release = await lockCluster('logs.test.ts');
    // kwok (same machine, same user) reads the files from the cluster's state dir.
    dir = path.join(live.clusterState, 'container-logs', ns);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'app.log'), criLines(APP_LINES));
    writeFileSync(path.join(dir, 'app.previous.log'), criLines(PREVIOUS_LINES));
    writeFileSync(path.join(dir, 'web.log'), criLines(Array.from({ length: 6 }, (_, i) => line(at(40 + i), `web: ready ${i + 1}`))));
    writeFileSync(path.join(dir, 'worker.log'), criLines(Array.from({ length: 4 }, (_, i) => line(at(50, i * 100), `worker: before the cut ${i + 1}`))));
    // Tainted, so that no ordinary pod is scheduled there but the one the test binds to it (daemon sets' pods tolerate
    // the taint and do land there: removeNode deletes them with the node).
    const far = kwokNode(node, 250) as { spec: Record<string, unknown> };
    far.spec.taints = [{ key: 'kube-anatomy.test/no-loopback', effect: 'NoSchedule' }];
    await apply(live, namespaceObject(ns), far);
    await apply(live, logsObject(ns, POD, dir), talkerPod(ns));
    // Scheduled, started by kwok, and kwok's server has seen the Logs object.
    const env = live;
    await waitFor(async () => (await kubectl(env, logsArgs('app', '--tail=1'))).trim() === 'last line' || 'kubectl logs does not show the file yet', {
      what: `kwok serving ${ns}/${POD}'s log`,
      timeoutMs: 60_000,
      intervalMs: 300,
    });
    home = mkdtempSync(path.join(os.tmpdir(), 'anatomy-live-logs-'));
    session = await openSession({ kubeconfig: live.kubeconfig, env: {}, home, coalesceMs: 50 });
    handlers = createSessionHandlers(session, 'browser');
    // Logs are read through the live source's transport, there once it runs.
    const s = session;
    await waitFor(() => s.state().connection.phase === 'live' || `connection ${s.state().connection.phase}`, { what: 'the session to be live', timeoutMs: 60_000, intervalMs: 100 });
  });

  after(async () => {
    // Every step runs even when one before it throws (a namespace or node left behind breaks the later live files);
    // the first error is thrown once all have run.
    const errors: unknown[] = [];
    const step = async (run: () => Promise<unknown>): Promise<void> => {
      try {
        await run();
      } catch (e) {
        errors.push(e);
      }
    };
    try {
      await step(async () => {
        for (const f of follows) f.stop();
        for (const l of opened) l.close();
      });
      await step(async () => session?.close());
      if (live) {
        const env = live;
        await step(() => ctl(env, 'start-apiserver')); // a failed cut test may have left it stopped
        await step(() => removeNamespace(env, ns));
        // After its pods are gone, with any daemon set's pod bound to it (they tolerate its taint), so no pod names a missing node.
        await step(() => removeNode(env, node));
      }
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
      if (home) rmSync(home, { recursive: true, force: true });
      release?.();
    }
    if (errors.length > 0) throw errors[0];
  });

  liveTest('the last N lines equal kubectl logs --tail=N, hostile lines included (the 64 KB cut marked)', async (env) => {
    for (const n of [3, 10, 500]) {
      const log = await open({ container: 'app', tailLines: n });
      await log.read(`the last ${n} lines`);
      assert.equal(log.chunk.phase, 'ended', log.chunk.problem?.message);
      const expected = kubectlLines(await kubectl(env, logsArgs('app', `--tail=${n}`)));
      assert.equal(expected.length, Math.min(n, APP_LINES.length), 'kubectl shows the file');
      sameLines(log.texts(), expected, `tail ${n}`);
    }
    const all = opened.at(-1)!.lines;
    const long = all.find((l) => l.text.startsWith('xxx'))!;
    assert.equal(long.cut, LONG.length - MAX_LINE_BYTES, 'the cut keeps how much was cut');
    assert.ok(all.every((l) => l.cut === 0 || l === long));
  });

  liveTest('--previous: the instance before the restart equals kubectl logs --previous', async (env) => {
    const restarts = JSON.parse(await kubectl(env, ['get', 'pod', '-n', ns, POD, '-o', 'jsonpath={.status.containerStatuses[?(@.name=="app")].restartCount}']));
    assert.ok(restarts > 0, `app has restarted (restartCount ${restarts})`);
    const log = await open({ container: 'app', previous: true });
    await log.read('the previous log');
    const expected = kubectlLines(await kubectl(env, logsArgs('app', '--previous', '--tail=500')));
    assert.equal(expected.at(-1), 'panic: boom');
    sameLines(log.texts(), expected, '--previous');
    // And it is not the current instance.
    assert.ok(!log.texts().includes('last line'));
  });

  liveTest('--timestamps: the app\'s time and text equal kubectl logs --timestamps, also for two lines of one time', async (env) => {
    const log = await open({ container: 'app', tailLines: 10 });
    await log.read('the last 10 lines');
    const expected = kubectlLines(await kubectl(env, logsArgs('app', '--timestamps', '--tail=10')), true);
    sameLines(log.stamped(), expected, '--timestamps');
    // The times are the file's, to the nanosecond.
    assert.deepEqual(
      log.lines.map((l) => l.ts),
      APP_LINES.slice(-10).map((l) => l.ts),
    );
  });

  liveTest('-f: lines appended to the log file arrive in the app as kubectl logs -f prints them', async (env) => {
    const log = await open({ container: 'web', tailLines: 3, follow: true });
    const kc = new KubectlFollow(env, ['-n', ns, POD, '-c', 'web', '--timestamps', '--tail=3']);
    follows.push(kc);
    await waitFor(() => kc.lines.length >= 3 || `kubectl printed ${kc.lines.length} lines`, { what: 'kubectl -f to start', timeoutMs: 60_000, intervalMs: 100 });
    await log.read('the first 3 lines', () => log.lines.length >= 3);
    assert.equal(log.chunk.phase, 'following');
    sameLines(log.stamped(), kc.lines, '-f, the first lines');
    for (let i = 1; i <= 5; i++) {
      const added = line(at(60 + i, i), `web: appended ${i}`);
      appendFileSync(path.join(dir, 'web.log'), criLines([added]));
      const want = `${added.ts} web: appended ${i}`;
      await waitFor(() => kc.lines.includes(want) || `kubectl's last line: ${kc.lines.at(-1)}`, { what: `kubectl -f to print appended line ${i}`, timeoutMs: 60_000, intervalMs: 100 });
      await log.read(`appended line ${i} in the app`, () => log.lines.length >= kc.lines.length);
      sameLines(log.stamped(), kc.lines, `-f, after appended line ${i}`);
    }
    assert.equal(log.chunk.phase, 'following', 'still following');
    assert.equal(log.chunk.resumed, 0);
  });

  liveTest('a follow cut by an API server outage resumes: no line lost, none repeated (sinceTime is whole seconds)', async (env, t) => {
    const file = path.join(dir, 'worker.log');
    const log = await open({ container: 'worker', tailLines: 500, follow: true });
    await log.read('the lines before the cut', () => log.lines.length >= 4);
    // Two more in the same second as the last line read: the resumed stream starts at that second, so it sends them all again.
    const before = [line(at(50, 400), 'worker: before the cut 5'), line(at(50, 400), 'worker: before the cut 6 (same time as 5)')];
    appendFileSync(file, criLines(before));
    await log.read('the lines before the cut', () => log.lines.length >= 6);

    await ctl(env, 'stop-apiserver');
    // Written while nobody can read: in the same second as the lines already read, and after.
    const during = [line(at(50, 400), 'worker: during the cut, same time as 6'), line(at(50, 900), 'worker: during the cut 2'), line(at(51), 'worker: during the cut 3')];
    appendFileSync(file, criLines(during));
    await ctl(env, 'start-apiserver');
    const afterCut = [line(at(52), 'worker: after the cut 1'), line(at(52, 1), 'worker: after the cut 2')];
    appendFileSync(file, criLines(afterCut));

    await log.read('the lines written during and after the cut', () => log.lines.some((l) => l.text === 'worker: after the cut 2'));
    t.diagnostic(`resumed ${log.chunk.resumed} time(s)`);
    assert.ok(log.chunk.resumed >= 1, 'the follow was cut and resumed');
    assert.equal(log.chunk.phase, 'following');
    const whole = kubectlLines(await kubectl(env, logsArgs('worker', '--timestamps')), true);
    assert.equal(whole.length, 4 + before.length + during.length + afterCut.length);
    sameLines(log.stamped(), whole, 'every line once, in order');
  });

  liveTest('a pod that no longer exists: the app says gone with the server\'s words, as kubectl does', async (env) => {
    const doomed = 'doomed';
    await apply(env, { apiVersion: 'v1', kind: 'Pod', metadata: { name: doomed, namespace: ns }, spec: { nodeSelector: { 'kubernetes.io/hostname': 'anatomy-worker' }, containers: [{ name: 'app', image: 'docker.io/library/busybox:1.36' }] } });
    // Served by the seeded ClusterLogs (every container) once it runs.
    await waitFor(async () => (await kubectl(env, ['logs', '-n', ns, doomed, '-c', 'app', '--tail=1'])).length > 0 || 'no log yet', { what: `${doomed}'s log`, timeoutMs: 60_000, intervalMs: 300 });
    const alive = await AppLog.open(handlers!, { namespace: ns, pod: doomed, container: 'app', tailLines: 10, previous: false, follow: false });
    opened.push(alive);
    await alive.read(`${doomed}'s log`);
    assert.ok(alive.lines.length > 0);

    await kubectl(env, ['delete', 'pod', '-n', ns, doomed, '--grace-period=0', '--force', '--wait=true']);
    const log = await AppLog.open(handlers!, { namespace: ns, pod: doomed, container: 'app', tailLines: 10, previous: false, follow: false });
    opened.push(log);
    await log.read('the refusal');
    assert.equal(log.chunk.phase, 'failed');
    assert.equal(log.chunk.problem?.kind, 'gone');
    assert.equal(log.chunk.problem?.status, 404);
    const refused = await run(env.kubectl, ['--kubeconfig', env.kubeconfig, 'logs', '-n', ns, doomed, '-c', 'app']).then(
      () => '',
      (error: Error) => error.message,
    );
    assert.match(refused, /NotFound/);
    assert.ok(refused.includes(log.chunk.problem!.message), `kubectl says the same: ${refused}`);
  });

  liveTest('in the page: a container\'s panel shows kubectl\'s lines with controls made visible, and follows an appended line as text', async (env) => {
    const server = await startServer({ session: session! });
    const browser = await launchBrowser();
    try {
      const { page } = await openPage(browser, server.url);
      await page.locator(`g[data-kind=pod][data-namespace="${ns}"][data-name="${POD}"], #scene-tree [data-kind=pod][data-namespace="${ns}"][data-name="${POD}"]`).first().waitFor({ state: 'attached', timeout: 60_000 });
      await page.fill('#search', POD);
      await page.press('#search', 'Enter');
      await page.waitForFunction((name) => document.getElementById('details-heading')?.textContent === name, POD, { timeout: 15_000 });
      await page.locator('#details-body button[data-link-kind=container]', { hasText: /^app$/ }).click();
      const section = `#details [data-section=logs][data-logs="${ns}/${POD}/app"]`;
      // Each row's text without the cut's mark.
      const rows = (): Promise<string[]> =>
        page.$$eval(`${section} .log-line`, (els) => els.map((r) => [...r.childNodes].filter((n) => !(n instanceof Element && n.classList.contains('log-cut'))).map((n) => n.textContent).join('')));
      const expected = kubectlLines(await kubectl(env, logsArgs('app', '--tail=500'))).map(showControls);
      await page.waitForFunction(([sel, n]) => document.querySelectorAll(`${sel} .log-line`).length >= (n as number), [section, expected.length] as const, { timeout: 30_000 });
      sameLines(await rows(), expected, 'the panel');
      assert.ok((await rows()).some((r) => r === '␛[31mred␛[0m, a bell ␇, a tab\tand a bad byte � end'), 'escapes are shown, not run');
      assert.equal(await page.locator(`${section} .log-cut`).count(), 1, 'the long line says it was cut');

      const hostile = line(at(70), '<img src=x onerror="document.title=1"> \x1b]0;title\x07 appended');
      appendFileSync(path.join(dir, 'app.log'), criLines([hostile]));
      await page.waitForFunction((sel) => (document.querySelector(`${sel} .log-line:last-child`)?.textContent ?? '').endsWith(' appended'), section, { timeout: 30_000 });
      const after = kubectlLines(await kubectl(env, logsArgs('app', '--tail=500'))).map(showControls);
      sameLines(await rows(), after, 'the panel after an appended line');
      assert.equal(await page.locator(`${section} img`).count(), 0, 'markup in a line stays text');
    } finally {
      await browser.close();
      await server.close();
    }
  });

  liveTest('a node with only its InternalIP (no loopback InternalDNS): the API server refuses the log rather than dial 172.19.x, to kubectl and the app alike', async (env) => {
    // Bound to the node by name, as the scheduler would.
    await apply(env, { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'far', namespace: ns }, spec: { nodeName: node, containers: [{ name: 'app', image: 'docker.io/library/busybox:1.36' }] } });
    const refused = await run(env.kubectl, ['--kubeconfig', env.kubeconfig, 'logs', '-n', ns, 'far', '-c', 'app']).then(
      (r) => `no refusal: ${r.stdout}`,
      (error: Error) => error.message,
    );
    assert.match(refused, /no preferred addresses found/, 'the API server looked for an InternalDNS address only');
    const log = await AppLog.open(handlers!, { namespace: ns, pod: 'far', container: 'app', tailLines: 10, previous: false, follow: false });
    opened.push(log);
    await log.read('the refusal');
    assert.equal(log.chunk.phase, 'failed');
    assert.match(log.chunk.problem?.message ?? '', /no preferred addresses found/);
    assert.ok(refused.includes(log.chunk.problem!.message), `kubectl says the same: ${refused}`);
  });
});

// ---------------------------------------------------------------- access

interface PodJson {
  metadata: { namespace: string; name: string };
  spec: { containers: { name: string }[] };
  status?: { phase?: string };
}

async function somePod(env: LiveEnv): Promise<PodJson> {
  const list = JSON.parse(await kubectl(env, ['get', 'pods', '-A', '-o', 'json'])) as { items: PodJson[] };
  // A running pod outside kube-system, which the picture draws at once.
  const pod = list.items.find((p) => p.metadata.namespace !== 'kube-system' && p.status?.phase === 'Running' && p.spec.containers.length > 0) ?? list.items[0];
  assert.ok(pod, 'the seeded cluster has pods');
  return pod;
}

/** The log as a user of this kubeconfig reads it through a session of their own. */
async function openAs(kubeconfig: string, pod: PodJson): Promise<LogsChunk> {
  const home = mkdtempSync(path.join(os.tmpdir(), 'anatomy-live-logs-'));
  const session = await openSession({ kubeconfig, env: {}, home, coalesceMs: 50 });
  try {
    await waitFor(() => session.state().connection.phase === 'live' || `connection ${session.state().connection.phase}`, { what: 'the session to be live', timeoutMs: 60_000, intervalMs: 100 });
    const log = await AppLog.open(createSessionHandlers(session, 'browser'), { namespace: pod.metadata.namespace, pod: pod.metadata.name, container: pod.spec.containers[0]!.name, tailLines: 10, previous: false, follow: true });
    await log.read('the answer', () => log.chunk.phase === 'failed' || log.chunk.phase === 'ended', 60_000);
    return log.chunk;
  } finally {
    await session.close();
    rmSync(home, { recursive: true, force: true });
  }
}

/** What kubectl logs says to the same user (its error). */
async function kubectlRefusal(env: LiveEnv, kubeconfig: string, pod: PodJson): Promise<string> {
  return run(env.kubectl, ['--kubeconfig', kubeconfig, 'logs', '-n', pod.metadata.namespace, pod.metadata.name, '-c', pod.spec.containers[0]!.name, '--tail=10']).then(
    (r) => `no refusal: ${r.stdout}`,
    (error: Error) => error.message,
  );
}

describe('container logs, live: users without pods/log', () => {
  // Not while another file restarts the API server.
  let release: (() => void) | undefined;
  before(async () => {
    if (live) release = await lockCluster('logs.test.ts (access)');
  });
  after(() => release?.());

  liveTest('a user with pods but not pods/log is told forbidden, naming pods/log, the namespace and the user, as kubectl is', async (env) => {
    const pod = await somePod(env);
    const chunk = await openAs(env.kubeconfigPodsOnly, pod);
    assert.equal(chunk.phase, 'failed');
    assert.equal(chunk.problem?.kind, 'forbidden');
    assert.equal(chunk.problem?.status, 403);
    assert.match(chunk.problem?.message ?? '', /"pods\/log"/);
    assert.match(chunk.problem?.message ?? '', new RegExp(`namespace "${pod.metadata.namespace}"`));
    assert.match(chunk.problem?.message ?? '', /anatomy-pods-reader/);
    const refused = await kubectlRefusal(env, env.kubeconfigPodsOnly, pod);
    assert.match(refused, /Forbidden/);
    assert.ok(refused.includes(chunk.problem!.message), `kubectl says the same: ${refused}`);
  });

  liveTest('a user with no access at all is told forbidden too', async (env) => {
    const pod = await somePod(env);
    const chunk = await openAs(env.kubeconfigNoAccess, pod);
    assert.equal(chunk.problem?.kind, 'forbidden');
    assert.match(chunk.problem?.message ?? '', /"pods\/log"/);
    // kubectl reads the pod before its log, so it is refused the pod already.
    assert.match(await kubectlRefusal(env, env.kubeconfigNoAccess, pod), /Forbidden/);
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
