// Pictures for paper (issue 11, items 2, 3 and 6): the legend follows what the
// picture uses, each part can be turned off, the print theme tells statuses
// apart by pattern as well as colour, and every export carries its alt text.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderSvg, type RenderSvgOptions } from '../../../main/export/svg.ts';
import { kindCluster, model, node } from '../../fixtures/anatomy-models.ts';
import { allElements, parseStrictXml, textOf, type XmlElement } from '../../main/export/strict-xml.ts';
import { interfaceEnglish, wordsOfValues } from '../../fixtures/i18n-words.ts';
import { altText } from '../../../renderer/draw/paper-content.ts';
import { layoutPaper } from '../../../renderer/draw/paper.ts';
import { wrapText } from '../../../renderer/layout/text.ts';
import { STATUS_MARKS } from '../../../renderer/draw/status-marks.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { buildModel } from '../../../main/model/index.ts';
import { isInjectedVolume } from '../../../main/model/injected.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { ALT_SHARED_LISTED } from '../../../renderer/draw/paper-content.ts';

const TIME = new Date(Date.UTC(2026, 11, 1, 21, 40));

function elements(m: AnatomyModel, options: RenderSvgOptions): XmlElement[] {
  return allElements(parseStrictXml(renderSvg(m, options)));
}

function byRole(list: XmlElement[], role: string): XmlElement[] {
  return list.filter((e) => e.attrs.get('data-role') === role);
}

function legendKinds(list: XmlElement[]): string[] {
  return list.filter((e) => e.attrs.get('class') === 'ka-legend-entry').map((e) => `${e.attrs.get('data-legend')}:${e.attrs.get('data-legend-tone') ?? e.attrs.get('data-legend-role') ?? ''}`);
}

/** One worker with two running pods, nothing shared and no control plane. */
function plainCluster(): AnatomyModel {
  return model([
    node({
      name: 'w1',
      ip: '10.0.0.2',
      cidr: '10.244.1.0/24',
      pods: [
        { name: 'a', ip: '10.244.1.2', status: 'Running', containers: [{ name: 'app', image: 'nginx:1.27' }], volumes: [{ name: 'cache', type: 'emptyDir', detail: 'emptyDir' }] },
        { name: 'b', ip: '10.244.1.3', status: 'Running', containers: [{ name: 'app', image: 'nginx:1.27' }] },
      ],
    }),
  ], [], 'plain');
}

describe('the legend', () => {
  it('lists what the picture uses: statuses, roles and shared volumes of the kind cluster', () => {
    const kinds = legendKinds(elements(kindCluster(), { detail: 'full', paper: { time: TIME } }));
    for (const k of ['status:ok', 'status:pending', 'status:failed', 'status:done', 'role:control-plane', 'role:worker', 'shared:', 'mount:', 'read-only:', 'claim:']) {
      assert.ok(kinds.includes(k), `${k} in ${kinds.join(', ')}`);
    }
  });

  it('leaves out what the picture does not use: no shared volume, no control plane, no failed pod', () => {
    const kinds = legendKinds(elements(plainCluster(), { detail: 'full', paper: { time: TIME } }));
    assert.deepEqual(kinds, ['status:ok', 'role:worker']);
  });

  it('says how the injected token volumes were drawn when they were not drawn as any volume', () => {
    assert.ok(legendKinds(elements(kindCluster(), { detail: 'full', injected: 'hidden', paper: { injected: 'hidden' } })).includes('injected:'));
    assert.ok(!legendKinds(elements(kindCluster(), { detail: 'full', paper: {} })).includes('injected:'));
  });
});

describe('title, caption, legend and footer', () => {
  const all = { title: 'Shared volumes', caption: 'Two containers, one volume.', time: TIME };

  it('draws each part with its class and role, and the footer names the source and the time', () => {
    const list = elements(kindCluster(), { detail: 'cards', paper: all });
    assert.equal(textOf(byRole(list, 'title')[0]), 'Shared volumes');
    assert.equal(textOf(byRole(list, 'caption')[0]), 'Two containers, one volume.');
    assert.equal(byRole(list, 'legend').length, 1);
    assert.equal(textOf(byRole(list, 'footer')[0]), 'Source: cluster kind-anatomy · 2026-12-01 21:40 UTC');
    // The picture itself moved down as one group, its semantic contract intact.
    const picture = byRole(list, 'picture')[0];
    assert.match(picture.attrs.get('transform') ?? '', /^translate\(0,\d+\)$/);
    assert.equal(allElements(picture).filter((e) => e.attrs.get('data-kind') === 'pod').length, 19);
  });

  it('each toggle removes its part, and title and caption are absent unless given', () => {
    const list = elements(kindCluster(), { detail: 'cards', paper: { legend: false, time: TIME } });
    assert.equal(byRole(list, 'legend').length, 0);
    assert.equal(byRole(list, 'footer').length, 1);
    assert.equal(byRole(list, 'title').length, 0);
    assert.equal(byRole(list, 'caption').length, 0);
    const noFooter = elements(kindCluster(), { detail: 'cards', paper: { footer: false, time: TIME } });
    assert.equal(byRole(noFooter, 'footer').length, 0);
    assert.equal(byRole(noFooter, 'legend').length, 1);
    const bare = parseStrictXml(renderSvg(kindCluster(), { detail: 'cards', paper: { legend: false, footer: false } }));
    assert.equal(allElements(bare).filter((e) => e.attrs.get('data-role') && ['paper', 'picture', 'legend', 'footer', 'title', 'caption'].includes(e.attrs.get('data-role')!)).length, 0);
    assert.equal(bare.attrs.get('viewBox'), renderSvg(kindCluster(), { detail: 'cards' }).match(/viewBox="([^"]+)"/)![1], 'nothing around: the size of the bare picture');
  });

  it('a footer without a time names the source only; the source is the model\'s own (so a redacted model\'s)', () => {
    const m = kindCluster();
    m.source = { ...m.source, kind: 'snapshot', name: 'pseudo-1a2b.json', namespaces: ['ns-77'] };
    const list = elements(m, { detail: 'cards', paper: {} });
    assert.equal(textOf(byRole(list, 'footer')[0]), 'Source: snapshot pseudo-1a2b.json, namespaces ns-77');
  });

  it('words from the cluster and the user reach the picture as text', () => {
    const svg = renderSvg(kindCluster(), { detail: 'cards', paper: { title: '<script>alert(1)</script>', caption: 'a & b <img src=x>' } });
    assert.doesNotMatch(svg, /<script|<img/);
    const list = allElements(parseStrictXml(svg));
    assert.equal(textOf(byRole(list, 'title')[0]), '<script>alert(1)</script>');
  });

  it('wraps a long caption within the picture\'s width', () => {
    const lines = wrapText('word '.repeat(80).trim(), 300, 14);
    assert.ok(lines.length > 3);
    assert.ok(lines.every((l) => l.length > 0));
    assert.equal(lines.join(' '), 'word '.repeat(80).trim());
    const geometry = layoutPaper({ lang: 'en', caption: 'x'.repeat(300), legend: [], alt: { title: '', desc: '' } }, { width: 400, height: 100 });
    assert.ok(geometry.caption.length > 1, 'a word longer than a line is cut');
    assert.ok(geometry.top > 0);
  });
});

describe('the print theme', () => {
  it('gives each status a pattern of its own, on every status mark, and no colour-only status', () => {
    assert.equal(new Set(Object.values(STATUS_MARKS)).size, Object.keys(STATUS_MARKS).length, 'one mark per status');
    for (const detail of ['full', 'cards', 'compact'] as const) {
      const list = elements(kindCluster(), { detail, theme: 'print', paper: { time: TIME } });
      const marks = list.filter((e) => e.attrs.get('class') === 'ka-stripe' || (e.attrs.get('class') === 'ka-frame' && /^url\(|^#/.test(e.attrs.get('fill') ?? '') && e.attrs.has('data-status-mark')));
      assert.ok(marks.length > 0, detail);
      const seen = new Map<string, string>();
      for (const m of marks) {
        const mark = m.attrs.get('data-status-mark');
        assert.ok(mark, `${detail}: a status mark without a shape: ${[...m.attrs].join(' ')}`);
        // The same fill always means the same mark: no two statuses share a look.
        const fill = m.attrs.get('fill')!;
        assert.equal(seen.get(fill) ?? mark, mark, `${detail}: fill ${fill}`);
        seen.set(fill, mark);
      }
      // Each patterned mark's pattern is defined, and the legend swatches carry the same marks.
      // A mark other than solid is drawn by its pattern (not only named), and that pattern is its shape.
      const patterns = new Map(list.filter((e) => e.name === 'pattern').map((e) => [`url(#${e.attrs.get('id')})`, e.attrs.get('data-status-mark')]));
      for (const [fill, mark] of seen) {
        if (mark === 'solid') continue;
        assert.equal(patterns.get(fill), mark, `${detail}: a ${mark} mark is filled with its pattern, not ${fill}`);
      }
      const swatches = list.filter((e) => e.attrs.get('class') === 'ka-legend-entry' && e.attrs.get('data-legend') === 'status');
      for (const s of swatches) assert.equal(s.children.find((c): c is XmlElement => typeof c !== 'string' && c.name === 'rect')?.attrs.get('data-status-mark'), STATUS_MARKS[s.attrs.get('data-legend-tone') as keyof typeof STATUS_MARKS]);
    }
  });

  it('is grey: every colour it writes has equal red, green and blue', () => {
    const svg = renderSvg(kindCluster(), { detail: 'full', theme: 'print', paper: { time: TIME } });
    const colours = new Set(svg.match(/#[0-9a-f]{6}\b/gi) ?? []);
    assert.ok(colours.size > 3);
    for (const c of colours) assert.ok(c.slice(1, 3) === c.slice(3, 5) && c.slice(3, 5) === c.slice(5, 7), `${c} is grey`);
  });

  it('the light and dark themes keep plain colours and no shape marks', () => {
    const list = elements(kindCluster(), { detail: 'full', theme: 'light' });
    assert.equal(list.filter((e) => e.attrs.has('data-status-mark')).length, 0);
    assert.equal(list.filter((e) => e.name === 'pattern').length, 0);
  });
});

describe('alt text', () => {
  function altOf(svg: string): { title: string; desc: string } {
    const root = parseStrictXml(svg);
    const [first, second] = root.children.filter((c): c is XmlElement => typeof c !== 'string');
    assert.equal(first.name, 'title', 'the <title> comes first');
    assert.equal(second.name, 'desc', 'the <desc> right after it');
    return { title: textOf(first), desc: textOf(second) };
  }

  it('every export carries a <title> and a <desc> that count nodes and pods and name what is shared', () => {
    const { title, desc } = altOf(renderSvg(kindCluster(), { detail: 'cards' }));
    assert.equal(title, 'Kube Anatomy: kind-anatomy');
    assert.match(desc, /: 3 nodes \(1 control plane, 2 workers\), 19 pods, 22 containers\./);
    assert.match(desc, /1 pod not on any node/);
    assert.match(desc, /Volume html of pod shop\/web-6d4cf56db6-x7k2p is shared by containers nginx, content-sync\./);
    assert.match(desc, /Claim shop\/shared-data is used by pods shop\/db-reader-0, shop\/db-writer-0\./);
  });

  it('says so when nothing is shared, and counts one node and two pods', () => {
    const { desc } = altOf(renderSvg(plainCluster(), { detail: 'full' }));
    assert.match(desc, /1 node \(0 control plane, 1 worker\), 2 pods, 2 containers\./);
    assert.match(desc, /Pods by status: 2 running and ready\./);
    assert.match(desc, /No volume is shared\./);
  });

  it('is in the picture\'s language: Korean, with the same counts and no interface English', () => {
    const m = kindCluster();
    const { title, desc } = altOf(renderSvg(m, { detail: 'cards', lang: 'ko' }));
    assert.equal(title, 'Kube Anatomy: kind-anatomy');
    assert.match(desc, /노드 3개\(컨트롤 플레인 1개, 워커 2개\), 파드 19개, 컨테이너 22개\./);
    assert.match(desc, /파드 shop\/web-6d4cf56db6-x7k2p의 볼륨 html을\(를\) 컨테이너 nginx, content-sync이\(가\) 함께 씁니다\./);
    assert.deepEqual(interfaceEnglish(desc, wordsOfValues(m)), []);
  });

  it('takes the title and caption given, and counts the injected token volumes instead of naming each', () => {
    const alt = altText(kindCluster(), 'en', { title: 'My title', caption: 'My caption.' });
    assert.equal(alt.title, 'My title');
    assert.ok(alt.desc.startsWith('My caption. '));
    assert.doesNotMatch(alt.desc, /kube-api-access/);
  });

  it('names the first shared volumes and counts the rest', () => {
    const m = buildModel(generateClusterObjects({ nodes: 4, pods: 120, seed: 3 }), { kind: 'snapshot', name: 'gen.json', namespaces: [] });
    const pods = [...m.nodes.flatMap((n) => n.pods), ...m.unscheduled];
    const shared = pods.flatMap((p) => p.volumes).filter((v) => v.shared && !isInjectedVolume(v)).length + m.sharedClaims.length;
    assert.ok(shared > ALT_SHARED_LISTED + 1, `${shared} shared volumes`);
    const { desc } = altText(m, 'en');
    assert.equal(desc.match(/ is shared by containers | is used by pods /g)?.length, ALT_SHARED_LISTED);
    assert.match(desc, new RegExp(`And ${shared - ALT_SHARED_LISTED} more shared volumes\\.`));
    assert.match(desc, new RegExp(`: 4 nodes \\(\\d+ control plane, \\d+ workers?\\), ${pods.length} pods`));
  });

  it('the Korean legend and footer have no interface English either', () => {
    const m = kindCluster();
    const list = elements(m, { detail: 'full', lang: 'ko', paper: { time: TIME, injected: 'collapsed' } });
    const words = [...byRole(list, 'legend'), ...byRole(list, 'footer')].flatMap((g) => allElements(g)).filter((e) => e.name === 'text').map(textOf);
    assert.ok(words.length > 5);
    for (const w of words) assert.deepEqual(interfaceEnglish(w, wordsOfValues(m)), [], w);
  });
});
