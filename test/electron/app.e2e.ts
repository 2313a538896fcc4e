// The real app in a real Electron window, driven by Playwright's _electron.
// Run by `npm run test:electron` (which builds first), NOT by `npm test`:
// these need Electron's binary, which `npm install` fetches on first use and
// which cannot be downloaded on our CI machines. Without it every test here
// FAILS with a message saying so; none is skipped. On Linux without a display,
// run under xvfb-run.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import type { MenuCommand } from '../../main/contract/api.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Where the electron package put its binary, without asking it: requiring
 * `electron` (as Playwright does) starts a download when the binary is missing.
 */
function electronBinary(): { path?: string; problem?: string } {
  const pkg = path.join(ROOT, 'node_modules', 'electron');
  const pathFile = path.join(pkg, 'path.txt');
  const help =
    "Electron's binary is needed for these tests. It is downloaded by the electron package " +
    '(node node_modules/electron/install.js) and cannot be downloaded on machines without internet access such as our CI; ' +
    'run `npm run test:electron` on a machine where it is installed.';
  if (!fs.existsSync(pathFile)) return { problem: `node_modules/electron/path.txt is missing: the binary was never installed. ${help}` };
  const distDir = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(pkg, 'dist');
  const exe = path.join(distDir, fs.readFileSync(pathFile, 'utf8').trim());
  if (!fs.existsSync(exe)) return { problem: `${exe} does not exist. ${help}` };
  return { path: exe };
}

function requireBuild(): void {
  for (const file of ['dist/main/electron.mjs', 'dist/main/preload.cjs', 'dist/renderer/index.html', 'dist/renderer/app.js']) {
    if (!fs.existsSync(path.join(ROOT, file))) throw new Error(`${file} is missing: run npm run build (npm run test:electron does).`);
  }
}

let app: ElectronApplication;
let page: Page;
let userData: string;
let outDir: string;

async function menu(command: MenuCommand): Promise<void> {
  const found = await app.evaluate(({ Menu }, id) => {
    const item = Menu.getApplicationMenu()?.getMenuItemById(id);
    if (!item) return false;
    item.click();
    return true;
  }, command);
  assert.ok(found, `menu item ${command}`);
}

async function zoomPercent(): Promise<number> {
  const text = (await page.locator('#zoom-level').textContent()) ?? '';
  const value = Number.parseInt(text, 10);
  assert.ok(Number.isFinite(value), `zoom level text: ${text}`);
  return value;
}

/** Replaces the save dialog in the main process with one that answers `file`. */
async function stubSaveDialog(file: string): Promise<void> {
  await app.evaluate(({ dialog }, target) => {
    dialog.showSaveDialog = (async () => ({ canceled: false, filePath: target })) as typeof dialog.showSaveDialog;
  }, file);
}

async function waitForFile(file: string, timeoutMs = 20_000): Promise<Buffer> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (fs.existsSync(file) && fs.statSync(file).size > 0) return fs.readFileSync(file);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${file} was not written within ${timeoutMs} ms`);
}

describe('Kube Anatomy in Electron', () => {
  before(async () => {
    const binary = electronBinary();
    if (!binary.path) throw new Error(binary.problem);
    requireBuild();
    userData = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-electron-profile-'));
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-electron-out-'));
    try {
      app = await _electron.launch({ args: ['.', '--demo', `--user-data-dir=${userData}`], cwd: ROOT, timeout: 60_000 });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (/download|ENOTFOUND|EAI_AGAIN|install correctly/i.test(message)) {
        throw new Error(`Electron could not start because its binary is missing and cannot be downloaded here.\n${message}`);
      }
      throw error;
    }
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  after(async () => {
    await app?.close().catch(() => {});
    for (const dir of [userData, outDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('loads our page from app://kube-anatomy', async () => {
    assert.equal(page.url(), 'app://kube-anatomy/index.html');
    assert.equal(await page.title(), 'Kube Anatomy');
  });

  it('draws the demo: pods with IPs inside nodes', async () => {
    const pods = page.locator('#canvas [data-kind="node"] [data-kind="pod"][data-ip]');
    await pods.first().waitFor({ timeout: 30_000 });
    const drawn = await page.evaluate(() => {
      const nodes = [...document.querySelectorAll('#canvas [data-kind="node"]')];
      return nodes.map((node) => ({
        name: node.getAttribute('data-name'),
        pods: [...node.querySelectorAll('[data-kind="pod"]')].map((pod) => ({ ip: pod.getAttribute('data-ip') ?? '', text: pod.textContent ?? '' })),
      }));
    });
    assert.ok(drawn.length >= 2, `nodes drawn: ${drawn.length}`);
    const withIp = drawn.flatMap((n) => n.pods).filter((p) => /^\d{1,3}(\.\d{1,3}){3}$|:/.test(p.ip));
    assert.ok(withIp.length >= 3, `pods with an IP: ${withIp.length}`);
    // The IP is written in the pod, not only in an attribute.
    for (const pod of withIp) assert.ok(pod.text.includes(pod.ip), `pod shows ${pod.ip}`);
  });

  it('runs in a locked-down renderer', async () => {
    const globals = await page.evaluate(() => ({
      require: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (globalThis as unknown as { process?: unknown }).process,
      module: typeof (globalThis as unknown as { module?: unknown }).module,
      apiKeys: Object.keys((window as unknown as { kubeAnatomy: object }).kubeAnatomy).sort(),
      shell: (window as unknown as { kubeAnatomy: { shell: string } }).kubeAnatomy.shell,
    }));
    assert.deepEqual(globals, { require: 'undefined', process: 'undefined', module: 'undefined', apiKeys: ['invoke', 'on', 'shell'], shell: 'electron' });

    // getLastWebPreferences is undocumented (not in electron.d.ts) but present in
    // Electron's WebContents; the exact values are also checked in Node by
    // test/main/electron/windows.test.ts.
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const wc = BrowserWindow.getAllWindows()[0].webContents as unknown as { getLastWebPreferences?: () => Record<string, unknown> | null };
      const p = wc.getLastWebPreferences?.();
      return p ? { contextIsolation: p.contextIsolation, sandbox: p.sandbox, nodeIntegration: p.nodeIntegration, webSecurity: p.webSecurity, preload: p.preload } : null;
    });
    if (prefs) {
      assert.equal(prefs.contextIsolation, true);
      assert.equal(prefs.sandbox, true);
      assert.equal(prefs.nodeIntegration, false);
      assert.equal(prefs.webSecurity, true);
      assert.match(String(prefs.preload), /preload\.cjs$/);
    }
  });

  it('sends the CSP header and enforces it', async () => {
    const csp = await page.evaluate(async () => (await fetch('app://kube-anatomy/index.html')).headers.get('content-security-policy'));
    assert.ok(csp);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'(;|$)/);
    const blocked = await page.evaluate(() => {
      const results: string[] = [];
      try {
        // eslint-disable-next-line no-eval
        eval('1');
        results.push('eval ran');
      } catch {
        results.push('eval blocked');
      }
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
      results.push((window as unknown as { __inlineRan?: boolean }).__inlineRan ? 'inline ran' : 'inline blocked');
      return results;
    });
    assert.deepEqual(blocked, ['eval blocked', 'inline blocked']);
    await assert.rejects(page.evaluate(() => fetch('https://example.com/')));
  });

  it('stays on its page: navigation and window.open are denied', async () => {
    const opened = await page.evaluate(() => window.open('https://example.com/'));
    assert.equal(opened, null);
    await page.evaluate(() => {
      location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    assert.equal(page.url(), 'app://kube-anatomy/index.html');
    assert.equal(app.windows().length, 1);
  });

  it('answers the API from the main process', async () => {
    const info = await page.evaluate(() => (window as unknown as { kubeAnatomy: { invoke(c: string): Promise<{ shell: string; name: string }> } }).kubeAnatomy.invoke('app:info'));
    assert.equal(info.shell, 'electron');
    assert.equal(info.name, 'Kube Anatomy');
    await assert.rejects(page.evaluate(() => (window as unknown as { kubeAnatomy: { invoke(c: string): Promise<unknown> } }).kubeAnatomy.invoke('shell:exec')));
  });

  it('zooms from the menu', async () => {
    await menu('zoom-fit');
    await page.waitForTimeout(300);
    const fit = await zoomPercent();
    await menu('zoom-in');
    await page.waitForTimeout(300);
    const zoomedIn = await zoomPercent();
    assert.ok(zoomedIn > fit, `${zoomedIn}% > ${fit}%`);
    await menu('zoom-out');
    await page.waitForTimeout(300);
    assert.ok((await zoomPercent()) < zoomedIn);
  });

  it('toggles the theme from the menu', async () => {
    const before = await page.evaluate(() => document.documentElement.dataset.theme);
    await menu('toggle-theme');
    await page.waitForFunction((t) => document.documentElement.dataset.theme !== t, before);
  });

  it('exports SVG and PNG through the (stubbed) save dialog', async () => {
    const svgFile = path.join(outDir, 'cluster.svg');
    await stubSaveDialog(svgFile);
    await menu('export-svg');
    const svg = (await waitForFile(svgFile)).toString('utf8');
    assert.match(svg, /<svg[\s>]/);
    assert.match(svg, /data-kind="pod"/);

    const pngFile = path.join(outDir, 'cluster.png');
    await stubSaveDialog(pngFile);
    await menu('export-png');
    const png = await waitForFile(pngFile);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  });

  it('remembers the window size in userData', async () => {
    await app.evaluate(({ BrowserWindow }) => BrowserWindow.getAllWindows()[0].setBounds({ width: 1000, height: 700 }));
    await page.waitForTimeout(1000);
    const state = JSON.parse(fs.readFileSync(path.join(userData, 'window-state.json'), 'utf8')) as { bounds: { width: number; height: number } };
    assert.equal(state.bounds.width, 1000);
    assert.equal(state.bounds.height, 700);
  });
});
