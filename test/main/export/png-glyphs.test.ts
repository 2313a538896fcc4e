// The PNG is drawn with the bundled fonts only, so a character they lack
// (Han, Arabic, emoji…) is an empty box in it. That is said once, as a warning
// naming how many characters and a few of them; the SVG keeps them as text.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { characterName, covers, fontsCoverage, missingGlyphs, readCmapCoverage } from '../../../main/export/glyphs.ts';
import { fontFiles } from '../../../main/export/fonts.ts';
import { missingGlyphsWarning, renderPixels, renderPng } from '../../../main/export/png.ts';
import { renderSvg } from '../../../main/export/svg.ts';
import { readFileSync } from 'node:fs';
import { hostileCluster } from '../../fixtures/anatomy-models.ts';

const coverage = fontsCoverage(fontFiles());
const svgOf = (body: string, lang = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<svg${lang ? ` lang="${lang}"` : ''} xmlns="http://www.w3.org/2000/svg" width="300" height="40" viewBox="0 0 300 40" font-family="Pretendard, sans-serif">${body}</svg>\n`;

describe('the bundled fonts\' coverage, from their cmap', () => {
  it('has Latin, Hangul and the picture\'s symbols, not Han, Arabic or emoji', () => {
    for (const c of ['A', 'z', '0', '가', '힣', 'ㄱ', 'é', '→', '…', '·', '—', '●']) assert.ok(covers(coverage, c.codePointAt(0)!), c);
    for (const c of ['中', '文', '本', 'ا', '😀', '\u{1F680}']) assert.ok(!covers(coverage, c.codePointAt(0)!), c);
  });

  it('reads each font file alike', () => {
    const [regular, semibold] = fontFiles().map((f) => readCmapCoverage(readFileSync(f)));
    assert.deepEqual(regular, semibold);
  });
});

describe('missingGlyphs', () => {
  it('counts the characters of drawn text only, not of tooltips, descriptions or attributes', () => {
    const svg = svgOf(
      '<title>中文 title</title><desc>日本 desc</desc>' +
        '<g data-name="🚀 attribute" aria-label="العربية"><title>tooltip 😀</title>' +
        '<text x="1" y="20">web-中 <tspan>😀😀 and 中</tspan></text><text x="1" y="30">ok 가나 →</text></g>',
    );
    assert.deepEqual(missingGlyphs(svg, coverage), { distinct: 2, occurrences: 4, examples: ['中', '😀'] });
  });

  it('finds nothing in Latin and Hangul, nor in invisible characters a shaper hides', () => {
    assert.equal(missingGlyphs(svgOf('<text>kind-worker 운영 클러스터 · 3 pods →</text>'), coverage), null);
    assert.equal(missingGlyphs(svgOf('<text>a\u200db\ufe0fc\u202ed\u00ade</text>'), coverage), null);
  });

  it('keeps a few examples, in order of appearance', () => {
    const many = [...'中文日本語汉字アラビア'].filter((c) => !covers(coverage, c.codePointAt(0)!)).join('');
    const found = missingGlyphs(svgOf(`<text>${many}</text>`), coverage)!;
    assert.equal(found.distinct, [...many].length);
    assert.deepEqual(found.examples, [...many].slice(0, 5));
  });

  it('names a character with its code point', () => {
    assert.equal(characterName('中'), '中 U+4E2D');
    assert.equal(characterName('😀'), '😀 U+1F600');
  });
});

describe('the warning of renderPng', () => {
  it('says how many characters, a few of them, that they show as boxes in the PNG and that the SVG keeps them', () => {
    const warnings: string[] = [];
    renderPng(svgOf('<text x="1" y="20">本番 cluster 😀 中文 中</text>'), { warn: (w) => warnings.push(w) });
    assert.equal(warnings.length, 1);
    assert.equal(
      warnings[0],
      "5 different characters of the picture's text are not in the bundled font (Pretendard), such as 本 U+672C, 番 U+756A, 😀 U+1F600, 中 U+4E2D, 文 U+6587: the PNG shows them as empty boxes. An SVG export keeps them as text.",
    );
  });

  it('says one character as one', () => {
    const warnings: string[] = [];
    renderPixels(svgOf('<text x="1" y="20">ok 😀</text>'), { warn: (w) => warnings.push(w) });
    assert.deepEqual(warnings, ["A character of the picture's text is not in the bundled font (Pretendard), 😀 U+1F600: the PNG shows it as an empty box. An SVG export keeps it as text."]);
  });

  it('is said in the picture\'s language: its root\'s lang, or the one asked for', () => {
    const warnings: string[] = [];
    renderPixels(svgOf('<text x="1" y="20">中文</text>', 'ko'), { warn: (w) => warnings.push(w) });
    renderPixels(svgOf('<text x="1" y="20">中文</text>'), { lang: 'ko', warn: (w) => warnings.push(w) });
    assert.equal(warnings.length, 2);
    for (const w of warnings) assert.equal(w, '그림의 글자 중 서로 다른 2자가 내장 글꼴(Pretendard)에 없습니다(예: 中 U+4E2D, 文 U+6587). PNG에서는 빈 네모로 보이며, SVG로 내보내면 글자 그대로 남습니다.');
  });

  it('is not said for a picture the fonts draw whole', () => {
    const warnings: string[] = [];
    renderPng(renderSvg(hostileCluster()), { warn: (w) => warnings.push(w) });
    renderPng(svgOf('<title>中文</title><text x="1" y="20">운영 클러스터</text>'), { warn: (w) => warnings.push(w) });
    assert.deepEqual(warnings, []);
    assert.equal(missingGlyphsWarning(svgOf('<text>kind</text>'), 'en'), undefined);
  });
});
