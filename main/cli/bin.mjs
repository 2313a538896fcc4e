#!/usr/bin/env node
// The `kube-anatomy` command. It runs the bundle that `npm install` builds
// (the prepare script); a clone without it gets a sentence saying what to do.
//
// Node's own modules come through process.getBuiltinModule, not import: an
// import of node:fs makes the ES module loader build a facade of it, reading
// every export, fs.promises included, which loads some 30 more internal
// modules; this file would pay that before any command starts.

import { restartWithMainFlags } from './main-flags.mjs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  console.error(`kube-anatomy: Node.js ${process.versions.node} is too old; it needs 22.19 or newer (npx and npm scripts use the bundled Node 24).`);
  process.exit(1);
}
// `serve` holds a session: it runs with the heap flags of main-flags.mjs (said there why), started again with them if need be.
if (process.argv[2] === 'serve') restartWithMainFlags();
const fs = process.getBuiltinModule('node:fs');
const module = process.getBuiltinModule('node:module');
const os = process.getBuiltinModule('node:os');
const path = process.getBuiltinModule('node:path');
const { fileURLToPath, pathToFileURL } = process.getBuiltinModule('node:url');

/**
 * The user's own cache folder. Node's default for the compile cache is
 * os.tmpdir(), which on Linux is /tmp, shared by every user: another user can
 * create the folder first and plant compiled code there, which V8 then runs
 * as whoever starts kube-anatomy (a jump host is exactly such a machine).
 */
function userCacheDir() {
  const home = os.homedir();
  if (process.platform === 'win32') return process.env.LOCALAPPDATA || path.join(home, 'AppData', 'Local');
  if (process.platform === 'darwin') return path.join(home, 'Library', 'Caches');
  const xdg = process.env.XDG_CACHE_HOME;
  return xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache');
}

const argv = process.argv.slice(2);
const dist = fileURLToPath(new URL('../../dist/cli/', import.meta.url));

/** Commands with a bundle of their own, dist/cli/<command>.cjs (see bundledCommand). */
const BUNDLED = ['image', 'serve'];
/** Of those, the ones whose runs differ in what they compile: their cache is made again when a run compiled more. */
const GROWING = ['serve'];

/**
 * Where a command bundle's code cache is kept for this bundle and this Node,
 * or undefined when Node's compile cache is turned off (or no home folder).
 */
function codeCacheFile(stat, kind) {
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return undefined;
  try {
    const dir = path.join(userCacheDir(), 'kube-anatomy', 'code-cache');
    // The change time, which no copy or unpacking can carry over from another file (a modification time can be).
    return path.join(dir, `${kind}-${process.version}-${process.arch}-${stat.size}-${stat.ino}-${Math.trunc(stat.ctimeMs)}.bin`);
  } catch {
    return undefined;
  }
}

/**
 * Whether a code-cache folder or file is this user's alone: owned by them and
 * writable by no one else. A shared XDG_CACHE_HOME (or a folder made earlier by
 * someone else) would otherwise let another user plant code that V8 runs here,
 * in serve with the kubeconfig's credentials. Windows has no getuid (and no
 * POSIX modes): its per-user folder is taken as it is.
 */
function isPrivate(stat) {
  if (typeof process.getuid !== 'function') return true;
  return stat.uid === process.getuid() && (stat.mode & 0o022) === 0;
}

/** The folder's own entry (lstat: a symlink is not followed), a directory of this user's alone. */
function privateDir(dir) {
  try {
    const stat = fs.lstatSync(dir);
    return stat.isDirectory() && isPrivate(stat);
  } catch {
    return false;
  }
}

/** A SHA-256 of the cache's bytes heads the file: V8 release builds check only its version, flags and source length, so a damaged cache of the right length would be run. */
const DIGEST = 32;

function sha256(bytes) {
  return process.getBuiltinModule('node:crypto').hash('sha256', bytes, 'buffer');
}

/**
 * The code cache kept in the file, or undefined when there is none that can be
 * trusted: a folder or file not this user's alone, not a regular file (a
 * symlink is not followed), or bytes that do not match their digest.
 */
function readCodeCache(file) {
  if (!privateDir(path.dirname(file))) return undefined;
  let fd;
  try {
    // O_NOFOLLOW: a symlink fails to open; the checks below are of what was opened, so nothing can be swapped in after them.
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || !isPrivate(stat) || stat.size <= DIGEST) return undefined;
    const bytes = fs.readFileSync(fd);
    const data = bytes.subarray(DIGEST);
    return sha256(data).equals(bytes.subarray(0, DIGEST)) ? data : undefined;
  } catch {
    return undefined; // None yet: made after this run.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Keeps the code cache, the user's own, in place of any older one; a cache that cannot be written is only a slower next start. */
function saveCodeCache(file, bytes, kind) {
  const dir = path.dirname(file);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // mkdirSync leaves a folder that was there as it was: write nothing into one that others could change.
    if (!privateDir(dir)) return;
    // Digest and bytes in one file, renamed into place at once: a reader sees both old or both new.
    fs.writeFileSync(temp, Buffer.concat([sha256(bytes), bytes]), { flag: 'wx', mode: 0o600 });
    fs.renameSync(temp, file);
    for (const name of fs.readdirSync(dir)) if (name.startsWith(`${kind}-`) && path.join(dir, name) !== file) fs.rmSync(path.join(dir, name), { force: true });
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // No folder to leave it in either (a file where the folder should be).
    }
  }
}

/**
 * `image …` and `serve …` have bundles of their own (main/cli/image-main.ts,
 * serve-main.ts), which answer undefined for a command line they do not take;
 * the full CLI answers those.
 *
 * It runs with a V8 code cache made after a run that answered. Node's compile cache
 * is made as a file is compiled, before it runs, so it holds only what V8
 * compiled at once: every function the command calls was compiled again at
 * every start (about 6 ms of CPU here, of some 25 above Node's own start).
 * V8 checks the cache against its version, its flags and the source's length,
 * and drops one that does not fit; bin.mjs checks its digest and that its
 * folder and file are the user's alone (readCodeCache); the file's name carries the bundle's size,
 * inode and change time as well, so each build has its own (the last one's is
 * removed) and an unpacked copy never inherits another's.
 */
async function bundledCommand() {
  const kind = argv[0];
  if (!BUNDLED.includes(kind)) return undefined;
  const bundle = path.join(dist, `${kind}.cjs`);
  // One open handle for the key and the source: a rebuild between a stat and a read would pair the new source with the old build's cache name.
  let stat;
  let source;
  let fd;
  try {
    fd = fs.openSync(bundle, 'r');
    stat = fs.fstatSync(fd);
    source = fs.readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  const cacheFile = codeCacheFile(stat, kind);
  const cachedData = cacheFile ? readCodeCache(cacheFile) : undefined;
  const vm = process.getBuiltinModule('node:vm');
  // The wrapper Node gives a CommonJS file, on the source's first line so that line numbers stay the file's.
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${source}\n})`, { filename: bundle, cachedData });
  const loaded = { exports: {} };
  script.runInThisContext().call(loaded.exports, loaded.exports, module.createRequire(bundle), loaded, bundle, path.dirname(bundle));
  const code = await loaded.exports.main(argv);
  // Only after an answer: a run that failed early compiled too little for a cache worth keeping.
  if (code === 0 && cacheFile) {
    if (!cachedData || script.cachedDataRejected) saveCodeCache(cacheFile, script.createCachedData(), kind);
    else if (GROWING.includes(kind)) {
      // A serve stopped before any page connected compiled little of what a first drawing needs;
      // a later, longer run replaces its cache with one that holds more (made at exit, off the start).
      const grown = script.createCachedData();
      if (grown.length > cachedData.length * 1.1) saveCodeCache(cacheFile, grown, kind);
    }
  }
  return code;
}

const code = await bundledCommand();
if (code !== undefined) process.exitCode = code;
else {
  // Node keeps the compiled bundle on disk, so later starts skip parsing it
  // (Node 22.1+). NODE_COMPILE_CACHE=dir still chooses the folder, and
  // NODE_DISABLE_COMPILE_CACHE=1 turns it off. The cache is only a speed-up, so a
  // home folder that cannot be found leaves it off. (The image and serve bundles have a code cache of their own.)
  try {
    module.enableCompileCache?.(path.join(userCacheDir(), 'kube-anatomy', 'node-compile-cache'));
  } catch {
    // No home folder: start without the cache.
  }
  const bundle = path.join(dist, 'main.mjs');
  if (!fs.existsSync(bundle)) {
    console.error(`kube-anatomy: ${bundle} is missing; run "npm install" (or "npm run build") in the project folder first.`);
    process.exit(1);
  }
  const { main } = await import(pathToFileURL(bundle).href);
  process.exitCode = await main(argv);
}
