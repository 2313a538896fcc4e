// HTTP for the registry client, with the rules docker and containerd follow:
//  - HTTPS, with the system's CAs plus a registry's own from docker's
//    certs.d/<host>/*.crt; plain HTTP only for localhost and 127.0.0.0/8 (and
//    ::1), tried after HTTPS fails there, as docker does for such registries;
//  - HTTPS_PROXY (an http:// proxy, through CONNECT) unless NO_PROXY names the
//    host; loopback is never proxied;
//  - every request has a timeout, and every body a byte limit, checked as it
//    streams in, so a huge or endless answer costs at most the limit;
//  - redirects followed by hand, at most a few, and the Authorization header
//    dropped when one leads to another origin (a blob on a CDN must not see
//    the registry's token);
//  - a 429 is retried after Retry-After (or a backoff), a few times, and each
//    wait is reported.

import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { backoffDelay } from '../common/backoff.ts';
import { sleep, systemClock, type Clock } from '../common/clock.ts';
import { RegistryError } from './errors.ts';

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
  headers: http.IncomingHttpHeaders;
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
}

export function defaultCertsDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const home = os.homedir();
  const dirs = ['/etc/docker/certs.d', '/etc/containerd/certs.d'];
  // Rootless docker keeps its own.
  dirs.push(path.join(env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(home, '.config'), 'docker', 'certs.d'));
  return dirs;
}

/** localhost, 127.0.0.0/8 and ::1: the only registries plain HTTP may reach. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (net.isIPv4(h)) return h.startsWith('127.');
  return h === '::1';
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

const RETRYABLE_TLS = /EPROTO|wrong version number|ECONNRESET|packet length too long|ERR_SSL/i;

export class Transport {
  private readonly timeoutMs: number;
  private readonly maxRedirects: number;
  private readonly maxRetries: number;
  private readonly maxRetryAfterMs: number;
  private readonly certsDirs: string[];
  private readonly env: NodeJS.ProcessEnv;
  private readonly clock: Clock;
  private readonly notice: (line: string) => void;
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  private readonly httpsAgents = new Map<string, https.Agent>();
  /** Loopback hosts that answered plain HTTP: asked that way from then on. */
  private readonly plainHosts = new Set<string>();
  /** Waits a 429 cost, for the answer's warnings. */
  readonly rateLimited: string[] = [];

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

  close(): void {
    this.httpAgent.destroy();
    for (const agent of this.httpsAgents.values()) agent.destroy();
    this.httpsAgents.clear();
  }

  /** The URL a request to this registry host starts from: https, or http for a loopback host known to speak it. */
  base(host: string): string {
    return `${this.plainHosts.has(host) ? 'http' : 'https'}://${host}`;
  }

  /**
   * One request with its redirects and 429 retries. Statuses other than 429
   * and redirects come back as they are: what they mean is the caller's to say.
   */
  async request(start: URL, spec: RequestSpec): Promise<Reply> {
    let url = start;
    let headers = { ...spec.headers };
    const origin = start.origin;
    for (let hop = 0; ; hop++) {
      const reply = await this.withRetries(url, { ...spec, headers });
      if (![301, 302, 303, 307, 308].includes(reply.status)) return reply;
      if (hop >= this.maxRedirects) throw new RegistryError('redirects', `${spec.what}: more than ${this.maxRedirects} redirects (last to ${safeUrl(url)})`);
      const location = headerText(reply.headers.location);
      if (!location) throw new RegistryError('invalid', `${spec.what}: a ${reply.status} redirect without a Location`);
      let next: URL;
      try {
        next = new URL(location, url);
      } catch {
        throw new RegistryError('invalid', `${spec.what}: a redirect to something that is not a URL`);
      }
      if (next.protocol !== 'https:' && !(next.protocol === 'http:' && isLoopbackHost(next.hostname))) {
        throw new RegistryError('invalid', `${spec.what}: a redirect to ${next.protocol}//${next.host}, which is neither HTTPS nor a loopback address`);
      }
      // The registry's token is for the registry: a blob store elsewhere gets the signed URL alone.
      if (next.origin !== origin) {
        const { Authorization: _a, authorization: _b, ...rest } = headers;
        headers = rest;
      }
      url = next;
    }
  }

  private async withRetries(url: URL, spec: RequestSpec): Promise<Reply> {
    for (let attempt = 1; ; attempt++) {
      const reply = await this.once(url, spec);
      if (reply.status !== 429) return reply;
      const asked = retryAfterMs(headerText(reply.headers['retry-after']), this.clock.now());
      if (attempt > this.maxRetries || (asked !== undefined && asked > this.maxRetryAfterMs)) {
        const when = asked !== undefined ? `; it asks to wait ${Math.ceil(asked / 1000)} s` : '';
        throw new RegistryError('rate-limited', `${url.host} is limiting requests (429) for ${spec.what}${when}; gave up after ${attempt - 1} ${attempt - 1 === 1 ? 'retry' : 'retries'}`);
      }
      const wait = asked ?? backoffDelay(attempt, { initialMs: 1000, maxMs: 8000, jitter: 0.5 });
      const line = `${url.host} is limiting requests (429); waiting ${(wait / 1000).toFixed(1)} s before retry ${attempt} of ${this.maxRetries}`;
      this.rateLimited.push(line);
      this.notice(line);
      await sleep(wait, new AbortController().signal, this.clock);
    }
  }

  private async once(url: URL, spec: RequestSpec): Promise<Reply> {
    const host = url.host;
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
      throw new RegistryError('unsupported', `${host}: plain HTTP is used only for localhost and 127.0.0.0/8 registries`);
    }
    if (url.protocol === 'https:' && isLoopbackHost(url.hostname) && this.plainHosts.has(host)) {
      url = new URL(url.href.replace(/^https:/, 'http:'));
    }
    try {
      return await this.send(url, spec);
    } catch (error) {
      // A loopback registry may speak plain HTTP: docker tries HTTPS first and falls back there alone.
      if (url.protocol === 'https:' && isLoopbackHost(url.hostname) && error instanceof RegistryError && error.kind === 'unreachable' && RETRYABLE_TLS.test(String((error.cause as Error)?.message ?? ''))) {
        const plain = new URL(url.href.replace(/^https:/, 'http:'));
        const reply = await this.send(plain, spec);
        this.plainHosts.add(host);
        return reply;
      }
      throw error;
    }
  }

  private httpsAgent(host: string, hostname: string): https.Agent {
    let agent = this.httpsAgents.get(host);
    if (!agent) {
      const ca = registryCAs(this.certsDirs, host, hostname);
      agent = new https.Agent({ keepAlive: true, maxSockets: 8, ...(ca.length > 0 ? { ca: [...tls.rootCertificates, ...ca] } : {}) });
      this.httpsAgents.set(host, agent);
    }
    return agent;
  }

  private async send(url: URL, spec: RequestSpec): Promise<Reply> {
    const controller = new AbortController();
    let timedOut = false;
    const timer = this.clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs, { unref: true });
    try {
      const proxy = proxyFor(url, this.env);
      const secure = url.protocol === 'https:';
      const agent = secure ? this.httpsAgent(url.host, url.hostname) : this.httpAgent;
      const options: https.RequestOptions = {
        method: spec.method,
        headers: { 'User-Agent': 'kube-anatomy', ...spec.headers, ...(spec.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(spec.body)) } : {}) },
        signal: controller.signal,
        agent,
      };
      if (proxy) {
        const socket = await connectThrough(proxy, url, controller.signal);
        options.agent = false;
        const ca = registryCAs(this.certsDirs, url.host, url.hostname);
        options.createConnection = () => tls.connect({ socket, servername: net.isIP(url.hostname) ? undefined : url.hostname, ...(ca.length > 0 ? { ca: [...tls.rootCertificates, ...ca] } : {}) });
      }
      return await new Promise<Reply>((resolve, reject) => {
        const req = (secure ? https : http).request(url, options, (res) => {
          const status = res.statusCode ?? 0;
          const declared = Number(res.headers['content-length']);
          // Redirects, errors and HEADs are read only as far as a message needs.
          const limit = status >= 200 && status < 300 ? spec.maxBytes : Math.min(spec.maxBytes, 64 * 1024);
          if (spec.method !== 'HEAD' && Number.isFinite(declared) && declared > limit && status >= 200 && status < 300) {
            res.destroy();
            reject(new RegistryError('too-large', `${spec.what} is ${formatSize(declared)}, over the ${formatSize(spec.maxBytes)} this client reads`));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > limit) {
              res.destroy();
              if (status >= 200 && status < 300) reject(new RegistryError('too-large', `${spec.what} is over the ${formatSize(spec.maxBytes)} this client reads`));
              else resolve({ status, headers: res.headers, body: Buffer.concat(chunks), url });
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => resolve({ status, headers: res.headers, body: Buffer.concat(chunks), url }));
          res.on('error', (error) => reject(networkError(url, spec, error, timedOut, this.timeoutMs)));
        });
        req.on('error', (error) => reject(networkError(url, spec, error, timedOut, this.timeoutMs)));
        req.end(spec.body);
      });
    } catch (error) {
      if (error instanceof RegistryError) throw error;
      throw networkError(url, spec, error, timedOut, this.timeoutMs);
    } finally {
      this.clock.clearTimeout(timer);
    }
  }
}

function connectThrough(proxy: Proxy, url: URL, signal: AbortSignal): Promise<net.Socket> {
  const target = `${url.hostname.replace(/^\[|\]$/g, '')}:${url.port || 443}`;
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: proxy.host,
      port: proxy.port,
      method: 'CONNECT',
      path: target,
      headers: { Host: target, ...(proxy.authorization ? { 'Proxy-Authorization': proxy.authorization } : {}) },
      signal,
    });
    req.on('connect', (res, socket) => {
      if (res.statusCode === 200) resolve(socket);
      else {
        socket.destroy();
        reject(new RegistryError('unreachable', `the proxy (HTTPS_PROXY) refused to connect to ${url.host}: ${res.statusCode}`));
      }
    });
    req.on('error', (error) => reject(new RegistryError('unreachable', `cannot reach the proxy (HTTPS_PROXY) ${proxy.host}:${proxy.port}: ${(error as NodeJS.ErrnoException).code ?? error.message}`, { cause: error })));
    req.end();
  });
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
