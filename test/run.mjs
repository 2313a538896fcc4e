#!/usr/bin/env node
// The one test command (`npm test`). It type-checks, checks the layer rules of
// README "How it is built" (main/tools/layers.mjs), runs every test file under
// node's test runner (Node 24, the major Electron 45 embeds; npm puts the `node`
// devDependency first on PATH), runs Electronegativity on the Electron code, and
// ends with a single summary line. Any failure makes the exit code non-zero.
//
//   node test/run.mjs [--only unit|e2e|cluster] [--no-typecheck] [--no-lint] [files…]

import { spawnSync } from 'node:child_process';
import { globSync, mkdirSync, readFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const explicit = args.filter((a, i) => !a.startsWith('--') && args[i - 1] !== '--only');

const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  console.error(`test/run.mjs: Node ${process.versions.node} is too old; run through npm (npm test) so the node devDependency (24.x) is used.`);
  process.exit(2);
}

const steps = [];
let failed = false;

function step(name, fn) {
  const started = Date.now();
  const ok = fn();
  steps.push({ name, ok, ms: Date.now() - started });
  if (!ok) failed = true;
  console.log(`\n[run] ${ok ? 'ok  ' : 'FAIL'} ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

function run(cmd, cmdArgs, opts = {}) {
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', ...opts });
  if (r.error) console.error(`[run] could not start ${cmd}: ${r.error.message}`);
  return r.status === 0;
}

const kinds = {
  unit: ['test/main/**/*.test.ts', 'test/renderer/**/*.test.ts', 'test/tools/**/*.test.ts'],
  e2e: ['test/e2e/**/*.test.ts'],
  cluster: ['test/live/**/*.test.ts'],
};

if (!args.includes('--no-typecheck') && explicit.length === 0) {
  // One tsc -b over the tsconfig.<part>.json files, each part with only the runtime its folders may use.
  step('typecheck (tsc -b)', () => run(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-b', 'tsconfig.json']));
}

if (!args.includes('--no-lint') && explicit.length === 0) {
  step('layers (dependency-cruiser)', () => run(process.execPath, ['main/tools/layers.mjs']));
}

if (explicit.length === 0 && (!only || only === 'e2e' || only === 'cluster')) {
  // e2e and live tests drive the built renderer; build it once up front.
  step('build (esbuild)', () => run(process.execPath, ['main/tools/build.mjs']));
}

const patterns = only ? kinds[only] : Object.values(kinds).flat();
const files = explicit.length > 0 ? explicit : patterns.flatMap((p) => globSync(p, { cwd: root })).sort();

let counts = { pass: 0, fail: 0, skipped: 0, todo: 0, cancelled: 0 };
if (files.length === 0) {
  console.error('[run] no test files found');
  failed = true;
} else {
  const outDir = path.join(root, 'test-results');
  mkdirSync(outDir, { recursive: true });
  // Each run writes its own file, so runs side by side (or the runner's own test, which
  // names one) never read each other's counts; the last one ends as node-test.tap.
  const tapFile = process.env.KUBE_ANATOMY_TAP_FILE ?? path.join(outDir, `node-test.${process.pid}.tap`);
  // Counts must come from this run, never from a file an earlier run left behind.
  rmSync(tapFile, { force: true });
  step(`node --test (${files.length} files)`, () =>
    run(process.execPath, [
      '--import', 'tsx',
      '--test',
      '--test-concurrency=2',
      `--test-timeout=${Number(process.env.KUBE_ANATOMY_TEST_TIMEOUT_MS) || 600_000}`,
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=tap', `--test-reporter-destination=${tapFile}`,
      ...files,
    ]),
  );
  if (existsSync(tapFile)) {
    const tap = readFileSync(tapFile, 'utf8');
    for (const key of Object.keys(counts)) {
      const m = tap.match(new RegExp(`^# ${key} (\\d+)$`, 'm'));
      if (m) counts[key] = Number(m[1]);
    }
    if (!process.env.KUBE_ANATOMY_TAP_FILE) renameSync(tapFile, path.join(outDir, 'node-test.tap'));
  }
}

if (!args.includes('--no-lint') && explicit.length === 0 && (!only || only === 'unit')) {
  step('electronegativity (main/electron)', () => run(process.execPath, ['main/tools/electronegativity.mjs']));
}

console.log('[run] steps:');
for (const s of steps) console.log(`[run]   ${s.ok ? 'ok  ' : 'FAIL'} ${s.name}`);
if (files.length > 0 && counts.pass + counts.fail + counts.cancelled + counts.skipped + counts.todo === 0) {
  // Files ran but no test reported back (a broken loader, a swallowed context): that proves nothing.
  failed = true;
  steps.push({ name: 'no test reported a result', ok: false, ms: 0 });
  console.log('[run] note: no test reported a result; the run fails.');
}
if (counts.cancelled > 0) {
  // A cancelled test did not finish (its parent ended or timed out first): it proves nothing, so it fails the run.
  failed = true;
  console.log(`[run] note: ${counts.cancelled} test(s) were CANCELLED; they are counted as failed.`);
}
if (counts.skipped > 0) {
  console.log(`[run] note: ${counts.skipped} test(s) were SKIPPED, not passed; see the spec output above for why.`);
}
const stepFailures = steps.filter((s) => !s.ok).length;
const testFailures = counts.fail + counts.cancelled;
// The plain closing line CI reads: tests that passed and failed (cancelled tests and a failed step count as failures).
console.log(`tests: ${counts.pass} passed, ${testFailures + (testFailures === 0 && stepFailures > 0 ? stepFailures : 0)} failed, ${counts.skipped} skipped`);
process.exit(failed ? 1 : 0);
