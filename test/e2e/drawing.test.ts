// The drawing in a real browser, served by the browser-mode server from
// snapshot files: every pod inside its node with its IP, containers inside
// pods, shared volumes marked; then search and the details panel.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { kindItems, listText, smallCluster, tempDir, type TempDir } from './fixtures.ts';
import { drawnPods, fontOfTexts, launchBrowser, openPage, screenshot, startApp, type App, type OpenedPage, waitForDrawing, zoomToLevel } from './helpers.ts';

interface RawPod {
  metadata: { name: string; namespace: string; uid: string };
  spec: {
    nodeName?: string;
    containers: { name: string; volumeMounts?: { name: string }[] }[];
    initContainers?: { name: string; volumeMounts?: { name: string }[] }[];
    ephemeralContainers?: { name: string }[];
    volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[];
  };
  status: { podIP?: string };
}

let browser: Browser;
let files: TempDir;

before(async () => {
  browser = await launchBrowser();
  files = tempDir('anatomy-e2e-drawing-');
});
after(async () => {
  await browser?.close();
  files?.remove();
});

async function showSnapshot(name: string, text: string): Promise<{ app: App; opened: OpenedPage }> {
  const app = await startApp({ snapshot: files.write(name, text) });
  const opened = await openPage(browser, app.server.url);
  await opened.page.waitForSelector('g[data-kind=pod]', { timeout: 15_000 });
  return { app, opened };
}

describe('a recorded kind cluster', () => {
  let app: App;
  let opened: OpenedPage;
  const items = kindItems();
  const pods = items.filter((i) => i.kind === 'Pod') as unknown as RawPod[];

  before(async () => {
    ({ app, opened } = await showSnapshot('kind.json', listText(items)));
  });
  after(async () => {
    await opened?.context.close();
    await app?.close();
  });

  test('every pod is drawn inside its node, with its IP as text', async () => {
    const drawn = await drawnPods(opened.page);
    assert.equal(drawn.length, pods.length, 'one drawn pod per pod in the snapshot');
    for (const pod of pods) {
      const found = drawn.find((d) => d.name === pod.metadata.name && d.namespace === pod.metadata.namespace);
      assert.ok(found, `${pod.metadata.namespace}/${pod.metadata.name} is drawn`);
      if (pod.spec.nodeName) assert.equal(found.node, pod.spec.nodeName, `${pod.metadata.name} is inside node ${pod.spec.nodeName}`);
      else assert.equal(found.band, 'unscheduled', `${pod.metadata.name} is with the unscheduled pods`);
      if (pod.status.podIP) {
        assert.equal(found.ip, pod.status.podIP);
        const shown = await opened.page.$$eval(
          `g[data-kind=pod][data-uid="${pod.metadata.uid}"] text`,
          (texts, ip) => texts.some((t) => t.closest('g[data-kind=pod]') && t.textContent === ip),
          pod.status.podIP,
        );
        assert.ok(shown, `${pod.metadata.name} shows ${pod.status.podIP}`);
      }
    }
    await screenshot(opened.page, 'drawing-kind');
  });

  test('containers are drawn inside their pods', async () => {
    // Containers are the closest level: zoom in to it.
    await zoomToLevel(opened.page, 'containers');
    for (const pod of pods) {
      const expected = [...(pod.spec.initContainers ?? []), ...pod.spec.containers, ...(pod.spec.ephemeralContainers ?? [])].map((c) => c.name).sort();
      const drawn = await opened.page.$$eval(`g[data-kind=pod][data-uid="${pod.metadata.uid}"] g[data-kind=container]`, (els) =>
        els.map((e) => e.getAttribute('data-name') ?? '').sort(),
      );
      assert.deepEqual(drawn, expected, `containers of ${pod.metadata.name}`);
    }
  });

  test('a claim used by several pods is marked on each of their volumes', async () => {
    const byClaim = new Map<string, string[]>();
    for (const pod of pods) {
      for (const volume of pod.spec.volumes ?? []) {
        if (!volume.persistentVolumeClaim) continue;
        const key = `${pod.metadata.namespace}/${volume.persistentVolumeClaim.claimName}`;
        byClaim.set(key, [...(byClaim.get(key) ?? []), pod.metadata.uid]);
      }
    }
    const shared = [...byClaim].filter(([, users]) => users.length > 1);
    assert.ok(shared.length > 0, 'the fixture has a claim shared between pods');
    await zoomToLevel(opened.page, 'containers');
    for (const [claim, users] of shared) {
      for (const uid of users) {
        const marked = await opened.page.$$eval(`g[data-kind=pod][data-uid="${uid}"] g[data-kind=volume][data-claim]`, (els) => els.map((e) => e.getAttribute('data-claim')));
        assert.ok(marked.includes(claim), `${uid} marks ${claim}`);
      }
    }
  });

  test('the page made no errors', () => {
    assert.deepEqual(opened.errors, []);
    assert.deepEqual(opened.dialogs, []);
  });
});

describe('a small cluster: shared volumes, search and details', () => {
  let app: App;
  let opened: OpenedPage;

  before(async () => {
    ({ app, opened } = await showSnapshot('small.json', listText(smallCluster())));
  });
  after(async () => {
    await opened?.context.close();
    await app?.close();
  });

  test('a volume two containers mount is marked shared, with a line to each container', async () => {
    const { page } = opened;
    await zoomToLevel(page, 'containers');
    const volume = page.locator('g[data-kind=pod][data-name=web-0] g[data-kind=volume][data-name=logs]');
    assert.equal(await volume.getAttribute('data-shared'), 'true');
    const volumeUid = await volume.getAttribute('data-uid');
    const mounts = await page.$$eval(`g[data-kind=pod][data-name=web-0] g[data-kind=mount][data-volume="${volumeUid}"]`, (els) =>
      els.map((e) => e.getAttribute('data-container')).sort(),
    );
    assert.deepEqual(mounts, ['pod-shop-web-0-uid/app/log-shipper', 'pod-shop-web-0-uid/app/web']);
    // A volume nobody shares is not marked.
    assert.equal(await page.locator('g[data-kind=volume][data-shared=true]').count(), 1);
  });

  test('search finds a pod by IP and Enter selects it in the details panel', async () => {
    const { page } = opened;
    await page.fill('#search', '10.244.1.11');
    await page.waitForFunction(() => document.querySelector('g[data-kind=pod][data-name=web-1]')?.hasAttribute('data-hit'), undefined, { timeout: 5000 });
    assert.match((await page.textContent('#search-count')) ?? '', /1/);
    assert.equal(await page.locator('g[data-kind=pod][data-hit]').count(), 1);
    await page.press('#search', 'Enter');
    await page.waitForFunction(() => document.getElementById('details-heading')?.textContent === 'web-1', undefined, { timeout: 5000 });
    assert.notEqual(await page.locator('g[data-kind=pod][data-name=web-1]').getAttribute('data-selected'), null);
    const details = (await page.textContent('#details-body')) ?? '';
    assert.match(details, /10\.244\.1\.11/);
    assert.match(details, /worker-1/);
    await screenshot(page, 'search-details');
    await page.fill('#search', '');
    await page.press('#search', 'Escape');
  });

  test('clicking a node shows it in the details panel', async () => {
    const { page } = opened;
    await page.locator('g[data-kind=node][data-name=worker-1]').dispatchEvent('click');
    await page.waitForFunction(() => document.getElementById('details-heading')?.textContent === 'worker-1', undefined, { timeout: 5000 });
    const details = (await page.textContent('#details-body')) ?? '';
    assert.match(details, /172\.18\.0\.3/);
  });

  test('a pending pod is drawn with the unscheduled pods, not in a node', async () => {
    const pending = (await drawnPods(opened.page)).find((p) => p.name === 'pending-0');
    assert.equal(pending?.node, null);
    assert.equal(pending?.band, 'unscheduled');
  });

  test('the page made no errors', () => {
    assert.deepEqual(opened.errors, []);
  });
});

describe('the built-in demo', () => {
  let app: App;
  let opened: OpenedPage;

  before(async () => {
    app = await startApp({ demo: true });
    opened = await openPage(browser, app.server.url);
    await waitForDrawing(opened.page);
  });
  after(async () => {
    await opened?.context.close();
    await app?.close();
  });

  test('every pod of the demo model is drawn in its node with its IP, marked as the demo', async () => {
    const model = app.session.model()!.model;
    const drawn = await drawnPods(opened.page);
    const expected = [
      ...model.nodes.flatMap((n) => n.pods.map((p) => `${n.name}/${p.namespace}/${p.name}/${p.podIP ?? ''}`)),
      ...model.unscheduled.map((p) => `unscheduled/${p.namespace}/${p.name}/${p.podIP ?? ''}`),
    ].sort();
    assert.ok(expected.length > 10);
    assert.deepEqual(drawn.map((p) => `${p.node ?? p.band}/${p.namespace}/${p.name}/${p.ip ?? ''}`).sort(), expected);
    assert.equal(await opened.page.locator('#demo-banner').isVisible(), true);
    assert.equal((await opened.page.textContent('#demo-reason'))?.trim(), '', 'chosen, so no reason');
    await screenshot(opened.page, 'drawing-demo');
    assert.deepEqual(opened.errors, []);
  });

  test('sets every text in Pretendard from a few of its small subsets, not from the whole font (renderer/fonts.css)', async () => {
    const found = await fontOfTexts(opened.page);
    assert.ok(found.texts > 30, `texts checked: ${found.texts}`);
    assert.deepEqual(found.stand, [], 'no text waits for a face, or is set in a stand-in');
    assert.ok(found.files.length > 0 && found.files.every((f) => /^\/fonts\/web\/Pretendard-\w+\.subset\.\d+\.woff2$/.test(f)), found.files.join(' '));
    assert.ok(found.files.length <= 12, `a few subsets: ${found.files.join(' ')}`);
  });
});
