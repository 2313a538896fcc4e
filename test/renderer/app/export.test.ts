import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { bytesToBase64, exportFileName, paperedSvg, rasterScale } from '../../../renderer/app/export.ts';

test('exportFileName is safe for any source name', () => {
  const when = new Date('2026-11-30T04:12:00Z');
  assert.equal(exportFileName('kind-dev', 'png', when), 'kube-anatomy-kind-dev-2026-11-30-0412.png');
  assert.equal(exportFileName('../../etc/passwd', 'svg', when), 'kube-anatomy-etc-passwd-2026-11-30-0412.svg');
  assert.equal(exportFileName('arn:aws:eks:eu-west-1:1234:cluster/prod', 'svg', when), 'kube-anatomy-arn-aws-eks-eu-west-1-1234-cluster-prod-2026-11-30-0412.svg');
  assert.equal(exportFileName(undefined, 'png', when), 'kube-anatomy-2026-11-30-0412.png');
  assert.ok(exportFileName('x'.repeat(500), 'png', when).length < 100);
});

test('rasterScale keeps 2× when it fits and shrinks huge drawings under the canvas limits', () => {
  assert.equal(rasterScale(1400, 2400), 2);
  const s = rasterScale(1680, 40000);
  assert.ok(40000 * s <= 16384, 'height within the side limit');
  const t = rasterScale(16000, 16000);
  assert.ok(16000 * 16000 * t * t <= 120_000_000 + 1, 'area within the limit');
});

test('bytesToBase64 matches Node for large buffers', () => {
  const bytes = new Uint8Array(100_003).map((_, i) => (i * 7) & 0xff);
  assert.equal(bytesToBase64(bytes), Buffer.from(bytes).toString('base64'));
});

test('paperedSvg (no paper) strips interaction marks, frames the whole drawing and embeds fonts', () => {
  const { document } = parseHTML('<!doctype html><html><body><svg class="drawing" role="group" data-searching="" width="10" height="10"><title>t</title><g data-kind="pod" data-uid="p" data-selected="" data-dim="" tabindex="0" opacity="0.4"><rect class="ka-frame"/></g><g class="ka-exiting"></g></svg></body></html>');
  (globalThis as unknown as { XMLSerializer: unknown }).XMLSerializer ??= class {
    serializeToString(node: { outerHTML: string }) {
      return node.outerHTML;
    }
  };
  const svg = document.querySelector('svg') as unknown as SVGSVGElement;
  const { text } = paperedSvg(svg, { width: 1364.4, height: 2363 }, '@font-face{font-family:Pretendard}');
  assert.match(text, /^<\?xml/);
  assert.match(text, /width="1364"/);
  assert.match(text, /viewBox="0 0 1364 2363"/);
  assert.match(text, /role="img"/);
  assert.match(text, /<defs><style>@font-face\{font-family:Pretendard\}<\/style><\/defs>/);
  for (const attr of ['data-selected', 'data-dim', 'data-searching', 'tabindex', 'opacity', 'ka-exiting', 'class="drawing"']) {
    assert.ok(!text.includes(attr), `${attr} is gone`);
  }
  assert.ok(svg.hasAttribute('data-searching'), 'the live drawing is untouched');
});
