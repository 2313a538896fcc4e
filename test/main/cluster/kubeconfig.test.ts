import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { KubeconfigError, describeError } from '../../../main/cluster/errors.ts';
import { candidateFiles, loadKubeconfig } from '../../../main/cluster/kubeconfig.ts';
import { kubeconfigParses, readKubeconfigFile } from '../../../main/cluster/kubeconfig-file.ts';
import { FIXTURES } from '../../fixtures/fake-apiserver.ts';
import { tempDir } from './helpers/harness.ts';

const K = path.join(FIXTURES, 'kubeconfig');
const first = path.join(K, 'merge/first.yaml');
const second = path.join(K, 'merge/second.yaml');
const third = path.join(K, 'merge/third.yaml');

describe('loadKubeconfig: merging $KUBECONFIG', () => {
  it('lets the first file win on duplicate names, silently, and takes current-context from the first file setting it', () => {
    const { list, access } = loadKubeconfig({ kubeconfigEnv: [first, second, third].join(':'), delimiter: ':' });
    assert.deepEqual(list.files, [first, second, third]);
    assert.deepEqual(list.problems, []);
    assert.deepEqual(
      list.contexts.map((c) => c.name),
      ['dup', 'ctx-first', 'ctx-second', 'ctx-third'],
    );
    // "dup" comes from first.yaml: cluster shared, user alice, its namespace.
    const dup = list.contexts.find((c) => c.name === 'dup');
    assert.deepEqual(dup, {
      name: 'dup',
      cluster: 'shared',
      user: 'alice',
      namespace: 'from-first',
      server: 'https://first.example.test:6443',
      file: first,
    });
    // ctx-third (third.yaml) names cluster "shared": first.yaml's definition wins over second.yaml's.
    assert.equal(list.contexts.find((c) => c.name === 'ctx-third')?.server, 'https://first.example.test:6443');
    // first.yaml sets no current-context, second.yaml does, third.yaml's comes too late.
    assert.equal(list.current, 'dup');
    // The user "alice" used is first.yaml's: its token is what the KubeConfig carries.
    const a = access('dup');
    assert.equal(a.kubeConfig.getCurrentUser()?.token, 'first-token');
    assert.equal(a.kubeConfig.getCurrentCluster()?.server, 'https://first.example.test:6443');
    assert.equal(a.namespace, 'from-first');
  });

  it('merges in the order of the list, not alphabetically', () => {
    const { list } = loadKubeconfig({ kubeconfigEnv: [second, first].join(':'), delimiter: ':' });
    const dup = list.contexts.find((c) => c.name === 'dup');
    assert.equal(dup?.cluster, 'only-second');
    assert.equal(dup?.file, second);
  });

  it('skips files that do not exist, like kubectl, and ignores empty entries and repeats', () => {
    const missing = path.join(K, 'merge/nope.yaml');
    const { list } = loadKubeconfig({ kubeconfigEnv: `${missing}::${second}:${second}`, delimiter: ':' });
    assert.deepEqual(list.files, [second]);
    assert.deepEqual(list.problems, []);
    assert.equal(list.current, 'dup');
  });

  it('reads ~/.kube/config when $KUBECONFIG is unset or empty', () => {
    const home = path.join(K, 'home');
    for (const kubeconfigEnv of [undefined, '']) {
      const { list } = loadKubeconfig({ kubeconfigEnv, home });
      assert.deepEqual(list.files, [path.join(home, '.kube/config')]);
      assert.equal(list.current, 'home');
    }
  });

  it('reports, without failing, when there is no kubeconfig at all', () => {
    const { dir, cleanup } = tempDir();
    try {
      const { list, access } = loadKubeconfig({ home: dir });
      assert.deepEqual(list.contexts, []);
      assert.equal(list.current, undefined);
      assert.match(list.problems[0] ?? '', /no kubeconfig file found.*\.kube\/config/);
      assert.throws(() => access(), /no contexts are defined/);
    } finally {
      cleanup();
    }
  });

  it('resolves relative $KUBECONFIG entries against cwd', () => {
    const { list } = loadKubeconfig({ kubeconfigEnv: 'merge/second.yaml', cwd: K, delimiter: ':' });
    assert.deepEqual(list.files, [second]);
  });

  it('lists the candidate files in order', () => {
    assert.deepEqual(candidateFiles({ kubeconfigEnv: `/a;/b;/a`, delimiter: ';' }), ['/a', '/b']);
    assert.deepEqual(candidateFiles({ home: '/home/u' }), ['/home/u/.kube/config']);
  });
});

describe('loadKubeconfig: --kubeconfig and --context', () => {
  it('--kubeconfig replaces $KUBECONFIG', () => {
    const { list } = loadKubeconfig({ kubeconfigEnv: first, kubeconfigFlag: second });
    assert.deepEqual(list.files, [second]);
    assert.equal(list.contexts.find((c) => c.name === 'dup')?.cluster, 'only-second');
  });

  it('--kubeconfig with a missing file is an error naming it', () => {
    const missing = path.join(K, 'does-not-exist.yaml');
    assert.throws(
      () => loadKubeconfig({ kubeconfigFlag: missing }),
      (err: unknown) => err instanceof KubeconfigError && err.message.includes(missing) && /does not exist/.test(err.message),
    );
  });

  it('--context overrides current-context', () => {
    const { list, access } = loadKubeconfig({ kubeconfigFlag: second, contextFlag: 'ctx-second' });
    assert.equal(list.current, 'ctx-second');
    assert.equal(access().context, 'ctx-second');
  });

  it('an unknown --context is an error listing the available contexts', () => {
    assert.throws(
      () => loadKubeconfig({ kubeconfigEnv: [first, second].join(':'), delimiter: ':', contextFlag: 'prod' }),
      (err: unknown) => {
        assert.ok(err instanceof KubeconfigError);
        assert.match(err.message, /context "prod" is not defined/);
        assert.match(err.message, /available contexts: dup, ctx-first, ctx-second/);
        return true;
      },
    );
  });

  it('access() of an unknown context is the same clear error', () => {
    const { access } = loadKubeconfig({ kubeconfigFlag: second });
    assert.throws(() => access('nope'), /context "nope" is not defined.*available contexts: dup, ctx-second/);
  });

  it('a current-context naming no context becomes a problem, not a crash', () => {
    const { list } = loadKubeconfig({ kubeconfigFlag: third });
    assert.equal(list.current, undefined);
    assert.match(list.problems[0] ?? '', /current-context "ctx-first".*third\.yaml.*not defined/);
  });
});

describe('loadKubeconfig: broken files', () => {
  const bad = path.join(K, 'bad-yaml.yaml');

  it('bad YAML in the $KUBECONFIG list becomes a problem naming the file and line; other files still load', () => {
    const { list } = loadKubeconfig({ kubeconfigEnv: [bad, second].join(':'), delimiter: ':' });
    assert.deepEqual(list.files, [second]);
    assert.equal(list.problems.length, 1);
    // Line 6 of the fixture indents with a tab.
    assert.match(list.problems[0] ?? '', new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, line 6: invalid YAML: Tabs`));
    assert.equal(list.current, 'dup');
  });

  it('bad YAML given with --kubeconfig throws, with file and line', () => {
    assert.throws(
      () => loadKubeconfig({ kubeconfigFlag: bad }),
      (err: unknown) => err instanceof KubeconfigError && err.file === bad && err.line === 6 && err.message.includes(`${bad}, line 6`),
    );
  });

  it('a wrong shape names the file and the field', () => {
    const file = path.join(K, 'wrong-shape.yaml');
    assert.throws(() => readKubeconfigFile(file), { message: `${file}: field "contexts" must be a list, got a mapping` });
    const field = path.join(K, 'wrong-field.yaml');
    assert.throws(() => readKubeconfigFile(field), {
      message: `${field}: field "users[1].user.exec.args" must be a list of strings, got a string`,
    });
    const { list } = loadKubeconfig({ kubeconfigEnv: [file, second].join(':'), delimiter: ':' });
    assert.match(list.problems[0] ?? '', /wrong-shape\.yaml: field "contexts" must be a list/);
  });

  it('a name defined twice within one file is an error naming the file, the section and the name, as in kubectl', () => {
    const { dir, cleanup } = tempDir();
    try {
      const sections = {
        clusters: '- {name: c, cluster: {server: "https://a.test"}}\n- {name: other, cluster: {server: "https://o.test"}}\n- {name: c, cluster: {server: "https://b.test"}}',
        users: '- {name: u, user: {token: a}}\n- {name: u, user: {token: b}}',
        contexts: '- {name: x, context: {cluster: c}}\n- {name: x, context: {cluster: c, user: u}}',
      };
      const expected = {
        clusters: 'clusters[2] is named "c", like clusters[0]',
        users: 'users[1] is named "u", like users[0]',
        contexts: 'contexts[1] is named "x", like contexts[0]',
      };
      for (const section of ['clusters', 'users', 'contexts'] as const) {
        const file = path.join(dir, `${section}.yaml`);
        writeFileSync(file, `${section}:\n${sections[section]}\n`);
        assert.throws(
          () => loadKubeconfig({ kubeconfigFlag: file }),
          (err: unknown) => err instanceof KubeconfigError && err.file === file && err.message === `${file}: ${expected[section]}; names must be unique within a file`,
        );
        // In the $KUBECONFIG list it is a problem with that file; the other files still load.
        const { list } = loadKubeconfig({ kubeconfigEnv: [file, second].join(':'), delimiter: ':' });
        assert.deepEqual(list.files, [second]);
        assert.equal(list.problems[0], `${file}: ${expected[section]}; names must be unique within a file`);
      }
    } finally {
      cleanup();
    }
  });

  it('an empty file is an empty config', () => {
    const { list } = loadKubeconfig({ kubeconfigFlag: path.join(K, 'empty.yaml') });
    assert.deepEqual(list.contexts, []);
    assert.deepEqual(list.problems, []);
  });

  it('treats __proto__ keys as data', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'config');
      writeFileSync(
        file,
        '__proto__: {polluted: true}\ncontexts:\n- name: x\n  context: {cluster: c, __proto__: {polluted: true}}\nclusters:\n- name: c\n  cluster: {server: "https://c.test"}\n',
      );
      const { list } = loadKubeconfig({ kubeconfigFlag: file });
      assert.equal(list.contexts[0]?.server, 'https://c.test');
      assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
    } finally {
      cleanup();
    }
  });
});

describe('loadKubeconfig: paths and credentials', () => {
  const rel = path.join(K, 'relative/config');
  const relDir = path.dirname(rel);

  it('resolves relative paths against the directory of the file that holds them', () => {
    const parsed = readKubeconfigFile(rel);
    const cluster = parsed.clusters[0];
    assert.equal(cluster?.certificateAuthority, path.join(FIXTURES, 'tls/ca.crt'));
    const user = (name: string) => parsed.users.find((u) => u.name === name);
    assert.equal(user('certs')?.clientCertificate, path.join(relDir, 'certs/client.crt'));
    assert.equal(user('certs')?.clientKey, path.join(relDir, 'certs/client.key'));
    assert.equal(user('token-file')?.tokenFile, path.join(relDir, 'token'));
    assert.equal(user('plugin-path')?.exec?.command, path.join(relDir, 'bin/plugin'));
    // A bare command is looked up on PATH, so it stays as written.
    assert.equal(user('plugin-bare')?.exec?.command, 'aws');
    assert.equal(user('absolute')?.clientCertificate, '/etc/kube/client.crt');
  });

  it('keeps the resolution when the file is merged from elsewhere', () => {
    const { dir, cleanup } = tempDir();
    try {
      const other = path.join(dir, 'other');
      mkdirSync(other);
      copyFileSync(rel, path.join(other, 'config'));
      const { access } = loadKubeconfig({ kubeconfigEnv: [path.join(other, 'config'), rel].join(':'), delimiter: ':' });
      // The copy comes first, so its paths (relative to its own directory) win.
      const a = access('rel');
      assert.equal(a.kubeConfig.getCurrentCluster()?.caFile, path.join(dir, '../tls/ca.crt'));
      assert.equal(a.kubeConfig.getCurrentUser()?.certFile, path.join(other, 'certs/client.crt'));
    } finally {
      cleanup();
    }
  });

  it('never puts credentials in the ContextList, and strips user info from server URLs', () => {
    const { list } = loadKubeconfig({ kubeconfigEnv: [first, second].join(':'), delimiter: ':' });
    const text = JSON.stringify(list);
    for (const secret of ['first-token', 'second-token', 'bobs-password', 'hunter2', 'admin:']) {
      assert.equal(text.includes(secret), false, `ContextList leaks ${secret}`);
    }
    assert.equal(list.contexts.find((c) => c.name === 'ctx-first')?.server, 'https://only-first.example.test');
  });

  it('masks a token in the query of a server URL, in the ContextList and in every error that names the server', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'config');
      writeFileSync(
        file,
        [
          'clusters:',
          '- {name: q, cluster: {server: "https://admin:hunter2@q.example.test:6443/?token=abc123"}}',
          '- {name: bad, cluster: {server: "https://bad host/?token=abc123"}}',
          'contexts: [{name: q, context: {cluster: q}}, {name: bad, context: {cluster: bad}}]',
        ].join('\n'),
      );
      const { list, access } = loadKubeconfig({ kubeconfigFlag: file });
      assert.equal(list.contexts.find((c) => c.name === 'q')?.server, 'https://q.example.test:6443/?***');
      const server = access('q').server;
      assert.equal(server, 'https://q.example.test:6443/?***');
      const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
      assert.equal(describeError(refused, { context: 'q', server }), 'cannot reach https://q.example.test:6443/?*** (context q): connect ECONNREFUSED 127.0.0.1:6443');
      assert.throws(() => access('bad'), (err: unknown) => err instanceof KubeconfigError && !/abc123/.test(err.message) && /server "https:\/\/bad host\/\?\*\*\*" is not a URL/.test(err.message));
    } finally {
      cleanup();
    }
  });

  it('builds a KubeConfig holding only the chosen context', () => {
    const { access } = loadKubeconfig({ kubeconfigEnv: [first, second].join(':'), delimiter: ':' });
    const a = access('ctx-second');
    assert.equal(a.kubeConfig.getCurrentContext(), 'ctx-second');
    assert.deepEqual(
      a.kubeConfig.getContexts().map((c) => c.name),
      ['ctx-second'],
    );
    assert.equal(a.kubeConfig.getCurrentUser()?.username, 'bob');
    assert.equal(a.server, 'https://only-second.example.test');
  });

  it('a bad certificate-authority-data, client-certificate-data or client-key-data is named, with its cluster or user, the context and the file', () => {
    const { dir, cleanup } = tempDir();
    try {
      const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64');
      const ca = readFileSync(path.join(FIXTURES, 'tls/ca.crt'), 'utf8');
      const key = readFileSync(path.join(FIXTURES, 'tls/client.key'), 'utf8');
      const file = path.join(dir, 'config');
      const write = (cluster: string, user: string) =>
        writeFileSync(
          file,
          [
            `clusters: [{name: c, cluster: {server: "https://c.test", ${cluster}}}]`,
            `users: [{name: u, user: {${user}}}]`,
            'contexts: [{name: x, context: {cluster: c, user: u}}]',
          ].join('\n'),
        );
      const where = `(context x, ${file})`;
      const cases: [string, string, string][] = [
        [`certificate-authority-data: "not base64!"`, '', `certificate-authority-data of cluster c ${where} is not base64`],
        [`certificate-authority-data: ${b64('just text')}`, '', `certificate-authority-data of cluster c ${where} decodes to neither a PEM nor a DER certificate`],
        [`certificate-authority-data: ${b64(key)}`, '', `certificate-authority-data of cluster c ${where} holds no PEM block "CERTIFICATE"`],
        [
          `certificate-authority-data: ${b64(`${ca}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`)}`,
          '',
          `certificate-authority-data of cluster c ${where} holds a PEM certificate that cannot be parsed (certificate 2 of 2)`,
        ],
        ['', `client-certificate-data: ${b64('x')}, client-key-data: ${b64(key)}`, `client-certificate-data of user u ${where} decodes to neither a PEM nor a DER certificate`],
        ['', `client-certificate-data: ${b64(ca)}, client-key-data: ${b64(ca)}`, `client-key-data of user u ${where} holds no PEM private key`],
        [
          '',
          `client-certificate-data: ${b64(ca)}, client-key-data: ${b64('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n')}`,
          `client-key-data of user u ${where} holds a PEM private key that cannot be parsed`,
        ],
      ];
      for (const [cluster, user, message] of cases) {
        write(cluster, user);
        assert.throws(() => loadKubeconfig({ kubeconfigFlag: file }).access('x'), (err: unknown) => err instanceof KubeconfigError && err.file === file && err.message === message);
      }
    } finally {
      cleanup();
    }
  });

  it('takes certificate-authority-data as base64 of PEM (line-folded or not) or of DER, handing PEM to TLS', () => {
    const { dir, cleanup } = tempDir();
    try {
      const pem = readFileSync(path.join(FIXTURES, 'tls/ca.crt'), 'utf8');
      const der = new X509Certificate(pem).raw;
      const file = path.join(dir, 'config');
      const folded = Buffer.from(pem).toString('base64').replace(/.{60}/g, '$&\n      ');
      for (const data of [Buffer.from(pem).toString('base64'), `|\n      ${folded}`, der.toString('base64')]) {
        writeFileSync(file, `clusters:\n- name: c\n  cluster:\n    server: https://c.test\n    certificate-authority-data: ${data}\ncontexts: [{name: x, context: {cluster: c}}]\n`);
        const caData = loadKubeconfig({ kubeconfigFlag: file }).access('x').kubeConfig.getCurrentCluster()?.caData ?? '';
        assert.equal(new X509Certificate(Buffer.from(caData, 'base64').toString()).fingerprint256, new X509Certificate(pem).fingerprint256);
      }
    } finally {
      cleanup();
    }
  });

  it('explains a context whose cluster or user is missing', () => {
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'config');
      writeFileSync(
        file,
        [
          'clusters: [{name: c, cluster: {server: "https://c.test"}}, {name: noserver, cluster: {}}]',
          'contexts:',
          '- {name: no-cluster, context: {cluster: gone}}',
          '- {name: no-user, context: {cluster: c, user: ghost}}',
          '- {name: no-server, context: {cluster: noserver}}',
          '- {name: anonymous, context: {cluster: c}}',
        ].join('\n'),
      );
      const { access } = loadKubeconfig({ kubeconfigFlag: file });
      assert.throws(() => access('no-cluster'), /refers to cluster "gone", which no kubeconfig file defines/);
      assert.throws(() => access('no-user'), /refers to user "ghost", which no kubeconfig file defines/);
      assert.throws(() => access('no-server'), /cluster noserver .* has no server/);
      assert.equal(access('anonymous').kubeConfig.getCurrentUser()?.name, 'kube-anatomy-anonymous');
    } finally {
      cleanup();
    }
  });
});

describe('readKubeconfigFile: an unchanged file read again', () => {
  it('is not parsed again, each read gets its own copy, and a changed file is parsed anew', () => {
    const { dir, cleanup } = tempDir();
    const file = path.join(dir, 'config');
    copyFileSync(first, file);
    const a = readKubeconfigFile(file);
    const parses = kubeconfigParses();
    const b = readKubeconfigFile(file);
    assert.equal(kubeconfigParses(), parses, 'the same text is not parsed again');
    assert.deepEqual(b, a);
    assert.notEqual(b.users, a.users, 'a copy, not the same objects');
    b.users.length = 0;
    assert.deepEqual(readKubeconfigFile(file), a, 'what one reader changes, the next does not see');
    writeFileSync(file, readFileSync(second, 'utf8'));
    const c = readKubeconfigFile(file);
    assert.equal(kubeconfigParses(), parses + 1, 'a changed file is parsed');
    assert.deepEqual(c.contexts.map((x) => x.name), readKubeconfigFile(second).contexts.map((x) => x.name));
    cleanup();
  });
});
