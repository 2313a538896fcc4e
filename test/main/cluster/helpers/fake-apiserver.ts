// A small HTTPS server that answers like a Kubernetes API server for the paths
// the live source uses: paged lists (limit/continue), watches that replay
// events newer than the requested resourceVersion and then stream new ones,
// Status errors, and the two ways of authenticating we test (bearer token,
// client certificate signed by the test CA). Tests drive it directly: publish
// events, drop or end watches, make a resourceVersion expire.

import { readFileSync } from 'node:fs';
import https from 'node:https';
import type http from 'node:http';
import type net from 'node:net';
import type { TLSSocket } from 'node:tls';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

export const FIXTURES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/cluster');
export const TLS_DIR = path.join(FIXTURES, 'tls');

export function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path.join(FIXTURES, 'api', name), 'utf8')) as Record<string, unknown>;
}

export function fixtureLines(name: string): Record<string, unknown>[] {
  return readFileSync(path.join(FIXTURES, 'api', name), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export interface FakeAuth {
  /** Accept `Authorization: Bearer <token>`. */
  token?: string;
  /** Accept a client certificate signed by the test CA with this common name. */
  clientCertCN?: string;
}

export interface RecordedRequest {
  path: string;
  query: URLSearchParams;
  watch: boolean;
  authorization?: string;
  clientCN?: string;
}

interface WatchStream {
  path: string;
  res: http.ServerResponse;
}

type Status = Record<string, unknown>;

function rvOf(event: Record<string, unknown>): number {
  const obj = event['object'] as { metadata?: { resourceVersion?: string } } | undefined;
  return Number(obj?.metadata?.resourceVersion ?? 0);
}

export class FakeApiServer {
  readonly requests: RecordedRequest[] = [];
  private readonly server: https.Server;
  private readonly auth?: FakeAuth;
  private readonly sockets = new Set<net.Socket>();
  private readonly lists = new Map<string, Record<string, unknown>[]>();
  private readonly history = new Map<string, Record<string, unknown>[]>();
  private readonly statuses = new Map<string, { status: Status; onWatch: boolean; onList: boolean; times: number }>();
  private readonly expiredBelow = new Map<string, { rv: number; as: 'http' | 'event' }>();
  private readonly streams = new Set<WatchStream>();
  private portValue = 0;
  /** Compress list responses when the client accepts gzip, as kube-apiserver does for large ones. */
  gzipLists = false;

  private constructor(auth?: FakeAuth) {
    this.auth = auth;
    this.server = https.createServer(
      {
        key: readFileSync(path.join(TLS_DIR, 'server.key')),
        cert: readFileSync(path.join(TLS_DIR, 'server.crt')),
        ca: readFileSync(path.join(TLS_DIR, 'ca.crt')),
        // Like kube-apiserver: ask for a certificate, and treat a request without a valid one as unauthenticated.
        requestCert: true,
        rejectUnauthorized: false,
      },
      (req, res) => this.handle(req, res),
    );
    this.server.on('connection', (socket: net.Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  static async start(auth?: FakeAuth, port = 0): Promise<FakeApiServer> {
    const fake = new FakeApiServer(auth);
    await new Promise<void>((resolve) => fake.server.listen(port, '127.0.0.1', resolve));
    fake.portValue = (fake.server.address() as net.AddressInfo).port;
    return fake;
  }

  get url(): string {
    return `https://127.0.0.1:${this.portValue}`;
  }

  /** The pages a list of `apiPath` returns, chained by their metadata.continue tokens. */
  setList(apiPath: string, ...pages: Record<string, unknown>[]): void {
    this.lists.set(apiPath, pages);
  }

  /**
   * The five lists a live source reads, from the recorded fixtures: a small
   * cluster whose pods come in `podPages` (one page unless told otherwise).
   */
  serveFixtureLists(podPages: Record<string, unknown>[] = [fixture('pods-shop.json')]): void {
    this.setList('/api/v1/nodes', fixture('nodes.json'));
    this.setList('/api/v1/namespaces', fixture('namespaces.json'));
    this.setList('/api/v1/pods', ...podPages);
    this.setList('/api/v1/persistentvolumeclaims', fixture('pvcs.json'));
    this.setList('/api/v1/persistentvolumes', fixture('pvs.json'));
  }

  /** Answer requests for `apiPath` with this Status (its `code` is the HTTP status). */
  failWith(apiPath: string, status: Status, opts: { onList?: boolean; onWatch?: boolean; times?: number } = {}): void {
    this.statuses.set(apiPath, { status, onList: opts.onList ?? true, onWatch: opts.onWatch ?? true, times: opts.times ?? Infinity });
  }

  /** Watches of `apiPath` from a resourceVersion below `rv` get 410 Gone (as HTTP status or as an ERROR event). */
  expireBelow(apiPath: string, rv: number, as: 'http' | 'event'): void {
    this.expiredBelow.set(apiPath, { rv, as });
  }

  /** Record an event and stream it to the open watches of `apiPath`. */
  publish(apiPath: string, event: Record<string, unknown>): void {
    const list = this.history.get(apiPath) ?? [];
    list.push(event);
    this.history.set(apiPath, list);
    for (const s of this.streams) if (s.path === apiPath) s.res.write(`${JSON.stringify(event)}\n`);
  }

  /** Write raw text to the open watches of `apiPath` (for broken streams). */
  writeRaw(apiPath: string, text: string): void {
    for (const s of this.streams) if (s.path === apiPath) s.res.write(text);
  }

  openWatches(apiPath: string): number {
    return [...this.streams].filter((s) => s.path === apiPath).length;
  }

  watchRequests(apiPath: string): RecordedRequest[] {
    return this.requests.filter((r) => r.watch && r.path === apiPath);
  }

  /** Kill the TCP connections under the open watches of `apiPath`, mid-stream. */
  dropWatches(apiPath: string): void {
    for (const s of [...this.streams]) {
      if (s.path !== apiPath) continue;
      this.streams.delete(s);
      s.res.socket?.destroy();
    }
  }

  /** End the open watches of `apiPath` cleanly, as the server does at timeoutSeconds. */
  endWatches(apiPath: string): void {
    for (const s of [...this.streams]) {
      if (s.path !== apiPath) continue;
      this.streams.delete(s);
      s.res.end();
    }
  }

  async close(): Promise<void> {
    for (const s of this.streams) s.res.socket?.destroy();
    this.streams.clear();
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private sendStatus(res: http.ServerResponse, status: Status): void {
    const code = typeof status['code'] === 'number' ? status['code'] : 500;
    res.writeHead(code, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(status));
  }

  private authenticated(req: http.IncomingMessage, record: RecordedRequest): boolean {
    if (!this.auth) return true;
    if (this.auth.token && record.authorization === `Bearer ${this.auth.token}`) return true;
    if (this.auth.clientCertCN) {
      const socket = req.socket as TLSSocket;
      if (socket.authorized && record.clientCN === this.auth.clientCertCN) return true;
    }
    return false;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'https://fake');
    const socket = req.socket as TLSSocket;
    const cert = socket.getPeerCertificate?.();
    const record: RecordedRequest = {
      path: url.pathname,
      query: url.searchParams,
      watch: url.searchParams.get('watch') === 'true' || url.searchParams.get('watch') === '1',
      authorization: typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined,
      clientCN: cert && typeof cert.subject?.CN === 'string' && socket.authorized ? cert.subject.CN : undefined,
    };
    this.requests.push(record);

    if (!this.authenticated(req, record)) {
      this.sendStatus(res, fixture('status-unauthorized.json'));
      return;
    }
    const failure = this.statuses.get(url.pathname);
    if (failure && failure.times > 0 && (record.watch ? failure.onWatch : failure.onList)) {
      failure.times -= 1;
      this.sendStatus(res, failure.status);
      return;
    }
    if (record.watch) this.watch(url, res);
    else this.list(url, req, res);
  }

  private list(url: URL, req: http.IncomingMessage, res: http.ServerResponse): void {
    const pages = this.lists.get(url.pathname);
    if (!pages) {
      this.sendStatus(res, fixture('status-not-found.json'));
      return;
    }
    const token = url.searchParams.get('continue');
    let index = 0;
    if (token) {
      index = pages.findIndex((p) => (p['metadata'] as { continue?: string }).continue === token) + 1;
      if (index <= 0 || index >= pages.length) {
        this.sendStatus(res, fixture('status-gone.json'));
        return;
      }
    }
    const body = JSON.stringify(pages[index]);
    if (this.gzipLists && String(req.headers['accept-encoding'] ?? '').includes('gzip')) {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      res.end(gzipSync(body));
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(body);
  }

  private watch(url: URL, res: http.ServerResponse): void {
    const from = Number(url.searchParams.get('resourceVersion') ?? 0);
    const expired = this.expiredBelow.get(url.pathname);
    if (expired && from < expired.rv) {
      if (expired.as === 'http') {
        this.sendStatus(res, fixture('status-gone.json'));
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(`${JSON.stringify({ type: 'ERROR', object: fixture('status-gone.json') })}\n`);
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    res.flushHeaders();
    for (const event of this.history.get(url.pathname) ?? []) {
      if (rvOf(event) > from) res.write(`${JSON.stringify(event)}\n`);
    }
    const stream: WatchStream = { path: url.pathname, res };
    this.streams.add(stream);
    res.on('close', () => this.streams.delete(stream));
  }
}
