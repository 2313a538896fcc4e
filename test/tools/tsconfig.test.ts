// Each tsconfig.<part>.json gives its folders only the runtime README "How it
// is built" allows them, so that a file cannot reach one by accident. These
// check that every source file is in exactly one part, and that a file in each
// part sees exactly the globals of its runtime.
import assert from 'node:assert/strict';
import { globSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';

const root = path.resolve(import.meta.dirname, '../..');
const parts = ['pure', 'draw', 'app', 'export', 'main', 'test'] as const;
type Part = (typeof parts)[number];

function parsed(part: Part): ts.ParsedCommandLine {
  const file = path.join(root, `tsconfig.${part}.json`);
  const config = ts.parseJsonConfigFileContent(ts.readConfigFile(file, ts.sys.readFile).config, ts.sys, root, undefined, file);
  assert.deepEqual(config.errors, [], `${file} parses`);
  return config;
}

const sourceFiles = new Map<string, ts.SourceFile>();

/** The names among `names` that a file in this part cannot see. */
function missingGlobals(part: Part, names: string[]): string[] {
  const { options } = parsed(part);
  // A probe file beside the real ones, so type packages resolve as they do for them.
  const probe = path.join(root, part === 'test' ? 'test' : 'main', `__runtime_probe_${part}.ts`);
  const source = `export {};\n${names.map((n) => `typeof ${n};`).join('\n')}\n`;
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (file, language, ...rest) => {
    if (path.resolve(file) === probe) return ts.createSourceFile(file, source, language);
    // The parts share lib and @types files; parse each once for the whole test.
    let parsedFile = sourceFiles.get(file);
    if (!parsedFile) {
      parsedFile = getSourceFile(file, language, ...rest);
      if (parsedFile) sourceFiles.set(file, parsedFile);
    }
    return parsedFile;
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (file) => path.resolve(file) === probe || fileExists(file);
  const program = ts.createProgram({ rootNames: [probe], options: { ...options, composite: false, noEmit: true, emitDeclarationOnly: false }, host });
  const unknown = new Set<string>();
  for (const d of ts.getPreEmitDiagnostics(program, program.getSourceFile(probe))) {
    const m = /Cannot find name '([^']+)'/.exec(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    if (m) unknown.add(m[1]!);
  }
  return names.filter((n) => unknown.has(n));
}

describe('tsconfig parts', () => {
  it('put every source file in exactly one part', () => {
    const owners = new Map<string, Part[]>();
    for (const part of parts) {
      for (const file of parsed(part).fileNames) {
        const rel = path.relative(root, file);
        owners.set(rel, [...(owners.get(rel) ?? []), part]);
      }
    }
    const sources = globSync('{main,renderer,test}/**/*.ts', { cwd: root }).filter((f) => !f.startsWith('test/fixtures/layers/'));
    const wrong = [...sources, 'electron.config.ts']
      .map((f) => ({ file: f, parts: owners.get(f) ?? [] }))
      .filter((o) => o.parts.length !== 1);
    assert.deepEqual(wrong, []);
    assert.equal(owners.get('main/model/build.ts')?.[0], 'pure');
    assert.equal(owners.get('renderer/draw/cluster.ts')?.[0], 'draw');
    assert.equal(owners.get('main/session/session.ts')?.[0], 'main');
    // The layer rules' fixture imports the wrong things on purpose; no part may compile it.
    assert.ok(![...owners.keys()].some((f) => f.startsWith('test/fixtures/layers/')));
  });

  // Node: process, Buffer, setTimeout. DOM: document, window, console, setTimeout.
  const globals = ['process', 'Buffer', 'document', 'window', 'console', 'setTimeout'];
  const expected: Record<Part, string[]> = {
    pure: ['process', 'Buffer', 'document', 'window', 'console', 'setTimeout'],
    draw: ['process', 'Buffer'],
    app: ['process', 'Buffer'],
    export: [],
    main: ['document', 'window'],
    test: [],
  };
  for (const part of parts) {
    it(`give ${part} only its runtime (${expected[part].length ? `no ${expected[part].join(', ')}` : 'Node and the DOM'})`, () => {
      assert.deepEqual(missingGlobals(part, globals), expected[part]);
    });
  }
});
