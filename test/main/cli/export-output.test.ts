// Where an export's bytes go: only into the file asked for, whole, even when
// someone plants links in the folder or nobody reads what the command prints.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { parseCommandLine, type ExportCommand } from '../../../main/cli/args.ts';
import { runExport } from '../../../main/cli/export.ts';
import { loadDemo } from '../../../main/snapshot/index.ts';
import { CLI_NODE_ARGS } from '../../fixtures/cli.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

let dir: string;
let outside: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-export-out-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-export-victim-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

function svgRoot(file: string) {
  const text = fs.readFileSync(file, 'utf8');
  const { document } = parseHTML(`<html><body>${text.replace(/^<\?xml[^>]*>/, '')}</body></html>`);
  const svg = document.querySelector('body > svg');
  assert.ok(svg, `${file} holds an <svg> root`);
  assert.ok(text.trimEnd().endsWith('</svg>'), `${file} is complete`);
  return svg;
}

describe('export writes only its own file', () => {
  it('does not follow a symlink planted at the temporary name the export used to pick', async () => {
    const out = path.join(dir, 'x.svg');
    const victim = path.join(outside, 'victim');
    fs.writeFileSync(victim, 'precious');
    // The old name, .<out>.<pid>.tmp, was known in advance to anyone who could guess the pid.
    const planted = path.join(dir, `.x.svg.${process.pid}.tmp`);
    fs.symlinkSync(victim, planted);

    const lines: string[] = [];
    const code = await runExport(parseCommandLine(['export', '--demo', '--out', out]) as ExportCommand, (line) => lines.push(line));

    assert.equal(code, 0, lines.join('\n'));
    assert.equal(fs.readFileSync(victim, 'utf8'), 'precious');
    assert.equal(fs.lstatSync(out).isFile(), true, 'the output is a file, not a planted link renamed into place');
    svgRoot(out);
    assert.deepEqual(fs.readdirSync(dir).sort(), [path.basename(planted), 'x.svg']);
  });
});

/** Runs the command as a user would, with its stdout and stderr pipes closed before it prints anything. */
function exportWithClosedOutput(args: string[]): Promise<number | null> {
  const child = spawn(
    process.execPath,
    [...CLI_NODE_ARGS, ...args],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout.destroy();
  child.stderr.destroy();
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

describe('export with nobody reading stdout and stderr', () => {
  it('still writes the whole SVG, leaves no temporary file and exits 0', async () => {
    const out = path.join(dir, 'x.svg');
    assert.equal(await exportWithClosedOutput(['export', '--demo', '--out', out]), 0);
    svgRoot(out);
    assert.deepEqual(fs.readdirSync(dir), ['x.svg']);
  });

  it('survives warnings printed before the file is written', async () => {
    // Without namespaces and volumes the export warns about each before drawing,
    // so the failed writes to stderr come while the export is still under way.
    const demo = loadDemo();
    const snapshot = path.join(outside, 'nodes-and-pods.json');
    fs.writeFileSync(snapshot, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...demo.nodes!, ...demo.pods!] }));
    const out = path.join(dir, 'x.svg');
    assert.equal(await exportWithClosedOutput(['export', '--snapshot', snapshot, '--out', out]), 0);
    assert.equal(svgRoot(out).querySelectorAll('g[data-kind="pod"]').length, demo.pods!.length);
    assert.deepEqual(fs.readdirSync(dir), ['x.svg']);
  });

  it('still exits 1 when the export itself fails', async () => {
    assert.equal(await exportWithClosedOutput(['export', '--demo', '--out', path.join(dir, 'missing', 'x.svg')]), 1);
    assert.deepEqual(fs.readdirSync(dir), []);
  });
});

/** Runs the command with stdout on a full disk (/dev/full); `--` keeps node from taking `--version` for itself. */
function withFullStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const full = fs.openSync('/dev/full', 'w');
  const child = spawn(
    process.execPath,
    [...CLI_NODE_ARGS, '--', ...args],
    { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: os.tmpdir() }, stdio: ['ignore', full, 'pipe'] },
  );
  fs.closeSync(full);
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('commands whose result is what they print', { skip: fs.existsSync('/dev/full') ? false : 'no /dev/full on this system' }, () => {
  for (const args of [['--version'], ['--help']]) {
    it(`${args.join(' ')} exits 1 and says so when stdout cannot be written`, async () => {
      const { code, stderr } = await withFullStdout(args);
      assert.equal(code, 1);
      assert.match(stderr, /cannot write to standard output: ENOSPC/);
    });
  }
});
