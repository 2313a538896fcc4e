// The export draws a large cluster a node at a time (svg.ts): the frame with
// the nodes' pods left out, then each node on its own in its place. The text
// must be exactly that of one drawing of everything, at every detail, for
// clusters with unscheduled pods, claims shared across nodes, a node without
// pods, and hostile names.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { svgChunksOfLayout } from '../../../main/export/svg.ts';
import { serializeXml } from '../../../main/export/xml.ts';
import { buildModel } from '../../../main/model/index.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { layoutCluster } from '../../../renderer/layout/cluster.ts';
import type { Detail } from '../../../renderer/layout/types.ts';
import { drawCluster, SVG_NS } from '../../../renderer/draw/cluster.ts';
import { themeByName, type ThemeName } from '../../../renderer/draw/theme.ts';
import { paperContent, type PaperOptions } from '../../../renderer/draw/paper-content.ts';
import { drawPaper } from '../../../renderer/draw/paper.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { hostileCluster, kindCluster } from '../../fixtures/anatomy-models.ts';

/** What the export wrote before it drew in pieces: one DOM of everything, serialised once. */
function drawnAtOnce(model: AnatomyModel, layout: ReturnType<typeof layoutCluster>, theme: ThemeName, paper: PaperOptions = { legend: false, footer: false }): string {
  const { document } = parseHTML('<!doctype html><html><head></head><body></body></html>');
  const svg = document.createElementNS(SVG_NS, 'svg') as unknown as SVGSVGElement;
  document.body.appendChild(svg as unknown as Node);
  drawCluster(svg, model, layout, { theme, animate: false });
  // Then the paper (bare: only the alt text), as every export has it.
  drawPaper(svg, paperContent(model, layout, paper), themeByName(theme), layout);
  return '<?xml version="1.0" encoding="UTF-8"?>\n' + serializeXml(svg as unknown as Parameters<typeof serializeXml>[0], { xmlns: SVG_NS }) + '\n';
}

function generated(): AnatomyModel {
  // Six nodes with a node of no pods (one more node than pods fit on), pending pods and shared claims.
  const objects = generateClusterObjects({ nodes: 7, pods: 500, seed: 11 });
  const empty = structuredClone((objects.nodes ?? [])[1]!) as { metadata: { name: string; uid: string } };
  empty.metadata.name = 'kind-worker-empty';
  empty.metadata.uid = 'empty-node-uid';
  return buildModel({ ...objects, nodes: [...(objects.nodes ?? []), empty as never] }, { kind: 'snapshot', name: 'chunks.json', namespaces: [] });
}

const DETAILS = ['full', 'compact', 'cards'] as Detail[];

describe('the export drawn a node at a time', () => {
  for (const [name, make] of [['generated', generated], ['kind', kindCluster], ['hostile', hostileCluster]] as const) {
    it(`${name}: the same text as one drawing of everything, at every detail`, () => {
      const model = make();
      assert.ok(model.unscheduled.length > 0 || name !== 'generated', 'the cluster has unscheduled pods');
      for (const detail of DETAILS) {
        for (const theme of ['light', 'dark', 'print'] as ThemeName[]) {
          const layout = layoutCluster(model, { detail });
          const pieces = [...svgChunksOfLayout(model, layout, theme)];
          assert.equal(pieces.join(''), drawnAtOnce(model, layout, theme), `${detail}, ${theme}`);
          // With the paper around it too (legend, title, footer).
          const paper: PaperOptions = { title: 'T', caption: 'C', time: new Date(0) };
          assert.equal([...svgChunksOfLayout(model, layout, theme, undefined, paper)].join(''), drawnAtOnce(model, layout, theme, paper), `${detail}, ${theme}, paper`);
          // Drawn in pieces indeed: one for each node at least.
          assert.ok(pieces.length >= model.nodes.length, `${pieces.length} pieces for ${model.nodes.length} nodes`);
        }
      }
    });
  }

  it('keeps no more of the model than its source and counts', () => {
    const model = generated();
    const layout = layoutCluster(model, { detail: 'compact' });
    const expected = drawnAtOnce(model, layout, 'light');
    // A model emptied after the pieces were asked for: the drawing must not need it.
    const pieces = svgChunksOfLayout(model, layout, 'light');
    for (const node of model.nodes) node.pods.length = 0;
    model.nodes.length = 0;
    model.unscheduled.length = 0;
    assert.equal([...pieces].join(''), expected);
  });
});
