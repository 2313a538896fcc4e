// Live changes travel as patches, end to end: a fake API server holds a
// generated cluster of 5,000 pods on 100 nodes (real list + watch over HTTPS),
// the app follows it in browser mode, and Chromium draws it. What goes over
// the page's WebSocket is read off the wire: after the first model, a change
// arrives as a patch and no whole model follows; the drawing then equals what
// a fresh page draws from the whole model (the semantic SVG: data-kind, name,
// uid, namespace, IP, role, shared, and the nesting). The same on the canvas
// renderer, which 5,000 pods get by default, read from its accessible tree,
// which also equals the SVG's. A page that misses a patch (the test drops it
// on the way) asks for the whole model at the next one, and ends equal too.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import type { KubeObject } from '../../main/model/kube.ts';
import { FakeApiServer, kubeconfigText } from '../fixtures/fake-apiserver.ts';
import { generateCluster } from '../bench/generate.ts';
import { tempDir, type TempDir } from './fixtures.ts';
import { launchBrowser, startApp, type App } from './helpers.ts';

const NODES = 100;
const PODS = 5000;

let browser: Browser;
let files: TempDir;
let fake: FakeApiServer;
let app: App;
let items: KubeObject[];
const opened: BrowserContext[] = [];

interface Frame {
  event: string;
  bytes: number;
  payload: { revision?: number; baseRevision?: number };
}

/** Where a page's drawing is read: the SVG's groups, or the accessible tree that the canvas renderer keeps beside its picture. */
type Renderer = 'svg' | 'canvas';
const VIEW: Record<Renderer, { root: string; el: string }> = {
  svg: { root: 'svg.drawing', el: 'g' },
  canvas: { root: '#scene-tree', el: 'div' },
};

interface Watched {
  page: Page;
  renderer: Renderer;
  /** Events the server pushed to the page, in order, read off the wire. */
  received: Frame[];
  /** Calls the page made, by channel. */
  calls: string[];
  errors: string[];
}

/**
 * Opens the app in a new context and records what crosses its WebSocket.
 * `drop` decides, per pushed event, whether the test loses it on the way.
 */
/** Every page watchPage opened, for the check that none of them made an error. */
const watchedPages: Watched[] = [];

async function watchPage(drop?: (frame: Frame) => boolean, renderer: Renderer = 'svg'): Promise<Watched> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  opened.push(context);
  // The SVG, whose every pod is an element this test compares; left on automatic, 5,000 pods draw on the canvas.
  await context.addInitScript((renderer) => {
    try {
      localStorage.setItem('kube-anatomy.renderer', renderer);
    } catch {
      // about:blank has no storage; the app's page does.
    }
  }, renderer);
  const page = await context.newPage();
  const watched: Watched = { page, renderer, received: [], calls: [], errors: [] };
  watchedPages.push(watched);
  page.on('pageerror', (error) => watched.errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') watched.errors.push(`console: ${message.text()}`);
  });
  // Pushed events by name; a reply that carries a model (model:get) as 'model:get'.
  type Message = { event?: string; payload?: Frame['payload']; result?: Frame['payload'] & { model?: unknown } };
  const frameOf = (m: Message, bytes: number): Frame | undefined => {
    if (m.event) return { event: m.event.replace('anatomy:', ''), bytes, payload: m.payload ?? {} };
    if (m.result?.model !== undefined) return { event: 'model:get', bytes, payload: { revision: m.result.revision } };
    return undefined;
  };
  // A model over PARTS_FROM_PODS pods comes in parts (main/contract/wire.ts): one frame, its head's message, with every part's bytes.
  const streams = new Map<number, Frame | null>();
  const read = (text: string): { frame?: Frame; drop: boolean } => {
    const m = JSON.parse(text) as Message & { stream?: number; head?: Message };
    const bytes = Buffer.byteLength(text);
    if (typeof m.stream !== 'number') {
      const frame = frameOf(m, bytes);
      return { frame, drop: frame !== undefined && drop?.(frame) === true };
    }
    if (m.head) {
      const frame = frameOf(m.head, bytes);
      const dropped = frame !== undefined && drop?.(frame) === true;
      streams.set(m.stream, dropped || !frame ? null : frame);
      return { frame, drop: dropped };
    }
    const frame = streams.get(m.stream);
    if (frame) frame.bytes += bytes;
    return { drop: frame === null };
  };
  // Every frame goes through the route, so the test sees (and may drop) exactly what the page would get.
  await context.routeWebSocket(/\/ws/, (ws: WebSocketRoute) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      if (typeof message === 'string') watched.calls.push(String((JSON.parse(message) as { channel?: string }).channel).replace('anatomy:', ''));
      server.send(message);
    });
    server.onMessage((message) => {
      const { frame, drop: dropped } = typeof message === 'string' ? read(message) : { drop: false };
      if (dropped) return;
      if (frame) watched.received.push(frame);
      ws.send(message);
    });
  });
  await page.goto(app.server.url);
  return watched;
}

/** Waits until the drawing holds every pod and shows `ip` for the pod named `name`. */
async function drawn(page: Page, pods: number, name: string, ip: string, renderer: Renderer = 'svg'): Promise<void> {
  const { root, el } = VIEW[renderer];
  await page.waitForFunction(
    ([pods, name, ip, root, el]) =>
      document.querySelectorAll(`${root} ${el}[data-kind=pod]:not(.ka-exiting)`).length === pods &&
      document.querySelector(`${root} ${el}[data-kind=pod][data-name="${name}"]:not(.ka-exiting)`)?.getAttribute('data-ip') === ip,
    [pods, name, ip, root, el] as const,
    { timeout: 90_000, polling: 100 },
  );
}

/** Waits until `done()` holds, polling; fails saying `what` did not come within 30 s. */
async function arrived(done: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!done()) {
    if (Date.now() > deadline) assert.fail(`${what} did not come within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

interface SemanticNode {
  attrs: Record<string, string>;
  children: SemanticNode[];
}

/** The drawing's semantic tree: every g[data-kind] (or the canvas's tree's element) with its data attributes, nested as drawn, children in a stable order. */
function semantic(page: Page, renderer: Renderer = 'svg'): Promise<SemanticNode[]> {
  const { root: rootSelector, el: tag } = VIEW[renderer];
  // No named functions inside: the test's transpiler would wrap them in a helper the page does not have.
  return page.$eval(rootSelector, (root, tag) => {
    const names = ['data-kind', 'data-name', 'data-uid', 'data-namespace', 'data-ip', 'data-role', 'data-shared'];
    const all = Array.from(root.querySelectorAll(`${tag}[data-kind]`)).filter((el) => !el.closest('.ka-exiting'));
    const nodes = new Map<Element, { attrs: Record<string, string>; key: string; children: unknown[] }>();
    for (const el of all) {
      const attrs: Record<string, string> = {};
      for (const a of names) {
        const v = el.getAttribute(a);
        if (v !== null) attrs[a] = v;
      }
      nodes.set(el, { attrs, key: names.map((a) => attrs[a] ?? '').join('\u0000'), children: [] });
    }
    const top: { key: string }[] = [];
    for (const el of all) {
      const parent = el.parentElement?.closest(`${tag}[data-kind]`);
      (parent && nodes.has(parent) ? nodes.get(parent)!.children : top).push(nodes.get(el)!);
    }
    for (const list of [top, ...[...nodes.values()].map((n) => n.children as { key: string }[])]) {
      list.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }
    return top as unknown as SemanticNode[];
  }, tag);
}

function podNamed(name: string): KubeObject {
  const found = items.find((o) => o.kind === 'Pod' && (o.metadata as { name: string }).name === name);
  assert.ok(found, name);
  return found;
}

function withIp(object: KubeObject, ip: string): KubeObject {
  const copy = structuredClone(object);
  const status = copy.status as { podIP?: string; podIPs?: { ip: string }[] };
  status.podIP = ip;
  status.podIPs = [{ ip }];
  return copy;
}

let first: Watched;
/** A worker's pod whose IP the test changes, and the IP it last set. */
let target: { name: string; ip: string };

before(async () => {
  browser = await launchBrowser();
  files = tempDir('anatomy-e2e-patches-');
  items = generateCluster({ nodes: NODES, pods: PODS, seed: 7 }).items;
  fake = await FakeApiServer.start();
  fake.serveObjects(items);
  const kubeconfig = files.write('kubeconfig', kubeconfigText([{ name: 'big', server: fake.url }], 'big'));
  app = await startApp({ kubeconfig, backoff: { initialMs: 200, maxMs: 1000, jitter: 0 }, connectTimeoutMs: 120_000 });
  const pod = items.find((o) => o.kind === 'Pod' && (o.spec as { nodeName?: string }).nodeName === 'kind-worker5' && (o.status as { podIP?: string }).podIP);
  assert.ok(pod, 'a pod on kind-worker5 with an IP');
  target = { name: (pod.metadata as { name: string }).name, ip: (pod.status as { podIP: string }).podIP };
  first = await watchPage();
  await drawn(first.page, PODS, target.name, target.ip);
});

after(async () => {
  for (const context of opened) await context.close();
  await app?.close();
  await fake?.close();
  await browser?.close();
  files?.remove();
});

/** Sets the target pod's IP, and checks that `watched` draws it having got one patch against the model it had, and no whole model. */
async function changeAsOnePatch(watched: Watched, ip: string): Promise<{ patch: Frame; model: Frame }> {
  const isModel = (f: Frame) => f.event === 'model' || f.event === 'model:get';
  const model = watched.received.filter(isModel).at(-1);
  assert.ok(model, 'the first model came whole');
  const seen = watched.received.length;
  target.ip = ip;
  fake.put(withIp(podNamed(target.name), target.ip));
  await drawn(watched.page, PODS, target.name, target.ip, watched.renderer);
  const since = watched.received.slice(seen).filter((f) => isModel(f) || f.event === 'patch');
  assert.deepEqual(
    since.map((f) => f.event),
    ['patch'],
    'one patch, no whole model',
  );
  const patch = since[0]!;
  assert.equal(patch.payload.baseRevision, model.payload.revision, 'the patch is against the model the page had');
  return { patch, model };
}

/** Opens a fresh page on the same renderer, drawn from the whole model, and checks that `watched` draws what it draws; returns that drawing. */
async function sameAsFreshPage(watched: Watched): Promise<SemanticNode[]> {
  const fresh = await watchPage(undefined, watched.renderer);
  await drawn(fresh.page, PODS, target.name, target.ip, watched.renderer);
  assert.deepEqual(
    fresh.received.filter((f) => f.event === 'patch'),
    [],
    'the fresh page drew from the whole model',
  );
  const [patched, full] = [await semantic(watched.page, watched.renderer), await semantic(fresh.page, watched.renderer)];
  assert.equal(JSON.stringify(patched).match(/"data-kind":"pod"/g)?.length, PODS);
  assert.deepStrictEqual(patched, full);
  await closePage(fresh.page);
  return full;
}

async function closePage(page: Page): Promise<void> {
  await page.context().close();
  opened.splice(opened.indexOf(page.context()), 1);
}

test(`a live change at ${PODS.toLocaleString('en')} pods arrives as a patch, not a whole model, and the drawing then equals a fresh one`, async () => {
  const { patch, model } = await changeAsOnePatch(first, '10.99.0.1');
  const whole = model.bytes;
  console.log(`# ${PODS} pods: the whole model ${(whole / 1024).toFixed(0)} KiB, the patch of one pod's IP ${(patch.bytes / 1024).toFixed(1)} KiB (${Math.round(whole / patch.bytes)}x smaller)`);
  assert.ok(patch.bytes * 50 < whole, `the patch (${patch.bytes} B) is far smaller than the model (${whole} B)`);
  await sameAsFreshPage(first);
});

test(`on the canvas, as ${PODS.toLocaleString('en')} pods draw by default, a live change arrives as a patch, and the accessible tree then equals a fresh page's`, async () => {
  const canvas = await watchPage(undefined, 'canvas');
  await drawn(canvas.page, PODS, target.name, target.ip, 'canvas');
  assert.equal(await canvas.page.getAttribute('#canvas', 'data-renderer'), 'canvas', 'the picture is on the canvas');
  await changeAsOnePatch(canvas, '10.99.0.4');
  const full = await sameAsFreshPage(canvas);
  // The same objects as the SVG page that followed every patch draws.
  await drawn(first.page, PODS, target.name, target.ip);
  assert.deepStrictEqual(full, await semantic(first.page), "the canvas's tree and the SVG hold the same semantic tree");
  await closePage(canvas.page);
});

test('a page that misses a revision asks for the whole model at the next patch, and ends equal to a fresh drawing', async () => {
  let dropping = false;
  const dropped: Frame[] = [];
  const lossy = await watchPage((frame) => {
    if (!dropping || frame.event !== 'patch') return false;
    dropping = false;
    dropped.push(frame);
    return true;
  });
  await drawn(lossy.page, PODS, target.name, target.ip);
  const callsBefore = lossy.calls.filter((c) => c === 'model:get').length;

  // This change's patch is lost on the way to the lossy page (the first page gets it).
  dropping = true;
  const missed = { name: target.name, ip: '10.99.0.2' };
  fake.put(withIp(podNamed(missed.name), missed.ip));
  await drawn(first.page, PODS, missed.name, missed.ip);
  // The lossy page's copy of the patch goes through this process's route, and may come after the first page drew it.
  await arrived(() => dropped.length > 0, 'the patch on its way to the lossy page');
  assert.equal(dropped.length, 1, 'the patch was dropped');
  assert.equal(lossy.calls.filter((c) => c === 'model:get').length, callsBefore, 'nothing tells the page yet');

  // The next patch does not follow on from what the lossy page has: it asks for the whole model.
  const other = items.find((o) => o.kind === 'Pod' && (o.spec as { nodeName?: string }).nodeName === 'kind-worker9' && (o.status as { podIP?: string }).podIP)!;
  const next = { name: (other.metadata as { name: string }).name, ip: '10.99.0.3' };
  fake.put(withIp(other, next.ip));
  await drawn(lossy.page, PODS, next.name, next.ip);
  await drawn(lossy.page, PODS, missed.name, missed.ip);
  assert.equal(lossy.calls.filter((c) => c === 'model:get').length, callsBefore + 1, 'one resync');

  const fresh = await watchPage();
  await drawn(fresh.page, PODS, next.name, next.ip);
  assert.deepStrictEqual(await semantic(lossy.page), await semantic(fresh.page));
  assert.deepStrictEqual(await semantic(first.page), await semantic(fresh.page), 'the page that got every patch ends equal too');
});

test('the pages made no errors', () => {
  // The lossy page's resync and the fresh pages too, not only the first.
  assert.ok(watchedPages.length >= 4, `pages watched: ${watchedPages.length}`);
  for (const [i, watched] of watchedPages.entries()) assert.deepEqual(watched.errors, [], `page ${i}`);
});
