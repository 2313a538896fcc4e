// The Korean page on the error paths, in Chromium: a cluster that fails TLS
// verification, a call the session refuses (a context that left the
// kubeconfig), a kubeconfig that is not valid YAML or not there, and
// malformed snapshots opened with the file picker are all said in Korean, by the word rules of the Korean page checks
// (test/e2e/i18n-page.ts). The file's name, the server, the context and a
// parser's or the OS's own text stay as written; the session's state and the
// errors keep their English for the CLI and logs.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { buildModel } from '../../main/model/build.ts';
import { loadDemo } from '../../main/snapshot/demo-asset.ts';
import { parseSnapshot } from '../../main/snapshot/index.ts';
import { SnapshotError } from '../../main/snapshot/error.ts';
import { FakeApiServer, kubeconfigText, TLS_DIR } from '../fixtures/fake-apiserver.ts';
import { namespace, node, pod } from '../fixtures/session/objects.ts';
import { interfaceEnglish, wordsOfValues } from '../fixtures/i18n-words.ts';
import { tempDir, type TempDir } from './fixtures.ts';
import { launchBrowser, openPage, startApp, statusDetailIn, type App, type OpenedPage } from './helpers.ts';
import { pageTexts } from './i18n-page.ts';

let browser: Browser;
let files: TempDir;
let server: FakeApiServer;
let app: App;
let opened: OpenedPage;
let kubeconfig: string;

const HANGUL = /[\uac00-\ud7a3]/;
const demoValues = () => wordsOfValues([buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] })]);

/** The text is Korean, and its only Latin words are allowed terms or the given values. */
function korean(text: string, values: ReadonlySet<string>): void {
  assert.match(text, HANGUL, text);
  assert.deepEqual(interfaceEnglish(text, values), [], text);
}

/** The error banner's words once it names `naming` (its text and the dismiss button), each by the Korean page's rules. */
async function errorBanner(naming: string, values: ReadonlySet<string>): Promise<string> {
  const { page } = opened;
  await page.waitForSelector('#error-banner:not([hidden])', { timeout: 15_000 });
  await page.locator('#error-message', { hasText: naming }).waitFor({ timeout: 15_000 });
  const message = (await page.textContent('#error-message')) ?? '';
  korean(message, values);
  for (const { where, text } of await pageTexts(page)) {
    if (where.startsWith('span#error-message') || where.startsWith('button#error-dismiss')) assert.deepEqual(interfaceEnglish(text, values), [], `${where}: ${text}`);
  }
  return message;
}

before(async () => {
  browser = await launchBrowser();
  files = tempDir('anatomy-e2e-i18n-errors-');
  server = await FakeApiServer.start();
  server.serveObjects([namespace('default'), node('tls-node', '10.1.0.2', { controlPlane: true }), pod({ name: 'tls-web', node: 'tls-node', ip: '10.244.0.5' })]);
  // The context's certificate-authority is the client's certificate, which signed nothing: TLS verification fails.
  const text = kubeconfigText(
    [
      { name: 'tls', server: server.url },
      { name: 'leaving', server: 'http://127.0.0.1:1' },
    ],
    'tls',
  );
  const caLine = `certificate-authority: ${JSON.stringify(path.join(TLS_DIR, 'ca.crt'))}`;
  kubeconfig = files.write('kubeconfig', text.replace(caLine, `certificate-authority: ${JSON.stringify(path.join(TLS_DIR, 'client.crt'))}`));
  app = await startApp({ kubeconfig, backoff: { initialMs: 200, maxMs: 1000, jitter: 0 } });
  opened = await openPage(browser, app.server.url, { storage: { 'kube-anatomy.lang': 'ko' } });
});

after(async () => {
  await opened?.context.close();
  await app?.close();
  await server?.close();
  await browser?.close();
  files?.remove();
});

test('a cluster whose certificate does not verify is said in Korean, with the server, context and the TLS code as written', async () => {
  const { page } = opened;
  await page.waitForSelector('#demo-banner:not([hidden])', { timeout: 20_000 });
  const detail = await statusDetailIn(page, ['failed', 'reconnecting']);
  const english = app.session.state().demoReason ?? '';
  assert.match(english, /TLS connection to .* failed/, 'the English state keeps the TLS reason');
  const code = /\[([A-Z0-9_]+)\]/.exec(english)?.[1] ?? '';
  assert.notEqual(code, '', english);
  const values = wordsOfValues([...demoValues(), 'tls', server.url, code]);
  const reason = (await page.textContent('#demo-reason')) ?? '';
  assert.ok(reason.includes(server.url) && reason.includes(code), reason);
  korean(reason, values);
  korean(detail, values);
});

test("a call the session refuses (a context that left the kubeconfig) is said in Korean; the error's English stays for logs", async () => {
  const { page } = opened;
  await page.waitForSelector('#context-select option[value=leaving]', { state: 'attached', timeout: 10_000 });
  // The kubeconfig loses the context after the page listed it.
  files.write('kubeconfig', kubeconfigText([{ name: 'tls', server: server.url }], 'tls'));
  await page.selectOption('#context-select', 'leaving');
  const values = wordsOfValues([...demoValues(), 'leaving', kubeconfig]);
  const message = await errorBanner('leaving', values);
  assert.ok(message.includes('"leaving"') && message.includes(kubeconfig), message);
  await assert.rejects(app.session.useContext('leaving'), /There is no context named "leaving" in /);
  await page.click('#error-dismiss');
});

test('a snapshot with a JSON syntax error is refused in Korean, naming the file, line and column, with the parser\'s words as written', async () => {
  const { page } = opened;
  const name = 'broken.json';
  const text = '{\n  "kind": "List",\n  "items": [\n    { "kind": "Pod", }\n  ]\n}\n';
  // The parser's own words (V8's), which stay as written, as the OS's do.
  let parser = '';
  try {
    parseSnapshot(text, name);
  } catch (error) {
    assert.ok(error instanceof SnapshotError);
    parser = /not valid JSON: (.*)$/.exec(error.message)?.[1] ?? '';
  }
  assert.notEqual(parser, '');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-command=open-snapshot]')]);
  await chooser.setFiles(files.write(name, text));
  const message = await errorBanner(name, wordsOfValues([...demoValues(), name, parser]));
  assert.ok(message.includes(name) && message.includes('4행'), message);
  await page.click('#error-dismiss');
});

test('a snapshot whose item has no kind is refused wholly in Korean', async () => {
  const { page } = opened;
  const name = 'nokind.yaml';
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-command=open-snapshot]')]);
  await chooser.setFiles(files.write(name, 'apiVersion: v1\nkind: List\nitems:\n  - metadata:\n      name: web\n'));
  // items[0] is the file's own path to the item.
  const message = await errorBanner(name, wordsOfValues([...demoValues(), name, 'items[0]']));
  assert.ok(message.includes(name) && message.includes('items[0]'), message);
  await page.click('#error-dismiss');
});

/** A session of its own on a Korean page, for a kubeconfig that cannot be used: the demo stands in, and says why. */
async function demoReasonOf(options: Parameters<typeof startApp>[0]): Promise<{ english: string; reason: string; detail: string }> {
  const broken = await startApp(options);
  const page = await openPage(browser, broken.server.url, { storage: { 'kube-anatomy.lang': 'ko' } });
  try {
    await page.page.waitForSelector('#demo-banner:not([hidden])', { timeout: 20_000 });
    const detail = await statusDetailIn(page.page, ['failed', 'reconnecting']);
    const reason = (await page.page.textContent('#demo-reason')) ?? '';
    assert.deepEqual(page.dialogs, []);
    const connection = broken.session.state().connection;
    return { english: 'reason' in connection ? connection.reason : '', reason, detail };
  } finally {
    await page.context.close();
    await broken.close();
  }
}

test('a $KUBECONFIG file that is not valid YAML is said in Korean, naming the file and the line, with the parser\'s words as written', async () => {
  const file = files.write('broken-kubeconfig', 'apiVersion: v1\nclusters:\n  - name: a\n   cluster: [\n');
  const { english, reason, detail } = await demoReasonOf({ env: { KUBECONFIG: file } });
  // The English is the kubeconfig loader's, as the CLI prints it.
  const parser = /invalid YAML: (.*)$/.exec(english)?.[1] ?? '';
  assert.ok(english.startsWith(`${file}, line `) && parser !== '', english);
  const values = wordsOfValues([...demoValues(), file, parser]);
  for (const text of [reason, detail]) {
    korean(text, values);
    assert.ok(text.includes(file) && /\d+행/.test(text) && text.includes('YAML'), text);
  }
});

test('a --kubeconfig file that does not exist is said in Korean, naming the file', async () => {
  const missing = path.join(files.dir, 'no-such-kubeconfig');
  const { english, reason, detail } = await demoReasonOf({ kubeconfig: missing });
  assert.ok(english.includes(`kubeconfig file ${missing} (from --kubeconfig) does not exist`), english);
  const values = wordsOfValues([...demoValues(), missing, '--kubeconfig']);
  for (const text of [reason, detail]) {
    korean(text, values);
    assert.ok(text.includes(missing), text);
  }
});

test('the page made no errors', () => {
  assert.deepEqual(opened.dialogs, []);
});
