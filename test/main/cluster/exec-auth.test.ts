import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { User } from '@kubernetes/client-node';
import { CredentialError } from '../../../main/cluster/errors.ts';
import { message, textOf } from '../../../main/i18n/index.ts';
import { EXEC_PROVIDER, ExecAuthenticator, type ExecClusterInfo } from '../../../main/cluster/exec-auth.ts';
import type { KubeconfigExec } from '../../../main/cluster/kubeconfig-file.ts';
import { FIXTURES, TLS_DIR } from '../../fixtures/fake-apiserver.ts';
import { tempDir } from './helpers/harness.ts';

const EXEC = path.join(FIXTURES, 'exec');
const V1 = 'client.authentication.k8s.io/v1';
const cluster: ExecClusterInfo = {
  server: 'https://127.0.0.1:6443',
  insecureSkipTlsVerify: false,
  certificateAuthority: path.join(TLS_DIR, 'ca.crt'),
  tlsServerName: 'kubernetes',
};

function exec(command: string, extra: Partial<KubeconfigExec> = {}): KubeconfigExec {
  return { apiVersion: V1, command, args: [], env: [], provideClusterInfo: false, ...extra };
}

const user = { name: 'u', authProvider: { name: EXEC_PROVIDER } } as unknown as User;

async function authorize(auth: ExecAuthenticator): Promise<{ headers: Record<string, unknown>; cert?: unknown; key?: unknown }> {
  const opts: Parameters<ExecAuthenticator['applyAuthentication']>[1] = { headers: {} };
  await auth.applyAuthentication(user, opts);
  return { headers: (opts.headers ?? {}) as Record<string, unknown>, cert: opts.cert, key: opts.key };
}

describe('ExecAuthenticator', () => {
  it('passes KUBERNETES_EXEC_INFO (with cluster info when asked) and runs the plugin with stdin closed', async () => {
    const auth = new ExecAuthenticator();
    auth.register('u', exec(path.join(EXEC, 'echo-info.sh'), { provideClusterInfo: true }), cluster);
    assert.equal(auth.isAuthProvider(user), true);
    const { headers } = await authorize(auth);
    const token = String(headers['Authorization']).replace(/^Bearer /, '');
    const seen = JSON.parse(Buffer.from(token, 'base64').toString('utf8')) as { stdin: string; info: Record<string, unknown> };
    // With stdin left open a plugin that prompts would wait forever.
    assert.equal(seen.stdin, 'closed');
    assert.deepEqual(seen.info, {
      apiVersion: V1,
      kind: 'ExecCredential',
      spec: {
        interactive: false,
        cluster: {
          server: 'https://127.0.0.1:6443',
          'tls-server-name': 'kubernetes',
          'certificate-authority-data': readFileSync(path.join(TLS_DIR, 'ca.crt')).toString('base64'),
        },
      },
    });
  });

  it('sets the client certificate and key a plugin returns', async () => {
    const auth = new ExecAuthenticator();
    auth.register(
      'u',
      exec(path.join(EXEC, 'cert-plugin.sh'), {
        env: [
          { name: 'CERT_FILE', value: path.join(TLS_DIR, 'client.crt') },
          { name: 'KEY_FILE', value: path.join(TLS_DIR, 'client.key') },
        ],
      }),
      cluster,
    );
    const opts = await authorize(auth);
    assert.equal(opts.cert, readFileSync(path.join(TLS_DIR, 'client.crt'), 'utf8').trimEnd());
    assert.equal(opts.key, readFileSync(path.join(TLS_DIR, 'client.key'), 'utf8').trimEnd());
    assert.equal(opts.headers['Authorization'], undefined);
  });

  it('caches the credential until it expires or is invalidated', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const log = path.join(dir, 'log');
      const auth = new ExecAuthenticator();
      auth.register(
        'u',
        exec(path.join(EXEC, 'plugin.sh'), {
          env: [
            { name: 'PLUGIN_TOKEN', value: 't1' },
            { name: 'PLUGIN_LOG', value: log },
          ],
        }),
        cluster,
      );
      const all = await Promise.all([authorize(auth), authorize(auth), authorize(auth)]);
      assert.deepEqual(
        all.map((o) => o.headers['Authorization']),
        ['Bearer t1', 'Bearer t1', 'Bearer t1'],
      );
      await authorize(auth);
      assert.equal(readFileSync(log, 'utf8'), 'run\n');
      auth.invalidate();
      await authorize(auth);
      assert.equal(readFileSync(log, 'utf8'), 'run\nrun\n');
    } finally {
      cleanup();
    }
  });

  it('rejects an answer in another apiVersion than asked', async () => {
    const auth = new ExecAuthenticator();
    const command = path.join(EXEC, 'wrong-version.sh');
    auth.register('u', exec(command), cluster);
    await assert.rejects(authorize(auth), {
      name: 'CredentialError',
      message: `exec credential plugin "${command}" (user u) answered with apiVersion client.authentication.k8s.io/v1beta1 but the kubeconfig asks for ${V1}`,
    });
  });

  it('kills a plugin that does not finish in time', async () => {
    const auth = new ExecAuthenticator({ timeoutMs: 300 });
    const command = path.join(EXEC, 'slow-plugin.sh');
    auth.register('u', exec(command), cluster);
    const started = Date.now();
    await assert.rejects(authorize(auth), /slow-plugin\.sh" \(user u\) did not finish within 0\.3 s/);
    assert.ok(Date.now() - started < 3000);
  });

  it('names the plugin it is waiting for while it runs, and forgets it once it is stopped', async () => {
    const auth = new ExecAuthenticator();
    const command = path.join(EXEC, 'slow-plugin.sh');
    auth.register('u', exec(command), cluster);
    assert.equal(auth.waitingFor(), undefined);
    const pending = assert.rejects(authorize(auth), /slow-plugin\.sh" \(user u\): stopped/);
    assert.deepEqual(auth.waitingFor(), message('errors.exec.plugin', { command, user: 'u' }));
    assert.equal(textOf('en', auth.waitingFor()!), `exec credential plugin "${command}" (user u)`);
    auth.dispose();
    await pending;
    assert.equal(auth.waitingFor(), undefined);
  });

  it('refuses what it cannot do, naming the plugin', async () => {
    const cases: [Partial<KubeconfigExec>, RegExp][] = [
      [{ interactiveMode: 'Always' }, /needs an interactive terminal \(interactiveMode: Always\)/],
      [{ apiVersion: undefined }, /exec\.apiVersion is missing/],
      [{ apiVersion: 'client.authentication.k8s.io/v1alpha1' }, /unsupported exec\.apiVersion client\.authentication\.k8s\.io\/v1alpha1/],
    ];
    for (const [extra, message] of cases) {
      const auth = new ExecAuthenticator();
      auth.register('u', exec('my-plugin', extra), cluster);
      await assert.rejects(authorize(auth), (err: unknown) => err instanceof CredentialError && /"my-plugin" \(user u\)/.test(err.message) && message.test(err.message));
    }
  });

  it('never quotes what the plugin printed on stdout: a cut-off answer would put its token in the message', async () => {
    const cutOff = `{"apiVersion":"${V1}","kind":"ExecCredential","status":{"token":"SECRET-TOKEN-123"`;
    const auth = new ExecAuthenticator();
    auth.register('u', exec(process.execPath, { args: ['-e', `process.stdout.write(${JSON.stringify(cutOff)})`] }), cluster);
    await assert.rejects(authorize(auth), (err: unknown) => {
      assert.ok(err instanceof CredentialError);
      assert.doesNotMatch(err.message, /SECRET/);
      assert.match(err.message, /\(user u\) printed something that is not JSON \(\d+ characters on stdout\)$/);
      return true;
    });
  });

  it('an apiVersion that JSON cannot turn into a string is still a CredentialError', async () => {
    const answer = JSON.stringify({ apiVersion: { toString: 1, valueOf: 1 }, kind: 'ExecCredential', status: { token: 't' } });
    const auth = new ExecAuthenticator();
    auth.register('u', exec(process.execPath, { args: ['-e', `process.stdout.write(${JSON.stringify(answer)})`] }), cluster);
    await assert.rejects(authorize(auth), { name: 'CredentialError', message: /answered with apiVersion \(an object\) but the kubeconfig asks for/ });
  });

  it('dispose() kills a running plugin', async () => {
    const auth = new ExecAuthenticator();
    auth.register('u', exec(path.join(EXEC, 'slow-plugin.sh')), cluster);
    const pending = authorize(auth);
    setTimeout(() => auth.dispose(), 50);
    await assert.rejects(pending, /: stopped$/);
  });
});
