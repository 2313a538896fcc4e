// The helper every app file write goes through. Temporary names are random,
// so the tests inject the name generator to plant things at the exact name the
// helper is about to try.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DEFAULT_MODE, PRIVATE_MODE, writeFileAtomic, writeFileAtomicChunks, writeFileAtomicSync, type AtomicWriteOptions } from '../../../main/files/atomic-write.ts';

type Write = (file: string, data: string | Uint8Array, options?: AtomicWriteOptions) => Promise<void> | void;
const variants: [string, Write][] = [
  ['writeFileAtomic', writeFileAtomic],
  ['writeFileAtomicSync', writeFileAtomicSync],
  // The data in three pieces, so every promise above holds for a write that streams.
  ['writeFileAtomicChunks', async (file, data, options) => void (await writeFileAtomicChunks(file, thirds(data), options))],
];

async function* thirds(data: string | Uint8Array): AsyncGenerator<string | Uint8Array> {
  const third = Math.ceil(data.length / 3);
  for (let i = 0; i < 3; i++) yield data.slice(i * third, (i + 1) * third);
}

/** Names from a list, then fresh ones; remembers every name handed out. */
function names(...planted: string[]) {
  const given: string[] = [];
  let n = 0;
  const next = () => {
    const name = planted.shift() ?? `.fresh-${n++}.tmp`;
    given.push(name);
    return name;
  };
  return { next, given };
}

for (const [name, write] of variants) {
  describe(name, () => {
    let dir: string;
    let outside: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-atomic-'));
      outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-victim-'));
    });
    afterEach(() => {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    });

    it('writes the data and leaves only the target in the folder', async () => {
      const file = path.join(dir, 'out.svg');
      await write(file, '<svg/>');
      await write(file, new Uint8Array([1, 2, 3]));
      assert.deepEqual([...fs.readFileSync(file)], [1, 2, 3]);
      assert.deepEqual(fs.readdirSync(dir), ['out.svg']);
    });

    it('never follows a symlink planted at the temporary name, and retries with a fresh one', async () => {
      const victim = path.join(outside, 'victim');
      fs.writeFileSync(victim, 'precious');
      fs.symlinkSync(victim, path.join(dir, '.planted.tmp'));
      fs.symlinkSync(path.join(outside, 'not-yet'), path.join(dir, '.dangling.tmp'));
      const temp = names('.planted.tmp', '.dangling.tmp');
      const file = path.join(dir, 'out.svg');

      await write(file, 'data', { tempName: temp.next });

      assert.equal(fs.readFileSync(victim, 'utf8'), 'precious');
      assert.equal(fs.existsSync(path.join(outside, 'not-yet')), false, 'a dangling link is not followed to create its target');
      assert.equal(fs.readFileSync(file, 'utf8'), 'data');
      assert.equal(fs.lstatSync(file).isFile(), true);
      assert.deepEqual(temp.given, ['.planted.tmp', '.dangling.tmp', '.fresh-0.tmp']);
      assert.ok(fs.lstatSync(path.join(dir, '.planted.tmp')).isSymbolicLink(), 'what was planted is not ours to remove');
      assert.deepEqual(fs.readdirSync(dir).sort(), ['.dangling.tmp', '.planted.tmp', 'out.svg']);
    });

    it('never reuses a planted regular file', async () => {
      fs.writeFileSync(path.join(dir, '.planted.tmp'), 'theirs', { mode: 0o666 });
      const file = path.join(dir, 'out.svg');
      await write(file, 'data', { tempName: names('.planted.tmp').next });
      assert.equal(fs.readFileSync(path.join(dir, '.planted.tmp'), 'utf8'), 'theirs');
      assert.equal(fs.readFileSync(file, 'utf8'), 'data');
    });

    it('gives up, naming the target, when every name it tries is taken', async () => {
      fs.writeFileSync(path.join(dir, '.taken.tmp'), '');
      const file = path.join(dir, 'out.svg');
      await assert.rejects(async () => write(file, 'data', { tempName: () => '.taken.tmp' }), namesTarget(file, 'EEXIST'));
      assert.equal(fs.existsSync(file), false);
    });

    it('leaves no temporary file behind when the write fails, and keeps the old target', async () => {
      const file = path.join(dir, 'folder');
      fs.mkdirSync(file);
      fs.writeFileSync(path.join(file, 'inside'), 'kept');
      await assert.rejects(async () => write(file, 'data'), namesTarget(file, 'EISDIR'));
      assert.deepEqual(fs.readdirSync(dir), ['folder']);
      assert.equal(fs.readFileSync(path.join(file, 'inside'), 'utf8'), 'kept');
    });

    it('says which file when the folder does not exist', async () => {
      const file = path.join(dir, 'missing', 'out.svg');
      await assert.rejects(async () => write(file, 'data'), namesTarget(file, 'ENOENT'));
    });

    it('replaces a symlink at the target itself, not the file it points to', async () => {
      const victim = path.join(outside, 'victim');
      fs.writeFileSync(victim, 'precious');
      const file = path.join(dir, 'out.svg');
      fs.symlinkSync(victim, file);
      await write(file, 'data');
      assert.equal(fs.readFileSync(victim, 'utf8'), 'precious');
      assert.equal(fs.lstatSync(file).isFile(), true);
      assert.equal(fs.readFileSync(file, 'utf8'), 'data');
    });

    it('creates the file with the mode asked for, less the umask, whatever the old file had', { skip: process.platform === 'win32' }, async () => {
      const umask = process.umask();
      const file = path.join(dir, 'state.json');
      fs.writeFileSync(file, 'old', { mode: 0o644 });
      fs.chmodSync(file, 0o644);
      await write(file, 'new', { mode: PRIVATE_MODE });
      assert.equal(fs.statSync(file).mode & 0o777, PRIVATE_MODE & ~umask);
      await write(file, 'newer');
      assert.equal(fs.statSync(file).mode & 0o777, DEFAULT_MODE & ~umask);
    });
  });
}

/** The error names the target (not the temporary file) and keeps the system's code. */
function namesTarget(file: string, code: string) {
  return (error: Error) => {
    assert.ok(error.message.startsWith(`cannot write ${file}: ${code}`), error.message);
    assert.equal((error.cause as NodeJS.ErrnoException).code, code);
    return true;
  };
}

describe('writeFileAtomicChunks', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-chunks-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes strings as UTF-8 and bytes as they are, in order, and counts the bytes', async () => {
    const file = path.join(dir, 'out.svg');
    // More than one gathering's worth of small strings, with bytes between them.
    const many = Array.from({ length: 300_000 }, (_, i) => `<g id="${i}"/>`);
    const bytes = await writeFileAtomicChunks(file, ['한글 ', new Uint8Array([0x41, 0x42]), ...many, '\n']);
    const expected = Buffer.concat([Buffer.from('한글 '), Buffer.from('AB'), Buffer.from(many.join('')), Buffer.from('\n')]);
    assert.equal(bytes, expected.length);
    assert.ok(fs.readFileSync(file).equals(expected));
  });

  it('passes on an error of the chunk source as it was, removes the temporary file and keeps the old target', async () => {
    const file = path.join(dir, 'out.svg');
    fs.writeFileSync(file, 'old picture');
    const broken = new Error('the drawing failed');
    async function* chunks(): AsyncGenerator<string> {
      yield 'x'.repeat(3 << 20);
      throw broken;
    }
    await assert.rejects(writeFileAtomicChunks(file, chunks()), (error) => error === broken);
    assert.equal(fs.readFileSync(file, 'utf8'), 'old picture');
    assert.deepEqual(fs.readdirSync(dir), ['out.svg']);
  });

  it('takes a plain iterable as well as an async one', async () => {
    const file = path.join(dir, 'out.txt');
    assert.equal(await writeFileAtomicChunks(file, new Set(['a', 'b', 'c'])), 3);
    assert.equal(fs.readFileSync(file, 'utf8'), 'abc');
  });
});
