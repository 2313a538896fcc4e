// `kube-anatomy serve`: the app's interface for any browser, from the same
// session the desktop app uses. Listens on 127.0.0.1 only; the printed URL
// carries the token that the page's WebSocket needs.

import { spawn } from 'node:child_process';
import os from 'node:os';
import type { ServeCommand } from './args.ts';
import { openSession } from '../session/index.ts';
import { startServer } from '../server/server.ts';
import { printable } from '../common/printable.ts';

export async function runServe(command: ServeCommand): Promise<number> {
  const { source } = command;
  const session = await openSession({
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
  process.stderr.write(`kube-anatomy: serving ${state.source.kind} ${printable(state.source.name)} on 127.0.0.1:${server.port}; open this URL (it holds the access token):\n`);
  if (state.demoReason) process.stderr.write(`kube-anatomy: showing the demo because ${printable(state.demoReason)}\n`);
  process.stdout.write(`${server.url}\n`);
  if (command.open) openBrowser(server.url);

  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  process.stderr.write('kube-anatomy: stopping\n');
  await server.close();
  await session.close();
  return 0;
}

// The URL is our own loopback address, never data from a cluster.
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
  child.on('error', (error) => process.stderr.write(`kube-anatomy: could not open a browser (${error.message}); open the URL above yourself\n`));
  child.unref();
}
