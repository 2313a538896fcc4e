#!/usr/bin/env node
// Builds everything the app runs from into dist/ with esbuild: the CLI, the
// Electron main process and preload, and the renderer page (one bundle for
// both shells; see renderer/bridge/entry.ts). Run by `npm run build`,
// `npm start` and the `prepare` script. Entries whose source does not exist
// yet are skipped with a warning, so a fresh checkout still installs; any
// real build error fails the run.
//
//   node main/tools/build.mjs [--quiet]

import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dist = path.join(root, 'dist');
const quiet = process.argv.includes('--quiet');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));

const log = (line) => {
  if (!quiet) console.log(line);
};
const rel = (file) => path.relative(root, file);

const nodeDefaults = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'silent',
  legalComments: 'none',
  define: { __KUBE_ANATOMY_VERSION__: JSON.stringify(pkg.version) },
};

/**
 * What the page's two scripts share: ES modules (index.html loads them with
 * <script type="module">), minified (the page parses and compiles a bundle
 * before it can open its socket: minified it is about half the bytes to fetch
 * and parse; names stay readable in DevTools through the linked source map).
 */
const pageDefaults = {
  bundle: true,
  platform: 'browser',
  format: 'esm',
  target: ['chrome120', 'firefox120', 'safari17'],
  sourcemap: 'linked',
  logLevel: 'silent',
  legalComments: 'none',
  minify: true,
};

/** Imports of renderer/bridge/boot.ts in the app bundle stay imports of ./boot.js, the file its own entry builds. */
const sharedBoot = {
  name: 'shared-boot',
  setup(b) {
    b.onResolve({ filter: /(^|\/)boot\.ts$/ }, (args) =>
      path.resolve(args.resolveDir, args.path) === path.join(root, 'renderer', 'bridge', 'boot.ts') ? { path: './boot.js', external: true } : undefined,
    );
  },
};

/**
 * Node's built-in modules as they are, through process.getBuiltinModule, for
 * the image command's CommonJS bundle: esbuild's CommonJS output wraps each
 * default import (`import fs from 'node:fs'`) in a copy of the module with a
 * getter for every export, once per importing file, which cost about a
 * millisecond of every start for fs, os and path. A named import is the
 * module's own value, read once when the bundle starts; lazily made exports
 * (fs.promises and the like, getters) are left out, so none is ever loaded.
 */
const builtinsAsIs = {
  name: 'builtins-as-is',
  setup(b) {
    b.onResolve({ filter: /^node:/ }, (args) => ({ path: args.path, namespace: 'node-builtin' }));
    b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, ({ path: id }) => {
      const descriptors = Object.getOwnPropertyDescriptors(createRequire(import.meta.url)(id));
      const names = Object.keys(descriptors).filter((name) => 'value' in descriptors[name] && name !== 'default' && /^[A-Za-z_$][\w$]*$/.test(name));
      return { contents: `const m = process.getBuiltinModule(${JSON.stringify(id)});\nexport default m;\nexport const { ${names.join(', ')} } = m;\n`, loader: 'js' };
    });
  },
};

/**
 * linkedom's EventTarget replaced by main/export/event-target.ts (which says
 * why) in the command line's bundle, whose exports make millions of nodes.
 * The Electron main process loads its packages as they are, and exports
 * nothing large with linkedom.
 */
const lazyEventTarget = {
  name: 'lazy-event-target',
  setup(b) {
    // Whoever imports it (linkedom's nodes, or its index for its own EventTarget export), by the file it resolves to.
    b.onResolve({ filter: /event-target\.js$/ }, (args) =>
      /[\\/]linkedom[\\/]esm[\\/]interface[\\/]event-target\.js$/.test(path.join(args.resolveDir, args.path))
        ? { path: path.join(root, 'main', 'export', 'event-target.ts') }
        : undefined,
    );
  },
};

/** The esbuild entries: where from, where to, and how. */
const entries = [
  {
    name: 'CLI',
    entry: 'main/cli/main.ts',
    // Pure-JS dependencies are bundled: resolving d3's and linkedom's many
    // modules at every start cost more than the export itself. What stays
    // outside is native (resvg), loaded only for live clusters (client-node),
    // or optional (ws's and linkedom's native helpers).
    // Split at the commands' lazy imports, so `--version` or a usage error loads
    // a few kilobytes instead of the whole export and server.
    options: {
      ...nodeDefaults,
      format: 'esm',
      splitting: true,
      outExtension: { '.js': '.mjs' },
      chunkNames: 'chunk-[hash]',
      plugins: [lazyEventTarget],
      external: ['@resvg/resvg-js', '@kubernetes/client-node', 'bufferutil', 'utf-8-validate', 'canvas'],
      banner: { js: "import { createRequire as __kaCreateRequire } from 'node:module'; const require = __kaCreateRequire(import.meta.url);" },
      outdir: 'dist/cli',
      outfile: 'dist/cli/main.mjs',
    },
  },
  {
    // `kube-anatomy image …` in one CommonJS file of its own, which bin.mjs
    // runs for that command (main/cli/image-main.ts says why): CommonJS, so
    // Node's built-in modules come as they are, without ESM's facades.
    name: 'CLI image',
    entry: 'main/cli/image-main.ts',
    options: { ...nodeDefaults, format: 'cjs', plugins: [builtinsAsIs], outfile: 'dist/cli/image.cjs' },
  },
  {
    // `kube-anatomy serve …` likewise (main/cli/serve-main.ts says why), which
    // bin.mjs runs with a code cache made after a run. The page's files are
    // found from the bundle's own place: import.meta.url, which CommonJS has
    // not, is the file's URL made from __filename. The one import() left, of
    // @kubernetes/client-node (an auth-provider or a proxy-url only), becomes
    // a require: bin.mjs runs the bundle as a vm.Script, where import() has
    // no loader.
    name: 'CLI serve',
    entry: 'main/cli/serve-main.ts',
    options: {
      ...nodeDefaults,
      format: 'cjs',
      supported: { 'dynamic-import': false },
      plugins: [builtinsAsIs],
      external: ['@resvg/resvg-js', '@kubernetes/client-node', 'bufferutil', 'utf-8-validate', 'canvas'],
      define: { ...nodeDefaults.define, 'import.meta.url': '__kaImportMetaUrl' },
      banner: { js: "const __kaImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
      outfile: 'dist/cli/serve.cjs',
    },
  },
  {
    name: 'Electron main',
    entry: 'main/electron/main.ts',
    options: { ...nodeDefaults, format: 'esm', packages: 'external', external: ['electron'], outfile: 'dist/main/electron.mjs' },
  },
  {
    // Sandboxed preloads can only require a few modules: bundle everything but electron.
    name: 'Electron preload',
    entry: 'main/electron/preload.ts',
    options: { ...nodeDefaults, format: 'cjs', external: ['electron'], outfile: 'dist/main/preload.cjs' },
  },
  {
    // The page's first script: opens the socket while app.js is fetched and
    // compiled (renderer/bridge/boot.ts). app.js imports it as this very file.
    name: 'renderer boot',
    entry: 'renderer/bridge/boot.ts',
    options: { ...pageDefaults, outfile: 'dist/renderer/boot.js' },
  },
  {
    name: 'renderer',
    entry: 'renderer/bridge/entry.ts',
    requires: ['renderer/app/main.ts', 'renderer/bridge/boot.ts'],
    options: {
      ...pageDefaults,
      // One instance of boot.ts in the page: the one boot.js ran, which holds the early socket.
      plugins: [sharedBoot],
      outfile: 'dist/renderer/app.js',
    },
  },
];

function size(file) {
  const bytes = statSync(file).size;
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
}

/** Copies the files of `fromDir` whose names match `pattern` into `toDir`. */
function copy(fromDir, pattern, toDir) {
  const dir = path.join(root, fromDir);
  if (!existsSync(dir)) return [];
  const copied = [];
  for (const name of readdirSync(dir).sort()) {
    const from = path.join(dir, name);
    if (!pattern.test(name) || !statSync(from).isFile()) continue;
    const to = path.join(root, toDir, name);
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(from, to);
    copied.push(to);
  }
  return copied;
}

async function main() {
  const started = performance.now();
  // Start the page from nothing: the browser-mode server serves every file in
  // dist/renderer, so a stale file from an older build must not linger.
  rmSync(path.join(dist, 'renderer'), { recursive: true, force: true });
  // The same for the CLI's chunks, whose names change with their content; dist/cli.mjs is the older single-file CLI.
  rmSync(path.join(dist, 'cli'), { recursive: true, force: true });
  rmSync(path.join(dist, 'cli.mjs'), { force: true });
  rmSync(path.join(dist, 'cli.mjs.map'), { force: true });

  const skipped = [];
  const settled = await Promise.allSettled(
    entries.map(async ({ name, entry, requires = [], options }) => {
      const missing = [entry, ...requires].filter((file) => !existsSync(path.join(root, file)));
      if (missing.length > 0) {
        skipped.push(`${name} (${missing.join(', ')} not found)`);
        return undefined;
      }
      const t0 = performance.now();
      try {
        // A split bundle names its output folder (outdir), a single one its file.
        const { outdir, outfile, ...rest } = options;
        const target = outdir ? { outdir: path.join(root, outdir) } : { outfile: path.join(root, outfile) };
        await build({ ...rest, ...target, absWorkingDir: root, entryPoints: [path.join(root, entry)] });
      } catch (error) {
        const messages = error.errors?.length
          ? error.errors.map((e) => `  ${e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ` : ''}${e.text}`).join('\n')
          : `  ${error.message}`;
        throw new Error(`${name}: ${entry} failed to build\n${messages}`);
      }
      return { name, out: path.join(root, options.outfile), ms: performance.now() - t0 };
    }),
  );

  const failures = [];
  for (const result of settled) {
    if (result.status === 'rejected') failures.push(result.reason.message);
    else if (result.value) log(`built ${rel(result.value.out).padEnd(26)} ${size(result.value.out).padStart(10)}  ${result.value.name} (${Math.round(result.value.ms)} ms)`);
  }

  const assets = [
    ...copy('renderer', /^index\.html$/, 'dist/renderer'),
    ...copy('renderer', /\.css$/, 'dist/renderer'),
    ...copy('assets/fonts', /\.(otf|ttf|woff2?|txt)$/, 'dist/renderer/fonts'),
    // The page's font as the author's subsets (renderer/fonts.css); the OpenType files above are for exports.
    ...copy('assets/fonts/web', /\.woff2$/, 'dist/renderer/fonts/web'),
  ];
  if (assets.length > 0) {
    const names = assets.map((f) => path.relative(path.join(dist, 'renderer'), f));
    // The font's subsets as one entry: their names say nothing one by one.
    const subsets = names.filter((n) => n.startsWith(`fonts${path.sep}web${path.sep}`));
    const shown = [...names.filter((n) => !subsets.includes(n)), ...(subsets.length > 0 ? [`fonts/web/ (${subsets.length} font subsets)`] : [])];
    log(`copied ${assets.length} files to dist/renderer: ${shown.join(', ')}`);
  }
  if (!existsSync(path.join(root, 'renderer/index.html'))) skipped.push('renderer page (renderer/index.html not found)');

  for (const line of skipped) console.warn(`warning: skipped ${line}`);
  if (failures.length > 0) throw new Error(`${failures.length} of ${entries.length} bundles failed:\n${failures.join('\n')}`);
  log(`build done in ${Math.round(performance.now() - started)} ms`);
}

main().catch((error) => {
  console.error(`build failed: ${error.message}`);
  process.exit(1);
});
