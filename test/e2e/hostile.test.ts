// Strings from a cluster are data, never markup: a snapshot full of HTML and
// SVG payloads is drawn, searched, filtered and shown in the details panel,
// and no script runs, no element from the payloads appears, and the strings
// are visible as text.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import type { KubeObject } from '../../main/model/kube.ts';
import { listText, tempDir, type TempDir } from './fixtures.ts';
import { launchBrowser, openPage, screenshot, startApp, type App, type OpenedPage, waitForDrawing } from './helpers.ts';

// Each payload, if it ever became markup, would set window.__pwned or open a dialog.
const P = {
  node: `<img src=x onerror="window.__pwned='node'">`,
  pod: `<script>window.__pwned='pod'</script>`,
  namespace: `<iframe srcdoc="<script>parent.__pwned='ns'</script>">`,
  container: `</text><foreignObject><body onload="window.__pwned='container'"></body></foreignObject><text>`,
  image: `javascript:alert('image')//"><svg onload=alert('image')>`,
  ip: `"><svg/onload=window.__pwned='ip'>`,
  label: `<a href="javascript:alert('label')" id="pwn-link">click</a>`,
  message: `<b onmouseover="window.__pwned='message'" id="pwn-b">hover</b>`,
  volume: `{{constructor.constructor('window.__pwned=1')()}}`,
  file: `<img src=x onerror=alert('file')>.json`,
};

function hostileItems(): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: P.namespace, uid: 'ns-1' } },
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: P.node, uid: 'node-1', labels: { [P.label]: P.label, __proto__: { polluted: 'yes' } } as Record<string, unknown> },
      status: {
        addresses: [{ type: 'InternalIP', address: P.ip }],
        conditions: [{ type: 'Ready', status: 'False', reason: P.message, message: P.message }],
        nodeInfo: { containerRuntimeVersion: `containerd://${P.message}`, osImage: P.label },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: P.pod, namespace: P.namespace, uid: 'pod-1', labels: { app: P.label }, annotations: { huge: 'A'.repeat(200_000) } },
      spec: {
        nodeName: P.node,
        containers: [
          { name: P.container, image: P.image, volumeMounts: [{ name: P.volume, mountPath: P.label }] },
          { name: 'sidecar', image: 'busybox', volumeMounts: [{ name: P.volume, mountPath: '/x' }] },
        ],
        volumes: [{ name: P.volume, hostPath: { path: P.message } }],
      },
      status: {
        phase: 'Running',
        podIP: P.ip,
        message: P.message,
        reason: P.message,
        containerStatuses: [{ name: P.container, image: P.image, imageID: P.image, ready: false, restartCount: 1, state: { waiting: { reason: P.message, message: P.message } } }],
      },
    },
  ];
}

let browser: Browser;
let files: TempDir;
let app: App;
let opened: OpenedPage;

before(async () => {
  browser = await launchBrowser();
  files = tempDir('anatomy-e2e-hostile-');
  // JSON.stringify drops a literal __proto__ key set through an object literal, so write it by hand.
  const text = listText(hostileItems()).replace('"labels": {', '"labels": {\n "__proto__": {"polluted": "yes"},');
  app = await startApp({ snapshot: files.write(P.file, text) });
  opened = await openPage(browser, app.server.url);
  await waitForDrawing(opened.page);
});

after(async () => {
  await opened?.context.close();
  await app?.close();
  await browser?.close();
  files?.remove();
});

async function assertNothingRan(): Promise<void> {
  const { page } = opened;
  const found = await page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    polluted: ({} as Record<string, unknown>).polluted,
    elements: [
      ...document.querySelectorAll('img, iframe, foreignObject, script:not([src]), a[href^="javascript"], #pwn-link, #pwn-b, b, [onerror], [onload], [onmouseover], [srcdoc]'),
    ].map((e) => e.outerHTML.slice(0, 80)),
    inSvg: [...document.querySelectorAll('#canvas svg svg, #canvas body')].map((e) => e.outerHTML.slice(0, 80)),
  }));
  assert.equal(found.pwned, undefined, 'no payload ran');
  assert.equal(found.polluted, undefined, 'no prototype was polluted');
  assert.deepEqual(found.elements, [], 'no element came from the payloads');
  assert.deepEqual(found.inSvg, []);
  assert.deepEqual(opened.dialogs, [], 'no dialog opened');
}

test('the drawing shows the hostile names as text and runs nothing', async () => {
  const { page } = opened;
  const pod = page.locator('g[data-kind=pod][data-uid=pod-1]');
  assert.equal(await pod.getAttribute('data-name'), P.pod);
  assert.equal(await pod.getAttribute('data-namespace'), P.namespace);
  assert.equal(await pod.getAttribute('data-ip'), P.ip);
  assert.equal(await page.locator('g[data-kind=node][data-uid=node-1]').getAttribute('data-name'), P.node);
  const texts = await page.$$eval('#canvas text', (els) => els.map((e) => e.textContent ?? ''));
  assert.ok(texts.some((t) => t.includes(P.pod.slice(0, 12))), 'the pod name is visible as text');
  assert.ok(
    (await page.$$eval('#source-name, #source', (els) => els.map((e) => e.textContent ?? ''))).some((t) => t.includes('<img src=x')),
    'the file name is shown as text',
  );
  await assertNothingRan();
  await screenshot(page, 'hostile-drawing');
});

test('details, search and the namespace filter show the payloads as text and run nothing', async () => {
  const { page } = opened;
  await page.locator('g[data-kind=pod][data-uid=pod-1]').dispatchEvent('click');
  await page.waitForFunction((name) => document.getElementById('details-heading')?.textContent === name, P.pod, { timeout: 5000 });
  const details = (await page.textContent('#details')) ?? '';
  assert.ok(details.includes(P.namespace) || details.includes(P.ip), 'payloads appear as text in the details');
  await page.locator('g[data-kind=node][data-uid=node-1]').dispatchEvent('click');
  await page.waitForFunction((name) => document.getElementById('details-heading')?.textContent === name, P.node, { timeout: 5000 });
  await page.locator('g[data-kind=pod][data-uid=pod-1] g[data-kind=volume]').first().dispatchEvent('click');
  await page.locator('g[data-kind=pod][data-uid=pod-1] g[data-kind=container]').first().dispatchEvent('click');
  await page.hover('#canvas');

  await page.fill('#search', '<script>');
  await page.waitForFunction(() => document.querySelector('g[data-kind=pod][data-uid=pod-1]')?.hasAttribute('data-hit'), undefined, { timeout: 5000 });
  await page.fill('#search', P.label);
  await page.press('#search', 'Enter');

  await page.click('#namespace-button');
  await page.waitForSelector('#namespace-list input', { state: 'attached', timeout: 5000 });
  const listed = (await page.textContent('#namespace-list')) ?? '';
  assert.ok(listed.includes(P.namespace), 'the namespace is listed as text');
  await page.keyboard.press('Escape');
  await screenshot(page, 'hostile-details');
  await assertNothingRan();
});

test('every concept lens tells the hostile names as text and runs nothing', async () => {
  const { page } = opened;
  for (const id of ['C1', 'C2', 'C3', 'C4', 'C5', 'C6', 'C7', 'C8', 'C9', 'C10', 'C11']) {
    await page.selectOption('#lens-select', id);
    await page.waitForSelector(`[data-concept-panel="${id}"]`);
    // Every example's sentences are clicked through, each selecting and zooming to its object.
    for (const example of await page.$$('#lens-panel .lens-example')) await example.click();
  }
  await page.selectOption('#lens-select', 'C2');
  await page.waitForSelector('[data-concept-panel="C2"]');
  assert.ok(((await page.textContent('#lens-panel')) ?? '').includes(P.pod), 'the pod name is in the panel as text');
  await page.keyboard.press('Escape');
  await assertNothingRan();
});

test('the page made no errors', () => {
  assert.deepEqual(opened.errors, []);
});
