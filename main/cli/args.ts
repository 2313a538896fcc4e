// Command-line parsing for `kube-anatomy`. Pure: takes argv, returns a typed
// command or a UsageError, so every rule here is unit-tested without running
// anything.

import { parseArgs } from 'node:util';
import { isNamespaceName } from '../common/namespace.ts';
import type { SourceChoice } from '../session/source-choice.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface ExportCommand {
  command: 'export';
  source: SourceChoice;
  namespaces: string[];
  out: string;
  format: 'svg' | 'png';
  theme: 'light' | 'dark';
  scale: number;
  detail: 'full' | 'compact' | 'auto';
  timeoutMs: number;
}

export interface ContextsCommand {
  command: 'contexts';
  kubeconfig?: string;
  json: boolean;
}

export interface ServeCommand {
  command: 'serve';
  source: SourceChoice;
  namespaces: string[];
  port: number;
  open: boolean;
}

export type Command = ExportCommand | ContextsCommand | ServeCommand | { command: 'help'; topic?: string } | { command: 'version' };

export const USAGE = `Usage: kube-anatomy <command> [options]

Commands:
  export    Draw the whole cluster to an SVG or PNG file, headless.
  serve     Serve the interactive view to a browser on 127.0.0.1.
  contexts  List the contexts of your kubeconfig.

Source (export, serve; one of):
  --kubeconfig FILE   kubeconfig to read (default: $KUBECONFIG, else ~/.kube/config)
  --context NAME      context to use (default: the current context)
  --snapshot FILE     a snapshot: kubectl get nodes,pods,pvc,pv -A -o json (or -o yaml)
  --demo              the built-in demo cluster

Options:
  -n, --namespace NS  only these namespaces (repeat the option; default: all)
  -o, --out FILE      export: output file, .svg or .png
  --theme light|dark  export: colour theme (default: light)
  --scale N           export: PNG pixels per SVG unit, 0.25 to 8 (default: 2)
  --detail full|compact|auto   export: level of detail (default: auto)
  --timeout SECONDS   export: how long to wait for a live cluster (default: 30)
  --port N            serve: port on 127.0.0.1 (default: a free port)
  --open              serve: open the URL in your browser
  --json              contexts: print JSON
  -h, --help          this help
  -v, --version       print the version
`;

const options = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  snapshot: { type: 'string' },
  demo: { type: 'boolean' },
  namespace: { type: 'string', short: 'n', multiple: true },
  out: { type: 'string', short: 'o' },
  theme: { type: 'string' },
  scale: { type: 'string' },
  detail: { type: 'string' },
  timeout: { type: 'string' },
  port: { type: 'string' },
  open: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof options; allowPositionals: true }>>['values'];

/** Flags each command accepts; anything else given to it is a usage error, not silently ignored. */
const allowed: Record<string, readonly (keyof Values)[]> = {
  export: ['kubeconfig', 'context', 'snapshot', 'demo', 'namespace', 'out', 'theme', 'scale', 'detail', 'timeout', 'help'],
  serve: ['kubeconfig', 'context', 'snapshot', 'demo', 'namespace', 'port', 'open', 'help'],
  contexts: ['kubeconfig', 'json', 'help'],
};

export function parseCommandLine(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
  const { values, positionals } = parsed;
  const [command, ...extra] = positionals;
  if (values.version && command === undefined) return { command: 'version' };
  if (command === undefined || command === 'help') return { command: 'help', topic: extra[0] };
  if (!(command in allowed)) throw new UsageError(`unknown command "${command}"; try export, serve or contexts`);
  if (values.help) return { command: 'help', topic: command };
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  for (const key of Object.keys(values) as (keyof Values)[]) {
    if (!allowed[command].includes(key)) throw new UsageError(`${command} does not take --${key}`);
  }

  if (command === 'contexts') return { command: 'contexts', kubeconfig: values.kubeconfig, json: values.json ?? false };

  const source = sourceOf(values);
  const namespaces = namespacesOf(values.namespace ?? []);
  if (command === 'serve') {
    return { command: 'serve', source, namespaces, port: intOption('port', values.port, 0, 0, 65535), open: values.open ?? false };
  }

  if (!values.out) throw new UsageError('export needs --out FILE.svg or --out FILE.png');
  const ext = values.out.toLowerCase().match(/\.(svg|png)$/)?.[1] as 'svg' | 'png' | undefined;
  if (!ext) throw new UsageError(`--out ${values.out}: the file name must end in .svg or .png`);
  const theme = values.theme ?? 'light';
  if (theme !== 'light' && theme !== 'dark') throw new UsageError(`--theme ${theme}: use light or dark`);
  const detail = values.detail ?? 'auto';
  if (detail !== 'full' && detail !== 'compact' && detail !== 'auto') throw new UsageError(`--detail ${detail}: use full, compact or auto`);
  const scale = numberOption('scale', values.scale, 2, 0.25, 8);
  if (ext === 'svg' && values.scale !== undefined) throw new UsageError('--scale applies to PNG output only');
  const timeoutMs = numberOption('timeout', values.timeout, 30, 1, 3600) * 1000;
  return { command: 'export', source, namespaces, out: values.out, format: ext, theme, scale, detail, timeoutMs };
}

function sourceOf(values: Values): SourceChoice {
  const chosen = [values.snapshot !== undefined && '--snapshot', values.demo && '--demo', values.context !== undefined && '--context'].filter(Boolean);
  if (chosen.length > 1) throw new UsageError(`${chosen.join(' and ')} cannot be combined: pick one source`);
  if (values.snapshot !== undefined) {
    if (values.kubeconfig !== undefined) throw new UsageError('--kubeconfig has no effect with --snapshot');
    if (values.snapshot === '') throw new UsageError('--snapshot needs a file name');
    return { kind: 'snapshot', file: values.snapshot };
  }
  if (values.demo) {
    if (values.kubeconfig !== undefined) throw new UsageError('--kubeconfig has no effect with --demo');
    return { kind: 'demo' };
  }
  return { kind: 'cluster', kubeconfig: values.kubeconfig, context: values.context };
}

function namespacesOf(list: readonly string[]): string[] {
  const out = new Set<string>();
  for (const entry of list) {
    for (const ns of entry.split(',').map((s) => s.trim()).filter(Boolean)) {
      if (!isNamespaceName(ns)) throw new UsageError(`--namespace ${ns}: not a valid namespace name`);
      out.add(ns);
    }
  }
  return [...out].sort();
}

function numberOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new UsageError(`--${name} ${raw}: expected a number from ${min} to ${max}`);
  return value;
}

function intOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  const value = numberOption(name, raw, fallback, min, max);
  if (!Number.isInteger(value)) throw new UsageError(`--${name} ${raw}: expected a whole number`);
  return value;
}
