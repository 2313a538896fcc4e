// HTTP for the registry client, with the rules docker and containerd follow:
//  - HTTPS, with the system's CAs plus a registry's own from docker's
//    certs.d/<host>/*.crt; plain HTTP only for localhost and 127.0.0.0/8 (and
//    ::1). There plain HTTP is asked first (docker asks HTTPS first): the first
//    request carries no credentials (no challenge is known yet), a registry
//    that speaks HTTPS answers it with a 400 or not at all and is asked over
//    HTTPS from then on, and a local registry on plain HTTP, the usual kind,
//    costs no TLS handshake that is bound to fail, nor loading node:tls;
//  - HTTPS_PROXY (an http:// proxy, through CONNECT) unless NO_PROXY names the
//    host; loopback is never proxied;
//  - every request has a timeout, and every body a byte limit, checked as it
//    streams in, so a huge or endless answer costs at most the limit;
//  - redirects followed by hand, at most a few, and the Authorization header
//    dropped when one leads to another origin (a blob on a CDN must not see
//    the registry's token);
//  - a 429 is retried after Retry-After (or a backoff), a few times, and each
//    wait is reported.

import net from 'node:net';
import type { ConnectionOptions, TLSSocket } from 'node:tls';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backoffDelay } from '../common/backoff.ts';
import { sleep, systemClock, type Clock } from '../common/clock.ts';
import { RegistryError } from './errors.ts';
import { BodyTooLarge, exchange, ProtocolError, type RawReply } from './http1.ts';

export interface TransportOptions {
  /** Per request, from connect to the last byte of the body. */
  timeoutMs?: number;
  maxRedirects?: number;
  /** Retries after a 429 before giving up. */
  maxRetries?: number;
  /** A Retry-After longer than this is not waited for: the error says when to try again. */
  maxRetryAfterMs?: number;
  /** Folders holding <host[:port]>/*.crt, docker's certs.d layout. */
  certsDirs?: string[];
  /** Where HTTPS_PROXY and NO_PROXY are read (process.env unless a test gives its own). */
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  /** Told about waits (429) as a sentence; nothing secret is ever in it. */
  notice?: (line: string) => void;
}

export interface Reply {
  status: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
  /** Where the answer finally came from, after redirects. */
  url: URL;
}

export interface RequestSpec {
  method: 'GET' | 'HEAD' | 'POST';
  headers?: Record<string, string>;
  /** The body is refused past this many bytes. */
  maxBytes: number;
  body?: string;
  /** What is being fetched, for messages ("the manifest of x:y"). */
  what: string;
  /** Told of each wait after a 429, besides the transport's notice. */
  onWait?: (line: string) => void;
}

export function defaultCertsDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const home = os.homedir();
  const dirs = ['/etc/docker/certs.d', '/etc/containerd/certs.d'];
  // Rootless docker keeps its own.
  dirs.push(path.join(env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config'), 'docker', 'certs.d'));
  return dirs;
}

/**
 * localhost, 127.0.0.0/8 and ::1: the only registries plain HTTP may reach, as
 * containerd has it. Not *.localhost: such a name resolves wherever the
 * system's resolver says, which need not be this machine.
 */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost') return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  return h === '::1';
}

/** Plain HTTP to this host, for a request on behalf of registryHostname (a realm, a redirect): both must be loopback. */
export function plainHttpAllowed(hostname: string, registryHostname: string): boolean {
  return isLoopbackHost(hostname) && isLoopbackHost(registryHostname);
}

/** Whether NO_PROXY says to go direct: "*", a host, a domain suffix (".example.com" or "example.com"), each optionally with :port. CIDR ranges are not read. */
export function bypassesProxy(host: string, port: string, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  for (const raw of noProxy.split(/[\s,]+/)) {
    let entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const portMatch = /^(.*[^:]):(\d+)$/.exec(entry);
    if (portMatch && !entry.includes(']') && entry.split(':').length === 2) {
      if (portMatch[2] !== port) continue;
      entry = portMatch[1];
    }
    entry = entry.replace(/^\[|\]$/g, '');
    if (entry.startsWith('*.')) entry = entry.slice(1);
    if (h === entry.replace(/^\./, '') || (entry.startsWith('.') ? h.endsWith(entry) : h.endsWith(`.${entry}`))) return true;
  }
  return false;
}

interface Proxy {
  host: string;
  port: number;
  authorization?: string;
}

function proxyFor(url: URL, env: NodeJS.ProcessEnv): Proxy | undefined {
  if (url.protocol !== 'https:' || isLoopbackHost(url.hostname)) return undefined;
  const raw = env.HTTPS_PROXY ?? env.https_proxy;
  if (!raw) return undefined;
  if (bypassesProxy(url.hostname, url.port || '443', env.NO_PROXY ?? env.no_proxy)) return undefined;
  let proxy: URL;
  try {
    proxy = new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    throw new RegistryError('unreachable', 'HTTPS_PROXY is not a URL');
  }
  if (proxy.protocol !== 'http:') throw new RegistryError('unsupported', `HTTPS_PROXY uses ${proxy.protocol.replace(/:$/, '')}://; only an http:// proxy (CONNECT) is supported`);
  const authorization = proxy.username ? `Basic ${Buffer.from(`${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`).toString('base64')}` : undefined;
  return { host: proxy.hostname, port: Number(proxy.port || 80), authorization };
}

/** How a TLS server answers a plain request: Go's, nginx's and a few others' words, or no HTTP at all. */
const SPEAKS_TLS = /HTTP request to an HTTPS server|plain HTTP request was sent to HTTPS port|speaks? HTTPS|TLS/i;

/**
 * node:tls is loaded for the first HTTPS request only (about 10–40 ms here),
 * as it is, not through import(), whose facade of a built-in module reads
 * every export (and the image command's bundle is CommonJS run by bin.mjs).
 */
const loadTls = async (): Promise<typeof import('node:tls')> => process.getBuiltinModule('node:tls');

export class Transport {
  private readonly timeoutMs: number;
  private readonly maxRedirects: number;
  private readonly maxRetries: number;
  private readonly maxRetryAfterMs: number;
  private readonly certsDirs: string[];
  private readonly env: NodeJS.ProcessEnv;
  private readonly clock: Clock;
  private readonly notice: (line: string) => void;
  /** Idle kept-alive connections by origin (scheme://host:port). */
  private readonly idle = new Map<string, net.Socket[]>();
  private readonly open = new Set<net.Socket>();
  private readonly caCache = new Map<string, string[]>();
  /** Loopback hosts found to speak TLS: asked over HTTPS from then on. */
  private readonly tlsHosts = new Set<string>();

  constructor(options: TransportOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.maxRetries = options.maxRetries ?? 3;
    this.maxRetryAfterMs = options.maxRetryAfterMs ?? 20_000;
    this.certsDirs = options.certsDirs ?? defaultCertsDirs(options.env);
    this.env = options.env ?? process.env;
    this.clock = options.clock ?? systemClock;
    this.notice = options.notice ?? (() => {});
  }

  /** Ends every connection, so a command can exit. */
  close(): void {
    for (const socket of this.open) socket.destroy();
    this.open.clear();
    this.idle.clear();
  }

  /** The URL a request to this registry host starts from: plain HTTP first for a loopback host not known to speak TLS. */
  base(host: string): string {
    const hostname = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0];
    return `${isLoopbackHost(hostname) && !this.tlsHosts.has(host) ? 'http' : 'https'}://${host}`;
  }

  /**
   * One request with its redirects and 429 retries. Statuses other than 429
   * and redirects come back as they are: what they mean is the caller's to say.
   */
  async request(start: URL, spec: RequestSpec): Promise<Reply> {
    let url = start;
    let current: RequestSpec = { ...spec, headers: { ...spec.headers } };
    for (let hop = 0; ; hop++) {
      const reply = await this.withRetries(url, current);
      if (![301, 302, 303, 307, 308].includes(reply.status)) return reply;
      if (hop >= this.maxRedirects) throw new RegistryError('redirects', `${spec.what}: more than ${this.maxRedirects} redirects (last to ${safeUrl(url)})`);
      const location = reply.headers.location;
      if (!location) throw new RegistryError('invalid', `${spec.what}: a ${reply.status} redirect without a Location`);
      let next: URL;
      try {
        next = new URL(location, reply.url);
      } catch {
        throw new RegistryError('invalid', `${spec.what}: a redirect to something that is not a URL`);
      }
      // Plain HTTP to a loopback address only when the registry itself is there: a remote registry must not make this machine ask its own local services.
      if (next.protocol !== 'https:' && !(next.protocol === 'http:' && plainHttpAllowed(next.hostname, start.hostname))) {
        throw new RegistryError('invalid', `${spec.what}: a redirect to ${next.protocol}//${next.host}, which is neither HTTPS nor a loopback address of a loopback registry`);
      }
      // As browsers and Go do: 303, and 301/302 after a POST, go on as a GET without the body.
      if (current.body !== undefined && (reply.status === 303 || ((reply.status === 301 || reply.status === 302) && current.method === 'POST'))) {
        const { 'Content-Type': _t, 'content-type': _u, ...rest } = current.headers ?? {};
        current = { ...current, method: 'GET', body: undefined, headers: rest };
      }
      // A body (the token POST's refresh token) is for the host it was sent to, never carried elsewhere.
      if (current.body !== undefined && next.host !== url.host) {
        throw new RegistryError('invalid', `${spec.what}: ${url.host} redirects a request with a body to another host (${next.host}); not followed`);
      }
      // The registry's token is for the registry: a blob store elsewhere gets the signed URL alone.
      if (next.host !== start.host) {
        const { Authorization: _a, authorization: _b, ...rest } = current.headers ?? {};
        current = { ...current, headers: rest };
      }
      url = next;
    }
  }

  private async withRetries(url: URL, spec: RequestSpec): Promise<Reply> {
    for (let attempt = 1; ; attempt++) {
      const reply = await this.once(url, spec);
      if (reply.status !== 429) return reply;
      const asked = retryAfterMs(reply.headers['retry-after'], this.clock.now());
      if (attempt > this.maxRetries || (asked !== undefined && asked > this.maxRetryAfterMs)) {
        const when = asked !== undefined ? `; it asks to wait ${Math.ceil(asked / 1000)} s` : '';
        throw new RegistryError('rate-limited', `${url.host} is limiting requests (429) for ${spec.what}${when}; gave up after ${attempt - 1} ${attempt - 1 === 1 ? 'retry' : 'retries'}`);
      }
      const wait = asked ?? backoffDelay(attempt, { initialMs: 1000, maxMs: 8000, jitter: 0.5 });
      const line = `${url.host} is limiting requests (429); waiting ${(wait / 1000).toFixed(1)} s before retry ${attempt} of ${this.maxRetries}`;
      spec.onWait?.(line);
      this.notice(line);
      await sleep(wait, new AbortController().signal, this.clock);
    }
  }

  private async once(url: URL, spec: RequestSpec): Promise<Reply> {
    const host = url.host;
    const loopback = isLoopbackHost(url.hostname);
    if (url.protocol === 'http:' && !loopback) {
      throw new RegistryError('unsupported', `${host}: plain HTTP is used only for localhost and 127.0.0.0/8 registries`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RegistryError('unsupported', `${spec.what}: ${url.protocol} is not HTTP`);
    if (loopback && url.protocol === 'http:' && this.tlsHosts.has(host)) url = new URL(url.href.replace(/^http:/, 'https:'));
    if (!loopback || url.protocol === 'https:') return this.send(url, spec);
    // A loopback registry on plain HTTP, unless its answer shows it speaks TLS.
    let reply: Reply;
    try {
      reply = await this.send(url, spec);
    } catch (error) {
      if (!(error instanceof RegistryError && error.kind === 'unreachable' && (error.cause as { nothingReceived?: boolean })?.nothingReceived)) throw error;
      if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(String((error.cause as NodeJS.ErrnoException)?.code))) throw error;
      return this.overTls(url, spec);
    }
    // Go's TLS server answers a plain request with a bare "400 Bad Request" (no headers; its sentence only when there is a body to read).
    if (reply.status === 400 && (SPEAKS_TLS.test(reply.body.toString('latin1', 0, 512)) || Object.keys(reply.headers).length === 0)) return this.overTls(url, spec);
    return reply;
  }

  private overTls(url: URL, spec: RequestSpec): Promise<Reply> {
    this.tlsHosts.add(url.host);
    return this.send(new URL(url.href.replace(/^http:/, 'https:')), spec);
  }

  private registryCAs(url: URL): string[] {
    let ca = this.caCache.get(url.host);
    if (!ca) {
      ca = registryCAs(this.certsDirs, url.host, url.hostname);
      this.caCache.set(url.host, ca);
    }
    return ca;
  }

  /** A connection to the URL's origin: a kept-alive one, or a new one (through the proxy when HTTPS_PROXY says so). */
  private async connect(url: URL, signal: AbortSignal): Promise<{ socket: net.Socket; reused: boolean }> {
    const key = `${url.protocol}//${url.host}`;
    const pool = this.idle.get(key);
    while (pool && pool.length > 0) {
      const socket = pool.pop()!;
      if (!socket.destroyed && socket.readyState === 'open') {
        socket.ref();
        return { socket, reused: true };
      }
    }
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
    const hostname = url.hostname.replace(/^\[|\]$/g, '');
    const proxy = proxyFor(url, this.env);
    let raw: net.Socket;
    if (proxy) raw = await connectThrough(proxy, url, signal, (s) => this.track(s));
    else raw = this.track(await tcp(hostname, port, signal));
    if (url.protocol === 'http:') return { socket: raw, reused: false };
    const tls = await loadTls();
    const ca = this.registryCAs(url);
    const options: ConnectionOptions = { socket: raw, servername: net.isIP(hostname) ? undefined : hostname, ALPNProtocols: ['http/1.1'], ...(ca.length > 0 ? { ca: [...tls.rootCertificates, ...ca] } : {}) };
    if (!proxy) options.host = hostname;
    const secure = this.track(tls.connect(options));
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      const onAbort = () => secure.destroy(new Error('aborted'));
      signal.addEventListener('abort', onAbort, { once: true });
      secure.once('error', onError);
      secure.once('secureConnect', () => {
        secure.off('error', onError);
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
    return { socket: secure as TLSSocket, reused: false };
  }

  private track<T extends net.Socket>(socket: T): T {
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
    return socket;
  }

  private release(url: URL, socket: net.Socket, reusable: boolean): void {
    if (!reusable || socket.destroyed) {
      socket.destroy();
      return;
    }
    const key = `${url.protocol}//${url.host}`;
    let pool = this.idle.get(key);
    if (!pool) this.idle.set(key, (pool = []));
    // An idle connection neither keeps the process alive nor throws when the server closes it.
    socket.unref();
    if (!socket.listeners('error').includes(ignore)) socket.on('error', ignore);
    if (pool.length < 4) pool.push(socket);
    else socket.destroy();
  }

  private async send(url: URL, spec: RequestSpec): Promise<Reply> {
    const controller = new AbortController();
    let timedOut = false;
    let current: net.Socket | undefined;
    const timer = this.clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
      // With an error, so an answer read to the connection's end is not taken for a whole one.
      current?.destroy(new Error('timed out'));
    }, this.timeoutMs, { unref: true });
    try {
      for (let attempt = 0; ; attempt++) {
        const { socket, reused } = await this.connect(url, controller.signal);
        current = socket;
        if (controller.signal.aborted) socket.destroy();
        let raw: RawReply;
        try {
          raw = await exchange(
            socket,
            { method: spec.method, target: `${url.pathname}${url.search}`, host: url.host, headers: { 'User-Agent': 'kube-anatomy', ...spec.headers }, body: spec.body },
            { maxBytes: spec.maxBytes, errorMaxBytes: Math.min(spec.maxBytes, 64 * 1024) },
          );
        } catch (error) {
          socket.destroy();
          // A kept-alive connection the server closed meanwhile: once more on a new one (GET and HEAD only).
          if (reused && attempt === 0 && spec.method !== 'POST' && (error as { nothingReceived?: boolean }).nothingReceived && !timedOut) continue;
          throw error;
        }
        // A body cut off by the timeout is no answer, whatever the exchange made of the closing.
        if (timedOut) throw new Error('timed out');
        this.release(url, socket, raw.reusable);
        return { status: raw.status, headers: raw.headers, body: raw.body, url };
      }
    } catch (error) {
      if (error instanceof RegistryError) throw error;
      if (error instanceof BodyTooLarge) {
        throw new RegistryError('too-large', error.declared !== undefined ? `${spec.what} is ${formatSize(error.declared)}, over the ${formatSize(spec.maxBytes)} this client reads` : `${spec.what} is over the ${formatSize(spec.maxBytes)} this client reads`);
      }
      if (error instanceof ProtocolError && !error.nothingReceived) throw new RegistryError('invalid', `${url.host} broke HTTP answering ${spec.what}: ${error.message}`, { cause: error });
      throw networkError(url, spec, error, timedOut, this.timeoutMs);
    } finally {
      this.clock.clearTimeout(timer);
    }
  }
}

const ignore = (): void => {};

function tcp(host: string, port: number, signal: AbortSignal): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, noDelay: true });
    const onAbort = () => socket.destroy(new Error('aborted'));
    signal.addEventListener('abort', onAbort, { once: true });
    socket.once('error', (error) => {
      signal.removeEventListener('abort', onAbort);
      reject(error);
    });
    socket.once('connect', () => {
      signal.removeEventListener('abort', onAbort);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

/** A tunnel to url's host through an http:// proxy (CONNECT). */
async function connectThrough(proxy: Proxy, url: URL, signal: AbortSignal, track: (s: net.Socket) => net.Socket): Promise<net.Socket> {
  const target = `${url.hostname}:${url.port || 443}`;
  let socket: net.Socket;
  try {
    socket = track(await tcp(proxy.host, proxy.port, signal));
  } catch (error) {
    throw new RegistryError('unreachable', `cannot reach the proxy (HTTPS_PROXY) ${proxy.host}:${proxy.port}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  // The request's timeout covers the CONNECT exchange too: a proxy that accepts and never answers must not hang the request.
  const onAbort = () => socket.destroy(new Error('aborted'));
  if (signal.aborted) onAbort();
  signal.addEventListener('abort', onAbort, { once: true });
  let reply: RawReply;
  try {
    reply = await exchange(socket, { method: 'CONNECT', target, host: target, headers: proxy.authorization ? { 'Proxy-Authorization': proxy.authorization } : {} }, { maxBytes: 0, errorMaxBytes: 4096 });
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  if (reply.status !== 200) {
    socket.destroy();
    throw new RegistryError('unreachable', `the proxy (HTTPS_PROXY) refused to connect to ${url.host}: ${reply.status}`);
  }
  return socket;
}

function networkError(url: URL, spec: RequestSpec, error: unknown, timedOut: boolean, timeoutMs: number): RegistryError {
  if (timedOut) return new RegistryError('timeout', `${url.host} did not answer ${spec.what} within ${Math.round(timeoutMs / 1000)} s`, { cause: error });
  const e = error as NodeJS.ErrnoException;
  const code = e?.code ?? '';
  const why =
    code === 'ENOTFOUND' || code === 'EAI_AGAIN'
      ? 'the name does not resolve (offline, or no such registry)'
      : code === 'ECONNREFUSED'
        ? 'nothing listens there (connection refused)'
        : code === 'ECONNRESET'
          ? 'the connection was reset'
          : /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/i.test(code)
            ? `its TLS certificate is not trusted (${code}); put the registry's CA in /etc/docker/certs.d/${url.host}/ca.crt`
            : code || e?.message || String(error);
  return new RegistryError('unreachable', `cannot reach the registry ${url.host}: ${why}`, { cause: error });
}

/** The CAs docker would add for this registry: certs.d/<host:port>/*.crt, then certs.d/<host>/*.crt. */
export function registryCAs(dirs: readonly string[], host: string, hostname: string): string[] {
  const out: string[] = [];
  for (const dir of dirs) {
    for (const name of new Set([host, hostname])) {
      const folder = path.join(dir, name);
      let files: string[];
      try {
        files = fs.readdirSync(folder);
      } catch {
        continue;
      }
      for (const file of files.sort()) {
        // client.cert is docker's client certificate, not a CA.
        if (!file.endsWith('.crt')) continue;
        try {
          out.push(fs.readFileSync(path.join(folder, file), 'utf8'));
        } catch {
          // An unreadable file is as if absent: the TLS error will say the certificate is not trusted.
        }
      }
    }
  }
  return out;
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d{1,9}$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function headerText(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A URL for a message: no credentials, no query (a signed blob URL carries its signature there). */
export function safeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${units[unit]}`;
}
