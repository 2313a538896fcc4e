// The app's Redact toggle in browser mode (issue 11, item 5): pressed, the
// picture, the top bar, the details panel and an export hold pseudonyms and
// none of the snapshot's names, IPs or registries; the picture says it is
// redacted. Released, the real names come back. The secrets are read here
// from the snapshot's objects, not by the redaction. On a live cluster the
// whole window (context picker, namespace filter, status bar) names nothing of
// it, the filter works by pseudonyms, and Save asks first: a snapshot is real.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { kindItems, listText, smallCluster } from './fixtures.ts';
import type { KubeObject } from '../../main/model/kube.ts';
import { SNAPSHOT_META_KEY } from '../../main/snapshot/meta.ts';
import { openPage, pageOnApp, startApp, waitForDrawing } from './helpers.ts';
import { parseImageRef } from '../../main/model/index.ts';
import { KUBERNETES_NAMESPACES } from '../../main/model/redact.ts';
import { buildDemoCluster } from '../../main/snapshot/demo.ts';
import { FakeApiServer, kubeconfigText } from '../fixtures/fake-apiserver.ts';

const SOURCE = 'acme-prod-eu1.json';

const env = pageOnApp('anatomy-e2e-redact-', (files) => ({ snapshot: files.write(SOURCE, listText(kindItems())) }));

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
  const { page } = env.opened;
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
  assert.deepEqual(env.opened.errors, []);
});

test('Redact: notes (a saved one and one made on the page) stay pinned to their objects by the pseudonyms, and by the real names again when released', async () => {
  const items = smallCluster() as KubeObject[];
  const uidOf = (name: string) => (items.find((i) => (i.metadata as { name: string }).name === name)!.metadata as { uid: string }).uid;
  const web0 = uidOf('web-0');
  const web1 = uidOf('web-1');
  const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' }, items, [SNAPSHOT_META_KEY]: { resources: ['nodes', 'pods', 'namespaces'], gaps: [], callouts: [{ n: 1, text: 'saved note', target: { kind: 'pod', uid: web0, key: 'shop/web-0' } }] } });
  const noted = await startApp({ snapshot: env.files.write('noted.json', text) });
  const page2 = await openPage(env.browser, noted.server.url);
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

/**
 * Every text of the page and every attribute that is read (title, aria-*, alt, placeholder, value) or holds data (data-*,
 * but not the page's own keys: data-i18n*, data-command, data-testid), with the form controls' values and the tab's title.
 */
const wholePage = () =>
  `${document.title}\n${[
    ...(() => {
      const out: string[] = [];
      const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) out.push(walker.currentNode.nodeValue ?? '');
      // (No named functions in here: the test's compiler would wrap them in a helper the page does not have.)
      for (const e of Array.from(document.querySelectorAll('*'))) {
        for (const a of Array.from(e.attributes)) {
          if (['title', 'alt', 'placeholder', 'value'].includes(a.name) || a.name.startsWith('aria-') || (a.name.startsWith('data-') && !/^data-(i18n|command|testid)/.test(a.name))) out.push(a.value);
        }
      }
      for (const e of Array.from(document.querySelectorAll<HTMLInputElement | HTMLSelectElement>('input, select'))) out.push(e.value);
      return out;
    })(),
  ].join('\n')}`;

test("Redact on a live cluster: the whole window (context picker, namespace filter, status bar, titles and labels) names nothing of the cluster; a namespace chosen by its pseudonym filters the real one; Save and the Record button ask first, since a snapshot or a recording is not redacted", async () => {
  const demo = buildDemoCluster();
  const objects = [...(demo.namespaces ?? []), ...(demo.nodes ?? []), ...(demo.pods ?? []), ...(demo.persistentVolumeClaims ?? []), ...(demo.persistentVolumes ?? [])] as Obj[];
  const server = await FakeApiServer.start();
  server.serveObjects(objects as KubeObject[]);
  const kubeconfig = env.files.write('acme-kubeconfig', kubeconfigText([{ name: 'acme-prod-admin', server: server.url }, { name: 'acme-staging-ro', server: 'http://127.0.0.1:1' }], 'acme-prod-admin'));
  const live = await startApp({ kubeconfig, backoff: { initialMs: 200, maxMs: 1000, jitter: 0 } });
  const opened2 = await openPage(env.browser, live.server.url);
  try {
    const { page } = opened2;
    await waitForDrawing(page);
    await page.waitForFunction(() => document.getElementById('status')?.getAttribute('data-phase') === 'live', undefined, { timeout: 15_000 });
    await page.waitForSelector('#context-select option[value=acme-staging-ro]', { state: 'attached', timeout: 10_000 });
    // What the cluster names: every object's name, namespace, uid and IPs, its containers and volumes, the contexts, the server and the kubeconfig.
    const names = new Set<string>(['acme-prod-admin', 'acme-staging-ro', server.url, 'acme-kubeconfig']);
    for (const o of objects) {
      for (const v of [o.metadata?.name, o.metadata?.namespace, o.metadata?.uid, o.status?.podIP, o.status?.hostIP, ...(o.status?.addresses ?? []).map((a) => a.address)]) if (v) names.add(v);
      for (const c of [...(o.spec?.containers ?? []), ...(o.spec?.initContainers ?? [])]) names.add(c.name);
      for (const v of o.spec?.volumes ?? []) names.add(v.name);
    }
    for (const k of KUBERNETES_NAMESPACES) names.delete(k);
    // A volume named data and a container named worker: words of the interface too (the demo's notice, the node role).
    const list = [...names].filter((s) => s.length >= 4 && !['data', 'worker'].includes(s));
    // Once a namespace is chosen the session connects again, and the status bar says "reading the kubeconfig" for a
    // moment, which names nothing of the cluster: kubeconfig is also a volume of the demo's scheduler (kube-system), whose
    // pods the chosen namespace leaves out. From then on the word is the interface's.
    const afterFilter = list.filter((s) => s !== 'kubeconfig');
    const realNamespaces = (demo.namespaces ?? []).map((n) => (n.metadata as { name: string }).name).filter((n) => !KUBERNETES_NAMESPACES.has(n));
    assert.ok(realNamespaces.length >= 2, 'the demo has namespaces of its own');
    // Opened, the filter lists its namespaces; the plain window shows the names (so the check can fail).
    await page.click('#namespace-button');
    const plain = await page.evaluate(wholePage);
    for (const s of ['acme-prod-admin', 'acme-staging-ro', ...realNamespaces]) assert.ok(found(plain, [s]).length === 1, `the plain window shows ${s}`);
    await page.keyboard.press('Escape');
    // A quiz open on the real model: its questions name its objects.
    await page.click('[data-command=start-quiz]');
    await page.waitForSelector('#quiz-panel .quiz-choice', { timeout: 5000 });
    const quizHtml = () => page.evaluate(() => document.getElementById('quiz-panel')?.outerHTML ?? '');
    assert.ok(found(await quizHtml(), list).length > 0, 'the quiz names the cluster (so the check can fail)');

    await page.click('#redact-toggle');
    await page.waitForSelector('svg[data-detail][data-redacted="true"]', { state: 'attached', timeout: 15_000 });
    // A pod selected (its details and what is announced), the filter open.
    await page.locator('g[data-kind=pod]').first().dispatchEvent('click');
    await page.waitForFunction(() => !!document.getElementById('details-heading')?.textContent, undefined, { timeout: 5000 });
    await page.click('#namespace-button');
    await page.waitForSelector('#namespace-list input', { state: 'attached', timeout: 5000 });
    const redacted = await page.evaluate(wholePage);
    assert.deepEqual(found(redacted, list), [], 'no name of the cluster anywhere in the window while redacted');
    assert.equal(await page.isDisabled('#context-select'), true);
    assert.match((await page.textContent('#context-select')) ?? '', /hidden while redacted/);
    assert.match((await page.getAttribute('#context-select', 'title')) ?? '', /hidden while redacted/);
    assert.equal(await page.isVisible('#quiz-panel .quiz-choice'), true, 'the quiz is still open, made again under the pseudonyms');
    await page.click('#quiz-panel [data-quiz=close]');
    await page.click('#namespace-button');
    await page.waitForSelector('#namespace-list input', { state: 'visible', timeout: 5000 });

    // The filter's pseudonyms are the picture's: choosing one filters the real namespace behind it.
    const listed = await page.$$eval('#namespace-list input', (boxes) => boxes.map((b) => (b as HTMLInputElement).value));
    const drawn = await page.$$eval('g[data-kind=pod][data-namespace]', (pods) => [...new Set(pods.map((p) => p.getAttribute('data-namespace') ?? ''))]);
    const pseudonym = drawn.find((n) => /^ns-[0-9a-f]{6}/.test(n));
    assert.ok(pseudonym && listed.includes(pseudonym), `${pseudonym} drawn and listed (${listed.join(', ')})`);
    const real = (demo.pods ?? []).map((p) => p.metadata as { namespace: string; name: string });
    await page.check(`#namespace-list input[value="${pseudonym}"]`);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => !document.querySelector('#namespace-summary')?.textContent?.includes('All'), undefined, { timeout: 10_000 });
    await page.waitForFunction((ns) => { const pods = Array.from(document.querySelectorAll('g[data-kind=pod]:not(.ka-exiting)')); return pods.length > 0 && pods.every((p) => p.getAttribute('data-namespace') === ns); }, pseudonym, { timeout: 15_000 });
    const chosen = live.session.state().namespaces;
    assert.equal(chosen.length, 1);
    assert.ok(realNamespaces.includes(chosen[0]), `the session filters a real namespace: ${chosen[0]}`);
    assert.equal(await page.locator('g[data-kind=pod]:not(.ka-exiting)').count(), real.filter((p) => p.namespace === chosen[0]).length);
    assert.match((await page.textContent('#namespace-summary')) ?? '', new RegExp(escape(pseudonym)));
    assert.deepEqual(found(await page.evaluate(wholePage), afterFilter), [], 'filtered, still no name');

    // Save: a snapshot holds the real objects, so the page asks first; Cancel saves nothing.
    let downloads = 0;
    page.on('download', () => (downloads += 1));
    await page.click('[data-command=save-snapshot]');
    await page.waitForSelector('#confirm-dialog[open]', { timeout: 5000 });
    assert.match((await page.textContent('#confirm-dialog')) ?? '', /not redacted/);
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-testid')), 'confirm-cancel', 'Cancel is where the cursor is');
    await page.click('[data-testid=confirm-cancel]');
    await page.waitForSelector('#notice:not([hidden])', { timeout: 5000 });
    assert.match((await page.textContent('#notice')) ?? '', /Not saved/);
    await page.click('[data-command=save-snapshot]');
    await page.waitForSelector('#confirm-dialog[open]', { timeout: 5000 });
    await page.keyboard.press('Escape');
    await page.waitForSelector('#confirm-dialog:not([open])', { state: 'attached', timeout: 5000 });
    assert.equal(downloads, 0, 'nothing saved without a yes');
    // Confirmed, it saves the real snapshot, and says so without naming the file.
    await page.click('[data-command=save-snapshot]');
    await page.waitForSelector('#confirm-dialog[open]', { timeout: 5000 });
    const [file] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.click('[data-testid=confirm-ok]')]);
    const saved = (await readFile(await file.path())).toString('utf8');
    assert.ok(saved.includes(chosen[0]), 'the snapshot holds the real objects');
    await page.waitForFunction(() => /not redacted/.test(document.getElementById('notice')?.textContent ?? ''), undefined, { timeout: 5000 });
    assert.deepEqual(found(await page.evaluate(wholePage), afterFilter), [], 'after saving, still no name');

    // The Record button: a recording holds the real objects too, so stopping it asks first; a no goes on recording.
    await page.click('[data-testid=record-button]');
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid=record-button]')?.textContent ?? ''), undefined, { timeout: 10_000 });
    assert.ok(live.session.state().recording, 'recording');
    await page.click('[data-testid=record-button]');
    await page.waitForSelector('#confirm-dialog[open]', { timeout: 5000 });
    assert.match((await page.textContent('#confirm-dialog')) ?? '', /recording[^]*not redacted/);
    await page.click('[data-testid=confirm-cancel]');
    await page.waitForFunction(() => /Still recording/.test(document.getElementById('notice')?.textContent ?? ''), undefined, { timeout: 5000 });
    assert.ok(live.session.state().recording, 'still recording after a no');
    assert.equal(downloads, 1, 'only the snapshot so far');
    await page.click('[data-testid=record-button]');
    await page.waitForSelector('#confirm-dialog[open]', { timeout: 5000 });
    const [recording] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.click('[data-testid=confirm-ok]')]);
    assert.ok((await readFile(await recording.path())).toString('utf8').includes(chosen[0]), 'the recording holds the real objects');
    await page.waitForFunction(() => /Recording saved[^]*not redacted/.test(document.getElementById('notice')?.textContent ?? ''), undefined, { timeout: 5000 });

    // Released: the real names and the contexts are back.
    await page.click('#redact-toggle');
    await page.waitForFunction(() => !document.querySelector('svg[data-detail]')?.hasAttribute('data-redacted'), undefined, { timeout: 15_000 });
    await page.waitForSelector('#context-select option[value=acme-staging-ro]', { state: 'attached', timeout: 5000 });
    assert.equal(await page.isDisabled('#context-select'), false);
    assert.match((await page.textContent('#namespace-summary')) ?? '', new RegExp(escape(chosen[0])));
    assert.deepEqual(opened2.errors, []);
  } finally {
    await opened2.context.close();
    await live.close();
    await server.close();
  }
});
