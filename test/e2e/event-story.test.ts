// The teaching hooks on events, end to end (browser mode, a snapshot saved
// with events, through events:get): with the C1 lens on, a pod's details tell
// its scheduling story (the FailedScheduling, then the binding to its node)
// and a pending pod says why it waits; off the lens, no story. A container's
// Image section lists the kubelet's pulls of its own image only (matched by
// fieldPath), "already present" said as such, and C7 / C10 add their words.
// The Korean page tells the same with no interface English.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { KubeObject } from '../../main/model/kube.ts';
import { interfaceEnglish, wordsOfValues } from '../fixtures/i18n-words.ts';
import { listText, tempDir, type TempDir } from './fixtures.ts';
import { launchBrowser, openPage, startApp, type App, type OpenedPage, waitForDrawing } from './helpers.ts';

const BOUND_NOTE = 'Successfully assigned shop/web-0 to worker-1';
const FAILED_NOTE = '0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.';
const PENDING_NOTE = "0/1 nodes are available: 1 node(s) didn't match Pod's node affinity/selector.";

function items(): KubeObject[] {
  let n = 0;
  const event = (pod: string, podUid: string, reason: string, type: string, last: string, message: string, extra: Record<string, unknown> = {}, component = 'kubelet'): KubeObject => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `${pod}.${++n}`, namespace: 'shop', uid: `ev-${String(n).padStart(2, '0')}` },
    involvedObject: { kind: 'Pod', namespace: 'shop', name: pod, uid: podUid, ...extra },
    reason,
    type,
    message,
    count: 1,
    source: { component, host: component === 'kubelet' ? 'worker-1' : undefined },
    firstTimestamp: last,
    lastTimestamp: last,
  });
  const app = { fieldPath: 'spec.containers{app}' };
  const side = { fieldPath: 'spec.containers{side}' };
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', uid: 'ns-1' } },
    { apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-1', uid: 'node-1' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-0', namespace: 'shop', uid: 'pod-1' },
      spec: { nodeName: 'worker-1', containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'side', image: 'busybox:1.36' }] },
      status: { phase: 'Running' },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'wait-0', namespace: 'shop', uid: 'pod-2' },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], nodeSelector: { disk: 'ssd' } },
      status: { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: PENDING_NOTE }] },
    },
    event('web-0', 'pod-1', 'FailedScheduling', 'Warning', '2026-11-30T03:00:00Z', FAILED_NOTE, {}, 'default-scheduler'),
    event('web-0', 'pod-1', 'Scheduled', 'Normal', '2026-11-30T03:01:00Z', BOUND_NOTE, {}, 'default-scheduler'),
    event('web-0', 'pod-1', 'Pulling', 'Normal', '2026-11-30T03:01:10Z', 'Pulling image "nginx:1.27"', app),
    event('web-0', 'pod-1', 'Pulled', 'Normal', '2026-11-30T03:01:20Z', 'Successfully pulled image "nginx:1.27" in 9.8s (9.8s including waiting). Image size: 72080558 bytes.', app),
    event('web-0', 'pod-1', 'Started', 'Normal', '2026-11-30T03:01:21Z', 'Started container app', app),
    event('web-0', 'pod-1', 'Pulled', 'Normal', '2026-11-30T03:01:22Z', 'Container image "busybox:1.36" already present on machine', side),
    event('web-0', 'pod-1', 'BackOff', 'Warning', '2026-11-30T03:05:00Z', 'Back-off restarting failed container side in pod web-0_shop(pod-1)', side),
    event('wait-0', 'pod-2', 'FailedScheduling', 'Warning', '2026-11-30T03:02:00Z', PENDING_NOTE, {}, 'default-scheduler'),
  ];
}

let browser: Browser;
let files: TempDir;
let app: App;
const pages: OpenedPage[] = [];

before(async () => {
  browser = await launchBrowser();
  files = tempDir('anatomy-e2e-story-');
  app = await startApp({ snapshot: files.write('story.json', listText(items())) });
});

after(async () => {
  for (const p of pages) await p.context.close();
  await app?.close();
  await browser?.close();
  files?.remove();
});

async function open(hash: string): Promise<OpenedPage> {
  const opened = await openPage(browser, `${app.server.url}${hash}`, { storage: { 'kube-anatomy.renderer': 'svg' } });
  pages.push(opened);
  await waitForDrawing(opened.page);
  return opened;
}

async function selectPod(page: Page, uid: string): Promise<void> {
  await page.locator(`g[data-kind=pod][data-uid=${uid}]`).dispatchEvent('click');
  await page.waitForFunction(() => document.getElementById('details')?.getAttribute('data-kind') === 'pod');
}

/** Interface English in the texts (and read attributes) of one part of the page, code marked translate="no" left out, as i18n-page.ts reads the whole page. */
async function englishIn(page: Page, selector: string, values: ReadonlySet<string>): Promise<string[]> {
  const texts = await page.$eval(selector, (root) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.nodeType === Node.TEXT_NODE ? n.parentElement! : (n as Element);
      if (el.closest('[translate="no"]')) continue;
      if (n.nodeType === Node.TEXT_NODE) out.push((n.textContent ?? '').trim());
      else for (const attr of ['title', 'aria-label']) out.push(((n as Element).getAttribute(attr) ?? '').trim());
    }
    return out.filter(Boolean);
  });
  assert.ok(texts.length > 0, `${selector} says something`);
  return texts.flatMap((text) => interfaceEnglish(text, values).map((w) => `${w}: "${text}"`));
}

const story = (page: Page) =>
  page.$$eval('#details [data-section=scheduling-story] li.event', (els) => els.map((e) => ({ reason: e.getAttribute('data-reason'), says: e.querySelector('.event-head')?.textContent ?? '', note: e.querySelector('.event-note')?.textContent ?? null })));

const pulls = (page: Page) => page.$$eval('#details [data-testid=image-pulls] li.event', (els) => els.map((e) => `${e.getAttribute('data-phase')} ${e.getAttribute('data-reason')}`));

test("C1: a pod's scheduling story in its details, oldest first, and a pending pod's reason; none without the lens", async () => {
  const { page, errors } = await open('');
  await selectPod(page, 'pod-1');
  await page.waitForSelector('#details [data-section=events] li.event');
  assert.equal(await page.locator('#details [data-section=scheduling-story]').count(), 0, 'no story without the lens');

  await page.selectOption('#lens-select', 'C1');
  await page.waitForSelector('#details [data-section=scheduling-story] li.event');
  // The lens panel says where the story is.
  assert.match((await page.textContent('#lens-panel .lens-story')) ?? '', /Select a pod: its details tell/);
  assert.deepEqual(await story(page), [
    { reason: 'FailedScheduling', says: 'The scheduler could not place this pod yet.', note: FAILED_NOTE },
    { reason: 'Scheduled', says: 'The scheduler bound this pod to worker-1.', note: null },
  ]);
  assert.equal(await page.locator('#details [data-section=scheduling-story] .note-warn').count(), 0, 'a bound pod waits for nothing');

  // The pending pod: why it waits, in the scheduler's words.
  await page.locator('g[data-kind=pod][data-uid=pod-2]').dispatchEvent('click');
  await page.waitForSelector('#details [data-section=scheduling-story] .story-reason');
  assert.equal(await page.textContent('#details [data-section=scheduling-story] .story-reason'), PENDING_NOTE);
  assert.match((await page.textContent('#details [data-section=scheduling-story] .note-warn')) ?? '', /still waits for a node/);

  // The lens closed: the story goes.
  await page.selectOption('#lens-select', '');
  await page.waitForFunction(() => !document.querySelector('#details [data-section=scheduling-story]'));
  assert.deepEqual(errors, []);
});

test("a container's pulls beside its image, its own only; C7 and C10 say what a pull teaches", async () => {
  const { page, errors } = await open('');
  await page.locator('g[data-kind=pod][data-uid=pod-1] g[data-kind=container]').first().dispatchEvent('click');
  await page.waitForFunction(() => document.getElementById('details')?.getAttribute('data-kind') === 'container');
  await page.waitForSelector('#details [data-section=image] [data-testid=image-pulls] li.event');
  assert.deepEqual(await pulls(page), ['pulling Pulling', 'pulled Pulled']);
  assert.equal(await page.locator('#details [data-section=image] [data-testid=image-pulls] .note-teach').count(), 0, 'no lens words without a lens');

  await page.selectOption('#lens-select', 'C7');
  await page.waitForSelector('#details [data-testid=image-pulls][data-concept-story=C7] .note-teach');
  assert.match((await page.textContent('#details [data-testid=image-pulls] .note-teach')) ?? '', /image cache/);

  // The other container: already present, and the restart back-off is not a pull.
  await page.locator('g[data-kind=pod][data-uid=pod-1] g[data-kind=container]').nth(1).dispatchEvent('click');
  await page.waitForFunction(() => document.querySelector('#details-heading')?.textContent === 'side');
  await page.waitForSelector('#details [data-testid=image-pulls] li.event');
  assert.deepEqual(await pulls(page), ['present Pulled']);
  assert.equal(await page.textContent('#details [data-testid=image-pulls] li.event .event-type'), 'Already on the node');

  await page.selectOption('#lens-select', 'C10');
  await page.waitForSelector('#details [data-testid=image-pulls][data-concept-story=C10] .note-teach');
  assert.match((await page.textContent('#details [data-testid=image-pulls] .note-teach')) ?? '', /layers/);
  assert.deepEqual(errors, []);
});

test('the Korean page tells the stories with no interface English', async () => {
  const { page, errors } = await open('#lang=ko&lens=C1');
  await selectPod(page, 'pod-1');
  await page.waitForSelector('#details [data-section=scheduling-story] li.event');
  const heads = await story(page);
  assert.deepEqual(heads.map((h) => h.says), ['스케줄러가 아직 이 파드를 배치하지 못했습니다.', '스케줄러가 이 파드를 worker-1에 바인딩했습니다.']);
  // The cluster's words: its objects, and the events' reasons, notes and reporters.
  const values = wordsOfValues(items());
  const english: string[] = (await englishIn(page, '#details [data-section=scheduling-story]', values)).map((w) => `pod: ${w}`);
  english.push(...(await englishIn(page, '#lens-panel .lens-story', values)).map((w) => `lens panel: ${w}`));
  await page.selectOption('#lens-select', 'C7');
  await page.locator('g[data-kind=pod][data-uid=pod-1] g[data-kind=container]').nth(1).dispatchEvent('click');
  await page.waitForSelector('#details [data-testid=image-pulls][data-concept-story=C7] li.event');
  assert.equal(await page.textContent('#details [data-testid=image-pulls] li.event .event-type'), '이미 노드에 있음');
  english.push(...(await englishIn(page, '#details [data-testid=image-pulls]', values)).map((w) => `container: ${w}`));
  assert.deepEqual(english, []);
  assert.deepEqual(errors, []);
});
