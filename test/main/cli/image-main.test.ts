// The image command's own entry (dist/cli/image.cjs): its answer goes to fd 1
// with fs.writeSync, not through process.stdout, and what a write can meet
// (an fd that takes a little at a time, a reader that left, a full disk, an
// fd that would block) ends as the stream's printing would.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { AnswerWriter, main, type FdWrite, type ImageOutput } from '../../../main/cli/image-main.ts';
import { REPO_ROOT } from '../../fixtures/cli.ts';
import { registrySuite, useFixtureRegistry } from '../../fixtures/registry.ts';

const errno = (code: string): NodeJS.ErrnoException => Object.assign(new Error(`${code}: from the test`), { code });

/** An fd that takes at most `each` bytes a write, and what it got; `fail` may throw instead, by call number. */
function fakeFd(each = Infinity, fail?: (call: number) => NodeJS.ErrnoException | undefined): { fd: FdWrite; bytes: () => Buffer; calls: () => number } {
  const got: Buffer[] = [];
  let calls = 0;
  const fd: FdWrite = (bytes, offset) => {
    calls++;
    const error = fail?.(calls);
    if (error) throw error;
    const n = Math.min(each, bytes.length - offset);
    got.push(Buffer.from(bytes.subarray(offset, offset + n)));
    return n;
  };
  return { fd, bytes: () => Buffer.concat(got), calls: () => calls };
}

describe('the image answer on fd 1', () => {
  const text = 'reference     registry.example/앱:1.0 ✓\n  2  0123456789ab  12 B  /bin/sh -c echo 日本\n';

  it('writes the whole text as UTF-8, in as many writes as the fd takes', async () => {
    const said: string[] = [];
    const out = fakeFd(7);
    const writer = new AnswerWriter({ fd: out.fd, say: (l) => said.push(l) });
    writer.write(text);
    writer.write('last line\n');
    assert.equal(out.bytes().toString('utf8'), `${text}last line\n`);
    assert.ok(out.calls() > 10, 'a short write is followed by the rest');
    assert.equal(await writer.finish(0), 0);
    assert.deepEqual(said, []);
  });

  it('takes a reader that left (EPIPE) as no failure and writes nothing more', async () => {
    const said: string[] = [];
    const out = fakeFd(Infinity, (call) => (call === 1 ? errno('EPIPE') : undefined));
    const writer = new AnswerWriter({ fd: out.fd, say: (l) => said.push(l) });
    writer.write(text);
    writer.write('more\n');
    assert.equal(out.calls(), 1);
    assert.equal(await writer.finish(0), 0);
    assert.deepEqual(said, []);
  });

  it('makes a lost answer (ENOSPC) exit 1 and say so, keeping a failure code of its own', async () => {
    for (const [code, expected] of [
      [0, 1],
      [2, 2],
    ]) {
      const said: string[] = [];
      const writer = new AnswerWriter({ fd: fakeFd(Infinity, () => errno('ENOSPC')).fd, say: (l) => said.push(l) });
      writer.write(text);
      assert.equal(await writer.finish(code), expected);
      assert.deepEqual(said, ['kube-anatomy: cannot write to standard output: ENOSPC']);
    }
  });

  it('hands the rest to the stream when the fd would block (EAGAIN), and later writes too, in order', async () => {
    const streamed: Buffer[] = [];
    let finished: number | undefined;
    const first = fakeFd(5, (call) => (call === 2 ? errno('EAGAIN') : undefined));
    const output: ImageOutput = {
      fd: first.fd,
      say: () => assert.fail('nothing to say'),
      stream: { write: (bytes) => void streamed.push(Buffer.from(bytes)), finish: async (code) => ((finished = code), 3) },
    };
    const writer = new AnswerWriter(output);
    writer.write(text);
    writer.write('after\n');
    assert.equal(first.bytes().toString('utf8') + Buffer.concat(streamed).toString('utf8'), `${text}after\n`);
    assert.equal(first.calls(), 2, 'the fd is not asked again once it blocked');
    assert.equal(await writer.finish(0), 3, "the stream's own exit code (a flush that failed) counts");
    assert.equal(finished, 0);
  });

  it('writes to real fds: a file gets the bytes, /dev/full loses them', { skip: fs.existsSync('/dev/full') ? false : 'no /dev/full on this system' }, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-image-main-'));
    try {
      const file = fs.openSync(path.join(dir, 'out'), 'w');
      const toFile = new AnswerWriter({ fd: (bytes, offset) => fs.writeSync(file, bytes, offset), say: () => assert.fail('nothing to say') });
      toFile.write(text);
      assert.equal(await toFile.finish(0), 0);
      fs.closeSync(file);
      assert.equal(fs.readFileSync(path.join(dir, 'out'), 'utf8'), text);
      const full = fs.openSync('/dev/full', 'w');
      const said: string[] = [];
      const toFull = new AnswerWriter({ fd: (bytes, offset) => fs.writeSync(full, bytes, offset), say: (l) => said.push(l) });
      toFull.write(text);
      assert.equal(await toFull.finish(0), 1);
      fs.closeSync(full);
      assert.deepEqual(said, ['kube-anatomy: cannot write to standard output: ENOSPC']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

registrySuite('the image command answers on its fd, against a real registry', () => {
  const fixture = useFixtureRegistry('ka-image-main-registry-');

  it('writes the table through the fd it is given, and says nothing', async () => {
    const out = fakeFd(100);
    const said: string[] = [];
    const code = await main(['image', `${fixture.registry.host}/single:v1`, '--platform', 'linux/amd64'], { fd: out.fd, say: (l) => said.push(l) });
    assert.equal(code, 0);
    assert.match(out.bytes().toString('utf8'), new RegExp(`^reference     ${fixture.registry.host}/single:v1\\n[\\s\\S]*^layers: \\d+, `, 'm'));
    assert.deepEqual(said, []);
  });

  it('as a process: answers on fd 1, makes neither process.stdout nor process.stderr, and exits with its connections left open', () => {
    // The streams' getters are watched while main() runs, for reads from the app's own code: tsx's
    // IPC pipe makes process.stderr as it closes (node:net's _destroy compares a socket with it).
    const child = [
      "const made = [];",
      "for (const name of ['stdout', 'stderr']) {",
      "  const own = Object.getOwnPropertyDescriptor(process, name);",
      "  Object.defineProperty(process, name, { configurable: true, enumerable: own.enumerable, get() {",
      "    if (/\\/main\\/(cli|registry|common)\\//.test(new Error().stack)) made.push(name);",
      "    return own.get.call(process);",
      "  } });",
      "}",
      "process.on('exit', () => process.getBuiltinModule('node:fs').writeSync(3, JSON.stringify(made)));",
      "process.exitCode = await main(process.argv.slice(1));",
    ].join('\n');
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', `const { main } = await import('./main/cli/image-main.ts');\n${child}`, 'image', `${fixture.registry.host}/team/multi:1.0`, '--platform', 'linux/arm64'],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
        env: { PATH: process.env.PATH ?? '', HOME: fixture.dir, KUBE_ANATOMY_REGISTRY_CACHE: path.join(fixture.dir, 'child-cache'), DOCKER_CONFIG: path.join(fixture.dir, 'docker') },
        // A connection left holding the process open would show as this timeout.
        timeout: 60_000,
      },
    );
    assert.equal(r.signal, null, `the process did not end by itself: ${r.stderr}`);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^reference     ${fixture.registry.host}/team/multi:1\\.0\\n[\\s\\S]*^platform      linux/arm64/v8$`, 'm'));
    assert.equal(r.stderr, '');
    assert.deepEqual(JSON.parse(String(r.output[3])), []);
  });

  it('leaves a command line it does not take to the full CLI', async () => {
    assert.equal(await main(['image', '--help'], { fd: fakeFd().fd, say: () => assert.fail('nothing to say') }), undefined);
  });
});
