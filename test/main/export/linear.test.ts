// Export must stay linear in pods per node (issue 7, security 4): a snapshot
// with many pods on one node once made headless export quadratic, because
// d3's selection.order() asked linkedom's compareDocumentPosition about every
// pair of siblings, and linkedom answers from `childNodes`, a fresh array of
// all the parent's children each time. Timing would be flaky, so this counts
// the work: every node that linkedom's childNodes / children getters list
// while one export draws and serialises.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { renderSvg } from '../../../main/export/svg.ts';
import { buildModel } from '../../../main/model/index.ts';
import type { Detail } from '../../../renderer/layout/types.ts';
import { generateClusterObjects } from '../../bench/generate.ts';

/** Runs `fn` with linkedom's child-list getters counting what they list; restores them after. */
function countListed(fn: () => void): number {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const samples = [document, document.createElementNS('http://www.w3.org/2000/svg', 'g'), document.createElement('div')];
  const restore: (() => void)[] = [];
  let listed = 0;
  const patched = new Set<object>();
  for (const sample of samples) {
    for (let proto = Object.getPrototypeOf(sample); proto; proto = Object.getPrototypeOf(proto)) {
      if (patched.has(proto)) continue;
      patched.add(proto);
      for (const name of ['childNodes', 'children']) {
        const own = Object.getOwnPropertyDescriptor(proto, name);
        if (!own?.get) continue;
        const get = own.get;
        Object.defineProperty(proto, name, {
          ...own,
          get(this: unknown) {
            const list = get.call(this) as ArrayLike<unknown>;
            listed += list.length;
            return list;
          },
        });
        restore.push(() => Object.defineProperty(proto, name, own));
      }
    }
  }
  assert.ok(restore.length >= 2, 'found linkedom\'s childNodes and children getters to count');
  try {
    fn();
  } finally {
    for (const undo of restore) undo();
  }
  return listed;
}

function onOneNode(pods: number) {
  // A /16 a node: the generator's default /24 holds only 250 pods.
  const objects = generateClusterObjects({ nodes: 1, pods, seed: 5, podCidr: 16 });
  return buildModel(objects, { kind: 'snapshot', name: `one-node-${pods}.json`, namespaces: [] });
}

describe('export work grows linearly with pods on one node', () => {
  for (const detail of ['compact', 'full'] as Detail[]) {
    it(`${detail} detail: 4x the pods lists at most 4.5x the nodes`, () => {
      const small = onOneNode(400);
      const large = onOneNode(1600);
      assert.equal(large.nodes.length, 1);
      assert.ok(large.stats.pods === 1600);
      const a = countListed(() => renderSvg(small, { detail }));
      const b = countListed(() => renderSvg(large, { detail }));
      assert.ok(a > 0, 'the counter saw the export');
      assert.ok(b <= a * 4.5, `400 pods listed ${a} nodes, 1,600 pods listed ${b} (${(b / a).toFixed(1)}x; linear is about 4x)`);
    });
  }
});
