// Runs the bundled Electron main process against fake-electron.mjs and prints
// what it did as JSON on the last line of stdout. Started by main.test.ts:
//   node --import ./fake-electron-hooks.mjs main-harness.mjs BUNDLE USERDATA OUTFILE
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [bundle, userData, outFile] = process.argv.slice(2);
process.argv = [process.argv[0], '.', '--demo', `--user-data-dir=${userData}`, '--view=#tour=1&lang=ko'];

const fake = await import('electron');
const { state, app, dialog } = fake;
const results = {};
const settle = (promise) => promise.then((value) => ({ ok: true, value }), (error) => ({ ok: false, error: String(error?.message ?? error) }));
async function waitFor(check, what, ms = 20_000) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

await import(pathToFileURL(bundle).href);
results.beforeReady = {
  privileged: state.privileged,
  sandboxEnabled: state.sandboxEnabled,
  lockRequested: state.lockRequested,
  userData: app.getPath('userData'),
  windows: state.windows.length,
  protocolHandlers: state.protocolHandlers.size,
};

fake.fireReady();
await waitFor(() => state.windows.length === 1 && state.ipc.size > 0 && state.menu, 'the window, IPC and menu');
const win = state.windows[0];
const wc = win.webContents;
results.window = { webPreferences: win.options.webPreferences, show: win.options.show, url: wc.url };

const serve = state.protocolHandlers.get('app');
const page = await serve({ url: 'app://kube-anatomy/index.html', method: 'GET' });
const escape = await serve({ url: 'app://kube-anatomy/..%2F..%2Fpackage.json', method: 'GET' });
results.protocol = { status: page.status, csp: page.headers.get('content-security-policy'), body: await page.text(), escapeStatus: escape.status };

// A handler answers in an envelope ({ ok, result } or { ok: false, error }), as the preload takes it; a refused sender throws.
const unwrap = (envelope) => {
  if (envelope?.ok === true) return envelope.result;
  throw new Error(String(envelope?.error?.message ?? 'no envelope'));
};
const invoke = (channel, event, req) => settle(Promise.resolve().then(() => state.ipc.get(`anatomy:${channel}`)(event, req)).then(unwrap));
const trusted = { sender: wc, senderFrame: wc.mainFrame };
results.channels = [...state.ipc.keys()].sort();
results.appInfo = await invoke('app:info', trusted);
const model = await invoke('model:get', trusted);
results.model = model.ok
  ? {
      ok: true,
      source: model.value.model.source,
      nodes: model.value.model.nodes.length,
      podIPs: model.value.model.nodes.flatMap((n) => (n.pods ?? []).map((p) => p.podIP)).filter(Boolean).length,
    }
  : model;
results.foreignUrl = await invoke('app:info', { sender: wc, senderFrame: { url: 'https://evil.example/', parent: null, frameTreeNodeId: wc.mainFrame.frameTreeNodeId } });
results.subframe = await invoke('app:info', { sender: wc, senderFrame: { url: wc.url, parent: wc.mainFrame, frameTreeNodeId: 5 } });
results.noFrame = await invoke('app:info', { sender: wc, senderFrame: null });

dialog.showSaveDialog = async () => ({ canceled: false, filePath: outFile });
results.save = await invoke('file:save', trusted, { suggestedName: 'x.svg', kind: 'svg', data: '<svg xmlns="http://www.w3.org/2000/svg"/>', encoding: 'utf8' });
results.savedText = results.save.ok ? readFileSync(outFile, 'utf8') : null;
const snapshotFile = path.join(path.dirname(outFile), 'snapshot.json');
dialog.showSaveDialog = async () => ({ canceled: false, filePath: snapshotFile });
results.snapshotSave = await invoke('file:save', trusted, { suggestedName: 's.json', kind: 'snapshot', data: '{}', encoding: 'utf8' });
results.snapshotMode = results.snapshotSave.ok ? statSync(snapshotFile).mode & 0o777 : null;
results.savedFolder = readdirSync(path.dirname(outFile)).sort();
results.linkOk = await invoke('link:open', trusted, { href: 'https://kubernetes.io/docs/concepts/' });
results.linkBad = await invoke('link:open', trusted, { href: 'file:///etc/passwd' });
results.opened = state.opened;

const items = [];
const walk = (list) => list.forEach((i) => (items.push(i), walk(i.submenu ?? [])));
walk(state.menu.template);
wc.sent.length = 0;
items.find((i) => i.id === 'zoom-in').click();
results.menuSent = wc.sent.map((s) => [s.channel, ...s.args]);

// The page says its language; the menu is made again in it. Another frame may not, nor a language we lack.
const fileLabel = () => state.menu.template.find((i) => i.submenu?.some((s) => s.id === 'open-snapshot'))?.label;
results.menuLang = { before: fileLabel() };
results.menuLang.foreign = await invoke('menu:lang', { sender: wc, senderFrame: { url: 'https://evil.example/', parent: null, frameTreeNodeId: wc.mainFrame.frameTreeNodeId } }, { lang: 'ko' });
results.menuLang.afterForeign = fileLabel();
results.menuLang.bad = await invoke('menu:lang', trusted, { lang: 'fr' });
results.menuLang.ko = await invoke('menu:lang', trusted, { lang: 'ko' });
results.menuLang.afterKo = fileLabel();
results.menuLang.aboutKo = (() => { const found = []; const w = (l) => l.forEach((i) => (found.push(i), w(i.submenu ?? []))); w(state.menu.template); return found.find((i) => i.id === 'about')?.label; })();
results.menuLang.en = await invoke('menu:lang', trusted, { lang: 'en' });
results.menuLang.afterEn = fileLabel();

wc.sent.length = 0;
await invoke('source:demo', trusted);
await waitFor(() => wc.sent.some((s) => s.channel === 'anatomy:model'), 'a model event');
results.eventsSent = [...new Set(wc.sent.map((s) => s.channel))].sort();

const nav = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
wc.emit('will-navigate', nav, 'https://evil.example/');
results.navigationPrevented = nav.defaultPrevented;
results.windowOpen = wc.windowOpenHandler?.({ url: 'https://evil.example/' });
let granted;
state.session.request?.(wc, 'media', (g) => (granted = g), { requestingUrl: wc.url });
results.mediaGranted = granted;
let cancelled;
state.session.beforeRequest?.({ url: 'https://evil.example/' }, (r) => (cancelled = r.cancel));
results.remoteBlocked = { patterns: state.session.blocked, cancelled };

app.quit();
await waitFor(() => state.quitted, 'the quit after closing the session');
results.quitted = state.quitted;
results.errorBoxes = state.errorBoxes;

console.log(JSON.stringify(results));
process.exit(0);
