// `export --snapshot` as a user gives it a snapshot that is no plain UTF-8
// file: standard input (`-`), a named pipe (what `<(kubectl …)` hands over),
// UTF-16 from Windows PowerShell; and the warnings printed for what the
// snapshot lacks (claims without their PVCs, pods on nodes it has no Node for).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CLI_NODE_ARGS, REPO_ROOT } from '../../fixtures/cli.ts';
import { USAGE } from '../../../main/cli/args.ts';

/** Runs the CLI with `input` on its standard input. */
function cliWithInput(args: string[], input?: Buffer | string) {
  const r = spawnSync(process.execPath, [...CLI_NODE_ARGS, ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() },
    timeout: 120_000,
    ...(input !== undefined ? { input } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const node = (name: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name, uid: `uid-${name}` }, status: { conditions: [{ type: 'Ready', status: 'True' }] } });
const pod = (name: string, nodeName: string, spec: Record<string, unknown> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default', uid: `uid-${name}` },
  spec: { nodeName, containers: [{ name: 'c', image: 'nginx:1.27' }], ...spec },
  status: { phase: 'Running' },
});
const list = (items: unknown[]) => `${JSON.stringify({ apiVersion: 'v1', kind: 'List', items, metadata: { resourceVersion: '' } }, null, 4)}\n`;
const CLUSTER = list([node('n1'), pod('web-0', 'n1')]);

describe('export --snapshot from standard input, a pipe, and UTF-16', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kube-anatomy-input-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('--snapshot - reads standard input, and the picture names it stdin', () => {
    const out = path.join(dir, 'stdin.svg');
    const r = cliWithInput(['export', '--snapshot', '-', '--out', out], CLUSTER);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /wrote .*stdin\.svg .*1 nodes, 1 pods, 1 containers from snapshot stdin/);
    assert.ok(existsSync(out));
  });

  it('--snapshot - with a bad snapshot says stdin and where, not a missing file named -', () => {
    const r = cliWithInput(['export', '--snapshot', '-', '--out', path.join(dir, 'bad.svg')], '{"kind": "List", "items": [');
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^kube-anatomy: stdin \(line 1, column 28\): is not valid JSON/);
    assert.doesNotMatch(r.stderr, /ENOENT/);
  });

  it('a UTF-16LE snapshot with a byte order mark, as PowerShell 5.1 writes it, from a file and from standard input', () => {
    const file = path.join(dir, 'cluster-utf16.json');
    const bytes = Buffer.from(`\uFEFF${CLUSTER.replace(/\n/g, '\r\n')}`, 'utf16le');
    writeFileSync(file, bytes);
    const fromFile = cliWithInput(['export', '--snapshot', file, '--out', path.join(dir, 'utf16.svg')]);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.match(fromFile.stderr, /1 nodes, 1 pods/);
    const fromStdin = cliWithInput(['export', '--snapshot', '-', '--out', path.join(dir, 'utf16-stdin.svg')], bytes);
    assert.equal(fromStdin.code, 0, fromStdin.stderr);
    // Big-endian too.
    writeFileSync(file, Buffer.from(bytes).swap16());
    const be = cliWithInput(['export', '--snapshot', file, '--out', path.join(dir, 'utf16be.svg')]);
    assert.equal(be.code, 0, be.stderr);
  });

  it('a named pipe (what the shell\'s <(…) gives) is read, not refused as no regular file', { skip: process.platform === 'win32' ? 'no FIFOs' : false }, async () => {
    const fifo = path.join(dir, 'cluster.pipe');
    spawnSync('mkfifo', [fifo]);
    const source = path.join(dir, 'for-pipe.json');
    writeFileSync(source, CLUSTER);
    // The writer waits for the CLI to open the pipe.
    const writer = spawn('sh', ['-c', 'cat "$0" > "$1"', source, fifo], { stdio: 'ignore' });
    const done = new Promise((resolve) => writer.on('exit', resolve));
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [...CLI_NODE_ARGS, 'export', '--snapshot', fifo, '--out', path.join(dir, 'pipe.svg')], {
        cwd: REPO_ROOT,
        env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('exit', (code) => resolve({ code, stderr }));
    });
    await done;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /1 nodes, 1 pods/);
    assert.doesNotMatch(r.stderr, /not a regular file/);
  });

  it('a folder is still refused as no regular file', () => {
    const r = cliWithInput(['export', '--snapshot', dir, '--out', path.join(dir, 'dir.svg')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Could not read snapshot .*: not a regular file/);
  });

  it('the help says - reads standard input', () => {
    assert.match(USAGE, /--snapshot FILE .*\n +- reads it from standard input/);
  });
});

describe('export --snapshot: the warnings for what a snapshot lacks', () => {
  it('pods using claims without PVC objects: plain words, no found: false', () => {
    const claims = list([node('n1'), pod('db-0', 'n1', { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } }] })]);
    const r = cliWithInput(['export', '--snapshot', '-', '--out', path.join(os.tmpdir(), `ka-claims-${process.pid}.svg`)], claims);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /warning: persistentvolumeclaims unavailable: the snapshot has no PersistentVolumeClaim objects \(Claims are shown by name only; their phase, size and bound volume are unknown\.\)/);
    assert.doesNotMatch(r.stderr, /found: false/);
  });

  it('pods on nodes the snapshot has no Node object for: a warning naming how many and which', () => {
    const ghosts = list([node('n1'), pod('a', 'n1'), pod('b', 'ghost-1'), pod('c', 'ghost-2')]);
    const out = path.join(os.tmpdir(), `ka-ghost-${process.pid}.svg`);
    const r = cliWithInput(['export', '--snapshot', '-', '--out', out], ghosts);
    rmSync(out, { force: true });
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stderr,
      /warning: nodes incomplete: the snapshot has no Node objects for 2 nodes that pods run on \(ghost-1, ghost-2\); they are inferred from their pods \(A node inferred from its pods is drawn from their spec\.nodeName alone; its addresses, conditions, capacity and runtime are unknown\.\)/,
    );
    assert.match(r.stderr, /3 nodes, 3 pods/);
  });
});
