import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { entryUrl, parseAppArgs } from '../../../main/electron/args.ts';
import { APP_ENTRY_URL } from '../../../main/electron/origin.ts';

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

  it('reads --view as a deep link for the window, # added when left out', () => {
    assert.deepEqual(parseAppArgs(['.', '--view', '#lens=C3']), { source: { kind: 'cluster' }, view: '#lens=C3', problems: [] });
    assert.equal(parseAppArgs(['.', '--demo', '--view=#tour=1&lang=ko']).view, '#tour=1&lang=ko');
    assert.equal(parseAppArgs(['.', '--view', 'quiz=42']).view, '#quiz=42');
    assert.equal(parseAppArgs(['.', '--view', '#lens=%43%33']).view, '#lens=%43%33');
    assert.equal(parseAppArgs(['.', '--view', '#']).view, undefined);
    assert.equal(parseAppArgs(['.']).view, undefined);
  });

  it('refuses a --view that is not a link, and starts without it', () => {
    for (const bad of ['#lens=C3#x', 'lens=<b>', '#tour=1 &lang=ko', 'javascript:alert(1)', `#${'a'.repeat(600)}`]) {
      const args = parseAppArgs(['.', `--view=${bad}`]);
      assert.equal(args.view, undefined, bad);
      assert.match(args.problems[0], /--view takes a link/, bad);
    }
    assert.match(parseAppArgs(['--view']).problems[0], /--view needs a value/);
  });

  it('puts the link on the page the window loads', () => {
    assert.equal(entryUrl('#lens=C3'), `${APP_ENTRY_URL}#lens=C3`);
    assert.equal(entryUrl(undefined), APP_ENTRY_URL);
  });
});
