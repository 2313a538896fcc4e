// The registry client against a real registry (Debian's docker-registry,
// distribution 2.8) on 127.0.0.1, holding images the test pushed itself: a
// three-platform OCI index, an OCI manifest and a Docker v2 manifest. Then the
// same registry behind a front that misbehaves: 429s, a blob redirected to
// another host, endless redirects, huge, altered and malformed answers.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RegistryClient } from '../../../main/registry/client.ts';
import { DigestCache } from '../../../main/registry/cache.ts';
import { RegistryError } from '../../../main/registry/errors.ts';
import type { Clock } from '../../../main/common/clock.ts';
import { systemClock } from '../../../main/common/clock.ts';
import {
  registrySuite, freePort, pushBlob, pushFixtures, pushManifest, pushSingle, requireRegistry, sha256, startFront, startRegistry,
  type Front, type PushedImage, type TestRegistry,
} from '../../fixtures/registry.ts';

const AMD64 = { os: 'linux', architecture: 'amd64' };
const TIMEOUT = 30_000;

/** The system clock, except that waits other than the request timeout pass at once and are recorded: a 429's wait is checked, not slept. */
function recordingClock(): Clock & { waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    now: () => systemClock.now(),
    setTimeout(callback, ms, options) {
      if (ms === TIMEOUT) return systemClock.setTimeout(callback, ms, options);
      waits.push(ms);
      return systemClock.setTimeout(callback, 0, options);
    },
    clearTimeout: (h) => systemClock.clearTimeout(h),
  };
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

registrySuite('registry client, against a real registry', () => {
  let registry: TestRegistry;
  let pushed: { multi: PushedImage; single: PushedImage; docker: PushedImage };
  let cacheDir: string;
  const clients: RegistryClient[] = [];
  const client = (options: ConstructorParameters<typeof RegistryClient>[0] = {}) => {
    const c = new RegistryClient({ timeoutMs: TIMEOUT, credentials: async () => undefined, certsDirs: [], ...options });
    clients.push(c);
    return c;
  };

  before(async () => {
    requireRegistry();
    registry = await startRegistry();
    pushed = await pushFixtures(registry);
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-registry-cache-'));
  });
  after(async () => {
    for (const c of clients) c.close();
    await registry?.stop();
    if (cacheDir) fs.rmSync(cacheDir, { recursive: true, force: true });
  });

  for (const [asked, expected] of [
    [AMD64, 'linux/amd64'],
    [{ os: 'linux', architecture: 'arm64' }, 'linux/arm64'], // a node reports no variant: v8, and the index's entry has none either
    [{ os: 'linux', architecture: 'aarch64', variant: 'v8' }, 'linux/arm64'],
    [{ os: 'linux', architecture: 'arm' }, 'linux/arm/v7'], // arm alone is v7, as containerd reads it
  ] as const) {
    it(`picks ${expected} from the OCI index for ${JSON.stringify(asked)}, with the layers and history that were pushed`, async () => {
      const a = await client().anatomy(`${registry.host}/team/multi:1.0`, { platform: asked });
      const want = pushed.multi.platforms[expected];
      assert.equal(a.index?.digest, pushed.multi.digest);
      assert.deepEqual(a.index?.platforms, ['linux/amd64', 'linux/arm64/v8', 'linux/arm/v7']);
      assert.equal(a.manifest.digest, want.manifest);
      assert.equal(a.manifest.mediaType, 'application/vnd.oci.image.manifest.v1+json');
      assert.equal(a.config.digest, want.config);
      assert.deepEqual(
        a.layers.map((l) => ({ digest: l.digest, size: l.size, mediaType: l.mediaType, createdBy: l.createdBy })),
        want.layers,
      );
      assert.deepEqual(a.history.filter((h) => h.empty).map((h) => h.createdBy), want.emptySteps);
      assert.deepEqual(a.history.map((h) => h.layer), [0, undefined, 1, 2, undefined]);
      assert.equal(a.totalSize, want.layers.reduce((s, l) => s + l.size, 0));
      assert.equal(a.tagCheck, undefined, 'a tag alone is what it names now: nothing to compare');
    });
  }

  it('falls back to a platform the node runs too, as containerd does, and says so', async () => {
    const a = await client().anatomy(`${registry.host}/team/multi:1.0`, { platform: { os: 'linux', architecture: 'arm', variant: 'v8' } });
    assert.equal(a.manifest.digest, pushed.multi.platforms['linux/arm/v7'].manifest);
    assert.match(a.warnings.join('\n'), /the index has no linux\/arm\/v8 image; showing linux\/arm\/v7, which such a node runs too/);
    const exact = await client().anatomy(`${registry.host}/team/multi:1.0`, { platform: { os: 'linux', architecture: 'arm64' } });
    assert.doesNotMatch(exact.warnings.join('\n'), /showing/);
  });

  it('says which platforms an index has when the one asked for is missing', async () => {
    const e = await rejection(client().anatomy(`${registry.host}/team/multi:1.0`, { platform: { os: 'linux', architecture: 's390x' } }));
    assert.equal(e.kind, 'not-found');
    assert.match(e.message, /no linux\/s390x image; its index has linux\/amd64, linux\/arm64\/v8, linux\/arm\/v7/);
  });

  it('reads what a container runs from the config: entrypoint, command, user, ports, and env variable names, never their values', async () => {
    const a = await client().anatomy(`${registry.host}/team/multi:1.0`, { platform: AMD64 });
    assert.deepEqual(a.config.entrypoint, ['/app/serve']);
    assert.deepEqual(a.config.cmd, ['--port', '8080']);
    assert.equal(a.config.user, '1000:1000');
    assert.deepEqual(a.config.exposedPorts, ['8080/tcp', '9090/tcp']);
    assert.deepEqual(a.config.envNames, ['PATH', 'API_TOKEN']);
    assert.doesNotMatch(JSON.stringify(a), /hunter2|\/usr\/bin/);
  });

  it('reads a single OCI manifest by tag and a Docker v2 manifest by digest', async () => {
    const single = await client().anatomy(`${registry.host}/single:v1`, { platform: AMD64 });
    assert.equal(single.index, undefined);
    assert.equal(single.manifest.digest, pushed.single.digest);
    assert.deepEqual(single.layers.map((l) => l.createdBy), ['ADD rootfs.tar.gz / # buildkit', 'RUN make install']);
    assert.deepEqual(single.config.envNames, ['LANG', 'DATABASE_PASSWORD']);
    assert.doesNotMatch(JSON.stringify(single), /do-not-print/);

    const docker = await client().anatomy(`${registry.host}/legacy/docker@${pushed.docker.digest}`, { platform: AMD64 });
    assert.equal(docker.manifest.mediaType, 'application/vnd.docker.distribution.manifest.v2+json');
    assert.equal(docker.config.mediaType, 'application/vnd.docker.container.image.v1+json');
    assert.deepEqual(docker.layers.map((l) => [l.digest, l.mediaType]), pushed.docker.platforms['linux/amd64'].layers.map((l) => [l.digest, l.mediaType]));
    assert.equal(docker.reference.digest, pushed.docker.digest);
  });

  it('says each step as it starts: the tag, the index or the manifest, the platform\'s manifest, the config', async () => {
    const steps = (list: string[]) => (stage: string, platform?: { os: string; architecture: string; variant?: string }) =>
      list.push(platform ? `${stage} ${platform.os}/${platform.architecture}${platform.variant ? `/${platform.variant}` : ''}` : stage);
    // Nothing of the tag cached: the GET by tag brings the index with what the tag names.
    const multi: string[] = [];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-registry-steps-'));
    const cache = new DigestCache(dir);
    await client({ cache }).anatomy(`${registry.host}/team/multi:1.0`, { platform: { os: 'linux', architecture: 'arm64' }, onStage: steps(multi) });
    assert.deepEqual(multi, ['tag', 'manifest linux/arm64/v8', 'config']);
    // Cached: the HEAD says an index comes, read from the cache.
    const warm: string[] = [];
    await client({ cache }).anatomy(`${registry.host}/team/multi:1.0`, { platform: { os: 'linux', architecture: 'arm64' }, onStage: steps(warm) });
    assert.deepEqual(warm, ['tag', 'index', 'manifest linux/arm64/v8', 'config']);
    fs.rmSync(dir, { recursive: true, force: true });
    const single: string[] = [];
    await client().anatomy(`${registry.host}/single:v1`, { platform: AMD64, onStage: steps(single) });
    assert.deepEqual(single, ['tag', 'config'], 'the GET by tag brought the manifest');
    // Pinned by digest: no tag to ask about.
    const pinned: string[] = [];
    await client().anatomy(`${registry.host}/legacy/docker@${pushed.docker.digest}`, { platform: AMD64, onStage: steps(pinned) });
    assert.deepEqual(pinned, ['manifest', 'config']);
    // A listener that throws costs only itself.
    const a = await client().anatomy(`${registry.host}/single:v1`, { platform: AMD64, onStage: () => { throw new Error('listener'); } });
    assert.equal(a.manifest.digest, pushed.single.digest);
  });

  it('warns when a single-platform image is not the platform asked for (every node gets it anyway)', async () => {
    const a = await client().anatomy(`${registry.host}/single:v1`, { platform: { os: 'linux', architecture: 'arm64' } });
    assert.equal(a.platform.architecture, 'amd64');
    assert.match(a.warnings.join('\n'), /is linux\/amd64, not linux\/arm64\/v8/);
  });

  it('tells tag drift, comparing like with like: the index digest or the platform manifest digest', async () => {
    const multi = pushed.multi;
    const byIndex = await client().anatomy(`${registry.host}/team/multi:1.0@${multi.digest}`, { platform: AMD64 });
    assert.equal(byIndex.tagCheck?.state, 'same');
    // A runtime that reports the platform manifest's digest runs the same tag.
    const byManifest = await client().anatomy(`${registry.host}/team/multi:1.0`, { platform: AMD64, runningDigest: multi.platforms['linux/amd64'].manifest });
    assert.equal(byManifest.tagCheck?.state, 'same');
    assert.equal(byManifest.tagCheck?.tagDigest, multi.digest);

    const first = await pushSingle(registry, 'drift/app', 'stable', { platform: AMD64, steps: [{ createdBy: 'ADD one', files: '1' }] });
    const pinned = `${registry.host}/drift/app:stable@${first.digest}`;
    assert.equal((await client().anatomy(pinned, { platform: AMD64 })).tagCheck?.state, 'same');
    const second = await pushSingle(registry, 'drift/app', 'stable', { platform: AMD64, steps: [{ createdBy: 'ADD two', files: '2' }] });
    const moved = (await client().anatomy(pinned, { platform: AMD64 })).tagCheck;
    assert.equal(moved?.state, 'moved');
    assert.equal(moved?.tagDigest, second.digest);
    assert.equal(moved?.runningDigest, first.digest);
    // An index's platform manifest that is not in the index the tag names now has moved too.
    const other = await client().anatomy(`${registry.host}/team/multi:1.0`, { platform: AMD64, runningDigest: first.digest });
    assert.equal(other.tagCheck?.state, 'moved');
  });

  it('caches manifests and configs by digest: a warm answer asks only what the tag names, a pinned digest asks nothing', async () => {
    const cache = new DigestCache(cacheDir, 1024 * 1024);
    const cold = await client({ cache }).anatomy(`${registry.host}/team/multi:1.0`, { platform: AMD64 });
    // Nothing of the tag here: one GET by tag instead of a HEAD and a GET by digest.
    assert.deepEqual(cold.fetched, { cached: 0, network: 3 });
    const warm = await client({ cache }).anatomy(`${registry.host}/team/multi:1.0`, { platform: AMD64 });
    assert.deepEqual(warm.fetched, { cached: 3, network: 1 });
    assert.deepEqual({ ...warm, fetched: cold.fetched }, cold);
    const pinned = await client({ cache }).anatomy(`${registry.host}/team/multi@${pushed.multi.digest}`, { platform: AMD64 });
    assert.deepEqual(pinned.fetched, { cached: 3, network: 0 });
    for (const name of fs.readdirSync(cacheDir)) assert.equal(fs.statSync(path.join(cacheDir, name)).mode & 0o077, 0, 'cache files are the user\'s own');
    // What the tag named is remembered, only to choose the first request: without that manifest here, a GET by tag again.
    assert.equal(JSON.parse(fs.readFileSync(path.join(cacheDir, 'tags.json'), 'utf8'))[`${registry.host}/team/multi:1.0`], pushed.multi.digest);
    fs.rmSync(path.join(cacheDir, pushed.multi.digest.replace(':', '-')));
    const refetched = await client({ cache: new DigestCache(cacheDir, 1024 * 1024) }).anatomy(`${registry.host}/team/multi:1.0`, { platform: AMD64 });
    assert.deepEqual(refetched.fetched, { cached: 2, network: 1 });

    // A damaged entry is not trusted: it is fetched again.
    const file = path.join(cacheDir, pushed.multi.platforms['linux/amd64'].config.replace(':', '-'));
    fs.writeFileSync(file, '{"tampered":true}');
    const again = await client({ cache }).anatomy(`${registry.host}/team/multi@${pushed.multi.digest}`, { platform: AMD64 });
    assert.deepEqual(again.fetched, { cached: 2, network: 1 });
    assert.deepEqual(again.config, cold.config);
  });

  it('keeps each answer\'s own counts when one client is asked for two images at once', async () => {
    const c = client();
    const [multi, single] = await Promise.all([c.anatomy(`${registry.host}/team/multi:1.0`, { platform: AMD64 }), c.anatomy(`${registry.host}/single:v1`, { platform: AMD64 })]);
    assert.deepEqual(multi.fetched, { cached: 0, network: 3 });
    assert.deepEqual(single.fetched, { cached: 0, network: 2 });
    assert.equal(single.manifest.digest, pushed.single.digest);
  });

  it('keeps the cache under its size cap, dropping what was read least recently', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-registry-cap-'));
    try {
      const cache = new DigestCache(dir, 2000);
      await client({ cache }).anatomy(`${registry.host}/team/multi:1.0`, { platform: AMD64 });
      const total = fs.readdirSync(dir).reduce((s, n) => s + fs.statSync(path.join(dir, n)).size, 0);
      assert.ok(total <= 2000, `cache holds ${total} bytes`);
      assert.ok(fs.readdirSync(dir).length >= 1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('says when a registry is unreachable, or does not answer in time', async () => {
    const port = await freePort();
    const refused = await rejection(client().anatomy(`127.0.0.1:${port}/x:1`, { platform: AMD64 }));
    assert.equal(refused.kind, 'unreachable');
    assert.match(refused.message, new RegExp(`cannot reach the registry 127\\.0\\.0\\.1:${port}: nothing listens there`));

    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const host = `127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
      const e = await rejection(new RegistryClient({ timeoutMs: 300, credentials: async () => undefined, certsDirs: [] }).anatomy(`${host}/x:1`, { platform: AMD64 }));
      assert.equal(e.kind, 'timeout');
      assert.match(e.message, /did not answer the tag x:1 within 0 s|did not answer/);
    } finally {
      silent.close();
    }
  });

  it('refuses plain HTTP to a registry that is not on a loopback address', async () => {
    const c = client();
    const e = await rejection((c as unknown as { transport: { request: (u: URL, s: object) => Promise<unknown> } }).transport.request(new URL('http://registry.example.com/v2/'), { method: 'GET', maxBytes: 10, what: 'x' }));
    assert.equal(e.kind, 'unsupported');
    assert.match(e.message, /plain HTTP is used only for localhost and 127\.0\.0\.0\/8/);
  });

  describe('behind a front that misbehaves', () => {
    let front: Front;
    before(async () => {
      front = await startFront(registry.host);
    });
    after(async () => {
      await front?.close();
    });
    const ref = (r: string) => `${front.host}/${r}`;
    const isConfig = (p: string) => p === `/v2/team/multi/blobs/${pushed.multi.platforms['linux/amd64'].config}`;

    it('waits out a 429 as Retry-After says, reports it, and answers', async () => {
      let limited = 0;
      front.rule = (req, res) => {
        if (req.method === 'GET' && req.path.includes('/manifests/') && limited++ === 0) {
          res.writeHead(429, { 'Retry-After': '3' }).end('{"errors":[{"code":"TOOMANYREQUESTS"}]}');
          return true;
        }
      };
      const clock = recordingClock();
      const a = await client({ clock }).anatomy(ref('team/multi:1.0'), { platform: AMD64 });
      assert.equal(a.config.digest, pushed.multi.platforms['linux/amd64'].config);
      assert.deepEqual(clock.waits, [3000]);
      assert.match(a.warnings.join('\n'), /limiting requests \(429\); waiting 3\.0 s before retry 1 of 3/);
    });

    it('gives up after a few 429s, saying so', async () => {
      front.rule = (req, res) => {
        res.writeHead(429).end();
        return true;
      };
      const clock = recordingClock();
      const e = await rejection(client({ clock, maxRetries: 2 }).anatomy(ref('team/multi:1.0'), { platform: AMD64 }));
      assert.equal(e.kind, 'rate-limited');
      assert.match(e.message, /limiting requests \(429\).*gave up after 2 retries/);
      assert.equal(clock.waits.length, 2);
    });

    it('follows a blob redirect to another host without the Authorization header', async () => {
      const blobs: http.IncomingHttpHeaders[] = [];
      const cdn = http.createServer((req, res) => {
        blobs.push(req.headers);
        const up = http.request(`http://${registry.host}${req.url}`, (r) => {
          res.writeHead(r.statusCode ?? 502, r.headers);
          r.pipe(res);
        });
        up.end();
      });
      await new Promise<void>((r) => cdn.listen(0, '127.0.0.2', r));
      try {
        const cdnHost = `127.0.0.2:${(cdn.address() as net.AddressInfo).port}`;
        // The front asks for a token like a registry with auth on, and redirects blobs to the "CDN".
        front.rule = (req, res) => {
          if (req.headers.authorization !== 'Bearer test-token') {
            res.writeHead(401, { 'WWW-Authenticate': `Bearer realm="http://${front.host}/token",service="front"` }).end();
            return !req.path.startsWith('/token');
          }
          if (req.path.includes('/blobs/')) {
            res.writeHead(307, { Location: `http://${cdnHost}${req.path}?signature=abc` }).end();
            return true;
          }
        };
        const inner = front.rule;
        front.rule = (req, res, upstream) => {
          if (req.path.startsWith('/token')) {
            res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"token":"test-token"}');
            return true;
          }
          return inner(req, res, upstream);
        };
        const a = await client().anatomy(ref('team/multi:1.0'), { platform: AMD64 });
        assert.equal(a.config.digest, pushed.multi.platforms['linux/amd64'].config);
        assert.equal(blobs.length, 1);
        assert.equal(blobs[0].authorization, undefined, 'the token must not travel to another host');
        assert.ok(front.seen.some((r) => r.path.includes('/blobs/') && r.headers.authorization === 'Bearer test-token'));
      } finally {
        cdn.close();
      }
    });

    it('stops after a few redirects', async () => {
      front.rule = (req, res) => {
        res.writeHead(302, { Location: `${req.path.split('?')[0]}?again=${Math.random()}` }).end();
        return true;
      };
      const e = await rejection(client().anatomy(ref('team/multi:1.0'), { platform: AMD64 }));
      assert.equal(e.kind, 'redirects');
      assert.match(e.message, /more than 5 redirects/);
    });

    it('refuses a manifest over 4 MiB, whether its length is declared or streamed', async () => {
      const huge = Buffer.alloc(5 * 1024 * 1024, 0x20);
      for (const declared of [true, false]) {
        front.rule = (req, res) => {
          if (!req.path.includes('/manifests/')) return false;
          if (req.method === 'HEAD') {
            res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json' }).end();
            return true;
          }
          res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.manifest.v1+json', ...(declared ? { 'Content-Length': String(huge.length) } : {}) });
          res.end(huge);
          return true;
        };
        const e = await rejection(client().anatomy(ref('team/multi:1.0'), { platform: AMD64 }));
        assert.equal(e.kind, 'too-large', e.message);
        assert.match(e.message, /over the 4\.0 MiB this client reads/);
      }
    });

    it('refuses a config whose content does not match its digest', async () => {
      front.rule = async (req, res, upstream) => {
        if (!isConfig(req.path)) return false;
        const r = await upstream();
        const altered = Buffer.from(r.body.toString().replace('1000:1000', '0:0      '));
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(altered.length) }).end(altered);
        return true;
      };
      const e = await rejection(client().anatomy(ref('team/multi:1.0'), { platform: AMD64 }));
      assert.equal(e.kind, 'invalid');
      assert.match(e.message, /the content's digest is sha256:[0-9a-f]{64}, not sha256:/);
    });

    it('refuses a manifest that is not what its digest names, or not what the registry says', async () => {
      const platformManifest = pushed.multi.platforms['linux/amd64'].manifest;
      front.rule = async (req, res, upstream) => {
        if (!req.path.endsWith(`/manifests/${platformManifest}`)) return false;
        const r = await upstream();
        const altered = Buffer.from(r.body.toString().replace('"schemaVersion":2', '"schemaVersion": 2'));
        res.writeHead(200, { ...r.headers, 'content-length': String(altered.length) }).end(altered);
        return true;
      };
      const e = await rejection(client().anatomy(ref('team/multi:1.0'), { platform: AMD64 }));
      assert.equal(e.kind, 'invalid');
      assert.match(e.message, new RegExp(`not the ${platformManifest} asked for`));

      // By tag, the registry's Docker-Content-Digest is the check.
      front.rule = async (req, res, upstream) => {
        if (!req.path.includes('/manifests/')) return false;
        if (req.method === 'HEAD') {
          res.writeHead(200, { 'Content-Type': 'application/vnd.oci.image.index.v1+json' }).end();
          return true;
        }
        const r = await upstream();
        res.writeHead(200, { ...r.headers, 'docker-content-digest': sha256('something else') }).end(r.body);
        return true;
      };
      const said = await rejection(client().anatomy(ref('team/multi:1.0'), { platform: AMD64 }));
      assert.equal(said.kind, 'invalid');
      assert.match(said.message, /but the registry says sha256:/);
    });

    it('gives clear messages for malformed JSON, a wrong media type and impossible sizes', async () => {
      const answer = (body: string, type: string) => (req: { method: string; path: string }, res: http.ServerResponse) => {
        if (!req.path.includes('/manifests/')) return false;
        res.writeHead(200, { 'Content-Type': type });
        res.end(req.method === 'HEAD' ? undefined : body);
        return true;
      };
      front.rule = answer('{"schemaVersion": 2, "manifests": [', 'application/vnd.oci.image.index.v1+json');
      let e = await rejection(client().anatomy(ref('team/multi:1.0'), { platform: AMD64 }));
      assert.equal(e.kind, 'invalid');
      assert.match(e.message, /the manifest team\/multi:1\.0 is not valid JSON/);

      front.rule = answer('<html>sign in</html>', 'text/html');
      e = await rejection(client().anatomy(ref('team/multi:1.0'), { platform: AMD64 }));
      assert.match(e.message, /not valid JSON/);

      front.rule = answer('{"schemaVersion":1,"name":"team/multi","tag":"1.0","fsLayers":[]}', 'application/vnd.docker.distribution.manifest.v1+prettyjws');
      e = await rejection(client().anatomy(ref('team/multi:1.0'), { platform: AMD64 }));
      assert.equal(e.kind, 'unsupported');
      assert.match(e.message, /Docker schema 1 manifest, which registries stopped serving/);

      front.rule = answer('{"schemaVersion":2,"name":"x"}', 'text/html');
      e = await rejection(client().anatomy(ref('team/multi:1.0'), { platform: AMD64 }));
      assert.equal(e.kind, 'invalid');
      assert.match(e.message, /was served as text\/html, and is neither an index nor an image manifest/);

      front.rule = answer('{"schemaVersion":2,"mediaType":"application/vnd.example.thing+json"}', 'application/vnd.example.thing+json');
      e = await rejection(client().anatomy(ref('team/multi:1.0'), { platform: AMD64 }));
      assert.match(e.message, /has the media type application\/vnd\.example\.thing\+json, which is no manifest or index/);

      const digest = pushed.multi.platforms['linux/amd64'].manifest;
      front.rule = answer(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: 10 * 1024 ** 3, platform: AMD64 }] }), 'application/vnd.oci.image.index.v1+json');
      e = await rejection(client().anatomy(ref('team/multi:1.0'), { platform: AMD64 }));
      assert.equal(e.kind, 'too-large');
      assert.match(e.message, /is said to be 10737418240 bytes, over the 4 MiB/);

      front.rule = answer(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest, size: -1, platform: AMD64 }] }), 'application/vnd.oci.image.index.v1+json');
      e = await rejection(client().anatomy(ref('team/multi:1.0'), { platform: AMD64 }));
      assert.match(e.message, /entry 1 of the index sha256:[0-9a-f]+ has an impossible size \(-1\)/);
    });

    it('says when tag drift cannot be told: a registry that does not name the digest on a HEAD', async () => {
      front.rule = async (req, res, upstream) => {
        if (req.method !== 'HEAD') return false;
        const r = await upstream();
        const { 'docker-content-digest': _d, ...headers } = r.headers;
        res.writeHead(r.status, headers).end();
        return true;
      };
      const a = await client().anatomy(ref(`team/multi:1.0@${pushed.multi.digest}`), { platform: AMD64 });
      assert.equal(a.tagCheck?.state, 'unknown');
      assert.match(a.tagCheck?.reason ?? '', /did not say which digest the tag names/);
    });

    it('never fetches a layer blob', async () => {
      front.rule = undefined;
      const start = front.seen.length;
      await client().anatomy(ref('team/multi:1.0'), { platform: AMD64 });
      const layers = new Set(Object.values(pushed.multi.platforms).flatMap((p) => p.layers.map((l) => l.digest)));
      const asked = front.seen.slice(start).map((r) => r.path);
      assert.ok(asked.length >= 3, asked.join());
      assert.ok(!asked.some((p) => [...layers].some((d) => p.includes(d))), `layer blobs were fetched: ${asked.join(', ')}`);
    });
  });

  it('says an OCI artifact (a Helm chart) is no container image', async () => {
    const config = await pushBlob(registry, 'charts/app', Buffer.from('{"name":"app","version":"1.0.0"}'));
    const layer = await pushBlob(registry, 'charts/app', Buffer.from('chart'));
    const manifest = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.cncf.helm.config.v1+json', ...config },
      layers: [{ mediaType: 'application/vnd.cncf.helm.chart.content.v1.tar+gzip', ...layer }],
    };
    await pushManifest(registry, 'charts/app', '1.0.0', manifest.mediaType, Buffer.from(JSON.stringify(manifest)));
    const e = await rejection(client().anatomy(`${registry.host}/charts/app:1.0.0`, { platform: AMD64 }));
    assert.equal(e.kind, 'unsupported');
    assert.match(e.message, /charts\/app is not a container image: its config is application\/vnd\.cncf\.helm\.config\.v1\+json/);
  });

  it('reads the index a tag names when pushed as a Docker manifest list', async () => {
    const list = {
      schemaVersion: 2,
      mediaType: 'application/vnd.docker.distribution.manifest.list.v2+json',
      manifests: [{ mediaType: 'application/vnd.docker.distribution.manifest.v2+json', digest: pushed.docker.digest, size: 0, platform: AMD64 }],
    };
    // The size must be the manifest's own.
    const manifest = await new Promise<Buffer>((resolve) => {
      http.get(`http://${registry.host}/v2/legacy/docker/manifests/${pushed.docker.digest}`, { headers: { Accept: 'application/vnd.docker.distribution.manifest.v2+json' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      });
    });
    list.manifests[0].size = manifest.length;
    const digest = await pushManifest(registry, 'legacy/docker', 'multi', list.mediaType, Buffer.from(JSON.stringify(list)));
    const a = await client().anatomy(`${registry.host}/legacy/docker:multi`, { platform: AMD64 });
    assert.equal(a.index?.digest, digest);
    assert.equal(a.index?.mediaType, list.mediaType);
    assert.equal(a.manifest.digest, pushed.docker.digest);
  });
});
