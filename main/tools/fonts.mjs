#!/usr/bin/env node
// Takes the page's font from the Pretendard package as its author publishes
// it (npm: pretendard, 72 MB, so not a dependency): for the two weights the
// app uses, the author's own WOFF2 subsets of Latin, digits, punctuation and
// symbols (with the commonest Hangul), unchanged, into assets/fonts/web/, and
// the @font-face rules into renderer/fonts.css. Each weight's other
// characters are one more face: the whole OpenType font in assets/fonts (the
// one exports use), for every code point the kept subsets do not cover.
//
// A page of the English interface then loads a few subsets of some 15 KB
// (four for the demo), where it decoded two 1.5 MB fonts at every start
// (about 200 ms of the renderer's CPU on two shared cores); Korean text loads
// the subsets it uses and, for a rarer syllable, the whole font as before.
// All 92 subsets of a weight as faces of their own (184 @font-face rules)
// made Chromium's style and layout of the first page 100-170 ms slower than
// the decoding they saved; the last 21 (71-91) hold every character the
// interface writes in English.
//
// The files are the author's, unchanged, under the OFL (its Reserved Font
// Name stays theirs). To take a newer release:
//
//   npm pack pretendard@1.3.9 && tar xzf pretendard-1.3.9.tgz
//   node main/tools/fonts.mjs package

import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = process.argv[2];
if (!pkg) {
  console.error('usage: node main/tools/fonts.mjs <unpacked pretendard package folder>');
  process.exit(2);
}
const version = JSON.parse(readFileSync(path.join(pkg, 'package.json'), 'utf8')).version;
const subsets = path.join(pkg, 'dist/web/static/woff2-dynamic-subset');
const css = readFileSync(path.join(pkg, 'dist/web/static/pretendard-dynamic-subset.css'), 'utf8');
const WEIGHTS = { Regular: 400, SemiBold: 600 };
/** The author's subsets run from rare to common characters; these are kept as faces of their own. */
const KEPT_FROM = 71;

/** The author's subsets of the two weights: file, weight, number, Unicode range. */
const all = [];
for (const [, body] of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
  const file = /woff2-dynamic-subset\/(Pretendard-(\w+)\.subset\.(\d+)\.woff2)/.exec(body);
  const range = /unicode-range:\s*([^;]+);/.exec(body);
  if (!file || !range || !(file[2] in WEIGHTS)) continue;
  all.push({ name: file[2], weight: WEIGHTS[file[2]], file: file[1], subset: Number(file[3]), range: range[1].trim() });
}

const out = path.join(root, 'assets/fonts/web');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const face = (weight, url, format, range) =>
  `@font-face{font-family:'Pretendard';font-style:normal;font-weight:${weight};font-display:block;src:url('${url}') format('${format}');unicode-range:${range}}`;
const faces = [];
let copied = 0;
for (const [name, weight] of Object.entries(WEIGHTS)) {
  const mine = all.filter((s) => s.name === name).sort((a, b) => a.subset - b.subset);
  if (mine.length === 0) throw new Error(`no subsets of Pretendard-${name} in ${subsets}`);
  for (const s of mine.filter((s) => s.subset >= KEPT_FROM)) {
    copyFileSync(path.join(subsets, s.file), path.join(out, s.file));
    copied++;
    faces.push(face(weight, `./fonts/web/${s.file}`, 'woff2', s.range));
  }
  // Every other code point, not only the left-out subsets' ranges: the author's subsets leave out some
  // 2,300 characters the whole font has (accented Latin, Greek, Cyrillic, ⚠, ✓), which it then sets too.
  const kept = mine.filter((s) => s.subset >= KEPT_FROM).flatMap((s) => intervals(s.range));
  faces.push(face(weight, `./fonts/Pretendard-${name}.otf`, 'opentype', complement(kept).map(rangeText).join(', ')));
}
/** "U+20-22, U+3f" as [[0x20, 0x22], [0x3f, 0x3f]]. */
function intervals(range) {
  return range.split(',').map((part) => {
    const [from, to] = part.trim().replace(/^U\+/i, '').split('-');
    return [parseInt(from, 16), parseInt(to ?? from, 16)];
  });
}

/** The code points of U+0..U+10FFFF outside `taken`, as sorted intervals. */
function complement(taken) {
  const out = [];
  let next = 0;
  for (const [from, to] of [...taken].sort((a, b) => a[0] - b[0])) {
    if (from > next) out.push([next, from - 1]);
    next = Math.max(next, to + 1);
  }
  if (next <= 0x10ffff) out.push([next, 0x10ffff]);
  return out;
}

function rangeText([from, to]) {
  return from === to ? `U+${from.toString(16)}` : `U+${from.toString(16)}-${to.toString(16)}`;
}

const header = `/* Pretendard ${version} (https://github.com/orioncactus/pretendard), Copyright (c) 2021 Kil Hyung-jin,
   with Reserved Font Name Pretendard, under the SIL Open Font License 1.1 (fonts/OFL-Pretendard.txt).
   The author's WOFF2 subsets of Latin, digits, punctuation and symbols, and the whole font for the rest:
   a page loads only what its text needs. Made by main/tools/fonts.mjs; do not edit. */
`;
writeFileSync(path.join(root, 'renderer/fonts.css'), `${header}${faces.join('\n')}\n`);
console.log(`fonts: ${copied} subsets of Pretendard ${version} into assets/fonts/web, ${faces.length} faces into renderer/fonts.css`);
