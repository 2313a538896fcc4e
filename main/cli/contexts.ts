// `kube-anatomy contexts`: the contexts of the merged kubeconfig, the current
// one marked, as kubectl config get-contexts shows them (plus the server and
// the file each came from). Never prints a credential.

import os from 'node:os';
import type { ContextsCommand } from './args.ts';
import type { ContextList } from '../contract/api.ts';
import { loadKubeconfig } from '../cluster/kubeconfig.ts';
import { printable } from '../common/printable.ts';

export async function runContexts(command: ContextsCommand, out: (text: string) => void = (t) => process.stdout.write(t)): Promise<number> {
  const env = process.env;
  const { list } = loadKubeconfig({
    home: os.homedir(),
    ...(env.KUBECONFIG !== undefined ? { kubeconfigEnv: env.KUBECONFIG } : {}),
    ...(command.kubeconfig !== undefined ? { kubeconfigFlag: command.kubeconfig } : {}),
  });
  for (const problem of list.problems) process.stderr.write(`warning: ${printable(problem)}\n`);
  if (command.json) {
    out(JSON.stringify(list, null, 2) + '\n');
    return 0;
  }
  if (list.files.length === 0) {
    out('No kubeconfig found: set KUBECONFIG, pass --kubeconfig FILE, or create ~/.kube/config.\n');
    return 1;
  }
  out(formatContexts(list));
  return list.contexts.length > 0 ? 0 : 1;
}

export function formatContexts(list: ContextList): string {
  const header = ['CURRENT', 'NAME', 'CLUSTER', 'USER', 'NAMESPACE', 'SERVER'];
  const rows = list.contexts.map((c) => [c.name === list.current ? '*' : '', c.name, c.cluster, c.user, c.namespace ?? '', c.server ?? ''].map((cell) => printable(cell)));
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join('   ').trimEnd() + '\n';
  const body = rows.length ? rows.map(line).join('') : '(no contexts)\n';
  return line(header) + body + `\nfrom ${list.files.join(', ')}\n`;
}
