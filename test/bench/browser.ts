// Browser-mode benchmark: time from opening the page until every pod of the
// model is drawn with its IP, for the demo and a generated 5,000-pod snapshot,
// in real Chromium. Also the renderer's JS heap once drawn.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateCluster } from './generate.ts';
import { openSession } from '../../main/session/index.ts';
import { startServer } from '../../main/server/server.ts';
import { heading, median, mib, ms, row } from './stats.ts';
import { launchBrowser } from '../e2e/helpers.ts';

async function podCount(session: { model(): { model: { stats: { pods: number } } } | null }): Promise<number> {
  for (let i = 0; i < 600; i++) {
    const update = session.model();
    if (update) return update.model.stats.pods;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the session built no model within 30 s');
}

export async function benchBrowser(repeats: number): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kube-anatomy-bench-'));
  const browser = await launchBrowser();
  try {
    const big = path.join(dir, 'cluster-5000.json');
    writeFileSync(big, JSON.stringify(generateCluster({ nodes: 100, pods: 5000, seed: 1 })));
    heading(`Browser mode: open page → every pod drawn with its IP (Chromium, median of ${repeats})`);
    row('', 'first draw', 'pods drawn', 'JS heap');
    const results: number[] = [];
    for (const c of [{ label: 'demo', options: { demo: true } }, { label: '5,000 pods / 100 nodes', options: { snapshot: big } }]) {
      const session = await openSession({ env: {}, home: dir, ...c.options });
      const server = await startServer({ session });
      const expected = await podCount(session);
      const times: number[] = [];
      let heap = 0;
      let drew = '?';
      try {
        for (let i = 0; i < repeats; i++) {
          const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
          const started = performance.now();
          await page.goto(server.url);
          // Drawn: every pod's group on the SVG; on the canvas (auto's choice from AUTO_CANVAS_FROM pods), a paint done
          // and every pod in its accessible tree.
          await page.waitForFunction(
            (n) => {
              const canvas = document.getElementById('scene-canvas');
              if (canvas && !canvas.hidden) return canvas.hasAttribute('data-painted') && document.querySelectorAll('#scene-tree [data-kind="pod"]').length >= n;
              return document.querySelectorAll('svg.drawing g[data-kind="pod"]').length >= n;
            },
            expected,
            { timeout: 300_000, polling: 50 },
          );
          drew = (await page.getAttribute('#canvas', 'data-renderer')) ?? '?';
          times.push(performance.now() - started);
          const cdp = await page.context().newCDPSession(page);
          await cdp.send('Performance.enable');
          const { metrics } = await cdp.send('Performance.getMetrics');
          heap = Math.max(heap, metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0);
          await page.close();
        }
      } finally {
        await server.close();
        await session.close();
      }
      results.push(median(times));
      row(`${c.label} (${drew})`, ms(median(times)), String(expected), mib(heap));
    }
    console.log(`  ratio 5,000 pods / demo: ${(results[1] / results[0]).toFixed(1)}x`);
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
