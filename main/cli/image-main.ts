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

import fs from 'node:fs';
import { printableLines } from '../common/printable.ts';
import { quickImageCommand } from './image-args.ts';
import { runImage } from './image.ts';
import { failed, printedResult, survivePrintFailures } from './print.ts';

/** fs.writeSync's shape for one fd: bytes from offset on, how many were written. */
export type FdWrite = (bytes: Uint8Array, offset: number) => number;

/** Where the answer and the notes go; a test gives its own. */
export interface ImageOutput {
  /** The answer's fd; undefined to write through process.stdout. */
  fd?: FdWrite;
  /** A line for stderr (notes, the lost answer). */
  say: (line: string) => void;
  /** Where the rest goes when the fd would block, and its exit code once flushed: process.stdout unless a test gives its own. */
  stream?: { write: (bytes: Uint8Array) => void; finish: (code: number) => Promise<number> };
}

/** process.stderr, made only for a line to say, and then kept from ending the process if its reader left. */
function sayOnStderr(line: string): void {
  quietStderr().write(`${line}\n`);
}

/** process.stderr with a write error (a reader that left) ignored rather than ending the process. */
function quietStderr(): NodeJS.WriteStream {
  if (!process.stderr.listeners('error').includes(ignoreError)) process.stderr.on('error', ignoreError);
  return process.stderr;
}
const ignoreError = (): void => {};

/** The default: fd 1 as it is, except on Windows, where a console takes text through the stream. */
export function defaultOutput(): ImageOutput {
  return { fd: process.platform === 'win32' ? undefined : (bytes, offset) => fs.writeSync(1, bytes, offset), say: sayOnStderr };
}

const stdoutStream = { write: (bytes: Uint8Array) => void process.stdout.write(bytes), finish: printedResult };

/**
 * The answer, written to fd 1 with fs.writeSync rather than through
 * process.stdout. Making that stream (a socket for a pipe, node:tty for a
 * terminal) costs about 1 ms of CPU of a start of some 40, and process.stderr
 * as much again, so that one is made only for a line to say. Nothing is
 * lost to ordering: every write is whole before the next. An fd that would
 * block (EAGAIN: one a parent made non-blocking, and full) gets the rest
 * through the stream, which waits for it; a reader that left (EPIPE, `| head
 * -1`) is not a failure of ours and nothing more is written; any other error
 * (ENOSPC from `> /dev/full`) means the answer was lost, which the exit code says.
 */
export class AnswerWriter {
  private lost: NodeJS.ErrnoException | undefined;
  private gone = false;
  private streaming: boolean;
  private readonly stream: NonNullable<ImageOutput['stream']>;

  constructor(private readonly output: ImageOutput) {
    this.stream = output.stream ?? stdoutStream;
    this.streaming = output.fd === undefined;
    if (this.streaming && !output.stream) survivePrintFailures();
  }

  write(text: string): void {
    if (this.gone || this.lost) return;
    const bytes = Buffer.from(text, 'utf8');
    if (this.streaming) return this.stream.write(bytes);
    let done = 0;
    try {
      while (done < bytes.length) done += this.output.fd!(bytes, done);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.code === 'EAGAIN') {
        this.streaming = true;
        if (!this.output.stream) survivePrintFailures();
        this.stream.write(bytes.subarray(done));
      } else if (e.code === 'EPIPE') this.gone = true;
      else this.lost = e;
    }
  }

  /** The command's exit code once the answer is out: not 0 when it was lost, which is said. */
  async finish(code: number): Promise<number> {
    if (this.streaming) code = await this.stream.finish(code);
    if (!this.lost) return code;
    this.output.say(`kube-anatomy: cannot write to standard output: ${this.lost.code ?? this.lost.message}`);
    return code === 0 ? 1 : code;
  }
}

export async function main(argv: readonly string[], output: ImageOutput = defaultOutput()): Promise<number | undefined> {
  const command = quickImageCommand(argv);
  if (!command) return undefined;
  const answer = new AnswerWriter(output);
  try {
    return await answer.finish(await runImage(command, (text) => answer.write(text), (line) => output.say(printableLines(line)), { exiting: true }));
  } catch (error) {
    // failed() writes to process.stderr itself: the same guard first.
    quietStderr();
    return failed(error);
  }
}
