// Callouts in the page (browser mode, Chromium): a snapshot's saved note comes
// back pinned to its pod; N adds a note to the selected pod, its text stays
// text, and Save writes both into x-kube-anatomy; when the file changes and
// the pod is replaced, the note stays, detached, and is pinned to another pod.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { DOMParser } from 'linkedom';
import type { KubeObject } from '../../main/model/kube.ts';
import { SNAPSHOT_META_KEY } from '../../main/snapshot/meta.ts';
import { smallCluster } from './fixtures.ts';
import { objectsOf } from '../fixtures/session/objects.ts';
import { buildModel } from '../../main/model/build.ts';
import { interfaceEnglish, wordsOfValues } from '../fixtures/i18n-words.ts';
import { openPage, pageOnApp, screenshot, waitForDrawing, waitForScene } from './helpers.ts';

let file: string;

const uidOf = (items: KubeObject[], name: string) => (items.find((i) => (i.metadata as { name: string }).name === name)!.metadata as { uid: string }).uid;
const HOSTILE = '<img src=x onerror=alert(1)> the second replica';

function snapshot(items: KubeObject[], callouts: unknown[]): string {
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items, [SNAPSHOT_META_KEY]: { resources: ['nodes', 'pods', 'namespaces'], gaps: [], callouts } }, null, 2);
}

const items = smallCluster();
const WEB0 = uidOf(items, 'web-0');
const WEB1 = uidOf(items, 'web-1');
const FIRST = { n: 1, text: 'the first replica', target: { kind: 'pod', uid: WEB0, key: 'shop/web-0' } };

const env = pageOnApp('anatomy-e2e-callouts-', (files) => {
  file = files.write('noted.json', snapshot(items, [FIRST]));
  return { snapshot: file };
});

const marker = (n: number) => `#canvas g[data-role=callout][data-callout-n="${n}"]`;
const row = (n: number) => `#callouts-panel li[data-callout-n="${n}"]`;

test('the note a saved snapshot carries comes back, pinned to its pod, and listed', async () => {
  const { page } = env.opened;
  await page.waitForSelector(marker(1), { state: 'attached', timeout: 10_000 });
  assert.equal(await page.getAttribute(marker(1), 'data-target-uid'), WEB0);
  assert.equal(await page.getAttribute(`#canvas g[data-kind=pod][data-name=web-0]`, 'data-uid'), WEB0);
  assert.equal(await page.inputValue(`${row(1)} input`), 'the first replica');
  assert.equal(await page.isVisible('#callouts-panel'), true);
});

test('N adds a note to the selected pod; what is typed stays text; Save writes both notes into the file', async () => {
  const { page } = env.opened;
  await page.locator('g[data-kind=pod][data-name=web-1]').dispatchEvent('click');
  await page.waitForFunction(() => document.getElementById('details-heading')?.textContent === 'web-1', undefined, { timeout: 5000 });
  await page.locator('#canvas').focus();
  await page.keyboard.press('n');
  await page.waitForSelector(`${row(2)} input`, { timeout: 5000 });
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'callout-text', 'the new note takes the cursor');
  await page.keyboard.type(HOSTILE);
  await page.waitForFunction((sel) => document.querySelector(`${sel} title`)?.textContent?.includes('second replica'), marker(2), { timeout: 5000 });
  assert.equal(await page.getAttribute(marker(2), 'data-target-uid'), WEB1);
  assert.equal(await page.getAttribute(marker(2), 'data-target-kind'), 'pod');
  assert.equal(await page.textContent(`${marker(2)} title`), `2. ${HOSTILE}`);
  assert.equal(await page.locator('#callouts-panel img, #canvas [data-role=callouts] img').count(), 0, 'markup in a note makes no element');
  await screenshot(page, 'callouts-added');

  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.click('[data-command=save-snapshot]')]);
  const saved = JSON.parse(await readFile(await download.path(), 'utf8')) as Record<string, { callouts?: unknown }>;
  assert.deepEqual(saved[SNAPSHOT_META_KEY]!.callouts, [FIRST, { n: 2, text: HOSTILE, target: { kind: 'pod', uid: WEB1, key: 'shop/web-1' } }]);
});

test('a note being typed keeps its cursor while the models of a changing file come and go', async () => {
  const { page } = env.opened;
  await page.focus(`${row(2)} input`);
  // In the middle of the text, where a field made again would not put the cursor.
  await page.keyboard.press('Home');
  await page.keyboard.type('Note:');
  // Another model: api-0 has another IP, nothing of the notes changed.
  env.files.write('noted.json', snapshot(items.map((i) => ((i.metadata as { name: string }).name === 'api-0' ? { ...i, status: { ...(i.status as object), podIP: '10.244.0.99', podIPs: [{ ip: '10.244.0.99' }] } } : i)), [FIRST]));
  await page.waitForSelector('g[data-kind=pod][data-name=api-0][data-ip="10.244.0.99"]', { state: 'attached', timeout: 10_000 });
  await page.keyboard.type(' busy ');
  assert.equal(await page.inputValue(`${row(2)} input`), `Note: busy ${HOSTILE}`);
  assert.equal(await page.evaluate(() => document.activeElement?.closest('li')?.getAttribute('data-callout-n')), '2');
  await page.waitForFunction((sel) => document.querySelector(`${sel} title`)?.textContent?.startsWith('2. Note: busy'), marker(2), { timeout: 5000 });
  // Back as it was for the tests below.
  await page.fill(`${row(2)} input`, HOSTILE);
});

test('when its pod is replaced the note stays, detached, and is pinned again to the selected pod', async () => {
  const { page } = env.opened;
  // A rollout: web-0 gone, web-0-b in its place (another name, another uid). The file is watched.
  const replaced = items.map((i) =>
    (i.metadata as { name: string }).name === 'web-0' ? { ...i, metadata: { ...(i.metadata as object), name: 'web-0-b', uid: 'uid-web-0-b' } } : i,
  );
  env.files.write('noted.json', snapshot(replaced, [FIRST]));
  await page.waitForSelector(`${row(1)}[data-callout-state=detached]`, { timeout: 10_000 });
  // It stays where it stood, dashed; the other note is untouched.
  assert.equal(await page.getAttribute(marker(1), 'data-callout-state'), 'detached');
  assert.equal(await page.locator(`${marker(1)} circle[stroke-dasharray]`).count(), 1);
  assert.equal(await page.getAttribute(marker(2), 'data-target-uid'), WEB1);
  assert.match((await page.textContent(`${row(1)} .callout-where`)) ?? '', /detached · was on pod shop\/web-0/);
  await screenshot(page, 'callouts-detached');

  await page.locator('g[data-kind=pod][data-name=web-0-b]').dispatchEvent('click');
  await page.waitForFunction(() => document.getElementById('details-heading')?.textContent === 'web-0-b', undefined, { timeout: 5000 });
  await page.click(`${row(1)} [data-testid=callout-repin]`);
  await page.waitForSelector(`${row(1)}[data-callout-state=pinned]`, { timeout: 5000 });
  assert.equal(await page.getAttribute(marker(1), 'data-target-uid'), 'uid-web-0-b');
  assert.equal(await page.inputValue(`${row(1)} input`), 'the first replica');
});

test('an SVG exported from the page carries the notes on their objects and their list beside the picture', async () => {
  const { page } = env.opened;
  await page.click('#export-button');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: 10_000 }), page.click('[data-command=export-svg]')]);
  const text = await readFile(await download.path(), 'utf8');
  const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
  const markers = [...doc.querySelectorAll('g[data-role=callout]')].map((g) => [g.getAttribute('data-callout-n'), g.getAttribute('data-target-uid')]);
  assert.deepEqual(markers, [['1', 'uid-web-0-b'], ['2', WEB1]]);
  assert.deepEqual([...doc.querySelectorAll('g[data-role=callout-note]')].map((g) => g.getAttribute('data-callout-n')), ['1', '2']);
  assert.equal(doc.querySelectorAll('img').length, 0);
  // The drawing on screen is left as it was: no list of notes in it.
  assert.equal(await page.locator('#canvas [data-role=callout-notes]').count(), 0);
});

test('Delete takes a note away', async () => {
  const { page } = env.opened;
  await page.click(`${row(2)} [data-testid=callout-delete]`);
  await page.waitForSelector(row(2), { state: 'detached', timeout: 5000 });
  assert.equal(await page.locator(marker(2)).count(), 0);
});

test('a Korean page says the notes panel in Korean; the notes stay as written', async () => {
  // Another page takes the file's notes (notes made in a page are that page's until saved): there web-0 is gone,
  // so the file's note is detached, with no place to stand: listed, not drawn.
  const ko = await openPage(env.browser, `${env.app.server.url}#lang=ko`);
  try {
    await waitForDrawing(ko.page);
    await ko.page.waitForSelector(`${row(1)}[data-callout-state=detached]`, { timeout: 10_000 });
    assert.equal(await ko.page.locator(marker(1)).count(), 0);
    assert.equal(await ko.page.textContent('#callouts-panel .callouts-heading'), '그림의 메모');
    assert.equal(await ko.page.textContent(`${row(1)} .callout-where`), '떨어짐 · 파드 shop/web-0에 붙어 있었음');
    assert.equal(await ko.page.textContent(`${row(1)} [data-testid=callout-delete]`), '삭제');
    assert.equal(await ko.page.inputValue(`${row(1)} input`), 'the first replica');
    // No interface English in the notes panel and the markers: every text, title, label and placeholder (the cluster's and the notes' own words aside).
    const values = wordsOfValues([buildModel(objectsOf(items), { kind: 'snapshot', name: 'noted.json', namespaces: [] }), 'web-0-b', 'noted.json', FIRST]);
    const texts = await ko.page.evaluate(() =>
      [...document.querySelectorAll('#callouts-panel, #callouts-panel *, [data-testid=callout-layer], [data-testid=callout-layer] *')].flatMap((el) => [
        ...[...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent ?? ''),
        ...['title', 'aria-label', 'placeholder'].map((a) => el.getAttribute(a) ?? ''),
      ]),
    );
    assert.ok(texts.some((x) => x.includes('메모')));
    assert.deepEqual(texts.flatMap((x) => interfaceEnglish(x, values)), []);
    assert.deepEqual(ko.errors, []);
  } finally {
    await ko.context.close();
  }
});

test('on the canvas renderer the markers stand over its picture, at their objects', async () => {
  // The file saved again with a note on web-1: every page takes the file's new notes.
  env.files.write('noted.json', snapshot(items.filter((i) => (i.metadata as { name: string }).name !== 'web-0'), [{ n: 7, text: 'on the canvas', target: { kind: 'pod', uid: WEB1, key: 'shop/web-1' } }]));
  const painted = await openPage(env.browser, env.app.server.url, { storage: { 'kube-anatomy.renderer': 'canvas' } });
  try {
    await waitForScene(painted.page);
    await painted.page.waitForSelector(marker(7), { state: 'visible', timeout: 10_000 });
    assert.equal(await painted.page.getAttribute(marker(7), 'data-target-uid'), WEB1);
    // Over the canvas, inside the stage (the accessible tree's elements have no box of their own to compare with).
    const stage = (await painted.page.locator('#scene-canvas').boundingBox())!;
    const mark = (await painted.page.locator(`${marker(7)} circle`).boundingBox())!;
    assert.ok(mark.x > stage.x && mark.y > stage.y && mark.x + mark.width < stage.x + stage.width && mark.y + mark.height < stage.y + stage.height, JSON.stringify({ mark, stage }));
    assert.equal(await painted.page.getAttribute('#scene-canvas', 'hidden'), null, 'the canvas draws');
    await screenshot(painted.page, 'callouts-canvas');
    assert.deepEqual(painted.errors, []);
  } finally {
    await painted.context.close();
  }
});

test('the page made no errors', () => {
  assert.deepEqual(env.opened.errors, []);
  assert.deepEqual(env.opened.dialogs, []);
});
