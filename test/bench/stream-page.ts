// The page's side of the live-stream bench (live-stream.ts), in a worker
// thread as the page is in a process of its own: the browser-mode bridge
// (renderer/bridge/ws-bridge.ts, over Node's WebSocket to the real server),
// the page's model feed (whole models and patches, model:get when one is
// missed), animation frames (the last model of a frame, once), the layout
// memo at the detail the canvas picks: what renderer/app/app.ts wires up.
// Drawing (the DOM) is not here: Node has none. Each layout done is reported
// with the revision it showed and when it was done.
//
// The first model comes as it comes to the app's page: pushed by the server
// when the page connects, in parts when large (main/contract/wire.ts). The
// page says it is ready ('connected') once that model is laid out, so that
// the run does not begin while a 100,000-pod model is still on its way (a
// bench page seeded with the model beforehand did, and the run's first
// seconds measured that model being sent and read).
//
// Frames come from a 60 Hz clock injected into latestPerFrame, as a browser's
// vsync would: a frame starts on the next 1/60 s boundary, or on the first
// boundary after the work of the last frame if that ran over.

import { parentPort, workerData } from 'node:worker_threads';
import type { ModelPatchUpdate, ModelUpdate } from '../../main/contract/api.ts';
import { createApi } from '../../main/contract/bridge.ts';
import { latestPerFrame, type FrameHost } from '../../renderer/app/frames.ts';
import { createWsTransport } from '../../renderer/bridge/ws-bridge.ts';
import { createModelFeed } from '../../renderer/app/model-feed.ts';
import { createLayoutMemo, layoutCluster, type ClusterLayout, type Detail } from '../../renderer/layout/index.ts';

/** renderer/app/canvas.ts's COMPACT_FROM_PODS (that module draws, so it is not loaded here). */
const COMPACT_FROM_PODS = 600;
const FRAME_MS = 1000 / 60;

export type PageMessage =
  | { type: 'laid'; revision: number; doneAt: number; ms: number }
  | { type: 'stats'; fetches: number; layouts: number[]; patches: number; models: number; bytes: number; cpuMs: number }
  | { type: 'model'; update: ModelUpdate | undefined }
  /** The page is connected (the server sends it every change from now on) and has laid out the model it was pushed. */
  | { type: 'connected' };

/**
 * What the bench says: `connect` opens the page's socket, `mark` starts the
 * counts (the page's CPU among them), `stats` returns them, `model` the
 * page's model.
 */
export type BenchMessage = { type: 'connect' } | { type: 'mark' } | { type: 'stats' } | { type: 'model' };

const port = parentPort;
if (!port) throw new Error('stream-page.ts runs as a worker of live-stream.ts');

const clock = (): number => performance.timeOrigin + performance.now();
const post = (message: PageMessage): void => port.postMessage(message);

const timers = new Map<number, ReturnType<typeof setTimeout>>();
let handles = 0;
const vsync: FrameHost = {
  requestAnimationFrame(callback) {
    const now = performance.now();
    const next = Math.ceil((now + 0.01) / FRAME_MS) * FRAME_MS;
    const handle = ++handles;
    timers.set(
      handle,
      setTimeout(() => {
        timers.delete(handle);
        callback(performance.now());
      }, next - now),
    );
    return handle;
  },
  cancelAnimationFrame(handle) {
    clearTimeout(timers.get(handle));
    timers.delete(handle);
  },
};

const memo = createLayoutMemo();
let last: ClusterLayout | undefined;
const layouts: number[] = [];
let patches = 0;
let models = 0;
/** Characters of the server's messages, as they came over the socket. */
let bytes = 0;
let cpu = process.threadCpuUsage();
let fetchesBefore = 0;

const frames = latestPerFrame<ModelUpdate>(vsync, (update) => {
  const started = performance.now();
  const detail: Detail = (Number(update.model.stats?.pods) || 0) >= COMPACT_FROM_PODS ? 'compact' : 'full';
  last = layoutCluster(update.model, { previous: last && last.detail === detail ? last : undefined, detail }, memo);
  const ms = performance.now() - started;
  layouts.push(ms);
  post({ type: 'laid', revision: update.revision, doneAt: clock(), ms });
  ready('laid');
});

/** Connected (a call answered) and the first model pushed laid out: then the page says so, once. */
const waitingFor = new Set(['answered', 'laid']);
function ready(what: 'answered' | 'laid'): void {
  if (!waitingFor.delete(what) || waitingFor.size > 0) return;
  post({ type: 'connected' });
}

/** The page's WebSocket, counting what it receives. */
class CountingWebSocket extends WebSocket {
  constructor(url: string | URL, protocols?: string | string[]) {
    super(url, protocols);
    this.addEventListener('message', (event) => {
      if (typeof event.data === 'string') bytes += event.data.length;
    });
  }
}

let api: ReturnType<typeof createApi> | undefined;
const feed = createModelFeed({
  fetch: () => api?.invoke('model:get') ?? Promise.resolve(null),
  show: (update) => frames.push(update),
  log: (message) => console.error(`stream-page: ${message}`),
});

function connect(): void {
  api = createApi(createWsTransport({ url: (workerData as { url: string }).url, WebSocketImpl: CountingWebSocket }), 'browser');
  api.on('model', (update: ModelUpdate) => {
    models++;
    feed.model(update);
  });
  api.on('patch', (update: ModelPatchUpdate) => {
    patches++;
    feed.patch(update);
  });
  // A call answered means the socket is open, and the server has the page among those it sends changes to.
  api.invoke('session:get').then(
    () => ready('answered'),
    (error: unknown) => console.error(`stream-page: could not reach the server: ${error instanceof Error ? error.message : String(error)}`),
  );
}

port.on('message', (message: unknown) => {
  const m = message as BenchMessage | undefined;
  const type = m?.type;
  if (m?.type === 'connect') {
    connect();
  } else if (type === 'mark') {
    cpu = process.threadCpuUsage();
    layouts.length = 0;
    patches = 0;
    models = 0;
    bytes = 0;
    fetchesBefore = feed.fetches();
  } else if (type === 'stats') {
    const used = process.threadCpuUsage(cpu);
    post({ type: 'stats', fetches: feed.fetches() - fetchesBefore, layouts: layouts.splice(0), patches, models, bytes, cpuMs: (used.user + used.system) / 1000 });
  } else if (type === 'model') {
    post({ type: 'model', update: feed.current() });
  }
});
