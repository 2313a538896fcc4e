// `kube-anatomy serve`: the app's interface for any browser, from the same
// session the desktop app uses. Listens on 127.0.0.1 only; the printed URL
// carries the token that the page's WebSocket needs.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeFileAtomicSync } from '../files/atomic-write.ts';
import type { ServeCommand } from './args.ts';
import { openSession } from '../session/index.ts';
import { startServer } from '../server/server.ts';
import { printable } from '../common/printable.ts';

export async function runServe(command: ServeCommand): Promise<number> {
  const { source } = command;
  // The URL first; the cluster's kubeconfig and lists once a page has its files (see clusterStartGate).
  const gate = clusterStartGate();
  const session = await openSession({
    startAfter: gate.started,
    env: process.env,
    home: os.homedir(),
    namespaces: command.namespaces,
    ...(source.kind === 'snapshot' ? { snapshot: source.file } : {}),
    ...(source.kind === 'demo' ? { demo: true } : {}),
    ...(source.kind === 'cluster' ? { kubeconfig: source.kubeconfig, context: source.context } : {}),
  });
  const server = await startServer({
    session,
    port: command.port,
    onTooFarBehind: ({ reason }) => process.stderr.write(`kube-anatomy: closed a page's connection: ${reason}\n`),
    onPage: gate.pageLoading,
  });
  const state = session.state();
  // A cluster's context is known once its kubeconfig is read, which waits for the URL.
  const what = state.source.kind === 'cluster' && !state.source.name ? "the kubeconfig's current context" : `${state.source.kind} ${printable(state.source.name)}`;
  process.stderr.write(`kube-anatomy: serving ${what} on 127.0.0.1:${server.port}; open this URL (it holds the access token):\n`);
  process.stdout.write(`${server.url}\n`);
  // Why the demo stands in, once: a cluster that cannot be shown is found out after the URL.
  const tellDemo = (reason: string | undefined) => {
    if (reason === undefined) return false;
    process.stderr.write(`kube-anatomy: showing the demo because ${printable(reason)}\n`);
    return true;
  };
  if (!tellDemo(state.demoReason)) {
    const off = session.on('session', (s) => {
      if (tellDemo(s.demoReason)) off();
    });
  }
  gate.urlPrinted();
  const launcher = command.open ? openBrowser(server.url) : undefined;

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stderr.write('kube-anatomy: stopping\n');
  launcher?.remove();
  await server.close();
  await session.close();
  return 0;
}

/** How long after its URL `serve` waits for a page before it starts the cluster without one. */
export const PAGE_GRACE_MS = 250;

export interface ClusterStartGate {
  /** Resolves when the cluster may start. */
  started: Promise<void>;
  /** The URL is out: the grace for a page starts. */
  urlPrinted(): void;
  /** A page was sent its script, or its socket was accepted (the server's onPage). */
  pageLoading(): void;
}

/**
 * When the cluster of `serve` starts: once the first page has been sent its
 * script (or connected), or PAGE_GRACE_MS after the URL when no page has come
 * (one opened later, or none). Starting it takes the event loop for 40-60 ms
 * (the kubeconfig, its certificates, a TLS handshake per list), and the page's
 * requests for its HTML, stylesheet and script, which come in that time,
 * waited behind it (the HTML ~60 ms after the URL instead of ~10 ms). The
 * lists are then answered while the page parses its script and lays itself
 * out, which takes longer than they do.
 */
export function clusterStartGate(graceMs = PAGE_GRACE_MS, timers: Pick<typeof globalThis, 'setTimeout' | 'clearTimeout'> = globalThis): ClusterStartGate {
  let open = () => {};
  const started = new Promise<void>((resolve) => (open = resolve));
  let timer: ReturnType<typeof setTimeout> | undefined;
  let done = false;
  const start = () => {
    if (done) return;
    done = true;
    if (timer !== undefined) timers.clearTimeout(timer);
    open();
  };
  return {
    started,
    urlPrinted: () => {
      if (!done && timer === undefined) timer = timers.setTimeout(start, graceMs);
    },
    pageLoading: start,
  };
}

export interface Launcher {
  /** The page the browser is asked to open; it holds the token, but only its path is ever on a command line. */
  file: string;
  remove(): void;
}

/**
 * A private page that sends the browser on to `url`. A command line is readable
 * by every user of the machine (`ps`), and the browser that `xdg-open` starts
 * keeps its arguments for its whole life, so the token-bearing URL goes into a
 * file only this user can read (0600 in a 0700 folder), and the path goes on
 * the command line instead.
 */
export function writeLauncher(url: string, dir = os.tmpdir()): Launcher {
  const folder = mkdtempSync(path.join(dir, 'kube-anatomy-open-'));
  const file = path.join(folder, 'open.html');
  // The URL is our own loopback address and base64url token; escape it all the same.
  const href = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  writeFileAtomicSync(
    file,
    `<!doctype html>\n<meta charset="utf-8">\n<meta name="referrer" content="no-referrer">\n<meta http-equiv="refresh" content="0;url=${href}">\n<title>Opening Kube Anatomy</title>\n<p>Opening <a href="${href}">Kube Anatomy</a>…</p>\n`,
    { mode: 0o600 },
  );
  return { file, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

type Spawner = (cmd: string, args: string[]) => { on(event: 'error', listener: (error: Error) => void): unknown; unref(): void };

const spawnDetached: Spawner = (cmd, args) => spawn(cmd, args, { stdio: 'ignore', detached: true });

/** Opens the app in the user's browser through a launcher page; the launcher lives until the server stops. */
export function openBrowser(url: string, run: Spawner = spawnDetached, platform: NodeJS.Platform = process.platform): Launcher {
  const launcher = writeLauncher(url);
  const [cmd, args] =
    platform === 'darwin' ? ['open', [launcher.file]] : platform === 'win32' ? ['cmd', ['/c', 'start', '""', launcher.file]] : ['xdg-open', [launcher.file]];
  const child = run(cmd, args as string[]);
  child.on('error', (error) => process.stderr.write(`kube-anatomy: could not open a browser (${error.message}); open the URL above yourself\n`));
  child.unref();
  return launcher;
}
