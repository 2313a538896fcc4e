#!/usr/bin/env node
// Renders assets/icon.svg to the PNGs electron-builder packages: assets/icon.png
// (1024 px; macOS .icns and Windows .ico are derived from it) and
// assets/icons/NxN.png for Linux. Run after changing the SVG; the PNGs are
// committed so packaging needs no renderer.
//
//   node main/tools/icons.mjs

import { Resvg } from '@resvg/resvg-js';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const svg = readFileSync(path.join(root, 'assets/icon.svg'), 'utf8');
export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

function render(size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng();
}

mkdirSync(path.join(root, 'assets/icons'), { recursive: true });
for (const size of ICON_SIZES) {
  writeFileSync(path.join(root, `assets/icons/${size}x${size}.png`), render(size));
}
writeFileSync(path.join(root, 'assets/icon.png'), render(1024));
console.log(`icons: assets/icon.png and ${ICON_SIZES.length} sizes in assets/icons/`);
