// `kube-anatomy record` and `export --recording` as a user runs them: a
// separate process, its exit code, what it prints and the files it writes.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function cli(args: string[]) {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', "const { main } = await import('./main/cli/main.ts'); process.exitCode = await main(process.argv.slice(1));", ...args],
    { cwd: ROOT, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() }, timeout: 120_000 },
  );
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const count = (svg: string, kind: string) => svg.split(`data-kind="${kind}"`).length - 1;

describe('kube-anatomy record and export --recording', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'record-cmd-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('records the demo for --duration, and export --recording --at end draws what export --demo draws', () => {
    const file = path.join(dir, 'demo.karec');
    const rec = cli(['record', '--demo', '--out', file, '--duration', '300ms']);
    assert.equal(rec.code, 0, rec.stderr);
    assert.match(rec.stderr, /recording demo demo; Ctrl\+C ends it/);
    assert.match(rec.stderr, /wrote .*demo\.karec \(.*\): 0 changes in/);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    assert.equal(JSON.parse(lines[0]).kubeAnatomyRecording, 1);
    assert.ok(JSON.parse(lines.at(-1)!).end);

    const fromRecording = path.join(dir, 'at.svg');
    const a = cli(['export', '--recording', file, '--at', 'end', '--out', fromRecording]);
    assert.equal(a.code, 0, a.stderr);
    const demo = path.join(dir, 'demo.svg');
    assert.equal(cli(['export', '--demo', '--out', demo]).code, 0);
    const [x, y] = [readFileSync(fromRecording, 'utf8'), readFileSync(demo, 'utf8')];
    for (const kind of ['node', 'pod', 'container', 'volume']) assert.equal(count(x, kind), count(y, kind), kind);
    assert.ok(count(x, 'pod') > 10);
  });

  it('says what is wrong, with the line, and exits 1; a bad --at is a usage error (2)', () => {
    const bad = path.join(dir, 'bad.karec');
    writeFileSync(bad, '{"kubeAnatomyRecording":1,"source":{"kind":"demo","name":"demo","namespaces":[]},"started":"2026-12-01T00:00:00Z"}\n{"t":0,"n":0,"state":{nodes:[]}}\n');
    const r = cli(['export', '--recording', bad, '--at', '0s', '--out', path.join(dir, 'x.svg')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /bad\.karec \(line 2, column \d+\): is not JSON/);
    const u = cli(['export', '--recording', bad, '--at', 'soon', '--out', path.join(dir, 'x.svg')]);
    assert.equal(u.code, 2);
    assert.match(u.stderr, /--at soon: expected an offset/);
    assert.equal(cli(['export', '--recording', bad, '--demo', '--at', '1s', '--out', path.join(dir, 'x.svg')]).code, 2);
  });
});
