import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { networkInterfaces, tmpdir } from 'node:os';
import { connect } from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WebSocket } from 'ws';
import { contentSecurityPolicy } from '../../../main/server/security.ts';
import { startServer, type RunningServer } from '../../../main/server/server.ts';
import { isModelPart, PARTS_FROM_PODS, PODS_PER_PART, streamAssembler } from '../../../main/contract/wire.ts';
import type { ModelUpdate } from '../../../main/contract/api.ts';
import { CONTENT_SECURITY_POLICY as ELECTRON_CSP } from '../../../main/electron/security.ts';
import { Session } from '../../../main/session/session.ts';
import { listText, node, pod, smallCluster } from '../../fixtures/session/objects.ts';
import { FAST, fakes } from '../session/fakes.ts';

let root: string;
let session: Session;
let server: RunningServer;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'anatomy-server-'));
  await mkdir(path.join(root, 'fonts'));
  await writeFile(path.join(root, 'index.html'), '<!doctype html><title>t</title><script type="module" src="./app.js"></script>');
  await writeFile(path.join(root, 'app.js'), 'console.log(1)');
  await writeFile(path.join(root, 'fonts', 'a.otf'), 'font');
  await writeFile(path.join(root, '.secret.js'), 'hidden');
  await writeFile(path.join(root, 'notes.exe'), 'unknown type');
  await symlink('/etc/passwd', path.join(root, 'passwd.txt'));
  session = await Session.open({ env: {}, home: root, demo: true, ...FAST }, fakes().deps);
  server = await startServer({ session, root });
});

after(async () => {
  await server.close();
  await session.close();
  await rm(root, { recursive: true, force: true });
});

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(pathAndQuery: string, headers: Record<string, string> = {}, method = 'GET', host = '127.0.0.1'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port: server.port, path: pathAndQuery, method, headers: { Host: `127.0.0.1:${server.port}`, ...headers } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const tokenQuery = () => `token=${server.token}`;

function assertSecurityHeaders(reply: Reply): void {
  assert.equal(reply.headers['content-security-policy'], contentSecurityPolicy(server.port));
  assert.equal(reply.headers['x-content-type-options'], 'nosniff');
  assert.equal(reply.headers['referrer-policy'], 'no-referrer');
  for (const name of Object.keys(reply.headers)) assert.ok(!name.startsWith('access-control-'), `no CORS header (${name})`);
}

describe('HTTP', () => {
  test('the URL carries a 32-byte base64url token and names 127.0.0.1', () => {
    assert.match(server.token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(server.url, `http://127.0.0.1:${server.port}/?token=${server.token}`);
  });

  test('the page and its files load without the token, and no response sets a cookie', async () => {
    for (const query of ['', `?${tokenQuery()}`]) {
      const page = await get(`/${query}`);
      assert.equal(page.status, 200, query);
      assert.match(page.body, /<script type="module" src=".\/app.js">/);
      assert.equal(page.headers['content-type'], 'text/html; charset=utf-8');
      assertSecurityHeaders(page);
      // A cookie would reach every server on 127.0.0.1, whatever its port.
      assert.equal(page.headers['set-cookie'], undefined, query);
    }
    const script = await get('/app.js');
    assert.equal(script.status, 200);
    assert.equal(script.body, 'console.log(1)');
    assert.equal(script.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(script.headers['set-cookie'], undefined);
    assert.equal((await get('/fonts/a.otf')).status, 200);
  });

  test('a file goes whole in one answer with its length (read once and kept), also for HEAD', async () => {
    const script = await get('/app.js');
    assert.equal(script.headers['content-length'], String(Buffer.byteLength('console.log(1)')));
    assert.equal(script.headers['transfer-encoding'], undefined, 'not streamed in chunks');
    assert.equal((await get('/index.html')).body, (await get('/')).body);
    const head = await get('/app.js', {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
  });

  test('a wrong token is 403 with the security headers, so a mistyped URL is told', async () => {
    for (const wrong of ['A'.repeat(43), '', server.token.slice(1)]) {
      const reply = await get(`/?token=${wrong}`);
      assert.equal(reply.status, 403, wrong);
      assert.match(reply.body, /^wrong access token: open the URL that kube-anatomy printed/);
      assertSecurityHeaders(reply);
    }
    assert.equal((await get(`/app.js?token=${'A'.repeat(43)}`)).status, 403);
  });

  test('a Host other than 127.0.0.1:PORT or localhost:PORT is refused (DNS rebinding)', async () => {
    for (const host of ['evil.example', `evil.example:${server.port}`, '127.0.0.1', `127.0.0.1:${server.port + 1}`, `[::1]:${server.port}`, `localhost.:${server.port}`]) {
      const reply = await get(`/?${tokenQuery()}`, { Host: host });
      assert.equal(reply.status, 403, host);
      assertSecurityHeaders(reply);
    }
    assert.equal((await get(`/?${tokenQuery()}`, { Host: `localhost:${server.port}` })).status, 200);
  });

  test('an Origin other than ours is refused', async () => {
    for (const origin of ['http://evil.example', `http://127.0.0.1:${server.port + 1}`, `https://127.0.0.1:${server.port}`, 'null']) {
      assert.equal((await get(`/?${tokenQuery()}`, { Origin: origin })).status, 403, origin);
    }
    assert.equal((await get(`/?${tokenQuery()}`, { Origin: `http://localhost:${server.port}` })).status, 200);
    assert.equal((await get(`/?${tokenQuery()}`, { Origin: `http://127.0.0.1:${server.port}` })).status, 200);
  });

  test('only listed files are served: no traversal, no dot-files, no symlinks, no listing', async () => {
    const paths = [
      '/../package.json',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/fonts/../../etc/passwd',
      '/fonts/%2e%2e%2findex.html',
      '/fonts/',
      '/fonts',
      '/.secret.js',
      '/passwd.txt',
      '/notes.exe',
      '//etc/passwd',
      '/index.html%00.js',
      '/app.js/',
      '/APP.JS',
      `/${'a'.repeat(5000)}`,
    ];
    for (const p of paths) {
      const reply = await get(`${p}${p.includes('?') ? '&' : '?'}${tokenQuery()}`);
      assert.equal(reply.status, 404, p);
      assert.doesNotMatch(reply.body, /root:|hidden/);
      assertSecurityHeaders(reply);
    }
    assert.equal((await get(`/index.html?${tokenQuery()}`)).status, 200);
  });

  test('only GET and HEAD', async () => {
    assert.equal((await get(`/?${tokenQuery()}`, {}, 'POST')).status, 405);
    assert.equal((await get(`/?${tokenQuery()}`, {}, 'OPTIONS')).status, 405);
    const head = await get(`/?${tokenQuery()}`, {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body, '');
  });

  test('the CSP is the Electron window policy, except that the page may connect back to us', () => {
    const ours = contentSecurityPolicy(server.port).split('; ');
    const electron = ELECTRON_CSP.split('; ');
    assert.deepEqual(
      ours.filter((d) => !d.startsWith('connect-src')),
      electron.filter((d) => !d.startsWith('connect-src')),
    );
    assert.ok(ours.includes(`connect-src 'self' ws://127.0.0.1:${server.port} ws://localhost:${server.port}`));
  });
});

describe('loopback only', () => {
  test('the server listens on 127.0.0.1 and nowhere else', async () => {
    const others = Object.values(networkInterfaces())
      .flat()
      .filter((a) => a && a.family === 'IPv4' && !a.internal)
      .map((a) => a!.address);
    // ::1 and 127.0.0.2 are loopback too, but not the address we bound.
    for (const address of ['::1', '127.0.0.2', ...others]) {
      await assert.rejects(
        new Promise((resolve, reject) => {
          const socket = connect({ host: address, port: server.port }, () => {
            socket.destroy();
            resolve(undefined);
          });
          socket.on('error', reject);
        }),
        /ECONNREFUSED/,
        `reachable on ${address}`,
      );
    }
  });

  test('any other host is refused at start', async () => {
    await assert.rejects(startServer({ session, root, host: '0.0.0.0' as '127.0.0.1' }), /127\.0\.0\.1 only/);
  });

  test('a port in use is an error, and leaves nothing subscribed to the session', async () => {
    let subscribed = 0;
    const counting = {
      on: () => {
        subscribed += 1;
        return () => {
          subscribed -= 1;
        };
      },
    } as unknown as Session;
    await assert.rejects(startServer({ session: counting, root, port: server.port }), /EADDRINUSE/);
    assert.equal(subscribed, 0);
    const other = await startServer({ session: counting, root });
    assert.equal(subscribed, 5, 'view, session, progress, image-stage and events');
    await other.close();
    assert.equal(subscribed, 0);
  });

  test('a missing renderer build is a clear start-up error', async () => {
    await assert.rejects(startServer({ session, root: path.join(root, 'fonts') }), /index\.html is missing: build the renderer first/);
  });
});

// ---------------------------------------------------------------- WebSocket

function open(url: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, origin: headers.Origin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

const wsUrl = (token = server.token, p = '/ws') => `ws://127.0.0.1:${server.port}${p}?token=${token}`;

class Client {
  readonly ws: WebSocket;
  readonly messages: Record<string, unknown>[] = [];
  #waiters: { test: (m: Record<string, unknown>) => boolean; resolve: (m: Record<string, unknown>) => void }[] = [];

  constructor(ws: WebSocket) {
    this.ws = ws;
    ws.on('message', (data) => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      this.messages.push(message);
      this.#waiters = this.#waiters.filter((w) => {
        if (!w.test(message)) return true;
        w.resolve(message);
        return false;
      });
    });
  }

  wait(test: (m: Record<string, unknown>) => boolean, timeoutMs = 3000): Promise<Record<string, unknown>> {
    const found = this.messages.find(test);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no such message')), timeoutMs);
      this.#waiters.push({ test, resolve: (m) => (clearTimeout(timer), resolve(m)) });
    });
  }

  async call(id: unknown, channel: string, payload?: unknown): Promise<Record<string, unknown>> {
    this.ws.send(JSON.stringify(payload === undefined ? { id, channel } : { id, channel, payload }));
    return this.wait((m) => m.id === id);
  }

  async raw(text: string | Buffer): Promise<Record<string, unknown>> {
    const count = this.messages.length;
    this.ws.send(text);
    await new Promise<void>((resolve) => {
      const check = () => (this.messages.length > count ? resolve() : setTimeout(check, 5));
      check();
    });
    return this.messages[count];
  }
}

describe('WebSocket', () => {
  const origin = () => ({ Origin: `http://127.0.0.1:${server.port}` });

  test('the upgrade needs the token, our Host and our Origin', async () => {
    await assert.rejects(open(`ws://127.0.0.1:${server.port}/ws`, origin()), /HTTP 401/);
    await assert.rejects(open(wsUrl('x'.repeat(43)), origin()), /HTTP 403/);
    await assert.rejects(open(wsUrl(), { Origin: 'http://evil.example' }), /HTTP 403/);
    await assert.rejects(open(wsUrl(), { Origin: `http://127.0.0.1:${server.port}`, Host: `evil.example:${server.port}` }), /HTTP 403/);
    await assert.rejects(open(wsUrl(server.token, '/other'), origin()), /HTTP 404/);
    // The page's cookie is not enough for the socket: the URL must carry the token.
    await assert.rejects(open(`ws://127.0.0.1:${server.port}/ws`, { ...origin(), Cookie: `kube_anatomy_${server.port}=${server.token}` }), /HTTP 401/);
    const ws = await open(wsUrl(), origin());
    ws.close();
  });

  test('the upgrade answers 101 Switching Protocols on a raw socket', async () => {
    const response = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: server.port }, () => {
        socket.write(
          `GET /ws?token=${server.token} HTTP/1.1\r\nHost: localhost:${server.port}\r\nOrigin: http://localhost:${server.port}\r\n` +
            'Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
        );
      });
      socket.once('data', (data) => {
        resolve(data.toString());
        socket.destroy();
      });
      socket.on('error', reject);
    });
    assert.match(response, /^HTTP\/1\.1 101 Switching Protocols/);
  });

  test('calls are answered by the contract handlers; bad messages get errors and reach no handler', async () => {
    const client = new Client(await open(wsUrl(), origin()));
    try {
      const state = await client.call(1, 'anatomy:session:get');
      assert.equal(state.ok, true);
      assert.equal((state.result as { source: { kind: string } }).source.kind, 'demo');
      const info = await client.call('a', 'anatomy:app:info');
      assert.equal((info.result as { shell: string }).shell, 'browser');

      assert.deepEqual(await client.raw('not json'), { id: null, ok: false, error: 'message is not valid JSON' });
      assert.deepEqual(await client.raw('[1,2]'), { id: null, ok: false, error: 'message must be an object { id, channel, payload }' });
      assert.deepEqual(await client.raw('{"id": {}, "channel": "anatomy:session:get"}'), { id: null, ok: false, error: 'message id must be an integer or a short string' });
      assert.deepEqual(await client.raw(Buffer.from([1, 2, 3])), { id: null, ok: false, error: 'binary messages are not accepted; send JSON text' });
      assert.deepEqual(await client.call(2, 'session:get'), { id: 2, ok: false, error: 'unknown channel "session:get"' });
      assert.deepEqual(await client.call(3, 'anatomy:shell:exec', { cmd: 'id' }), { id: 3, ok: false, error: 'unknown channel "anatomy:shell:exec"' });
      assert.deepEqual(await client.call(4, 'anatomy:model'), { id: 4, ok: false, error: 'unknown channel "anatomy:model"' });
      assert.deepEqual(await client.call(5, 'anatomy:__proto__'), { id: 5, ok: false, error: 'unknown channel "anatomy:__proto__"' });
      const extra = await client.raw(JSON.stringify({ id: 6, channel: 'anatomy:session:get', admin: true }));
      assert.deepEqual(extra, { id: 6, ok: false, error: 'unexpected field "admin" in message' });

      const bad = await client.call(7, 'anatomy:context:use', { context: 42 });
      assert.equal(bad.ok, false);
      assert.match(String(bad.error), /context:use: context must be a string, got number 42/);
      const save = await client.call(8, 'anatomy:file:save', { suggestedName: 'a.svg', kind: 'svg', data: '<svg/>', encoding: 'utf8' });
      assert.equal(save.ok, false);
      assert.match(String(save.error), /not available in browser mode/);
      const broken = await client.call(9, 'anatomy:snapshot:load', { name: 'broken.json', text: '{' });
      assert.equal(broken.ok, false);
      assert.match(String(broken.error), /^broken\.json/);
      // Still connected and working after all that.
      assert.equal((await client.call(10, 'anatomy:model:get')).ok, true);
    } finally {
      client.ws.close();
    }
  });

  test('a page is sent the session state and the current model as it connects, unasked, before anything else', async () => {
    // Listening from the start: the first messages may come in the handshake's own read.
    const client = new Client(new WebSocket(wsUrl(), { origin: origin().Origin }));
    try {
      const model = await client.wait((m) => m.event === 'anatomy:model');
      const [first, second] = client.messages;
      assert.equal(first?.event, 'anatomy:session');
      assert.deepEqual(first?.payload, session.state());
      assert.equal(second, model);
      assert.equal((model.payload as { revision: number }).revision, session.model()?.revision);
      assert.deepEqual(model.payload, JSON.parse(JSON.stringify(session.viewModel())));
      // Then the warning marks as they stand (none for the demo).
      const marks = await client.wait((m) => m.event === 'anatomy:events');
      assert.equal(client.messages[2], marks);
      assert.deepEqual(marks.payload, { changed: [], warnings: [] });
    } finally {
      client.ws.close();
    }
  });

  test('a channel that JSON cannot turn into a string gets an error reply, not a crashed server', async () => {
    const client = new Client(await open(wsUrl(), origin()));
    try {
      // {"toString": 1} makes String(channel) throw inside the message listener.
      client.ws.send('{"id": 1, "channel": {"toString": 1, "valueOf": 1}}');
      const reply = await client.wait((m) => m.id === 1);
      assert.deepEqual(reply, { id: 1, ok: false, error: 'unknown channel: channel must be a string, got object' });
      assert.equal((await client.call(2, 'anatomy:model:get')).ok, true);
    } finally {
      client.ws.close();
    }
  });

  test('session events are pushed to every page', async () => {
    const a = new Client(await open(wsUrl(), origin()));
    const b = new Client(await open(wsUrl(), origin()));
    try {
      const reply = await a.call(1, 'anatomy:snapshot:load', { name: 'small.json', text: listText(smallCluster()) });
      assert.equal(reply.ok, true);
      for (const client of [a, b]) {
        const model = await client.wait((m) => m.event === 'anatomy:model');
        const payload = model.payload as { revision: number; model: { source: { name: string }; stats: { pods: number } } };
        assert.equal(payload.model.source.name, 'small.json');
        assert.equal(payload.model.stats.pods, 5);
        assert.equal(payload.revision, (reply.result as { revision: number }).revision);
        const state = await client.wait((m) => m.event === 'anatomy:session');
        assert.equal((state.payload as { source: { name: string } }).source.name, 'small.json');
      }
    } finally {
      a.ws.close();
      b.ws.close();
    }
  });

  test('a model over PARTS_FROM_PODS pods goes to pages in parts by default, whole and not summarized; one at PARTS_FROM_PODS goes in one message', async (t) => {
    const big = await Session.open({ env: {}, home: root, demo: true, ...FAST }, fakes().deps);
    t.after(() => big.close());
    const parts = await startServer({ session: big, root });
    t.after(() => parts.close());
    const podsOn = (count: number) => [node('n1', '192.0.2.1'), ...Array.from({ length: count }, (_, i) => pod({ name: `p${i}`, node: 'n1', ip: `10.1.${i >> 8}.${i & 255}` }))];
    for (const count of [PARTS_FROM_PODS + 1, PARTS_FROM_PODS]) {
      const { revision } = await big.loadSnapshotText(`pods-${count}.json`, listText(podsOn(count)));
      // Listening from the start: the first messages may come in the handshake's own read.
      const ws = new WebSocket(`ws://127.0.0.1:${parts.port}/ws?token=${parts.token}`, { origin: `http://127.0.0.1:${parts.port}` });
      try {
        const assembler = streamAssembler();
        let partMessages = 0;
        const model = await new Promise<Record<string, unknown>>((resolve, reject) => {
          ws.once('error', reject);
          ws.on('message', (data) => {
            const m = JSON.parse(data.toString()) as Record<string, unknown>;
            if (isModelPart(m)) {
              partMessages += 1;
              const got = assembler.accept(m);
              if (got.kind === 'done') resolve(got.message);
              else if (got.kind === 'error') reject(new Error(got.error));
            } else if (m.event === 'anatomy:model') resolve(m);
          });
        });
        const payload = model.payload as ModelUpdate;
        assert.equal(payload.revision, revision);
        assert.equal(payload.model.stats.pods, count);
        // The head and a part per PODS_PER_PART pods, or none.
        assert.equal(partMessages, count > PARTS_FROM_PODS ? 1 + Math.ceil(count / PODS_PER_PART) : 0, `${count} pods`);
        assert.deepEqual(payload, JSON.parse(JSON.stringify(big.viewModel())), 'what one message would carry');
        assert.ok(payload.model.nodes[0]!.pods.every((p) => p.summary === undefined), 'pods whole, not summarized');
      } finally {
        ws.close();
      }
    }
  });

  test('models arrive in order and the newest always arrives, however fast they come', async () => {
    const client = new Client(await open(wsUrl(), origin()));
    try {
      let last = 0;
      for (let i = 0; i < 30; i++) {
        const items = smallCluster().slice(0, 4 + (i % 5));
        last = (await session.loadSnapshotText(`burst-${i}.json`, listText(items))).revision;
      }
      await client.wait((m) => m.event === 'anatomy:model' && (m.payload as { revision: number }).revision === last, 5000);
      const revisions = client.messages.filter((m) => m.event === 'anatomy:model').map((m) => (m.payload as { revision: number }).revision);
      assert.deepEqual(revisions, [...revisions].sort((a, b) => a - b), 'in order');
      assert.equal(new Set(revisions).size, revisions.length, 'no model twice');
      assert.equal(revisions.at(-1), last);
    } finally {
      client.ws.close();
    }
  });

  test('a message over the size limit closes the socket with 1009', async () => {
    const small = await startServer({ session, root, maxMessageBytes: 1024 });
    try {
      const ws = await open(`ws://127.0.0.1:${small.port}/ws?token=${small.token}`, { Origin: `http://127.0.0.1:${small.port}` });
      const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
      ws.send(JSON.stringify({ id: 1, channel: 'anatomy:snapshot:load', payload: { name: 'x', text: 'x'.repeat(4096) } }));
      assert.equal(await closed, 1009);
    } finally {
      await small.close();
    }
  });

  test('a page that stops reading is disconnected with a reason once its queued replies pass the bound', { timeout: 60_000 }, async (t) => {
    // Replies of ~200 KB each: the kernel's socket buffers (a few MiB on
    // loopback) fill first, then the server's own queue grows past the bound.
    const items = [node('n1', '192.0.2.1'), ...Array.from({ length: 200 }, (_, i) => pod({ name: `p${i}`, node: 'n1', ip: `10.1.${i >> 8}.${i & 255}` }))];
    const big = await Session.open({ env: {}, home: root, demo: true, ...FAST }, fakes().deps);
    t.after(() => big.close());
    await big.loadSnapshotText('big.json', listText(items));
    const limit = 256 * 1024;
    let told: (info: { queuedBytes: number; limitBytes: number; reason: string }) => void = () => {};
    const fellBehind = new Promise<{ queuedBytes: number; limitBytes: number; reason: string }>((resolve) => (told = resolve));
    const slow = await startServer({ session: big, root, maxQueuedBytes: limit, onTooFarBehind: (info) => told(info) });
    // Hooks, not finally: they also run when the test fails by its timeout.
    t.after(() => slow.close());
    const ws = await open(`ws://127.0.0.1:${slow.port}/ws?token=${slow.token}`, { Origin: `http://127.0.0.1:${slow.port}` });
    const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    // The page hangs but keeps asking: nothing it is sent is read any more.
    ws.pause();
    for (let id = 1; id <= 400; id++) ws.send(JSON.stringify({ id, channel: 'anatomy:snapshot:get', payload: { format: 'json' } }));
    const info = await fellBehind;
    assert.equal(info.limitBytes, limit);
    assert.ok(info.queuedBytes > limit, `queued ${info.queuedBytes} bytes, limit ${limit}`);
    // Read again, to get to the close frame behind what was queued.
    ws.resume();
    const { code, reason } = await closed;
    assert.equal(code, 1008);
    assert.equal(reason, info.reason);
    assert.match(reason, /^too far behind: \d+(\.\d)? (KiB|MiB) of replies queued \(limit 256 KiB\); reload the page$/);
  });

  test('pages past the limit are refused with a reason, so the per-page bound holds for the server too', async () => {
    // Each page may leave maxQueuedBytes unread, and a model besides: without
    // a limit on pages, one token could open as many as it likes.
    const few = await startServer({ session, root, maxPages: 2 });
    try {
      const url = `ws://127.0.0.1:${few.port}/ws?token=${few.token}`;
      const headers = { Origin: `http://127.0.0.1:${few.port}` };
      const first = await open(url, headers);
      await open(url, headers);
      const refused = await new Promise<{ status?: number; body: string }>((resolve, reject) => {
        const ws = new WebSocket(url, { headers, origin: headers.Origin });
        ws.once('open', () => reject(new Error('a third page was let in')));
        ws.once('unexpected-response', (_req, res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode, body }));
        });
      });
      assert.deepEqual(refused, { status: 503, body: 'too many pages are open (2); close one, then reload this one\n' });
      // A page that leaves makes room for another.
      const left = new Promise((resolve) => first.once('close', resolve));
      first.close();
      await left;
      // The server hears of the close just after the page does; polled, as the test's timeout bounds it.
      for (;;) {
        const again = await open(url, headers).catch((error: Error) => error);
        if (!(again instanceof Error)) break;
        assert.match(again.message, /HTTP 503/);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } finally {
      await few.close();
    }
  });

  test('close() ends open sockets', async () => {
    const other = await startServer({ session, root });
    const ws = await open(`ws://127.0.0.1:${other.port}/ws?token=${other.token}`, { Origin: `http://127.0.0.1:${other.port}` });
    const closed = new Promise<boolean>((resolve) => ws.once('close', () => resolve(true)));
    assert.equal(ws.readyState, ws.OPEN);
    // Within seconds, not at the runner's timeout: a server that leaves it open (and so never finishes closing) fails here.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const ended = await Promise.race([
      Promise.all([other.close(), closed]).then(() => true),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 5000))),
    ]);
    clearTimeout(timer);
    assert.ok(ended, 'close() ended the page socket and finished');
    assert.equal(ws.readyState, ws.CLOSED);
  });
});
