#!/usr/bin/env node
// Runs Electronegativity (Doyensec's Electron security linter) on the Electron
// code and fails on every finding of medium severity or above that is not
// listed, with a written reason, in electronegativity-accepted.json. Part of
// `npm test`.
//
//   node main/tools/electronegativity.mjs [--input DIR] [--accepted FILE] [--json]
//
// Electronegativity parses TypeScript itself, so it reads main/electron/*.ts
// directly (line numbers then match the sources). It is run offline: its
// translation download and the Electron-releases lookup are replaced below.

import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ELECTRON_VERSION = '45.5.0';
const FAIL_AT = 2; // Electronegativity's MEDIUM; HIGH is 3.

function option(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

const input = path.resolve(root, option('--input', 'main/electron'));
const acceptedFile = path.resolve(root, option('--accepted', 'main/tools/electronegativity-accepted.json'));
const asJson = process.argv.includes('--json');

/** Reads and checks the accepted list: every entry names a check id and a file and says why. */
function loadAccepted(file) {
  if (!existsSync(file)) return [];
  const raw = JSON.parse(readFileSync(file, 'utf8'));
  const entries = Array.isArray(raw) ? raw : raw?.accepted;
  if (!Array.isArray(entries)) throw new Error(`${file}: expected {"accepted": [...]}`);
  return entries.map((e, i) => {
    if (typeof e?.id !== 'string' || typeof e?.file !== 'string' || typeof e?.reason !== 'string' || e.reason.trim().length < 20) {
      throw new Error(`${file}: entry ${i} needs "id", "file" and a "reason" of at least a sentence`);
    }
    return { id: e.id, file: e.file, reason: e.reason.trim() };
  });
}

/** Electronegativity, with its network calls replaced by immediate failures (it handles both). */
function loadElectronegativity() {
  const require = createRequire(import.meta.url);
  const pkg = require.resolve('@doyensec/electronegativity/package.json');
  const local = createRequire(pkg);
  const gotPath = local.resolve('got');
  const offline = () => Promise.reject(new Error('offline: Electronegativity runs without network in tests'));
  offline.head = offline;
  local.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: offline, children: [], paths: [] };
  return local('./dist/runner.js');
}

function displayFile(file) {
  if (!file || file === 'N/A') return 'N/A';
  return path.relative(root, path.resolve(input, file)).split(path.sep).join('/');
}

async function main() {
  if (!existsSync(input)) throw new Error(`no such directory: ${input}`);
  const accepted = loadAccepted(acceptedFile);
  const run = loadElectronegativity();
  // It prints a line when the (stubbed) translation download fails; keep the output to our table.
  const log = console.log;
  console.log = () => {};
  let result;
  try {
    result = await run(
      {
        input,
        output: undefined,
        isSarif: false,
        customScan: [],
        // Looks up Electron releases on GitHub: needs network, and Electron's version is pinned anyway.
        excludeFromScan: ['availablesecurityfixesglobalcheck'],
        severitySet: undefined,
        confidenceSet: undefined,
        isRelative: true,
        isVerbose: false,
        electronUpgrade: undefined,
        electronVersionOverride: ELECTRON_VERSION,
        parserPlugins: [],
      },
      false,
    );
  } finally {
    console.log = log;
  }

  const findings = result.issues
    .filter((i) => i.severity.value >= FAIL_AT)
    .map((i) => {
      const file = displayFile(i.file);
      const match = accepted.find((a) => a.id === i.id && a.file === file);
      return { id: i.id, severity: i.severity.name, confidence: i.confidence.name, file, line: i.location?.line ?? 0, accepted: match?.reason, sample: String(i.sample ?? '').trim().slice(0, 70) };
    })
    .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
  const below = result.issues.length - findings.length;
  const parseErrors = result.errors.filter((e) => !e.tolerable).map((e) => ({ file: displayFile(e.file), message: e.message }));
  const unaccepted = findings.filter((f) => f.accepted === undefined);
  const stale = accepted.filter((a) => !findings.some((f) => f.id === a.id && f.file === a.file));
  const ok = unaccepted.length === 0 && parseErrors.length === 0;

  if (asJson) {
    console.log(JSON.stringify({ ok, input: displayFile(input), findings, parseErrors, stale, belowThreshold: below }, null, 2));
  } else {
    console.log(`electronegativity ${ELECTRON_VERSION}: ${displayFile(input)} (${result.atomicChecks} atomic, ${result.globalChecks} global checks)`);
    const rows = findings.map((f) => [f.accepted ? 'accepted' : 'FAIL', f.severity, f.confidence, `${f.file}:${f.line}`, f.id]);
    if (rows.length > 0) {
      const head = ['status', 'severity', 'confidence', 'where', 'check'];
      const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
      for (const r of [head, ...rows]) console.log(`  ${r.map((cell, c) => cell.padEnd(widths[c])).join('  ')}`);
    }
    for (const f of unaccepted) console.log(`  FAIL ${f.id} at ${f.file}:${f.line}: ${f.sample}`);
    for (const e of parseErrors) console.log(`  FAIL could not parse ${e.file}: ${e.message}`);
    for (const a of stale) console.log(`  note: accepted ${a.id} in ${a.file} was not found any more; remove it from ${path.relative(root, acceptedFile)}`);
    console.log(`  ${findings.length} finding(s) at medium or above (${findings.length - unaccepted.length} accepted), ${below} below medium, ${parseErrors.length} parse error(s)`);
    console.log(ok ? 'electronegativity: ok' : 'electronegativity: FAILED (fix the code, or accept the finding with a reason)');
  }
  process.exitCode = ok ? 0 : 1;
}

main().catch((error) => {
  console.error(`electronegativity: ${error?.stack ?? error}`);
  process.exitCode = 2;
});
