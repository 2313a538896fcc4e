// The lens's place on a layout (what it marks, what it dims) and its layer over
// an SVG drawn by drawCluster (linkedom): rings per target, data-concept on the
// targets' groups and off them again, and the drawing below left as it was.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { drawCluster, SVG_NS } from '../../../renderer/draw/cluster.ts';
import { drawLensOverlay, markConcepts, placeLens, svgElements, type LensPoint } from '../../../renderer/draw/lens-overlay.ts';
import { LIGHT } from '../../../renderer/draw/theme.ts';
import { layoutCluster, type ClusterLayout } from '../../../renderer/layout/index.ts';
import { kindCluster } from '../../fixtures/anatomy-models.ts';

function svgOf(model: AnatomyModel, layout: ClusterLayout): SVGSVGElement {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const svg = document.createElementNS(SVG_NS, 'svg') as unknown as SVGSVGElement;
  document.body.appendChild(svg as unknown as Node);
  drawCluster(svg, model, layout);
  return svg;
}

const model = kindCluster();
const web = model.nodes.flatMap((n) => n.pods).find((p) => p.name.startsWith('web-'))!;
const nginx = web.containers.find((c) => c.name === 'nginx')!;
const worker2 = model.nodes.find((n) => n.name === 'kind-worker2')!;
const points: LensPoint[] = [
  { kind: 'container', uid: nginx.uid, within: web.uid, concepts: ['C9'] },
  { kind: 'node', uid: worker2.uid, concepts: ['C9', 'C6'] },
];

describe('placeLens', () => {
  it('marks the targets, and dims at the outermost level what holds none', () => {
    const layout = layoutCluster(model, { detail: 'full' });
    const p = placeLens(layout, points);
    assert.deepEqual([...p.marked], [[nginx.uid, 'C9'], [worker2.uid, 'C9 C6']]);
    const cp = model.nodes.find((n) => n.role === 'control-plane')!;
    // A node holding nothing lit is dimmed whole, its pods not again.
    assert.ok(p.dimmed.has(cp.uid));
    assert.ok(!cp.pods.some((q) => p.dimmed.has(q.uid)));
    // The lit worker's other pods are dimmed; the pod holding the target is not, but its other container is.
    const worker1 = model.nodes.find((n) => n.name === 'kind-worker')!;
    assert.ok(!p.dimmed.has(worker1.uid));
    for (const q of worker1.pods) assert.equal(p.dimmed.has(q.uid), q.uid !== web.uid, q.name);
    for (const c of web.containers) assert.equal(p.dimmed.has(c.uid), c.uid !== nginx.uid, c.name);
    // A target node keeps its header lit; its pods, which no target is, are dimmed.
    assert.ok(!p.dimmed.has(worker2.uid));
    for (const q of worker2.pods) assert.ok(p.dimmed.has(q.uid), q.name);
    // Unscheduled pods hold no target: dimmed.
    for (const q of model.unscheduled) assert.ok(p.dimmed.has(q.uid));
  });

  it('a target pod keeps all it holds lit, though a container of it is a target too', () => {
    const p = placeLens(layoutCluster(model, { detail: 'full' }), [...points, { kind: 'pod', uid: web.uid, concepts: ['C2'] }]);
    for (const c of web.containers) assert.ok(!p.dimmed.has(c.uid), c.name);
    for (const v of web.volumes) assert.ok(!p.dimmed.has(v.uid), v.name);
  });

  it('a container the layout does not draw (pod cards) is stood for by its pod', () => {
    const layout = layoutCluster(model, { detail: 'cards' });
    const p = placeLens(layout, points);
    assert.equal(p.marked.get(web.uid), 'C9');
    assert.ok(!p.marked.has(nginx.uid));
    assert.ok(!p.dimmed.has(web.uid));
  });
});

describe('a lens switched again', () => {
  it('is placed once per layout and points array: the same placement back, a new one for another layout or array', () => {
    const layout = layoutCluster(model, { detail: 'full' });
    const p = placeLens(layout, points);
    assert.equal(placeLens(layout, points), p);
    assert.notEqual(placeLens(layout, [...points]), p);
    assert.notEqual(placeLens(layoutCluster(model, { detail: 'cards' }), points), p);
  });

  it('marks only what changes: an element saying the same is not written, one in both lenses is not unmarked first', () => {
    const layout = layoutCluster(model, { detail: 'full' });
    const svg = svgOf(model, layout);
    const elementOf = svgElements(svg);
    const node = elementOf(worker2.uid)!;
    const container = elementOf(nginx.uid)!;
    const writes: string[] = [];
    for (const [name, el] of [['node', node], ['container', container]] as const) {
      const set = el.setAttribute.bind(el);
      const remove = el.removeAttribute.bind(el);
      el.setAttribute = (n: string, v: string) => (n === 'data-concept' && writes.push(`${name}=${v}`), set(n, v));
      el.removeAttribute = (n: string) => (n === 'data-concept' && writes.push(`${name} off`), remove(n));
    }
    markConcepts(svg, placeLens(layout, points), elementOf);
    assert.deepEqual(writes.splice(0), ['container=C9', 'node=C9 C6']);
    // The same lens again: nothing written.
    markConcepts(svg, placeLens(layout, points), elementOf);
    assert.deepEqual(writes.splice(0), []);
    // Another lens keeping the node with the same ids: the node left alone, the container taken off.
    markConcepts(svg, placeLens(layout, [points[1]]), elementOf);
    assert.deepEqual(writes.splice(0), ['container off']);
    assert.equal(node.getAttribute('data-concept'), 'C9 C6');
    assert.equal(container.getAttribute('data-concept'), null);
    markConcepts(svg, null, elementOf);
    assert.deepEqual(writes.splice(0), ['node off']);
  });
});

describe('drawLensOverlay', () => {
  it('draws a layer of its own over the drawing and marks the targets; none takes it all off', () => {
    const layout = layoutCluster(model, { detail: 'full' });
    const svg = svgOf(model, layout);
    const before = svg.querySelector('g.ka-bands')!.outerHTML;
    drawLensOverlay(svg, placeLens(layout, points), LIGHT);
    const layer = svg.lastElementChild!;
    assert.equal(layer.getAttribute('class'), 'ka-lens');
    assert.equal(layer.getAttribute('pointer-events'), 'none');
    // One path of rings (one rectangle a target) and one of veils, whatever the count.
    const ring = layer.querySelector('path.ka-lens-ring')!;
    assert.equal(ring.getAttribute('data-count'), '2');
    assert.equal((ring.getAttribute('d') ?? '').split('M').length - 1, 2);
    const dims = (layer.querySelector('path.ka-lens-dim')!.getAttribute('d') ?? '').split('M').length - 1;
    assert.equal(dims, placeLens(layout, points).dimmed.size);
    const marked = Array.from(svg.querySelectorAll('g[data-concept]')).map((g) => [g.getAttribute('data-uid'), g.getAttribute('data-concept')]);
    assert.deepEqual(marked.sort(), [[nginx.uid, 'C9'], [worker2.uid, 'C9 C6']].sort());
    // The drawing below carries nothing of the lens but data-concept.
    const clean = (html: string) => html.replace(/ data-concept="[^"]*"/g, '');
    assert.equal(clean(svg.querySelector('g.ka-bands')!.outerHTML), before);

    // Another lens moves the marks; none removes them and the layer.
    drawLensOverlay(svg, placeLens(layout, [{ kind: 'pod', uid: web.uid, concepts: ['C2'] }]), LIGHT);
    assert.deepEqual(Array.from(svg.querySelectorAll('g[data-concept]')).map((g) => g.getAttribute('data-uid')), [web.uid]);
    assert.equal(svg.querySelectorAll('g.ka-lens').length, 1);
    drawLensOverlay(svg, null, LIGHT);
    assert.equal(svg.querySelectorAll('[data-concept]').length, 0);
    assert.equal(svg.querySelector('g.ka-lens'), null);
    assert.equal(svg.querySelector('g.ka-bands')!.outerHTML, before);
  });
});
