// A broken kubeconfig and a bad tokenFile are said in the page's language: each
// error carries a message (errors.kubeconfig.*, errors.tokenFile.*) whose English
// is the error's English word for word (the CLI prints it), and whose Korean keeps
// the file, the line, the field and the parser's or the OS's text as written.

import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { KubeconfigError } from '../../../main/cluster/errors.ts';
import { loadKubeconfig } from '../../../main/cluster/kubeconfig.ts';
import { parseKubeconfig } from '../../../main/cluster/kubeconfig-file.ts';
import { TokenFileAuthenticator } from '../../../main/cluster/token-file-auth.ts';
import { MessageError, textOf } from '../../../main/i18n/index.ts';
import { chooseContext } from '../../../main/session/cluster-connection.ts';
import { interfaceEnglish, wordsOfValues } from '../../fixtures/i18n-words.ts';

function korean(text: string, values: string[]): void {
  assert.match(text, /[\uac00-\ud7a3]/, text);
  assert.deepEqual(interfaceEnglish(text, wordsOfValues(values)), [], text);
}

function thrown(f: () => unknown): MessageError {
  try {
    f();
  } catch (error) {
    assert.ok(error instanceof MessageError, String(error));
    return error;
  }
  assert.fail('no error');
}

/** The error's English is its message's English; its Korean is Korean by the word rules. */
function saysBoth(error: MessageError, english: string, values: string[]): string {
  assert.equal(error.message, english);
  assert.equal(textOf('en', error.said), english);
  const ko = textOf('ko', error.said);
  korean(ko, values);
  return ko;
}

const dir = mkdtempSync(path.join(tmpdir(), 'ka-kubeconfig-i18n-'));
const file = path.join(dir, 'config');

describe('kubeconfig errors as messages', () => {
  it('invalid YAML names the file and the line in Korean, with the parser\'s text as written', () => {
    const error = thrown(() => parseKubeconfig('clusters:\n  - name: a\n   bad: [\n', file));
    assert.ok(error instanceof KubeconfigError);
    const english = error.message;
    assert.match(english, new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, line \\d+: invalid YAML: `));
    const problem = english.split(': invalid YAML: ')[1];
    const ko = saysBoth(error, english, [file, problem]);
    assert.ok(ko.includes(file) && /\d+행/.test(ko) && ko.includes(problem), ko);
  });

  it('a wrong shape, a name twice, a missing --kubeconfig file, an unknown context: word for word in English, Korean in Korean', () => {
    saysBoth(thrown(() => parseKubeconfig('clusters: 3\n', file)), `${file}: field "clusters" must be a list, got a number`, [file, 'clusters']);
    saysBoth(thrown(() => parseKubeconfig('- a\n', file)), `${file}: field "(top level)" must be a mapping, got a list`, [file]);
    saysBoth(thrown(() => parseKubeconfig('users:\n  - name: u\n    user: {token: 3}\n', file)), `${file}: field "users[0].user.token" must be a string, got a number`, [file, 'users[0].user.token']);
    saysBoth(
      thrown(() => parseKubeconfig('contexts:\n  - name: a\n  - name: a\n', file)),
      `${file}: contexts[1] is named "a", like contexts[0]; names must be unique within a file`,
      [file, 'contexts[1]', 'contexts[0]'],
    );
    const missing = path.join(dir, 'missing');
    saysBoth(thrown(() => loadKubeconfig({ kubeconfigFlag: missing, cwd: dir })), `kubeconfig file ${missing} (from --kubeconfig) does not exist`, [missing, '--kubeconfig']);
    writeFileSync(file, 'contexts:\n  - name: one\n    context: {cluster: c, user: u}\n');
    const loaded = loadKubeconfig({ kubeconfigFlag: file, cwd: dir });
    saysBoth(thrown(() => loaded.access('two')), `context "two" is not defined in the kubeconfig (read ${file}); available contexts: one`, [file, 'two', 'one']);
    saysBoth(thrown(() => loaded.access()), 'no current context is set; choose one of: one', ['one']);
  });

  it('the problems of a $KUBECONFIG list travel as messages beside their English, and the page\'s reason says them in Korean', () => {
    const broken = path.join(dir, 'broken');
    writeFileSync(broken, 'clusters: [\n');
    const list = loadKubeconfig({ kubeconfigEnv: broken, cwd: dir }).list;
    assert.equal(list.problems.length, 1);
    assert.deepEqual(list.problemsSaid?.map((m) => textOf('en', m)), list.problems);
    const reason = chooseContext(list, { env: { KUBECONFIG: broken }, home: dir });
    assert.ok('id' in reason);
    const problem = list.problems[0].split(': invalid YAML: ')[1];
    const ko = textOf('ko', reason);
    korean(ko, [broken, problem]);
    assert.ok(ko.includes(broken) && /\d+행/.test(ko), ko);
    // The English reason is the problem as the CLI prints it.
    assert.equal(textOf('en', reason), list.problems[0]);

    const nothing = loadKubeconfig({ kubeconfigEnv: path.join(dir, 'none-here'), cwd: dir }).list;
    assert.deepEqual(nothing.problems, [`no kubeconfig file found (looked for ${path.join(dir, 'none-here')})`]);
    korean(textOf('ko', nothing.problemsSaid![0]), [path.join(dir, 'none-here')]);
  });

  it('several problems are each said, three at most, with how many more', () => {
    const files = [1, 2, 3, 4].map((n) => {
      const f = path.join(dir, `bad-${n}`);
      writeFileSync(f, 'clusters: 3\n');
      return f;
    });
    const list = loadKubeconfig({ kubeconfigEnv: files.join(path.delimiter), cwd: dir }).list;
    assert.equal(list.problems.length, 4);
    const reason = chooseContext(list, { env: {}, home: dir });
    assert.ok('id' in reason);
    const ko = textOf('ko', reason);
    korean(ko, [...files, 'clusters']);
    assert.ok(ko.includes(files[2]) && !ko.includes(files[3]) && ko.includes('1개'), ko);
    assert.equal(textOf('en', reason), `${list.problems.slice(0, 3).join('; ')}; and 1 more`.replace(/^./, (c) => c.toUpperCase()));
  });
});

describe('a chosen context that cannot be used', () => {
  it('a missing cluster or user, a server that is no URL, a certificate without a key: word for word in English, Korean in Korean', () => {
    const config = (text: string) => {
      writeFileSync(file, text);
      return loadKubeconfig({ kubeconfigFlag: file, cwd: dir });
    };
    const ctx = 'contexts:\n  - name: c\n    context: {cluster: k, user: u}\n';
    saysBoth(thrown(() => config(ctx).access('c')), `context c (${file}) refers to cluster "k", which no kubeconfig file defines`, [file, 'c', 'k']);
    const cluster = (server: string) => `clusters:\n  - name: k\n    cluster: {server: "${server}"}\n`;
    saysBoth(thrown(() => config(ctx + cluster('https://h')).access('c')), `context c (${file}) refers to user "u", which no kubeconfig file defines`, [file, 'c', 'u']);
    const users = 'users:\n  - name: u\n    user: {client-certificate: a.crt}\n';
    saysBoth(thrown(() => config(ctx + cluster('not a url') + users).access('c')), `cluster k (${file}): server "not a url" is not a URL`, [file, 'k', 'not a url']);
    saysBoth(thrown(() => config(ctx + cluster('ftp://h') + users).access('c')), `cluster k (${file}): server must be an https:// URL, got ftp:`, [file, 'k', 'ftp:']);
    saysBoth(thrown(() => config(ctx + cluster('https://h') + users).access('c')), `user u (${file}) has a client certificate without a key`, [file, 'u']);
  });
});

describe('tokenFile errors as messages', () => {
  const user = { name: 'alice' } as Parameters<TokenFileAuthenticator['applyAuthentication']>[0];
  async function rejection(write: string | undefined): Promise<MessageError> {
    const auth = new TokenFileAuthenticator();
    const tokenFile = path.join(dir, `token-${Math.random().toString(36).slice(2)}`);
    if (write !== undefined) writeFileSync(tokenFile, write);
    auth.register('alice', tokenFile);
    const error = await auth.applyAuthentication(user, {}).then(
      () => assert.fail('no error'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof MessageError, String(error));
    return error;
  }

  it('an empty file, two lines and a missing file say the file and the user in Korean; the OS text stays', async () => {
    const empty = await rejection('\n');
    const emptyFile = empty.message.split(' ')[1];
    saysBoth(empty, `tokenFile ${emptyFile} of user alice is empty`, [emptyFile, 'alice', 'tokenFile']);
    const lines = await rejection('a\nb\n');
    const linesFile = lines.message.split(' ')[1];
    saysBoth(lines, `tokenFile ${linesFile} of user alice holds more than one line`, [linesFile, 'alice', 'tokenFile']);
    const missing = await rejection(undefined);
    assert.match(missing.message, /^cannot read tokenFile \S+ of user alice: ENOENT: no such file or directory/);
    const os = missing.message.slice(missing.message.indexOf('ENOENT'));
    const ko = saysBoth(missing, missing.message, [missing.message.split(' ')[3], 'alice', os]);
    assert.ok(ko.includes(os), ko);
  });
});

describe('a *-data field that cannot be used', () => {
  it('names the field, its owner, the context and the file, and why, in Korean; the English word for word', () => {
    writeFileSync(
      file,
      'contexts:\n  - name: c\n    context: {cluster: k, user: u}\nclusters:\n  - name: k\n    cluster: {server: "https://h", certificate-authority-data: "%%%"}\nusers:\n  - name: u\n    user: {}\n',
    );
    const error = thrown(() => loadKubeconfig({ kubeconfigFlag: file, cwd: dir }).access('c'));
    const ko = saysBoth(error, `certificate-authority-data of cluster k (context c, ${file}) is not base64`, [file, 'c', 'k', 'certificate-authority-data']);
    assert.ok(ko.includes('베이스64') && ko.includes('"certificate-authority-data"'), ko);
  });
});
