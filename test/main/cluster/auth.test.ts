// Authentication and connection failures of a live source against the fake
// API server: what works, and the sentence the user gets when it does not.

import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { loadKubeconfig } from '../../../main/cluster/kubeconfig.ts';
import { createLiveSource } from '../../../main/cluster/live-source.ts';
import type { ObjectSource } from '../../../main/source/object-source.ts';
import { FakeApiServer, FIXTURES, fixture, TLS_DIR, type FakeAuth } from '../../fixtures/fake-apiserver.ts';
import { eventually, FAST, Recorder, tempDir, writeKubeconfig, type KubeconfigSpec } from './helpers/harness.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';

const CA = path.join(TLS_DIR, 'ca.crt');
const PLUGIN = path.join(FIXTURES, 'exec/plugin.sh');
const FAILING_PLUGIN = path.join(FIXTURES, 'exec/failing-plugin.sh');

let server: FakeApiServer | undefined;
let tmp: ReturnType<typeof tempDir>;
let running: ObjectSource[] = [];

async function serve(auth: FakeAuth | undefined): Promise<FakeApiServer> {
  server = await FakeApiServer.start(auth);
  server.serveFixtureLists();
  return server;
}

function run(spec: KubeconfigSpec, file = 'config', clock?: FakeClock): Recorder {
  const kubeconfig = writeKubeconfig(tmp.dir, spec, file);
  const access = loadKubeconfig({ kubeconfigFlag: kubeconfig }).access();
  const source = createLiveSource({ access, ...FAST, clock });
  running.push(source);
  const rec = new Recorder(clock);
  source.start(rec);
  return rec;
}

async function expectLive(rec: Recorder): Promise<void> {
  await rec.untilState('live');
  await rec.until('objects', () => rec.deliveries.length > 0);
  assert.equal(rec.last?.nodes?.length, 2);
  assert.deepEqual(rec.last?.gaps, []);
}

async function expectFailed(rec: Recorder): Promise<string> {
  await rec.untilState('failed');
  const state = rec.lastState;
  assert.ok(state?.phase === 'failed');
  assert.equal(rec.deliveries.length, 0);
  return state.reason;
}

const b64 = (file: string) => readFileSync(path.join(TLS_DIR, file)).toString('base64');

describe('live source: authentication', () => {
  before(() => {
    tmp = tempDir();
  });
  after(() => tmp.cleanup());
  afterEach(async () => {
    await Promise.all(running.map((s) => s.stop()));
    running = [];
    await server?.close();
    server = undefined;
  });

  it('client certificate from files: the server checks it', async () => {
    const s = await serve({ clientCertCN: 'test-admin' });
    const rec = run({
      server: s.url,
      cluster: { 'certificate-authority': CA },
      user: { 'client-certificate': path.join(TLS_DIR, 'client.crt'), 'client-key': path.join(TLS_DIR, 'client.key') },
    });
    await expectLive(rec);
    assert.ok(s.requests.every((r) => r.clientCN === 'test-admin'));
  });

  it('client certificate inline, and relative paths next to the kubeconfig', async () => {
    const s = await serve({ clientCertCN: 'test-admin' });
    const rec = run({
      server: s.url,
      cluster: { 'certificate-authority-data': b64('ca.crt') },
      user: { 'client-certificate-data': b64('client.crt'), 'client-key-data': b64('client.key') },
    });
    await expectLive(rec);

    // A kubeconfig in the tls fixture directory naming its files relatively.
    const relTmp = tempDir();
    try {
      const file = writeKubeconfig(relTmp.dir, {
        server: s.url,
        cluster: { 'certificate-authority': path.relative(relTmp.dir, CA) },
        user: { 'client-certificate': path.relative(relTmp.dir, path.join(TLS_DIR, 'client.crt')), 'client-key': path.relative(relTmp.dir, path.join(TLS_DIR, 'client.key')) },
      });
      const source = createLiveSource({ access: loadKubeconfig({ kubeconfigFlag: file, cwd: '/' }).access(), ...FAST });
      running.push(source);
      const rec2 = new Recorder();
      source.start(rec2);
      await expectLive(rec2);
    } finally {
      relTmp.cleanup();
    }
  });

  it('without the client certificate the server answers 401 and the source fails, saying so', async () => {
    const s = await serve({ clientCertCN: 'test-admin' });
    const reason = await expectFailed(run({ server: s.url, cluster: { 'certificate-authority': CA } }));
    assert.equal(reason, `${s.url} rejected the credentials of context test (401 Unauthorized: Unauthorized)`);
  });

  it('bearer token, inline and from tokenFile (trailing newline and all)', async () => {
    const s = await serve({ token: 'sekret-token' });
    await expectLive(run({ server: s.url, cluster: { 'certificate-authority': CA }, user: { token: 'sekret-token' } }));
    assert.ok(s.requests.every((r) => r.authorization === 'Bearer sekret-token'));

    writeFileSync(path.join(tmp.dir, 'token'), 'sekret-token\n');
    // tokenFile relative to the kubeconfig's directory.
    await expectLive(run({ server: s.url, cluster: { 'certificate-authority': CA }, user: { tokenFile: 'token' } }, 'config-token-file'));
  });

  it('a wrong token fails with the API server named, and no token in the message', async () => {
    const s = await serve({ token: 'sekret-token' });
    const reason = await expectFailed(run({ server: s.url, cluster: { 'certificate-authority': CA }, user: { token: 'wrong-token' } }));
    assert.match(reason, new RegExp(`^${s.url.replace(/\./g, '\\.')} rejected the credentials of context test \\(401`));
    assert.ok(!reason.includes('wrong-token'));
  });

  it('a missing tokenFile names the file', async () => {
    const s = await serve({ token: 'sekret-token' });
    const reason = await expectFailed(run({ server: s.url, cluster: { 'certificate-authority': CA }, user: { tokenFile: 'no-such-token' } }, 'config-missing-token'));
    assert.match(reason, new RegExp(`cannot read tokenFile ${path.join(tmp.dir, 'no-such-token')} of user test-user: ENOENT`));
    assert.match(reason, /\(context test\)$/);
  });

  for (const apiVersion of ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1']) {
    it(`exec credential plugin (${apiVersion.split('/')[1]}), run once for all five resources`, async () => {
      const s = await serve({ token: 'from-plugin' });
      const log = path.join(tmp.dir, `plugin-${apiVersion.split('/')[1]}.log`);
      const rec = run({
        server: s.url,
        cluster: { 'certificate-authority': CA },
        user: {
          exec: {
            apiVersion,
            command: PLUGIN,
            env: [
              { name: 'PLUGIN_TOKEN', value: 'from-plugin' },
              { name: 'PLUGIN_LOG', value: log },
            ],
            interactiveMode: 'Never',
          },
        },
      });
      await expectLive(rec);
      assert.ok(s.requests.length >= 10);
      assert.ok(s.requests.every((r) => r.authorization === 'Bearer from-plugin'));
      assert.equal(readFileSync(log, 'utf8'), 'run\n', 'the plugin runs once; its credential is cached until it expires');
    });
  }

  it('an exec plugin returning a client certificate', async () => {
    const s = await serve({ clientCertCN: 'test-admin' });
    const rec = run({
      server: s.url,
      cluster: { 'certificate-authority': CA },
      user: {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: path.join(FIXTURES, 'exec/cert-plugin.sh'),
          env: [
            { name: 'CERT_FILE', value: path.join(TLS_DIR, 'client.crt') },
            { name: 'KEY_FILE', value: path.join(TLS_DIR, 'client.key') },
          ],
        },
      },
    });
    await expectLive(rec);
    assert.ok(s.requests.every((r) => r.clientCN === 'test-admin'));
  });

  it('after a 401 the exec plugin runs again, so a renewed login recovers without a restart', async () => {
    const s = await serve({ token: 'renewed' });
    const tokenFile = path.join(tmp.dir, 'plugin-token');
    const log = path.join(tmp.dir, 'plugin-renew.log');
    writeFileSync(tokenFile, 'expired');
    const rec = run({
      server: s.url,
      cluster: { 'certificate-authority': CA },
      user: {
        exec: {
          apiVersion: 'client.authentication.k8s.io/v1',
          command: PLUGIN,
          env: [
            { name: 'PLUGIN_TOKEN_FILE', value: tokenFile },
            { name: 'PLUGIN_LOG', value: log },
          ],
        },
      },
    });
    assert.match(await expectFailed(rec), /401 Unauthorized/);
    writeFileSync(tokenFile, 'renewed');
    await expectLive(rec);
    assert.ok(readFileSync(log, 'utf8').split('\n').length > 2, 'the plugin ran again');
  });

  it('a failing exec plugin: the error names the command and shows its stderr', async () => {
    const s = await serve({ token: 'from-plugin' });
    const reason = await expectFailed(
      run({ server: s.url, cluster: { 'certificate-authority': CA }, user: { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: FAILING_PLUGIN } } }),
    );
    assert.equal(
      reason,
      `exec credential plugin "${FAILING_PLUGIN}" (user test-user) failed with exit code 3: error: the SSO session has expired; run 'cloud login' again (context test)`,
    );
    assert.equal(s.requests.length, 0, 'nothing is sent without credentials');
  });

  it('an exec plugin that is not installed: says so, with the install hint', async () => {
    const s = await serve({ token: 'x' });
    const reason = await expectFailed(
      run({
        server: s.url,
        cluster: { 'certificate-authority': CA },
        user: {
          exec: {
            apiVersion: 'client.authentication.k8s.io/v1',
            command: 'kube-anatomy-no-such-plugin',
            installHint: 'Install it with: brew install no-such-plugin',
          },
        },
      }),
    );
    assert.match(reason, /exec credential plugin "kube-anatomy-no-such-plugin" \(user test-user\) could not be started: command not found \(is it on PATH\?\)\. Install it with: brew install no-such-plugin/);
  });

  it('insecure-skip-tls-verify connects to a server whose CA is not given', async () => {
    const s = await serve(undefined);
    await expectLive(run({ server: s.url, cluster: { 'insecure-skip-tls-verify': true } }));
  });

  it('a client key that is not the certificate\'s own fails once, with one steady reason', async () => {
    // Keys and certificates that cannot be parsed at all are kubeconfig errors (kubeconfig.test.ts).
    const s = await serve(undefined);
    const clock = new FakeClock();
    const rec = run(
      {
        server: s.url,
        cluster: { 'certificate-authority': CA },
        user: { 'client-certificate-data': b64('client.crt'), 'client-key-data': b64('server.key') },
      },
      'config',
      clock,
    );
    const reason = await expectFailed(rec);
    assert.match(reason, /^TLS connection to .* failed \(context test\): a certificate or key of the context cannot be loaded \(.*\) \[ERR_OSSL_/);
    // The five resources keep retrying on their own schedules; the state does not flicker.
    // Each round, all five have failed again and wait out their next delay. (Events are
    // listed only after the first delivery, which never comes here.)
    while (clock.fired < 15) {
      await eventually('all five resources waiting to retry', () => clock.pending === 5);
      await clock.advance(FAST.backoff.maxMs);
    }
    assert.deepEqual(rec.phases(), ['connecting', 'failed']);
  });

  it('without the CA and without insecure-skip-tls-verify, fails with a TLS explanation', async () => {
    const s = await serve(undefined);
    const reason = await expectFailed(run({ server: s.url }));
    assert.match(reason, new RegExp(`^TLS connection to ${s.url.replace(/\./g, '\\.')} failed \\(context test\\): the server's certificate is not signed by the cluster's certificate-authority \\[(UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN)\\]$`));
  });
});

describe('live source: unreachable server', () => {
  before(() => {
    tmp = tempDir();
  });
  after(() => tmp.cleanup());
  afterEach(async () => {
    await Promise.all(running.map((s) => s.stop()));
    running = [];
    await server?.close();
    server = undefined;
  });

  it('a closed port fails with "cannot reach", keeps retrying, and goes live when the server comes up', async () => {
    // A port that was just free: listen, note it, close.
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const url = `https://127.0.0.1:${port}`;
    const rec = run({ server: url, context: 'kind-kind', cluster: { 'certificate-authority': CA } });
    const reason = await expectFailed(rec);
    assert.equal(reason, `cannot reach ${url} (context kind-kind): connect ECONNREFUSED 127.0.0.1:${port}`);
    assert.deepEqual(rec.phases(), ['connecting', 'failed']);

    // The source keeps retrying in the background; once the server is up it goes live.
    server = await FakeApiServer.start(undefined, port);
    server.serveFixtureLists();
    await rec.untilState('live');
    await rec.until('objects', () => rec.deliveries.length > 0);
    assert.equal(rec.last?.nodes?.length, 2);
    // Never live before, so never "reconnecting": failed until the server answers, then connecting, then live.
    assert.deepEqual(rec.phases().slice(0, 2), ['connecting', 'failed']);
    assert.ok(!rec.phases().includes('reconnecting'));
  });
});
