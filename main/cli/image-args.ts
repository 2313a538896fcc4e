// The image command's flags and rules. args.ts parses every command line with
// them; `kube-anatomy image …` (bin.mjs runs dist/cli/image.cjs for it) parses
// its own with them alone, so it loads none of what the other commands' flags
// need (the i18n catalogs, the layout's metrics).

import { numberOption, UsageError } from './flags.ts';

export interface ImageCommand {
  command: 'image';
  /** The image reference, as a pod spec would write it. */
  ref: string;
  /** os/arch[/variant]; this machine's when left out. */
  platform?: string;
  json: boolean;
  timeoutMs: number;
}

/** The flags `image` takes; args.ts refuses any other given to it. */
export const IMAGE_FLAGS = ['platform', 'json', 'timeout', 'help'] as const;

/** `image REF …` once parsed: `values` holds every flag given (args.ts's table knows more than image's). */
export function imageCommand(values: { platform?: string; json?: boolean; timeout?: string }, extra: readonly string[]): ImageCommand {
  if (extra.length === 0) throw new UsageError('image needs a reference, e.g. kube-anatomy image nginx:1.27');
  if (extra.length > 1) throw new UsageError(`unexpected argument "${extra[1]}"`);
  for (const key of Object.keys(values)) {
    if (!(IMAGE_FLAGS as readonly string[]).includes(key)) throw new UsageError(`image does not take --${key}`);
  }
  if (values.platform !== undefined && !/^[a-z0-9_.-]+\/[a-z0-9_.-]+(\/[a-z0-9_.-]+)?$/i.test(values.platform)) {
    throw new UsageError(`--platform ${values.platform}: expected os/arch or os/arch/variant, e.g. linux/amd64 or linux/arm/v7`);
  }
  const command: ImageCommand = { command: 'image', ref: extra[0], json: values.json ?? false, timeoutMs: numberOption('timeout', values.timeout, 15, 1, 600) * 1000 };
  if (values.platform !== undefined) command.platform = values.platform;
  return command;
}

/**
 * `image REF [--platform P] [--json] [--timeout S]` (a value after its flag or
 * after =), read without node:util's parseArgs, which loads modules of its
 * own at every start. Undefined for anything else (help, `--`, another
 * command's flag, a flag given twice, a value that looks like a flag, a usage
 * error): the full parser answers those, in its usual words.
 */
export function quickImageCommand(argv: readonly string[]): ImageCommand | undefined {
  const values: { platform?: string; json?: boolean; timeout?: string } = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('-')) positionals.push(arg);
    else if (arg === '--json' && values.json === undefined) values.json = true;
    else {
      const flag = /^--(platform|timeout)(?:=(.*))?$/s.exec(arg);
      if (!flag) return undefined;
      const name = flag[1] as 'platform' | 'timeout';
      const value = flag[2] ?? argv[++i];
      if (values[name] !== undefined || value === undefined || (flag[2] === undefined && value.startsWith('-'))) return undefined;
      values[name] = value;
    }
  }
  if (positionals[0] !== 'image') return undefined;
  try {
    return imageCommand(values, positionals.slice(1));
  } catch {
    return undefined;
  }
}
