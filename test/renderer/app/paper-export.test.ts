// The app's picture options (issue 11): the Export menu's choices read from
// the page, the legend read back from a drawn picture equal to the one the
// command line's export makes from its layout, and the paper around the
// app's export, with the print theme drawn afresh.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { layoutCluster } from '../../../renderer/layout/cluster.ts';
import { drawCluster, SVG_NS } from '../../../renderer/draw/cluster.ts';
import { legendOf } from '../../../renderer/draw/paper-content.ts';
import { legendOfDrawing } from '../../../renderer/draw/paper.ts';
import { wordsFor } from '../../../renderer/layout/words.ts';
import { DEFAULT_PAPER, paperedPicture, readPaperChoice } from '../../../renderer/app/paper-export.ts';
import { kindCluster } from '../../fixtures/anatomy-models.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import type { Detail } from '../../../renderer/layout/types.ts';

const OPTIONS = `<input type="checkbox" id="paper-legend" checked><input type="checkbox" id="paper-footer" checked><input type="checkbox" id="paper-print"><input id="paper-title"><input id="paper-caption">`;

function page(body = OPTIONS): Document {
  const { document } = parseHTML(`<!doctype html><html><body>${body}</body></html>`);
  // linkedom has no XMLSerializer; the export only needs an element's outer XML.
  (globalThis as unknown as { XMLSerializer: unknown }).XMLSerializer ??= class {
    serializeToString(node: Element): string {
      return node.outerHTML;
    }
  };
  return document as unknown as Document;
}

function drawn(doc: Document, model: AnatomyModel, detail: Detail, lang: 'en' | 'ko' = 'en') {
  const layout = layoutCluster(model, { detail, lang });
  const svg = doc.createElementNS(SVG_NS, 'svg') as SVGSVGElement;
  doc.body.appendChild(svg);
  drawCluster(svg, model, layout, { theme: 'light', animate: false });
  return { svg, layout, width: layout.width, height: layout.height };
}

test('the legend read from a drawing is the one its layout gives, in its language', () => {
  for (const detail of ['full', 'cards', 'compact'] as Detail[]) {
    for (const lang of ['en', 'ko'] as const) {
      const { svg, layout } = drawn(page(), kindCluster(), detail, lang);
      assert.deepEqual(legendOfDrawing(svg, 'collapsed'), legendOf(layout, 'collapsed', wordsFor(lang)), `${detail} ${lang}`);
    }
  }
});

test('the choices come from the Export menu, the defaults without it', () => {
  assert.deepEqual(readPaperChoice(page('')), DEFAULT_PAPER);
  const doc = page();
  (doc.getElementById('paper-legend') as HTMLInputElement).checked = false;
  (doc.getElementById('paper-print') as HTMLInputElement).checked = true;
  (doc.getElementById('paper-title') as HTMLInputElement).value = '  Shared volumes ';
  assert.deepEqual(readPaperChoice(doc), { legend: false, footer: true, print: true, title: 'Shared volumes', caption: '' });
  // Characters XML cannot hold (a pasted control character, a pair cut in half) become spaces; a tab stays.
  (doc.getElementById('paper-title') as HTMLInputElement).value = 'a\u0001b\u0007';
  (doc.getElementById('paper-caption') as HTMLInputElement).value = 'x\ty \ud83d end';
  assert.deepEqual(readPaperChoice(doc), { legend: false, footer: true, print: true, title: 'a b', caption: 'x\ty   end' });
});

test('the app\'s export has the paper asked for around the picture, and the print theme drawn afresh', () => {
  const doc = page();
  const model = kindCluster();
  const picture = drawn(doc, model, 'full');
  const now = new Date(Date.UTC(2026, 11, 1, 21, 40));
  const source = { model, layout: picture.layout, lang: 'en' as const, injected: 'full' as const };

  const plain = paperedPicture(doc, picture, '', source, now);
  assert.ok(plain.height > picture.height, 'the legend and footer make it taller');
  assert.match(plain.text, /<desc>A picture of cluster kind-anatomy: 3 nodes/);
  assert.match(plain.text, /data-role="legend"/);
  assert.match(plain.text, /Source: cluster kind-anatomy · 2026-12-01 21:40 UTC/);
  assert.match(plain.text, new RegExp(`viewBox="0 0 ${plain.width} ${plain.height}"`));
  assert.doesNotMatch(plain.text, /data-status-mark/);

  (doc.getElementById('paper-legend') as HTMLInputElement).checked = false;
  (doc.getElementById('paper-footer') as HTMLInputElement).checked = false;
  (doc.getElementById('paper-print') as HTMLInputElement).checked = true;
  (doc.getElementById('paper-title') as HTMLInputElement).value = 'For the handout';
  const print = paperedPicture(doc, picture, '', source, now);
  assert.doesNotMatch(print.text, /data-role="legend"|data-role="footer"/);
  assert.match(print.text, /data-role="title"[^>]*>(<[^>]+>)*For the handout/);
  assert.match(print.text, /data-theme="print"/);
  assert.match(print.text, /data-status-mark="cross"/, 'the failed pod is drawn with its pattern');
  assert.equal(picture.svg.getAttribute('data-theme'), 'light', 'the picture on screen is left as it is');

  // Without a source (nothing known of the model) the picture goes bare, as before.
  const bare = paperedPicture(doc, picture, '', undefined, now);
  assert.equal(bare.height, picture.height);
  assert.doesNotMatch(bare.text, /<desc>/);
});
