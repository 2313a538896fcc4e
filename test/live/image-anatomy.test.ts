// The Image section end to end: a real registry (Debian's docker-registry on
// 127.0.0.1) holding images the test pushes, pods on the real test cluster
// that name them (kwok pods pull nothing, so a pod can name any reference),
// the app in browser mode on that cluster, and Chromium opening a container's
// details: the layers shown are the ones pushed, for the platform of the
// pod's node, and the tag drift is what the registry says after a new push.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../main/server/server.ts';
import { openSession, type Session } from '../../main/session/index.ts';
import { launchBrowser, openPage, type OpenedPage } from '../e2e/helpers.ts';
import { pushFixtures, pushSingle, registryAvailable, requireRegistry, startRegistry, type PushedImage, type TestRegistry } from '../fixtures/registry.ts';
import { apply, kubectl, live, liveTest, lockCluster, uniqueName, waitFor } from './harness.ts';
import { kwokNode, namespaceObject, removeNamespace, removeNode } from './objects.ts';

function imagePod(namespace: string, name: string, nodeName: string, image: string): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace }, spec: { nodeName, containers: [{ name: 'app', image }] } };
}

describe('the Image section on the live cluster, against a real registry', () => {
  const ns = uniqueName('live-image');
  const nodeName = uniqueName('arm-node');
  let release: (() => void) | undefined;
  let home: string | undefined;
  let registry: TestRegistry | undefined;
  let images: { multi: PushedImage; single: PushedImage } | undefined;
  let session: Session | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let opened: OpenedPage | undefined;
  let nodeCreated = false;

  before(async () => {
    if (!live) return;
    if (!registryAvailable()) requireRegistry();
    release = await lockCluster('image-anatomy.test.ts');
    home = mkdtempSync(path.join(os.tmpdir(), 'anatomy-live-image-'));
    registry = await startRegistry();
    const pushed = await pushFixtures(registry);
    images = { multi: pushed.multi, single: pushed.single };
    const r = registry.host;
    // An arm64 node whose image cache lists the multi-platform image by its index digest, as containerd does.
    const node = kwokNode(nodeName, 9) as { status: Record<string, unknown> };
    node.status.nodeInfo = {
      architecture: 'arm64',
      operatingSystem: 'linux',
      containerRuntimeVersion: 'containerd://1.7.18',
      kubeletVersion: 'v1.31.0',
      kubeProxyVersion: 'v1.31.0',
      kernelVersion: '6.1.0-arm64',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      machineID: 'kube-anatomy-image-test',
      systemUUID: 'kube-anatomy-image-test',
      bootID: 'kube-anatomy-image-test',
    };
    node.status.images = [{ names: [`${r}/team/multi@${pushed.multi.digest}`, `${r}/team/multi:1.0`], sizeBytes: 123_456_789 }];
    await apply(live, node);
    nodeCreated = true;
    // Pinned by digest, so kwok reports that digest as the one running (its imageID), as a runtime would.
    await apply(
      live,
      namespaceObject(ns),
      imagePod(ns, 'multi', nodeName, `${r}/team/multi:1.0@${pushed.multi.digest}`),
      imagePod(ns, 'single', nodeName, `${r}/single:v1@${pushed.single.digest}`),
    );
    session = await openSession({ kubeconfig: live.kubeconfig, env: { KUBE_ANATOMY_REGISTRY_CACHE: path.join(home, 'cache') }, home, coalesceMs: 50 });
    server = await startServer({ session });
    browser = await launchBrowser();
    opened = await openPage(browser, server.url);
  });

  after(async () => {
    await opened?.context.close();
    await browser?.close();
    await server?.close();
    await session?.close();
    await registry?.stop();
    if (home) rmSync(home, { recursive: true, force: true });
    try {
      if (live) {
        await removeNamespace(live, ns);
        if (nodeCreated) await removeNode(live, nodeName);
      }
    } finally {
      release?.();
    }
  });

  /** Selects the pod by a search, then its container from the pod's details, and waits for the registry's answer. */
  async function openContainer(page: Page, pod: string): Promise<void> {
    await waitFor(async () => (await page.$(`g[data-kind=pod][data-namespace="${ns}"][data-name="${pod}"], #scene-tree [data-kind=pod][data-namespace="${ns}"][data-name="${pod}"]`)) !== null || `pod ${pod} not drawn yet (page errors: ${opened!.errors.join("; ") || "none"})`, { what: `pod ${ns}/${pod} to be drawn` });
    await page.fill('#search', pod);
    await page.press('#search', 'Enter');
    await page.waitForFunction((name) => document.getElementById('details-heading')?.textContent === name, pod, { timeout: 15_000 });
    await page.click('#details-body button[data-link-kind=container]');
    await page.waitForSelector('[data-testid=image-anatomy]:not([data-image-state=loading])', { timeout: 60_000 });
  }

  const layersShown = (page: Page) =>
    page.$$eval('[data-testid=image-anatomy] li.image-layer', (lis) => lis.map((li) => ({ digest: li.getAttribute('data-layer'), size: li.getAttribute('data-size'), empty: li.getAttribute('data-empty') === 'true', text: li.textContent ?? '' })));

  liveTest('a container\'s details show its image\'s layers as pushed, for its node\'s platform, with the node\'s cache and no drift', async () => {
    const page = opened!.page;
    await waitFor(async () => (await kubectl(live!, ['-n', ns, 'get', 'pod', 'multi', '-o', 'jsonpath={.status.containerStatuses[0].imageID}'])).includes('@sha256:') || 'no imageID yet', { what: 'kwok to report the container running' });
    await openContainer(page, 'multi');
    assert.equal(await page.getAttribute('[data-testid=image-anatomy]', 'data-image-state'), 'anatomy', (await page.textContent('[data-testid=image-anatomy]')) ?? '');
    const pushed = images!.multi.platforms['linux/arm64'];
    const layers = await layersShown(page);
    const real = layers.filter((l) => !l.empty);
    assert.deepEqual(real.map((l) => l.digest), pushed.layers.map((l) => l.digest), 'the arm64 layers, in order');
    assert.deepEqual(real.map((l) => Number(l.size)), pushed.layers.map((l) => l.size));
    real.forEach((l, i) => assert.ok(l.text.includes(pushed.layers[i].createdBy.trim()), `layer ${i + 1} shows its step: ${l.text}`));
    assert.equal(layers.filter((l) => l.empty).length, pushed.emptySteps.length, 'the empty steps are marked');
    assert.equal(await page.getAttribute('[data-testid=image-anatomy] [data-platform]', 'data-platform'), 'linux/arm64/v8');
    assert.equal(await page.getAttribute('[data-testid=image-anatomy] [data-total-bytes]', 'data-total-bytes'), String(pushed.layers.reduce((s, l) => s + l.size, 0)));
    assert.equal(await page.getAttribute('[data-testid=image-anatomy] [data-node-cache]', 'data-node-cache'), 'digest');
    assert.equal(await page.getAttribute('[data-testid=image-anatomy] [data-drift]', 'data-drift'), 'same');
    assert.equal(await page.textContent('[data-testid=image-anatomy] [data-part=registry]'), registry!.host);
    assert.deepEqual(opened!.errors, []);
  });

  liveTest('a tag pushed again shows as moved on the container that runs the old digest', async () => {
    const page = opened!.page;
    await pushSingle(registry!, 'single', 'v1', { platform: { os: 'linux', architecture: 'arm64' }, steps: [{ createdBy: 'RUN echo rebuilt', files: 'new' }], cmd: ['sh'] });
    await waitFor(async () => (await kubectl(live!, ['-n', ns, 'get', 'pod', 'single', '-o', 'jsonpath={.status.containerStatuses[0].imageID}'])).includes('@sha256:') || 'no imageID yet', { what: 'kwok to report the container running' });
    await openContainer(page, 'single');
    const text = (await page.textContent('[data-testid=image-anatomy]')) ?? '';
    assert.equal(await page.getAttribute('[data-testid=image-anatomy]', 'data-image-state'), 'anatomy', text);
    // The pinned digest is what is read (the pod runs it), and the tag now names another.
    const layers = (await layersShown(page)).filter((l) => !l.empty);
    assert.deepEqual(layers.map((l) => l.digest), images!.single.platforms['linux/amd64'].layers.map((l) => l.digest));
    assert.equal(await page.getAttribute('[data-testid=image-anatomy] [data-drift]', 'data-drift'), 'moved', text);
    assert.equal(await page.getAttribute('[data-testid=image-anatomy] [data-node-cache]', 'data-node-cache'), 'no');
    assert.deepEqual(opened!.errors, []);
  });
});
