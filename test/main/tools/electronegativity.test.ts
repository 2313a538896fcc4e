import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const tool = path.join(root, 'main/tools/electronegativity.mjs');

interface Report {
  ok: boolean;
  findings: { id: string; severity: string; file: string; line: number; accepted?: string }[];
  parseErrors: unknown[];
}

function lint(...args: string[]): { status: number | null; report: Report; stdout: string } {
  const r = spawnSync(process.execPath, [tool, '--json', ...args], { cwd: root, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.error, undefined);
  return { status: r.status, report: JSON.parse(r.stdout) as Report, stdout: r.stdout };
}

describe('electronegativity gate', () => {
  it('fails on the deliberately insecure sample, naming the findings', () => {
    const { status, report } = lint('--input', 'test/fixtures/electron/insecure', '--accepted', path.join(os.tmpdir(), 'ka-no-such-accepted.json'));
    assert.equal(status, 1);
    assert.equal(report.ok, false);
    const ids = new Set(report.findings.map((f) => f.id));
    for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'INSECURE_CONTENT_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']) {
      assert.ok(ids.has(id), `${id} in ${[...ids].join(', ')}`);
    }
    assert.ok(report.findings.every((f) => f.accepted === undefined));
    const sandbox = report.findings.find((f) => f.id === 'SANDBOX_JS_CHECK')!;
    assert.equal(sandbox.file, 'test/fixtures/electron/insecure/main.js');
    const line = fs.readFileSync(path.join(root, sandbox.file), 'utf8').split('\n')[sandbox.line - 1];
    assert.match(line, /sandbox: false/);
  });

  it('still fails when only some findings are accepted', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-en-'));
    try {
      const accepted = path.join(dir, 'accepted.json');
      fs.writeFileSync(accepted, JSON.stringify({ accepted: [{ id: 'SANDBOX_JS_CHECK', file: 'test/fixtures/electron/insecure/main.js', reason: 'accepted only to test that the rest still fails the run' }] }));
      const { status, report } = lint('--input', 'test/fixtures/electron/insecure', '--accepted', accepted);
      assert.equal(status, 1);
      assert.ok(report.findings.find((f) => f.id === 'SANDBOX_JS_CHECK')?.accepted);
      assert.ok(report.findings.some((f) => f.id === 'CONTEXT_ISOLATION_JS_CHECK' && f.accepted === undefined));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an accepted entry without a reason', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-en-'));
    try {
      const accepted = path.join(dir, 'accepted.json');
      fs.writeFileSync(accepted, JSON.stringify({ accepted: [{ id: 'SANDBOX_JS_CHECK', file: 'x' }] }));
      const r = spawnSync(process.execPath, [tool, '--input', 'test/fixtures/electron/insecure', '--accepted', accepted], { cwd: root, encoding: 'utf8' });
      assert.equal(r.status, 2);
      assert.match(r.stderr, /reason/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes on main/electron, every finding accepted with a reason', () => {
    const { status, report } = lint();
    assert.equal(status, 0, JSON.stringify(report.findings, null, 1));
    assert.equal(report.parseErrors.length, 0);
    for (const f of report.findings) assert.ok(f.accepted && f.accepted.length >= 20, f.id);
    // The hardened settings produce none of the webPreferences findings.
    const ids = new Set(report.findings.map((f) => f.id));
    for (const id of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'NODE_INTEGRATION_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK']) {
      assert.equal(ids.has(id), false, id);
    }
  });
});
