// A TCP proxy between a client and the API server, for breaking connections on
// purpose: cut() resets every open connection (a dropped network, a load
// balancer restarting), pause() also refuses new ones until resume(). TLS
// passes through untouched, so the client still verifies the real server.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';

export class TcpProxy {
  readonly port: number;
  readonly #server: net.Server;
  readonly #sockets = new Set<net.Socket>();
  #paused = false;
  /** Connections accepted and forwarded so far. */
  connections = 0;

  private constructor(server: net.Server, port: number) {
    this.#server = server;
    this.port = port;
  }

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    let proxy: TcpProxy | undefined;
    const server = net.createServer((client) => proxy?.accept(client, target));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: '127.0.0.1', port: 0 }, () => resolve());
    });
    const address = server.address() as net.AddressInfo;
    proxy = new TcpProxy(server, address.port);
    return proxy;
  }

  private accept(client: net.Socket, target: { host: string; port: number }): void {
    client.on('error', () => client.destroy());
    if (this.#paused) {
      client.resetAndDestroy();
      return;
    }
    this.connections += 1;
    const upstream = net.connect(target);
    upstream.on('error', () => {
      upstream.destroy();
      client.destroy();
    });
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
    for (const s of [client, upstream]) {
      this.#sockets.add(s);
      s.on('close', () => this.#sockets.delete(s));
    }
  }

  /** Open sockets (both sides count). */
  get open(): number {
    return this.#sockets.size;
  }

  /** Resets every open connection; returns how many sockets were cut. */
  cut(): number {
    const n = this.#sockets.size;
    for (const s of this.#sockets) s.resetAndDestroy();
    this.#sockets.clear();
    return n;
  }

  /** Cuts every connection and refuses new ones until resume(). */
  pause(): number {
    this.#paused = true;
    return this.cut();
  }

  resume(): void {
    this.#paused = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** The API server's host and port from a kubeconfig (its first cluster). */
export function serverOf(kubeconfig: string): { host: string; port: number } {
  const doc = parse(readFileSync(kubeconfig, 'utf8')) as { clusters: { cluster: { server: string } }[] };
  const url = new URL(doc.clusters[0].cluster.server);
  return { host: url.hostname, port: Number(url.port || 443) };
}

/**
 * A copy of a kubeconfig whose clusters point at 127.0.0.1:port. The API
 * server's certificate names 127.0.0.1, so TLS verification still holds.
 */
export function kubeconfigVia(kubeconfig: string, port: number): { file: string; remove(): void } {
  const doc = parse(readFileSync(kubeconfig, 'utf8')) as { clusters: { cluster: { server: string } }[] };
  for (const c of doc.clusters) {
    const url = new URL(c.cluster.server);
    url.hostname = '127.0.0.1';
    url.port = String(port);
    c.cluster.server = url.toString().replace(/\/$/, '');
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'anatomy-live-proxy-'));
  const file = path.join(dir, 'kubeconfig');
  writeFileSync(file, stringify(doc), { mode: 0o600 });
  return { file, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
