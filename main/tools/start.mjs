#!/usr/bin/env node
// `npm start`: run the desktop app from the fresh build. Electron's npm package
// fetches its binary on first run; where that cannot happen (no internet), say
// so plainly and point at the browser mode, which serves the same interface.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { ELECTRON_JS_FLAGS } from '../cli/main-flags.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const cli = require.resolve('electron/cli.js');
// The main process holds the session: its heap flags go on the command line, the only place Electron reads them for it.
const child = spawn(process.execPath, [cli, ELECTRON_JS_FLAGS, root, ...process.argv.slice(2)], { cwd: root, stdio: ['inherit', 'inherit', 'pipe'] });
let stderr = '';
child.stderr.on('data', (chunk) => {
  stderr += chunk;
  process.stderr.write(chunk);
});
child.on('exit', (code, signal) => {
  if (code !== 0 && /Downloading Electron binary|fetch failed|Electron failed to install/i.test(stderr)) {
    process.stderr.write(
      '\nkube-anatomy: Electron\'s binary is not installed and could not be downloaded (it comes from the internet on first run).\n' +
        'The same interface runs in your browser meanwhile:  npx kube-anatomy serve --demo   (or without --demo for your cluster)\n',
    );
  }
  process.exit(signal ? 1 : (code ?? 1));
});
