// Switching concept lens at 5,000 pods (issue 9's target: redrawn within
// 100 ms), in real Chromium at 1440×900, on each renderer: auto (what the app
// picks at this size), the SVG and the canvas. Each lens C1–C11 and "none" is picked in the top
// bar's select, in turn, a few rounds; the page's own clock times it:
//
//   change   the select's change handler: the lens worked out on the model, placed on the layout, marks set
//   painted  until the animation frame after it has run its callbacks (the canvas paints in one of them)
//   frame    until the next frame starts, so the one that showed the lens was rendered (style, layout, raster)
//
// "no switch" times the same two frames with nothing changed: at 60 Hz about
// 33 ms, more when the machine is busy; a switch costs what it adds to that.
//
// Printed, never asserted. --root=DIR serves a renderer built elsewhere (say a
// copy of dist/renderer made before a change), to compare two builds in one run.
//
//   node --import tsx test/bench/browser-lens.ts [--quick] [--pods=5000] [--root=DIR]

import { CONCEPT_IDS } from '../../renderer/teach/concepts.ts';
import { benchSwitches } from './page-switch.ts';

interface Timing {
  id: string;
  change: number;
  painted: number;
  frame: number;
}

export async function benchBrowserLens(options: { quick?: boolean; pods?: number; root?: string } = {}): Promise<void> {
  const rounds = options.quick ? 2 : 4;
  await benchSwitches({
    pods: options.pods ?? 5000,
    root: options.root,
    tag: 'lens',
    title: (pods, nodes) => `Switching concept lens at ${pods} pods / ${nodes} nodes (Chromium 1440×900, ${rounds} rounds of C1–C11 and none; target ≤ 100 ms)`,
    handlerColumn: 'change p50',
    worstColumn: 'worst lens (frame)',
    idleLabel: 'no switch (same frames)',
    async open(page, url) {
      await page.goto(url);
      await page.waitForSelector('#scene-tree [data-kind=pod], svg.drawing g[data-kind=pod]', { state: 'attached', timeout: 60_000 });
    },
    async measure(page) {
      const ids = [...Array.from({ length: rounds }, () => ['=', ...CONCEPT_IDS, '']).flat(), ''];
      // As text: the bundler that runs this file would name the page's functions with a helper the page lacks.
      const timings = (await page.evaluate(`(async (ids) => {
        const select = document.getElementById('lens-select');
        const frame = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));
        const out = [];
        for (const id of ids) {
          // Start between frames, as a click or a key would.
          await frame();
          await new Promise((r) => setTimeout(r, 0));
          const t0 = performance.now();
          // '=' changes nothing: the same two frames with no lens switched, what the page costs anyway.
          if (id !== '=') {
            select.value = id;
            select.dispatchEvent(new Event('change'));
          }
          const t1 = performance.now();
          const t2 = await frame();
          const t3 = await frame();
          out.push({ id: id || 'none', change: t1 - t0, painted: t2 - t0, frame: t3 - t0 });
        }
        return out;
      })(${JSON.stringify(ids)})`)) as Timing[];
      return timings.map((t) => ({ idle: t.id === '=', name: t.id, handler: t.change, painted: t.painted, frame: t.frame }));
    },
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const podsArg = args.find((a) => a.startsWith('--pods='));
  const rootArg = args.find((a) => a.startsWith('--root='));
  await benchBrowserLens({ quick: args.includes('--quick'), pods: podsArg ? Number(podsArg.slice(7)) : undefined, root: rootArg ? rootArg.slice(7) : undefined });
}
