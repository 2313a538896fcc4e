// The page's font faces (renderer/fonts.css, made by main/tools/fonts.mjs):
// for each weight the app uses, every character of its two languages is
// covered by exactly one face, and each face's file is there to be served.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { unicodeRanges } from '../../../main/common/unicode-range.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const css = readFileSync(path.join(ROOT, 'renderer', 'fonts.css'), 'utf8');

interface Face {
  weight: number;
  url: string;
  ranges: Array<[number, number]>;
}

function faces(): Face[] {
  return [...css.matchAll(/@font-face\{([^}]*)\}/g)].map(([, body]) => {
    const weight = Number(/font-weight:(\d+)/.exec(body)![1]);
    const url = /src:url\('([^']+)'\)/.exec(body)![1];
    const ranges = unicodeRanges(/unicode-range:([^;}]+)/.exec(body)![1]);
    return { weight, url, ranges };
  });
}

describe('the page’s font faces', () => {
  const all = faces();

  it('are Pretendard in the two weights the app uses, each face’s file in the assets the build copies', () => {
    assert.ok(all.length >= 4);
    assert.deepEqual([...new Set(all.map((f) => f.weight))].sort(), [400, 600]);
    for (const face of all) {
      // dist/renderer/fonts/ is assets/fonts/ (its OpenType files) and assets/fonts/web/ (the subsets), as the build copies them.
      assert.match(face.url, /^\.\/fonts\/(web\/Pretendard-\w+\.subset\.\d+\.woff2|Pretendard-\w+\.otf)$/);
      const file = path.join(ROOT, 'assets', face.url.slice(2));
      assert.ok(existsSync(file), `${face.url} is in the assets`);
    }
    assert.ok(!/font-display:(?!block)/.test(css), 'text waits for its face rather than showing a stand-in first');
  });

  it('the page preloads, for each weight, the face of basic Latin, and no other file', () => {
    const html = readFileSync(path.join(ROOT, 'renderer', 'index.html'), 'utf8');
    const preloads = [...html.matchAll(/<link rel="preload" href="([^"]+)" as="font" type="font\/woff2" crossorigin>/g)].map(([, href]) => href);
    assert.equal((html.match(/rel="preload"/g) ?? []).length, preloads.length, 'each preload is a font, asked for as @font-face asks (CORS), or it is fetched twice');
    const latin = [0x41, 0x5a, 0x61, 0x7a, 0x30, 0x39];
    for (const weight of [400, 600]) {
      const face = all.find((f) => f.weight === weight && latin.every((c) => f.ranges.some(([from, to]) => from <= c && c <= to)));
      assert.ok(face, `weight ${weight}: one face holds A-Z, a-z and 0-9`);
      assert.ok(preloads.includes(face.url), `weight ${weight}: ${face.url} is preloaded (${preloads.join(' ')})`);
    }
    assert.equal(preloads.length, 2);
  });

  it('cover every code point once per weight, so that no character of the font falls to a stand-in or to two faces', () => {
    for (const weight of [400, 600]) {
      const ranges = all
        .filter((f) => f.weight === weight)
        .flatMap((f) => f.ranges)
        .sort((a, b) => a[0] - b[0]);
      let next = 0;
      for (const [from, to] of ranges) {
        assert.equal(from, next, `weight ${weight}: ${from > next ? 'a gap' : 'an overlap'} at U+${Math.min(from, next).toString(16)}`);
        assert.ok(to >= from);
        next = to + 1;
      }
      assert.equal(next, 0x110000, `weight ${weight}: covered up to U+10FFFF`);
    }
  });

  it('take what the interface writes in English from the small subsets, not from the whole font', () => {
    // renderer/layout/text.ts measures these from the font; the canvas asks for them (scene-surface.ts).
    const signs = [...Array.from({ length: 95 }, (_, i) => 0x20 + i), 0x2026, 0x00b7, 0x2192, 0x25cf, 0x2013, 0x2014, 0x00d7, 0x2022];
    for (const weight of [400, 600]) {
      const whole = all.find((f) => f.weight === weight && f.url.endsWith('.otf'))!;
      const inWhole = signs.filter((c) => whole.ranges.some(([a, b]) => c >= a && c <= b)).map((c) => c.toString(16));
      assert.deepEqual(inWhole, [], `weight ${weight}`);
    }
  });
});
