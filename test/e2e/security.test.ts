// The browser mode's defences against the built page, from outside and from
// inside a real browser: the token, Host and Origin checks (plain HTTP and the
// WebSocket upgrade), the CSP in force, a token that never reaches another
// local server, and a page on another origin that knows the token and still
// gets nothing.

import assert from 'node:assert/strict';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchBrowser, openPage, startApp, type App, waitForDrawing } from './helpers.ts';

let browser: Browser;
let app: App;

before(async () => {
  browser = await launchBrowser();
  app = await startApp({ demo: true });
});
after(async () => {
  await app?.close();
  await browser?.close();
});

function http(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: app.server.port, path, headers: { Host: `127.0.0.1:${app.server.port}`, ...headers } }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The first line of the server's answer to a raw WebSocket upgrade. */
function upgrade(path: string, headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: app.server.port }, () => {
      const lines = Object.entries({
        Host: `127.0.0.1:${app.server.port}`,
        Upgrade: 'websocket',
        Connection: 'Upgrade',
        'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==',
        'Sec-WebSocket-Version': '13',
        ...headers,
      }).map(([k, v]) => `${k}: ${v}\r\n`);
      socket.write(`GET ${path} HTTP/1.1\r\n${lines.join('')}\r\n`);
    });
    socket.once('data', (data) => {
      resolve(data.toString().split('\r\n')[0]);
      socket.destroy();
    });
    socket.on('error', reject);
  });
}

describe('plain HTTP against the built page', () => {
  test('the app shell is public: served without the token, a wrong token is 403, and never a cookie', async () => {
    const bare = await http('/');
    assert.equal(bare.status, 200);
    assert.match(bare.body, /<title>Kube Anatomy<\/title>/);
    assert.match(String(bare.headers['content-security-policy']), /script-src 'self'; style-src 'self';/);
    // A mistyped URL is told so, rather than opening a page that cannot connect.
    const wrong = await http(`/?token=${'x'.repeat(43)}`);
    assert.equal(wrong.status, 403);
    assert.match(wrong.body, /wrong access token/);
    const ok = await http(`/?token=${app.server.token}`);
    assert.equal(ok.status, 200);
    for (const reply of [bare, wrong, ok]) {
      assert.equal(reply.headers['set-cookie'], undefined);
      assert.equal(reply.headers['access-control-allow-origin'], undefined);
    }
  });

  test('exactly the built files are served: script, source map, stylesheet, fonts', async () => {
    const types: Record<string, string> = {
      '/app.js': 'text/javascript; charset=utf-8',
      '/app.js.map': 'application/json; charset=utf-8',
      '/app.css': 'text/css; charset=utf-8',
      '/fonts/Pretendard-Regular.otf': 'font/otf',
      '/fonts/Pretendard-SemiBold.otf': 'font/otf',
      '/fonts.css': 'text/css; charset=utf-8',
      '/fonts/web/Pretendard-Regular.subset.91.woff2': 'font/woff2',
    };
    for (const [file, type] of Object.entries(types)) {
      const reply = await http(file);
      assert.equal(reply.status, 200, file);
      assert.equal(reply.headers['content-type'], type, file);
      assert.equal(reply.headers['cross-origin-resource-policy'], 'same-origin', file);
    }
    for (const file of ['/package.json', '/main/server/server.ts', '/../package.json', '/fonts/', '/fonts/web/', '/dist/renderer/app.js']) {
      assert.equal((await http(file)).status, 404, file);
    }
  });

  test('a wrong Host or Origin is refused even with the token', async () => {
    assert.equal((await http(`/?token=${app.server.token}`, { Host: `attacker.example:${app.server.port}` })).status, 403);
    assert.equal((await http(`/?token=${app.server.token}`, { Origin: 'http://attacker.example' })).status, 403);
  });

  test('the WebSocket upgrade: wrong Origin, Host or token refused; right everything 101', async () => {
    const ours = { Origin: `http://127.0.0.1:${app.server.port}` };
    const token = app.server.token;
    assert.match(await upgrade(`/ws?token=${token}`, { Origin: 'http://attacker.example' }), /^HTTP\/1\.1 403/);
    assert.match(await upgrade(`/ws?token=${token}`, { ...ours, Host: `rebound.example:${app.server.port}` }), /^HTTP\/1\.1 403/);
    assert.match(await upgrade('/ws', ours), /^HTTP\/1\.1 401/);
    assert.match(await upgrade(`/ws?token=${'y'.repeat(43)}`, ours), /^HTTP\/1\.1 403/);
    assert.match(await upgrade(`/ws?token=${token}`, ours), /^HTTP\/1\.1 101 Switching Protocols/);
  });
});

describe('in the browser', () => {
  describe('the token stays with our origin and the tab it was opened in', () => {
    // Another web app on this machine, on another port: it records every request it gets.
    let other: Server;
    let otherUrl: string;
    const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
    before(async () => {
      other = createServer((req, res) => {
        seen.push({ url: req.url ?? '', headers: req.headers });
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<!doctype html><title>another app</title><img src="/pixel.png">');
      });
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      const address = other.address();
      otherUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    });
    after(async () => {
      other.closeAllConnections();
      await new Promise((resolve) => other.close(resolve));
    });

    test('after the page loads, a server on another local port receives no credential', async () => {
      const { page, context } = await openPage(browser, app.server.url);
      try {
        await waitForDrawing(page);
        const address = page.url();
        const tab = await context.newPage();
        await tab.goto(otherUrl);
        await tab.goto(`${otherUrl}some/path?q=1`);
        // The app's own tab, leaving for the other app.
        await page.goto(otherUrl);
        assert.ok(seen.length >= 3, `the other server saw ${seen.length} requests`);
        for (const request of seen) {
          assert.ok(!JSON.stringify(request).includes(app.server.token), `the token reached the other server: ${JSON.stringify(request)}`);
          assert.equal(request.headers.cookie, undefined, `a cookie reached the other server: ${request.headers.cookie}`);
        }
        assert.equal(address, `http://127.0.0.1:${app.server.port}/`, 'the token is gone from the address bar');
      } finally {
        await context.close();
      }
    });

    test('a reload of the same tab draws again; a new tab without the token says to open the printed URL and opens no socket', async () => {
      const { page, context } = await openPage(browser, app.server.url);
      try {
        await waitForDrawing(page);
        await page.reload();
        await waitForDrawing(page);
        assert.equal(page.url(), `http://127.0.0.1:${app.server.port}/`);

        const tab = await context.newPage();
        const sockets: string[] = [];
        tab.on('websocket', (ws) => sockets.push(ws.url()));
        await tab.goto(`http://127.0.0.1:${app.server.port}/`);
        await tab.waitForFunction(() => document.getElementById('empty-state')?.dataset.phase === 'failed', undefined, { timeout: 10_000 });
        assert.equal(
          await tab.textContent('#empty-text'),
          `This tab has no access token. Open the URL that kube-anatomy printed in its terminal (http://127.0.0.1:${app.server.port}/?token=…); every new tab needs it again.`,
        );
        assert.equal(await tab.getAttribute('#status', 'data-phase'), 'failed');
        assert.equal(await tab.isVisible('#error-banner'), false, 'said once in the page, not again as a failed request');
        assert.equal(await tab.locator('g[data-kind=pod]').count(), 0);
        assert.deepEqual(sockets, [], 'no WebSocket without the token');
      } finally {
        await context.close();
      }
    });
  });

  test('the app works on localhost too, and its CSP forbids eval and foreign connections', async () => {
    const { page, context, errors } = await openPage(browser, `http://localhost:${app.server.port}/?token=${app.server.token}`);
    try {
      await waitForDrawing(page);
      // Code the page itself would run: an inline script, a string timer (eval), a foreign fetch.
      const probe = await page.evaluate(async () => {
        const w = window as unknown as Record<string, unknown>;
        const script = document.createElement('script');
        script.textContent = 'window.__inline = "ran"';
        document.head.append(script);
        (setTimeout as unknown as (code: string, ms: number) => void)('window.__evaled = "ran"', 0);
        await new Promise((resolve) => setTimeout(resolve, 200));
        let fetchResult = 'ran';
        try {
          await fetch('http://example.invalid/');
        } catch {
          fetchResult = 'blocked';
        }
        return { inline: w.__inline ?? 'blocked', evalResult: w.__evaled ?? 'blocked', fetchResult, api: typeof w.kubeAnatomy };
      });
      assert.deepEqual(probe, { inline: 'blocked', evalResult: 'blocked', fetchResult: 'blocked', api: 'object' });
      const api = await page.evaluate(() => {
        const descriptor = Object.getOwnPropertyDescriptor(window, 'kubeAnatomy');
        return { writable: descriptor?.writable, configurable: descriptor?.configurable, frozen: Object.isFrozen((window as unknown as { kubeAnatomy: object }).kubeAnatomy) };
      });
      assert.deepEqual(api, { writable: false, configurable: false, frozen: true });
      assert.ok(errors.every((e) => /Content Security Policy|example\.invalid|ERR_/.test(e)), errors.join('\n'));
    } finally {
      await context.close();
    }
  });

  describe('a page on another origin that even knows the token', () => {
    let evil: Server;
    let evilUrl: string;
    before(async () => {
      evil = createServer((_req, res) => {
        res.writeHead(200, { 'Content-Type': 'text/html' });
        res.end('<!doctype html><title>evil</title><p>evil</p>');
      });
      await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
      const address = evil.address();
      evilUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/`;
    });
    after(async () => {
      evil.closeAllConnections();
      await new Promise((resolve) => evil.close(resolve));
    });

    test('can neither read the page nor open the WebSocket', async () => {
      const { page, context } = await openPage(browser, evilUrl);
      try {
        const result = await page.evaluate(
          async ({ port, token }) => {
            const out: Record<string, string> = {};
            try {
              const res = await fetch(`http://127.0.0.1:${port}/?token=${token}`);
              out.fetch = `read ${res.status} ${(await res.text()).slice(0, 20)}`;
            } catch (error) {
              out.fetch = `blocked: ${(error as Error).name}`;
            }
            out.socket = await new Promise<string>((resolve) => {
              const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${token}`);
              ws.onopen = () => resolve('open');
              ws.onerror = () => resolve('refused');
              setTimeout(() => resolve('timeout'), 5000);
            });
            return out;
          },
          { port: app.server.port, token: app.server.token },
        );
        assert.match(result.fetch, /^blocked/);
        assert.equal(result.socket, 'refused');
      } finally {
        await context.close();
      }
    });
  });
});
