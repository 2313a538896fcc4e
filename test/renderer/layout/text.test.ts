import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { charAdvance, cleanLabel, measuredText, measureText, truncateMeasured, truncateText } from '../../../renderer/layout/text.ts';

describe('measureText', () => {
  it('uses the bundled font advances for Latin text', () => {
    // Pretendard Regular: "i" 218, "W" 915, " " 251 thousandths of an em.
    assert.equal(measureText('i', 10), 2.18);
    assert.equal(measureText('W', 10), 9.15);
    assert.equal(measureText('iW ', 1000), 218 + 915 + 251);
    assert.ok(measureText('nginx', 12, 600) > measureText('nginx', 12, 400), 'semibold is wider');
    assert.equal(measureText('', 12), 0);
  });

  it('treats Hangul as 0.864 em and CJK as full width', () => {
    assert.equal(measureText('한국', 10), 17.28);
    assert.equal(measureText('中文', 10), 20);
    assert.equal(charAdvance('😀'.codePointAt(0)!, 400), 1);
    assert.equal(measureText('😀', 10), 10, 'an astral character counts once');
  });

  it('is deterministic and additive', () => {
    const s = 'kube-controller-manager-kind-control-plane';
    assert.equal(measureText(s, 13, 600), measureText(s, 13, 600));
    assert.ok(Math.abs(measureText(s + s, 11) - 2 * measureText(s, 11)) < 1e-9);
  });
});

describe('truncateText', () => {
  it('returns text that fits unchanged', () => {
    assert.equal(truncateText('coredns', 200, 12), 'coredns');
  });

  it('cuts with an ellipsis so the result fits', () => {
    const s = 'kube-controller-manager-kind-control-plane';
    for (const width of [20, 50, 100, 150]) {
      const out = truncateText(s, width, 12, 600);
      assert.ok(out.endsWith('…'), out);
      assert.ok(measureText(out, 12, 600) <= width, `${out} fits ${width}`);
      assert.ok(s.startsWith(out.slice(0, -1)));
    }
    assert.equal(truncateText(s, 3, 12), '', 'nothing fits');
  });

  it('never splits a surrogate pair or a Hangul syllable', () => {
    const out = truncateText('😀😀😀😀😀😀', 35, 10);
    assert.equal(out, '😀😀…');
    assert.equal(truncateText('운영 클러스터 이름', 50, 10), '운영 클러…');
  });
});

describe('truncateMeasured', () => {
  it('cuts a text measured once as truncateText cuts it, at any width and size, on its cut points too', () => {
    // Seeded: ASCII, Hangul, emoji (surrogate pairs), a lone surrogate, control and zero-width characters, spaces.
    const pieces = ['a', 'W', 'i', '-', ' ', '.', '운', '영', '😀', '\ud800', '\u0007', '\u200b', '…', 'ß', '中'];
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    let cut = 0;
    for (let run = 0; run < 400; run++) {
      let text = '';
      const length = Math.floor(random() * 40);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
      for (const weight of [400, 600] as const) {
        const m = measuredText(text, weight);
        for (let j = 0; j < 6; j++) {
          const size = 6 + Math.round(random() * 400) / 10;
          // Random widths, and widths right on each cut point (the advances before it and an ellipsis, summed as truncateText sums).
          const widths = [random() * measureText(text, size, weight) * 1.2];
          let used = 0;
          for (const ch of text) {
            widths.push(used + charAdvance(0x2026, weight) * size);
            used += charAdvance(ch.codePointAt(0)!, weight) * size;
          }
          for (const width of widths) {
            const want = truncateText(text, width, size, weight);
            assert.equal(truncateMeasured(m, width, size), want, `${JSON.stringify(text)} in ${width} at ${size}`);
            if (want !== text) cut++;
          }
        }
      }
    }
    assert.ok(cut > 20_000, `${cut} texts cut`);
  });
});

describe('cleanLabel', () => {
  it('shows bidi overrides and zero-width characters as markers, and measures what it shows', () => {
    assert.equal(cleanLabel('evil\u202Egnp.sh'), 'evil‹U+202E›gnp.sh');
    assert.equal(cleanLabel(' a\u200B\tb '), 'a‹U+200B› b');
    assert.ok(measureText(cleanLabel('a\u2066b'), 12) > measureText('ab', 12));
  });

  it('flattens control characters and line breaks into single spaces', () => {
    assert.equal(cleanLabel('  a\nb\t\tc\u0000d\u2028e  '), 'a b c d e');
  });

  it('caps huge strings and accepts non-strings', () => {
    assert.equal(cleanLabel('x'.repeat(100_000)).length, 400);
    assert.equal(cleanLabel(undefined), '');
    assert.equal(cleanLabel(null), '');
    assert.equal(cleanLabel(42), '42');
  });

  it('drops unpaired surrogates, which XML cannot carry', () => {
    assert.equal(cleanLabel('a\ud800b'), 'ab');
    assert.equal(cleanLabel('😀'), '😀');
  });

  it('keeps markup as plain characters', () => {
    assert.equal(cleanLabel('<script>alert(1)</script>'), '<script>alert(1)</script>');
  });
});
