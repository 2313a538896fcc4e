import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { loginShellPath, mergePath } from '../../../main/cluster/shell-path.ts';
import { FIXTURES } from '../../fixtures/fake-apiserver.ts';
import { tempDir } from './helpers/harness.ts';

const SHELLS = path.join(FIXTURES, 'shell');

describe('loginShellPath', () => {
  it('asks /bin/bash as a login shell, so ~/.bash_profile additions are seen', async () => {
    const { dir, cleanup } = tempDir();
    try {
      writeFileSync(path.join(dir, '.bash_profile'), 'export PATH="/opt/from-bash-profile/bin:$PATH"\necho "hello from .bash_profile"\n');
      const result = await loginShellPath({ shell: '/bin/bash', env: { HOME: dir, PATH: '/usr/bin:/bin', TERM: 'dumb' }, timeoutMs: 10_000 });
      assert.ok(result, 'a PATH');
      const entries = result.split(':');
      assert.equal(entries[0], '/opt/from-bash-profile/bin');
      assert.ok(entries.includes('/usr/bin') || entries.includes('/bin'));
      assert.ok(!result.includes('hello'), 'rc-file output is not part of PATH');
    } finally {
      cleanup();
    }
  });

  it('finds PATH between its markers whatever the rc files print', async () => {
    const result = await loginShellPath({ shell: path.join(SHELLS, 'noisy-shell.sh'), env: { PATH: '/usr/bin:/bin' } });
    assert.equal(result, '/opt/fake-shell/bin:/usr/bin:/bin:/opt/fake-shell/bin');
  });

  it('gives up after the timeout and kills the shell', async () => {
    const started = Date.now();
    await assert.rejects(loginShellPath({ shell: path.join(SHELLS, 'hanging-shell.sh'), timeoutMs: 300 }), /did not print PATH within 0\.3 s/);
    assert.ok(Date.now() - started < 3000);
  });

  it('reports a shell that fails, with its stderr', async () => {
    await assert.rejects(
      loginShellPath({ shell: path.join(SHELLS, 'broken-shell.sh') }),
      /broken-shell\.sh exited \(1\) without printing PATH: zsh: parse error near '}' in \.zshrc/,
    );
  });

  it('reports a shell that does not exist', async () => {
    await assert.rejects(loginShellPath({ shell: '/no/such/shell' }), /cannot run login shell \/no\/such\/shell: spawn \/no\/such\/shell ENOENT/);
  });

  it('does not apply on Windows or without a shell', async () => {
    assert.equal(await loginShellPath({ shell: '/bin/sh', platform: 'win32' }), undefined);
    assert.equal(await loginShellPath({ env: {} }), undefined);
  });
});

describe('mergePath', () => {
  it('puts the login shell entries first and drops duplicates and empty entries', () => {
    assert.equal(
      mergePath('/usr/bin:/bin::/usr/local/bin', '/opt/homebrew/bin:/usr/bin:/opt/homebrew/bin:/home/u/google-cloud-sdk/bin', ':'),
      '/opt/homebrew/bin:/usr/bin:/home/u/google-cloud-sdk/bin:/bin:/usr/local/bin',
    );
  });

  it('copes with either side missing', () => {
    assert.equal(mergePath(undefined, '/a:/a', ':'), '/a');
    assert.equal(mergePath('/b:/c:/b', undefined, ':'), '/b:/c');
    assert.equal(mergePath('C:\\bin;D:\\x', 'C:\\bin', ';'), 'C:\\bin;D:\\x');
  });
});
