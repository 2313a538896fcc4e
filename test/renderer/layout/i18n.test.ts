// The picture in Korean: the layout writes its words in the language it is
// given and measures them as the bundled font sets them, so Korean labels fit
// their boxes as English ones do; a memo reused across languages gives what a
// fresh layout gives; and no interface English is left in a Korean picture.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildModel } from '../../../main/model/build.ts';
import { loadDemo } from '../../../main/snapshot/demo-asset.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { pictureCatalog } from '../../../main/i18n/catalogs/picture.ts';
import { layoutCluster } from '../../../renderer/layout/cluster.ts';
import { createLayoutMemo } from '../../../renderer/layout/memo.ts';
import { overviewLabels } from '../../../renderer/layout/lod.ts';
import { charAdvance } from '../../../renderer/layout/text.ts';
import type { ClusterLayout, Detail, Rect, TextItem } from '../../../renderer/layout/types.ts';
import { hostileCluster, kindCluster } from '../../fixtures/anatomy-models.ts';
import { interfaceEnglish, wordsOfValues } from '../../fixtures/i18n-words.ts';

/** Advance widths (em) by code point, read from an OpenType font's cmap (format 12) and hmtx. */
function fontAdvances(file: URL): Map<number, number> {
  const d = readFileSync(file);
  const tables = new Map<string, number>();
  for (let i = 0; i < d.readUInt16BE(4); i++) tables.set(d.toString('latin1', 12 + 16 * i, 16 + 16 * i), d.readUInt32BE(20 + 16 * i));
  const head = tables.get('head')!;
  const unitsPerEm = d.readUInt16BE(head + 18);
  const metrics = d.readUInt16BE(tables.get('hhea')! + 34);
  const hmtx = tables.get('hmtx')!;
  const advance = (glyph: number) => d.readUInt16BE(hmtx + 4 * Math.min(glyph, metrics - 1)) / unitsPerEm;
  const cmap = tables.get('cmap')!;
  const out = new Map<number, number>();
  for (let i = 0; i < d.readUInt16BE(cmap + 2); i++) {
    const sub = cmap + d.readUInt32BE(cmap + 8 + 8 * i);
    if (d.readUInt16BE(sub) !== 12) continue;
    for (let g = 0; g < d.readUInt32BE(sub + 12); g++) {
      const at = sub + 16 + 12 * g;
      const [start, end, glyph] = [d.readUInt32BE(at), d.readUInt32BE(at + 4), d.readUInt32BE(at + 8)];
      for (let cp = start; cp <= end; cp++) out.set(cp, advance(glyph + cp - start));
    }
  }
  return out;
}

const FONTS = {
  400: fontAdvances(new URL('../../../assets/fonts/Pretendard-Regular.otf', import.meta.url)),
  600: fontAdvances(new URL('../../../assets/fonts/Pretendard-SemiBold.otf', import.meta.url)),
} as const;

/** Width of a text as the bundled font sets it (no kerning, as the layout assumes); undefined when the font lacks a character. */
function fontWidth(t: TextItem): number | undefined {
  let em = 0;
  for (const ch of t.text) {
    const a = FONTS[t.weight].get(ch.codePointAt(0)!);
    if (a === undefined) return undefined;
    em += a;
  }
  return em * t.size;
}

const demo = (): AnatomyModel => buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] });

describe('measuring Korean', () => {
  it('measures every Hangul syllable as the bundled fonts advance it, in both weights', () => {
    for (const weight of [400, 600] as const) {
      for (let cp = 0xac00; cp <= 0xd7a3; cp++) {
        const font = FONTS[weight].get(cp);
        assert.ok(font !== undefined && Math.abs(charAdvance(cp, weight) - font) < 0.001, `U+${cp.toString(16)} at ${weight}: ${charAdvance(cp, weight)} em, the font ${font}`);
      }
    }
  });

  it('measures every character the Korean picture writes as the font does', () => {
    const chars = new Set([...Object.values(pictureCatalog.ko).join('').replace(/\{\w+\}/g, '')].concat([...'0123456789']));
    for (const ch of chars) {
      const cp = ch.codePointAt(0)!;
      for (const weight of [400, 600] as const) {
        const font = FONTS[weight].get(cp);
        assert.ok(font !== undefined, `the bundled font has ${JSON.stringify(ch)}`);
        assert.ok(Math.abs(charAdvance(cp, weight) - font) < 0.001, `${JSON.stringify(ch)} at ${weight}: ${charAdvance(cp, weight)} em, the font ${font}`);
      }
    }
  });
});

/** Every text item with the box it is drawn in. */
function textsInBoxes(layout: ClusterLayout): { text: TextItem; box: Rect; where: string }[] {
  const out: { text: TextItem; box: Rect; where: string }[] = [];
  const whole = { x: 0, y: 0, width: layout.width, height: layout.height };
  for (const t of layout.header) out.push({ text: t, box: whole, where: 'header' });
  for (const b of [...layout.bands, ...layout.nodes, ...layout.pods, ...layout.containers, ...layout.volumes]) {
    const where = `${'kind' in b ? b.kind : 'band'} ${'name' in b ? b.name : b.id}`;
    for (const t of b.texts) out.push({ text: t, box: b, where });
    for (const p of 'pills' in b ? b.pills : []) out.push({ text: p.text, box: p, where: `${where} pill ${p.key}` });
  }
  return out;
}

describe('a Korean picture', () => {
  for (const detail of ['full', 'cards', 'compact'] as Detail[]) {
    it(`fits its words in their boxes as the font sets them (${detail})`, () => {
      const layout = layoutCluster(demo(), { detail, lang: 'ko' });
      let korean = 0;
      for (const { text, box, where } of textsInBoxes(layout)) {
        const width = fontWidth(text);
        if (width === undefined || text.text === '') continue;
        if (/[\uac00-\ud7a3]/.test(text.text)) korean++;
        const left = text.anchor === 'start' ? text.x : text.anchor === 'end' ? text.x - width : text.x - width / 2;
        assert.ok(left >= box.x - 0.5 && left + width <= box.x + box.width + 0.5, `${where}: "${text.text}" (${width.toFixed(1)} wide from ${left.toFixed(1)}) leaves its box ${box.x}..${box.x + box.width}`);
      }
      assert.ok(korean > 0, 'some words are Korean');
    });
  }

  it('says the bands, counts, states and tooltips in Korean, leaving the cluster\'s values as they are', () => {
    const model = kindCluster();
    const en = layoutCluster(model, { detail: 'full' });
    const ko = layoutCluster(model, { detail: 'full', lang: 'ko' });
    assert.equal(en.lang, undefined);
    assert.equal(ko.lang, 'ko');
    const titles = (l: ClusterLayout) => l.bands.map((b) => b.texts[0].text);
    assert.match(titles(en).join('\n'), /^Control plane · 1 node · \d+ pods\nWorkers · 2 nodes/);
    assert.match(titles(ko).join('\n'), /^컨트롤 플레인 · 노드 1개 · 파드 \d+개\n워커 노드 · 노드 2개/);
    // The same objects, in the same places: names, IPs and statuses unchanged.
    assert.deepEqual(ko.pods.map((p) => [p.uid, p.name, p.ip, p.status]), en.pods.map((p) => [p.uid, p.name, p.ip, p.status]));
    const pod = ko.pods.find((p) => p.ip)!;
    assert.match(pod.tooltip, new RegExp(`^파드 ${pod.namespace}/${pod.name}\\n상태: `));
    // A volume's source is a message of the model's (volume.source.claim): said in the picture's language, the claim's name as it is.
    const claimed = (l: ClusterLayout) => l.volumes.filter((v) => v.claim).map((v) => v.texts.find((x) => x.key === 'detail')?.text);
    assert.deepEqual(claimed(en), ['claim shared-data · +1 pod', 'claim shared-data · +1 pod']);
    assert.deepEqual(claimed(ko), ['퍼시스턴트 볼륨 클레임 shared-data · 파드 1개 더', '퍼시스턴트 볼륨 클레임 shared-data · 파드 1개 더']);
  });

  for (const [name, make] of [['demo', demo], ['kind', kindCluster], ['hostile', hostileCluster]] as const) {
    it(`has no interface English in its texts, labels and tooltips (${name})`, () => {
      const model = make();
      const values = wordsOfValues(model);
      for (const detail of ['full', 'cards', 'compact'] as Detail[]) {
        const layout = layoutCluster(model, { detail, lang: 'ko' });
        const words = [
          ...textsInBoxes(layout).map((t) => t.text.text),
          ...[...layout.nodes, ...layout.pods, ...layout.containers, ...layout.volumes].flatMap((b) => [b.label, b.tooltip]),
          ...overviewLabels(layout, 0.2).flatMap((l) => l.texts.map((t) => t.text)),
        ];
        const english = words.flatMap((w) => interfaceEnglish(w, values).map((e) => `${e} in "${w}"`));
        assert.deepEqual(english, [], `${detail}`);
      }
    });
  }

  it('is laid out by a memo used in both languages as without one', () => {
    const model = demo();
    const memo = createLayoutMemo();
    // The same detail from one language to the next: a grid kept from the other language would show.
    for (const detail of ['full', 'cards'] as Detail[]) {
      for (const lang of ['en', 'ko', 'en', 'ko'] as const) {
        assert.deepEqual(layoutCluster(model, { detail, lang }, memo), layoutCluster(model, { detail, lang }), `${lang} ${detail}`);
      }
    }
  });
});
