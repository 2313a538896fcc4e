// One HTTP/1.1 exchange on a socket: a request written, one reply read. The
// registry client speaks HTTP itself rather than through node:http because
// loading node:http (and node:tls, only needed for HTTPS) costs more than a
// whole `kube-anatomy image` against a local registry otherwise takes
// (35 ms of about 75, measured with test/bench/registry.ts). It needs little of
// HTTP: GET, HEAD, a POST for tokens, Content-Length or chunked bodies.
//
// The reply is untrusted: the head is limited to 64 KiB, the body to the
// caller's limit (checked as it arrives, and against Content-Length before),
// and anything that is not HTTP/1.x is refused rather than guessed at.

import type { Socket } from 'node:net';

export interface RawRequest {
  method: string;
  /** Path and query, or host:port for CONNECT. */
  target: string;
  host: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RawReply {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
  /** The socket may carry another request. */
  reusable: boolean;
}

/** The peer did not speak HTTP, or broke it. */
export class ProtocolError extends Error {
  override name = 'ProtocolError';
  constructor(
    message: string,
    /** Nothing of a reply arrived: a reused connection the server had closed, or a server that speaks something else. */
    readonly nothingReceived = false,
  ) {
    super(message);
  }
}

/** A 2xx body past the limit. */
export class BodyTooLarge extends Error {
  override name = 'BodyTooLarge';
  constructor(readonly declared?: number) {
    super('body too large');
  }
}

const MAX_HEAD = 64 * 1024;
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: [^\r\n]*)?$/;
const HEADER_LINE = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+):[ \t]*(.*?)[ \t]*$/;
const SAFE_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;
const EMPTY = Buffer.alloc(0);

/** The request's bytes; a header value with a line break would start a header of its own, so it is refused. */
export function requestHead(request: RawRequest): string {
  let head = `${request.method} ${request.target} HTTP/1.1\r\nHost: ${request.host}\r\n`;
  const headers: Record<string, string> = { ...request.headers };
  if (request.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(request.body));
  for (const [name, value] of Object.entries(headers)) {
    if (!/^[A-Za-z0-9-]+$/.test(name) || !SAFE_VALUE.test(value)) throw new Error(`the header ${name.slice(0, 40)} holds characters a header cannot`);
    head += `${name}: ${value}\r\n`;
  }
  return `${head}\r\n`;
}

export function exchange(socket: Socket, request: RawRequest, limits: { maxBytes: number; errorMaxBytes: number }): Promise<RawReply> {
  return new Promise((resolve, reject) => {
    let buf: Buffer = EMPTY;
    let phase: 'head' | 'length' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailer' | 'close' = 'head';
    let status = 0;
    let version = '1';
    // No prototype: a header named constructor or __proto__ is a header like any other, never Object's own.
    const headers = Object.create(null) as Record<string, string>;
    let remaining = 0;
    let limit = 0;
    let size = 0;
    let received = false;
    const chunks: Buffer[] = [];
    let settled = false;

    const cleanup = (): void => {
      settled = true;
      socket.off('data', onData);
      socket.off('end', onEnd);
      socket.off('close', onEnd);
      socket.off('error', onError);
    };
    const finish = (reusable: boolean): void => {
      if (settled) return;
      cleanup();
      resolve({ status, headers, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks), reusable: reusable && buf.length === 0 });
    };
    const fail = (error: Error): void => {
      if (settled) return;
      cleanup();
      reject(error);
    };
    const keepAlive = (): boolean => version === '1' && !/(^|,)\s*close\s*(,|$)/i.test(headers.connection ?? '');
    const is2xx = (): boolean => status >= 200 && status < 300;
    /** Adds body bytes; false when an error answer's body passed its limit and was cut (enough for a message). */
    const add = (bytes: Buffer): boolean => {
      if (bytes.length === 0) return true;
      size += bytes.length;
      if (size > limit) {
        if (is2xx()) throw new BodyTooLarge();
        chunks.push(bytes.subarray(0, bytes.length - (size - limit)));
        return false;
      }
      chunks.push(bytes);
      return true;
    };

    const pump = (): void => {
      for (;;) {
        switch (phase) {
          case 'head': {
            const end = buf.indexOf('\r\n\r\n');
            if (end < 0) {
              if (buf.length > MAX_HEAD) throw new ProtocolError('the answer\'s headers are longer than 64 KiB');
              if (buf.length >= 5 && buf.subarray(0, 5).toString('latin1') !== 'HTTP/') throw new ProtocolError('the answer is not HTTP', true);
              return;
            }
            const lines = buf.subarray(0, end).toString('latin1').split('\r\n');
            buf = buf.subarray(end + 4);
            const m = STATUS_LINE.exec(lines[0]);
            if (!m) throw new ProtocolError('the answer is not HTTP/1.x', true);
            version = m[1];
            status = Number(m[2]);
            for (const key of Object.keys(headers)) delete headers[key];
            for (const line of lines.slice(1)) {
              const h = HEADER_LINE.exec(line);
              if (!h) throw new ProtocolError('the answer has a malformed header line');
              const name = h[1].toLowerCase();
              headers[name] = name in headers ? `${headers[name]}, ${h[2]}` : h[2];
            }
            // An informational answer (100 Continue) comes before the real one.
            if (status < 200) continue;
            limit = is2xx() ? limits.maxBytes : limits.errorMaxBytes;
            if (request.method === 'HEAD' || status === 204 || status === 304 || (request.method === 'CONNECT' && is2xx())) {
              finish(keepAlive());
              return;
            }
            const te = headers['transfer-encoding'];
            const cl = headers['content-length'];
            if (te !== undefined) {
              if (te.toLowerCase() !== 'chunked') throw new ProtocolError(`the answer uses Transfer-Encoding ${te.slice(0, 40)}`);
              phase = 'chunk-size';
            } else if (cl !== undefined) {
              if (!/^\d{1,15}$/.test(cl)) throw new ProtocolError('the answer has an invalid Content-Length');
              remaining = Number(cl);
              if (remaining > limit) {
                if (is2xx()) throw new BodyTooLarge(remaining);
                // An error page too long to matter: its status says enough.
                finish(false);
                return;
              }
              phase = 'length';
              if (remaining === 0) {
                finish(keepAlive());
                return;
              }
            } else phase = 'close';
            continue;
          }
          case 'length': {
            const take = Math.min(remaining, buf.length);
            const part = buf.subarray(0, take);
            buf = buf.subarray(take);
            remaining -= take;
            add(part);
            if (remaining === 0) finish(keepAlive());
            return;
          }
          case 'close': {
            const part = buf;
            buf = EMPTY;
            if (!add(part)) finish(false);
            return;
          }
          case 'chunk-size': {
            const eol = buf.indexOf('\r\n');
            if (eol < 0) {
              if (buf.length > 1024) throw new ProtocolError('the answer has a malformed chunk');
              return;
            }
            const m = /^([0-9a-fA-F]{1,12})(?:[ \t]*;[^\r\n]*)?$/.exec(buf.subarray(0, eol).toString('latin1'));
            if (!m) throw new ProtocolError('the answer has a malformed chunk');
            buf = buf.subarray(eol + 2);
            remaining = parseInt(m[1], 16);
            phase = remaining === 0 ? 'trailer' : 'chunk-data';
            continue;
          }
          case 'chunk-data': {
            const take = Math.min(remaining, buf.length);
            const part = buf.subarray(0, take);
            buf = buf.subarray(take);
            remaining -= take;
            if (!add(part)) {
              finish(false);
              return;
            }
            if (remaining > 0) return;
            phase = 'chunk-end';
            continue;
          }
          case 'chunk-end': {
            if (buf.length < 2) return;
            if (buf[0] !== 13 || buf[1] !== 10) throw new ProtocolError('the answer has a malformed chunk');
            buf = buf.subarray(2);
            phase = 'chunk-size';
            continue;
          }
          case 'trailer': {
            const eol = buf.indexOf('\r\n');
            if (eol < 0) {
              if (buf.length > MAX_HEAD) throw new ProtocolError('the answer\'s trailer is too long');
              return;
            }
            buf = buf.subarray(eol + 2);
            if (eol === 0) {
              finish(keepAlive());
              return;
            }
            continue;
          }
        }
      }
    };

    function onData(data: Buffer): void {
      received = true;
      buf = buf.length === 0 ? data : Buffer.concat([buf, data]);
      try {
        pump();
      } catch (error) {
        socket.destroy();
        fail(error as Error);
      }
    }
    function onEnd(): void {
      if (phase === 'close') finish(false);
      else fail(new ProtocolError(received ? 'the connection closed in the middle of the answer' : 'the connection closed without an answer', !received));
    }
    function onError(error: Error): void {
      fail(Object.assign(error, { nothingReceived: !received }));
    }

    socket.on('data', onData);
    socket.on('end', onEnd);
    socket.on('close', onEnd);
    socket.on('error', onError);
    try {
      socket.write(requestHead(request) + (request.body ?? ''));
    } catch (error) {
      fail(error as Error);
    }
  });
}
