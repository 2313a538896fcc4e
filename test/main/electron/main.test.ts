// The Electron entry point, bundled as main/tools/build.mjs bundles it, run in
// Node against a stand-in `electron` module (fake-electron.mjs, swapped in by
// a module hook). Checks the wiring main.ts owns: what happens before "ready",
// the window, the app:// protocol, the IPC table and its sender check, the
// shell handlers, the menu, event forwarding, hardening and quitting.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { INVOKE_CHANNELS } from '../../../main/contract/api.ts';
import { CONTENT_SECURITY_POLICY } from '../../../main/electron/security.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');
// Inside the repository so the bundle's external packages resolve from node_modules.
const work = path.join(root, 'test-results', 'electron-main');
const INDEX_HTML = '<!doctype html><title>stand-in page</title>';
const VERSION = (JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;

type Outcome<T = unknown> = { ok: true; value: T } | { ok: false; error: string };
interface Results {
  beforeReady: { privileged: { scheme: string; privileges: Record<string, boolean> }[]; sandboxEnabled: boolean; lockRequested: boolean; userData: string; windows: number; protocolHandlers: number };
  window: { webPreferences: Record<string, unknown>; show: boolean; url: string };
  protocol: { status: number; csp: string | null; body: string; escapeStatus: number };
  channels: string[];
  appInfo: Outcome<{ shell: string; name: string }>;
  model: { ok: true; source: { kind: string }; nodes: number; podIPs: number } | { ok: false; error: string };
  foreignUrl: Outcome;
  subframe: Outcome;
  noFrame: Outcome;
  save: Outcome<{ saved: boolean; path: string }>;
  savedText: string | null;
  snapshotSave: Outcome<{ saved: boolean; path: string }>;
  snapshotMode: number | null;
  savedFolder: string[];
  linkOk: Outcome;
  linkBad: Outcome;
  opened: string[];
  menuSent: unknown[][];
  menuLang: Record<string, unknown>;
  eventsSent: string[];
  navigationPrevented: boolean;
  windowOpen: unknown;
  mediaGranted: boolean | undefined;
  remoteBlocked: { patterns?: string[]; cancelled?: boolean };
  quitted: boolean;
  errorBoxes: unknown[];
}

let results: Results;
let tmp: string;

describe('main.ts, bundled, against a stand-in electron', () => {
  before(async () => {
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(path.join(work, 'renderer'), { recursive: true });
    fs.writeFileSync(path.join(work, 'renderer', 'index.html'), INDEX_HTML);
    await build({
      entryPoints: [path.join(root, 'main/electron/main.ts')],
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'esm',
      packages: 'external',
      external: ['electron'],
      outfile: path.join(work, 'main', 'electron.mjs'),
      logLevel: 'silent',
      define: { __KUBE_ANATOMY_VERSION__: JSON.stringify(VERSION) },
    });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-main-'));
    const run = spawnSync(
      process.execPath,
      ['--import', path.join(here, 'fake-electron-hooks.mjs'), path.join(here, 'main-harness.mjs'), path.join(work, 'main', 'electron.mjs'), path.join(tmp, 'profile'), path.join(tmp, 'out.svg')],
      // A shell that answers at once: the app asks the login shell for PATH in the background.
      { cwd: root, encoding: 'utf8', timeout: 60_000, env: { ...process.env, SHELL: '/bin/sh' } },
    );
    const last = run.stdout.trim().split('\n').pop() ?? '';
    assert.equal(run.status, 0, `harness failed:\n${run.stdout}\n${run.stderr}`);
    results = JSON.parse(last) as Results;
  });
  after(() => {
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('before ready: registers app:// as privileged, enables the sandbox, takes the lock, applies --user-data-dir', () => {
    const r = results.beforeReady;
    assert.deepEqual(r.privileged, [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);
    assert.equal(r.sandboxEnabled, true);
    assert.equal(r.lockRequested, true);
    assert.equal(r.userData, path.join(tmp, 'profile'));
    assert.equal(r.windows, 0);
  });

  it('opens one hidden, locked-down window on app://kube-anatomy/index.html, with the --view link as its fragment', () => {
    const w = results.window;
    assert.equal(w.url, 'app://kube-anatomy/index.html#tour=1&lang=ko');
    assert.equal(w.show, false);
    assert.equal(w.webPreferences.sandbox, true);
    assert.equal(w.webPreferences.contextIsolation, true);
    assert.equal(w.webPreferences.nodeIntegration, false);
    assert.equal(w.webPreferences.preload, path.join(work, 'main', 'preload.cjs'));
  });

  it('serves dist/renderer with the CSP and nothing outside it', () => {
    assert.equal(results.protocol.status, 200);
    assert.equal(results.protocol.body, INDEX_HTML);
    assert.equal(results.protocol.csp, CONTENT_SECURITY_POLICY);
    assert.equal(results.protocol.escapeStatus, 404);
  });

  it('registers exactly the contract channels and answers our frame', () => {
    assert.deepEqual(results.channels, INVOKE_CHANNELS.map((c) => `anatomy:${c}`).sort());
    assert.ok(results.appInfo.ok);
    assert.equal(results.appInfo.value.shell, 'electron');
    assert.equal(results.appInfo.value.name, 'Kube Anatomy');
    assert.equal((results.appInfo.value as { version?: string }).version, VERSION);
    assert.ok(results.model.ok, JSON.stringify(results.model));
    assert.equal(results.model.source.kind, 'demo');
    assert.ok(results.model.nodes >= 2);
    assert.ok(results.model.podIPs >= 3);
  });

  it('rejects a foreign URL, a subframe and a missing frame', () => {
    for (const outcome of [results.foreignUrl, results.subframe, results.noFrame]) {
      assert.equal(outcome.ok, false);
      assert.match((outcome as { error: string }).error, /not the app window/);
    }
  });

  it('file:save writes where the (stubbed) dialog says; link:open keeps to the allow-list', () => {
    assert.ok(results.save.ok);
    assert.deepEqual(results.save.value, { saved: true, path: path.join(tmp, 'out.svg') });
    assert.equal(results.savedText, '<svg xmlns="http://www.w3.org/2000/svg"/>');
    assert.ok(results.snapshotSave.ok);
    if (process.platform !== 'win32') assert.equal(results.snapshotMode, 0o600, 'a saved snapshot is private');
    assert.deepEqual(results.savedFolder.filter((name) => name !== 'profile'), ['out.svg', 'snapshot.json'], 'no temporary file is left beside them');
    assert.equal(results.linkOk.ok, true);
    assert.equal(results.linkBad.ok, false);
    assert.deepEqual(results.opened, ['https://kubernetes.io/docs/concepts/']);
  });

  it('the menu is made again in the language the page says, from the page only', () => {
    const m = results.menuLang as Record<string, { ok: boolean; error?: string } | string | undefined>;
    assert.equal(m.before, 'File');
    assert.equal((m.foreign as { ok: boolean }).ok, false);
    assert.equal(m.afterForeign, 'File');
    assert.equal((m.bad as { ok: boolean }).ok, false);
    assert.match(String((m.bad as { error?: string }).error), /menu:lang: lang must be one of en, ko/);
    assert.equal((m.ko as { ok: boolean }).ok, true);
    assert.equal(m.afterKo, '파일');
    assert.equal(m.aboutKo, 'Kube Anatomy 정보');
    assert.equal(m.afterEn, 'File');
  });

  it('the menu sends its command to the window; session events are forwarded', () => {
    assert.deepEqual(results.menuSent, [['anatomy:menu', 'zoom-in']]);
    assert.ok(results.eventsSent.includes('anatomy:model'));
    assert.ok(results.eventsSent.includes('anatomy:session'));
    assert.ok(results.eventsSent.every((c) => c.startsWith('anatomy:')));
  });

  it('hardens every webContents and the session', () => {
    assert.equal(results.navigationPrevented, true);
    assert.deepEqual(results.windowOpen, { action: 'deny' });
    assert.equal(results.mediaGranted, false);
    assert.deepEqual(results.remoteBlocked, { patterns: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'], cancelled: true });
  });

  it('closes the session before quitting, without error boxes', () => {
    assert.equal(results.quitted, true);
    assert.deepEqual(results.errorBoxes, []);
  });
});
