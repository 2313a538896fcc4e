// Entry of the `kube-anatomy` command (bundled to dist/cli/main.mjs). Each command
// lives in its own module; this file only dispatches and turns errors into one
// clear line and an exit code: 0 done, 1 failed, 2 usage error.

import { parseCommandLine, UsageError, USAGE } from './args.ts';
import { VERSION } from '../session/version.ts';
import { failed, printedResult, survivePrintFailures } from './print.ts';
import { MessageError, type Lang } from '../i18n/message.ts';

export async function main(argv: readonly string[]): Promise<number> {
  survivePrintFailures();
  // An export's --lang says its errors too; English otherwise, as every command prints them.
  let lang: Lang = 'en';
  try {
    const command = parseCommandLine(argv);
    if (command.command === 'export') lang = command.lang;
    switch (command.command) {
      case 'help':
        process.stdout.write(USAGE);
        return printedResult(0);
      case 'version':
        process.stdout.write(`kube-anatomy ${VERSION}\n`);
        return printedResult(0);
      // Each command is loaded only when it runs: export and serve bring d3,
      // linkedom and the HTTP server, which `--version` and `contexts` never need.
      case 'export':
        return await (await import('./export.ts')).runExport(command);
      case 'contexts':
        return printedResult(await (await import('./contexts.ts')).runContexts(command));
      case 'serve':
        return await (await import('./serve.ts')).runServe(command);
      case 'record':
        return await (await import('./record.ts')).runRecord(command);
      case 'image':
        return printedResult(await (await import('./image.ts')).runImage(command));
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`kube-anatomy: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    return failed(await inLanguage(error, lang));
  }
}

/** The app's own error in the chosen language (the catalogs load only then), with its file, line, server or context as written. */
async function inLanguage(error: unknown, lang: Lang): Promise<unknown> {
  if (lang === 'en' || !(error instanceof MessageError)) return error;
  const { textOf } = await import('../i18n/index.ts');
  return new Error(textOf(lang, error.said));
}
