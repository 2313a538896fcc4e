// The command's errors, as a user sees them: English by default (what failed
// and where: the file, its line and column), and in the language of an
// export's --lang, the file's name and the parser's own words kept as written.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { interfaceEnglish, wordsOfValues } from '../../fixtures/i18n-words.ts';
import { runCli } from '../../fixtures/cli.ts';


const cli = runCli;

describe('export errors in the chosen language', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'anatomy-cli-errors-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a malformed snapshot: English with the file and line by default, Korean with --lang ko', () => {
    const snap = path.join(dir, 'nokind.yaml');
    writeFileSync(snap, 'apiVersion: v1\nkind: List\nitems:\n  - metadata:\n      name: web\n');
    const out = path.join(dir, 'never.svg');
    const en = cli(['export', '--snapshot', snap, '--out', out]);
    assert.equal(en.code, 1);
    assert.equal(en.stderr, `kube-anatomy: nokind.yaml (items[0], line 4): has no kind\n`);
    const ko = cli(['export', '--snapshot', snap, '--out', out, '--lang', 'ko']);
    assert.equal(ko.code, 1);
    assert.match(ko.stderr, /^kube-anatomy: nokind\.yaml \(items\[0\], 4행\): /);
    const said = ko.stderr.replace(/^kube-anatomy: /, '');
    assert.match(said, /[\uac00-\ud7a3]/);
    assert.deepEqual(interfaceEnglish(said, wordsOfValues(['nokind.yaml', 'items[0]'])), [], said);
  });
});
