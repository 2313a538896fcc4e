// Auth as docker and containerd do it, against the real registry: its
// `auth: token` mode with a token issuer of the test's own, its htpasswd mode
// (basic auth), credentials from a docker config.json (auths, credsStore,
// credHelpers and a docker-credential-* script), and a registry on HTTPS with
// its CA in a certs.d folder. No message may hold a credential.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CREDENTIAL_MISS_MS, RegistryClient, type RegistryClientOptions } from '../../../main/registry/client.ts';
import type { Credential } from '../../../main/registry/credentials.ts';
import { RegistryError } from '../../../main/registry/errors.ts';
import { Authorizer, parseChallenges } from '../../../main/registry/auth.ts';
import type { Transport } from '../../../main/registry/transport.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';
import { normalizeServer } from '../../../main/registry/credentials.ts';
import {
  registrySuite, HTPASSWD_PASSWORD, pushSingle, requireRegistry, startRegistry, startTokenIssuer,
  type PushedImage, type TestRegistry, type TokenIssuer,
} from '../../fixtures/registry.ts';

const AMD64 = { os: 'linux', architecture: 'amd64' };
const STEPS = { platform: AMD64, steps: [{ createdBy: 'ADD private', files: 'p' }] };

let tmp: string;
const clients: RegistryClient[] = [];
function client(options: RegistryClientOptions): RegistryClient {
  const c = new RegistryClient({ timeoutMs: 30_000, certsDirs: [], ...options });
  clients.push(c);
  return c;
}

/** A docker config folder holding config.json, and a bin folder for credential helpers. */
function dockerConfig(name: string, config: unknown, helpers: Record<string, string> = {}): { dockerConfigDir: string; env: NodeJS.ProcessEnv } {
  const dir = path.join(tmp, name);
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config));
  for (const [helper, script] of Object.entries(helpers)) {
    fs.writeFileSync(path.join(dir, 'bin', `docker-credential-${helper}`), `#!/bin/sh\n${script}\n`, { mode: 0o755 });
  }
  return { dockerConfigDir: dir, env: { ...process.env, PATH: `${path.join(dir, 'bin')}:${process.env.PATH}` } };
}

async function rejection(promise: Promise<unknown>): Promise<RegistryError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof RegistryError, `expected a RegistryError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected the registry client to fail');
}

const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString('base64');

describe('WWW-Authenticate challenges and docker config names', () => {
  it('reads bearer and basic challenges, quoted values with commas and escapes, several in one header', () => {
    assert.deepEqual(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/nginx:pull"'), [
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/nginx:pull' } },
    ]);
    assert.deepEqual(parseChallenges('Basic realm="Registry Realm"'), [{ scheme: 'basic', params: { realm: 'Registry Realm' } }]);
    assert.deepEqual(parseChallenges('Basic realm="a, \\"b\\"", Bearer realm=https://x/token, scope="repository:a:pull repository:b:pull"'), [
      { scheme: 'basic', params: { realm: 'a, "b"' } },
      { scheme: 'bearer', params: { realm: 'https://x/token', scope: 'repository:a:pull repository:b:pull' } },
    ]);
    assert.deepEqual(parseChallenges(''), []);
  });

  it('finds Docker Hub under any of its names, and other registries by host and port', () => {
    for (const k of ['https://index.docker.io/v1/', 'index.docker.io', 'docker.io', 'registry-1.docker.io']) assert.equal(normalizeServer(k), 'docker.io');
    assert.equal(normalizeServer('https://GHCR.io'), 'ghcr.io');
    assert.equal(normalizeServer('http://127.0.0.1:5000/v2/'), '127.0.0.1:5000');
  });

  it('refuses a plain-HTTP loopback realm named by a remote registry, and takes it from a loopback one', async () => {
    const asked: string[] = [];
    const transport = {
      request: async (url: URL) => {
        asked.push(url.href);
        return { status: 200, headers: {}, body: Buffer.from('{"token":"t"}'), url };
      },
    } as unknown as Transport;
    const auth = new Authorizer(transport, new FakeClock(), async () => undefined);
    const e = await rejection(auth.onUnauthorized('registry.example.com', 'x', 'Bearer realm="http://127.0.0.1:8080/admin",service="s"', undefined));
    assert.equal(e.kind, 'auth');
    assert.match(e.message, /token realm over http:\/\/ on this machine/);
    assert.deepEqual(asked, [], 'this machine\'s services are not asked');
    // An HTTPS realm elsewhere stays allowed, as docker has it; so does a local registry's local realm.
    assert.equal(await auth.onUnauthorized('registry.example.com', 'x', 'Bearer realm="https://auth.example.com/token"', undefined), 'Bearer t');
    assert.equal(await auth.onUnauthorized('127.0.0.1:5000', 'x', 'Bearer realm="http://localhost:5001/token"', undefined), 'Bearer t');
    assert.equal(asked.length, 2);
  });
});

registrySuite('registry auth, against a real registry', () => {
  before(() => {
    requireRegistry();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-registry-auth-'));
  });
  after(() => {
    for (const c of clients) c.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe('token auth (auth: token, and an issuer of the test\'s own)', () => {
    let issuer: TokenIssuer;
    let registry: TestRegistry;
    let image: PushedImage;
    before(async () => {
      const dir = fs.mkdtempSync(path.join(tmp, 'issuer-'));
      issuer = await startTokenIssuer(dir, { alice: 'alice-secret-pw' }, true);
      registry = await startRegistry({ auth: { kind: 'token', issuer } });
      image = await pushSingle(registry, 'team/app', '2.0', STEPS);
    });
    after(async () => {
      await registry?.stop();
      await issuer?.close();
    });

    it('gets an anonymous pull token from the WWW-Authenticate challenge, and reuses it', async () => {
      const before = issuer.requests.length;
      const c = client({ credentials: async () => undefined });
      const a = await c.anatomy(`${registry.host}/team/app:2.0`, { platform: AMD64 });
      assert.equal(a.manifest.digest, image.digest);
      const asked = issuer.requests.slice(before);
      assert.equal(asked.length, 1, 'one token for the whole image');
      assert.deepEqual(asked[0].scope, ['repository:team/app:pull']);
      assert.equal(asked[0].basicUser, undefined);
    });

    it('sends the user\'s credentials from config.json auths to the token service', async () => {
      const before = issuer.requests.length;
      const cfg = dockerConfig('token-auths', { auths: { [`http://${registry.host}`]: { auth: basic('alice', 'alice-secret-pw') } } });
      const a = await client(cfg).anatomy(`${registry.host}/team/app:2.0`, { platform: AMD64 });
      assert.equal(a.manifest.digest, image.digest);
      assert.equal(issuer.requests.slice(before)[0].basicUser, 'alice');
    });

    it('says the token service refused the credentials, without repeating them', async () => {
      const cfg = dockerConfig('token-wrong', { auths: { [registry.host]: { username: 'alice', password: 'wrong-password-123' } } });
      const e = await rejection(client(cfg).anatomy(`${registry.host}/team/app:2.0`, { platform: AMD64 }));
      assert.equal(e.kind, 'auth');
      assert.match(e.message, /refused the credentials from .*config\.json auths to team\/app \(401\)/);
      assert.doesNotMatch(e.message + String(e.stack), /wrong-password-123|alice/);
    });
  });

  describe('a private image: the issuer gives nothing to anonymous callers', () => {
    let issuer: TokenIssuer;
    let registry: TestRegistry;
    before(async () => {
      issuer = await startTokenIssuer(fs.mkdtempSync(path.join(tmp, 'issuer-')), { bob: 'bob-pw' }, false, { 'refresh-abc-123': 'bob' });
      registry = await startRegistry({ auth: { kind: 'token', issuer } });
      await pushSingle(registry, 'secret/app', '1', STEPS);
    });
    after(async () => {
      await registry?.stop();
      await issuer?.close();
    });

    it('says the image may be private, where credentials are read, and that imagePullSecrets are not', async () => {
      const e = await rejection(client({ credentials: async () => undefined }).anatomy(`${registry.host}/secret/app:1`, { platform: AMD64 }));
      assert.equal(e.kind, 'auth');
      assert.match(e.message, /refused access to secret\/app \(401.*\): the image may be private/);
      assert.match(e.message, /never the cluster's imagePullSecrets/);
    });

    it('asks for credentials anew after a refusal (a `docker login` then Retry), and keeps a found one', async () => {
      let login: Credential | undefined;
      let lookups = 0;
      const clock = new FakeClock(Date.now());
      const c = client({ clock, credentials: async () => (lookups++, login) });
      const e = await rejection(c.anatomy(`${registry.host}/secret/app:1`, { platform: AMD64 }));
      assert.equal(e.kind, 'auth');
      assert.equal(lookups, 1, 'one lookup serves the requests of one answer');
      login = { identityToken: 'refresh-abc-123', source: 'a test login' };
      assert.equal((await c.anatomy(`${registry.host}/secret/app:1`, { platform: AMD64 })).layers.length, 1);
      assert.equal(lookups, 2);
      // Found: kept, however long after.
      clock.elapse(3_600_000);
      await c.anatomy(`${registry.host}/secret/app:1`, { platform: AMD64 });
      assert.equal(lookups, 2);
    });

    it('believes "no credentials" only a short while', async () => {
      let lookups = 0;
      const clock = new FakeClock(Date.now());
      const c = client({ clock });
      const reader = c as unknown as { credential: (h: string, r: () => Promise<undefined>) => Promise<undefined> };
      const read = async () => (lookups++, undefined);
      await reader.credential(registry.host, read);
      await reader.credential(registry.host, read);
      assert.equal(lookups, 1);
      clock.elapse(CREDENTIAL_MISS_MS);
      await reader.credential(registry.host, read);
      assert.equal(lookups, 2);
    });

    it('exchanges an identity token (config.json identitytoken, or a helper\'s "<token>") as an OAuth2 refresh token', async () => {
      const before = issuer.requests.length;
      const cfg = dockerConfig('identity', { auths: { [registry.host]: { identitytoken: 'refresh-abc-123' } } });
      const a = await client(cfg).anatomy(`${registry.host}/secret/app:1`, { platform: AMD64 });
      assert.equal(a.layers.length, 1);
      assert.deepEqual(issuer.requests.slice(before).map((r) => r.basicUser), ['refresh:bob']);
      const helper = dockerConfig('identity-helper', { credsStore: 'tok' }, { tok: `printf '{"Username":"<token>","Secret":"refresh-abc-123"}'` });
      assert.equal((await client(helper).anatomy(`${registry.host}/secret/app:1`, { platform: AMD64 })).layers.length, 1);
      const wrong = dockerConfig('identity-wrong', { auths: { [registry.host]: { identitytoken: 'refresh-expired-999' } } });
      const e = await rejection(client(wrong).anatomy(`${registry.host}/secret/app:1`, { platform: AMD64 }));
      assert.equal(e.kind, 'auth');
      assert.doesNotMatch(`${e.message}\n${e.stack}`, /refresh-expired-999/);
    });
  });

  describe('basic auth (htpasswd)', () => {
    let registry: TestRegistry;
    let image: PushedImage;
    before(async () => {
      registry = await startRegistry({ auth: { kind: 'htpasswd', users: { carol: HTPASSWD_PASSWORD } } });
      image = await pushSingle(registry, 'basic/app', 'v1', STEPS);
    });
    after(async () => {
      await registry?.stop();
    });

    it('refuses anonymous access with the private-image message', async () => {
      const e = await rejection(client({ credentials: async () => undefined }).anatomy(`${registry.host}/basic/app:v1`, { platform: AMD64 }));
      assert.equal(e.kind, 'auth');
      assert.match(e.message, /imagePullSecrets/);
    });

    it('answers a Basic challenge with the credentials of config.json auths', async () => {
      const cfg = dockerConfig('basic-auths', { auths: { [registry.host]: { auth: basic('carol', HTPASSWD_PASSWORD) } } });
      const a = await client(cfg).anatomy(`${registry.host}/basic/app:v1`, { platform: AMD64 });
      assert.equal(a.manifest.digest, image.digest);
      assert.doesNotMatch(JSON.stringify(a), new RegExp(HTPASSWD_PASSWORD));
    });

    it('runs the credsStore helper (docker-credential-<name> get, the host on stdin)', async () => {
      const seen = path.join(tmp, 'helper-stdin');
      const cfg = dockerConfig('basic-store', { credsStore: 'katest', auths: {} }, {
        katest: `[ "$1" = get ] || exit 3\ncat > ${seen}\nprintf '{"ServerURL":"x","Username":"carol","Secret":"${HTPASSWD_PASSWORD}"}'`,
      });
      const a = await client(cfg).anatomy(`${registry.host}/basic/app:v1`, { platform: AMD64 });
      assert.equal(a.manifest.digest, image.digest);
      assert.equal(fs.readFileSync(seen, 'utf8'), registry.host);
    });

    it('prefers credHelpers for the host, and takes "credentials not found" as anonymous', async () => {
      const cfg = dockerConfig('basic-helpers', { credsStore: 'none', credHelpers: { [registry.host]: 'mine' } }, {
        mine: `printf '{"Username":"carol","Secret":"${HTPASSWD_PASSWORD}"}'`,
        none: "echo 'credentials not found in native keychain'; exit 1",
      });
      assert.equal((await client(cfg).anatomy(`${registry.host}/basic/app:v1`, { platform: AMD64 })).manifest.digest, image.digest);
      const storeOnly = dockerConfig('basic-none', { credsStore: 'none' }, { none: "echo 'credentials not found in native keychain'; exit 1" });
      const e = await rejection(client(storeOnly).anatomy(`${registry.host}/basic/app:v1`, { platform: AMD64 }));
      assert.match(e.message, /imagePullSecrets/);
    });

    it('gives up on a helper that does not answer, and on one that is missing, saying which', async () => {
      const hang = dockerConfig('basic-hang', { credsStore: 'slow' }, { slow: 'exec sleep 30' });
      const e = await rejection(client({ ...hang, helperTimeoutMs: 300 }).anatomy(`${registry.host}/basic/app:v1`, { platform: AMD64 }));
      assert.equal(e.kind, 'auth');
      assert.match(e.message, /docker-credential-slow did not answer within 0 s|docker-credential-slow did not answer/);
      const missing = dockerConfig('basic-missing', { credsStore: 'absent-helper' });
      const m = await rejection(client(missing).anatomy(`${registry.host}/basic/app:v1`, { platform: AMD64 }));
      assert.match(m.message, /docker-credential-absent-helper, which is not on PATH/);
    });

    it('never repeats a wrong password or a helper\'s output in its message', async () => {
      const cfg = dockerConfig('basic-wrong', { credsStore: 'leaky' }, { leaky: "echo 'Secret: sUpEr-SeCrEt-42' >&2; echo 'token sUpEr-SeCrEt-42'; exit 5" });
      const e = await rejection(client(cfg).anatomy(`${registry.host}/basic/app:v1`, { platform: AMD64 }));
      assert.match(e.message, /docker-credential-leaky failed \(exit code 5\)/);
      assert.doesNotMatch(`${e.message}\n${e.stack}`, /sUpEr-SeCrEt-42/);

      const wrong = dockerConfig('basic-wrong-pw', { auths: { [registry.host]: { auth: basic('carol', 'not-the-pw-77') } } });
      const w = await rejection(client(wrong).anatomy(`${registry.host}/basic/app:v1`, { platform: AMD64 }));
      assert.equal(w.kind, 'auth');
      assert.match(w.message, /the credentials from .*config\.json auths were not accepted/);
      assert.doesNotMatch(`${w.message}\n${w.stack}`, /not-the-pw-77/);
    });
  });

  describe('a registry on HTTPS with its own CA', () => {
    let registry: TestRegistry;
    let image: PushedImage;
    let certs: string;
    before(async () => {
      const dir = fs.mkdtempSync(path.join(tmp, 'tls-'));
      const key = path.join(dir, 'tls.key');
      const cert = path.join(dir, 'tls.crt');
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:registry.test'], { stdio: 'ignore' });
      registry = await startRegistry({ tls: { cert, key } });
      // The fixture pushes over plain HTTP; this registry speaks TLS only, so push through an https-aware copy.
      image = await pushOverTls(registry, cert);
      certs = path.join(dir, 'certs.d');
      fs.mkdirSync(path.join(certs, registry.host), { recursive: true });
      fs.copyFileSync(cert, path.join(certs, registry.host, 'ca.crt'));
      fs.mkdirSync(path.join(certs, 'registry.test'), { recursive: true });
      fs.copyFileSync(cert, path.join(certs, 'registry.test', 'ca.crt'));
    });
    after(async () => {
      await registry?.stop();
    });

    it('trusts it only with the CA in certs.d/<host>/ca.crt; a loopback registry that speaks TLS is asked over TLS, never plain', async () => {
      const e = await rejection(client({ credentials: async () => undefined }).anatomy(`${registry.host}/tls/app:1`, { platform: AMD64 }));
      assert.equal(e.kind, 'unreachable');
      assert.match(e.message, /TLS certificate is not trusted .*certs\.d/);
      const a = await client({ credentials: async () => undefined, certsDirs: [certs] }).anatomy(`${registry.host}/tls/app:1`, { platform: AMD64 });
      assert.equal(a.manifest.digest, image.digest);
    });

    it('goes through HTTPS_PROXY with CONNECT, unless NO_PROXY names the host', async () => {
      const http = await import('node:http');
      const targets: string[] = [];
      // A CONNECT proxy that takes "registry.test:443" to the test registry: the name resolves nowhere else.
      const proxy = http.createServer((_req, res) => res.writeHead(405).end());
      proxy.on('connect', (req, client: import('node:net').Socket, head: Buffer) => {
        targets.push(String(req.url));
        const upstream = net.connect(registry.port, '127.0.0.1', () => {
          client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
          upstream.write(head);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
      try {
        const env = { HTTPS_PROXY: `http://127.0.0.1:${(proxy.address() as import('node:net').AddressInfo).port}`, NO_PROXY: 'example.com' };
        const a = await client({ credentials: async () => undefined, certsDirs: [certs], env }).anatomy('registry.test/tls/app:1', { platform: AMD64 });
        assert.equal(a.manifest.digest, image.digest);
        assert.ok(targets.length >= 1 && targets.every((t) => t === 'registry.test:443'), targets.join());
        const e = await rejection(client({ credentials: async () => undefined, certsDirs: [certs], env: { ...env, NO_PROXY: '.test' } }).anatomy('registry.test/tls/app:1', { platform: AMD64 }));
        assert.equal(e.kind, 'unreachable');
        assert.match(e.message, /cannot reach the registry registry\.test: the name does not resolve/);
      } finally {
        proxy.close();
      }
    });
  });
});

/** The fixture's pushes speak plain HTTP; a TLS-only registry gets them through a local TLS-terminating relay. */
async function pushOverTls(registry: TestRegistry, cert: string): Promise<PushedImage> {
  const http = await import('node:http');
  const https = await import('node:https');
  const ca = fs.readFileSync(cert);
  const relay = http.createServer((req, res) => {
    const up = https.request(`https://${registry.host}${req.url}`, { method: req.method, headers: req.headers, ca }, (r) => {
      const headers = { ...r.headers };
      if (headers.location) headers.location = headers.location.replace(/^https:\/\/[^/]+/, `http://${relayHost}`);
      res.writeHead(r.statusCode ?? 502, headers);
      r.pipe(res);
    });
    req.pipe(up);
  });
  await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
  const relayHost = `127.0.0.1:${(relay.address() as import('node:net').AddressInfo).port}`;
  try {
    return await pushSingle({ ...registry, host: relayHost }, 'tls/app', '1', STEPS);
  } finally {
    relay.closeAllConnections();
    relay.close();
  }
}
