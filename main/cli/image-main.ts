// `kube-anatomy image …` in a bundle of its own (dist/cli/image.cjs, which
// bin.mjs runs for a command line starting with `image`): the registry client,
// the table and little else. The full CLI's first chunk brings every command's
// flag table and, through them, the i18n catalogs and the layout's metrics;
// its ES modules make Node build a facade of every built-in module they import
// (node:util's alone loads some 40 more internal modules), where a CommonJS
// require takes the module as it is. Together about half of what `image`
// cost as a process against a local registry (test/bench/registry.ts).
//
// A command line this one does not take (help, another command's flag, a
// usage error) gets `undefined`, and bin.mjs hands it to the full CLI, which
// answers it in its usual words.

import { quickImageCommand } from './image-args.ts';
import { runImage } from './image.ts';
import { failed, printedResult, survivePrintFailures } from './print.ts';

export async function main(argv: readonly string[]): Promise<number | undefined> {
  const command = quickImageCommand(argv);
  if (!command) return undefined;
  survivePrintFailures();
  try {
    return await printedResult(await runImage(command));
  } catch (error) {
    return failed(error);
  }
}
