// Drawing the levels: pods as cards (the pods level), a switch of geometry on
// the same <svg>, and the overview's labels drawn into the node groups.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { drawCluster, SVG_NS } from '../../../renderer/draw/cluster.ts';
import { drawOverviewLabels } from '../../../renderer/draw/overview.ts';
import { layoutCluster } from '../../../renderer/layout/cluster.ts';
import { overviewLabels } from '../../../renderer/layout/lod.ts';
import { kindCluster } from '../../fixtures/anatomy-models.ts';

function newSvg(): SVGSVGElement {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = document.createElementNS(SVG_NS, 'svg') as unknown as SVGSVGElement;
  document.body.appendChild(svg as unknown as Node);
  return svg;
}

const all = (root: Element, selector: string) => Array.from(root.querySelectorAll(selector));

describe('drawing the pods level', () => {
  it('draws each pod as a card in its node, with the semantic attributes, its IP and its name', () => {
    const model = kindCluster();
    const svg = newSvg();
    drawCluster(svg, model, layoutCluster(model, { detail: 'cards' }));
    assert.equal(svg.getAttribute('data-detail'), 'cards');
    const pods = all(svg, 'g[data-kind=pod]');
    assert.equal(pods.length, 19);
    for (const g of pods) {
      const ip = g.getAttribute('data-ip');
      const [first, second, ...more] = all(g, 'text').map((t) => t.textContent ?? '');
      assert.equal(first, ip || 'no IP');
      assert.ok(g.getAttribute('data-name')!.startsWith(second.replace(/…$/, '')), `${second} is the start of the name`);
      assert.deepEqual(more, []);
      assert.ok(g.getAttribute('data-namespace'));
      assert.ok(g.querySelector('rect.ka-stripe'), 'a status stripe');
      const node = g.parentElement?.closest('g[data-kind=node]');
      if (node) assert.ok(model.nodes.find((n) => n.name === node.getAttribute('data-name'))!.pods.some((p) => p.name === g.getAttribute('data-name')));
    }
    assert.equal(all(svg, 'g[data-kind=container]').length, 0);
  });

  it('draws another geometry on the same svg as a new picture, keeping nothing of the old one', () => {
    const model = kindCluster();
    const svg = newSvg();
    drawCluster(svg, model, layoutCluster(model, { detail: 'cards' }));
    drawCluster(svg, model, layoutCluster(model, { detail: 'full' }));
    const fresh = newSvg();
    drawCluster(fresh, model, layoutCluster(model, { detail: 'full' }));
    assert.equal(svg.outerHTML, fresh.outerHTML);
    assert.equal(all(svg, 'rect.ka-stripe').length, all(svg, 'g[data-kind=container]').length, 'stripes only on containers');
  });
});

describe('drawing the overview labels', () => {
  it('puts each node name and pod count into its node group, on top, and takes them away again', () => {
    const model = kindCluster();
    const svg = newSvg();
    const layout = layoutCluster(model, { detail: 'cards', aspect: 16 / 9 });
    drawCluster(svg, model, layout);
    const scale = 0.4;
    drawOverviewLabels(svg, layout, overviewLabels(layout, scale), 'light', scale);
    for (const node of all(svg, 'g[data-kind=node]')) {
      const layer = node.lastElementChild!;
      assert.equal(layer.getAttribute('class'), 'ka-overview');
      const box = layout.nodes.find((n) => n.uid === node.getAttribute('data-uid'))!;
      const [name, count] = all(layer, 'text').map((t) => t.textContent ?? '');
      assert.ok(box.name.startsWith(name.replace(/…$/, '')) && name.length > 3, name);
      assert.equal(count, `${box.podCount} pods`);
      for (const t of all(layer, 'text')) assert.ok(Number(t.getAttribute('font-size')) * scale >= 11);
    }
    assert.match(svg.querySelector('g[data-band=unscheduled] > g.ka-overview')?.textContent ?? '', /Unscheduled.*1 pod/);
    // Drawn again at another scale: the same elements, new sizes.
    const before = all(svg, 'g.ka-overview text');
    drawOverviewLabels(svg, layout, overviewLabels(layout, 0.6), 'light', 0.6);
    assert.deepEqual(all(svg, 'g.ka-overview text'), before);
    drawOverviewLabels(svg, layout, [], 'light', 1);
    assert.equal(all(svg, 'g.ka-overview').length, 0);
  });
});
