// Live clusters end to end: a kubeconfig with two contexts backed by fake API
// servers (real list + watch over HTTPS) and one whose server is down. The page
// follows watch events, switches contexts from the context picker, and falls
// back to the demo, saying why, when the chosen cluster cannot be reached.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { namespace, node, pod } from '../fixtures/session/objects.ts';
import { FakeApiServer, kubeconfigText } from '../fixtures/fake-apiserver.ts';
import { tempDir, type TempDir } from './fixtures.ts';
import { drawnPods, launchBrowser, openPage, screenshot, startApp, type App, type OpenedPage } from './helpers.ts';

let browser: Browser;
let files: TempDir;
let alpha: FakeApiServer;
let beta: FakeApiServer;
let app: App;
let opened: OpenedPage;

// String predicates would be eval'd, which the page's CSP forbids: wait on selectors.
const attached = (selector: string, timeout = 10_000) => opened.page.waitForSelector(selector, { state: 'attached', timeout });

before(async () => {
  browser = await launchBrowser();
  files = tempDir('anatomy-e2e-contexts-');
  alpha = await FakeApiServer.start();
  alpha.serveObjects([
    namespace('default'),
    node('alpha-node', '10.1.0.2', { controlPlane: true }),
    pod({ name: 'alpha-web', node: 'alpha-node', ip: '10.244.0.5' }),
  ]);
  beta = await FakeApiServer.start();
  beta.serveObjects([
    namespace('default'),
    node('beta-node-1', '10.2.0.2'),
    node('beta-node-2', '10.2.0.3'),
    pod({ name: 'beta-db', node: 'beta-node-2', ip: '10.244.9.9' }),
  ]);
  const kubeconfig = files.write(
    'kubeconfig',
    kubeconfigText(
      [
        { name: 'alpha', server: alpha.url },
        { name: 'beta', server: beta.url },
        // Port 1 on loopback: nothing listens there, so connections are refused at once.
        { name: 'down', server: 'http://127.0.0.1:1' },
      ],
      'alpha',
    ),
  );
  app = await startApp({ kubeconfig, backoff: { initialMs: 200, maxMs: 1000, jitter: 0 } });
  opened = await openPage(browser, app.server.url);
  await attached('g[data-kind=node][data-name=alpha-node] g[data-kind=pod][data-name=alpha-web]', 20_000);
});

after(async () => {
  await opened?.context.close();
  await app?.close();
  await alpha?.close();
  await beta?.close();
  await browser?.close();
  files?.remove();
});

test('the current context is shown live, and watch events reach the drawing', async () => {
  const { page } = opened;
  await page.waitForFunction(() => document.getElementById('status')?.getAttribute('data-phase') === 'live', undefined, { timeout: 10_000 });
  assert.equal(await page.locator('#demo-banner').isHidden(), true);
  assert.ok(alpha.watchRequests('/api/v1/pods').length > 0, 'the source watches pods');

  alpha.put(pod({ name: 'alpha-new', node: 'alpha-node', ip: '10.244.0.6' }));
  await attached('g[data-kind=node][data-name=alpha-node] g[data-kind=pod][data-name=alpha-new][data-ip="10.244.0.6"]', 10_000);
  alpha.put(pod({ name: 'alpha-new', node: 'alpha-node', ip: '10.244.0.7' }));
  await attached('g[data-kind=pod][data-name=alpha-new][data-ip="10.244.0.7"]', 10_000);
  alpha.remove(pod({ name: 'alpha-web', node: 'alpha-node' }));
  await page.waitForFunction(() => !document.querySelector('g[data-kind=pod][data-name=alpha-web]:not(.ka-exiting)'), undefined, { timeout: 10_000 });
  assert.deepEqual(
    (await drawnPods(page)).map((p) => `${p.node}/${p.name}/${p.ip}`),
    ['alpha-node/alpha-new/10.244.0.7'],
  );
  await screenshot(page, 'contexts-alpha');
});

test('the context picker lists the kubeconfig contexts and switches between clusters', async () => {
  const { page } = opened;
  const options = await page.$$eval('#context-select option', (els) => els.map((e) => (e as HTMLOptionElement).value).filter(Boolean));
  assert.deepEqual(options.sort(), ['alpha', 'beta', 'down']);
  await page.selectOption('#context-select', 'beta');
  await attached('g[data-kind=node][data-name=beta-node-2] g[data-kind=pod][data-name=beta-db]', 15_000);
  // Another cluster is another picture: drawn at once, the old one gone, nothing fading across.
  assert.deepEqual(
    await page.evaluate(() => ({
      fading: document.querySelectorAll('#canvas .ka-exiting, #canvas g[opacity]').length,
      alpha: document.querySelectorAll('#canvas g[data-kind=node][data-name=alpha-node]').length,
    })),
    { fading: 0, alpha: 0 },
  );
  await page.waitForFunction(() => !document.querySelector('g[data-kind=node][data-name=alpha-node]:not(.ka-exiting)'), undefined, { timeout: 10_000 });
  const nodes = await page.$$eval('g[data-kind=node]:not(.ka-exiting)', (els) => els.map((e) => e.getAttribute('data-name')).sort());
  assert.deepEqual(nodes, ['beta-node-1', 'beta-node-2']);
  assert.equal(app.session.state().context, 'beta');
  assert.equal(await page.inputValue('#context-select'), 'beta');
  await screenshot(page, 'contexts-beta');
});

test('a context whose cluster is down shows the demo, with the reason, and keeps retrying', async () => {
  const { page } = opened;
  await page.selectOption('#context-select', 'down');
  await page.waitForFunction(() => !document.getElementById('demo-banner')?.hidden, undefined, { timeout: 15_000 });
  const reason = (await page.textContent('#demo-reason')) ?? '';
  assert.match(reason, /context "?down"?/);
  assert.match(reason, /127\.0\.0\.1:1/);
  assert.match(reason, /demo/);
  assert.equal(app.session.state().source.kind, 'demo');
  assert.equal(app.session.state().demoReason, reason);
  await page.waitForFunction(() => document.getElementById('status')?.getAttribute('data-phase') === 'reconnecting', undefined, { timeout: 10_000 });
  assert.ok((await page.locator('g[data-kind=node]').count()) > 0, 'the demo is drawn');
  await screenshot(page, 'contexts-down-demo');
});

test('switching back to a working context leaves the demo', async () => {
  const { page } = opened;
  await page.selectOption('#context-select', 'alpha');
  await attached('g[data-kind=node][data-name=alpha-node] g[data-kind=pod][data-name=alpha-new]', 15_000);
  await page.waitForFunction(() => document.getElementById('demo-banner')?.hidden === true, undefined, { timeout: 10_000 });
  assert.equal(app.session.state().demoReason, undefined);
});

test('a context that left the kubeconfig is refused, said so, and the picker shows the context in use', async () => {
  const { page } = opened;
  const without = kubeconfigText([{ name: 'alpha', server: alpha.url }, { name: 'down', server: 'http://127.0.0.1:1' }], 'alpha');
  files.write('kubeconfig', without);
  try {
    // The page still lists beta from before the edit.
    await page.selectOption('#context-select', 'beta');
    await page.waitForSelector('#error-banner:not([hidden])', { timeout: 10_000 });
    assert.match((await page.textContent('#error-message')) ?? '', /no context named "beta"/);
    assert.equal(app.session.state().context, 'alpha');
    assert.equal(await page.inputValue('#context-select'), 'alpha');
  } finally {
    files.write('kubeconfig', kubeconfigText([{ name: 'alpha', server: alpha.url }, { name: 'beta', server: beta.url }, { name: 'down', server: 'http://127.0.0.1:1' }], 'alpha'));
    await page.click('#error-dismiss');
  }
});

test('the page made no errors', () => {
  assert.deepEqual(opened.errors, []);
  assert.deepEqual(opened.dialogs, []);
});
