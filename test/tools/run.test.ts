// The test runner (test/run.mjs) is what CI reads: its closing line and exit
// code must say the truth about what ran. These run it on small fixture files.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';

const root = path.resolve(import.meta.dirname, '../..');

function withoutTestContext(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { NODE_TEST_CONTEXT: _, ...rest } = env;
  return rest;
}

function runRunner(fixture: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ka-runner-'));
  try {
    const r = spawnSync(process.execPath, ['test/run.mjs', fixture], {
      cwd: root,
      encoding: 'utf8',
      timeout: 120_000,
      // NODE_TEST_CONTEXT would make the inner `node --test` report to us instead of running.
      env: { ...withoutTestContext(process.env), KUBE_ANATOMY_TAP_FILE: path.join(dir, 'run.tap'), ...env },
    });
    const summary = r.stdout.split('\n').filter((line) => line.startsWith('tests: ')).at(-1);
    return { status: r.status, stdout: r.stdout, summary };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('a passing file ends with its real counts and exit code 0', () => {
  const r = runRunner('test/fixtures/runner/passing.fixture.ts');
  assert.equal(r.summary, 'tests: 1 passed, 0 failed, 0 skipped', r.stdout);
  assert.equal(r.status, 0);
});

test('cancelled tests are counted as failed and fail the run', () => {
  // A short run timeout cancels the subtest that never settles, and its parent with it.
  const r = runRunner('test/fixtures/runner/cancelled.fixture.ts', { KUBE_ANATOMY_TEST_TIMEOUT_MS: '1000' });
  assert.equal(r.summary, 'tests: 1 passed, 2 failed, 0 skipped', r.stdout);
  assert.match(r.stdout, /2 test\(s\) were CANCELLED/);
  assert.equal(r.status, 1);
});

test('a run in which no test reports back fails', () => {
  // Under NODE_TEST_CONTEXT the inner node --test runs nothing and reports nothing.
  const r = runRunner('test/fixtures/runner/passing.fixture.ts', { NODE_TEST_CONTEXT: 'child-v8' });
  assert.equal(r.summary, 'tests: 0 passed, 1 failed, 0 skipped', r.stdout);
  assert.match(r.stdout, /no test reported a result/);
  assert.equal(r.status, 1);
});
