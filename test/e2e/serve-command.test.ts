// `kube-anatomy serve` as a user starts it, from the built bundle: bin.mjs
// runs dist/cli/serve.cjs (main/cli/serve-main.ts), which must find the page's
// files from its own place, answer them whole, push the session and the model
// to a page's socket, stop on SIGTERM, and leave a code cache for the next
// start in the user's own folder. Needs the build (npm run build).

import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { WebSocket } from 'ws';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BUNDLE = path.join(ROOT, 'dist', 'cli', 'serve.cjs');

let home: string;
before(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: build first (npm run build)`);
  home = mkdtempSync(path.join(os.tmpdir(), 'ka-serve-home-'));
});
after(() => rmSync(home, { recursive: true, force: true }));

interface Served {
  url: string;
  child: ChildProcessWithoutNullStreams;
  stop(): Promise<number | null>;
}

async function serve(): Promise<Served> {
  const child = spawn(process.execPath, [path.join(ROOT, 'main', 'cli', 'bin.mjs'), 'serve', '--demo'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: home },
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await Promise.race([
    new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', (line) => resolve(line.trim()))),
    exited.then(() => Promise.reject(new Error(`serve exited before printing its URL: ${stderr}`))),
  ]);
  return {
    url,
    child,
    stop() {
      child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The first session and model events a socket of the page is sent unasked. */
function firstEvents(url: string): Promise<{ session: any; model: any }> {
  const page = new URL(url);
  const ws = new WebSocket(`ws://${page.host}/ws?token=${page.searchParams.get('token')}`, { headers: { Origin: page.origin } });
  return new Promise((resolve, reject) => {
    const seen: { session?: unknown; model?: unknown } = {};
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as { event?: string; payload?: unknown };
      if (m.event?.endsWith(':session')) seen.session ??= m.payload;
      if (m.event?.endsWith(':model')) seen.model ??= m.payload;
      if (seen.session && seen.model) {
        ws.close();
        resolve(seen as { session: any; model: any });
      }
    });
    ws.on('error', reject);
  });
}

const cacheFolder = () => path.join(home, ...(process.platform === 'darwin' ? ['Library', 'Caches'] : ['.cache']), 'kube-anatomy', 'code-cache');
const serveCaches = () => (existsSync(cacheFolder()) ? readdirSync(cacheFolder()).filter((n) => n.startsWith('serve-')) : []);

describe('kube-anatomy serve from its bundle', () => {
  it('serves the built page whole, pushes the session and the model, and stops on SIGTERM', async () => {
    const app = await serve();
    let code: number | null;
    try {
      const base = new URL(app.url);
      const html = await fetch(app.url);
      assert.equal(html.status, 200);
      assert.match(await html.text(), /<script type="module" src="\.\/app\.js"><\/script>/);
      const js = await fetch(new URL('/app.js', base));
      assert.equal(js.status, 200);
      const bytes = readFileSync(path.join(ROOT, 'dist', 'renderer', 'app.js'));
      assert.equal(js.headers.get('content-length'), String(bytes.length));
      assert.ok(Buffer.from(await js.arrayBuffer()).equals(bytes), 'the file as built');
      assert.match(js.headers.get('content-security-policy') ?? '', /script-src 'self'/);
      assert.equal((await fetch(new URL('/nope.js', base))).status, 404);
      const { session, model } = await firstEvents(app.url);
      assert.equal(session.source.kind, 'demo');
      assert.ok(model.model.stats.pods > 0, 'the demo has pods');
    } finally {
      // Stopped whatever happened; its exit code is checked after, so that a failure above is the one reported.
      code = await app.stop();
    }
    assert.equal(code, 0);
  });

  it('leaves a code cache after a run, which the next start reads without writing it again', { skip: process.platform === 'win32' ? 'no SIGTERM there' : false }, async () => {
    rmSync(cacheFolder(), { recursive: true, force: true });
    const first = await serve();
    await firstEvents(first.url);
    assert.equal(await first.stop(), 0);
    const [made] = serveCaches();
    assert.ok(made, 'a cache was made after the run');
    const mtime = statSync(path.join(cacheFolder(), made)).mtimeMs;
    const second = await serve();
    await firstEvents(second.url);
    assert.equal(await second.stop(), 0);
    assert.deepEqual(serveCaches(), [made]);
    assert.equal(statSync(path.join(cacheFolder(), made)).mtimeMs, mtime, 'a cache that fits is read, not written again');
  });
});
