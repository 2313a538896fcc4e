// `kube-anatomy serve …` in a bundle of its own (dist/cli/serve.cjs, which
// bin.mjs runs for a command line starting with `serve`), for the reasons
// image-main.ts gives, and one more: bin.mjs keeps a V8 code cache of it made
// after a whole run, so the kubeconfig's parser, TLS, the lists' reading, the
// model and the server are compiled once per build, not at every start.
// Node's compile cache, which the full CLI's ES modules use, holds only what
// V8 compiled before a module ran: serve spent about a quarter of its CPU
// time up to the first drawing compiling the rest again (test/bench/cluster.ts).
//
// A command line this one does not take (help, another command, a usage
// error) gets `undefined`, and bin.mjs hands it to the full CLI, which answers
// it in its usual words.

import { parseCommandLine } from './args.ts';
import { failed, printedResult, survivePrintFailures } from './print.ts';
import { runServe } from './serve.ts';

export async function main(argv: readonly string[]): Promise<number | undefined> {
  if (argv[0] !== 'serve') return undefined;
  let command;
  try {
    command = parseCommandLine(argv);
  } catch {
    // A usage error: the full CLI says it, with the usage.
    return undefined;
  }
  if (command.command !== 'serve') return undefined;
  survivePrintFailures();
  try {
    return await printedResult(await runServe(command));
  } catch (error) {
    return failed(error);
  }
}
