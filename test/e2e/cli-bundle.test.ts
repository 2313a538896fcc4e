// What main/tools/build.mjs puts into the command line's bundle besides the
// sources it is given: linkedom's EventTarget is replaced by the one in
// main/export/event-target.ts (its test compares the two), which makes no
// table of listeners for each of the millions of nodes an export draws.
// Needs the build (npm run build).

import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const CLI = fileURLToPath(new URL('../../dist/cli/', import.meta.url));

describe('the command line bundle', () => {
  it('carries its own EventTarget under linkedom\'s nodes, not linkedom\'s', () => {
    assert.ok(existsSync(CLI), `${CLI} is missing: build first (npm run build)`);
    const code = readdirSync(CLI)
      .filter((name) => /\.(mjs|cjs)$/.test(name))
      .map((name) => ({ name, text: readFileSync(path.join(CLI, name), 'utf8') }));
    // esbuild heads each bundled module with a comment naming its file.
    const withNodes = code.filter((f) => f.text.includes('// node_modules/linkedom/esm/interface/node.js'));
    assert.equal(withNodes.length, 1, 'linkedom is bundled once');
    assert.ok(withNodes[0]!.text.includes('// main/export/event-target.ts'), `${withNodes[0]!.name} lacks main/export/event-target.ts`);
    const theirs = code.filter((f) => f.text.includes('// node_modules/linkedom/esm/interface/event-target.js'));
    assert.deepEqual(theirs.map((f) => f.name), []);
  });
});
