// The warning mark on both renderers against the real cluster: a pod no node
// can take gets the scheduler's FailedScheduling Warning, and the page marks
// it whichever renderer draws; the canvas's accessible tree (data-warning on
// the pod's element, the mark's words as its description) and the SVG's pod
// groups carry the same set of pods, and that set holds every pod kubectl
// shows a Warning for within the mark's ten minutes.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { RECENT_WARNING_MS } from '../../main/model/events.ts';
import { startServer, type RunningServer } from '../../main/server/server.ts';
import { openSession, type Session } from '../../main/session/index.ts';
import { launchBrowser, openPage, type OpenedPage } from '../e2e/helpers.ts';
import { apply, kubectl, live, liveTest, lockCluster, uniqueName, waitFor } from './harness.ts';
import { eventLastSeen, namespaceObject, removeNamespace } from './objects.ts';

type Json = Record<string, any>;

const warnedOnCanvas = (page: Page) => page.$$eval('#scene-tree [data-kind=pod][data-warning=true]', (els) => els.map((e) => e.getAttribute('data-uid') ?? '').sort());
const warnedOnSvg = (page: Page) => page.$$eval('svg.drawing g[data-kind=pod][data-warning=true]', (els) => els.map((e) => e.getAttribute('data-uid') ?? '').sort());

/**
 * Pods kubectl shows a Warning for that happened within the mark's window, and those well inside it (not about to run out).
 * Only pods that still exist: an event outlives its pod (an hour), and earlier tests delete theirs.
 */
async function kubectlWarned(): Promise<{ all: Set<string>; firm: Set<string> }> {
  const out = JSON.parse(await kubectl(live!, ['get', 'events', '-A', '--field-selector', 'type=Warning,involvedObject.kind=Pod', '-o', 'json'])) as Json;
  const pods = JSON.parse(await kubectl(live!, ['get', 'pods', '-A', '-o', 'json'])) as Json;
  const present = new Set((pods.items as Json[]).map((p) => p.metadata?.uid as string));
  const now = Date.now();
  const all = new Set<string>();
  const firm = new Set<string>();
  for (const e of out.items as Json[]) {
    const t = eventLastSeen(e);
    const uid = e.involvedObject?.uid as string | undefined;
    if (!uid || !present.has(uid) || t === 0) continue;
    if (now - t < RECENT_WARNING_MS + 30_000) all.add(uid);
    if (now - t < RECENT_WARNING_MS - 60_000) firm.add(uid);
  }
  return { all, firm };
}

describe('the warning mark on the live cluster, canvas and SVG alike', () => {
  const ns = uniqueName('warn-canvas');
  let release: (() => void) | undefined;
  let home: string | undefined;
  let session: Session | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const pages: OpenedPage[] = [];

  before(async () => {
    if (!live) return;
    release = await lockCluster('warning-canvas.test.ts');
    home = mkdtempSync(path.join(os.tmpdir(), 'anatomy-live-home-'));
    session = await openSession({ kubeconfig: live.kubeconfig, env: {}, home, coalesceMs: 50 });
    server = await startServer({ session });
    browser = await launchBrowser();
  });

  after(async () => {
    try {
      for (const p of pages) await p.context.close();
      await browser?.close();
      await server?.close();
      await session?.close();
    } finally {
      // Even when a close throws: a namespace left behind, or the lock held, breaks the next live file.
      try {
        if (home) rmSync(home, { recursive: true, force: true });
        if (live) await removeNamespace(live, ns);
      } finally {
        release?.();
      }
    }
  });

  liveTest('a pod with a FailedScheduling Warning is marked on the canvas and on the SVG, the same pods as kubectl says', async (env) => {
    await apply(env, namespaceObject(ns));
    await apply(env, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stuck', namespace: ns },
      spec: { nodeSelector: { 'kube-anatomy.test/no-such-node': 'x' }, containers: [{ name: 'app', image: 'docker.io/library/busybox:1.36' }] },
    });
    const uid = JSON.parse(await kubectl(env, ['get', 'pod', '-n', ns, 'stuck', '-o', 'json'])).metadata.uid as string;

    const canvas = await openPage(browser!, server!.url, { storage: { 'kube-anatomy.renderer': 'canvas' } });
    const svg = await openPage(browser!, server!.url, { storage: { 'kube-anatomy.renderer': 'svg' } });
    pages.push(canvas, svg);
    await waitFor(async () => (await warnedOnCanvas(canvas.page)).includes(uid) || 'the stuck pod is not marked on the canvas yet', { what: 'the canvas to mark the stuck pod' });
    await waitFor(async () => (await warnedOnSvg(svg.page)).includes(uid) || 'the stuck pod is not marked on the SVG yet', { what: 'the SVG to mark the stuck pod' });

    // The canvas's tree says it in the page's words.
    const said = await canvas.page.getAttribute(`#scene-tree [data-kind=pod][data-uid="${uid}"]`, 'aria-description');
    assert.equal(said, 'Recent warning events');

    // Both renderers mark one set, and it is kubectl's recent Warnings (a pod at the window's edge may come or go meanwhile).
    let last = '';
    await waitFor(
      async () => {
        const onCanvas = await warnedOnCanvas(canvas.page);
        const onSvg = await warnedOnSvg(svg.page);
        const { all, firm } = await kubectlWarned();
        last = JSON.stringify({ onCanvas, onSvg, firm: [...firm].sort() });
        if (JSON.stringify(onCanvas) !== JSON.stringify(onSvg)) return `canvas and SVG differ: ${last}`;
        const missing = [...firm].filter((u) => !onCanvas.includes(u));
        const extra = onCanvas.filter((u) => !all.has(u));
        return (missing.length === 0 && extra.length === 0) || `missing ${missing.length}, extra ${extra.length}: ${last}`;
      },
      { what: "the marked pods to be kubectl's recent Warnings on both renderers" },
    );
    assert.deepEqual(canvas.errors, []);
    assert.deepEqual(svg.errors, []);
  });
});
