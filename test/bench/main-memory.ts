// The main process's memory at 100,000 pods on 1,000 nodes, in browser mode:
// the real `kube-anatomy serve --snapshot big.json` in a process of its own,
// and a page connected to it. Target: main-process RSS at most 1 GB.
//
//   npm run bench -- --large          # with the rest of the bench
//   node --import tsx test/bench/main-memory.ts [--pods 100000 --nodes 1000] [--snapshot FILE] [--idle-ms 10000]
//
// Needs the bundle (`node main/tools/build.mjs`; npm install makes it). The
// snapshot is compact JSON from generate.ts, written by a child process so
// this one stays small (or --snapshot names one). The page is the browser
// bridge's WebSocket protocol (renderer/bridge/ws-bridge.ts) spoken from here:
// it takes the session and the model the server pushes to a page that connects (a
// page asks for neither), and stays connected; the drawing itself is the renderer's, in Chromium, not
// this process's. RSS and its peak (VmHWM, the kernel's own high-water mark)
// are read from /proc/<pid>/status every 50 ms (Linux only), and printed:
//   - at load: when the URL is printed (the snapshot is read and modelled);
//   - when the page has its first model (the session summarized and sent it);
//   - after the page has been connected and idle for --idle-ms.
// The load average is printed beside them: a busy machine changes when V8
// collects, and so the peaks.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import { wireChannel } from '../../main/contract/bridge.ts';
import { isModelPart, streamAssembler } from '../../main/contract/wire.ts';
import { heading, mib, ms, row } from './stats.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(root, 'main/cli/bin.mjs');
const bundle = path.join(root, 'dist/cli/main.mjs');

export const MAIN_RSS_TARGET = 1024 * 1024 * 1024;

export interface MainMemoryOptions {
  pods?: number;
  nodes?: number;
  /** A snapshot to serve instead of generating one. */
  snapshot?: string;
  /** How long the connected page stays idle before the last reading. */
  idleMs?: number;
}

interface Reading {
  rss: number;
  peak: number;
}

/** VmRSS and VmHWM of a process, in bytes; undefined when /proc cannot tell (gone, or not Linux). */
function readStatus(pid: number): Reading | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
    const peak = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1]);
    return Number.isFinite(rss) && Number.isFinite(peak) ? { rss: rss * 1024, peak: peak * 1024 } : undefined;
  } catch {
    return undefined;
  }
}

/** Samples a process's RSS while it runs; `at()` is the reading now, with the highest RSS seen by either count. */
function sampler(pid: number) {
  let highest = 0;
  const take = (): Reading | undefined => {
    const r = readStatus(pid);
    if (r) highest = Math.max(highest, r.rss, r.peak);
    return r && { rss: r.rss, peak: Math.max(r.peak, highest) };
  };
  const timer = setInterval(take, 50);
  return {
    at: take,
    stop: () => clearInterval(timer),
  };
}

/** Resolves with the first line the process prints on stdout (serve prints its URL once it listens). */
function firstLine(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl !== -1) resolve(out.slice(0, nl).trim());
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before printing its URL: ${stderr().trim()}`)));
  });
}

/**
 * A page as the browser bridge is one: the server pushes it the session's
 * state and model unasked when it connects (main/server/server.ts), which it
 * waits for as the page does; asking for the model as well would have the
 * server make and send it twice at once.
 */
async function connectPage(url: string): Promise<{ pushed(channel: 'session' | 'model'): Promise<{ bytes: number }>; close(): void }> {
  const http = new URL(url);
  const token = http.searchParams.get('token') ?? '';
  // A whole model of 100,000 pods is far beyond ws's default 100 MiB message limit.
  const ws = new WebSocket(`ws://${http.host}/ws?token=${encodeURIComponent(token)}`, { maxPayload: 2 ** 31 });
  // Waited for, and listened to, before the socket opens: the server pushes as soon as it has the connection,
  // and ws may hand on a message that came with the handshake before an await after 'open' resumes.
  const pending = new Map<string, { resolve(reply: { bytes: number }): void; reject(error: Error): void }>();
  const arrivals = new Map<string, Promise<{ bytes: number }>>(
    (['session', 'model'] as const).map((channel) => [wireChannel(channel), new Promise((resolve, reject) => pending.set(wireChannel(channel), { resolve, reject }))]),
  );
  for (const arrival of arrivals.values()) arrival.catch(() => {});
  // A large model comes in parts (main/contract/wire.ts), put together as the bridge does.
  const assembler = streamAssembler();
  let bytes = 0;
  ws.on('message', (data: Buffer) => {
    bytes += data.length;
    let message = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    if (isModelPart(message)) {
      const accepted = assembler.accept(message);
      if (accepted.kind === 'waiting') return;
      if (accepted.kind === 'error') {
        for (const call of pending.values()) call.reject(new Error(`a model in parts could not be read: ${accepted.error}`));
        pending.clear();
        return;
      }
      message = accepted.message;
    }
    const waiter = typeof message.event === 'string' ? pending.get(message.event) : undefined;
    if (!waiter) return;
    pending.delete(message.event as string);
    waiter.resolve({ bytes });
    bytes = 0;
  });
  ws.on('close', () => {
    for (const call of pending.values()) call.reject(new Error('the server closed the page'));
    pending.clear();
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    pushed: (channel) => arrivals.get(wireChannel(channel))!,
    close: () => ws.close(),
  };
}

function load(): string {
  return os.loadavg()[0]!.toFixed(2);
}

function figure(label: string, reading: Reading | undefined, extra = ''): void {
  if (!reading) {
    row(label, 'n/a (no /proc)');
    return;
  }
  const ratio = (reading.peak / MAIN_RSS_TARGET).toFixed(2);
  row(label, `${mib(reading.rss)} RSS`, `${mib(reading.peak)} peak`, `${ratio}x target`, extra);
}

export async function benchMainMemory(options: MainMemoryOptions = {}): Promise<void> {
  const pods = options.pods ?? 100_000;
  const nodes = options.nodes ?? 1000;
  const idleMs = options.idleMs ?? 10_000;
  if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`node main/tools/build.mjs\` first`);
  const dir = options.snapshot ? undefined : mkdtempSync(path.join(os.tmpdir(), 'kube-anatomy-bench-memory-'));
  const snapshot = options.snapshot ?? path.join(dir!, `cluster-${pods}.json`);
  let child: ChildProcess | undefined;
  try {
    heading(`Main-process memory, serve with a page, ${options.snapshot ? path.basename(snapshot) : `${pods.toLocaleString('en')} pods on ${nodes.toLocaleString('en')} nodes`} (target ≤ ${mib(MAIN_RSS_TARGET)} RSS)`);
    if (!options.snapshot) {
      const generated = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'test/bench/generate.ts'), '--nodes', String(nodes), '--pods', String(pods), '--out', snapshot], {
        cwd: root,
        encoding: 'utf8',
      });
      if (generated.status !== 0) throw new Error(`generate.ts failed: ${generated.stderr}`);
    }
    console.log(`  snapshot: ${mib(statSync(snapshot).size)} of JSON; load average ${load()} at the start`);

    const started = performance.now();
    // The server's own home, so no user's kubeconfig or cache is read or written.
    const home = mkdtempSync(path.join(os.tmpdir(), 'kube-anatomy-bench-home-'));
    child = spawn(process.execPath, [bin, 'serve', '--snapshot', snapshot], {
      cwd: root,
      env: { ...process.env, HOME: home, KUBECONFIG: path.join(home, 'none') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const rss = sampler(child.pid!);
    try {
      const url = await firstLine(child, () => stderr);
      const loaded = performance.now() - started;
      figure(`loaded, URL printed (${ms(loaded)}; load ${load()})`, rss.at());

      const page = await connectPage(url);
      const asked = performance.now();
      await page.pushed('session');
      const model = await page.pushed('model');
      const pagedIn = performance.now() - asked;
      figure(`page has its first model (${ms(pagedIn)}; load ${load()})`, rss.at(), `${mib(model.bytes)} received`);

      await new Promise((resolve) => setTimeout(resolve, idleMs));
      figure(`page connected, ${ms(idleMs)} idle (load ${load()})`, rss.at());
      page.close();
    } finally {
      rss.stop();
      rmSync(home, { recursive: true, force: true });
    }
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    if (dir) rmSync(dir, { recursive: true, force: true });
  }
}

function cli(argv: string[]): MainMemoryOptions {
  const usage = 'usage: main-memory.ts [--pods N] [--nodes N] [--snapshot FILE] [--idle-ms N]';
  const options: MainMemoryOptions = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${usage} (bad argument ${key})`);
    if (key === '--pods') options.pods = Number(value);
    else if (key === '--nodes') options.nodes = Number(value);
    else if (key === '--snapshot') options.snapshot = path.resolve(value);
    else if (key === '--idle-ms') options.idleMs = Number(value);
    else throw new Error(`${usage} (bad argument ${key})`);
  }
  return options;
}

const entry = process.argv[1];
if (entry !== undefined && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))) {
  await benchMainMemory(cli(process.argv.slice(2)));
}
