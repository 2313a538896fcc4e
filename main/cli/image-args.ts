// The image command's flags and rules. args.ts parses every command line with
// them; `kube-anatomy image …` (bin.mjs runs dist/cli/image.cjs for it) parses
// its own with them alone, so it loads none of what the other commands' flags
// need (the i18n catalogs, the layout's metrics).

import { parseArgs } from 'node:util';
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

const IMAGE_OPTIONS = {
  platform: { type: 'string' },
  json: { type: 'boolean' },
  timeout: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

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
 * `image REF [--platform P] [--json] [--timeout S]`, read with image's flags
 * alone. Undefined for any other command line (help, another command's flag,
 * a usage error): the full parser answers those, in its usual words.
 */
export function quickImageCommand(argv: readonly string[]): ImageCommand | undefined {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options: IMAGE_OPTIONS, allowPositionals: true, strict: true });
    const [command, ...extra] = positionals;
    if (command !== 'image' || values.help) return undefined;
    return imageCommand(values, extra);
  } catch {
    return undefined;
  }
}
