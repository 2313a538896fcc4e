// framing(): where the view goes to show a box, and what a jump keeps.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { framing, JUMP_KEEPS_SCALE } from '../../../renderer/app/zoom.ts';

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
