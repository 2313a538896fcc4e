import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PictureTooLargeError, renderPixels, renderPng } from '../../../main/export/png.ts';
import { renderSvg } from '../../../main/export/svg.ts';
import { hostileCluster } from '../../fixtures/anatomy-models.ts';

function ihdr(png: Buffer): { width: number; height: number } {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(png.toString('latin1', 12, 16), 'IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

function inkIn(img: { width: number; pixels: Buffer }, x0: number, y0: number, x1: number, y1: number): number {
  let ink = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * img.width + x) * 4;
      // Dark pixels on the white background.
      if (img.pixels[i + 3] > 0 && img.pixels[i] < 128) ink++;
    }
  }
  return ink;
}

const text = (s: string, width = 200) =>
  `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="40" viewBox="0 0 ${width} 40" font-family="Pretendard, 'Noto Sans KR', sans-serif"><text x="10" y="28" font-size="20" fill="#000">${s}</text></svg>`;

describe('renderPng', () => {
  it('produces a PNG whose size is the SVG size times the scale', () => {
    const svg = renderSvg(hostileCluster());
    const width = Number(/ width="(\d+)"/.exec(svg)![1]);
    const height = Number(/ height="(\d+)"/.exec(svg)![1]);
    assert.deepEqual(ihdr(renderPng(svg)), { width, height });
    assert.deepEqual(ihdr(renderPng(svg, { scale: 2, background: '#ffffff' })), { width: width * 2, height: height * 2 });
  });

  it('refuses pictures too large to hold in memory, naming the largest scale that fits', () => {
    const huge = '<svg xmlns="http://www.w3.org/2000/svg" width="20000" height="20000" viewBox="0 0 20000 20000"/>';
    // 11,200 px square is 125 Mpx; 11,220 would pass 128. The SVG alone cannot say whether a coarser level would fit.
    assert.throws(() => renderPng(huge), (e: Error) => e instanceof PictureTooLargeError && e.message === 'The picture is 400 Mpx at scale 1; the limit is 128 Mpx. Export at --scale 0.56 or smaller.');
    assert.throws(() => renderPng(huge.replaceAll('20000', '4000'), { scale: 4 }), /256 Mpx at scale 4; .* --scale 2\.82 or smaller/);
  });

  it('refuses a too large picture from its root\'s size, before resvg parses it', () => {
    // Not even well-formed: resvg would fail on it, but the size is said first.
    const broken = '<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="60000" height="60000" viewBox="0 0 60000 60000"><g>';
    assert.throws(() => renderPng(broken), (e: Error) => e instanceof PictureTooLargeError && /only SVG can hold a picture this large/.test(e.message));
  });

  it('renders Korean text with the bundled font (no system fonts)', () => {
    const hangul = renderPixels(text('운영 클러스터'), { background: '#ffffff' });
    assert.equal(hangul.width, 200);
    const ink = inkIn(hangul, 0, 0, 200, 40);
    assert.ok(ink > 150, `Hangul drew ${ink} dark pixels`);
    // Different syllables draw different shapes (real glyphs)...
    const other = renderPixels(text('개발 클러스터'), { background: '#ffffff' });
    assert.notDeepEqual(other.pixels, hangul.pixels);
    // ...while Han characters, which Pretendard lacks, all draw the same
    // missing-glyph box: no system font was used to fill in.
    const han1 = renderPixels(text('中文'), { background: '#ffffff', warn: () => {} });
    const han2 = renderPixels(text('日本'), { background: '#ffffff', warn: () => {} });
    assert.deepEqual(han1.pixels, han2.pixels);
    const latin = renderPixels(text('kind-worker'), { background: '#ffffff' });
    assert.ok(inkIn(latin, 0, 0, 200, 40) > 100);
  });

  it('draws semibold text bolder than regular', () => {
    const weight = (w: number) =>
      inkIn(renderPixels(text('kind-control-plane').replace('font-size="20"', `font-size="20" font-weight="${w}"`), { background: '#ffffff' }), 0, 0, 200, 40);
    assert.ok(weight(600) > weight(400) * 1.1, `${weight(600)} vs ${weight(400)}`);
  });

  it('matches the layout\'s width estimate for bundled-font text', async () => {
    const { measureText } = await import('../../../renderer/layout/text.ts');
    const s = 'kube-controller-manager';
    const img = renderPixels(text(s, 400), { background: '#ffffff' });
    let right = 0;
    for (let x = 0; x < img.width; x++) if (inkIn(img, x, 0, x + 1, 40) > 0) right = x;
    const estimate = 10 + measureText(s, 20);
    assert.ok(Math.abs(right + 1 - estimate) < 4, `ink ends at ${right + 1}, estimate ${estimate}`);
  });
});
