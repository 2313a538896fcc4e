// main/cli/bin.mjs, the `kube-anatomy` command's first file, run from a copy
// beside a stand-in bundle so that the test needs no build.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { canRestartInPlace, LIMIT_WITH_64_MIB_SEMI_SPACES, MAIN_V8_FLAGS, missingMainFlags, youngGenerationAsAsked } from '../../../main/cli/main-flags.mjs';

const BIN = fileURLToPath(new URL('../../../main/cli/bin.mjs', import.meta.url));

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-bin-'));
  fs.mkdirSync(path.join(dir, 'app/main/cli'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'app/dist/cli'), { recursive: true });
  fs.copyFileSync(BIN, path.join(dir, 'app/main/cli/bin.mjs'));
  fs.copyFileSync(path.join(path.dirname(BIN), 'main-flags.mjs'), path.join(dir, 'app/main/cli/main-flags.mjs'));
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

/** Runs the copied bin.mjs with these arguments; stdout, stderr and the exit code. */
function run(args: string[]) {
  const r = spawnSync(process.execPath, [path.join(dir, 'app/main/cli/bin.mjs'), ...args], {
    env: { PATH: process.env.PATH ?? '', HOME: path.join(dir, 'home'), TMPDIR: path.join(dir, 'tmp') },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** The folder bin.mjs keeps the bundles' code caches in. */
function folder() {
  return path.join(dir, ...(process.platform === 'darwin' ? ['home', 'Library', 'Caches'] : ['home', '.cache']), 'kube-anatomy', 'code-cache');
}

describe('the image command\'s own bundle', () => {
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
    const files = () => (fs.existsSync(folder()) ? fs.readdirSync(folder()) : []);
    fs.writeFileSync(bundle, standIn);
    run(['image', 'x', '--help']);
    assert.deepEqual(files(), [], 'a command line the bundle hands on makes no cache');
    assert.equal(run(['image', 'fail']).code, 3);
    assert.deepEqual(files(), [], 'nor does a run that failed, which compiled too little to keep');
    assert.equal(run(['image', 'x']).code, 0);
    const [first] = files();
    assert.match(first, /^image-v[\d.]+-\w+-\d+-\d+-\d+\.bin$/);
    const made = fs.statSync(path.join(folder(), first));
    assert.equal(made.mode & 0o077, 0, 'the user\'s own');
    assert.equal(run(['image', 'x']).code, 0);
    assert.equal(fs.statSync(path.join(folder(), first)).mtimeMs, made.mtimeMs, 'a cache that fits is read, not written again');
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
  /** A stand-in serve.cjs: takes `serve --demo`, gives anything else back to the full CLI. */
  const standIn = "exports.main = async (argv) => { if (argv[1] !== '--demo') return undefined; console.log('serve bundle', ...argv); return 0; };\n";
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

describe('the heap flags of the process that holds a session (main-flags.mjs)', () => {
  /** A stand-in bundle or CLI that prints the Node flags and pid it runs with. */
  const says = "console.log(JSON.stringify({ execArgv: process.execArgv, pid: process.pid }));";
  /** Runs the copied bin.mjs with `args` (Node's own flags first) and what the stand-in printed. */
  const started = (nodeArgs: string[], args: string[], env: Record<string, string> = {}) => {
    const r = spawnSync(process.execPath, [...nodeArgs, path.join(dir, 'app/main/cli/bin.mjs'), ...args], {
      env: { PATH: process.env.PATH ?? '', HOME: path.join(dir, 'home'), TMPDIR: path.join(dir, 'tmp'), NODE_DISABLE_COMPILE_CACHE: '1', ...env },
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, r.stderr);
    return { ...(JSON.parse(r.stdout) as { execArgv: string[]; pid: number }), spawned: r.pid };
  };
  const canRestart = canRestartInPlace();

  beforeEach(() => {
    fs.writeFileSync(path.join(dir, 'app/dist/cli/serve.cjs'), `exports.main = async () => { ${says} return 0; };\n`);
    fs.writeFileSync(path.join(dir, 'app/dist/cli/main.mjs'), `export async function main() { ${says} return 0; }\n`);
  });

  it('serve runs with them, in the very process that was started (its pid, stdio and parent); as started where Node cannot start a process again in place', () => {
    // A heap sized by hand (here smaller than any machine's default): its limit says nothing of the young generation.
    const sized = ['--max-old-space-size=1024'];
    const run = started(sized, ['serve', '--demo']);
    if (!canRestart) {
      assert.deepEqual(run.execArgv, sized);
      return;
    }
    assert.deepEqual(run.execArgv, [...sized, ...MAIN_V8_FLAGS]);
    assert.equal(run.pid, run.spawned, 'the same process, started again in place');
    // Node's own flags it was given are kept.
    assert.deepEqual(started([...sized, '--no-warnings'], ['serve', '--demo']).execArgv, [...sized, '--no-warnings', ...MAIN_V8_FLAGS]);
  });

  it('serve runs as started when V8 made the young generation as large by itself, and only then', () => {
    const limit = (args: string[]) => Number(spawnSync(process.execPath, [...args, '-p', "require('v8').getHeapStatistics().heap_size_limit"], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '' } }).stdout);
    // The heap's limit with the flag and without: the flag changes it unless the semi-spaces are 64 MiB already.
    const flagged = limit([...MAIN_V8_FLAGS]);
    const plain = limit([]);
    assert.ok(flagged >= plain, `${flagged} ≥ ${plain}`);
    const asAsked = youngGenerationAsAsked(plain, [], '');
    // The rule holds for this Node on this machine: it skips the start again only where the flag would change nothing.
    if (asAsked) assert.equal(flagged, plain, 'the flag would have changed the heap');
    const run = started([], ['serve', '--demo']);
    assert.deepEqual(run.execArgv, asAsked || !canRestart ? [] : [...MAIN_V8_FLAGS]);
    // The limit is ignored when the heap was sized by hand, and a smaller one restarts.
    assert.equal(youngGenerationAsAsked(LIMIT_WITH_64_MIB_SEMI_SPACES, ['--max-old-space-size=8192'], ''), false);
    assert.equal(youngGenerationAsAsked(LIMIT_WITH_64_MIB_SEMI_SPACES, [], '--max-heap-size=9000'), false);
    assert.equal(youngGenerationAsAsked(LIMIT_WITH_64_MIB_SEMI_SPACES * 3, [], '--max-old-space-size-percentage=50'), false);
    assert.equal(youngGenerationAsAsked(LIMIT_WITH_64_MIB_SEMI_SPACES - 1, [], ''), false);
    assert.equal(youngGenerationAsAsked(LIMIT_WITH_64_MIB_SEMI_SPACES, [], ''), true);
  });

  it('other commands run as started', () => {
    assert.deepEqual(started([], ['--version']).execArgv, []);
    assert.deepEqual(started([], ['export', '--demo']).execArgv, []);
  });

  it('a value the user gave, on the command line or in NODE_OPTIONS, is theirs', () => {
    assert.deepEqual(started(['--max-semi-space-size=8'], ['serve', '--demo']).execArgv, ['--max-semi-space-size=8']);
    assert.deepEqual(started(['--max_semi_space_size=8'], ['serve', '--demo']).execArgv, ['--max_semi_space_size=8']);
    assert.deepEqual(started([], ['serve', '--demo'], { NODE_OPTIONS: '--max-semi-space-size=8' }).execArgv, []);
    assert.deepEqual(started([], ['serve', '--demo'], { NODE_OPTIONS: '"--max-semi-space-size=8"' }).execArgv, []);
  });

  it('names what is missing from a command line and NODE_OPTIONS', () => {
    assert.deepEqual(missingMainFlags([], ''), [...MAIN_V8_FLAGS]);
    assert.deepEqual(missingMainFlags(['--import', 'tsx'], '--enable-source-maps'), [...MAIN_V8_FLAGS]);
    assert.deepEqual(missingMainFlags([...MAIN_V8_FLAGS], ''), []);
    assert.deepEqual(missingMainFlags([], '"--max-semi-space-size=32" --no-warnings'), []);
    assert.deepEqual(missingMainFlags([], ' --max_semi_space_size=32 '), []);
    // Another flag that starts alike is not it.
    assert.deepEqual(missingMainFlags(['--max-semi-space-size-x=1'], ''), [...MAIN_V8_FLAGS]);
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
    const runServe = (...args: string[]) => {
      const r = spawnSync(process.execPath, [path.join(dir, 'app/main/cli/bin.mjs'), 'serve', '--demo', ...args], {
        env: { PATH: process.env.PATH ?? '', HOME: path.join(dir, 'home'), TMPDIR: path.join(dir, 'tmp') },
        encoding: 'utf8',
      });
      assert.deepEqual([r.status, r.stdout], [0, 'served\n'], r.stderr);
      const [file] = fs.readdirSync(folder());
      return fs.statSync(path.join(folder(), file)).size;
    };
    const short = runServe();
    const long = runServe('--long');
    assert.ok(long > short * 1.1, `the longer run's cache replaced the short one's (${short} → ${long} bytes)`);
    assert.equal(runServe(), long, 'a shorter run leaves the fuller cache in place');
  });
});

describe('a code cache that is not the user\'s alone, or not whole', { skip: process.platform === 'win32' ? 'no POSIX owners and modes there' : false }, () => {
  // Two builds of the same length: V8 checks only the source's length, so a cache made
  // from the first, planted under the second's name, runs the first's code (its strings
  // included). That is what another user could do through a cache folder they can write.
  const first = "exports.main = async (argv) => { console.log('image bundle', ...argv); return 0; };\n";
  const second = first.replace('image bundle', 'image BUNDLE');
  const bundle = () => path.join(dir, 'app/dist/cli/image.cjs');
  /** A cache file whose first 32 bytes are the SHA-256 of the rest. */
  const whole = (file: string) => {
    const bytes = fs.readFileSync(file);
    return createHash('sha256').update(bytes.subarray(32)).digest().equals(bytes.subarray(0, 32));
  };

  /** Makes the first build's cache, then the second's, and plants the first's bytes under the second's name; the planted file's path. */
  function plant(): { file: string; planted: Buffer } {
    fs.writeFileSync(bundle(), first);
    assert.equal(run(['image', 'x']).code, 0);
    const [made] = fs.readdirSync(folder());
    const planted = fs.readFileSync(path.join(folder(), made));
    fs.rmSync(bundle());
    fs.writeFileSync(bundle(), second);
    assert.equal(run(['image', 'x']).code, 0);
    const [file] = fs.readdirSync(folder());
    assert.notEqual(file, made);
    fs.writeFileSync(path.join(folder(), file), planted);
    return { file: path.join(folder(), file), planted };
  }

  it('is run by V8 when planted in the user\'s own folder (what the checks below keep out)', () => {
    plant();
    assert.deepEqual(run(['image', 'x']), { code: 0, out: 'image bundle image x\n', err: '' }, 'the first build\'s code, from the cache');
  });

  it('is not used, nor written, in a folder others can write to', () => {
    const { file, planted } = plant();
    fs.chmodSync(folder(), 0o770);
    assert.deepEqual(run(['image', 'x']), { code: 0, out: 'image BUNDLE image x\n', err: '' });
    assert.ok(fs.readFileSync(file).equals(planted), 'nothing written into a folder others can change');
    fs.chmodSync(folder(), 0o707);
    assert.deepEqual(run(['image', 'x']), { code: 0, out: 'image BUNDLE image x\n', err: '' });
  });

  it('is not used when the file itself is writable by others, and is made again', () => {
    const { file, planted } = plant();
    fs.chmodSync(file, 0o620);
    assert.deepEqual(run(['image', 'x']), { code: 0, out: 'image BUNDLE image x\n', err: '' });
    assert.ok(!fs.readFileSync(file).equals(planted), 'the private folder gets a cache of this build');
    assert.equal(fs.statSync(file).mode & 0o077, 0);
  });

  it('is not used when the file is a symlink', () => {
    const { file, planted } = plant();
    const elsewhere = path.join(dir, 'home', 'elsewhere.bin');
    fs.writeFileSync(elsewhere, planted, { mode: 0o600 });
    fs.rmSync(file);
    fs.symlinkSync(elsewhere, file);
    assert.deepEqual(run(['image', 'x']), { code: 0, out: 'image BUNDLE image x\n', err: '' });
    assert.ok(fs.lstatSync(file).isFile(), 'replaced by a file of its own');
  });

  it('is not used when the folder is a symlink', () => {
    plant();
    const real = path.join(dir, 'home', 'real-cache');
    fs.renameSync(folder(), real);
    fs.symlinkSync(real, folder());
    assert.deepEqual(run(['image', 'x']), { code: 0, out: 'image BUNDLE image x\n', err: '' });
  });

  it('is not used when another user owns the file', { skip: process.getuid?.() !== 0 ? 'only root can give a file away' : false }, () => {
    const { file } = plant();
    fs.chownSync(file, 4242, 4242);
    assert.deepEqual(run(['image', 'x']), { code: 0, out: 'image BUNDLE image x\n', err: '' });
  });

  it('is not passed to V8 when its bytes do not match their digest (V8 checks only the length), and is made again', () => {
    const { planted } = plant();
    // The second build's own digest over the first build's bytes: the right length, the wrong code.
    fs.rmSync(bundle());
    fs.writeFileSync(bundle(), second);
    fs.rmSync(folder(), { recursive: true });
    assert.equal(run(['image', 'x']).code, 0);
    const [name] = fs.readdirSync(folder());
    const own = fs.readFileSync(path.join(folder(), name));
    assert.equal(own.length, planted.length);
    const mixed = Buffer.concat([own.subarray(0, 32), planted.subarray(32)]);
    fs.writeFileSync(path.join(folder(), name), mixed);
    assert.deepEqual(run(['image', 'x']), { code: 0, out: 'image BUNDLE image x\n', err: '' });
    assert.ok(whole(path.join(folder(), name)), 'made again, whole');
    // Bytes flipped in place: the command answers all the same.
    const flipped = Buffer.from(own);
    for (let i = 40; i < flipped.length; i += 97) flipped[i] ^= 0xff;
    fs.writeFileSync(path.join(folder(), name), flipped);
    assert.deepEqual(run(['image', 'x']), { code: 0, out: 'image BUNDLE image x\n', err: '' });
    assert.ok(whole(path.join(folder(), name)), 'made again, whole');
  });

  it('runs the full CLI when the bundle can be opened but not read (one handle for its key and its source)', () => {
    fs.mkdirSync(bundle());
    assert.deepEqual(run(['image', 'x']), { code: 0, out: 'ran image x\n', err: '' });
  });
});
