// Snapshots through the UI in browser mode: open one with the file picker
// (it goes to the server over the WebSocket), refuse a malformed one without
// losing the view, filter by namespace, and save the current objects.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { parseSnapshot } from '../../main/snapshot/index.ts';
import { listText, smallCluster } from './fixtures.ts';
import { drawnPods, pageOnApp, screenshot } from './helpers.ts';

const env = pageOnApp('anatomy-e2e-files-', () => ({ demo: true }));

async function pick(file: string): Promise<void> {
  const { page } = env.opened;
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-command=open-snapshot]')]);
  await chooser.setFiles(file);
}

test('a snapshot opened with the file picker replaces the demo', async () => {
  const { page } = env.opened;
  await pick(env.files.write('small.json', listText(smallCluster())));
  await page.waitForSelector('g[data-kind=node][data-name=worker-1] g[data-kind=pod][data-name=web-0]', { state: 'attached', timeout: 10_000 });
  assert.equal(env.app.session.state().source.name, 'small.json');
  assert.match((await page.textContent('#source')) ?? '', /small\.json/);
  assert.equal(await page.locator('#demo-banner').isHidden(), true);
});

test('a malformed snapshot is refused with its error and the view stays', async () => {
  const { page } = env.opened;
  const before = await drawnPods(page);
  const revision = env.app.session.state().revision;
  await pick(env.files.write('broken.yaml', 'apiVersion: v1\nkind: List\nitems:\n  - kind: Pod\n    metadata: [\n'));
  await page.waitForSelector('#error-banner:not([hidden])', { timeout: 10_000 });
  const message = (await page.textContent('#error-message')) ?? '';
  assert.match(message, /broken\.yaml/);
  assert.match(message, /line \d+/);
  assert.equal(env.app.session.state().source.name, 'small.json');
  assert.equal(env.app.session.state().revision, revision);
  assert.deepEqual(await drawnPods(page), before);
  await screenshot(page, 'snapshot-malformed');
  await page.click('#error-dismiss');
});

test('the namespace filter narrows the drawing to the chosen namespaces', async () => {
  const { page } = env.opened;
  await page.click('#namespace-button');
  await page.waitForSelector('#namespace-list input[value=shop]', { timeout: 5000 });
  await page.check('#namespace-list input[value=shop]');
  await page.waitForFunction(
    () => [...document.querySelectorAll('g[data-kind=pod]')].filter((p) => !p.closest('.ka-exiting')).every((p) => p.getAttribute('data-namespace') === 'shop'),
    undefined,
    { timeout: 10_000 },
  );
  await page.keyboard.press('Escape');
  const names = (await drawnPods(page)).map((p) => `${p.namespace}/${p.name}`).sort();
  assert.deepEqual(names, ['shop/web-0', 'shop/web-1']);
  assert.deepEqual(env.app.session.state().namespaces, ['shop']);
  await screenshot(page, 'snapshot-namespace-filter');
});

test('Save snapshot downloads the objects shown, which load back to the same pods', async () => {
  const { page } = env.opened;
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.click('[data-command=save-snapshot]')]);
  const name = download.suggestedFilename();
  assert.match(name, /^small-\d{4}-\d\d-\d\dT\d{4}\.json$/);
  const text = await readFile(await download.path(), 'utf8');
  const saved = parseSnapshot(text, name).objects;
  const savedPods = (saved.pods ?? []).map((p) => `${(p.metadata as { namespace: string }).namespace}/${(p.metadata as { name: string }).name}`).sort();
  assert.deepEqual(savedPods, (await drawnPods(page)).map((p) => `${p.namespace}/${p.name}`).sort());
  assert.equal(saved.nodes?.length, 2);
});

test('the page made no errors', () => {
  assert.deepEqual(env.opened.errors, []);
  assert.deepEqual(env.opened.dialogs, []);
});
