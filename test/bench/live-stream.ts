// A live cluster's change stream at a set rate, through the path a live
// cluster's changes take, for sizes the test control plane cannot hold:
//
//   the wire     watch events (JSON text, made beforehand by stream.ts) come
//                in at `rate` a second, each due at start + i / rate; each is
//                decoded as the reflector decodes it
//   the source   queues the deltas and hands them on with the objects they
//                leave, once per event-loop turn, as the live source does with
//                the session's coalesceMs 0 (main/session/default-deps.ts)
//   the session  the real Session and its ModelPipeline: one window (four
//                times the last build's cost, 16 to 100 ms), applyDeltas,
//                the change out as a patch on 'view'
//   the server   the real browser-mode server: each patch serialized once,
//                a slow page's patches merged, over a WebSocket on loopback
//   the page     in a worker thread (stream-page.ts): the browser bridge over
//                Node's WebSocket, the page's model feed, animation frames at
//                60 Hz, the layout memo
//
// and prints the rate achieved, the CPU a change costs, and the lag of each
// change: from when it was due on the wire to when a layout that includes it
// was done, against the target of 1 s. Drawing into the DOM is not included
// (Node has none). The stream and its schedule are the same on every run for
// a seed; the times are real.
//
//   node --import tsx test/bench/live-stream.ts [--pods 5000 --nodes 100] [--large] [--rate 1000] [--seconds 30] [--seed 1]

import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { objectKey, OBJECT_LISTS, type Delta, type ObjectDelta, type ObjectList } from '../../main/model/delta.ts';
import type { ModelUpdate } from '../../main/contract/api.ts';
import { lazyObjects, type ClusterObjects, type KubeObject } from '../../main/model/kube.ts';
import type { ModelSource } from '../../main/model/types.ts';
import { startServer, type RunningServer } from '../../main/server/server.ts';
import type { LiveSourceInput } from '../../main/session/deps.ts';
import { Session } from '../../main/session/session.ts';
import type { ObjectSource, SourceHandlers } from '../../main/source/object-source.ts';
import { socketUrl } from '../../renderer/bridge/ws-bridge.ts';
import { contextList, fakes } from '../main/session/fakes.ts';
import { generateClusterObjects } from './generate.ts';
import { heading, ms, row, sessionFlags } from './stats.ts';
import { restartWithMainFlags } from '../../main/cli/main-flags.mjs';
import type { BenchMessage, PageMessage } from './stream-page.ts';
import { ClusterStream } from './stream.ts';

export interface LiveStreamOptions {
  nodes: number;
  pods: number;
  /** Changes a second. */
  rate: number;
  seconds: number;
  seed: number;
  /** Keep, for a test, the page's model at the end and the objects the stream left. */
  keepFinal?: boolean;
}

export interface LiveStreamFigures {
  changes: number;
  /** Changes a second as they went in, and as they were laid out. */
  emittedRate: number;
  laidOutRate: number;
  /** Process CPU (every thread) per change, in ms. */
  cpuPerChange: number;
  /** CPU per change of the main thread (wire, source, session) and of the page thread, in ms. */
  mainPerChange: number;
  pagePerChange: number;
  lag: { p50: number; p95: number; max: number };
  patches: number;
  patchBytes: number;
  layouts: { count: number; p50: number; p95: number };
  /** Share of the run's frames the layouts alone would drop, were they run on the page's main thread as the app runs them (drawing not counted). */
  framesDropped: number;
  /** Share of the run the layouts longer than a frame held the page's main thread: a frozen picture, however few frames that drops. */
  frozen: number;
  /** Whole models the page had to ask for again: 0 when no patch was missed. */
  fetches: number;
  /** Whole models pushed to the page during the run: 0 when every change went as a patch. */
  wholeModels: number;
  /** Changes no layout ever included, within the time allowed. */
  lost: number;
  setupMs: number;
  /** Cores of the process's CPU time per second of the run, and the machine's 1-minute load average after it: times are wall times, and mean little on a machine that was busy. */
  coresUsed: number;
  load: number;
  cores: number;
  final?: { page: ModelUpdate | undefined; objects: ClusterObjects; source: ModelSource };
}

const now = (): number => performance.timeOrigin + performance.now();

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

/** A watch event as the API server sends it, before the reflector has read it. */
export interface WireEvent {
  type: ObjectDelta['type'];
  resource: ObjectList;
  line: string;
}

/**
 * A live cluster as the session sees it: deltas first, then the objects they
 * leave (all of them, made anew each delivery, as the live source makes them
 * from its reflectors' stores).
 */
export class StreamSource implements ObjectSource {
  readonly givesDeltas = true;
  readonly description;
  private handlers: SourceHandlers | undefined;
  private readonly stores = new Map<ObjectList, Map<string, KubeObject>>(OBJECT_LISTS.map((l) => [l, new Map()]));
  private pending: Delta[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Index of the last wire event handed on. */
  handedUpTo = -1;
  private queuedUpTo = -1;

  constructor(input: LiveSourceInput, initial: ClusterObjects) {
    this.description = { kind: 'cluster' as const, name: input.context, server: `https://${input.context}.example:6443`, namespaces: input.namespaces };
    for (const resource of OBJECT_LISTS) {
      for (const object of initial[resource] ?? []) {
        const key = objectKey(resource, object);
        if (key === undefined) continue;
        this.stores.get(resource)!.set(key, object);
        this.pending.push({ type: 'added', resource, object });
      }
    }
    this.pending.push({ type: 'gaps', gaps: [], unread: [] });
  }

  start(handlers: SourceHandlers): void {
    this.handlers = handlers;
    handlers.state({ phase: 'live', since: new Date().toISOString() });
    this.schedule();
  }

  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.handlers = undefined;
  }

  objects(): ClusterObjects {
    // As the live source: each list copied from its store when first read.
    const makers: Partial<Record<ObjectList, () => KubeObject[]>> = {};
    for (const resource of OBJECT_LISTS) {
      const store = this.stores.get(resource)!;
      makers[resource] = () => [...store.values()];
    }
    return lazyObjects([], makers);
  }

  /** A decoded watch event, the `index`th of the stream. */
  queue(delta: ObjectDelta, index: number): void {
    const key = objectKey(delta.resource, delta.object);
    if (key === undefined) return;
    const store = this.stores.get(delta.resource)!;
    if (delta.type === 'deleted') store.delete(key);
    else store.set(key, delta.object);
    this.pending.push(delta);
    this.queuedUpTo = index;
    this.schedule();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.deliver(), 0);
  }

  private deliver(): void {
    this.timer = undefined;
    const handlers = this.handlers;
    if (!handlers) return;
    const objects = this.objects();
    const deltas = this.pending;
    this.pending = [];
    this.handedUpTo = this.queuedUpTo;
    handlers.deltas?.(deltas);
    handlers.objects(objects);
  }
}

/** The stream up to the server, as live-stream.ts and browser-stream.ts both run it. */
export interface OpenStream {
  wire: WireEvent[];
  total: number;
  /** The session's live source, once it has made it. */
  source: () => StreamSource;
  /** Revision → the last wire event it includes: a revision is made of every delta handed on before it. */
  upTo: Map<number, number>;
  /** Revision → when the session handed it to the server (the clock of `now`). */
  viewAt: Map<number, number>;
  session: Session;
  server: RunningServer;
}

/** The wire's events made, and the real Session (on a StreamSource) and browser-mode server started; the caller closes both. */
export async function openStream(
  options: { nodes: number; pods: number; rate: number; seconds: number; seed: number },
  where: { home: string; root?: string },
): Promise<OpenStream> {
  const total = Math.round(options.rate * options.seconds);
  const objects = generateClusterObjects({ nodes: options.nodes, pods: options.pods, seed: options.seed });
  // The events are made and serialized before the clock runs: making them is the API server's work, not the app's.
  const wire = streamWire(objects, { seed: options.seed, rate: options.rate, total });

  let source: StreamSource | undefined;
  const f = fakes(contextList(['bench'], 'bench'));
  f.deps.createLiveSource = (input) => (source = new StreamSource(input, objects));
  const upTo = new Map<number, number>();
  const viewAt = new Map<number, number>();
  const session = await Session.open({ env: {}, home: where.home, namespaces: [], connectTimeoutMs: 3_600_000 }, f.deps);
  session.on('view', (view) => {
    upTo.set(view.payload.revision, source?.handedUpTo ?? -1);
    viewAt.set(view.payload.revision, now());
  });
  const server = await startServer({ session, ...(where.root ? { root: where.root } : {}) });
  const sourceMade = (): StreamSource => {
    if (!source) throw new Error('the session has made no live source yet');
    return source;
  };
  return { wire, total, source: sourceMade, upTo, viewAt, session, server };
}

/** The session's first model from the cluster's objects (it may show another, the demo, while it connects). */
export async function firstClusterModel(session: Session): Promise<ModelUpdate> {
  const isFirst = () => session.model()?.model.source.kind === 'cluster';
  for (let waited = 0; waited < 600_000 && !isFirst(); waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
  const first = session.model();
  if (!first || !isFirst()) throw new Error("the session made no model from the cluster's first objects");
  return first;
}

/**
 * The wire's events into the source at `rate` a second, the `i`th due at
 * t0 + i / rate (t0: when called), each decoded as the reflector decodes it;
 * done when all are in.
 */
export async function emitWire(
  wire: WireEvent[],
  rate: number,
  source: StreamSource,
): Promise<{ t0: number; due: (i: number) => number; emitted: number; lastEmission: number }> {
  const total = wire.length;
  const t0 = now();
  const due = (i: number): number => t0 + (i * 1000) / rate;
  let emitted = 0;
  let lastEmission = t0;
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const until = Math.min(total, Math.floor(((now() - t0) * rate) / 1000) + 1);
      for (; emitted < until; emitted++) {
        const e = wire[emitted];
        source.queue({ type: e.type, resource: e.resource, object: JSON.parse(e.line) as KubeObject }, emitted);
      }
      lastEmission = now();
      if (emitted >= total) resolve();
      else setTimeout(tick, Math.max(0, due(emitted) - now()));
    };
    tick();
  });
  return { t0, due, emitted, lastEmission };
}

/** The stream's first `total` watch events over `objects`, serialized as the API server sends them (also browser-stream.ts's). */
export function streamWire(objects: ClusterObjects, options: { seed: number; rate: number; total: number }): WireEvent[] {
  const wire: WireEvent[] = [];
  const stream = new ClusterStream(objects, { seed: options.seed, msPerChange: 1000 / options.rate });
  for (let i = 0; i < options.total; i++) {
    const d = stream.next();
    wire.push({ type: d.type, resource: d.resource, line: JSON.stringify(d.object) });
  }
  return wire;
}

export async function runLiveStream(options: LiveStreamOptions): Promise<LiveStreamFigures> {
  const setupStarted = performance.now();
  // The server wants the built page's folder; the bench's page loads nothing from it, so a stand-in will do.
  const root = mkdtempSync(path.join(tmpdir(), 'kube-anatomy-stream-'));
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>kube-anatomy live-stream bench</title>\n');
  const { wire, total, source, upTo, session, server } = await openStream(options, { home: '/nonexistent', root });
  // The cluster's first model (the session may show another, the demo, while it connects), made before the
  // page connects: the server pushes it to the page (stream-page.ts).
  await firstClusterModel(session);
  const page = new Worker(new URL('./stream-page.ts', import.meta.url), { workerData: { url: socketUrl({ protocol: 'http:', host: `127.0.0.1:${server.port}` }, server.token) } });
  const pageError = new Promise<never>((_, reject) => page.once('error', reject));
  page.postMessage({ type: 'connect' } satisfies BenchMessage);

  const laid: { revision: number; doneAt: number }[] = [];
  let connected = false;
  let onLaid: (() => void) | undefined;
  let reply: ((m: PageMessage) => void) | undefined;
  page.on('message', (m: PageMessage) => {
    if (m.type === 'laid') {
      laid.push({ revision: m.revision, doneAt: m.doneAt });
      onLaid?.();
    } else if (m.type === 'connected') {
      connected = true;
      onLaid?.();
    } else reply?.(m);
  });
  const ask = <T extends PageMessage['type']>(type: T & BenchMessage['type']): Promise<Extract<PageMessage, { type: T }>> =>
    Promise.race([
      pageError,
      new Promise<Extract<PageMessage, { type: T }>>((resolve) => {
        reply = (m) => {
          if (m.type === type) resolve(m as Extract<PageMessage, { type: T }>);
        };
        page.postMessage({ type } as BenchMessage);
      }),
    ]);

  const waitFor = (done: () => boolean, timeoutMs: number): Promise<boolean> =>
    Promise.race([
      pageError,
      new Promise<boolean>((resolve) => {
        const timeout = setTimeout(() => {
          onLaid = undefined;
          resolve(false);
        }, timeoutMs);
        const check = (): void => {
          if (!done()) return;
          clearTimeout(timeout);
          onLaid = undefined;
          resolve(true);
        };
        onLaid = check;
        check();
      }),
    ]);

  try {
    // The first model, whole, laid out once: the state a live session is in when changes start.
    if (!(await waitFor(() => laid.length > 0 && connected, 600_000))) throw new Error('the first model was never laid out, or the page never connected');
    const setupMs = performance.now() - setupStarted;
    laid.length = 0;
    const firstRevision = session.model()?.revision ?? 0;

    // ---------------------------------------------------------------- the run
    const cpu = process.cpuUsage();
    const mainCpu = process.threadCpuUsage();
    page.postMessage({ type: 'mark' } satisfies BenchMessage);
    const { t0, due, emitted, lastEmission } = await emitWire(wire, options.rate, source());
    // Every change laid out, or the time allowed gone.
    const covered = (): number => {
      let most = -1;
      for (const l of laid) if (l.revision > firstRevision) most = Math.max(most, upTo.get(l.revision) ?? -1);
      return most;
    };
    await waitFor(() => covered() >= total - 1, 60_000 + options.seconds * 1000);
    const cpuUsed = process.cpuUsage(cpu);
    const mainUsed = process.threadCpuUsage(mainCpu);

    // Each change's lag: to the first layout done of a revision that includes it.
    const lags: number[] = [];
    let next = 0;
    let lastDone = t0;
    for (const l of laid) {
      const last = upTo.get(l.revision) ?? -1;
      for (; next <= last && next < total; next++) lags.push(l.doneAt - due(next));
      if (last >= 0) lastDone = Math.max(lastDone, l.doneAt);
    }
    const lost = total - lags.length;
    lags.sort((a, b) => a - b);
    const pageStats = await ask('stats');
    const layoutTimes = pageStats.layouts.sort((a, b) => a - b);
    // As the target counts them, with a requestAnimationFrame loop running all along: a frame is dropped when
    // two frames are more than 25 ms apart, as they are after a layout longer than a frame (the next comes a
    // vsync or more late); the other frames come every 1/60 s.
    const frameMs = 1000 / 60;
    const long = layoutTimes.filter((l) => l > frameMs);
    const frames = Math.max(1, (lastDone - t0 - long.reduce((sum, l) => sum + l, 0)) / frameMs + long.length);
    const dropped = long.length;
    const final = options.keepFinal ? { page: (await ask('model')).update, objects: source().objects(), source: session.model()!.model.source } : undefined;
    return {
      changes: total,
      emittedRate: (emitted * 1000) / Math.max(1, lastEmission - t0),
      laidOutRate: (lags.length * 1000) / Math.max(1, lastDone - t0),
      cpuPerChange: (cpuUsed.user + cpuUsed.system) / 1000 / total,
      mainPerChange: (mainUsed.user + mainUsed.system) / 1000 / total,
      pagePerChange: pageStats.cpuMs / total,
      lag: { p50: quantile(lags, 0.5), p95: quantile(lags, 0.95), max: lags[lags.length - 1] ?? NaN },
      patches: pageStats.patches,
      patchBytes: pageStats.bytes,
      layouts: { count: layoutTimes.length, p50: quantile(layoutTimes, 0.5), p95: quantile(layoutTimes, 0.95) },
      framesDropped: Math.min(1, dropped / frames),
      frozen: Math.min(1, long.reduce((sum, l) => sum + l, 0) / Math.max(1, lastDone - t0)),
      fetches: pageStats.fetches,
      wholeModels: pageStats.models,
      lost,
      setupMs,
      coresUsed: (cpuUsed.user + cpuUsed.system) / 1000 / Math.max(1, lastDone - t0),
      load: loadavg()[0],
      cores: availableParallelism(),
      ...(final ? { final } : {}),
    };
  } finally {
    await page.terminate();
    await server.close();
    await session.close();
    rmSync(root, { recursive: true, force: true });
  }
}

const TARGET_LAG_MS = 1000;

/** A change costs well under a millisecond: ms() would print 0.2 ms for anything from 150 to 249 µs. */
function fine(value: number): string {
  return value < 1 ? `${(value * 1000).toFixed(0)} µs` : ms(value);
}

export function printLiveStream(options: LiveStreamOptions, f: LiveStreamFigures): void {
  heading(
    `Live change stream, ${options.pods.toLocaleString('en')} pods / ${options.nodes.toLocaleString('en')} nodes: ${options.rate.toLocaleString('en')} changes/s for ${options.seconds} s (seed ${options.seed}; set up in ${ms(f.setupMs)})`,
  );
  console.log('  wire → source → session (16–100 ms window by build cost, applyDeltas, patch) → server → WebSocket → page thread (bridge, model feed, 60 Hz frames, layout memo); no DOM drawing');
  const rate = (r: number) => `${Math.round(r).toLocaleString('en')}/s`;
  row('changes sent, rate achieved', f.changes.toLocaleString('en'), rate(f.emittedRate), `target ${rate(options.rate)}`);
  row('changes laid out, rate achieved', (f.changes - f.lost).toLocaleString('en'), rate(f.laidOutRate), f.lost > 0 ? `${f.lost} never` : '');
  row('CPU per change (process, all threads)', fine(f.cpuPerChange));
  row('CPU per change: main thread, page thread', fine(f.mainPerChange), fine(f.pagePerChange));
  row('patches the page got (changes each, KB each)', String(f.patches), (f.changes / Math.max(1, f.patches)).toFixed(0), (f.patchBytes / Math.max(1, f.patches) / 1024).toFixed(0));
  row('layouts (median, p95)', String(f.layouts.count), ms(f.layouts.p50), ms(f.layouts.p95));
  row('frames the layouts alone would drop; time frozen', `${(f.framesDropped * 100).toFixed(1)} %`, `${(f.frozen * 100).toFixed(1)} %`, 'target ≤ 10 % dropped');
  if (f.fetches > 0 || f.wholeModels > 0) row('whole models: pushed, asked for again', String(f.wholeModels), String(f.fetches));
  const verdict = f.lost === 0 && f.lag.max <= TARGET_LAG_MS ? 'within 1 s' : `over the 1 s target`;
  row('lag, due on the wire → laid out: p50 p95 max', ms(f.lag.p50), ms(f.lag.p95), ms(f.lag.max), verdict);
  console.log(`  (the bench used ${f.coresUsed.toFixed(2)} of ${f.cores} cores; load average ${f.load.toFixed(1)} after the run: above ${f.cores} the lag is the machine's as much as the app's)`);
  console.log(`  (the session ran in this process, ${sessionFlags()})`);
}

export async function benchLiveStream(options: { large: boolean; quick: boolean }): Promise<void> {
  const seconds = options.quick ? 10 : 30;
  const sizes = [{ nodes: 100, pods: 5000 }, ...(options.large ? [{ nodes: 1000, pods: 100_000 }] : [])];
  for (const size of sizes) {
    const o: LiveStreamOptions = { ...size, rate: 1000, seconds, seed: 1 };
    printLiveStream(o, await runLiveStream(o));
  }
  if (!options.large) console.log('  (100,000 pods on 1,000 nodes: pass --large)');
}

/** The stream benches' numbers (--nodes, --pods, --rate, --seconds, --seed, each > 0) and `paths` (made absolute) from argv over the defaults `o`; --large is the caller's. */
export function streamArgs<O extends { nodes: number; pods: number; rate: number; seconds: number; seed: number }>(argv: string[], o: O, usage: string, paths: ReadonlyArray<keyof O & string> = []): O {
  for (let i = 0; i < argv.length; i++) {
    const key = argv[i];
    if (key === '--large') continue;
    const option = key?.slice(2) as keyof O & string;
    if (key?.startsWith('--') && paths.includes(option) && argv[i + 1]) {
      (o as Record<string, unknown>)[option] = path.resolve(argv[++i]);
      continue;
    }
    const name = key?.slice(2) as 'nodes' | 'pods' | 'rate' | 'seconds' | 'seed';
    const value = Number(argv[i + 1]);
    if (!key?.startsWith('--') || !['nodes', 'pods', 'rate', 'seconds', 'seed'].includes(name) || !(value > 0)) {
      throw new Error(`usage: ${usage} (bad argument ${key} ${argv[i + 1] ?? ''})`);
    }
    o[name] = value as O[typeof name];
    i++;
  }
  return o;
}

function cli(argv: string[]): LiveStreamOptions {
  const large = argv.includes('--large');
  const o: LiveStreamOptions = { nodes: large ? 1000 : 100, pods: large ? 100_000 : 5000, rate: 1000, seconds: 30, seed: 1 };
  return streamArgs(argv, o, 'live-stream.ts [--large] [--pods N --nodes N] [--rate N] [--seconds N] [--seed N]');
}

const entry = process.argv[1];
if (entry !== undefined && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))) {
  // The session runs in this process: with the heap flags serve and Electron's main process run with.
  restartWithMainFlags();
  try {
    const options = cli(process.argv.slice(2));
    printLiveStream(options, await runLiveStream(options));
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  }
}
