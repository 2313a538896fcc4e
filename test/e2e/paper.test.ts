// Pictures for paper in the page (issue 11, items 2, 3, 6, 7), in Chromium in
// browser mode on http://127.0.0.1 (a secure context): Copy SVG and Copy PNG
// put the picture on the clipboard, with its legend, footer and alt text; the
// Export menu's picture options change the export (print theme, title, no
// legend); a page that is not a secure context says why it cannot copy.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { kindItems, listText } from './fixtures.ts';
import { pageOnApp, waitForDrawing } from './helpers.ts';

const env = pageOnApp(
  'anatomy-e2e-paper-',
  (files) => ({ snapshot: files.write('kind.json', listText(kindItems())) }),
  ({ app, opened }) => opened.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(app.server.url).origin }),
);

async function menuClick(testId: string): Promise<void> {
  await env.opened.page.click('#export-button');
  await env.opened.page.click(`[data-testid=${testId}]`);
}

/**
 * What the clipboard holds once it holds `wanted` (asked again every 100 ms for 20 s: the copy finishes
 * after the click, and waitForFunction does not wait for an async predicate): each type and, for text,
 * the text; for an image, its first bytes.
 */
function clipboardNow(wanted: string): Promise<Array<{ type: string; text?: string; head?: number[] }>> {
  return env.opened.page.evaluate(async (wanted) => {
    for (let i = 0; i < 200; i++) {
      const items = await navigator.clipboard.read();
      if (items.some((item) => item.types.includes(wanted))) {
        const out: Array<{ type: string; text?: string; head?: number[] }> = [];
        for (const item of items) {
          for (const type of item.types) {
            const blob = await item.getType(type);
            if (type.startsWith('text/') || type === 'image/svg+xml') out.push({ type, text: await blob.text() });
            else out.push({ type, head: [...new Uint8Array(await blob.arrayBuffer()).slice(0, 8)] });
          }
        }
        return out;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return [];
  }, wanted);
}

async function noticeText(): Promise<string> {
  await env.opened.page.waitForSelector('[data-testid=notice]:not([hidden])', { timeout: 10_000 });
  return (await env.opened.page.textContent('[data-testid=notice]')) ?? '';
}

test('Copy SVG puts the picture with its legend, footer and alt text on the clipboard', async () => {
  await menuClick('copy-svg');
  const items = await clipboardNow('image/svg+xml');
  // Chromium sanitizes image/svg+xml as it writes it (it drops <style>, <title> and <desc> and inlines
  // computed styles), so the file as exported travels beside it as text/plain.
  const image = items.find((i) => i.type === 'image/svg+xml');
  assert.match(image?.text ?? '', /data-role="legend"/, `types: ${items.map((i) => i.type).join(', ')}`);
  const svg = items.find((i) => i.type === 'text/plain')?.text ?? '';
  assert.match(svg, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<svg /);
  assert.match(svg, /<desc>A picture of snapshot kind\.json: \d+ nodes/);
  assert.match(svg, /data-role="legend"/);
  assert.match(svg, /data-role="footer"[^>]*>(<[^>]+>)*Source: snapshot kind\.json · \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
  assert.match(await noticeText(), /SVG copied to the clipboard/);
});

test('Copy PNG puts a PNG on the clipboard', async () => {
  await env.opened.page.evaluate(() => navigator.clipboard.writeText(''));
  await menuClick('copy-image');
  const png = (await clipboardNow('image/png')).find((i) => i.type === 'image/png');
  assert.deepEqual(png?.head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
});

test('the picture options change the export: print theme, a title, no legend', async () => {
  const { page } = env.opened;
  await page.click('#export-button');
  await page.uncheck('[data-testid=paper-legend]');
  await page.check('[data-testid=paper-print]');
  await page.fill('[data-testid=paper-title]', 'Volumes <b>shared</b>');
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 20_000 }), page.click('[data-testid=export-svg]')]);
  const text = await readFile(await file.path(), 'utf8');
  assert.match(text, /data-theme="print"/);
  assert.match(text, /data-status-mark="/);
  assert.doesNotMatch(text, /data-role="legend"/);
  assert.match(text, /data-role="title"[^>]*>(<[^>]+>)*Volumes &lt;b&gt;shared&lt;\/b&gt;/, 'the title is text, not markup');
  assert.match(text, /<title>Volumes &lt;b&gt;shared&lt;\/b&gt;<\/title>/);
  // The screen keeps its own theme.
  assert.notEqual(await page.getAttribute('#canvas', 'data-theme'), 'print');
  await page.click('#export-button');
  await page.check('[data-testid=paper-legend]');
  await page.uncheck('[data-testid=paper-print]');
  await page.fill('[data-testid=paper-title]', '');
  await page.keyboard.press('Escape');
});

test('Ctrl+Shift+C copies the PNG from the keyboard', async () => {
  const { page } = env.opened;
  await page.evaluate(() => navigator.clipboard.writeText('nothing yet'));
  await page.click('#canvas', { position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+Shift+C');
  const png = (await clipboardNow('image/png')).find((i) => i.type === 'image/png');
  assert.deepEqual(png?.head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
});

test('a page that is not a secure context says why it cannot copy', async () => {
  // Chromium counts only localhost, 127.0.0.0/8 and ::1 as trustworthy over http, and this server is on
  // 127.0.0.1; a page served from another address has isSecureContext false, which is what is set here.
  const page = await (await env.browser.newContext()).newPage();
  await page.addInitScript(() => Object.defineProperty(window, 'isSecureContext', { value: false }));
  await page.goto(env.app.server.url);
  await waitForDrawing(page);
  await page.click('#export-button');
  await page.click('[data-testid=copy-svg]');
  await page.waitForSelector('[data-testid=error-banner]:not([hidden])', { timeout: 10_000 });
  const said = await page.textContent('[data-testid=error-banner]');
  assert.match(said ?? '', /only on https, 127\.0\.0\.1 or localhost, and this page is http:\/\/127\.0\.0\.1:\d+/);
  await page.context().close();
});
