// The app's Redact toggle in browser mode (issue 11, item 5): pressed, the
// picture, the top bar, the details panel and an export hold pseudonyms and
// none of the snapshot's names, IPs or registries; the picture says it is
// redacted. Released, the real names come back. The secrets are read here
// from the snapshot's objects, not by the redaction.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { kindItems, listText, smallCluster, tempDir, type TempDir } from './fixtures.ts';
import type { KubeObject } from '../../main/model/kube.ts';
import { SNAPSHOT_META_KEY } from '../../main/snapshot/meta.ts';
import { launchBrowser, openPage, startApp, type App, type OpenedPage, waitForDrawing } from './helpers.ts';
import { parseImageRef } from '../../main/model/index.ts';
import { KUBERNETES_NAMESPACES } from '../../main/model/redact.ts';

let browser: Browser;
let files: TempDir;
let app: App;
let opened: OpenedPage;
const SOURCE = 'acme-prod-eu1.json';

before(async () => {
  browser = await launchBrowser();
  files = tempDir('anatomy-e2e-redact-');
  app = await startApp({ snapshot: files.write(SOURCE, listText(kindItems())) });
  opened = await openPage(browser, app.server.url);
  await waitForDrawing(opened.page);
});

after(async () => {
  await opened?.context.close();
  await app?.close();
  await browser?.close();
  files?.remove();
});

interface Obj {
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string };
  spec?: { containers?: { name: string; image: string }[]; initContainers?: { name: string; image: string }[]; volumes?: { name: string }[] };
  status?: { podIP?: string; hostIP?: string; addresses?: { address: string }[] };
}

/** Names, namespaces, uids, IPs, and each image's registry and repository parts, of the snapshot's objects. */
function secrets(): string[] {
  const out = new Set<string>([SOURCE]);
  for (const o of kindItems() as Obj[]) {
    for (const v of [o.metadata?.name, o.metadata?.namespace, o.metadata?.uid, o.status?.podIP, o.status?.hostIP, ...(o.status?.addresses ?? []).map((a) => a.address)]) if (v) out.add(v);
    for (const c of [...(o.spec?.containers ?? []), ...(o.spec?.initContainers ?? [])]) {
      out.add(c.name);
      const ref = parseImageRef(c.image);
      out.add(ref.registry);
      for (const seg of ref.repository.split('/')) out.add(seg);
    }
    for (const v of o.spec?.volumes ?? []) out.add(v.name);
  }
  for (const k of KUBERNETES_NAMESPACES) out.delete(k);
  return [...out].filter((s) => s.length >= 4 && !['node', 'data', 'pod', 'volume', 'container'].includes(s));
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
function found(text: string, list: string[]): string[] {
  return list.filter((s) => new RegExp(`(^|[^A-Za-z0-9_.-])${escape(s)}($|[^A-Za-z0-9_-])`).test(text));
}

test('Redact: the picture, the top bar, the details and an export hold pseudonyms only; released, the names come back', async () => {
  const { page } = opened;
  const list = secrets();
  const picture = () => page.evaluate(() => document.querySelector('svg[data-detail]')?.outerHTML ?? '');
  assert.ok(found(await picture(), list).length > 20, 'the plain picture shows the names (so the check can fail)');
  const button = page.locator('#redact-toggle');
  assert.equal(await button.getAttribute('aria-pressed'), 'false');

  await button.click();
  await page.waitForSelector('svg[data-detail][data-redacted="true"]', { state: 'attached', timeout: 15_000 });
  assert.equal(await button.getAttribute('aria-pressed'), 'true');
  const redacted = await picture();
  assert.deepEqual(found(redacted, list), []);
  assert.match(await page.locator('svg[data-detail] > title').first().textContent() ?? '', /\(redacted\)/);
  const topbar = (await page.locator('#source').textContent()) ?? '';
  assert.deepEqual(found(topbar, list), [], topbar);
  assert.match(topbar, /cluster-[0-9a-f]{6}/);

  // A pod's details: its name, IP, containers and images, all pseudonyms.
  await page.locator('g[data-kind=pod]').first().click();
  await page.waitForSelector('#details[data-kind=pod], #details .details-title', { state: 'attached', timeout: 10_000 }).catch(() => undefined);
  const details = (await page.locator('#details').textContent()) ?? '';
  assert.match(details, /pod-[0-9a-f]{6}/);
  assert.deepEqual(found(details, list), []);

  // The export takes what is drawn.
  await page.keyboard.press('Escape');
  await page.click('#export-button');
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.click('[data-testid=export-svg]')]);
  const exported = (await readFile(await file.path())).toString('utf8');
  assert.match(exported, /data-redacted="true"/);
  assert.deepEqual(found(exported, list), []);
  assert.deepEqual(found(file.suggestedFilename(), list), [], file.suggestedFilename());

  await button.click();
  await page.waitForFunction(() => !document.querySelector('svg[data-detail]')?.hasAttribute('data-redacted'), undefined, { timeout: 15_000 });
  assert.equal(await button.getAttribute('aria-pressed'), 'false');
  assert.ok(found(await picture(), list).length > 20);
  assert.deepEqual(opened.errors, []);
});

test('Redact: notes (a saved one and one made on the page) stay pinned to their objects by the pseudonyms, and by the real names again when released', async () => {
  const items = smallCluster() as KubeObject[];
  const uidOf = (name: string) => (items.find((i) => (i.metadata as { name: string }).name === name)!.metadata as { uid: string }).uid;
  const web0 = uidOf('web-0');
  const web1 = uidOf('web-1');
  const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items, [SNAPSHOT_META_KEY]: { resources: ['nodes', 'pods', 'namespaces'], gaps: [], callouts: [{ n: 1, text: 'saved note', target: { kind: 'pod', uid: web0, key: 'shop/web-0' } }] } });
  const noted = await startApp({ snapshot: files.write('noted.json', text) });
  const page2 = await openPage(browser, noted.server.url);
  try {
    const { page } = page2;
    await waitForDrawing(page);
    const marker = (n: number) => `#canvas g[data-role=callout][data-callout-n="${n}"]`;
    await page.waitForSelector(marker(1), { state: 'attached', timeout: 10_000 });
    await page.locator('g[data-kind=pod][data-name=web-1]').dispatchEvent('click');
    await page.waitForFunction(() => document.getElementById('details-heading')?.textContent === 'web-1', undefined, { timeout: 5000 });
    await page.locator('#canvas').focus();
    await page.keyboard.press('n');
    await page.waitForSelector(marker(2), { state: 'attached', timeout: 5000 });
    await page.keyboard.type('made here');
    await page.locator('#canvas').focus();

    await page.click('#redact-toggle');
    await page.waitForSelector('svg[data-detail][data-redacted="true"]', { state: 'attached', timeout: 15_000 });
    await page.waitForFunction(() => !document.querySelector('#canvas g[data-role=callout][data-target-uid^="uid-"]'), undefined, { timeout: 5000 }).catch(() => undefined);
    for (const n of [1, 2]) {
      assert.equal(await page.getAttribute(marker(n), 'data-callout-state'), 'pinned', `note ${n} pinned while redacted`);
      const uid = (await page.getAttribute(marker(n), 'data-target-uid')) ?? '';
      const key = (await page.getAttribute(marker(n), 'data-target-key')) ?? '';
      assert.ok(![web0, web1].includes(uid) && !/web-/.test(key), `${uid} ${key}`);
      assert.equal(await page.locator(`g[data-kind=pod][data-uid="${uid}"]`).count(), 1, 'pinned to a pod drawn under its pseudonym');
    }
    const html = await page.evaluate(() => document.getElementById('canvas')?.outerHTML ?? '');
    assert.deepEqual(['web-0', 'web-1', web0, web1].filter((s) => html.includes(s)), []);

    await page.click('#redact-toggle');
    await page.waitForFunction(() => !document.querySelector('svg[data-detail]')?.hasAttribute('data-redacted'), undefined, { timeout: 15_000 });
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('data-callout-state') === 'pinned', marker(2), { timeout: 5000 });
    assert.equal(await page.getAttribute(marker(1), 'data-target-uid'), web0);
    assert.equal(await page.getAttribute(marker(2), 'data-target-uid'), web1);
    assert.equal(await page.getAttribute(marker(1), 'data-callout-state'), 'pinned');
    assert.deepEqual(page2.errors, []);
  } finally {
    await page2.context.close();
    await noted.close();
  }
});
