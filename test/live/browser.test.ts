// The whole app against the real cluster: a session on the test kubeconfig,
// the browser-mode server, the built page in Chromium. The drawing shows every
// pod kubectl shows, with its IP, and follows a pod created and deleted.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startServer, type RunningServer } from '../../main/server/server.ts';
import { openSession, type Session } from '../../main/session/index.ts';
import { launchBrowser, openPage, type OpenedPage } from '../e2e/helpers.ts';
import { apply, kubectl, live, liveTest, lockCluster, uniqueName, waitFor } from './harness.ts';
import { metaOf, namespaceObject, plainPod, removeNamespace } from './objects.ts';
import { readTruth } from './truth.ts';

/** uid → IP of every pod drawn (pods fading out excluded). */
export function drawnPodIPs(page: Page): Promise<Record<string, string>> {
  return page.$$eval('g[data-kind=pod]:not(.ka-exiting)', (pods) => {
    const out: Record<string, string> = {};
    for (const pod of pods) out[pod.getAttribute('data-uid') ?? ''] = pod.getAttribute('data-ip') ?? '';
    return out;
  });
}

describe('browser mode on the live cluster', () => {
  const ns = uniqueName('live-browser');
  let release: (() => void) | undefined;
  let home: string | undefined;
  let session: Session | undefined;
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let opened: OpenedPage | undefined;

  before(async () => {
    if (!live) return;
    release = await lockCluster('browser.test.ts');
    home = mkdtempSync(path.join(os.tmpdir(), 'anatomy-live-home-'));
    session = await openSession({ kubeconfig: live.kubeconfig, env: {}, home, coalesceMs: 50 });
    server = await startServer({ session });
    browser = await launchBrowser();
    opened = await openPage(browser, server.url);
  });

  after(async () => {
    await opened?.context.close();
    await browser?.close();
    await server?.close();
    await session?.close();
    if (home) rmSync(home, { recursive: true, force: true });
    try {
      if (live) await removeNamespace(live, ns);
    } finally {
      release?.();
    }
  });

  liveTest('the drawing shows every pod kubectl shows, each with its IP', async (env) => {
    const page = opened!.page;
    await waitFor(
      async () => {
        const truth = await readTruth(env);
        // An empty drawing of an empty cluster would prove nothing: this is the seeded one.
        if (truth.pods.length < 30) return `kubectl shows only ${truth.pods.length} pods; the seeded cluster has more than 30`;
        const expected: Record<string, string> = {};
        for (const pod of truth.pods) expected[String(metaOf(pod).uid)] = String((pod.status as { podIP?: string } | undefined)?.podIP ?? '');
        const drawn = await drawnPodIPs(page);
        const missing = Object.keys(expected).filter((uid) => drawn[uid] === undefined);
        const extra = Object.keys(drawn).filter((uid) => expected[uid] === undefined);
        const wrongIP = Object.keys(expected).filter((uid) => drawn[uid] !== undefined && expected[uid] !== '' && drawn[uid] !== expected[uid]);
        if (missing.length + extra.length + wrongIP.length === 0) return true;
        return `${missing.length} pods not drawn, ${extra.length} drawn that kubectl does not show, ${wrongIP.length} with another IP`;
      },
      { what: 'the drawing to show every pod with its IP' },
    );
    const withIP = Object.values(await drawnPodIPs(page)).filter((ip) => ip !== '').length;
    assert.ok(withIP >= 25, `most pods are drawn with an IP (${withIP})`);
    const state = await page.evaluate(() => document.getElementById('status')?.getAttribute('data-phase'));
    assert.equal(state, 'live');
  });

  liveTest('a pod created with kubectl is drawn with its IP, and disappears when deleted', async (env) => {
    const page = opened!.page;
    await apply(env, namespaceObject(ns), plainPod(ns, 'drawn'));
    let uid = '';
    let ip = '';
    await waitFor(
      async () => {
        const pod = JSON.parse(await kubectl(env, ['-n', ns, 'get', 'pod', 'drawn', '-o', 'json'])) as { metadata: { uid: string }; status: { podIP?: string } };
        uid = pod.metadata.uid;
        ip = pod.status.podIP ?? '';
        return ip !== '' || 'no IP yet';
      },
      { what: 'pod drawn to get an IP' },
    );
    await waitFor(async () => (await drawnPodIPs(page))[uid] === ip || `pod ${uid} not drawn with ${ip} yet`, { what: 'the new pod to be drawn with its IP' });

    await kubectl(env, ['-n', ns, 'delete', 'pod', 'drawn', '--wait=false']);
    await waitFor(async () => (await drawnPodIPs(page))[uid] === undefined || 'still drawn', { what: 'the deleted pod to leave the drawing' });
    assert.deepEqual(opened!.errors, [], 'the page made no errors');
    assert.deepEqual(opened!.dialogs, []);
  });
});
