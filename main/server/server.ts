// Browser mode: the built renderer over HTTP on 127.0.0.1 and the contract
// over one WebSocket (which alone needs the token), for machines where the
// Electron window is not wanted or cannot run. The page is the same one
// Electron shows; only the bridge under window.kubeAnatomy differs.

import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { InvokeHandlers, ModelUpdate } from '../contract/api.ts';
import { wireChannel } from '../contract/bridge.ts';
import { createHandlers, validated, type ShellHandlers } from '../session/handlers.ts';
import type { Session, SessionEvents } from '../session/session.ts';
import { summarizeUpdate } from '../model/summary.ts';
import { PARTS_FROM_PODS } from '../contract/wire.ts';
import { attachPage, DEFAULT_MAX_QUEUED_BYTES, PARTS_SLICE_MS, StreamedModel, type ModelMessage, type PageSocket, type TooFarBehind } from './page-socket.ts';
import { eventMessage } from './protocol.ts';
import { checkHostAndOrigin, checkToken, createToken, securityHeaders, type Refusal } from './security.ts';
import { defaultRendererRoot, listStaticFiles } from './static-files.ts';

// node:http and node:https come as CommonJS builtins, not ES imports: Node
// makes an ES module of a builtin by reading every export, and node:http's
// lazy WebSocket exports then load undici (60-80 ms at each start of `serve`).
const http = process.getBuiltinModule('node:http');

export interface ServerOptions {
  session: Session;
  /** 0 or absent: any free port. */
  port?: number;
  /** Loopback only; accepted for explicitness, anything else is refused. */
  host?: '127.0.0.1';
  /** The built renderer (default: dist/renderer). */
  root?: string;
  /** Largest WebSocket message accepted (default 64 MiB, room for a snapshot upload). */
  maxMessageBytes?: number;
  /**
   * What one page may leave unread before it is disconnected (default 64 MiB);
   * the model or patch it is being sent does not count, as what comes meanwhile
   * waits in one slot (the newest model, the patches after it merged).
   */
  maxQueuedBytes?: number;
  /** Told when a page is disconnected for falling too far behind (for the terminal, and tests). */
  onTooFarBehind?: (info: TooFarBehind) => void;
  /**
   * Pages connected at once (default 16). Each may leave maxQueuedBytes unread
   * and a model besides, so without this the bound on one page would not bound
   * what one token can make the server hold.
   */
  maxPages?: number;
  /**
   * Reuse a token (at least 32 random bytes, base64url), so a restarted server
   * keeps the URL an open page already has; a fresh one by default.
   */
  token?: string;
  /**
   * Models with more pods than this go to pages in parts (main/contract/wire.ts);
   * default PARTS_FROM_PODS. Above SUMMARY_FROM_PODS (main/model/summary.ts) their pods are summarized.
   */
  partsFromPods?: number;
}

export interface RunningServer {
  /** The URL to open, token included; the page moves the token out of the address bar. */
  url: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export const WS_PATH = '/ws';

const DEFAULT_MAX_MESSAGE = 64 * 1024 * 1024;
const DEFAULT_MAX_PAGES = 16;
/** Files up to this size are kept in memory once read (the fonts are about 1.5 MB each). */
const MAX_KEPT_FILE = 4 * 1024 * 1024;

/** What the page cannot do through the server: it downloads files and opens links itself. */
const browserShell: ShellHandlers = {
  'file:save': () => {
    throw new Error('file:save is not available in browser mode: the page downloads the file itself.');
  },
  'link:open': () => {
    throw new Error('link:open is not available in browser mode: the page opens links itself.');
  },
  // A browser has no menu of ours to say in the page's language.
  'menu:lang': () => undefined,
};

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  if (host !== '127.0.0.1') throw new Error(`browser mode listens on 127.0.0.1 only, not ${String(host)}`);
  const files = listStaticFiles(options.root ?? defaultRendererRoot());
  const bodies = new Map<string, Buffer>();
  if (options.token !== undefined && !/^[A-Za-z0-9_-]{43,128}$/.test(options.token)) {
    throw new Error('a reused token must be 43 to 128 base64url characters (32 or more random bytes)');
  }
  const token = options.token ?? createToken();
  const sockets = new Map<WebSocket, PageSocket>();
  const partsFromPods = options.partsFromPods ?? PARTS_FROM_PODS;
  const inParts = (update: ModelUpdate) => update.model.stats.pods > partsFromPods;
  // A model in parts is made from the session's own model, each pod
  // summarized as its part is made (StreamedModel): no summarized copy of the
  // whole model is made, or kept for later pages, beside the session's.
  const handlers: InvokeHandlers = {
    ...createHandlers(options.session, 'browser', browserShell),
    ...validated({
      'model:get': () => {
        const whole = options.session.model();
        return whole && inParts(whole) ? whole : options.session.viewModel();
      },
    }),
  };
  /** The session's model as pages are sent it: a message made once, or a model in parts made as each page is sent it. */
  const modelMessage = (whole: ModelUpdate): ModelMessage =>
    inParts(whole) ? new StreamedModel(whole) : eventMessage(wireChannel('model'), summarizeUpdate(whole));
  /** The current model as pages are sent it, made once per revision for every page that needs it whole. */
  let latest: { revision: number; message: ModelMessage } | undefined;
  const latestModel = () => {
    // As pages are sent it (summarized when large), so it compares with the patches they are sent.
    const update = options.session.model();
    if (!update) return undefined;
    if (latest?.revision !== update.revision) latest = { revision: update.revision, message: modelMessage(update) };
    return latest;
  };
  const limits = {
    maxQueuedBytes: options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES,
    onTooFarBehind: options.onTooFarBehind,
    latestModel,
    wholeModelLength: () => latest?.message.length,
    inParts,
    partsSliceMs: PARTS_SLICE_MS,
  };
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  let port = 0;

  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE, perMessageDeflate: false });

  const server = http.createServer((req, res) => serveRequest(req, res));
  server.on('upgrade', (req, socket, head) => upgrade(req, socket, head));
  server.on('clientError', (_error, socket) => socket.destroy());

  function send(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
    res.writeHead(status, { ...securityHeaders(port), 'Content-Type': 'text/plain; charset=utf-8', ...extra });
    res.end(`${text}\n`);
  }

  function parseUrl(raw: string | undefined): URL | undefined {
    try {
      return new URL(raw ?? '/', `http://127.0.0.1:${port}`);
    } catch {
      return undefined;
    }
  }

  function serveRequest(req: IncomingMessage, res: ServerResponse): void {
    const refusal = checkHostAndOrigin(req.headers, port);
    if (refusal) return send(res, refusal.status, refusal.reason);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'method not allowed', { Allow: 'GET, HEAD' });
    const url = parseUrl(req.url);
    if (!url) return send(res, 400, 'bad request');
    // The files are the public app bundle, so they need no token (security.ts
    // says why there is no cookie). A wrong one is still refused, so that a
    // mistyped URL says so instead of opening a page that cannot connect.
    const given = url.searchParams.get('token');
    const denied = given === null ? undefined : checkToken(token, given);
    if (denied) return send(res, denied.status, denied.reason);
    const entry = files.get(url.pathname);
    if (!entry) return send(res, 404, 'not found');
    const headers: Record<string, string> = { ...securityHeaders(port), 'Content-Type': entry.contentType };
    if (req.method === 'HEAD') {
      res.writeHead(200, headers);
      res.end();
      return;
    }
    const body = fileBody(entry.file);
    if (!body) return send(res, 404, 'not found');
    res.writeHead(200, { ...headers, 'Content-Length': String(body.length) });
    res.end(body);
  }

  /**
   * A file's bytes, read once and kept: the page's files are answered in the
   * turn of the event loop that reads their request, as one write. A stream
   * from disk took several turns and the thread pool, which at start share
   * the loop with the cluster's lists (TLS, gzip), and the page's first
   * drawing waits on each of its files in turn. The files are the app's
   * bundle, a few MB in all; one too large to keep is read each time.
   */
  function fileBody(file: string): Buffer | undefined {
    const kept = bodies.get(file);
    if (kept) return kept;
    let body: Buffer;
    try {
      body = readFileSync(file);
    } catch {
      return undefined;
    }
    if (body.length <= MAX_KEPT_FILE) bodies.set(file, body);
    return body;
  }

  function refuseUpgrade(socket: Duplex, refusal: Refusal | { status: 404 | 503; reason: string }): void {
    const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 503: 'Service Unavailable' }[refusal.status];
    const headers = Object.entries(securityHeaders(port))
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    socket.end(`HTTP/1.1 ${refusal.status} ${text}\r\nConnection: close\r\nContent-Type: text/plain; charset=utf-8\r\n${headers}\r\n${refusal.reason}\n`);
    socket.destroy();
  }

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = parseUrl(req.url);
    const refusal =
      checkHostAndOrigin(req.headers, port) ??
      (url?.pathname === WS_PATH ? undefined : { status: 404 as const, reason: 'not found' }) ??
      checkToken(token, url!.searchParams.get('token')) ??
      (sockets.size < maxPages ? undefined : { status: 503 as const, reason: `too many pages are open (${maxPages}); close one, then reload this one` });
    if (refusal) return refuseUpgrade(socket, refusal);
    wss.handleUpgrade(req, socket, head, (ws) => connected(ws));
  }

  function connected(ws: WebSocket): void {
    const page = attachPage(ws, handlers, limits);
    sockets.set(ws, page);
    ws.on('close', () => sockets.delete(ws));
    ws.on('error', () => ws.terminate());
    // Unasked, on every connection: the session's state, then its model when
    // there is one (later ones come as they are made). The page asks for
    // neither at start or after a reconnect, so its first drawing does not
    // wait for a round trip, nor for its own script to be ready to ask: what
    // it is sent waits in its socket meanwhile.
    page.event(eventMessage(wireChannel('session'), options.session.state()));
    const current = latestModel();
    if (current) page.model(current.message);
    // The warning marks as they stand; later changes come as 'events' events.
    page.event(eventMessage(wireChannel('events'), options.session.eventsNow()));
  }

  // Each event is serialized once, however many pages are open.
  const forward =
    <E extends 'session' | 'progress' | 'image-stage' | 'events'>(event: E) =>
    (payload: SessionEvents[E]) => {
      if (sockets.size === 0) return;
      const message = eventMessage(wireChannel(event), payload);
      for (const page of sockets.values()) page.event(message);
    };
  const unsubscribe = [
    options.session.on('view', (view) => {
      if (sockets.size === 0) return;
      if (view.channel === 'model') {
        const message = modelMessage(view.whole);
        latest = { revision: view.whole.revision, message };
        for (const page of sockets.values()) page.model(message);
      } else {
        const message = eventMessage(wireChannel(view.channel), view.payload);
        for (const page of sockets.values()) page.patch(view.payload, message);
      }
    }),
    options.session.on('session', forward('session')),
    options.session.on('progress', forward('progress')),
    options.session.on('image-stage', forward('image-stage')),
    options.session.on('events', forward('events')),
  ];

  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ port: options.port ?? 0, host, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    for (const off of unsubscribe) off();
    throw error;
  }
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the server has no TCP address');
  port = address.port;

  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    token,
    port,
    close() {
      closing ??= (async () => {
        for (const off of unsubscribe) off();
        for (const ws of sockets.keys()) ws.terminate();
        wss.close();
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      })();
      return closing;
    },
  };
}
