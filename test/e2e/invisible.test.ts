// Bidi overrides and other invisible format characters in cluster strings are
// shown as markers in the page (drawing, details, namespace list, top bar), as
// the terminal escapes them: a name cannot read as another name.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../main/model/kube.ts';
import { listText } from './fixtures.ts';
import { pageOnApp } from './helpers.ts';

// Read left to right these say "invoice" + RLO + "fdp.exe", shown as "invoiceexe.pdf".
const POD = 'invoice\u202Efdp.exe';
const NAMESPACE = 'team\u2066a';
const NODE = 'worker\u200B1';
const INVISIBLE = /\p{Cf}/u;

function items(): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'Node', metadata: { name: NODE, uid: 'node-1' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: POD, namespace: NAMESPACE, uid: 'pod-1' },
      spec: { nodeName: NODE, containers: [{ name: 'app', image: 'busybox:1.37' }] },
      status: { phase: 'Running', podIP: '10.244.0.9' },
    },
  ];
}

const env = pageOnApp('anatomy-e2e-invisible-', (files) => ({ snapshot: files.write('bidi\u202Enosj.json', listText(items())) }));

/** Every text a person sees or hears in the page: content, tooltips and labels. */
function shownTexts(): Promise<string[]> {
  return env.opened.page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) out.push(n.textContent ?? '');
    for (const e of document.querySelectorAll('[title], [aria-label]')) out.push(e.getAttribute('title') ?? '', e.getAttribute('aria-label') ?? '');
    return out;
  });
}

test('the drawing, the details and the namespace list show invisible characters as markers', async () => {
  const { page } = env.opened;
  const texts = await page.$$eval('#canvas text', (els) => els.map((e) => e.textContent ?? ''));
  assert.ok(texts.includes('invoice‹U+202E›fdp.exe'), 'the pod name in the drawing');
  assert.ok(texts.includes('worker‹U+200B›1'), 'the node name in the drawing');

  await page.locator('g[data-kind=pod][data-uid=pod-1]').dispatchEvent('click');
  await page.waitForFunction(() => document.getElementById('details-heading')?.textContent === 'invoice‹U+202E›fdp.exe', undefined, { timeout: 5000 });
  assert.match((await page.textContent('#details')) ?? '', /team‹U\+2066›a/);

  await page.click('#namespace-button');
  await page.waitForSelector('#namespace-list input', { state: 'attached', timeout: 5000 });
  assert.match((await page.textContent('#namespace-list')) ?? '', /team‹U\+2066›a/);
  // The checkbox still carries the real name, which the filter sends back.
  assert.equal(await page.locator('#namespace-list input').first().getAttribute('value'), NAMESPACE);
  await page.keyboard.press('Escape');

  assert.match((await page.textContent('#source-name')) ?? '', /bidi‹U\+202E›nosj\.json/);
  assert.deepEqual((await shownTexts()).filter((t) => INVISIBLE.test(t)), [], 'no invisible character is shown as is');
  assert.deepEqual(env.opened.errors, []);
});
