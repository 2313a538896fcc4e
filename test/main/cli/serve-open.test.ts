// `serve --open` must not put the token on a command line: any user can read
// those (`ps`), and the browser keeps its arguments for as long as it runs.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { openBrowser, writeLauncher } from '../../../main/cli/serve.ts';

const URL_WITH_TOKEN = 'http://127.0.0.1:41234/?token=' + 'A'.repeat(43);

describe('serve --open', () => {
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    it(`hands the browser a private launcher page, never the token (${platform})`, () => {
      const calls: { cmd: string; args: string[] }[] = [];
      const launcher = openBrowser(
        URL_WITH_TOKEN,
        (cmd, args) => {
          calls.push({ cmd, args });
          return { on: () => undefined, unref: () => undefined };
        },
        platform,
      );
      try {
        assert.equal(calls.length, 1);
        assert.ok(!calls[0].args.join(' ').includes('token'), `arguments: ${calls[0].args.join(' ')}`);
        assert.equal(calls[0].args.at(-1), launcher.file);
        assert.ok(fs.readFileSync(launcher.file, 'utf8').includes(`url=${URL_WITH_TOKEN}`));
      } finally {
        launcher.remove();
      }
      assert.equal(fs.existsSync(path.dirname(launcher.file)), false, 'removed with the server');
    });
  }

  it('keeps the launcher readable by this user only', { skip: process.platform === 'win32' ? 'POSIX modes' : false }, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-launcher-'));
    try {
      const launcher = writeLauncher(URL_WITH_TOKEN, dir);
      assert.equal(fs.statSync(launcher.file).mode & 0o777, 0o600);
      assert.equal(fs.statSync(path.dirname(launcher.file)).mode & 0o777, 0o700);
      const page = fs.readFileSync(launcher.file, 'utf8');
      assert.match(page, /<meta name="referrer" content="no-referrer">/);
      assert.match(page, new RegExp(`<meta http-equiv="refresh" content="0;url=${URL_WITH_TOKEN.replace(/[?]/g, '\\?')}">`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
