// How a command's printing and failure end up in the exit code; shared by the
// full CLI (main.ts) and the image command's own bundle (image-main.ts).

import { printableLines } from '../common/printable.ts';

const dropMessage = (): void => {};

/** Set when stdout could not be written for a reason other than a reader that left. */
let stdoutLost: NodeJS.ErrnoException | undefined;
const noteStdoutFailure = (error: NodeJS.ErrnoException): void => {
  // EPIPE is a reader that had enough (`| head -1`): not a failure of ours.
  if (error.code !== 'EPIPE') stdoutLost ??= error;
};

/**
 * A reader that went away (`2>&1 | head -1`, a closed pipe) or a full disk
 * turns a write to stdout or stderr into an 'error' event, and an unhandled
 * one ends the process wherever it is: halfway through writing an export, say.
 * The messages are the lesser loss, so they are dropped, the command finishes,
 * and its exit code says how the command itself went.
 */
export function survivePrintFailures(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (!stream.listeners('error').includes(dropMessage)) stream.on('error', dropMessage);
  }
  if (!process.stdout.listeners('error').includes(noteStdoutFailure)) process.stdout.on('error', noteStdoutFailure);
}

/**
 * For the commands whose result is what they print (help, version, contexts), a
 * lost stdout (`> /dev/full`) means the result was lost, so the exit code says so.
 * The write's error may only be known once it has been flushed.
 */
export async function printedResult(code: number): Promise<number> {
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  // The stream reports its error after the callback, on a later tick.
  await new Promise<void>((resolve) => setImmediate(resolve));
  if (stdoutLost === undefined) return code;
  process.stderr.write(`kube-anatomy: cannot write to standard output: ${stdoutLost.code ?? stdoutLost.message}\n`);
  return code === 0 ? 1 : code;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** A command that failed: one clear line (the whole error with KUBE_ANATOMY_DEBUG set), exit code 1. */
export function failed(error: unknown): number {
  process.stderr.write(`kube-anatomy: ${printableLines(describeError(error))}\n`);
  if (process.env.KUBE_ANATOMY_DEBUG) console.error(error);
  return 1;
}
