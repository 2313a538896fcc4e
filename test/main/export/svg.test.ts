import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DOMParser } from 'linkedom';
import { renderSvg } from '../../../main/export/svg.ts';
import { buildModel } from '../../../main/model/build.ts';
import { HOSTILE_IMG, HOSTILE_SCRIPT, hostileCluster, kindCluster } from '../../fixtures/anatomy-models.ts';
import { allElements, parseStrictXml, textOf } from './strict-xml.ts';

describe('renderSvg', () => {
  it('produces a standalone, well-formed SVG document', () => {
    const svg = renderSvg(kindCluster());
    assert.ok(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg '));
    const root = parseStrictXml(svg);
    assert.equal(root.name, 'svg');
    assert.equal(root.attrs.get('xmlns'), 'http://www.w3.org/2000/svg');
    const [w, h] = [Number(root.attrs.get('width')), Number(root.attrs.get('height'))];
    assert.ok(w > 500 && h > 500);
    assert.equal(root.attrs.get('viewBox'), `0 0 ${w} ${h}`);
    assert.equal(root.attrs.get('font-family'), "Pretendard, 'Noto Sans KR', 'Apple SD Gothic Neo', system-ui, sans-serif");
    const elements = allElements(root);
    assert.ok(!elements.some((e) => e.name === 'style' || e.name === 'image' || e.name === 'foreignObject' || e.attrs.has('href')), 'nothing external');
    assert.equal(elements.filter((e) => e.attrs.get('data-kind') === 'pod').length, 19);
    assert.equal(textOf(elements.find((e) => e.name === 'title')!), 'Kube Anatomy: kind-anatomy');
  });

  it('escapes hostile strings: they round-trip as text and create no element', () => {
    const svg = renderSvg(hostileCluster());
    const root = parseStrictXml(svg);
    const elements = allElements(root);
    assert.ok(!elements.some((e) => e.name === 'script' || e.name === 'img'));
    const texts = elements.filter((e) => e.name === 'text').map(textOf);
    assert.ok(texts.includes(HOSTILE_SCRIPT));
    assert.ok(texts.includes(HOSTILE_IMG));
    const pod = elements.find((e) => e.attrs.get('data-kind') === 'pod' && e.attrs.get('data-name') === HOSTILE_SCRIPT)!;
    assert.equal(pod.attrs.get('data-namespace'), HOSTILE_IMG);
    assert.equal(elements.find((e) => e.attrs.get('data-kind') === 'node')!.attrs.get('data-name'), HOSTILE_IMG);
    assert.ok(elements.some((e) => e.attrs.get('data-name') === `${HOSTILE_IMG}&lt;`), 'an entity-like name stays literal');
    // Nothing unescaped in the raw text either.
    assert.doesNotMatch(svg, /<script|<img/);
    // Korean text survives.
    assert.ok(texts.some((t) => t.startsWith('운영 클러스터')));

    // linkedom's XML parser agrees.
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    assert.equal(doc.querySelectorAll('script').length, 0);
    assert.equal(doc.querySelectorAll('img').length, 0);
    assert.ok(Array.from(doc.querySelectorAll('text') as ArrayLike<Element>).some((t) => t.textContent === HOSTILE_SCRIPT));
  });

  it('labels nodes with their roles as kubectl ROLES shows them; data-role keeps control-plane or worker', () => {
    const label = (key: string, value = '') => ({ metadata: { name: key.split('/').pop() || value, labels: { [key]: value } } });
    const model = buildModel(
      {
        nodes: [label('node-role.kubernetes.io/edge'), label('kubernetes.io/role', 'legacy'), label('node-role.kubernetes.io/master'), { metadata: { name: 'plain' } }],
        gaps: [],
      },
      { kind: 'snapshot', name: 'roles', namespaces: [] },
    );
    const elements = allElements(parseStrictXml(renderSvg(model)));
    const nodes = new Map(
      elements
        .filter((e) => e.attrs.get('data-kind') === 'node')
        .map((e) => [e.attrs.get('data-name'), { role: e.attrs.get('data-role'), pill: textOf(allElements(e).find((c) => c.attrs.get('data-pill') === 'role')!) }]),
    );
    assert.deepEqual(Object.fromEntries(nodes), {
      edge: { role: 'worker', pill: 'edge' },
      role: { role: 'worker', pill: 'legacy' },
      master: { role: 'control-plane', pill: 'master' },
      plain: { role: 'worker', pill: '<none>' },
    });
  });

  it('shows bidi overrides in cluster strings as markers in every text, tooltip and label of the picture', () => {
    const model = kindCluster();
    const node = model.nodes[1];
    const pod = node.pods[0];
    node.name = 'worker\u2066-1';
    pod.name = 'invoice\u202Efdp.exe';
    pod.containers[0].name = 'app\u200B';
    const root = parseStrictXml(renderSvg(model));
    const shown = allElements(root).flatMap((e) => [...(e.name === 'text' || e.name === 'title' ? [textOf(e)] : []), e.attrs.get('aria-label') ?? '']);
    assert.deepEqual(shown.filter((t) => /\p{Cf}/u.test(t)), [], 'no invisible format character is shown as is');
    const texts = allElements(root).filter((e) => e.name === 'text').map(textOf);
    assert.ok(texts.includes('worker‹U+2066›-1'));
    assert.ok(texts.includes('invoice‹U+202E›fdp.exe'));
    assert.ok(texts.includes('app‹U+200B›'));
  });

  it('is deterministic', () => {
    assert.equal(renderSvg(kindCluster(), { theme: 'dark' }), renderSvg(kindCluster(), { theme: 'dark' }));
    assert.notEqual(renderSvg(kindCluster(), { theme: 'dark' }), renderSvg(kindCluster(), { theme: 'light' }));
  });

  it('renders compact detail with pods as tiles', () => {
    const root = parseStrictXml(renderSvg(kindCluster(), { detail: 'compact' }));
    const elements = allElements(root);
    assert.equal(root.attrs.get('data-detail'), 'compact');
    assert.equal(elements.filter((e) => e.attrs.get('data-kind') === 'pod').length, 19);
    assert.equal(elements.filter((e) => e.attrs.get('data-kind') === 'container').length, 0);
  });
});
