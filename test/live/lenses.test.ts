// The concept lenses on the real test cluster: each lens finds exactly what
// the live model says shows its idea (test/fixtures/lens-truth.ts), including
// the seeded shapes (the dual-stack and host-network pods for C3, the shared
// emptyDir for C4, the native sidecar for C2); and in Chromium, on the page
// served from the same cluster, every lens marks those objects with
// data-concept.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import type { Browser } from 'playwright-core';
import type { AnatomyModel, PodModel } from '../../main/model/types.ts';
import { startServer, type RunningServer } from '../../main/server/server.ts';
import { openSession, type Session } from '../../main/session/index.ts';
import { CONCEPT_IDS } from '../../renderer/teach/concepts.ts';
import { lensFor, lensTargets } from '../../renderer/teach/lenses.ts';
import { launchBrowser, openPage, waitForDrawing, waitForStillView, zoomToLevel, type OpenedPage } from '../e2e/helpers.ts';
import { allPods, conceptTruth } from '../fixtures/lens-truth.ts';
import { live, liveTest, lockCluster, waitFor } from './harness.ts';

describe('concept lenses on the live cluster', () => {
  let release: (() => void) | undefined;
  let home: string | undefined;
  let session: Session | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let opened: OpenedPage | undefined;

  before(async () => {
    if (!live) return;
    release = await lockCluster('lenses.test.ts');
    home = mkdtempSync(path.join(os.tmpdir(), 'anatomy-live-lenses-'));
    session = await openSession({ kubeconfig: live.kubeconfig, env: {}, home, coalesceMs: 50 });
    server = await startServer({ session });
    browser = await launchBrowser();
  });

  after(async () => {
    await opened?.context.close();
    await browser?.close();
    await server?.close();
    await session?.close();
    if (home) rmSync(home, { recursive: true, force: true });
    release?.();
  });

  async function liveModel(): Promise<AnatomyModel> {
    let model: AnatomyModel | undefined;
    await waitFor(() => {
      model = session!.model()?.model;
      return !!model && allPods(model).some((p) => p.namespace === 'playground' && p.name === 'dual-stack' && p.podIPs.length === 2);
    }, { what: 'the seeded playground in the model' });
    return model!;
  }

  const find = (m: AnatomyModel, name: string): PodModel => {
    const p = allPods(m).find((q) => q.namespace === 'playground' && q.name === name);
    assert.ok(p, `playground/${name} is in the model`);
    return p;
  };

  liveTest('each lens finds exactly what the live model says, the seeded shapes among them', async () => {
    const model = await liveModel();
    for (const concept of CONCEPT_IDS) {
      const r = lensFor(concept, model);
      assert.deepEqual(new Set(lensTargets(r).map((t) => t.uid)), conceptTruth(concept, model), concept);
    }
    const c3 = new Set(lensTargets(lensFor('C3', model)).map((t) => t.uid));
    assert.ok(c3.has(find(model, 'dual-stack').uid), 'C3: the dual-stack pod');
    assert.ok(c3.has(find(model, 'host-network').uid), 'C3: the host-network pod');
    const shared = find(model, 'shared-volume').volumes.find((v) => v.name === 'shared')!;
    assert.ok(lensTargets(lensFor('C4', model)).some((t) => t.uid === shared.uid), 'C4: the shared emptyDir');
    assert.ok(lensTargets(lensFor('C2', model)).some((t) => t.uid === find(model, 'init-and-sidecar').uid), 'C2: the pod with a sidecar');
    const c1 = lensFor('C1', model);
    assert.equal(c1.examples[0].focus.uid, model.nodes.find((n) => n.role === 'control-plane')!.uid);
  });

  liveTest('in Chromium, every lens marks with data-concept what the live model says', async () => {
    const model = await liveModel();
    opened = await openPage(browser!, server!.url, { storage: { 'kube-anatomy.renderer': 'svg' } });
    const { page } = opened;
    await waitForDrawing(page);
    await zoomToLevel(page, 'containers');
    await waitForStillView(page);
    for (const concept of CONCEPT_IDS) {
      await page.selectOption('#lens-select', concept);
      await page.waitForSelector(`[data-concept-panel="${concept}"]`);
      const drawn = new Set(await page.$$eval('svg.drawing [data-uid]', (els) => els.map((e) => e.getAttribute('data-uid')!)));
      const want = conceptTruth(concept, model, (uid, pod) => (drawn.has(uid) || !pod ? uid : pod.uid));
      const got = await page.$$eval('svg.drawing [data-uid][data-concept]', (els) => els.map((e) => e.getAttribute('data-uid')!));
      assert.deepEqual(new Set(got), want, concept);
    }
  });
});
