// framing(): where the view goes to show a box, and what a jump keeps; the
// zoom's extent, taken from the size kept between resizes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { createZoom, framing, JUMP_KEEPS_SCALE } from '../../../renderer/app/zoom.ts';

const view = { width: 1000, height: 800 };
const box = { x: 500, y: 300, width: 200, height: 100 };
/** Where the box's centre lands on screen. */
const centre = (t: { x: number; y: number; k: number }) => ({ x: (box.x + box.width / 2) * t.k + t.x, y: (box.y + box.height / 2) * t.k + t.y });

describe('framing', () => {
  it('zooms a box to fill most of the view, up to maxScale, centred', () => {
    const t = framing(view, box, { k: 0.1 }, { maxScale: 1.6 });
    assert.equal(t.k, 1.6);
    assert.deepEqual(centre(t), { x: 500, y: 400 });
    // A large box: the scale that fits it in 80 % of the view.
    assert.equal(framing(view, { ...box, width: 4000 }, { k: 1 }).k, 0.2);
  });

  it('a jump keeps the scale the view is at when it is near the one wanted (a pan only: no SVG text laid out again)', () => {
    const near = 1.6 / JUMP_KEEPS_SCALE + 0.01;
    const t = framing(view, box, { k: near }, { maxScale: 1.6, jump: true });
    assert.equal(t.k, near);
    assert.deepEqual(centre(t), { x: 500, y: 400 });
    // Without jump, or further off than JUMP_KEEPS_SCALE, the wanted scale.
    assert.equal(framing(view, box, { k: near }, { maxScale: 1.6 }).k, 1.6);
    assert.equal(framing(view, box, { k: 1.6 / JUMP_KEEPS_SCALE - 0.01 }, { maxScale: 1.6, jump: true }).k, 1.6);
    assert.equal(framing(view, box, { k: 1.6 * JUMP_KEEPS_SCALE + 0.01 }, { maxScale: 1.6, jump: true }).k, 1.6);
  });

  it('a jump that keeps a scale the box no longer fits at shows the box from its top left corner', () => {
    const node = { x: 2000, y: 1000, width: 900, height: 700 };
    const wanted = framing(view, node, { k: 0.1 }, { maxScale: 1.2 }).k;
    const k = wanted * 1.4;
    const t = framing(view, node, { k }, { maxScale: 1.2, jump: true });
    assert.equal(t.k, k);
    assert.ok(node.width * k > view.width * 0.9, 'the node still fits: the test shows nothing');
    assert.equal(node.x * k + t.x, view.width * 0.05);
    assert.equal(node.y * k + t.y, view.height * 0.05);
  });
});

describe('createZoom', () => {
  it("moves the view without reading the SVG's size from the DOM (each fitted live model would lay the page out first)", () => {
    const { document, window } = parseHTML('<!doctype html><html><body><svg id="canvas"><g id="viewport"></g></svg></body></html>');
    const svg = document.getElementById('canvas') as unknown as SVGSVGElement;
    const viewport = document.getElementById('viewport') as unknown as SVGGElement;
    // What d3's own extent reads: the SVG's width and height (a forced layout in a browser), counted.
    let reads = 0;
    const length = (value: number) => ({
      get baseVal() {
        reads++;
        return { value };
      },
    });
    Object.defineProperty(svg, 'width', { get: () => length(1000) });
    Object.defineProperty(svg, 'height', { get: () => length(800) });
    Object.defineProperty(svg, 'clientWidth', { get: () => 1000 });
    Object.defineProperty(svg, 'clientHeight', { get: () => 800 });
    const g = globalThis as { SVGElement?: unknown };
    const had = g.SVGElement;
    g.SVGElement = (window as unknown as { SVGElement: unknown }).SVGElement;
    try {
      const zoom = createZoom(svg, viewport, () => true);
      zoom.setContent(4000, 3000);
      zoom.fit(false);
      zoom.fit(false, 0.1);
      // The extent is the view's size: zoomBy scales about its middle, which keeps the point under it.
      const under = () => {
        const t = zoom.transform();
        return { x: (500 - t.x) / t.k, y: (400 - t.y) / t.k };
      };
      const before = under();
      zoom.zoomBy(2);
      assert.equal(reads, 0, 'the SVG size was read');
      assert.ok(Math.abs(zoom.scale() - 0.2) < 1e-9, `scale ${zoom.scale()}`);
      const after = under();
      assert.ok(Math.abs(after.x - before.x) < 1e-6 && Math.abs(after.y - before.y) < 1e-6, `${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
    } finally {
      g.SVGElement = had;
    }
  });
});
