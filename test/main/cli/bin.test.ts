// main/cli/bin.mjs, the `kube-anatomy` command's first file, run from a copy
// beside a stand-in bundle so that the test needs no build.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';

const BIN = fileURLToPath(new URL('../../../main/cli/bin.mjs', import.meta.url));

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-bin-'));
  fs.mkdirSync(path.join(dir, 'app/main/cli'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'app/dist/cli'), { recursive: true });
  fs.copyFileSync(BIN, path.join(dir, 'app/main/cli/bin.mjs'));
  fs.writeFileSync(path.join(dir, 'app/dist/cli/main.mjs'), "export async function main(argv) { console.log('ran', ...argv); return 0; }\n");
  for (const folder of ['home', 'tmp']) fs.mkdirSync(path.join(dir, folder));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs the copied bin.mjs as a user would, with only the environment given (no NODE_COMPILE_CACHE inherited). */
function runBin(env: Record<string, string>) {
  const r = spawnSync(process.execPath, [path.join(dir, 'app/main/cli/bin.mjs'), '--version'], {
    env: { PATH: process.env.PATH ?? '', HOME: path.join(dir, 'home'), TMPDIR: path.join(dir, 'tmp'), ...env },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'ran --version\n');
}

describe('the compile cache', { skip: process.platform === 'win32' ? 'the temporary folder is per user there' : false }, () => {
  const own = process.platform === 'darwin' ? ['home', 'Library', 'Caches'] : ['home', '.cache'];

  it('is kept in the user\'s own cache folder, never in the temporary folder other users share', () => {
    runBin({});
    assert.equal(fs.existsSync(path.join(dir, 'tmp', 'node-compile-cache')), false, 'another user could plant compiled code in the shared folder');
    assert.deepEqual(fs.readdirSync(path.join(dir, 'tmp')), []);
    assert.ok(fs.readdirSync(path.join(dir, ...own, 'kube-anatomy', 'node-compile-cache')).length > 0, 'the cache is written where the user alone can');
  });

  it('follows XDG_CACHE_HOME on Linux, and NODE_COMPILE_CACHE anywhere', { skip: process.platform === 'darwin' ? 'no XDG folders on macOS' : false }, () => {
    runBin({ XDG_CACHE_HOME: path.join(dir, 'home', 'xdg') });
    assert.ok(fs.existsSync(path.join(dir, 'home', 'xdg', 'kube-anatomy', 'node-compile-cache')));
    runBin({ NODE_COMPILE_CACHE: path.join(dir, 'home', 'chosen') });
    assert.ok(fs.existsSync(path.join(dir, 'home', 'chosen')));
    assert.deepEqual(fs.readdirSync(path.join(dir, 'tmp')), []);
  });
});

describe('the image command\'s own bundle', () => {
  /** Runs the copied bin.mjs with these arguments; stdout, stderr and the exit code. */
  function run(args: string[]) {
    const r = spawnSync(process.execPath, [path.join(dir, 'app/main/cli/bin.mjs'), ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: path.join(dir, 'home'), TMPDIR: path.join(dir, 'tmp') },
      encoding: 'utf8',
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }
  /** A stand-in image.cjs: takes `image REF` (exit code 0, or 3 for the REF fail), gives anything else back to the full CLI. */
  const standIn = "exports.main = async (argv) => { if (argv.length !== 2) return undefined; console.log('image bundle', ...argv); return argv[1] === 'fail' ? 3 : 0; };\n";

  it('runs `image …` from dist/cli/image.cjs, without the full CLI', () => {
    fs.writeFileSync(path.join(dir, 'app/dist/cli/image.cjs'), standIn);
    assert.deepEqual(run(['image', 'x']), { code: 0, out: 'image bundle image x\n', err: '' });
    assert.deepEqual(run(['image', 'fail']), { code: 3, out: 'image bundle image fail\n', err: '' });
  });

  it('hands the full CLI what the image bundle does not take, and every other command', () => {
    fs.writeFileSync(path.join(dir, 'app/dist/cli/image.cjs'), standIn);
    assert.deepEqual(run(['image', 'x', '--help']), { code: 0, out: 'ran image x --help\n', err: '' });
    assert.deepEqual(run(['contexts', 'image']), { code: 0, out: 'ran contexts image\n', err: '' });
  });

  it('falls back to the full CLI when the image bundle is not built', () => {
    assert.deepEqual(run(['image', 'x']), { code: 0, out: 'ran image x\n', err: '' });
  });

  it('keeps a code cache of the image bundle in the user\'s own cache folder, made after a run, used after, and made again for a new build', { skip: process.platform === 'win32' ? 'the temporary folder is per user there' : false }, () => {
    const bundle = path.join(dir, 'app/dist/cli/image.cjs');
    const folder = path.join(dir, ...(process.platform === 'darwin' ? ['home', 'Library', 'Caches'] : ['home', '.cache']), 'kube-anatomy', 'code-cache');
    const files = () => (fs.existsSync(folder) ? fs.readdirSync(folder) : []);
    fs.writeFileSync(bundle, standIn);
    run(['image', 'x', '--help']);
    assert.deepEqual(files(), [], 'a command line the bundle hands on makes no cache');
    assert.equal(run(['image', 'fail']).code, 3);
    assert.deepEqual(files(), [], 'nor does a run that failed, which compiled too little to keep');
    assert.equal(run(['image', 'x']).code, 0);
    const [first] = files();
    assert.match(first, /^image-v[\d.]+-\w+-\d+-\d+-\d+\.bin$/);
    const made = fs.statSync(path.join(folder, first));
    assert.equal(made.mode & 0o077, 0, 'the user\'s own');
    assert.equal(run(['image', 'x']).code, 0);
    assert.equal(fs.statSync(path.join(folder, first)).mtimeMs, made.mtimeMs, 'a cache that fits is read, not written again');
    // Another build of the bundle, even of the same length and modification time: a cache of its own, the old one gone.
    const { atime, mtime } = fs.statSync(bundle);
    fs.rmSync(bundle);
    fs.writeFileSync(bundle, standIn.replace('image bundle', 'image BUNDLE'));
    fs.utimesSync(bundle, atime, mtime);
    assert.deepEqual(run(['image', 'x']), { code: 0, out: 'image BUNDLE image x\n', err: '' });
    assert.equal(files().length, 1);
    assert.notEqual(files()[0], first);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'tmp')), []);
  });

  it('runs the image bundle all the same when its code cache cannot be written', () => {
    fs.writeFileSync(path.join(dir, 'app/dist/cli/image.cjs'), standIn);
    // A file where the cache folder would be.
    fs.mkdirSync(path.join(dir, 'home', '.cache', 'kube-anatomy'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'home', '.cache', 'kube-anatomy', 'code-cache'), '');
    assert.deepEqual(run(['image', 'x']), { code: 0, out: 'image bundle image x\n', err: '' });
  });

  it('makes no code cache when Node\'s compile cache is turned off', () => {
    fs.writeFileSync(path.join(dir, 'app/dist/cli/image.cjs'), standIn);
    const r = spawnSync(process.execPath, [path.join(dir, 'app/main/cli/bin.mjs'), 'image', 'x'], {
      env: { PATH: process.env.PATH ?? '', HOME: path.join(dir, 'home'), TMPDIR: path.join(dir, 'tmp'), NODE_DISABLE_COMPILE_CACHE: '1' },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'home')), []);
  });
});

describe('the serve command\'s own bundle', () => {
  function run(args: string[]) {
    const r = spawnSync(process.execPath, [path.join(dir, 'app/main/cli/bin.mjs'), ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: path.join(dir, 'home'), TMPDIR: path.join(dir, 'tmp') },
      encoding: 'utf8',
    });
    return { code: r.status, out: r.stdout, err: r.stderr };
  }
  /** A stand-in serve.cjs: takes `serve --demo`, gives anything else back to the full CLI. */
  const standIn = "exports.main = async (argv) => { if (argv[1] !== '--demo') return undefined; console.log('serve bundle', ...argv); return 0; };\n";
  const folder = () => path.join(dir, ...(process.platform === 'darwin' ? ['home', 'Library', 'Caches'] : ['home', '.cache']), 'kube-anatomy', 'code-cache');
  const files = () => (fs.existsSync(folder()) ? fs.readdirSync(folder()).sort() : []);

  it('runs `serve …` from dist/cli/serve.cjs, and hands the full CLI what it does not take', () => {
    fs.writeFileSync(path.join(dir, 'app/dist/cli/serve.cjs'), standIn);
    assert.deepEqual(run(['serve', '--demo']), { code: 0, out: 'serve bundle serve --demo\n', err: '' });
    assert.deepEqual(run(['serve', '--help']), { code: 0, out: 'ran serve --help\n', err: '' });
  });

  it('falls back to the full CLI when the serve bundle is not built', () => {
    assert.deepEqual(run(['serve', '--demo']), { code: 0, out: 'ran serve --demo\n', err: '' });
  });

  it('keeps a code cache of its own beside the image bundle\'s, each replacing only its own older one', { skip: process.platform === 'win32' ? 'the temporary folder is per user there' : false }, () => {
    fs.writeFileSync(path.join(dir, 'app/dist/cli/serve.cjs'), standIn);
    fs.writeFileSync(path.join(dir, 'app/dist/cli/image.cjs'), "exports.main = async (argv) => { console.log('image', ...argv); return 0; };\n");
    assert.equal(run(['image', 'x']).code, 0);
    assert.equal(run(['serve', '--demo']).code, 0);
    const [image, serve] = files();
    assert.match(image, /^image-v[\d.]+-\w+-\d+-\d+-\d+\.bin$/);
    assert.match(serve, /^serve-v[\d.]+-\w+-\d+-\d+-\d+\.bin$/);
    assert.equal(fs.statSync(path.join(folder(), serve)).mode & 0o077, 0, 'the user\'s own');
    // A new build of serve: its cache is made again, the image bundle's stays.
    fs.rmSync(path.join(dir, 'app/dist/cli/serve.cjs'));
    fs.writeFileSync(path.join(dir, 'app/dist/cli/serve.cjs'), standIn.replace('serve bundle', 'serve BUNDLE'));
    assert.deepEqual(run(['serve', '--demo']), { code: 0, out: 'serve BUNDLE serve --demo\n', err: '' });
    const after = files();
    assert.equal(after.length, 2);
    assert.equal(after[0], image);
    assert.notEqual(after[1], serve);
  });
});

describe('the serve bundle\'s code cache', { skip: process.platform === 'win32' ? 'the temporary folder is per user there' : false }, () => {
  it('is made again when a run compiled more than it holds (a first serve stopped before any page came), never for less', () => {
    // 300 functions, compiled only when a run calls them (--long).
    const fns = Array.from({ length: 300 }, (_, i) => `function f${i}(x) { const y = [x, ${i}].map((v) => v * ${i + 1}); return y.join('-') + String(${i}); }`).join('\n');
    fs.writeFileSync(
      path.join(dir, 'app/dist/cli/serve.cjs'),
      `${fns}\nexports.main = async (argv) => { if (argv[1] !== '--demo') return undefined; if (argv[2] === '--long') { let s = ''; for (let i = 0; i < 300; i++) s += eval('f' + i)(i); } console.log('served'); return 0; };\n`,
    );
    const folder = path.join(dir, ...(process.platform === 'darwin' ? ['home', 'Library', 'Caches'] : ['home', '.cache']), 'kube-anatomy', 'code-cache');
    const run = (...args: string[]) => {
      const r = spawnSync(process.execPath, [path.join(dir, 'app/main/cli/bin.mjs'), 'serve', '--demo', ...args], {
        env: { PATH: process.env.PATH ?? '', HOME: path.join(dir, 'home'), TMPDIR: path.join(dir, 'tmp') },
        encoding: 'utf8',
      });
      assert.deepEqual([r.status, r.stdout], [0, 'served\n'], r.stderr);
      const [file] = fs.readdirSync(folder);
      return fs.statSync(path.join(folder, file)).size;
    };
    const short = run();
    const long = run('--long');
    assert.ok(long > short * 1.1, `the longer run's cache replaced the short one's (${short} → ${long} bytes)`);
    assert.equal(run(), long, 'a shorter run leaves the fuller cache in place');
  });
});
