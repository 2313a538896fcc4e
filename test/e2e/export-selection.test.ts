// "Export selection" in browser mode: disabled with its reason while nothing
// is selected; then the selected pod, or the search's matches, downloaded as
// an SVG holding exactly that part, with each pod's containers and volumes
// (from the snapshot's objects), in its node's frame, and nothing else.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { DOMParser } from 'linkedom';
import { kindItems, listText } from './fixtures.ts';
import { pageOnApp, screenshot } from './helpers.ts';

const WRITER = 'report-writer-5c4f8d9b7-abcde';

const env = pageOnApp('anatomy-e2e-export-selection-', (files) => ({ snapshot: files.write('kind.json', listText(kindItems())) }));

interface Part {
  /** node name → pod names drawn in it. */
  frames: Record<string, string[]>;
  /** pod name → its containers and volumes, kind:name. */
  parts: Record<string, string[]>;
  outside: Record<string, string>;
}

/** What an SVG holds, read by its semantic attributes. */
function partOf(root: ParentNode): Part {
  const frames: Record<string, string[]> = {};
  const parts: Record<string, string[]> = {};
  const outside: Record<string, string> = {};
  for (const g of root.querySelectorAll('g[data-kind=pod]')) {
    if (g.closest('.ka-exiting')) continue;
    const name = g.getAttribute('data-name') ?? '';
    const node = g.parentElement?.closest('g[data-kind=node]')?.getAttribute('data-name') ?? '';
    (frames[node] ??= []).push(name);
    parts[name] = [...g.querySelectorAll('g[data-kind=container], g[data-kind=volume]')].map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-name')}`).sort();
  }
  for (const n of root.querySelectorAll('g[data-kind=node]')) frames[n.getAttribute('data-name') ?? ''] ??= [];
  for (const e of root.querySelectorAll('[data-pods-outside]')) outside[`${e.getAttribute('data-kind')}:${e.getAttribute('data-name')}`] = e.getAttribute('data-pods-outside') ?? '';
  return { frames, parts, outside };
}

const parse = (text: string) => new DOMParser().parseFromString(text, 'image/svg+xml') as unknown as ParentNode;

async function exportSelection(): Promise<{ name: string; text: string }> {
  const { page } = env.opened;
  await page.click('#export-button');
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.click('[data-testid=export-selection-svg]')]);
  return { name: file.suggestedFilename(), text: (await readFile(await file.path())).toString('utf8') };
}

interface RawPod {
  kind: string;
  metadata: { name: string };
  spec: { containers: { name: string }[]; initContainers?: { name: string }[]; ephemeralContainers?: { name: string }[]; volumes?: { name: string }[] };
}

/** A pod's containers and volumes as its object lists them. */
function partsOf(name: string): string[] {
  const pod = (kindItems() as unknown as RawPod[]).find((i) => i.kind === 'Pod' && i.metadata.name === name)!;
  const { spec } = pod;
  const containers = [...(spec.initContainers ?? []), ...spec.containers, ...(spec.ephemeralContainers ?? [])].map((c) => `container:${c.name}`);
  return [...containers, ...(spec.volumes ?? []).map((v) => `volume:${v.name}`)].sort();
}

test('with nothing selected, Export selection is disabled and says why', async () => {
  const { page } = env.opened;
  await page.click('#export-button');
  assert.equal(await page.isDisabled('[data-testid=export-selection-svg]'), true);
  assert.equal(await page.isDisabled('[data-testid=export-selection-png]'), true);
  assert.equal(await page.isVisible('#export-selection-reason'), true);
  assert.match((await page.textContent('#export-selection-reason')) ?? '', /Select a node or a pod, or search/);
  assert.match((await page.getAttribute('[data-testid=export-selection-svg]', 'title')) ?? '', /Select a node or a pod/);
  await screenshot(page, 'export-selection-disabled');
  await page.keyboard.press('Escape');
});

test('the selected pod exports alone, in its node, with its containers and volumes, its shared claim counting the pod outside', async () => {
  const { page } = env.opened;
  await page.locator(`g[data-kind=pod][data-name=${WRITER}]`).dispatchEvent('click');
  await page.waitForFunction((name) => document.getElementById('details-heading')?.textContent === name, WRITER, { timeout: 5000 });
  const { name, text } = await exportSelection();
  assert.match(name, /-part-\d{4}-\d\d-\d\d-\d{4}\.svg$/);
  assert.match(text, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg /);
  const part = partOf(parse(text));
  assert.deepEqual(part.frames, { 'kind-control-plane': [], 'kind-worker': [WRITER] }, 'the pod in its node; the control plane as a frame; nothing else');
  assert.deepEqual(part.parts, { [WRITER]: partsOf(WRITER) }, 'all its containers and volumes');
  assert.equal(part.outside[`volume:reports`], '1', 'the claim shared with report-reader, who is not drawn');
  assert.ok(!text.includes('report-reader'), 'the pod outside is not named');
  // The paper (alt text) counts the part that was drawn, not the whole model.
  assert.match(/<desc[^>]*>([^<]*)<\/desc>/.exec(text)?.[1] ?? '', /, 1 pod, /);
  assert.equal(await page.isHidden('#export-selection-reason'), true);
});

test('with no selection, the search\'s matches export', async () => {
  const { page } = env.opened;
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => !document.querySelector('#canvas [data-selected]'), undefined, { timeout: 5000 });
  await page.fill('#search', 'app=web');
  await page.waitForSelector('#canvas g[data-kind=pod][data-hit]', { state: 'attached', timeout: 5000 });
  const web = await page.$$eval('#canvas g[data-kind=pod][data-hit]', (pods) => pods.map((p) => p.getAttribute('data-name') ?? ''));
  assert.deepEqual(web, ['web-7d9c8b6f5-kx2lp']);
  const { text } = await exportSelection();
  const part = partOf(parse(text));
  assert.deepEqual(part.frames, { 'kind-control-plane': [], 'kind-worker': web });
  assert.deepEqual(part.parts, { [web[0]]: partsOf(web[0]) });
  await page.press('#search', 'Escape');
});

test('the page made no errors', () => {
  assert.deepEqual(env.opened.errors, []);
  assert.deepEqual(env.opened.dialogs, []);
});
