// The registry client's own HTTP/1.1 exchange, against raw sockets that
// answer exactly the bytes a test gives: lengths, chunks, keep-alive, and
// answers that are not HTTP or break it.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import { BodyTooLarge, exchange, ProtocolError, requestHead } from '../../../main/registry/http1.ts';

let server: net.Server;
let port: number;
/** What the next connection is answered with, and the requests it received. */
let answer: (request: string, socket: net.Socket) => void = () => {};
const received: string[] = [];

before(async () => {
  server = net.createServer((socket) => {
    let text = '';
    socket.on('data', (d) => {
      text += d.toString('latin1');
      // One answer per complete request head (these requests have no body).
      while (text.includes('\r\n\r\n')) {
        const end = text.indexOf('\r\n\r\n') + 4;
        const request = text.slice(0, end);
        text = text.slice(end);
        received.push(request);
        answer(request, socket);
      }
    });
    socket.on('error', () => {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as net.AddressInfo).port;
});
after(() => server.close());

function connect(): Promise<net.Socket> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => resolve(s));
  });
}

const limits = { maxBytes: 1000, errorMaxBytes: 100 };
const get = (socket: net.Socket, method = 'GET') => exchange(socket, { method, target: '/v2/x', host: `127.0.0.1:${port}`, headers: { Accept: 'a/b' } }, limits);

describe('HTTP/1.1 exchange', () => {
  it('reads a Content-Length body and keeps the connection for the next request', async () => {
    answer = (_r, s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nDocker-Content-Digest: sha256:x\r\nX-A: 1\r\nX-A: 2\r\n\r\nhello');
    const socket = await connect();
    const first = await get(socket);
    assert.equal(first.status, 200);
    assert.equal(first.body.toString(), 'hello');
    assert.equal(first.headers['docker-content-digest'], 'sha256:x');
    assert.equal(first.headers['x-a'], '1, 2');
    assert.ok(first.reusable);
    const second = await get(socket);
    assert.equal(second.body.toString(), 'hello');
    socket.destroy();
    assert.match(received.at(-1)!, /^GET \/v2\/x HTTP\/1\.1\r\nHost: 127\.0\.0\.1:\d+\r\nAccept: a\/b\r\n\r\n$/);
  });

  it('reads a chunked body, across writes, with extensions and a trailer', async () => {
    answer = (_r, s) => {
      s.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhel');
      setImmediate(() => s.write('lo\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n'));
    };
    const socket = await connect();
    const reply = await get(socket);
    assert.equal(reply.body.toString(), 'hello world');
    assert.ok(reply.reusable);
    socket.destroy();
  });

  it('reads a body that ends with the connection, and a HEAD without one', async () => {
    answer = (_r, s) => s.end('HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP request to an HTTPS server.\n');
    let reply = await get(await connect());
    assert.equal(reply.status, 400);
    assert.match(reply.body.toString(), /HTTPS server/);
    assert.ok(!reply.reusable);
    answer = (_r, s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 900\r\n\r\n');
    const socket = await connect();
    reply = await get(socket, 'HEAD');
    assert.equal(reply.body.length, 0);
    socket.destroy();
  });

  it('refuses a body over the limit, declared or streamed; cuts an error page short instead', async () => {
    answer = (_r, s) => s.write('HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n');
    await assert.rejects(get(await connect()), (e: Error) => e instanceof BodyTooLarge && e.declared === 5000);
    answer = (_r, s) => s.end(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${'3e8\r\n' + 'x'.repeat(1000) + '\r\n'}1\r\ny\r\n0\r\n\r\n`);
    await assert.rejects(get(await connect()), BodyTooLarge);
    answer = (_r, s) => s.end(`HTTP/1.1 404 Not Found\r\n\r\n${'e'.repeat(5000)}`);
    const reply = await get(await connect());
    assert.equal(reply.status, 404);
    assert.equal(reply.body.length, 100);
  });

  it('refuses what is not HTTP, or breaks it, saying whether anything came', async () => {
    const cases: [string, RegExp, boolean][] = [
      ['\x15\x03\x01\x00\x02\x02\x46', /not HTTP/, true],
      ['HTTP/2 200\r\n\r\n', /not HTTP\/1\.x/, true],
      ['HTTP/1.1 200 OK\r\nbad header\r\n\r\n', /malformed header line/, false],
      ['HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', /invalid Content-Length/, false],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n', /Transfer-Encoding gzip/, false],
      ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', /malformed chunk/, false],
      ['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort', /closed in the middle of the answer/, false],
      ['', /closed without an answer/, true],
    ];
    for (const [bytes, message, nothing] of cases) {
      answer = (_r, s) => s.end(bytes, 'latin1');
      await assert.rejects(get(await connect()), (e: Error) => e instanceof ProtocolError && message.test(e.message) && e.nothingReceived === nothing, bytes);
    }
    answer = (_r, s) => s.write(`HTTP/1.1 200 OK\r\n${'X-Long: y\r\n'.repeat(7000)}`);
    await assert.rejects(get(await connect()), /longer than 64 KiB/);
  });

  it('takes header names such as constructor and __proto__ as plain headers', async () => {
    answer = (_r, s) => s.write('HTTP/1.1 200 OK\r\nConstructor: a\r\n__proto__: b\r\ntoString: c\r\nContent-Length: 0\r\n\r\n');
    const socket = await connect();
    const reply = await get(socket);
    socket.destroy();
    assert.equal(reply.headers.constructor, 'a');
    assert.equal(reply.headers.tostring, 'c');
    assert.ok(Object.hasOwn(reply.headers, '__proto__'));
    assert.equal(Object.getOwnPropertyDescriptor(reply.headers, '__proto__')?.value, 'b');
    assert.equal(reply.headers['x-absent' as string], undefined);
  });

  it('refuses header values that would start a header of their own', () => {
    assert.throws(() => requestHead({ method: 'GET', target: '/', host: 'h', headers: { Authorization: 'Bearer x\r\nX-Evil: 1' } }), /holds characters a header cannot/);
    assert.equal(requestHead({ method: 'POST', target: '/t', host: 'h', headers: {}, body: 'a=1' }), 'POST /t HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\n');
  });
});
