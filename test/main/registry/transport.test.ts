// The transport's rules that need no registry: which hosts may use plain
// HTTP, which go around the proxy, how Retry-After is read, what a URL in a
// message shows.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, describe, it } from 'node:test';
import { RegistryError } from '../../../main/registry/errors.ts';
import { bypassesProxy, isLoopbackHost, plainHttpAllowed, retryAfterMs, safeUrl, Transport } from '../../../main/registry/transport.ts';

describe('registry transport rules', () => {
  it('allows plain HTTP only for localhost, 127.0.0.0/8 and ::1', () => {
    for (const h of ['localhost', 'LOCALHOST', '127.0.0.1', '127.1.2.3', '[::1]']) assert.ok(isLoopbackHost(h), h);
    // *.localhost resolves wherever the resolver says: not loopback for plain HTTP, as in containerd.
    for (const h of ['10.0.0.1', '128.0.0.1', 'localhost.example.com', 'example.com', '[::2]', '127.0.0.1.nip.io', 'registry.localhost', 'a.b.localhost']) assert.ok(!isLoopbackHost(h), h);
  });

  it('allows plain HTTP to a loopback realm or redirect only for a loopback registry', () => {
    assert.ok(plainHttpAllowed('127.0.0.1', 'localhost'));
    assert.ok(plainHttpAllowed('localhost', '127.0.0.5'));
    assert.ok(!plainHttpAllowed('127.0.0.1', 'registry.example.com'));
    assert.ok(!plainHttpAllowed('localhost', 'ghcr.io'));
    assert.ok(!plainHttpAllowed('registry.example.com', '127.0.0.1'));
  });

  it('reads NO_PROXY as docker does: *, hosts, domain suffixes, with or without a port', () => {
    const no = 'internal.example.com, .corp, registry.local:5000, *.svc';
    assert.ok(bypassesProxy('internal.example.com', '443', no));
    assert.ok(bypassesProxy('a.internal.example.com', '443', no));
    assert.ok(bypassesProxy('x.corp', '443', no));
    assert.ok(bypassesProxy('corp', '443', no));
    assert.ok(bypassesProxy('registry.local', '5000', no));
    assert.ok(!bypassesProxy('registry.local', '443', no));
    assert.ok(bypassesProxy('a.b.svc', '443', no));
    assert.ok(!bypassesProxy('ghcr.io', '443', no));
    assert.ok(!bypassesProxy('notinternal.example.com', '443', no));
    assert.ok(bypassesProxy('ghcr.io', '443', '*'));
    assert.ok(!bypassesProxy('ghcr.io', '443', undefined));
  });

  it('reads Retry-After as seconds or a date', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    assert.equal(retryAfterMs('3', now), 3000);
    assert.equal(retryAfterMs('Tue, 01 Dec 2026 10:00:05 GMT', now), 5000);
    assert.equal(retryAfterMs('Tue, 01 Dec 2026 09:00:00 GMT', now), 0);
    assert.equal(retryAfterMs('soon', now), undefined);
    assert.equal(retryAfterMs(undefined, now), undefined);
  });

  it('shows a URL without its credentials or query (a signed blob URL carries its signature there)', () => {
    assert.equal(safeUrl(new URL('https://user:pw@cdn.example.com/blob/x?X-Amz-Signature=abc')), 'https://cdn.example.com/blob/x');
  });
});

/** A TCP server on a loopback address that hands each connection to the test; closed after the suite. */
const servers: net.Server[] = [];
async function serve(onSocket: (socket: net.Socket) => void, host = '127.0.0.1'): Promise<string> {
  const server = net.createServer(onSocket);
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, host, r));
  return `${host}:${(server.address() as net.AddressInfo).port}`;
}

/** Reads one request (head and a Content-Length body) from a socket. */
function readRequest(socket: net.Socket): Promise<{ head: string; body: string }> {
  return new Promise((resolve) => {
    let buf = '';
    socket.on('data', (d) => {
      buf += d.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = buf.slice(0, end);
      const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
      if (buf.length - end - 4 >= length) resolve({ head, body: buf.slice(end + 4, end + 4 + length) });
    });
  });
}

async function rejection(promise: Promise<unknown>): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RegistryError, `expected a RegistryError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the request to fail');
}

describe('registry transport against hostile peers', () => {
  const transports: Transport[] = [];
  const transport = (options: ConstructorParameters<typeof Transport>[0] = {}): Transport => {
    const t = new Transport({ certsDirs: [], env: {}, ...options });
    transports.push(t);
    return t;
  };
  after(() => {
    for (const t of transports) t.close();
    for (const s of servers) s.close();
  });

  it('does not carry a POST body (the refresh token) across a redirect', async () => {
    const elsewhere: { head: string; body: string }[] = [];
    const other = await serve(async (socket) => {
      elsewhere.push(await readRequest(socket));
      socket.end('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
    }, '127.0.0.2');
    let status = 302;
    const realm = await serve(async (socket) => {
      await readRequest(socket);
      socket.end(`HTTP/1.1 ${status} Moved\r\nLocation: http://${other}/steal\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    });
    const post = { method: 'POST' as const, headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=refresh_token&refresh_token=secret-refresh-1', maxBytes: 1024, what: 'a token' };
    const reply = await transport().request(new URL(`http://${realm}/token`), post);
    assert.equal(reply.status, 200);
    assert.equal(elsewhere.length, 1);
    assert.match(elsewhere[0].head, /^GET \/steal /, 'a 302 after a POST goes on as a GET');
    assert.equal(elsewhere[0].body, '');
    assert.doesNotMatch(elsewhere[0].head, /secret-refresh-1|Content-Type/i);

    // A 307 keeps the method and body: not followed to another host.
    status = 307;
    const e = await rejection(transport().request(new URL(`http://${realm}/token`), post));
    assert.equal(e.kind, 'invalid');
    assert.match(e.message, /redirects a request with a body to another host/);
    assert.equal(elsewhere.length, 1, 'nothing more reached the other host');
  });

  it('times out a proxy that accepts CONNECT and never answers', { timeout: 10_000 }, async () => {
    let asked = false;
    const proxy = await serve((socket) => {
      socket.on('data', () => {
        asked = true;
      });
    });
    const e = await rejection(transport({ timeoutMs: 300, env: { HTTPS_PROXY: `http://${proxy}` } }).request(new URL('https://registry.example.com/v2/'), { method: 'GET', maxBytes: 1024, what: 'the API root' }));
    assert.ok(asked, 'the CONNECT reached the proxy');
    assert.equal(e.kind, 'timeout');
    assert.match(e.message, /did not answer the API root within/);
  });

  it('takes a body cut off by the timeout for a timeout, not for the whole body', { timeout: 10_000 }, async () => {
    const host = await serve(async (socket) => {
      await readRequest(socket);
      // No length: the body runs to the connection's end, which never comes.
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{"partial":');
    });
    const e = await rejection(transport({ timeoutMs: 300 }).request(new URL(`http://${host}/v2/x/manifests/1`), { method: 'GET', maxBytes: 1024, what: 'the manifest' }));
    assert.equal(e.kind, 'timeout');
  });
});
