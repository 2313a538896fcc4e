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
  // The URL first, then the cluster's kubeconfig and lists: the page loads meanwhile.
  let printed = () => {};
  const urlPrinted = new Promise<void>((resolve) => (printed = resolve));
  const session = await openSession({
    startAfter: urlPrinted,
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
  printed();
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
