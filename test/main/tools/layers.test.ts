// The layer rules (main/tools/layers.mjs, README "How it is built") must fail
// on a wrong import. test/fixtures/layers/ holds a small tree with one wrong
// import of each kind; the real tree must pass.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(import.meta.dirname, '../../..');
const tool = path.join(root, 'main/tools/layers.mjs');
const fixture = path.join(root, 'test/fixtures/layers');

interface Violation {
  rule: string;
  from: string;
  to: string;
  message: string;
}

function check(...args: string[]) {
  const r = spawnSync(process.execPath, [tool, ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.error, undefined);
  return r;
}

function violations(dir: string): { status: number | null; violations: Violation[] } {
  const r = check('--json', dir);
  return { status: r.status, violations: (JSON.parse(r.stdout) as { violations: Violation[] }).violations };
}

describe('layer rules', () => {
  it('report every wrong import in the fixture, and nothing else', () => {
    const { status, violations: found } = violations(fixture);
    assert.equal(status, 1);
    const expected = [
      // session doesn't import cli, not even lazily, not even a type
      ['main/session: imports', 'main/session/wrong-imports-cli.ts', 'main/cli/ok-args.ts'],
      ['main/session: imports', 'main/session/wrong-lazy-imports-cli.ts', 'main/cli/ok-args.ts'],
      // cluster doesn't import session; electron doesn't import cli (both type-only imports)
      ['main/cluster: imports', 'main/cluster/wrong-imports-session.ts', 'main/session/ok-choice.ts'],
      ['main/electron: imports', 'main/electron/wrong-imports-cli.ts', 'main/cli/ok-args.ts'],
      // pure code reaches no Node built-in (imported or fetched at run time) and no Electron
      ['main/model: runtime', 'main/model/wrong-reads-disk.ts', 'fs'],
      ['main/common: runtime', 'main/common/wrong-builtin-at-runtime.ts', 'fs'],
      ['main/model: packages', 'main/model/wrong-uses-electron.ts', 'electron'],
      // the renderer sees neither the session nor the Kubernetes client
      ['renderer/app: imports', 'renderer/app/wrong-imports-session.ts', 'main/session/ok-choice.ts'],
      ['renderer/layout: packages', 'renderer/layout/wrong-uses-client-node.ts', '@kubernetes/client-node'],
      // the model sits below the contract, so this import also closes a circle of folders
      ['main/model: imports', 'main/model/wrong-imports-contract.ts', 'main/contract/ok-api.ts'],
      ['circular', 'main/contract', 'main/model'],
      ['circular', 'main/cli', 'main/session'],
      ['unlisted folder', 'main/extra/wrong-unlisted-folder.ts', 'main/common/ok-text.ts'],
      ['unresolvable', 'main/common/wrong-missing-file.ts', './no-such-file.ts'],
    ];
    const key = ([rule, from, to]: string[]) => `${rule} | ${from} -> ${to}`;
    assert.deepEqual(found.map((v) => key([v.rule, v.from, v.to])).sort(), expected.map(key).sort());
    // Every wrong-* file is caught; no ok-* file is blamed.
    assert.ok(found.every((v) => !v.from.includes('/ok-')));
  });

  it('say which file imports what, and the rule it breaks', () => {
    const r = check(fixture);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /main\/session\/wrong-imports-cli\.ts → main\/cli\/ok-args\.ts\n\s+\[main\/session: imports\] main\/session may import only main\/common, .*main\/cluster, main\/snapshot/);
    assert.match(r.stderr, /main\/model\/wrong-reads-disk\.ts → fs\n\s+\[main\/model: runtime\] main\/model is pure code: no Node/);
    assert.match(r.stderr, /main\/cli → main\/session → main\/cli\n\s+\[circular\]/);
  });

  it('hold on the real tree', () => {
    const { status, violations: found } = violations(root);
    assert.deepEqual(found.map((v) => v.message), []);
    assert.equal(status, 0);
  });
});
