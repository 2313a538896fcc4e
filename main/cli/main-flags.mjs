// V8 flags for the process that holds a session: `serve` (bin.mjs starts
// itself again with them) and Electron's main process (`npm start` passes
// them as --js-flags; a packaged Linux build's launcher too). V8 reads these
// when it makes its heap, so they cannot be set from inside a running process
// (v8.setFlagsFromString, Electron's appendSwitch or package.json v8Flags):
// they have to be on the command line that starts it.
//
// --max-semi-space-size: the young generation's ceiling, 64 MiB a semi-space
// instead of 16 (Node 22's default; Node 24 makes 64 on a machine of 16 GiB
// or more, and `serve` then runs as started: youngGenerationAsAsked). A live
// cluster's changes make objects that live for a coalescing window or while
// a busy page is sent its patches: a few hundred milliseconds, which outlasts
// two scavenges of a 16 MiB semi-space at 1,000 changes a second, so they
// were promoted, and the old generation filled with them. At 100,000 pods
// (about 1.4 GB of live heap) each full collection then
// marked for seconds: the session stood still while the stream's changes
// waited (test/bench/browser-stream.ts: the lag's p95 3.4–3.9 s without,
// 0.75–1.0 s with, alternating on one machine). V8 grows the young generation
// only as far as survivors call for, so a small cluster's process stays as it
// was.

/** @type {readonly string[]} */
export const MAIN_V8_FLAGS = ['--max-semi-space-size=64'];

/** The same as Electron's switch, which it reads for its main process only from the command line that starts it. */
export const ELECTRON_JS_FLAGS = `--js-flags=${MAIN_V8_FLAGS.join(' ')}`;

/** Whether a V8 flag's name is already set on this command line or in NODE_OPTIONS (the user's own value wins). */
function isSet(flag, execArgv, nodeOptions) {
  const name = flag.split('=')[0];
  const named = (arg) => {
    // NODE_OPTIONS may quote an option ("--max-semi-space-size=8"); V8 spells a flag's words with - or _.
    const bare = arg.replace(/^["']+|["']+$/g, '').replaceAll('_', '-');
    return bare === name || bare.startsWith(`${name}=`);
  };
  return execArgv.some(named) || nodeOptions.split(/\s+/).some(named);
}

/** Whether this Node can start the process again in place: process.execve is there everywhere, but throws (after a warning) on Windows. */
export function canRestartInPlace() {
  return typeof process.execve === 'function' && process.platform !== 'win32' && process.platform !== 'os400';
}

/**
 * The heap limit (v8.getHeapStatistics().heap_size_limit) from which V8's own
 * young generation is as large as MAIN_V8_FLAGS asks. V8 sizes a heap it is
 * given no sizes for from the machine's memory: the old generation a quarter
 * of it, 4 GiB at most, and the young generation three semi-spaces; the limit
 * is the two together. Node 24's V8 makes 64 MiB semi-spaces for a 4 GiB old
 * generation (a limit of 4,288 MiB, on a machine of 16 GiB or more), Node 22's
 * and older 16 MiB (4,144 MiB); --max-semi-space-size=64 gives either 4,288.
 */
export const LIMIT_WITH_64_MIB_SEMI_SPACES = (4096 + 3 * 64) * 1024 * 1024;

/** Flags that size the heap by hand: then its limit tells nothing of the young generation. */
const SIZING_FLAGS = ['--max-old-space-size', '--max-old-space-size-percentage', '--max-heap-size', '--max-semi-space-size', '--max-young-generation-size', '--semi-space-growth-factor'];

/**
 * Whether V8 already gave this process the young generation MAIN_V8_FLAGS
 * asks for, so that starting it again would only cost its ~50 ms: with no
 * sizing flag given, a heap limit of LIMIT_WITH_64_MIB_SEMI_SPACES or more
 * (this process's own unless another is given).
 */
export function youngGenerationAsAsked(heapLimit = process.getBuiltinModule('node:v8').getHeapStatistics().heap_size_limit, execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? '') {
  if (SIZING_FLAGS.some((flag) => isSet(flag, execArgv, nodeOptions))) return false;
  return heapLimit >= LIMIT_WITH_64_MIB_SEMI_SPACES;
}

/** The flags of MAIN_V8_FLAGS this Node process was not started with. */
export function missingMainFlags(execArgv = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? '') {
  return MAIN_V8_FLAGS.filter((flag) => !isSet(flag, execArgv, nodeOptions));
}

/**
 * Replaces this process with the same command started with MAIN_V8_FLAGS
 * (execve: the same pid, stdio, cwd, environment and parent, so whatever
 * started it sees no difference but Node's start paid twice, some 50 ms;
 * what that start does happens twice too: a warning Node prints, an --import's
 * side effects, an --inspect's first debugger, an IPC channel from fork(),
 * which the second process does not have). Returns when there is nothing to
 * do (the flags are given, or V8 sized the young generation so already:
 * youngGenerationAsAsked), or where it cannot (Windows: the process runs
 * without them). Node ends
 * the process itself (SIGABRT) when the system call fails: so Node's binary
 * is checked first.
 */
export function restartWithMainFlags() {
  const missing = missingMainFlags();
  if (missing.length === 0 || !canRestartInPlace()) return;
  if (youngGenerationAsAsked()) return;
  try {
    const fs = process.getBuiltinModule('node:fs');
    fs.accessSync(process.execPath, fs.constants.X_OK);
  } catch {
    return;
  }
  try {
    process.execve(process.execPath, [process.execPath, ...process.execArgv, ...missing, ...process.argv.slice(1)], process.env);
  } catch {
    // Refused before the system call (its arguments): run as started.
  }
}
