#!/usr/bin/env node
// The `kube-anatomy` command. It runs the bundle that `npm install` builds
// (the prepare script); a clone without it gets a sentence saying what to do.
//
// Node's own modules come through process.getBuiltinModule, not import: an
// import of node:fs makes the ES module loader build a facade of it, reading
// every export, fs.promises included, which loads some 30 more internal
// modules; this file would pay that before any command starts.

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  console.error(`kube-anatomy: Node.js ${process.versions.node} is too old; it needs 22.19 or newer (npx and npm scripts use the bundled Node 24).`);
  process.exit(1);
}
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

// Node keeps the compiled bundle on disk, so later starts skip parsing it
// (Node 22.1+). NODE_COMPILE_CACHE=dir still chooses the folder, and
// NODE_DISABLE_COMPILE_CACHE=1 turns it off. The cache is only a speed-up, so a
// home folder that cannot be found leaves it off.
try {
  module.enableCompileCache?.(path.join(userCacheDir(), 'kube-anatomy', 'node-compile-cache'));
} catch {
  // No home folder: start without the cache.
}

const argv = process.argv.slice(2);
const dist = fileURLToPath(new URL('../../dist/cli/', import.meta.url));

/**
 * `image …` has a bundle of its own (main/cli/image-main.ts), which answers
 * undefined for a command line it does not take; the full CLI answers those.
 */
async function imageCommand() {
  const bundle = path.join(dist, 'image.cjs');
  if (argv[0] !== 'image' || !fs.existsSync(bundle)) return undefined;
  return module.createRequire(import.meta.url)(bundle).main(argv);
}

const code = await imageCommand();
if (code !== undefined) process.exitCode = code;
else {
  const bundle = path.join(dist, 'main.mjs');
  if (!fs.existsSync(bundle)) {
    console.error(`kube-anatomy: ${bundle} is missing; run "npm install" (or "npm run build") in the project folder first.`);
    process.exit(1);
  }
  const { main } = await import(pathToFileURL(bundle).href);
  process.exitCode = await main(argv);
}
