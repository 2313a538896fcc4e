// Shared set-up for the end-to-end tests: the browser-mode server started in
// this process on a session (demo, snapshot file, fake cluster), the built
// page opened in a real Chromium, and a few waits that read the DOM.

import { existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../main/server/server.ts';
import { openSession } from '../../main/session/index.ts';
import type { Session, SessionOptions } from '../../main/session/session.ts';
import { tempDir, type TempDir } from './fixtures.ts';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CHROMIUM = process.env.KUBE_ANATOMY_CHROMIUM ?? '/usr/bin/chromium';
const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');
const RENDERER = path.join(ROOT, 'dist', 'renderer');

/** Fails (never skips) when what the tests need is missing, saying how to get it. */
export function requirePrerequisites(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}. The end-to-end tests drive a real browser: install it ` +
        '(Debian/Ubuntu: apt-get install chromium) or point KUBE_ANATOMY_CHROMIUM at a Chromium binary.',
    );
  }
  for (const file of ['index.html', 'app.js']) {
    if (!existsSync(path.join(RENDERER, file))) {
      throw new Error(`${path.join(RENDERER, file)} is missing: build the renderer first (npm run build).`);
    }
  }
  const built = statSync(path.join(RENDERER, 'app.js')).mtimeMs;
  const entry = path.join(ROOT, 'renderer', 'app', 'main.ts');
  if (existsSync(entry) && statSync(entry).mtimeMs > built) {
    console.warn('warning: dist/renderer looks older than renderer/; run npm run build to test the current code.');
  }
}

export async function launchBrowser(): Promise<Browser> {
  requirePrerequisites();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface App {
  session: Session;
  server: RunningServer;
  close(): Promise<void>;
}

export async function startApp(options: Partial<SessionOptions>): Promise<App> {
  const session = await openSession({ env: {}, home: path.join(ROOT, '.cache', 'no-home'), coalesceMs: 30, watchDebounceMs: 50, ...options });
  const app: App = {
    session,
    // Replaceable: a test may restart the server on the same session.
    server: await startServer({ session }),
    async close() {
      await app.server.close();
      await session.close();
    },
  };
  return app;
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught page errors and console errors, for asserting a clean run. */
  errors: string[];
  /** Dialogs (alert, confirm…) the page tried to open: a script from the data would. */
  dialogs: string[];
}

export interface OpenOptions {
  /** Entries put in the page's localStorage before the app's script runs (the settings it reads at start, e.g. 'kube-anatomy.renderer'). */
  storage?: Record<string, string>;
  /** A script run in the page before the app's own (Playwright's addInitScript), e.g. to watch what the page sends. */
  init?: string;
}

export async function openPage(browser: Browser, url: string, options: OpenOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  if (options.storage) {
    await context.addInitScript((entries: Array<[string, string]>) => {
      try {
        for (const [key, value] of entries) localStorage.setItem(key, value);
      } catch {
        // about:blank and other opaque origins have no storage; the app's page does.
      }
    }, Object.entries(options.storage));
  }
  if (options.init) await context.addInitScript(options.init);
  const page = await context.newPage();
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400) errors.push(`HTTP ${response.status()} ${new URL(response.url()).pathname}`);
  });
  page.on('dialog', (dialog) => {
    dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  await page.goto(url);
  return { page, context, errors, dialogs };
}

/** A browser, a temporary folder, an app and its page: what pageOnApp's before() made. */
export interface PageOnApp {
  browser: Browser;
  files: TempDir;
  app: App;
  opened: OpenedPage;
}

/**
 * Registers the before() and after() most e2e files share: a browser, a
 * temporary folder (named from `prefix`), the app on the session `options`
 * gives for that folder, and its page opened with the first drawing in it
 * (`prepare`, if given, runs on the opened page before that wait). The
 * returned object is filled in by before(): a file's own before() would run
 * alongside it, not after it. after() closes each part that was made, the
 * page first and the folder last.
 */
export function pageOnApp(prefix: string, options: (files: TempDir) => Partial<SessionOptions>, prepare?: (parts: PageOnApp) => Promise<void>): PageOnApp {
  const parts = {} as Partial<PageOnApp>;
  before(async () => {
    parts.browser = await launchBrowser();
    parts.files = tempDir(prefix);
    parts.app = await startApp(options(parts.files));
    parts.opened = await openPage(parts.browser, parts.app.server.url);
    await prepare?.(parts as PageOnApp);
    await waitForDrawing(parts.opened.page);
  });
  after(async () => {
    await parts.opened?.context.close();
    await parts.app?.close();
    await parts.browser?.close();
    parts.files?.remove();
  });
  return parts as PageOnApp;
}

/** Waits until the first drawing is in the page (pods attached to the SVG). */
export async function waitForDrawing(page: Page): Promise<void> {
  await page.waitForSelector('g[data-kind=pod]', { state: 'attached', timeout: 15_000 });
}

/** Waits until the canvas renderer has painted the scene and its accessible tree holds pods. */
export async function waitForScene(page: Page): Promise<void> {
  await page.waitForSelector('#scene-canvas[data-painted]', { state: 'attached', timeout: 15_000 });
  await page.waitForSelector('#scene-tree [data-kind=pod]', { state: 'attached', timeout: 15_000 });
}

/**
 * Waits until the status bar shows one of `phases` with a detail, and returns
 * that detail. The phase and its detail are read in one step: a session that
 * retries goes back to connecting (whose detail may be empty) between tries.
 */
export async function statusDetailIn(page: Page, phases: readonly string[], timeout = 15_000): Promise<string> {
  const handle = await page.waitForFunction(
    (wanted) => {
      const phase = document.getElementById('status')?.dataset.phase ?? '';
      const detail = document.getElementById('status-detail')?.textContent ?? '';
      return wanted.includes(phase) && detail !== '' ? detail : false;
    },
    [...phases],
    { timeout },
  );
  return String(await handle.jsonValue());
}

/**
 * Waits until the view (pan and zoom) has stopped moving: the same transform
 * for `frames` animation frames in a row, so a fit or a zoom has ended and
 * screen positions can be read.
 */
export async function waitForStillView(page: Page, frames = 10): Promise<void> {
  // Counting starts afresh: frames seen by an earlier wait do not count.
  await page.evaluate(() => delete (window as unknown as { __kaStill?: unknown }).__kaStill);
  await page.waitForFunction(
    (wanted) => {
      const w = window as unknown as { __kaStill?: { last: string | null; same: number } };
      // A move of an SVG drawing shows as a CSS transform on its root until it ends (renderer/app/zoom.ts).
      const now = `${document.getElementById('viewport')?.getAttribute('transform') ?? ''}|${(document.getElementById('canvas') as HTMLElement | null)?.style.transform ?? ''}`;
      const seen = w.__kaStill ?? { last: null, same: 0 };
      seen.same = now === seen.last ? seen.same + 1 : 0;
      seen.last = now;
      w.__kaStill = seen;
      return seen.same >= wanted;
    },
    frames,
    { polling: 'raf', timeout: 15_000 },
  );
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Every pod the drawing shows, as { node, namespace, name, ip } read from the SVG's data attributes. */
export function drawnPods(page: Page): Promise<{ node: string | null; band: string | null; namespace: string; name: string; ip: string | null; text: string }[]> {
  return page.$$eval('g[data-kind=pod]', (pods) =>
    pods
      // Elements on their way out (fading after a change) are no longer part of the picture.
      .filter((pod) => !pod.closest('.ka-exiting'))
      .map((pod) => {
        const node = pod.parentElement?.closest('g[data-kind=node]');
        const band = pod.parentElement?.closest('g[data-kind=unscheduled]');
        return {
          node: node?.getAttribute('data-name') ?? null,
          band: band ? 'unscheduled' : null,
          namespace: pod.getAttribute('data-namespace') ?? '',
          name: pod.getAttribute('data-name') ?? '',
          ip: pod.getAttribute('data-ip'),
          text: pod.textContent ?? '',
        };
      }),
  );
}

/**
 * The level the drawing shows (lod.ts: overview, pods or containers), and the
 * geometry it is laid out at: read from the SVG drawing, or from the
 * #scene-canvas when the canvas renderer draws.
 */
export function drawnLevel(page: Page): Promise<{ level: string | null; detail: string | null; zoom: number }> {
  return page.evaluate(() => {
    const onCanvas = document.getElementById('canvas')?.getAttribute('data-renderer') === 'canvas';
    const drawing = onCanvas ? document.getElementById('scene-canvas') : document.querySelector('#viewport > svg.drawing');
    const viewport = document.getElementById('viewport') as unknown as SVGGraphicsElement | null;
    return {
      level: drawing?.getAttribute('data-level') ?? null,
      detail: drawing?.getAttribute('data-detail') ?? null,
      zoom: viewport?.transform.baseVal.consolidate()?.matrix.a ?? 1,
    };
  });
}

/**
 * Zooms with the + and - keys (about the middle of the view) until the
 * drawing shows `level` laid out for it, as a user would to see containers.
 */
export async function zoomToLevel(page: Page, level: 'overview' | 'pods' | 'containers'): Promise<void> {
  const order = ['overview', 'pods', 'containers'];
  for (let i = 0; i < 16; i++) {
    const now = await drawnLevel(page);
    const settled = now.detail === { overview: now.detail, pods: 'cards', containers: 'full' }[level];
    if (now.level === level && settled) return;
    const key = order.indexOf(now.level ?? 'pods') < order.indexOf(level) ? '+' : '-';
    await page.keyboard.press(key);
    // The zoom's transition ends, and with it the new level's layout, within a few frames.
    await page.waitForFunction((before) => {
      const viewport = document.getElementById('viewport') as unknown as SVGGraphicsElement | null;
      return viewport?.transform.baseVal.consolidate()?.matrix.a !== before;
    }, now.zoom, { timeout: 5_000 });
    await page.waitForTimeout(300);
  }
  throw new Error(`the drawing did not reach the ${level} level: ${JSON.stringify(await drawnLevel(page))}`);
}

/**
 * The page's shown texts (the drawing's, the top bar's, the status bar's) once
 * its fonts are ready: how many, those set in a stand-in because a face of
 * Pretendard their characters need (in their weight) has not loaded, and the
 * font files the page loaded. (document.fonts.check says true for a character
 * no face covers: test/main/tools/fonts.test.ts holds that each is covered.)
 */
export function fontOfTexts(page: Page): Promise<{ texts: number; stand: string[]; files: string[] }> {
  return page.evaluate(async () => {
    // After a frame, so that the loads of text put in since the last one have begun.
    await new Promise((resolve) => requestAnimationFrame(resolve));
    await document.fonts.ready;
    const texts = [...document.querySelectorAll('#viewport text, .topbar span, .topbar button, .statusbar span')]
      // Shown text only: a face is loaded for what is rendered.
      .filter((el) => el.children.length === 0 && (el.textContent ?? '').trim() !== '' && el.checkVisibility());
    const stand = texts.filter((el) => !document.fonts.check(`${getComputedStyle(el).fontWeight} 16px Pretendard`, el.textContent ?? '')).map((el) => el.textContent ?? '');
    const files = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname).filter((p) => p.startsWith('/fonts/'));
    return { texts: texts.length, stand, files };
  });
}
