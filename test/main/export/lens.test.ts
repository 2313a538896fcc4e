// A concept lens in the headless SVG export (`export --lens C3`): its layer
// over the picture and data-concept on exactly the objects the model says;
// a plain export has neither. And --hide-injected: the kube-api-access volumes
// left out, every other volume kept.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderSvg } from '../../../main/export/svg.ts';
import { buildModel } from '../../../main/model/build.ts';
import { loadDemo } from '../../../main/snapshot/demo-asset.ts';
import { CONCEPT_IDS } from '../../../renderer/teach/concepts.ts';
import { kindCluster } from '../../fixtures/anatomy-models.ts';
import { allPods, conceptTruth } from '../../fixtures/lens-truth.ts';
import { allElements, parseStrictXml } from './strict-xml.ts';

const demo = buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] });

describe('export --lens', () => {
  for (const concept of CONCEPT_IDS) {
    it(`${concept}: the layer, and data-concept on exactly what the model says`, () => {
      const elements = allElements(parseStrictXml(renderSvg(demo, { detail: 'full', lens: concept })));
      const marked = elements.filter((e) => e.attrs.has('data-concept'));
      assert.deepEqual(new Set(marked.map((e) => e.attrs.get('data-uid'))), conceptTruth(concept, demo));
      for (const e of marked) assert.equal(e.attrs.get('data-concept'), concept);
      const layers = elements.filter((e) => e.attrs.get('class') === 'ka-lens');
      assert.equal(layers.length, 1);
      const ring = elements.find((e) => e.attrs.get('class') === 'ka-lens-ring')!;
      assert.equal(Number(ring.attrs.get('data-count')), marked.length);
    });
  }

  it('a container the pods level does not draw is stood for by its pod', () => {
    const elements = allElements(parseStrictXml(renderSvg(demo, { detail: 'cards', lens: 'C9' })));
    const want = new Set<string>();
    for (const p of allPods(demo)) if (p.containers.some((c) => c.image.tagWarning)) want.add(p.uid);
    assert.deepEqual(new Set(elements.filter((e) => e.attrs.has('data-concept')).map((e) => e.attrs.get('data-uid'))), want);
  });

  it('a plain export has no layer and no marks, and is the lens export without them', () => {
    const plain = renderSvg(demo, { detail: 'full' });
    assert.ok(!plain.includes('ka-lens'));
    assert.ok(!plain.includes('data-concept'));
    const lens = renderSvg(demo, { detail: 'full', lens: 'C4' });
    const stripped = lens.replace(/<g [^>]*class="ka-lens"[^>]*>[\s\S]*?<\/g>/, '').replace(/ data-concept="[^"]*"/g, '');
    // Compared as a yes/no: a failed comparison of two 100 KiB strings says nothing a reader can use.
    assert.ok(stripped === plain, 'the lens export less its layer and marks is the plain export');
  });
});

describe('export --hide-injected', () => {
  it('leaves out the kube-api-access volumes and keeps every other one', () => {
    for (const model of [demo, kindCluster()]) {
      const volumes = (svg: string) => allElements(parseStrictXml(svg)).filter((e) => e.attrs.get('data-kind') === 'volume').map((e) => e.attrs.get('data-name')!);
      const kept = volumes(renderSvg(model, { detail: 'full' }));
      const hidden = volumes(renderSvg(model, { detail: 'full', injected: 'hidden' }));
      const injected = allPods(model).flatMap((p) => p.volumes).filter((v) => v.name.startsWith('kube-api-access-'));
      assert.ok(injected.length > 0);
      assert.equal(kept.length, allPods(model).flatMap((p) => p.volumes).length);
      assert.deepEqual(hidden, kept.filter((n) => !n.startsWith('kube-api-access-')));
    }
  });
});
