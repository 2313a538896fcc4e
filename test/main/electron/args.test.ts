import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAppArgs } from '../../../main/electron/args.ts';

describe('parseAppArgs', () => {
  it('defaults to the current context', () => {
    assert.deepEqual(parseAppArgs(['.']), { source: { kind: 'cluster' }, problems: [] });
  });

  it('reads the source flags, ignoring Chromium and Playwright switches', () => {
    const argv = ['--inspect=0', '--remote-debugging-port=0', '--no-sandbox', '.', '--demo'];
    assert.deepEqual(parseAppArgs(argv), { source: { kind: 'demo' }, problems: [] });
    assert.deepEqual(parseAppArgs(['.', '--snapshot', 'c.json']).source, { kind: 'snapshot', file: 'c.json' });
    assert.deepEqual(parseAppArgs(['.', '--snapshot=c.yaml']).source, { kind: 'snapshot', file: 'c.yaml' });
    assert.deepEqual(parseAppArgs(['--kubeconfig', '/k/config', '--context=kind-kind']).source, {
      kind: 'cluster',
      kubeconfig: '/k/config',
      context: 'kind-kind',
    });
  });

  it('reads --user-data-dir', () => {
    assert.equal(parseAppArgs(['.', '--user-data-dir=/tmp/profile']).userDataDir, '/tmp/profile');
  });

  it('reports conflicting or empty flags and falls back to the current context', () => {
    const both = parseAppArgs(['--demo', '--snapshot', 'x.json']);
    assert.deepEqual(both.source, { kind: 'cluster' });
    assert.match(both.problems[0], /--snapshot and --demo cannot be combined/);
    const empty = parseAppArgs(['--snapshot=']);
    assert.deepEqual(empty.source, { kind: 'cluster' });
    assert.match(empty.problems[0], /--snapshot needs a value/);
    assert.match(parseAppArgs(['--context']).problems[0], /--context needs a value/);
  });
});
