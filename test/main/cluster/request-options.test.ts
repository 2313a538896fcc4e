// Request options without client-node: for every kind of kubeconfig that does
// not need it, the options (TLS material, headers, basic auth, the agent's TLS
// settings) equal what client-node's KubeConfig.applyToHTTPSOptions makes of
// the same context; the contexts that do need it (auth-provider, proxy-url) go
// through client-node; and the common path never loads client-node at all,
// which is the point (it costs about 350 ms before the first request).

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { KubeConfig } from '@kubernetes/client-node';
import { loadKubeconfig } from '../../../main/cluster/kubeconfig.ts';
import { TLS_DIR } from '../../fixtures/fake-apiserver.ts';
import { tempDir, writeKubeconfig, type KubeconfigSpec } from './helpers/harness.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CA = path.join(TLS_DIR, 'ca.crt');
const CERT = path.join(TLS_DIR, 'client.crt');
const KEY = path.join(TLS_DIR, 'client.key');
const b64 = (file: string) => readFileSync(file).toString('base64');

let tmp: ReturnType<typeof tempDir>;
before(() => {
  tmp = tempDir();
});
after(() => tmp.cleanup());

let files = 0;
function accessFor(spec: KubeconfigSpec) {
  files += 1;
  const file = writeKubeconfig(tmp.dir, spec, `config-${files}`);
  return { file, access: loadKubeconfig({ kubeconfigFlag: file }).access() };
}

type Options = https.RequestOptions & { headers?: Record<string, unknown> };

/** What a request takes from the options: TLS material, headers, auth, and the agent's kind and TLS settings. */
function essence(opts: Options) {
  const agent = opts.agent as (http.Agent & { options: https.AgentOptions }) | undefined;
  const tls = (o: https.AgentOptions | Options) => ({
    ca: o.ca?.toString(),
    cert: o.cert?.toString(),
    key: o.key?.toString(),
    rejectUnauthorized: o.rejectUnauthorized,
    servername: o.servername,
  });
  return {
    ...tls(opts),
    headers: opts.headers ?? {},
    auth: opts.auth,
    agent: agent ? { kind: agent instanceof https.Agent ? 'https' : 'http', ...tls(agent.options) } : undefined,
  };
}

/** client-node's own answer for the same context (its cluster, user and context as buildClusterAccess made them). */
async function clientNodeOptions(access: ReturnType<typeof accessFor>['access']): Promise<Options> {
  const config = new KubeConfig();
  const ours = access.kubeConfig;
  config.loadFromOptions({ clusters: [ours.getCurrentCluster()], users: [ours.getCurrentUser()], contexts: ours.getContexts(), currentContext: ours.getCurrentContext() });
  const opts: Options = {};
  await config.applyToHTTPSOptions(opts);
  return opts;
}

const SERVER = 'https://api.example.test:6443';
const CASES: Record<string, KubeconfigSpec> = {
  'CA file, client certificate and key files': { server: SERVER, cluster: { 'certificate-authority': CA }, user: { 'client-certificate': CERT, 'client-key': KEY } },
  'CA, certificate and key inline': {
    server: SERVER,
    cluster: { 'certificate-authority-data': b64(CA) },
    user: { 'client-certificate-data': b64(CERT), 'client-key-data': b64(KEY) },
  },
  'bearer token': { server: SERVER, cluster: { 'certificate-authority': CA }, user: { token: 'a-token' } },
  'basic auth, impersonation': { server: SERVER, cluster: { 'certificate-authority': CA }, user: { username: 'bob', password: 'secret', as: 'alice' } },
  'insecure-skip-tls-verify and tls-server-name': { server: SERVER, cluster: { 'insecure-skip-tls-verify': true, 'tls-server-name': 'kubernetes' }, user: { token: 't' } },
  'plain http': { server: 'http://127.0.0.1:8080', user: { token: 't' } },
  'no user at all': { server: SERVER, cluster: { 'certificate-authority': CA }, user: {} },
};

describe('request options without client-node', () => {
  for (const [name, spec] of Object.entries(CASES)) {
    it(`${name}: the same as client-node makes them`, async () => {
      const { access } = accessFor(spec);
      assert.equal(access.kubeConfig.needsClientNode, false);
      const ours: Options = {};
      await access.kubeConfig.applyToHTTPSOptions(ours);
      assert.deepEqual(essence(ours), essence(await clientNodeOptions(access)));
    });
  }

  it('a token file is ours: its token, trimmed, and no client-node', async () => {
    const token = path.join(tmp.dir, 'token');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(token, 'file-token\n');
    const { access } = accessFor({ server: SERVER, cluster: { 'certificate-authority': CA }, user: { tokenFile: token } });
    assert.equal(access.kubeConfig.needsClientNode, false);
    const opts: Options = {};
    await access.kubeConfig.applyToHTTPSOptions(opts);
    assert.equal(opts.headers?.['Authorization'], 'Bearer file-token');
  });

  it('the agent is made once, with the first request\'s TLS settings', async () => {
    const { access } = accessFor(CASES['CA file, client certificate and key files']!);
    const a: Options = {};
    const b: Options = {};
    await access.kubeConfig.applyToHTTPSOptions(a);
    await access.kubeConfig.applyToHTTPSOptions(b);
    assert.ok(a.agent instanceof https.Agent);
    assert.equal(a.agent, b.agent);
  });

  it('a user with no password sends an empty one, not "undefined"', async () => {
    const { access } = accessFor({ server: SERVER, cluster: { 'certificate-authority': CA }, user: { username: 'bob' } });
    const opts: Options = {};
    await access.kubeConfig.applyToHTTPSOptions(opts);
    assert.equal(opts.auth, 'bob:');
  });
});

describe('contexts that need client-node', () => {
  it('an oidc auth-provider: client-node sends its id-token', async () => {
    const { access } = accessFor({
      server: SERVER,
      cluster: { 'certificate-authority': CA },
      user: { 'auth-provider': { name: 'oidc', config: { 'id-token': 'oidc-id-token', 'client-id': 'x', 'idp-issuer-url': 'https://issuer.example.test' } } },
    });
    assert.equal(access.kubeConfig.needsClientNode, true);
    const opts: Options = {};
    await access.kubeConfig.applyToHTTPSOptions(opts);
    assert.deepEqual(essence(opts), essence(await clientNodeOptions(access)));
  });

  it('a proxy-url: client-node\'s proxy agent', async () => {
    const { access } = accessFor({ server: SERVER, cluster: { 'certificate-authority': CA, 'proxy-url': 'http://proxy.example.test:3128' }, user: { token: 't' } });
    assert.equal(access.kubeConfig.needsClientNode, true);
    const opts: Options = {};
    await access.kubeConfig.applyToHTTPSOptions(opts);
    assert.equal(opts.headers?.['Authorization'], 'Bearer t');
    assert.ok(opts.agent && opts.agent.constructor !== https.Agent, `a proxy agent, not ${opts.agent?.constructor.name}`);
    assert.equal(opts.agent.constructor, (await clientNodeOptions(access)).agent?.constructor);
  });
});

describe('loading client-node (in a fresh process)', () => {
  const run = async (spec: KubeconfigSpec) => {
    const { file } = accessFor(spec);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', path.join(HERE, 'helpers', 'client-node-loads.ts'), file], { cwd: path.resolve(HERE, '../../..') });
    return JSON.parse(stdout) as { clientNode: boolean; authorization: string | null };
  };

  it('a certificate or token context never loads it; a proxy context does (so the probe can tell)', async () => {
    assert.deepEqual(await run(CASES['bearer token']!), { clientNode: false, authorization: 'Bearer a-token' });
    assert.deepEqual(await run(CASES['CA file, client certificate and key files']!), { clientNode: false, authorization: null });
    const proxied = await run({ server: SERVER, cluster: { 'certificate-authority': CA, 'proxy-url': 'http://proxy.example.test:3128' }, user: { token: 't' } });
    assert.deepEqual(proxied, { clientNode: true, authorization: 'Bearer t' });
  });
});
