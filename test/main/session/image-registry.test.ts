// image:get with the real registry client the session makes itself (no
// registry given): against Debian's docker-registry with htpasswd, with the
// user's docker config.json read from the session's home. What reaches the
// page is the anatomy as pushed, and never the credentials, neither in an
// answer nor in an error. The disk cache goes where the session's env says.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, it } from 'node:test';
import { createSessionHandlers } from '../../../main/session/handlers.ts';
import { Session } from '../../../main/session/session.ts';
import { HTPASSWD_PASSWORD, pushSingle, registrySuite, requireRegistry, startRegistry, type PushedImage, type TestRegistry } from '../../fixtures/registry.ts';
import { node, objectsOf, pod } from '../../fixtures/session/objects.ts';
import { contextList, FAST, fakes, nextEvent } from './fakes.ts';

registrySuite('image:get with the session\'s own registry client, against a real registry', () => {
  let registry: TestRegistry;
  let image: PushedImage;
  let home: string;

  before(async () => {
    requireRegistry();
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-session-image-'));
    registry = await startRegistry({ auth: { kind: 'htpasswd', users: { alice: HTPASSWD_PASSWORD } } });
    image = await pushSingle(registry, 'team/app', '1.0', {
      platform: { os: 'linux', architecture: 'amd64' },
      steps: [
        { createdBy: 'ADD rootfs / # buildkit', files: 'rootfs' },
        { createdBy: 'ENV SECRET_KEY=value-not-shown', files: undefined },
        { createdBy: 'RUN make', files: 'bin' },
      ],
      env: ['SECRET_KEY=value-not-shown'],
      cmd: ['serve'],
    });
  });

  after(async () => {
    await registry?.stop();
    if (home) fs.rmSync(home, { recursive: true, force: true });
  });

  async function answerWith(password: string): Promise<{ json: string; answer: unknown; cacheFiles: number }> {
    const dir = fs.mkdtempSync(path.join(home, 'user-'));
    fs.mkdirSync(path.join(dir, '.docker'));
    fs.writeFileSync(path.join(dir, '.docker', 'config.json'), JSON.stringify({ auths: { [registry.host]: { auth: Buffer.from(`alice:${password}`).toString('base64') } } }));
    const cache = path.join(dir, 'cache');
    const f = fakes(contextList(['a'], 'a'));
    const session = await Session.open({ env: { KUBE_ANATOMY_REGISTRY_CACHE: cache }, home: dir, ...FAST }, f.deps);
    try {
      const model = nextEvent(session, 'model');
      f.live[0].objects(objectsOf([node('n1', '10.0.0.1'), pod({ name: 'p', node: 'n1', image: `${registry.host}/team/app:1.0` })]));
      await model;
      const answer = await createSessionHandlers(session, 'browser')['image:get']({ podUid: 'pod-default-p-uid', container: 'app' });
      const cacheFiles = fs.existsSync(cache) ? fs.readdirSync(cache).length : 0;
      return { json: JSON.stringify(answer), answer, cacheFiles };
    } finally {
      await session.close();
    }
  }

  it('reads the image with the credentials from the home\'s config.json, and the answer holds none of them', async () => {
    const { json, answer, cacheFiles } = await answerWith(HTPASSWD_PASSWORD);
    const a = answer as { state: string; anatomy: { layers: { digest: string }[]; config: { envNames: string[] } } };
    assert.equal(a.state, 'anatomy', json);
    assert.deepEqual(a.anatomy.layers.map((l) => l.digest), image.platforms['linux/amd64'].layers.map((l) => l.digest));
    assert.deepEqual(a.anatomy.config.envNames, ['SECRET_KEY']);
    assert.ok(!json.includes('value-not-shown'), 'no env value, not even in the ENV step that set it');
    assert.ok(json.includes('ENV SECRET_KEY=…'), 'the step is shown with its value left out');
    assert.ok(!json.includes(HTPASSWD_PASSWORD), 'no password');
    assert.ok(!json.includes(Buffer.from(`alice:${HTPASSWD_PASSWORD}`).toString('base64')), 'no encoded credential');
    assert.ok(cacheFiles >= 2, `the manifest and config went to the session's cache folder (${cacheFiles})`);
  });

  it('refused credentials are an error state saying so, without the password', async () => {
    const wrong = 'wrong-password-123';
    const { json, answer } = await answerWith(wrong);
    const a = answer as { state: string; kind: string; message: string };
    assert.equal(a.state, 'error', json);
    assert.equal(a.kind, 'auth');
    assert.match(a.message, /config\.json/);
    assert.ok(!json.includes(wrong) && !json.includes(Buffer.from(`alice:${wrong}`).toString('base64')), json);
  });
});
