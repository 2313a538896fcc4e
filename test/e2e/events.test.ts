// An object's events in the details panel, end to end (browser mode, through
// the page socket and events:get): a snapshot saved with events shows a pod's
// newest first, a container's without its sibling's, and a note's markup
// stays text; a snapshot without events says it has none.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { KubeObject } from '../../main/model/kube.ts';
import { EVENTS_AFTER_MS } from '../../main/cluster/live-source.ts';
import { FakeApiServer, kubeconfigText } from '../fixtures/fake-apiserver.ts';
import { namespace, node, pod } from '../fixtures/session/objects.ts';
import { listText, tempDir, type TempDir } from './fixtures.ts';
import { launchBrowser, openPage, startApp, type App, type OpenedPage, waitForDrawing } from './helpers.ts';

const HOSTILE = `<img src=x onerror="window.__pwned='event'" id="pwn-event">`;

function items(withEvents: boolean): KubeObject[] {
  const objects: KubeObject[] = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', uid: 'ns-1' } },
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1', uid: 'node-1' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-0', namespace: 'shop', uid: 'pod-1' },
      spec: { nodeName: 'worker-1', containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'side', image: 'busybox:1.36' }] },
      status: { phase: 'Running' },
    },
  ];
  if (!withEvents) return objects;
  const event = (uid: string, reason: string, type: string, last: string, extra: Record<string, unknown>): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `web-0.${uid}`, namespace: 'shop', uid },
    involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'pod-1', ...extra },
    reason,
    type,
    message: `${reason} happened`,
    count: 1,
    source: { component: 'kubelet', host: 'worker-1' },
    firstTimestamp: last,
    lastTimestamp: last,
  });
  return [
    ...objects,
    event('e-1', 'Scheduled', 'Normal', '2026-11-30T03:00:00Z', {}),
    { ...event('e-2', 'BackOff', 'Warning', '2026-11-30T03:10:00Z', { fieldPath: 'spec.containers{app}' }), message: HOSTILE, count: 4 },
    event('e-3', 'Pulled', 'Normal', '2026-11-30T03:05:00Z', { fieldPath: 'spec.containers{side}' }),
  ];
}

let browser: Browser;
let files: TempDir;
const apps: App[] = [];
const fakes: FakeApiServer[] = [];
const pages: OpenedPage[] = [];

before(async () => {
  browser = await launchBrowser();
  files = tempDir('anatomy-e2e-events-');
});

after(async () => {
  for (const p of pages) await p.context.close();
  for (const a of apps) await a.close();
  for (const f of fakes) await f.close();
  await browser?.close();
  files?.remove();
});

async function open(file: string, withEvents: boolean): Promise<OpenedPage> {
  const app = await startApp({ snapshot: files.write(file, listText(items(withEvents))) });
  apps.push(app);
  const opened = await openPage(browser, app.server.url);
  pages.push(opened);
  await waitForDrawing(opened.page);
  return opened;
}

const reasons = (o: OpenedPage) => o.page.$$eval('#details [data-section=events] li.event', (els) => els.map((e) => `${e.getAttribute('data-type')} ${e.getAttribute('data-reason')}`));

test("a pod's and a container's events from a snapshot, newest first, their text as text", async () => {
  const opened = await open('with-events.json', true);
  const { page } = opened;
  await page.locator('g[data-kind=pod][data-uid=pod-1]').dispatchEvent('click');
  await page.waitForSelector('#details [data-section=events] li.event');
  assert.deepEqual(await reasons(opened), ['Warning BackOff', 'Normal Pulled', 'Normal Scheduled']);
  const first = page.locator('#details [data-section=events] li.event').first();
  assert.equal(await first.locator('.event-note').textContent(), HOSTILE);
  assert.equal(await first.locator('.event-count').textContent(), '×4');
  assert.match((await first.locator('.event-meta').textContent()) ?? '', /by kubelet, worker-1/);
  assert.equal(await page.locator('#pwn-event').count(), 0, 'no element from the note');
  assert.equal(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned), undefined);
  // The container app: its pod's events less the other container's.
  await page.locator('g[data-kind=pod][data-uid=pod-1] g[data-kind=container]').first().dispatchEvent('click');
  await page.waitForFunction(() => document.getElementById('details')?.getAttribute('data-kind') === 'container');
  await page.waitForSelector('#details [data-section=events] li.event');
  assert.deepEqual(await reasons(opened), ['Warning BackOff', 'Normal Scheduled']);
});

test('a snapshot without events says so', async () => {
  const { page } = await open('without-events.json', false);
  await page.locator('g[data-kind=pod][data-uid=pod-1]').dispatchEvent('click');
  await page.waitForSelector('#details [data-section=events][data-state=none]');
  assert.match((await page.textContent('#details [data-section=events]')) ?? '', /This source has no events/);
});

test("a live cluster's events are listed once the page has drawn its first model: the page says so (view:shown), once, and the list follows at once", async () => {
  const fake = await FakeApiServer.start();
  fakes.push(fake);
  fake.serveObjects([namespace('default'), node('worker-1', '10.1.0.2'), pod({ name: 'web-0', node: 'worker-1', ip: '10.244.0.5' })]);
  const app = await startApp({ kubeconfig: files.write('kubeconfig', kubeconfigText([{ name: 'fake', server: fake.url }], 'fake')) });
  apps.push(app);
  // The server's side: when the page's word came, and what the API server had been asked by then.
  const heard: { revision: number; at: number; asked: number }[] = [];
  const viewShown = app.session.viewShown.bind(app.session);
  app.session.viewShown = (revision: number) => {
    heard.push({ revision, at: Date.now(), asked: fake.requests.length });
    viewShown(revision);
  };
  // The page's side: when the first pod was in the DOM, and each view:shown sent, by the page's clock.
  const init = `(() => {
    const w = window; w.__firstPod = undefined; w.__shownSent = [];
    new MutationObserver(() => { if (w.__firstPod === undefined && document.querySelector('[data-kind=pod][data-uid]')) w.__firstPod = performance.now(); })
      .observe(document, { subtree: true, childList: true });
    const send = WebSocket.prototype.send;
    WebSocket.prototype.send = function (data) { if (String(data).includes('"anatomy:view:shown"')) w.__shownSent.push(performance.now()); return send.call(this, data); };
  })();`;
  const opened = await openPage(browser, app.server.url, { init });
  pages.push(opened);
  await opened.page.waitForSelector('g[data-kind=pod][data-name=web-0]', { state: 'attached', timeout: 15_000 });
  const isEvents = (path: string) => path.endsWith('/events');
  let listedAt: number | undefined;
  for (let i = 0; i < 1000 && listedAt === undefined; i++) {
    if (fake.requests.some((r) => isEvents(r.path) && !r.watch)) listedAt = Date.now();
    else await new Promise((r) => setTimeout(r, 10));
  }
  assert.ok(listedAt !== undefined, 'the events were listed');
  assert.equal(heard.length, 1, 'the server heard view:shown once');
  const word = heard[0]!;
  assert.equal(word.revision, app.session.state().firstRevision, "the revision drawn is the cluster's first model");
  assert.ok(!fake.requests.slice(0, word.asked).some((r) => isEvents(r.path)), 'no events asked for before the page said it drew');
  // At once, not at the fallback EVENTS_AFTER_MS (5 s) after the first objects went out.
  assert.ok(listedAt - word.at < EVENTS_AFTER_MS / 2, `listed ${listedAt - word.at} ms after the page's word`);
  const { firstPod, sent } = await opened.page.evaluate(() => {
    const w = window as unknown as { __firstPod?: number; __shownSent: number[] };
    return { firstPod: w.__firstPod, sent: w.__shownSent };
  });
  assert.ok(firstPod !== undefined && sent.length === 1 && sent[0]! > firstPod, `sent at ${sent.join(', ')} ms, the first pod drawn at ${firstPod} ms`);
  // A change to the same cluster is no first model: it is drawn, and nothing more is said. Idle callbacks
  // run in the order asked for, so one asked for after the change is drawn runs after any the drawing asked for.
  fake.put(pod({ name: 'web-1', node: 'worker-1', ip: '10.244.0.6' }));
  await opened.page.waitForSelector('g[data-kind=pod][data-name=web-1]', { state: 'attached', timeout: 10_000 });
  await opened.page.evaluate(() => new Promise<void>((resolve) => requestIdleCallback(() => resolve())));
  assert.equal(await opened.page.evaluate(() => (window as unknown as { __shownSent: number[] }).__shownSent.length), 1);
});
