// What the lens and tour benchmarks share: a generated cluster opened as a
// snapshot by a real session and browser-mode server, the page opened in
// Chromium 1440×900 on each renderer (auto, svg, canvas), and the rows that
// print the page's own timing of each switch beside the same frames with
// nothing switched.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { generateCluster } from './generate.ts';
import { openSession } from '../../main/session/index.ts';
import { startServer } from '../../main/server/server.ts';
import { heading, median, ms, row } from './stats.ts';
import { launchBrowser } from '../e2e/helpers.ts';

/** One switch as the page timed it, from the start of its handler (ms). */
export interface SwitchTiming {
  /** The same two frames with nothing switched. */
  idle: boolean;
  /** What was switched to, for the worst row. */
  name: string;
  /** The handler's own time. */
  handler: number;
  /** Until the animation frame after it has run its callbacks. */
  painted: number;
  /** Until the next frame starts, so the frame that showed it was rendered. */
  frame: number;
  /** The longest time between two frames while what it started (a zoom) moves on, when the bench follows it. */
  longest?: number;
}

export interface SwitchBench {
  pods: number;
  /** A built renderer to serve instead of dist/renderer (e.g. a copy built before a change, to compare in one run). */
  root?: string;
  /** Opens the page as a user who asked for reduced motion would (prefers-reduced-motion: reduce). */
  reducedMotion?: boolean;
  /** The temporary folder's name. */
  tag: string;
  title(pods: string, nodes: number): string;
  /** The first and last column: what the handler is ("change p50") and what the worst names ("worst lens (frame)"). */
  handlerColumn: string;
  worstColumn: string;
  /** A column for SwitchTiming.longest (its p95), when the bench measures it. */
  longestColumn?: string;
  /** The second row's label, e.g. "no switch (same frames)". */
  idleLabel: string;
  /** Opens the page at the server's URL and waits for what the switches need. */
  open(page: Page, url: string): Promise<void>;
  /** Runs the switches in the page. */
  measure(page: Page): Promise<SwitchTiming[]>;
}

export function p95(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)] ?? NaN;
}

async function waitForModel(session: { model(): unknown }): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (session.model()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('the session built no model within 30 s');
}

export async function benchSwitches(b: SwitchBench): Promise<void> {
  const nodes = Math.max(1, Math.round(b.pods / 50));
  const dir = mkdtempSync(path.join(os.tmpdir(), `kube-anatomy-bench-${b.tag}-`));
  const browser = await launchBrowser();
  try {
    const file = path.join(dir, `cluster-${b.pods}.json`);
    writeFileSync(file, JSON.stringify(generateCluster({ nodes, pods: b.pods, seed: 1 })));
    const session = await openSession({ env: {}, home: dir, snapshot: file });
    const server = await startServer({ session, root: b.root });
    await waitForModel(session);
    heading(b.title(b.pods.toLocaleString('en'), nodes));
    const longest = b.longestColumn ? [b.longestColumn] : [];
    row('renderer', b.handlerColumn, 'painted p50', 'painted p95', 'frame p50', 'frame p95', ...longest, b.worstColumn);
    try {
      for (const renderer of ['auto', 'svg', 'canvas'] as const) {
        const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: b.reducedMotion ? 'reduce' : 'no-preference' });
        await context.addInitScript((r) => localStorage.setItem('kube-anatomy.renderer', r), renderer);
        const page = await context.newPage();
        try {
          await b.open(page, server.url);
          const drawnBy = await page.evaluate(() => document.querySelector('[data-renderer]')?.getAttribute('data-renderer') ?? '?');
          const timings = await b.measure(page);
          const idle = timings.filter((t) => t.idle);
          const switched = timings.filter((t) => !t.idle);
          const worst = switched.reduce((x, y) => (y.frame > x.frame ? y : x));
          row(
            `${renderer} (${drawnBy})`,
            ms(median(switched.map((t) => t.handler))),
            ms(median(switched.map((t) => t.painted))),
            ms(p95(switched.map((t) => t.painted))),
            ms(median(switched.map((t) => t.frame))),
            ms(p95(switched.map((t) => t.frame))),
            ...(b.longestColumn ? [ms(p95(switched.map((t) => t.longest ?? NaN)))] : []),
            `${worst.name} ${ms(worst.frame)}`,
          );
          row(`  ${b.idleLabel}`, '', ms(median(idle.map((t) => t.painted))), '', ms(median(idle.map((t) => t.frame))), '', ...(b.longestColumn ? [ms(p95(idle.map((t) => t.longest ?? NaN)))] : []), '');
        } finally {
          await context.close();
        }
      }
    } finally {
      await server.close();
      await session.close();
    }
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
