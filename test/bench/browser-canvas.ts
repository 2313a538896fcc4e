// The canvas renderer against the SVG one, in real Chromium (1440×900, no GPU
// here: canvas 2D runs in Skia on the CPU), for the targets of issue 8 at
// large sizes: the overview drawn within 5 s of opening a snapshot; a
// scripted zoom from the overview to one pod, pans, and a zoom back out with
// at most 5 % of frames dropped (two requestAnimationFrame timestamps more
// than 25 ms apart) and the work of a frame p95 ≤ 8 ms; renderer JS heap
// ≤ 500 MB; main-process RSS ≤ 1 GB. Printed, never asserted.
//
//   node --import tsx test/bench/browser-canvas.ts [--quick] [--large] [--pods=100000,…] [--root=DIR,…] [--profile=FILE]
//
// --pods opens only the sizes listed (of those below), e.g. --large --pods=100000;
// a size not below is drawn by both renderers, on a node for each 50 pods.
// --root serves the page built in each DIR instead of dist/renderer, one
// after the other on the same snapshot and session: two builds compared side
// by side in one run (the machine's load changes less between them).
// --profile writes the page's CPU profile of its opening, FILE-0.open.cpuprofile,
// and of each scripted move, FILE-0.cpuprofile
// for the first page opened (the first DIR), FILE-1… for the next, and beside
// each its paints ('ka-paint': when, how long, what it did) as FILE-0.paints.json.
//
// Sizes: 5,000 pods on 100 nodes drawn by each renderer (localStorage
// `kube-anatomy.renderer`), side by side, then 20,000 / 200 (auto → canvas)
// and with --large 50,000 / 500 and 100,000 / 1,000. A size the page cannot
// receive or hold is reported (what happened, and how large the model
// message was) and the next one is tried. Snapshots are written by a child
// process; this process is the server, so its RSS is the main process's
// (with the bench's own DevTools client and pod lookup in it).
//
// Chromium is driven over the DevTools protocol directly (cdp.ts), not
// through Playwright as browser.ts does: Playwright has Chromium copy every
// WebSocket frame into this process, and at 100,000 pods the model is one
// 387 MB frame (measured: 17–27 s to drawn and 2.9 GB server RSS that way,
// 9.4 s and 2.1 GB without).
//
// Open → drawn is timed twice: by this process (navigation until its check
// sees the picture complete) and by the page's clock (navigation start until
// the check ran true). They differ when this process itself is held up, so
// its event-loop delay and garbage collections are printed too, with where
// the page's time went: the socket open and the model asked for, when the
// model's messages arrived (above 20,000 pods it comes in parts,
// main/contract/wire.ts) and how long their handlers (JSON.parse, putting
// parts together) took, the WebSocket closing, the canvas's first paint and
// the longest frames. What the server process's RSS rose by while the page
// opened is sampled too: that is what sending the model cost it.
//
// How the script finds its pod: the canvas is one image, and the accessible
// tree beside it has no coordinates. The layout is deterministic (text is
// measured from font tables, not the DOM), so this process lays the session's
// model out as the page did (the detail the page reports, the aspect of its
// view) and places a pod near the middle on screen with the page's
// transform. On the SVG renderer the pod's element says where it really is,
// and the bench prints how far apart the two were. A wheel gesture zooms
// about the pointer, and the relayout at its end keeps the object under the
// pointer where it was (renderer/app/semantic.ts), so the pod stays there.
//
// What a frame cost: the canvas's own 'ka-paint' measure
// (renderer/app/scene-surface.ts), and the gaps after the frames that
// painted (they hold the raster after the measure, and leave out the idle
// frames between two wheel events). The relayouts at the end of a zoom are
// in no paint, so the long tasks (over 50 ms) are printed beside them, with
// the longest gap and the frames missed in all (a gap of 500 ms is one
// dropped interval by the issue's rule, but some 30 frames not shown).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { wireChannel } from '../../main/contract/bridge.ts';
import type { ModelUpdate } from '../../main/contract/api.ts';
import { modelParts, PODS_PER_PART } from '../../main/contract/wire.ts';
import { startServer, type RunningServer } from '../../main/server/server.ts';
import { eventMessage } from '../../main/server/protocol.ts';
import { SUMMARY_FROM_PODS, summarizeUpdate } from '../../main/model/summary.ts';
import { openSession } from '../../main/session/index.ts';
import type { Session } from '../../main/session/session.ts';
import { fitAspect } from '../../renderer/app/zoom.ts';
import { layoutCluster } from '../../renderer/layout/cluster.ts';
import { CANVAS_LEVEL_BUDGET, LEVEL_BUDGET, levelAt } from '../../renderer/layout/lod.ts';
import { WARM_FROM_PODS } from '../../renderer/app/semantic.ts';
import { CARD, COMPACT, POD } from '../../renderer/layout/metrics.ts';
import type { Detail } from '../../renderer/layout/types.ts';
import { launchCdpBrowser, type CdpBrowser, type CdpPage } from './cdp.ts';
import { heading, median, mib, ms, row, sessionFlags } from './stats.ts';
import { restartWithMainFlags } from '../../main/cli/main-flags.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

type Choice = 'auto' | 'svg' | 'canvas';

interface Case {
  pods: number;
  nodes: number;
  renderer: Choice;
}

/** d3-zoom's scale extent in renderer/app/zoom.ts: a zoom in stops there. */
const MAX_SCALE = 6;
/** The issue's rule: two animation frames further apart than this are a dropped frame. */
const DROPPED_MS = 25;
const FRAME_MS = 1000 / 60;
/** How long the tour waits for the page's 'ka-warmed' mark before it goes on without it. */
const WARMED_WAIT_MS = 30_000;
/** The issue's target for the work of a frame (p95). */
const TARGET_FRAME_MS = 8;
/** d3-zoom ends a wheel gesture 150 ms after its last event; the relayout happens then. */
const WHEEL_IDLE_MS = 150;
/** How long the page may take to draw a size before the bench gives up on it. */
const DRAW_TIMEOUT_MS = 300_000;

interface Script {
  /** Wheel events each way, and the time they are spread over. */
  wheels: number;
  wheelMs: number;
  /** Drags at the pod, each there and back. */
  drags: number;
  dragSteps: number;
  idleMs: number;
}

const FULL: Script = { wheels: 30, wheelMs: 2000, drags: 2, dragSteps: 24, idleMs: 1000 };
const QUICK: Script = { wheels: 15, wheelMs: 1000, drags: 1, dragSteps: 16, idleMs: 500 };

interface Drawn {
  ms: number;
  renderer: string;
  heap: number;
  rss: number;
  load: Load;
  /** The longest this process (the server, and the bench's DevTools client) could not run its event loop while the page opened. */
  loopMaxMs: number;
  /** Garbage collections in this process while the page opened: their durations. */
  gcMs: number[];
  /** This process's RSS before navigating, and the most it reached (sampled) until drawn. */
  rssBefore: number;
  rssPeak: number;
}

interface Move {
  /** rAF timestamps while the script ran, and while the page was left alone before it. */
  frames: number[];
  idle: number[];
  /** Each 'ka-paint': when it started (page clock) and how long it took. */
  paints: Paint[];
  longTasks: number[];
  /** Long tasks from the complete drawing to the scripted move: the warm-up's (renderer/app/semantic.ts). */
  afterDrawn: number[];
  /** From the complete drawing to the page's 'ka-warmed' mark, when there was one (page clock). */
  warmedIn?: number;
  heap: number;
  /** The JS heap after the move and a full garbage collection: what the page keeps. */
  liveHeap: number;
  /** Scale at the overview, aimed at, and reached when zoomed in; the level shown there. */
  k0: number;
  kTarget: number;
  kIn: number;
  levelIn: string;
  /** How far (px) the pod's element was from where this process placed it (SVG only). */
  offBy?: number;
}

/** A 'ka-paint' measure: when (page clock), how long, and what the paint did (its detail, renderer/app/scene-surface.ts). */
interface Paint {
  start: number;
  ms: number;
  detail?: { level?: string; k?: number; texts?: number; rendered?: number; labels?: number; stale?: number; items?: number };
}

function delay(msecs: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, msecs));
}

/** Waits until `at` (performance.now() time): paces the script's input at a human's rate. */
async function until(at: number): Promise<void> {
  const left = at - performance.now();
  if (left > 0) await delay(left);
}

function quantile(values: number[], q: number): number {
  if (!values.length) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function gaps(frames: number[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < frames.length; i++) out.push(frames[i] - frames[i - 1]);
  return out;
}

/**
 * The gaps after frames in which the canvas painted: a paint started in
 * [frames[i], frames[i + 1]) makes that gap a painted frame's. The canvas
 * rasterizes what was painted after the paint's own measure (in software,
 * here), so these gaps say what a moving frame cost in all; and they leave
 * out the idle frames between two wheel events, which pad the overall share.
 */
function paintedGaps(frames: number[], paints: Array<{ start: number }>): number[] {
  const starts = paints.map((p) => p.start).sort((a, b) => a - b);
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i + 1 < frames.length; i++) {
    while (j < starts.length && starts[j] < frames[i]) j++;
    if (j < starts.length && starts[j] < frames[i + 1]) out.push(frames[i + 1] - frames[i]);
  }
  return out;
}

function pct(part: number, whole: number): string {
  return whole > 0 ? `${((100 * part) / whole).toFixed(1)} %` : '—';
}

function count(n: number): string {
  return n.toLocaleString('en');
}

/**
 * A full garbage collection in this process, so that what the sizes before
 * left behind does not count in the next one's resident size. Node keeps
 * gc() behind a flag; it can be set at run time and the function taken from a
 * fresh context.
 */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/** Peak resident size of this process (the server and its session), from the kernel; undefined without /proc. */
function peakRss(): number | undefined {
  try {
    const kib = Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1]);
    return Number.isFinite(kib) ? kib * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Writes the snapshot in a child process, so that this one (the server) holds only what the session reads. */
function generate(dir: string, pods: number, nodes: number): { file: string; bytes: number; ms: number } {
  const file = path.join(dir, `cluster-${pods}.json`);
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'test/bench/generate.ts'), '--nodes', String(nodes), '--pods', String(pods), '--out', file], {
    cwd: root,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`generate.ts failed (${result.status}): ${result.stderr.trim()}`);
  return { file, bytes: statSync(file).size, ms: performance.now() - started };
}

async function waitForModel(session: Session): Promise<ModelUpdate> {
  const deadline = performance.now() + DRAW_TIMEOUT_MS;
  while (performance.now() < deadline) {
    const update = session.model();
    if (update) return update;
    await delay(50);
  }
  throw new Error(`the session built no model within ${DRAW_TIMEOUT_MS / 1000} s`);
}

/**
 * What a page is sent of the model (the session's view of it: summarized
 * above 20,000 pods, and then in parts), or why it cannot be made.
 */
function modelMessageSize(session: Session): string {
  try {
    const update = session.model();
    if (!update) return 'none';
    const started = performance.now();
    if (update.model.stats.pods > SUMMARY_FROM_PODS) {
      let bytes = 0;
      let parts = 0;
      // As the server makes them: each pod summarized as its part is.
      for (const text of modelParts(1, { event: wireChannel('model') }, update, PODS_PER_PART, true)) {
        bytes += Buffer.byteLength(text);
        parts += 1;
      }
      return `in ${parts} parts, ${mib(bytes)} (made in ${ms(performance.now() - started)})`;
    }
    const message = eventMessage(wireChannel('model'), summarizeUpdate(update));
    return `${mib(Buffer.byteLength(message))} (made in ${ms(performance.now() - started)})`;
  } catch (error) {
    return `not made: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/**
 * Installed before the app's own scripts: when each large WebSocket message
 * arrived and how long the page's handler of it (ws-bridge: JSON.parse, then
 * the model feed) took, and the long tasks while the page loads. Says where
 * the time from opening to drawn goes.
 */
const LOAD_RECORDER = `(() => {
  const load = { messages: [], closes: [], longTasks: [], tasks: [], frames: [], stop: false };
  window.__kaLoad = load;
  const tick = (t) => {
    load.frames.push(t);
    if (!load.stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        load.longTasks.push(e.duration);
        // Kept with their start, for the ones after the drawing (the warm-up's, before the scripted move).
        load.tasks.push({ start: e.startTime, ms: e.duration });
      }
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task timing: the messages still tell.
  }
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (load.askedAt === undefined && typeof data === 'string' && data.includes('"anatomy:model:get"')) load.askedAt = performance.now();
    return send.call(this, data);
  };
  const add = WebSocket.prototype.addEventListener;
  const remove = WebSocket.prototype.removeEventListener;
  // Each listener's stand-in, so that removing the listener removes it (the boot script's is removed once the bridge takes its socket).
  const wrapped = new WeakMap();
  WebSocket.prototype.removeEventListener = function (type, listener, options) {
    return remove.call(this, type, (type === 'message' && wrapped.get(listener)) || listener, options);
  };
  WebSocket.prototype.addEventListener = function (type, listener, options) {
    if (type === 'open' && load.openAt === undefined) add.call(this, 'open', () => (load.openAt = performance.now()));
    if (type === 'close' && typeof listener === 'function') {
      add.call(this, 'close', (event) => load.closes.push({ at: performance.now(), code: event.code, reason: event.reason }));
    }
    if (type !== 'message' || typeof listener !== 'function') return add.call(this, type, listener, options);
    const standIn = function (event) {
      const at = performance.now();
      try {
        return listener.call(this, event);
      } finally {
        const chars = typeof event.data === 'string' ? event.data.length : 0;
        if (chars > 100000) load.messages.push({ at, ms: performance.now() - at, chars });
      }
    };
    wrapped.set(listener, standIn);
    return add.call(this, type, standIn, options);
  };
})()`;

interface Load {
  /** When the page's socket opened, and when it asked for the model (page clock). */
  openAt?: number;
  askedAt?: number;
  /** Messages over 100 KB: when each arrived, how long its handler took, its length. */
  messages: Array<{ at: number; ms: number; chars: number }>;
  /** The page's WebSocket closing: when, with what code and reason. */
  closes: Array<{ at: number; code: number; reason: string }>;
  longTasks: number[];
  /** Animation frames from the start until drawn. */
  frames: number[];
  /** When (page clock) the bench's check first saw the picture complete. */
  drawnAt?: number;
  /** The canvas's first 'ka-paint', when there was one. */
  firstPaint?: { start: number; ms: number };
}

function describeGc(durations: number[]): string {
  if (!durations.length) return 'none';
  return `${durations.length}× ${ms(durations.reduce((a, b) => a + b, 0))} in all, longest ${ms(Math.max(...durations))}`;
}

function describeLoad(load: Load): string {
  const parts: string[] = [];
  if (load.openAt !== undefined) parts.push(`socket open at ${ms(load.openAt)} (page clock)${load.askedAt !== undefined ? `, model asked for at ${ms(load.askedAt)}` : ''}`);
  const m = load.messages;
  if (m.length === 1) parts.push(`a ${mib(m[0]!.chars)} message arrived at ${ms(m[0]!.at)}, its handler took ${ms(m[0]!.ms)}`);
  else if (m.length > 1) {
    const busy = m.reduce((a, x) => a + x.ms, 0);
    const last = m[m.length - 1]!;
    parts.push(
      `${m.length} messages over 100 KB (${mib(m.reduce((a, x) => a + x.chars, 0))}) arrived from ${ms(m[0]!.at)} to ${ms(last.at)}, ` +
        `their handlers took ${ms(busy)} in all (longest ${ms(Math.max(...m.map((x) => x.ms)))}), the last done at ${ms(last.at + last.ms)}`,
    );
  } else parts.push('no message over 100 KB arrived');
  for (const c of load.closes) parts.push(`its WebSocket closed at ${ms(c.at)} (${c.code}${c.reason ? ` ${c.reason}` : ''})`);
  if (load.firstPaint) parts.push(`the canvas's first paint at ${ms(load.firstPaint.start)}, ${ms(load.firstPaint.ms)}`);
  if (load.drawnAt !== undefined) parts.push(`complete at ${ms(load.drawnAt)}`);
  // The longest gaps between frames: where the page could show nothing.
  const frameGaps = gaps(load.frames)
    .map((g, i) => ({ from: load.frames[i], g }))
    .sort((a, b) => b.g - a.g)
    .slice(0, 3)
    .filter((x) => x.g > DROPPED_MS)
    .sort((a, b) => a.from - b.from);
  if (frameGaps.length) parts.push(`longest frames ${frameGaps.map((x) => `${ms(x.from)} +${ms(x.g)}`).join(', ')}`);
  const total = load.longTasks.reduce((a, b) => a + b, 0);
  if (load.longTasks.length) parts.push(`long tasks ${load.longTasks.length} (${ms(total)} in all, longest ${ms(Math.max(...load.longTasks))})`);
  return parts.join('; ');
}

/** What the page did while it was opened: uncaught errors, console errors and warnings, a crash. */
function watchPage(page: CdpPage): string[] {
  const seen: string[] = [];
  page.on('Runtime.exceptionThrown', (p: { exceptionDetails: { text: string; exception?: { description?: string } } }) =>
    seen.push(`page error: ${(p.exceptionDetails.exception?.description ?? p.exceptionDetails.text).split('\n')[0]}`),
  );
  page.on('Runtime.consoleAPICalled', (p: { type: string; args: Array<{ value?: unknown; description?: string }> }) => {
    if (p.type !== 'error' && p.type !== 'warning') return;
    seen.push(`console ${p.type}: ${p.args.map((a) => String(a.value ?? a.description ?? '')).join(' ').slice(0, 300)}`);
  });
  page.on('Inspector.targetCrashed', () => seen.push('the page crashed'));
  return seen;
}

/** The renderer's JS heap in use; after a full garbage collection when `collect` (what stays alive). */
async function heapUsed(page: CdpPage, collect = false): Promise<number> {
  if (collect) await page.send('HeapProfiler.collectGarbage');
  await page.send('Performance.enable');
  const { metrics } = await page.send<{ metrics: Array<{ name: string; value: number }> }>('Performance.getMetrics');
  return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
}

/**
 * Whether the picture is complete: every pod's group on the SVG; on the
 * canvas, a paint done and every pod in the accessible tree. Gives
 * "drawn <page clock>", the app's error banner's text, or false.
 */
function drawnCheck(pods: number): string {
  return `(() => {
    const banner = document.getElementById('error-banner');
    if (banner && !banner.hidden) return 'error banner: ' + banner.textContent.trim();
    const canvas = document.getElementById('scene-canvas');
    if (canvas && !canvas.hidden) {
      if (!canvas.hasAttribute('data-painted')) return false;
      return document.querySelectorAll('#scene-tree [data-kind="pod"]').length >= ${pods} ? 'drawn ' + performance.now() : false;
    }
    return document.querySelectorAll('svg.drawing g[data-kind="pod"]').length >= ${pods} ? 'drawn ' + performance.now() : false;
  })()`;
}

/**
 * Opens the page and waits until the picture is complete: every pod's group
 * on the SVG; on the canvas, a paint done and every pod in the accessible
 * tree. The app's error banner, or a crash, ends the wait early.
 */
async function openAndDraw(page: CdpPage, url: string, pods: number, seen: string[], profile?: string): Promise<Drawn> {
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  const gcMs: number[] = [];
  const gcs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) gcMs.push(e.duration);
  });
  gcs.observe({ entryTypes: ['gc'] });
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
  if (profile) {
    await page.send('Profiler.enable');
    await page.send('Profiler.setSamplingInterval', { interval: 500 });
    await page.send('Profiler.start');
  }
  const started = performance.now();
  await page.send('Page.navigate', { url });
  let result: string | false = false;
  while (!result) {
    if (performance.now() - started > DRAW_TIMEOUT_MS) throw new Error(`not drawn within ${ms(DRAW_TIMEOUT_MS)}`);
    result = await page.evaluate<string | false>(drawnCheck(pods));
    if (!result) await delay(100);
  }
  const elapsed = performance.now() - started;
  if (profile) writeFileSync(profile, JSON.stringify((await page.send<{ profile: unknown }>('Profiler.stop')).profile));
  clearInterval(sampler);
  rssPeak = Math.max(rssPeak, process.memoryUsage().rss);
  loop.disable();
  for (const e of gcs.takeRecords()) gcMs.push(e.duration);
  gcs.disconnect();
  if (typeof result !== 'string' || !result.startsWith('drawn ')) throw new Error(String(result));
  const drawnAt = Number(result.slice('drawn '.length));
  const renderer = (await page.evaluate<string | null>(`document.getElementById('canvas')?.getAttribute('data-renderer') ?? null`)) ?? '?';
  const heap = await heapUsed(page);
  const rss = process.memoryUsage().rss;
  const load = await page.evaluate<Load>(`(() => {
    const recorded = window.__kaLoad;
    recorded.stop = true;
    const first = performance.getEntriesByName('ka-paint')[0];
    return { ...recorded, ...(first ? { firstPaint: { start: first.startTime, ms: first.duration } } : {}) };
  })()`);
  if (seen.length) console.log(`    (while drawing: ${seen.join('; ')})`);
  return { ms: elapsed, renderer, heap, rss, load: { ...load, drawnAt }, loopMaxMs: loop.max / 1e6, gcMs, rssBefore, rssPeak };
}

interface View {
  left: number;
  top: number;
  width: number;
  height: number;
  x: number;
  y: number;
  k: number;
  detail: string;
  renderer: string;
}

async function readView(page: CdpPage): Promise<View> {
  const v = await page.evaluate<Omit<View, 'x' | 'y' | 'k'> & { transform: string }>(`(() => {
    const svg = document.getElementById('canvas');
    const rect = svg.getBoundingClientRect();
    const renderer = svg.getAttribute('data-renderer') ?? '';
    const drawing = renderer === 'canvas' ? document.getElementById('scene-canvas') : document.querySelector('svg.drawing');
    const detail = drawing?.getAttribute('data-detail') ?? '';
    const transform = document.getElementById('viewport').getAttribute('transform') ?? '';
    return { left: rect.left, top: rect.top, width: svg.clientWidth, height: svg.clientHeight, transform, detail, renderer };
  })()`);
  // d3's ZoomTransform.toString(): "translate(x,y) scale(k)".
  const m = /translate\(([-\d.e+]+),([-\d.e+]+)\) scale\(([-\d.e+]+)\)/.exec(v.transform);
  if (!m) throw new Error(`cannot read the view's transform from ${JSON.stringify(v.transform)}`);
  return { ...v, x: Number(m[1]), y: Number(m[2]), k: Number(m[3]) };
}

/** Records animation frames, 'ka-paint' measures and long tasks from now until stopped. */
const RECORDER = `(() => {
  const rec = { frames: [], longTasks: [], stop: false, observer: undefined };
  window.__kaBench = rec;
  performance.clearMeasures('ka-paint');
  try {
    rec.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) rec.longTasks.push(e.duration);
    });
    rec.observer.observe({ type: 'longtask' });
  } catch {
    // No long-task timing in this browser: the frame gaps still tell.
  }
  const tick = (t) => {
    rec.frames.push(t);
    if (!rec.stop) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

async function startRecorder(page: CdpPage): Promise<void> {
  await page.evaluate(RECORDER);
}

async function stopRecorder(page: CdpPage): Promise<{ frames: number[]; paints: Paint[]; longTasks: number[] }> {
  return page.evaluate(`(() => {
    const rec = window.__kaBench;
    rec.stop = true;
    rec.observer?.disconnect();
    const paints = performance.getEntriesByName('ka-paint').map((e) => ({ start: e.startTime, ms: e.duration, detail: e.detail ?? undefined }));
    performance.clearMeasures('ka-paint');
    return { frames: rec.frames, paints, longTasks: rec.longTasks };
  })()`);
}

/** Until d3-zoom has ended the wheel gesture, the relayout at its end has run and two frames were painted after it. */
async function settled(page: CdpPage): Promise<void> {
  await page.evaluate(`new Promise((resolve) => setTimeout(() => requestAnimationFrame(() => requestAnimationFrame(() => resolve(true))), ${WHEEL_IDLE_MS + 50}))`);
}

/** The mouse, as Input events at the page's coordinates (CSS px of the viewport). */
function pointer(page: CdpPage) {
  let at = { x: 0, y: 0 };
  let pressed = false;
  const event = (type: string, extra: Record<string, unknown> = {}) =>
    page.send('Input.dispatchMouseEvent', { type, x: at.x, y: at.y, button: pressed ? 'left' : 'none', buttons: pressed ? 1 : 0, ...extra });
  return {
    async move(x: number, y: number) {
      at = { x, y };
      await event('mouseMoved');
    },
    async wheel(deltaY: number) {
      await event('mouseWheel', { deltaX: 0, deltaY });
    },
    async down() {
      pressed = true;
      await event('mousePressed', { clickCount: 1 });
    },
    async up() {
      await event('mouseReleased', { button: 'left', buttons: 0, clickCount: 1 });
      pressed = false;
    },
  };
}

/** The level the picture shows now (data-level of whichever renderer draws). */
async function levelShown(page: CdpPage): Promise<string> {
  return page.evaluate(`(() => {
    const canvas = document.getElementById('scene-canvas');
    const el = canvas && !canvas.hidden ? canvas : document.querySelector('svg.drawing');
    return el?.getAttribute('data-level') ?? '?';
  })()`);
}

/**
 * Zooms from the fitted overview to one pod until it fills the view, pans
 * about it and back, and zooms out to the overview again, at a human's pace,
 * while the page records its frames.
 */
async function scriptedMove(page: CdpPage, update: ModelUpdate, script: Script, profile?: string, drawnAt?: number): Promise<Move> {
  const view = await readView(page);
  const model = update.model;
  const pods = Number(model.stats?.pods) || 0;
  // The page lays out with the aspect of its view the first time it fits (renderer/app/semantic.ts).
  const layout = layoutCluster(model, { detail: view.detail as Detail, aspect: fitAspect({ width: view.width, height: view.height }) });
  const cx = layout.width / 2;
  const cy = layout.height / 2;
  let pod = layout.pods[0];
  let best = Infinity;
  for (const p of layout.pods) {
    const d = (p.x + p.width / 2 - cx) ** 2 + (p.y + p.height / 2 - cy) ** 2;
    if (d < best) [best, pod] = [d, p];
  }
  if (!pod) throw new Error('the layout has no pod to zoom to');
  const px = view.left + view.x + (pod.x + pod.width / 2) * view.k;
  const py = view.top + view.y + (pod.y + pod.height / 2) * view.k;
  let offBy: number | undefined;
  if (view.renderer === 'svg') {
    const rect = await page.evaluate<{ x: number; y: number } | null>(`(() => {
      const el = document.querySelector('svg.drawing g[data-kind="pod"][data-uid="' + CSS.escape(${JSON.stringify(pod.uid)}) + '"]');
      const r = el?.getBoundingClientRect();
      return r ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : null;
    })()`);
    offBy = rect ? Math.hypot(rect.x - px, rect.y - py) : Infinity;
  }

  // Zoomed in, the pod is drawn at the finest level this renderer opens at this size: it fills the view at this scale.
  const drawnOnCanvas = view.renderer === 'canvas';
  const finest = levelAt(pods, MAX_SCALE, drawnOnCanvas ? CANVAS_LEVEL_BUDGET : LEVEL_BUDGET);
  const podWidth = finest === 'containers' ? POD.width : finest === 'pods' ? CARD.width : COMPACT.tile;
  const kTarget = Math.min(MAX_SCALE, (0.8 * view.width) / podWidth);
  // d3-zoom multiplies the scale by 2^(-deltaY × 0.002) for each wheel event (pixel mode).
  const deltaY = Math.log2(kTarget / view.k) / script.wheels / 0.002;

  // The tour measures the page once it has made ahead what a move could end
  // at (renderer/app/semantic.ts marks 'ka-warmed'), as a user's page is a few
  // seconds after the picture stood still; a build without the mark waits WARMED_WAIT_MS.
  const warms = view.renderer === 'canvas' && pods >= WARM_FROM_PODS;
  const warmedAt = !warms ? null : await page.evaluate<number | null>(`new Promise((resolve) => {
    const started = performance.now();
    const look = () => {
      const mark = performance.getEntriesByName('ka-warmed')[0];
      if (mark) resolve(mark.startTime);
      else if (performance.now() - started > ${WARMED_WAIT_MS}) resolve(null);
      else setTimeout(look, 100);
    };
    look();
  })`);
  // The page alone first: how regular its frames are when nothing moves.
  await startRecorder(page);
  await delay(script.idleMs);
  const idle = (await stopRecorder(page)).frames;
  const afterDrawn =
    drawnAt === undefined ? [] : await page.evaluate<number[]>(`(window.__kaLoad?.tasks ?? []).filter((t) => t.start >= ${drawnAt}).map((t) => t.ms)`);
  const warmedIn = warmedAt !== null && drawnAt !== undefined ? warmedAt - drawnAt : undefined;

  const mouse = pointer(page);
  await mouse.move(px, py);
  if (profile) {
    await page.send('Profiler.enable');
    await page.send('Profiler.setSamplingInterval', { interval: 200 });
    await page.send('Profiler.start');
  }
  await startRecorder(page);
  const wheelGap = script.wheelMs / script.wheels;
  let t0 = performance.now();
  for (let i = 0; i < script.wheels; i++) {
    await mouse.wheel(-deltaY);
    await until(t0 + (i + 1) * wheelGap);
  }
  await settled(page);
  const zoomed = await readView(page);
  const levelIn = await levelShown(page);

  // Drags from the pod's place, there and back in one press: right and down, then left and up.
  const legs: Array<[number, number]> = [
    [0.25, 0.2],
    [-0.25, -0.2],
  ];
  for (let d = 0; d < script.drags; d++) {
    const [dx, dy] = [view.width * legs[d % 2][0], view.height * legs[d % 2][1]];
    const steps = script.dragSteps;
    await mouse.down();
    t0 = performance.now();
    for (let s = 1; s <= 2 * steps; s++) {
      const f = s <= steps ? s / steps : (2 * steps - s) / steps;
      await mouse.move(px + dx * f, py + dy * f);
      await until(t0 + s * FRAME_MS);
    }
    await mouse.up();
  }

  await mouse.move(px, py);
  t0 = performance.now();
  for (let i = 0; i < script.wheels; i++) {
    await mouse.wheel(deltaY);
    await until(t0 + (i + 1) * wheelGap);
  }
  await settled(page);
  const recorded = await stopRecorder(page);
  if (profile) writeFileSync(profile, JSON.stringify((await page.send<{ profile: unknown }>('Profiler.stop')).profile));
  const heap = await heapUsed(page);
  const liveHeap = await heapUsed(page, true);
  return { frames: recorded.frames, idle, paints: recorded.paints, longTasks: recorded.longTasks, afterDrawn, warmedIn, heap, liveHeap, k0: view.k, kTarget, kIn: zoomed.k, levelIn, offBy };
}

function label(c: Case): string {
  return `${count(c.pods)} pods / ${count(c.nodes)} nodes (${c.renderer})`;
}

function printMove(m: Move[]): void {
  const intervals = m.flatMap((x) => gaps(x.frames));
  const idle = m.flatMap((x) => gaps(x.idle));
  const paints = m.flatMap((x) => x.paints.map((p) => p.ms));
  const painted = m.flatMap((x) => paintedGaps(x.frames, x.paints));
  const paintedDropped = painted.filter((g) => g > DROPPED_MS).length;
  const longTasks = m.flatMap((x) => x.longTasks);
  const span = intervals.reduce((a, b) => a + b, 0);
  const missed = intervals.reduce((a, g) => a + Math.max(0, Math.round(g / FRAME_MS) - 1), 0);
  const dropped = intervals.filter((g) => g > DROPPED_MS).length;
  const first = m[0];
  console.log(
    `    zoom ×${(first.kIn / first.k0).toFixed(0)} (scale ${first.k0.toFixed(3)} → ${first.kIn.toFixed(2)}, aimed ${first.kTarget.toFixed(2)}; level there: ${first.levelIn}), pans, zoom out` +
      (first.offBy !== undefined ? `; the pod's SVG element was ${first.offBy.toFixed(1)} px from where the bench placed it` : ''),
  );
  console.log(
    `    frames ${intervals.length + m.length}: dropped (gap > ${DROPPED_MS} ms) ${dropped} = ${pct(dropped, intervals.length)}; ` +
      `frame interval median ${ms(median(intervals))} p95 ${ms(quantile(intervals, 0.95))} longest ${ms(Math.max(...intervals))}; ` +
      `frames missed in all ${missed} of ${Math.round(span / FRAME_MS)} (${pct(missed, span / FRAME_MS)})`,
  );
  console.log(
    paints.length
      ? `    paint ('ka-paint') ${paints.length}×, median ${ms(median(paints))} p95 ${ms(quantile(paints, 0.95))} max ${ms(Math.max(...paints))}; ` +
          `the frames that painted: ${painted.length}, dropped ${paintedDropped} = ${pct(paintedDropped, painted.length)}, interval median ${ms(median(painted))} p95 ${ms(quantile(painted, 0.95))}`
      : "    paint ('ka-paint') — (the SVG renderer has none)",
  );
  // What the paints did: texts drawn, node and label bitmaps painted, stand-ins left for later.
  const all = m.flatMap((x) => x.paints.flatMap((p, i) => (p.detail ? [{ p, zoom: p.detail.k !== x.paints[i - 1]?.detail?.k }] : [])));
  if (all.length) {
    const groups = new Map<string, Paint[]>();
    for (const { p, zoom } of all) {
      const key = `${p.detail!.level ?? '?'}${zoom ? ', zoom step' : ''}`;
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    const what = [...groups].map(([key, list]) => {
      const med = (f: (d: NonNullable<Paint['detail']>) => number | undefined) => Math.round(median(list.map((p) => f(p.detail!) ?? 0)));
      const times = list.map((p) => p.ms);
      const over = list.filter((p) => p.ms > TARGET_FRAME_MS).length;
      return (
        `${key} ${list.length}×, median ${ms(median(times))} p95 ${ms(quantile(times, 0.95))}, ${over} over ${TARGET_FRAME_MS} ms ` +
        `(median texts ${med((d) => d.texts)}, node bitmaps ${med((d) => d.rendered)}, label bitmaps ${med((d) => d.labels)}, stand-ins ${med((d) => d.stale)})`
      );
    });
    // By whether the scale had changed since the paint before (a zoom step) or not (a pan, or a paint at rest bringing bitmaps up to date).
    console.log(`    paints by level: ${what.join('; ')}`);
  }
  const warm = m.flatMap((x) => x.afterDrawn);
  const warmedIn = m.map((x) => x.warmedIn).filter((t): t is number => t !== undefined);
  console.log(`    made ahead (ka-warmed) ${warmedIn.length ? `${ms(median(warmedIn))} after the complete drawing` : 'not marked'}; long tasks from the complete drawing to the move (the warm-up's): ${warm.length}${warm.length ? ` (${ms(warm.reduce((a, b) => a + b, 0))} in all, longest ${ms(Math.max(...warm))})` : ''}`);
  console.log(
    `    long tasks ${longTasks.length}${longTasks.length ? ` (${ms(longTasks.reduce((a, b) => a + b, 0))} in all, longest ${ms(Math.max(...longTasks))})` : ''}; ` +
      `idle frame interval p95 ${ms(quantile(idle, 0.95))}; JS heap after ${mib(Math.max(...m.map((x) => x.heap)))}, after a forced GC ${mib(Math.max(...m.map((x) => x.liveHeap)))}`,
  );
}

/**
 * The same open from a server that sends the model in one message, as before
 * models went in parts (main/contract/wire.ts): the figures side by side in
 * one run. Opened once, drawn, not moved.
 */
async function oneMessage(browser: CdpBrowser, session: Session, pods: number, size: { pods: number; nodes: number }): Promise<void> {
  const server = await startServer({ session, partsFromPods: Infinity });
  const page = await browser.newPage({ width: 1440, height: 900, initScripts: [LOAD_RECORDER, `localStorage.removeItem('kube-anatomy.renderer')`] });
  const seen = watchPage(page);
  const what = `${count(size.pods)} pods / ${count(size.nodes)} nodes (one message)`;
  try {
    collectGarbage();
    const d = await openAndDraw(page, server.url, pods, seen);
    row(what, d.renderer, ms(d.ms), d.load.drawnAt !== undefined ? ms(d.load.drawnAt) : '—', mib(d.heap), mib(d.rss));
    console.log(`    opening: ${describeLoad(d.load)}; this process's event loop held up to ${ms(d.loopMaxMs)}, its GC ${describeGc(d.gcMs)}`);
    console.log(`    this process's RSS while the page opened: ${mib(d.rssBefore)} before, at most ${mib(d.rssPeak)} (+${mib(d.rssPeak - d.rssBefore)})`);
  } catch (error) {
    console.log(`  ${what}: not drawn: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}${seen.length ? `; the page: ${seen.slice(0, 8).join('; ')}` : ''}`);
  } finally {
    await page.close();
    await server.close();
  }
}

interface Result {
  drawn: number;
  dropped: number;
  intervalP95: number;
}

export async function benchBrowserCanvas(options: { quick: boolean; large: boolean; pods?: number[]; roots?: string[]; profile?: string }): Promise<void> {
  const script = options.quick ? QUICK : FULL;
  const all: Array<{ pods: number; nodes: number; renderers: Choice[] }> = [
    { pods: 5000, nodes: 100, renderers: ['svg', 'canvas'] },
    { pods: 20_000, nodes: 200, renderers: ['auto'] },
    ...(options.large
      ? [
          { pods: 50_000, nodes: 500, renderers: ['auto'] as Choice[] },
          { pods: 100_000, nodes: 1000, renderers: ['auto'] as Choice[] },
        ]
      : []),
  ];
  // A size --pods lists that is none of the above: both renderers, 50 pods a node (where auto's switch from the SVG to the canvas is weighed).
  const other = (options.pods ?? []).filter((n) => !all.some((s) => s.pods === n)).map((n) => ({ pods: n, nodes: Math.max(1, Math.round(n / 50)), renderers: ['svg', 'canvas'] as Choice[] }));
  const sizes = options.pods ? [...other, ...all.filter((s) => options.pods!.includes(s.pods))] : all;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kube-anatomy-bench-canvas-'));
  const browser: CdpBrowser = await launchCdpBrowser();
  const results = new Map<string, Result>();
  try {
    heading(
      `Canvas renderer: open → drawn, then a scripted zoom to one pod, pans and zoom out (Chromium 1440×900, canvas 2D in software; ` +
        `${options.quick ? 'one run' : 'median of 3 runs up to 20,000 pods, one above'}; ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)})`,
    );
    if (!options.large) console.log('  (50,000 and 100,000 pods skipped: pass --large)');
    row('', 'drew with', 'open→drawn', 'page clock', 'JS heap', 'main RSS');
    for (const size of sizes) {
      let snapshot: { file: string; bytes: number; ms: number };
      try {
        snapshot = generate(dir, size.pods, size.nodes);
      } catch (error) {
        console.log(`  ${count(size.pods)} pods: ${error instanceof Error ? error.message : String(error)}`);
        continue;
      }
      let session: Session | undefined;
      let server: RunningServer | undefined;
      try {
        const opened = performance.now();
        session = await openSession({ env: {}, home: dir, snapshot: snapshot.file });
        // A page the server cuts off (too far behind) is told why; the bench prints it with what the page saw.
        let notes: string[] = [];
        const roots = options.roots ?? [undefined];
        const serve = (root: string | undefined) =>
          startServer({ session: session!, ...(root ? { root } : {}), onTooFarBehind: (info) => notes.push(`the server closed the page's socket: ${info.reason}`) });
        server = await serve(roots[0]);
        const update = await waitForModel(session);
        const modelMs = performance.now() - opened;
        const pods = Number(update.model.stats?.pods) || 0;
        collectGarbage();
        console.log(
          `  ${count(size.pods)} pods: snapshot ${mib(snapshot.bytes)} written in ${ms(snapshot.ms)}; session model in ${ms(modelMs)} (${count(pods)} pods); ` +
            `main RSS with the model, no page yet (after a GC) ${mib(process.memoryUsage().rss)}`,
        );
        let messageSize: string | undefined;
        for (const [r, root] of roots.entries()) {
          if (r > 0) {
            await server.close();
            server = await serve(root);
          }
          if (root) console.log(`  the page built in ${root}:`);
          for (const renderer of size.renderers) {
            const c: Case = { ...size, renderer };
            const repeats = options.quick || size.pods > 20_000 ? 1 : 3;
            const drawn: Drawn[] = [];
            const moves: Move[] = [];
            for (let i = 0; i < repeats; i++) {
              // Each page in a context of its own: the renderer chosen in its storage before the app reads it.
              const choose = renderer === 'auto' ? `localStorage.removeItem('kube-anatomy.renderer')` : `localStorage.setItem('kube-anatomy.renderer', ${JSON.stringify(renderer)})`;
              const page = await browser.newPage({ width: 1440, height: 900, initScripts: [LOAD_RECORDER, choose] });
              const seen = watchPage(page);
              notes = seen;
              let stage = 'not drawn';
              try {
                const profile = options.profile ? `${options.profile.replace(/\.cpuprofile$/, '')}-${r}.cpuprofile` : undefined;
                drawn.push(await openAndDraw(page, server.url, pods, seen, profile?.replace(/\.cpuprofile$/, '.open.cpuprofile')));
                stage = 'drawn, but the scripted move failed';
                // Laid out from what the page was sent (summarized when large), as the page did.
                const move = await scriptedMove(page, session.viewModel() ?? update, script, profile, drawn.at(-1)?.load.drawnAt);
                moves.push(move);
                // Beside the profile, each paint and what it did: the slow ones can be found in it by their time.
                if (profile) writeFileSync(profile.replace(/\.cpuprofile$/, '.paints.json'), JSON.stringify(move.paints));
              } catch (error) {
                const what = error instanceof Error ? error.message.split('\n')[0] : String(error);
                messageSize ??= modelMessageSize(session);
                console.log(`  ${label(c)}: ${stage}: ${what}`);
                console.log(`    model message ${messageSize}; main RSS ${mib(process.memoryUsage().rss)}${seen.length ? `; the page: ${seen.slice(0, 8).join('; ')}` : ''}`);
                break;
              } finally {
                await page.close();
              }
            }
            if (!drawn.length) continue;
            messageSize ??= modelMessageSize(session);
            const open = median(drawn.map((d) => d.ms));
            const pageClock = drawn.map((d) => d.load.drawnAt).filter((t): t is number => t !== undefined);
            row(label(c), drawn[0].renderer, ms(open), pageClock.length ? ms(median(pageClock)) : '—', mib(Math.max(...drawn.map((d) => d.heap))), mib(Math.max(...drawn.map((d) => d.rss))));
            console.log(`    model message ${messageSize}; opening (first run): ${describeLoad(drawn[0].load)}; this process's event loop held up to ${ms(drawn[0].loopMaxMs)}, its GC ${describeGc(drawn[0].gcMs)}`);
            console.log(`    this process's RSS while the page opened: ${mib(drawn[0].rssBefore)} before, at most ${mib(drawn[0].rssPeak)} (+${mib(drawn[0].rssPeak - drawn[0].rssBefore)})`);
            if (moves.length) {
              printMove(moves);
              const intervals = moves.flatMap((m) => gaps(m.frames));
              results.set(`${size.pods}:${renderer}`, {
                drawn: open,
                dropped: intervals.filter((g) => g > DROPPED_MS).length / Math.max(1, intervals.length),
                intervalP95: quantile(intervals, 0.95),
              });
            }
          }
        }
        // (Builds compared side by side are compared on the move.)
        if (pods > SUMMARY_FROM_PODS && !options.roots) await oneMessage(browser, session, pods, size);
      } catch (error) {
        console.log(`  ${count(size.pods)} pods: ${error instanceof Error ? error.message : String(error)}`);
      } finally {
        await server?.close();
        await session?.close();
        rmSync(snapshot.file, { force: true });
      }
    }
    const svg = results.get('5000:svg');
    const canvas = results.get('5000:canvas');
    if (svg && canvas) {
      console.log(
        `  5,000 pods, canvas / SVG: open→drawn ${(canvas.drawn / svg.drawn).toFixed(2)}x; ` +
          `dropped ${(100 * canvas.dropped).toFixed(1)} % vs ${(100 * svg.dropped).toFixed(1)} %; frame interval p95 ${(canvas.intervalP95 / svg.intervalP95).toFixed(2)}x`,
      );
    }
    const peak = peakRss();
    if (peak !== undefined) console.log(`  main process (this one: server and session) peak RSS ${mib(peak)}`);
    console.log(`  (the session ran in this process, ${sessionFlags()})`);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const entry = process.argv[1];
if (entry && realpathSync(entry) === fileURLToPath(import.meta.url)) {
  // The session runs in this process: with the heap flags serve and Electron's main process run with.
  restartWithMainFlags();
  const args = new Set(process.argv.slice(2));
  let pods: number[] | undefined;
  let roots: string[] | undefined;
  let profile: string | undefined;
  for (const a of args) {
    if (a.startsWith('--profile=')) profile = path.resolve(a.slice('--profile='.length));
    else if (a.startsWith('--pods=')) pods = a.slice('--pods='.length).split(',').map(Number);
    else if (a.startsWith('--root=')) roots = a.slice('--root='.length).split(',').map((dir) => path.resolve(dir));
    else if (a !== '--quick' && a !== '--large') throw new Error(`usage: browser-canvas.ts [--quick] [--large] [--pods=N,…] [--root=DIR,…] [--profile=FILE] (unknown ${a})`);
  }
  await benchBrowserCanvas({ quick: args.has('--quick'), large: args.has('--large'), pods, roots, profile });
}
