// HTTP(S) GETs against the API server of one context: JSON lists and watch
// streams. Built on node:https with the options computed for the context
// (request-options.ts: CA, client certificate, bearer token, exec plugin; and
// client-node's KubeConfig for auth providers and proxies), so every request runs
// the authenticators again (refreshing expired exec tokens) and every socket is
// ours to destroy on stop.
//
// Why not client-node's Watch: in 2.0.0 it aborted every watch after 30 s
// (kubernetes-client/javascript#3020); 2.0.1 (installed here) turned that into
// an *inactivity* timeout (PR #3022), still fixed at 30 s, so a watch of a quiet
// resource (no events, and bookmarks come only about once a minute) is still
// killed with a TimeoutError and must be re-opened by the caller. Its errors
// also carry only the HTTP status text, not the Status message we need for
// AccessGap. Here the watch asks the server to end it (timeoutSeconds) and only
// treats silence past that as a dead connection.

import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from 'node:http';
import type { RequestOptions } from 'node:https';
import { createGunzip } from 'node:zlib';
import type { Readable } from 'node:stream';
import type { ClusterAccess } from './cluster-access.ts';
import { ApiStatusError, RequestTimeoutError, StoppedError, WatchDroppedError, WatchIdleError } from './errors.ts';
import { decodeStatus, PROTOBUF_TYPE, ProtoDecodeError } from './proto/decode.ts';

// node:http and node:https come as CommonJS builtins, not ES imports: Node
// makes an ES module of a builtin by reading every export, and node:http's
// lazy WebSocket exports then load undici (60-80 ms at each start of `serve`).
const http = process.getBuiltinModule('node:http');
const https = process.getBuiltinModule('node:https');

export interface TransportOptions {
  /** Time allowed for response headers, and for a whole list page; default 30 s. */
  requestTimeoutMs?: number;
  /** Largest list page body accepted; default 256 MB. */
  maxBodyBytes?: number;
}

export interface WatchOptions {
  signal: AbortSignal;
  /** Give up on an open stream that received nothing for this long. */
  idleTimeoutMs: number;
  /** Called once the server accepted the watch (HTTP 200). */
  onOpen?: () => void;
  /**
   * Called for each decoded event line. Return 'stop' to end the watch at once
   * (the promise then resolves with 'stopped-by-handler').
   */
  onEvent: (event: unknown) => void | 'stop';
}

const MAX_LINE_BYTES = 64 * 1024 * 1024;

/** A list read from protobuf (main/cluster/proto/decode.ts) into the JSON objects it stands for. */
export interface BinaryList {
  /** The page as its JSON would parse; throws ProtoDecodeError for what it cannot read exactly. */
  decode(body: Buffer): unknown;
  /** The continue token from a page's first bytes, if they show it. */
  continueInHead(head: Buffer): string | undefined;
}

interface Body {
  body: Buffer;
  /** The server answered in protobuf. */
  binary: boolean;
}

const EMPTY_BODY: Body = { body: Buffer.alloc(0), binary: false };
// JSON stays acceptable: a server or proxy without protobuf answers it.
const BINARY_ACCEPT = `${PROTOBUF_TYPE}, application/json;q=0.9`;

/** Whether a response is in the API server's protobuf encoding. */
function isBinary(res: IncomingMessage): boolean {
  return String(res.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase() === PROTOBUF_TYPE;
}

type Query = Record<string, string | undefined>;

export class KubeTransport {
  private readonly access: ClusterAccess;
  private readonly requestTimeoutMs: number;
  private readonly maxBodyBytes: number;
  private readonly open = new Set<ClientRequest>();
  private closed = false;
  private answeredValue = false;
  /** A protobuf list could not be read exactly: lists go as JSON from then on. */
  private binaryRefused = false;

  constructor(access: ClusterAccess, options: TransportOptions = {}) {
    this.access = access;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.maxBodyBytes = options.maxBodyBytes ?? 256 * 1024 * 1024;
  }

  get server(): string {
    return this.access.server;
  }

  /** The API server answered at least one request, with any HTTP status. */
  get answered(): boolean {
    return this.answeredValue;
  }

  /** GET a JSON document. Throws ApiStatusError for HTTP errors. */
  async getJson(path: string, query: Query, signal: AbortSignal): Promise<unknown> {
    return parseBody(await this.getText(path, query, signal));
  }

  /**
   * The pages of a paged list (limit/continue), in order, each parsed. The next
   * page is asked for as soon as its continue token is read from the head of
   * the page before, as that page's first bytes arrive (the API server writes
   * the metadata before the items): the server makes page n+1 while page n is
   * still on its way and then parsed. One page is asked for ahead, no more. A
   * head that does not show the token is paged the plain way, and the pages
   * always follow the parsed metadata. Leaving the loop early, or `signal`,
   * cancels the requests in flight.
   *
   * With `binary`, the pages are asked for in the API server's protobuf
   * encoding (JSON still accepted) and read by it into the JSON objects they
   * stand for. A page it cannot read exactly (a newer server's fields) is
   * asked for again as JSON, and so is everything after it on this transport.
   */
  async *listPages(path: string, query: Query, signal: AbortSignal, binary?: BinaryList): AsyncGenerator<unknown> {
    const done = new AbortController();
    interface PageFetch {
      token: string | undefined;
      body: Promise<Body>;
      cancel: () => void;
      /** The continue token its head showed, once its first bytes came. */
      head?: string;
      /** Told of that token when it comes while this page is the one waited for. */
      onHead?: (token: string) => void;
    }
    const fetch = (token: string | undefined): PageFetch => {
      const own = new AbortController();
      const page: PageFetch = { token, body: Promise.resolve(EMPTY_BODY), cancel: () => own.abort() };
      const asBinary = binary !== undefined && !this.binaryRefused;
      page.body = this.getBody(
        path,
        { ...query, continue: token },
        AbortSignal.any([signal, done.signal, own.signal]),
        (head, inBinary) => {
          const early = inBinary ? binary?.continueInHead(head) : continueInHead(head.toString('utf8'));
          if (early === undefined) return;
          page.head = early;
          page.onHead?.(early);
        },
        asBinary ? BINARY_ACCEPT : undefined,
      );
      // Not awaited when abandoned; its failure is then nobody's concern.
      page.body.catch(() => {});
      return page;
    };
    let pending: PageFetch | undefined = fetch(query['continue']);
    try {
      while (pending) {
        const current: PageFetch = pending;
        let next: PageFetch | undefined;
        // Its head came while the page before was read, or it will come while this one is awaited (readBody tells it before the end).
        if (current.head !== undefined) next = fetch(current.head);
        else current.onHead = (token) => (next = fetch(token));
        const fetched = await current.body;
        let body = fetched.body;
        let page: unknown;
        if (fetched.binary && binary) {
          try {
            page = binary.decode(body);
          } catch (err) {
            if (!(err instanceof ProtoDecodeError)) throw err;
            // Read exactly or not at all: this page again as JSON, and every list after it.
            this.binaryRefused = true;
            next?.cancel();
            next = undefined;
            body = (await this.getBody(path, { ...query, continue: current.token }, AbortSignal.any([signal, done.signal]))).body;
          }
        }
        if (page === undefined) {
          const text = body.toString('utf8');
          if (next === undefined) {
            const early = continueInHead(text);
            if (early !== undefined) next = fetch(early);
          }
          page = parseBody(text);
        }
        const meta = page !== null && typeof page === 'object' ? (page as { metadata?: { continue?: unknown } }).metadata : undefined;
        const token = typeof meta?.continue === 'string' && meta.continue !== '' ? meta.continue : undefined;
        if (next?.token !== token) {
          next?.cancel();
          next = token === undefined ? undefined : fetch(token);
        }
        pending = next;
        yield page;
      }
    } finally {
      done.abort();
    }
  }

  /** GET a body as text. Throws ApiStatusError for HTTP errors. */
  private async getText(path: string, query: Query, signal: AbortSignal): Promise<string> {
    return (await this.getBody(path, query, signal)).body.toString('utf8');
  }

  /** GET a body, and whether it is protobuf. Throws ApiStatusError for HTTP errors. */
  private async getBody(
    path: string,
    query: Query,
    signal: AbortSignal,
    onHead?: (head: Buffer, binary: boolean) => void,
    accept?: string,
  ): Promise<Body> {
    const { res, req } = await this.request(path, query, signal, accept);
    const binary = isBinary(res);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy();
    }, this.requestTimeoutMs);
    let body: Buffer;
    try {
      body = await readBody(decoded(res), this.maxBodyBytes, onHead && ((head) => onHead(head, binary)));
    } catch (err) {
      if (signal.aborted || this.closed) throw new StoppedError();
      if (timedOut) throw new RequestTimeoutError(this.requestTimeoutMs);
      throw err;
    } finally {
      clearTimeout(timer);
    }
    return { body, binary };
  }

  /**
   * Streams a watch. Resolves 'ended' when the server ends the response cleanly
   * (normally at timeoutSeconds); rejects with WatchDroppedError when the
   * connection breaks, WatchIdleError on silence, ApiStatusError on HTTP errors.
   */
  async watch(path: string, query: Query, options: WatchOptions): Promise<'ended' | 'stopped-by-handler'> {
    const { res, req } = await this.request(path, { ...query, watch: 'true' }, options.signal);
    options.onOpen?.();
    const stream = decoded(res);
    return new Promise((resolve, reject) => {
      let buffered: Buffer[] = [];
      let bufferedBytes = 0;
      let done = false;
      let idle: NodeJS.Timeout | undefined;
      const onAbort = (): void => finish(new StoppedError());
      const finish = (outcome: 'ended' | 'stopped-by-handler' | Error): void => {
        if (done) return;
        done = true;
        clearTimeout(idle);
        // Reflectors watch again and again on one signal: listeners must not pile up.
        options.signal.removeEventListener('abort', onAbort);
        if (outcome instanceof Error) {
          req.destroy();
          reject(outcome);
        } else {
          if (outcome === 'stopped-by-handler') req.destroy();
          resolve(outcome);
        }
      };
      const armIdle = (): void => {
        clearTimeout(idle);
        idle = setTimeout(() => finish(new WatchIdleError(options.idleTimeoutMs)), options.idleTimeoutMs);
      };
      /** False when the watch is over (the handler said stop, or the line was bad). */
      const handleLine = (line: Buffer): boolean => {
        const text = line.toString('utf8').trim();
        if (text === '') return true;
        try {
          return options.onEvent(JSON.parse(text)) !== 'stop';
        } catch (err) {
          // Skipping the line would lose an event for good; a new watch from the last
          // resourceVersion gets it again.
          finish(err instanceof SyntaxError ? new WatchDroppedError(new Error('the server sent a watch event that is not JSON')) : (err as Error));
          return false;
        }
      };
      armIdle();
      stream.on('data', (chunk: Buffer) => {
        if (done) return;
        armIdle();
        let start = 0;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, start)) {
          const piece = chunk.subarray(start, i);
          const line = bufferedBytes > 0 ? Buffer.concat([...buffered, piece]) : piece;
          buffered = [];
          bufferedBytes = 0;
          start = i + 1;
          if (!handleLine(line)) {
            finish('stopped-by-handler');
            return;
          }
        }
        if (start < chunk.length) {
          buffered.push(chunk.subarray(start));
          bufferedBytes += chunk.length - start;
          if (bufferedBytes > MAX_LINE_BYTES) finish(new Error('a watch event larger than 64 MB'));
        }
      });
      stream.on('end', () => {
        if (bufferedBytes > 0 && !done) handleLine(Buffer.concat(buffered));
        finish('ended');
      });
      const stopped = (): boolean => options.signal.aborted || this.closed;
      stream.on('error', (err) => finish(stopped() ? new StoppedError() : wrapDropped(err)));
      res.on('close', () => {
        if (!res.complete) finish(stopped() ? new StoppedError() : new WatchDroppedError(new Error('the server closed the connection')));
      });
      if (options.signal.aborted) finish(new StoppedError());
      else options.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * A plain streamed body (a container's log), decoded, for the caller to read
   * and destroy. Throws ApiStatusError for HTTP errors. Aborting `signal`
   * destroys the request, which ends the stream with an error.
   */
  async stream(path: string, query: Query, signal: AbortSignal): Promise<Readable> {
    const { res } = await this.request(path, query, signal);
    return decoded(res);
  }

  /** Destroys every open request. The transport cannot be used afterwards. */
  close(): void {
    this.closed = true;
    for (const req of this.open) req.destroy(new StoppedError());
    this.open.clear();
    this.access.dispose();
  }

  private async request(path: string, query: Query, signal: AbortSignal, accept = 'application/json'): Promise<{ req: ClientRequest; res: IncomingMessage }> {
    if (this.closed || signal.aborted) throw new StoppedError();
    const options: RequestOptions = {};
    await this.access.kubeConfig.applyToHTTPSOptions(options);
    if (this.closed || signal.aborted) throw new StoppedError();

    const cluster = this.access.kubeConfig.getCurrentCluster();
    const url = new URL((cluster?.server ?? '') + path);
    for (const [key, value] of Object.entries(query)) if (value !== undefined) url.searchParams.set(key, value);
    const headers: OutgoingHttpHeaders = {
      ...(options.headers as OutgoingHttpHeaders | undefined),
      Accept: accept,
      'Accept-Encoding': 'gzip',
      'User-Agent': 'kube-anatomy',
    };
    const send = url.protocol === 'http:' ? http.request : https.request;

    const { req, res } = await new Promise<{ req: ClientRequest; res: IncomingMessage }>((resolve, reject) => {
      const req = send(url, { ...options, method: 'GET', headers });
      this.open.add(req);
      const onAbort = (): void => {
        req.destroy(new StoppedError());
      };
      signal.addEventListener('abort', onAbort, { once: true });
      req.on('close', () => {
        this.open.delete(req);
        signal.removeEventListener('abort', onAbort);
      });
      const timer = setTimeout(() => req.destroy(new RequestTimeoutError(this.requestTimeoutMs)), this.requestTimeoutMs);
      req.on('socket', (socket) => {
        // Dead peers on long-lived watches show up within about a minute.
        socket.setKeepAlive(true, 30_000);
      });
      req.on('response', (res) => {
        clearTimeout(timer);
        this.answeredValue = true;
        resolve({ req, res });
      });
      req.on('error', (err) => {
        clearTimeout(timer);
        reject(signal.aborted || this.closed ? new StoppedError() : err);
      });
      req.end();
    });

    const status = res.statusCode ?? 0;
    if (status >= 200 && status < 300) return { req, res };
    if (status === 401) this.access.invalidateCredentials();
    let body = '';
    try {
      const raw = await readBody(decoded(res), 1024 * 1024);
      // A request that accepted protobuf gets its error's Status in protobuf too.
      body = isBinary(res) ? JSON.stringify(decodeStatus(raw) ?? {}) : raw.toString('utf8');
    } catch {
      // the status code alone still says what happened
    }
    throw statusError(status, res.statusMessage, body);
  }
}

/** An ApiStatusError from an HTTP status and a (possibly) Status JSON body. */
export function statusError(status: number, statusText: string | undefined, body: string): ApiStatusError {
  let reason: string | undefined;
  let message: string | undefined;
  try {
    const parsed = JSON.parse(body) as unknown;
    if (parsed !== null && typeof parsed === 'object') {
      const s = parsed as Record<string, unknown>;
      if (typeof s['reason'] === 'string') reason = s['reason'];
      if (typeof s['message'] === 'string') message = s['message'].slice(0, 2000);
    }
  } catch {
    const text = body.trim();
    if (text && text.length < 500 && !text.startsWith('<')) message = text;
  }
  return new ApiStatusError(status, statusText || http.STATUS_CODES[status] || 'Error', reason, message);
}

/** A Status object from a watch ERROR event as an ApiStatusError. */
export function statusFromObject(object: unknown): ApiStatusError {
  const s = object !== null && typeof object === 'object' ? (object as Record<string, unknown>) : {};
  const code = typeof s['code'] === 'number' ? s['code'] : 500;
  return new ApiStatusError(
    code,
    http.STATUS_CODES[code] ?? 'Error',
    typeof s['reason'] === 'string' ? s['reason'] : undefined,
    typeof s['message'] === 'string' ? s['message'].slice(0, 2000) : undefined,
  );
}

function parseBody(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    throw new Error(`the API server sent a response that is not JSON (${body.length} bytes)`);
  }
}

/**
 * A list's continue token when its metadata comes before its items, read
 * without parsing the body; undefined when the head does not show one plainly
 * (no token, metadata after the items, an escaped character).
 */
export function continueInHead(body: string): string | undefined {
  const items = body.indexOf('"items"');
  const head = items < 0 ? body.slice(0, 4096) : body.slice(0, items);
  const match = /"continue"\s*:\s*"([^"\\]*)"/.exec(head);
  return match && match[1] !== '' ? match[1] : undefined;
}

function wrapDropped(err: unknown): Error {
  if (err instanceof WatchIdleError || err instanceof RequestTimeoutError || err instanceof StoppedError) return err;
  return new WatchDroppedError(err);
}

function decoded(res: IncomingMessage): Readable {
  if (String(res.headers['content-encoding'] ?? '').toLowerCase() !== 'gzip') return res;
  const gunzip = createGunzip();
  res.on('error', (err) => gunzip.destroy(err));
  res.on('close', () => {
    if (!res.complete) gunzip.destroy(new Error('the server closed the connection'));
  });
  return res.pipe(gunzip);
}

/** How much of a body's start `readBody` hands to `onHead`: a list's metadata, continue token included, is well within it. */
const HEAD_BYTES = 4096;

/**
 * A body. `onHead` is called once with its first HEAD_BYTES as soon as they
 * have come, before the rest; a shorter body is not told of (it is whole as
 * soon).
 */
function readBody(stream: Readable, maxBytes: number, onHead?: (head: Buffer) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let headTold = onHead === undefined;
    const tellHead = (): void => {
      headTold = true;
      const joined = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
      onHead?.(joined.subarray(0, HEAD_BYTES));
    };
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        stream.destroy(new Error(`response larger than ${Math.round(maxBytes / 1024 / 1024)} MB`));
        return;
      }
      chunks.push(chunk);
      if (!headTold && size >= HEAD_BYTES) tellHead();
    });
    stream.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    stream.on('error', reject);
    stream.on('close', () => reject(new Error('the server closed the connection before the response was complete')));
  });
}
