// The app's Redact toggle in browser mode (issue 11, item 5): pressed, the
// picture, the top bar, the details panel and an export hold pseudonyms and
// none of the snapshot's names, IPs or registries; the picture says it is
// redacted. Released, the real names come back. The secrets are read here
// from the snapshot's objects, not by the redaction.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { kindItems, listText, tempDir, type TempDir } from './fixtures.ts';
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
