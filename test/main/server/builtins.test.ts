// What `serve` loads on its way to printing its URL and listing the cluster:
// node:http as an ES import makes Node read every export of it, and its lazy
// WebSocket exports then load undici (60-80 ms at each start). The server and
// the cluster transport take node:http and node:https as CommonJS builtins.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Imports `modules` in a fresh Node (through tsx) and says whether undici was loaded. */
function loadsUndici(modules: string[]): boolean {
  const script = `${modules.map((m) => `await import(${JSON.stringify(m)});`).join('\n')}
process.stdout.write(String(process.moduleLoadList.some((m) => m.includes('undici'))));`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim() === 'true';
}

describe('node:http in the serve path', () => {
  it('an ES import of node:http loads undici (what the check below would see)', () => {
    assert.equal(loadsUndici(['node:http']), true);
  });

  it('the server, the cluster transport and its request options do not load undici', () => {
    assert.equal(loadsUndici([`${ROOT}main/server/server.ts`, `${ROOT}main/cluster/transport.ts`, `${ROOT}main/cluster/request-options.ts`]), false);
  });
});
