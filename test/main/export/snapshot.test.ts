// Reviewed SVG snapshots of the fixture clusters. The files under
// test/fixtures/svg/ were rendered once, converted to PNG and looked at; this
// test keeps the output identical to them. After an intended change, rewrite
// them with UPDATE_SNAPSHOTS=1, and look at the pictures again. They are laid
// out for export's default shape, 16:9.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { renderSvg, type RenderSvgOptions } from '../../../main/export/svg.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { hostileCluster, kindCluster } from '../../fixtures/anatomy-models.ts';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../fixtures/svg');
const update = process.env.UPDATE_SNAPSHOTS === '1';

const cases: Array<[string, () => AnatomyModel, RenderSvgOptions]> = [
  ['kind-light.svg', kindCluster, { theme: 'light' }],
  ['kind-dark.svg', kindCluster, { theme: 'dark' }],
  ['kind-compact-light.svg', kindCluster, { theme: 'light', detail: 'compact' }],
  ['kind-pods-light.svg', kindCluster, { theme: 'light', detail: 'cards' }],
  ['hostile-dark.svg', hostileCluster, { theme: 'dark' }],
];

describe('SVG snapshots', () => {
  for (const [file, model, options] of cases) {
    it(file, () => {
      const svg = renderSvg(model(), options);
      const target = path.join(dir, file);
      if (update) {
        mkdirSync(dir, { recursive: true });
        writeFileSync(target, svg);
      }
      assert.ok(existsSync(target), `${file} missing: run with UPDATE_SNAPSHOTS=1 and review the picture`);
      assert.equal(svg, readFileSync(target, 'utf8'), `${file} changed; if intended, UPDATE_SNAPSHOTS=1 and review`);
    });
  }
});
