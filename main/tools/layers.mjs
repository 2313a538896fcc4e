#!/usr/bin/env node
// The layer rules of README "How it is built", held by dependency-cruiser:
// which folder may import which, and which runtime (Node built-ins, npm
// packages) each may reach. `npm test` runs it; a wrong import fails the run
// with the file, the import and the rule it breaks.
//
//   node main/tools/layers.mjs [--json] [root]      (root defaults to the repository)
//
// The default export is a plain dependency-cruiser configuration, so the
// tool's own reports work too, e.g. a picture of the folders:
//   npx depcruise --config main/tools/layers.mjs --output-type archi main renderer | dot -T svg > layers.svg
//
// The table below is the rule: each folder lists the folders (or files) it may
// import and the npm packages it may use. Anything not listed is a violation,
// so a new dependency between folders is a decision made here and in the
// README, never an accident. The lists form a stack, so folders cannot import
// each other in a circle.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * runtime: 'pure' reaches no Node built-in, 'dom' a Document but no Node,
 * 'node' and 'electron' reach Node's built-ins.
 * @type {Record<string, { runtime: 'pure' | 'dom' | 'node' | 'electron', imports: string[], packages?: string[] }>}
 */
export const layers = {
  'main/common': { runtime: 'pure', imports: [] },
  'main/i18n': { runtime: 'pure', imports: ['main/common'] },
  'main/model': { runtime: 'pure', imports: ['main/common', 'main/i18n'] },
  'main/contract': { runtime: 'pure', imports: ['main/common', 'main/i18n', 'main/model'] },
  'main/source': { runtime: 'pure', imports: ['main/common', 'main/i18n', 'main/model', 'main/contract'] },
  'renderer/layout': { runtime: 'pure', imports: ['main/common', 'main/i18n', 'main/model'] },
  'renderer/scene': { runtime: 'pure', imports: ['main/common', 'main/i18n', 'main/model', 'renderer/layout'] },
  'renderer/teach': { runtime: 'pure', imports: ['main/common', 'main/i18n', 'main/model'] },
  'renderer/draw': { runtime: 'dom', imports: ['main/common', 'main/i18n', 'main/model', 'renderer/layout', 'renderer/scene'], packages: ['d3'] },
  'renderer/app': {
    runtime: 'dom',
    imports: ['main/common', 'main/i18n', 'main/model', 'main/contract', 'renderer/layout', 'renderer/scene', 'renderer/teach', 'renderer/draw'],
    packages: ['d3'],
  },
  'renderer/bridge': { runtime: 'dom', imports: ['main/common', 'main/i18n', 'main/contract', 'renderer/app'] },

  'main/files': { runtime: 'node', imports: ['main/common', 'main/i18n'] },
  'main/cluster': {
    runtime: 'node',
    imports: ['main/common', 'main/i18n', 'main/model', 'main/contract', 'main/source', 'main/files'],
    packages: ['@kubernetes/client-node', 'yaml'],
  },
  'main/registry': { runtime: 'node', imports: ['main/common', 'main/i18n', 'main/model', 'main/contract'] },
  'main/snapshot': {
    runtime: 'node',
    imports: ['main/common', 'main/i18n', 'main/model', 'main/files', 'assets'],
    packages: ['yaml'],
  },
  'main/record': { runtime: 'node', imports: ['main/common', 'main/i18n', 'main/model', 'main/contract', 'main/source', 'main/files', 'main/snapshot'] },
  'main/session': {
    runtime: 'node',
    imports: ['main/common', 'main/i18n', 'main/model', 'main/contract', 'main/source', 'main/files', 'main/cluster', 'main/snapshot', 'main/registry', 'main/record', 'package.json'],
  },
  'main/export': {
    runtime: 'node',
    imports: ['main/common', 'main/i18n', 'main/model', 'main/files', 'renderer/layout', 'renderer/scene', 'renderer/teach', 'renderer/draw'],
    packages: ['linkedom', '@resvg/resvg-js'],
  },
  'main/server': {
    runtime: 'node',
    imports: ['main/common', 'main/i18n', 'main/model', 'main/contract', 'main/source', 'main/files', 'main/session'],
    packages: ['ws'],
  },
  'main/electron': {
    runtime: 'electron',
    imports: ['main/common', 'main/i18n', 'main/model', 'main/contract', 'main/source', 'main/files', 'main/cluster', 'main/snapshot', 'main/session'],
    packages: ['electron'],
  },
  'main/cli': {
    runtime: 'node',
    imports: [
      'main/common', 'main/i18n', 'main/model', 'main/contract', 'main/source', 'main/files',
      'main/cluster', 'main/snapshot', 'main/session', 'main/export', 'main/server', 'main/registry', 'main/record',
    ],
  },
  // Build scripts: nothing in the app imports them. start.mjs starts Electron with the main process's heap flags.
  'main/tools': { runtime: 'node', imports: ['package.json', 'main/cli/main-flags.mjs'], packages: ['esbuild', '@resvg/resvg-js', 'dependency-cruiser'] },
};

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A path pattern for folders (everything under them) and single files. */
const under = (names) => `^(${names.map((n) => (n.includes('.') ? `${escape(n)}$` : `${escape(n)}/`)).join('|')})`;
const list = (names) => (names.length === 0 ? 'nothing outside itself' : names.join(', '));
const NPM = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];

function rulesFor(folder, { runtime, imports, packages = [] }) {
  const from = { path: `^${escape(folder)}/` };
  const rules = [
    {
      name: `${folder}: imports`,
      comment: `${folder} may import only ${list(imports)} (README "How it is built").`,
      severity: 'error',
      from,
      to: { dependencyTypes: ['local', 'aliased'], pathNot: under([folder, ...imports]) },
    },
    {
      name: `${folder}: packages`,
      comment: `${folder} may use ${packages.length ? `only the packages ${packages.join(', ')}` : 'no npm package'}.`,
      severity: 'error',
      from,
      to: { dependencyTypes: NPM, ...(packages.length ? { pathNot: `(^|/)node_modules/(${packages.map(escape).join('|')})/` } : {}) },
    },
  ];
  if (runtime === 'pure' || runtime === 'dom') {
    rules.push({
      name: `${folder}: runtime`,
      comment: `${folder} is ${runtime === 'pure' ? 'pure code: no Node, no Electron, no DOM' : 'drawn on any Document: no Node, no Electron'}; it may not use Node built-ins.`,
      severity: 'error',
      from,
      to: { dependencyTypes: ['core'] },
    });
  }
  return rules;
}

const folders = Object.keys(layers);

const config = {
  forbidden: [
    ...Object.entries(layers).flatMap(([folder, layer]) => rulesFor(folder, layer)),
    {
      name: 'unlisted folder',
      comment: `Every folder under main/ and renderer/ belongs to a layer; add this one to the table in main/tools/layers.mjs and to README "How it is built".`,
      severity: 'error',
      from: { path: '^(main|renderer)/', pathNot: under(folders) },
      to: {},
    },
    {
      name: 'unresolvable',
      comment: 'This import names a file or package that does not exist.',
      severity: 'error',
      from: { path: '^(main|renderer)/' },
      to: { couldNotResolve: true },
    },
    {
      // Folders, not modules: a few demo-data modules in main/snapshot/demo/ import each other today.
      name: 'circular',
      comment: 'These folders import each other in a circle; move what both need to a folder below both.',
      severity: 'error',
      scope: 'folder',
      from: { path: '^(main|renderer)/' },
      to: { circular: true },
    },
  ],
  options: {
    // Type-only imports count: a type from the wrong layer is a wrong import too.
    tsPreCompilationDeps: true,
    detectProcessBuiltinModuleCalls: true,
    doNotFollow: { path: '(^|/)node_modules/' },
    exclude: { path: '\\.d\\.ts$' },
  },
};
export default config;

/**
 * Checks main/ and renderer/ under root (the repository, or a test fixture)
 * and returns the violations; an empty list means the layers hold.
 * @param {string} root
 * @returns {Promise<{ rule: string, from: string, to: string, message: string }[]>}
 */
export async function checkLayers(root) {
  const { cruise } = await import('dependency-cruiser');
  const previous = process.cwd();
  // dependency-cruiser reports paths relative to the working directory, and the rules are written against those.
  process.chdir(root);
  let result;
  try {
    result = await cruise(['main', 'renderer'].filter((dir) => existsSync(dir)), { ...config.options, ruleSet: { forbidden: config.forbidden }, validate: true });
  } finally {
    process.chdir(previous);
  }
  const comments = new Map(config.forbidden.map((r) => [r.name, r.comment]));
  const seen = new Set();
  const violations = [];
  for (const v of result.output.summary.violations) {
    const to = v.to.includes('node_modules/') ? v.to.replace(/^.*node_modules\/((@[^/]+\/)?[^/]+).*$/, '$1') : v.to;
    const chain = v.cycle?.length ? [v.from, ...v.cycle.map((c) => c.name)] : [v.from, to];
    // A circle of folders is reported once from each folder in it; one report says it all.
    const key = v.cycle?.length ? `${v.rule.name}:${[...new Set(chain)].sort().join()}` : `${v.rule.name}:${v.from}:${v.to}`;
    if (seen.has(key)) continue;
    seen.add(key);
    violations.push({ rule: v.rule.name, from: v.from, to, message: `${chain.join(' → ')}\n    [${v.rule.name}] ${comments.get(v.rule.name)}` });
  }
  return violations.sort((a, b) => a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const root = path.resolve(args.find((a) => !a.startsWith('--')) ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..'));
  const violations = await checkLayers(root);
  if (json) {
    console.log(JSON.stringify({ ok: violations.length === 0, violations }, null, 2));
  } else if (violations.length === 0) {
    console.log(`layers: every import follows the rules of README "How it is built" (${root})`);
  } else {
    console.error(`layers: ${violations.length} violation(s) of the layer rules of README "How it is built":\n`);
    for (const v of violations) console.error(`  ${v.message}`);
    console.error('\nMove the shared thing to a folder both sides may import (see main/tools/layers.mjs), or change the rule and the README together.');
  }
  if (violations.length > 0) process.exitCode = 1;
}
