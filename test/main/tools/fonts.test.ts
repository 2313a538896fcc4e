// The page's font faces (renderer/fonts.css, made by main/tools/fonts.mjs):
// for each weight the app uses, every character of its two languages is
// covered by exactly one face, and each face's file is there to be served.

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

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
    const ranges = /unicode-range:([^;}]+)/
      .exec(body)![1]
      .split(',')
      .map((r) => r.trim().replace(/^U\+/i, ''))
      .map((r) => {
        const [from, to] = r.split('-');
        return [parseInt(from, 16), parseInt(to ?? from, 16)] as [number, number];
      });
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

  it('cover each character the layout measures once per weight: printable ASCII, the drawing’s own signs, Hangul', () => {
    // renderer/layout/text.ts: the characters whose advances it takes from the font.
    const wanted: number[] = [];
    for (let c = 0x20; c <= 0x7e; c++) wanted.push(c);
    for (let c = 0xac00; c <= 0xd7a3; c++) wanted.push(c);
    for (let c = 0x3131; c <= 0x318e; c++) wanted.push(c);
    wanted.push(0x2026, 0x00b7, 0x2192, 0x25cf, 0x2013, 0x2014, 0x00d7, 0x2022);
    for (const weight of [400, 600]) {
      const mine = all.filter((f) => f.weight === weight);
      const missing: string[] = [];
      const twice: string[] = [];
      for (const c of wanted) {
        const n = mine.filter((f) => f.ranges.some(([a, b]) => c >= a && c <= b)).length;
        if (n === 0) missing.push(c.toString(16));
        if (n > 1) twice.push(c.toString(16));
      }
      assert.deepEqual(missing.slice(0, 10), [], `weight ${weight}: characters no face covers`);
      assert.deepEqual(twice.slice(0, 10), [], `weight ${weight}: characters two faces cover`);
    }
  });
});
