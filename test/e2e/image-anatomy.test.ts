// The Image section's registry part in Chromium, with a registry stub in the
// session (SessionOptions.registry) so each state can be held and checked:
// a snapshot's container is not asked about until "Ask the registry", then
// shows loading until the stub answers, then its layers, platform, node cache
// and tag drift; a failure shows its kind with a retry that asks again. While
// it is held, the loading text shows the step the stub says it is at (the
// 'image-stage' event). A step text with markup in it stays text.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { KubeObject } from '../../main/model/kube.ts';
import type { ImageRef } from '../../main/model/types.ts';
import type { AnatomyOptions } from '../../main/registry/client.ts';
import { RegistryError } from '../../main/registry/errors.ts';
import type { ImageAnatomy } from '../../main/registry/types.ts';
import type { ImageRegistry } from '../../main/session/image.ts';
import { node, pod } from '../fixtures/session/objects.ts';
import { listText, tempDir, type TempDir } from './fixtures.ts';
import { launchBrowser, openPage, screenshot, startApp, type App, type OpenedPage, waitForDrawing } from './helpers.ts';

const D = (c: string) => `sha256:${c.repeat(64)}`;
const HOSTILE = '<img src=x onerror="window.__ran=1"> RUN make';

function anatomy(ref: ImageRef, drift: 'same' | 'moved'): ImageAnatomy {
  const layers = [
    { digest: D('1'), size: 3 * 1024 * 1024, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', createdBy: 'ADD rootfs.tar.gz /' },
    { digest: D('2'), size: 2048, mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', createdBy: HOSTILE },
  ];
  return {
    reference: { raw: ref.raw, registry: ref.registry, repository: ref.repository, owner: ref.owner, name: ref.name, tag: ref.tag, defaulted: { ...ref.defaulted } },
    endpoint: ref.registry,
    index: { digest: D('f'), mediaType: 'application/vnd.oci.image.index.v1+json', platforms: ['linux/amd64', 'linux/arm64/v8'] },
    manifest: { digest: D('e'), mediaType: 'application/vnd.oci.image.manifest.v1+json', size: 500 },
    platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
    config: { digest: D('c'), mediaType: 'application/vnd.oci.image.config.v1+json', size: 300, entrypoint: ['/app/serve'], cmd: ['--port', '8080'], user: '1000', exposedPorts: ['8080/tcp'], envNames: ['PATH', 'API_TOKEN'] },
    layers,
    history: [
      { createdBy: 'ADD rootfs.tar.gz /', empty: false, layer: 0 },
      { createdBy: 'ENV API_TOKEN=…', empty: true },
      { createdBy: HOSTILE, empty: false, layer: 1 },
    ],
    totalSize: layers[0].size + layers[1].size,
    tagCheck: drift === 'same' ? { tag: ref.tag!, tagDigest: D('f'), runningDigest: D('e'), state: 'same' } : { tag: ref.tag!, tagDigest: D('9'), runningDigest: D('e'), state: 'moved' },
    warnings: [],
    fetched: { cached: 1, network: 2 },
  };
}

/** Answers held until the test releases them, or failures it sets; each says it has reached the platform's manifest. */
class StubRegistry implements ImageRegistry {
  asked: { ref: string; options: AnatomyOptions }[] = [];
  pending: (() => void)[] = [];
  failNext: Error | undefined;
  anatomy(ref: ImageRef, options: AnatomyOptions): Promise<ImageAnatomy> {
    const { onStage, ...rest } = options;
    this.asked.push({ ref: ref.raw, options: rest });
    onStage?.('tag');
    onStage?.('index');
    onStage?.('manifest', { os: 'linux', architecture: 'arm64', variant: 'v8' });
    const fail = this.failNext;
    this.failNext = undefined;
    return new Promise((resolve, reject) => this.pending.push(() => (fail ? reject(fail) : resolve(anatomy(ref, ref.repository.endsWith('moved') ? 'moved' : 'same')))));
  }
  release(): void {
    for (const r of this.pending.splice(0)) r();
  }
}

function armNode(): KubeObject {
  const n = node('arm-1', '172.18.0.9') as { status: Record<string, unknown> & { nodeInfo: Record<string, unknown> } };
  n.status.nodeInfo = { ...n.status.nodeInfo, operatingSystem: 'linux', architecture: 'arm64' };
  n.status.images = [{ names: [`reg.example:5000/team/app@${D('f')}`, 'reg.example:5000/team/app:1.0'], sizeBytes: 9 * 1024 * 1024 }];
  return n as unknown as KubeObject;
}

function running(p: KubeObject, repo: string): KubeObject {
  for (const s of (p.status as { containerStatuses: { imageID: string }[] }).containerStatuses) s.imageID = `reg.example:5000/${repo}@${D('e')}`;
  return p;
}

let files: TempDir;
let app: App;
let browser: Browser;
let opened: OpenedPage;
const registry = new StubRegistry();

before(async () => {
  files = tempDir('anatomy-e2e-image-');
  const items = [
    armNode(),
    running(pod({ name: 'a', node: 'arm-1', ip: '10.244.1.2', image: 'reg.example:5000/team/app:1.0' }), 'team/app'),
    running(pod({ name: 'b', node: 'arm-1', ip: '10.244.1.3', image: 'reg.example:5000/team/moved:2' }), 'team/moved'),
  ];
  app = await startApp({ snapshot: files.write('images.json', listText(items)), registry });
  browser = await launchBrowser();
  opened = await openPage(browser, app.server.url);
  await waitForDrawing(opened.page);
});

after(async () => {
  await opened?.context.close();
  await browser?.close();
  await app?.close();
  files?.remove();
});

async function openContainer(page: Page, podName: string): Promise<void> {
  await page.locator(`g[data-kind=pod][data-uid=pod-default-${podName}-uid] g[data-kind=container]`).first().dispatchEvent('click');
  await page.waitForFunction((name) => document.getElementById('details-subtitle')?.textContent?.includes(`default/${name}`), podName, { timeout: 5000 });
  await page.waitForSelector('[data-testid=image-anatomy]', { timeout: 5000 });
}

/** Until the stub has been asked `n` times: the page shows loading before its call reaches the server. */
async function asked(n: number): Promise<void> {
  for (let i = 0; registry.asked.length < n; i++) {
    if (i > 500) throw new Error(`the registry was asked ${registry.asked.length} times, not ${n}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const state = (page: Page) => page.getAttribute('[data-testid=image-anatomy]', 'data-image-state');

test('a snapshot\'s container: not asked until the button, then loading, then its layers, platform, node cache and drift', async () => {
  const { page } = opened;
  await openContainer(page, 'a');
  await page.waitForSelector('[data-testid=image-anatomy][data-image-state=not-asked]', { timeout: 5000 });
  assert.equal(registry.asked.length, 0, 'a snapshot is not asked about by itself');
  await page.click('[data-testid=image-ask]');
  await page.waitForSelector('[data-testid=image-anatomy][data-image-state=loading]', { timeout: 5000 });
  assert.match((await page.textContent('[data-testid=image-anatomy] .image-progress')) ?? '', /reg\.example:5000.*team\/app:1\.0/);
  await asked(1);
  assert.equal(registry.asked.length, 1);
  assert.deepEqual(registry.asked[0].options, { platform: { os: 'linux', architecture: 'arm64' }, runningDigest: D('e') });
  await page.waitForSelector('[data-testid=image-anatomy][data-image-state=loading] .image-stage[data-stage=manifest]', { timeout: 5000 });
  assert.equal(await page.textContent('[data-testid=image-anatomy] .image-stage'), 'Reading the linux/arm64/v8 manifest: its layers and config…');
  registry.release();
  await page.waitForSelector('[data-testid=image-anatomy][data-image-state=anatomy]', { timeout: 5000 });

  const section = page.locator('[data-section=image] [data-testid=image-anatomy]');
  const layers = await section.locator('li.image-layer').evaluateAll((lis) => lis.map((li) => ({ digest: li.getAttribute('data-layer'), empty: li.getAttribute('data-empty'), text: li.textContent })));
  assert.equal(layers.length, 3, 'two layers and the empty step between them');
  assert.equal(layers[0].digest, D('1'));
  assert.equal(layers[1].empty, 'true');
  assert.equal(layers[2].digest, D('2'));
  assert.ok(layers[0].text?.includes('3 MiB') && layers[0].text.includes('ADD rootfs.tar.gz'), layers[0].text ?? '');
  assert.ok(layers[2].text?.includes(HOSTILE), 'the step is shown as text, markup and all');
  assert.equal(await section.locator('img').count(), 0, 'no element was made from the step text');
  assert.equal(await section.locator('[data-part=registry]').textContent(), 'reg.example:5000');
  assert.equal(await section.locator('[data-part=owner]').textContent(), 'team');
  assert.equal(await section.locator('[data-part=tag]').textContent(), '1.0');
  assert.equal(await section.locator('[data-platform]').getAttribute('data-platform'), 'linux/arm64/v8');
  assert.equal(await section.locator('[data-total-bytes]').getAttribute('data-total-bytes'), String(3 * 1024 * 1024 + 2048));
  assert.match((await section.locator('[data-total-bytes]').textContent()) ?? '', /compressed/);
  assert.equal(await section.locator('[data-node-cache]').getAttribute('data-node-cache'), 'digest');
  assert.match((await section.locator('[data-node-cache]').textContent()) ?? '', /9 MiB, usually unpacked/);
  assert.equal(await section.locator('[data-pull-bytes]').getAttribute('data-pull-bytes'), '0');
  assert.equal(await section.locator('[data-drift]').getAttribute('data-drift'), 'same');
  const env = (await section.locator('[data-env-names]').textContent()) ?? '';
  assert.ok(env.includes('API_TOKEN') && !env.includes('='), 'env names only');
  await screenshot(page, 'image-anatomy-layers');

  // The panel paints again on model changes and selections: the answer is kept, not asked again.
  await page.locator('g[data-kind=pod][data-uid=pod-default-a-uid]').dispatchEvent('click');
  await openContainer(page, 'a');
  assert.equal(await state(page), 'anatomy');
  assert.equal(registry.asked.length, 1);
  assert.equal(await page.evaluate(() => (window as unknown as { __ran?: number }).__ran), undefined);
});

test('a failure shows its kind and sentence with a retry, which asks again; a moved tag is marked', async () => {
  const { page } = opened;
  registry.failNext = new RegistryError('auth', 'reg.example:5000 refused access to team/moved (401): the image may be private');
  await openContainer(page, 'b');
  await page.click('[data-testid=image-ask]');
  await asked(2);
  registry.release();
  await page.waitForSelector('[data-testid=image-anatomy][data-image-state=error]', { timeout: 5000 });
  const error = page.locator('[data-testid=image-anatomy] .image-error');
  assert.equal(await error.getAttribute('data-error-kind'), 'auth');
  const text = (await error.textContent()) ?? '';
  assert.match(text, /imagePullSecrets are not read/);
  assert.match(text, /refused access to team\/moved \(401\)/);
  await page.click('[data-testid=image-retry]');
  await page.waitForSelector('[data-testid=image-anatomy][data-image-state=loading]', { timeout: 5000 });
  await asked(3);
  registry.release();
  await page.waitForSelector('[data-testid=image-anatomy][data-image-state=anatomy]', { timeout: 5000 });
  assert.equal(registry.asked.filter((q) => q.ref.includes('team/moved')).length, 2);
  const drift = page.locator('[data-testid=image-anatomy] [data-drift]');
  assert.equal(await drift.getAttribute('data-drift'), 'moved');
  assert.match((await drift.textContent()) ?? '', /moved: 2 now names sha256:999999999999, but this container runs sha256:eeeeeeeeeeee/);
  await screenshot(page, 'image-anatomy-drift');
});

test('in Korean, the section speaks Korean', async () => {
  const { page } = opened;
  await page.evaluate(() => (location.hash = '#lang=ko'));
  await page.waitForFunction(() => document.documentElement.lang === 'ko', undefined, { timeout: 5000 });
  await openContainer(page, 'a');
  const text = (await page.textContent('[data-testid=image-anatomy]')) ?? '';
  assert.match(text, /레지스트리에서 읽은 내용/);
  assert.match(text, /압축된 크기/);
  assert.doesNotMatch(text, /compressed|From the registry/);
});

test('the page made no errors', () => {
  assert.deepEqual(opened.errors, []);
  assert.deepEqual(opened.dialogs, []);
});
