// orderSiblings must leave a layer exactly as d3's selection.order() would,
// with the same moves, whatever the starting order and whatever else (an
// exiting group fading out, say) sits among the joined elements.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectAll } from 'd3';
import { parseHTML } from 'linkedom';
import { orderSiblings, type Sel } from '../../../renderer/draw/primitives.ts';
import { random } from '../../fixtures/random.ts';

function shuffle<T>(list: T[], rand: () => number): T[] {
  const out = [...list];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** A parent with `ids` as children in that order; returns the parent and a way to look children up. */
function layer(ids: string[]) {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const parent = document.createElement('g');
  document.body.appendChild(parent);
  let moves = 0;
  const insertBefore = parent.insertBefore.bind(parent);
  parent.insertBefore = ((node: Node, before: Node | null) => {
    moves++;
    return insertBefore(node, before);
  }) as typeof parent.insertBefore;
  const byId = new Map<string, Element>();
  for (const id of ids) {
    const el = document.createElement('g');
    el.setAttribute('id', id);
    parent.appendChild(el);
    byId.set(id, el);
  }
  moves = 0;
  const order = () => Array.from(parent.children, (c) => c.getAttribute('id'));
  return { byId, order, moves: () => moves };
}

describe('orderSiblings', () => {
  it('orders as d3 does, with the same number of moves', () => {
    const rand = random(11);
    for (let round = 0; round < 300; round++) {
      const count = 1 + Math.floor(rand() * 12);
      const ids = Array.from({ length: count }, (_, i) => `n${i}`);
      const start = shuffle(ids, rand);
      // Some children are not in the selection, like exiting groups.
      const wanted = shuffle(ids, rand).filter(() => rand() < 0.8);
      const mine = layer(start);
      const d3s = layer(start);
      const pick = (l: ReturnType<typeof layer>) => selectAll(wanted.map((id) => l.byId.get(id)!)) as unknown as Sel<Element, unknown>;
      orderSiblings(pick(mine));
      pick(d3s).order();
      assert.deepEqual(mine.order(), d3s.order(), `from ${start.join(' ')} to ${wanted.join(' ')}`);
      assert.equal(mine.moves(), d3s.moves(), `moves from ${start.join(' ')} to ${wanted.join(' ')}`);
      const placed = mine.order().filter((id) => wanted.includes(id!));
      assert.deepEqual(placed, wanted);
    }
  });

  it('moves nothing when the elements are already in order', () => {
    const l = layer(['a', 'x', 'b', 'c']);
    orderSiblings(selectAll(['a', 'b', 'c'].map((id) => l.byId.get(id)!)) as unknown as Sel<Element, unknown>);
    assert.equal(l.moves(), 0);
    assert.deepEqual(l.order(), ['a', 'x', 'b', 'c']);
  });

  it('falls back to d3 for elements under different parents', () => {
    const setup = () => {
      const { document } = parseHTML('<!doctype html><html><body></body></html>');
      const [one, two] = [document.createElement('g'), document.createElement('g')];
      document.body.append(one, two);
      const el = (parent: Element, id: string) => parent.appendChild(Object.assign(document.createElement('g'), { id }));
      const [a, b, c] = [el(one, 'a'), el(one, 'b'), el(two, 'c')];
      const sel = selectAll([c, b, a]) as unknown as Sel<Element, unknown>;
      const ids = () => [one, two].map((p) => Array.from(p.children, (x) => x.id).join(' '));
      return { sel, ids };
    };
    const mine = setup();
    const d3s = setup();
    orderSiblings(mine.sel);
    d3s.sel.order();
    assert.deepEqual(mine.ids(), d3s.ids());
    assert.deepEqual(mine.ids(), ['c b a', ''], 'c was moved in front of b, into its parent');
  });
});
