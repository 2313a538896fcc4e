// A PNG's pixel budget is checked as soon as the layout's size is known, before
// the SVG is drawn and parsed (2,000 nodes took ~50 s to be refused), and the
// refusal says what would fit: a coarser level at this scale, the largest
// --scale at this level, or SVG when not even the smallest scale does.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fitsPixels, largestFittingScale, MAX_PIXELS, MIN_SCALE, MAX_SCALE, PictureTooLargeError, pngLayout } from '../../../main/export/png.ts';
import { buildModel } from '../../../main/model/index.ts';
import { textOf } from '../../../main/i18n/index.ts';
import { pictureSize, svgChunksOfLayout } from '../../../main/export/svg.ts';
import { kindCluster } from '../../fixtures/anatomy-models.ts';
import { layoutCluster } from '../../../renderer/layout/index.ts';
import { generateClusterObjects } from '../../bench/generate.ts';

const aspect = 16 / 9;
const modelOf = (nodes: number, pods: number) => buildModel(generateClusterObjects({ nodes, pods, seed: 3 }), { kind: 'snapshot', name: 'gen.json', namespaces: [] });

function tooLarge(run: () => unknown): PictureTooLargeError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof PictureTooLargeError, String(error));
    return error;
  }
  assert.fail('expected a PictureTooLargeError');
}

describe('largestFittingScale', () => {
  it('is the largest hundredth of a scale at which the picture fits', () => {
    const size = { width: 20000, height: 20000 };
    const scale = largestFittingScale(size)!;
    assert.equal(scale, 0.56);
    assert.ok(fitsPixels(size, scale));
    assert.ok(!fitsPixels(size, scale + 0.01));
  });

  it('allows for each side rounded up to whole pixels', () => {
    // sqrt(128e6 / (11313 * 11313)) is 1.00007, but 11,314 px squared passes the limit.
    const size = { width: 11313.5, height: 11313.5 };
    const scale = largestFittingScale(size)!;
    assert.ok(fitsPixels(size, scale), `fits at ${scale}`);
    assert.equal(scale, 0.99);
  });

  it('stays within the scales --scale accepts', () => {
    assert.equal(largestFittingScale({ width: 100, height: 100 }), MAX_SCALE);
    const smallest = Math.floor(Math.sqrt(MAX_PIXELS)) / MIN_SCALE;
    assert.equal(largestFittingScale({ width: smallest, height: smallest }), MIN_SCALE);
    assert.equal(largestFittingScale({ width: smallest + 8, height: smallest + 8 }), undefined);
  });
});

describe('PictureTooLargeError', () => {
  it('says each advice in English and in Korean, the options as typed', () => {
    const cases: Array<[PictureTooLargeError, RegExp]> = [
      [new PictureTooLargeError(307e6, 2, 'pods', 1.29), /^The picture is 307 Mpx at scale 2; the limit is 128 Mpx\. Export with --detail pods, or at --scale 1\.29 or smaller\.$/],
      [new PictureTooLargeError(405e6, 2, undefined, 1.12), /^The picture is 405 Mpx at scale 2; the limit is 128 Mpx\. Export at --scale 1\.12 or smaller\.$/],
      [new PictureTooLargeError(9000e6, 1, 'overview', undefined), /Export with --detail overview: at this level it passes the limit even at --scale 0\.25, the smallest scale\.$/],
      [new PictureTooLargeError(9000e6, 1, undefined, undefined), /It passes the limit even at --scale 0\.25, the smallest scale: only SVG can hold a picture this large\.$/],
    ];
    for (const [error, english] of cases) {
      assert.match(error.message, english);
      const ko = textOf('ko', error.said);
      assert.match(ko, /^그림이 배율 \d+에서 \d+메가픽셀로, 한도 128메가픽셀을 넘습니다\. /, ko);
      for (const option of error.message.match(/--\w+ [\w.]+/g)!) assert.ok(ko.includes(option), `${ko} names ${option}`);
    }
  });
});

describe('pngLayout checks the pixel budget before anything is drawn', () => {
  // 100 nodes, 300 pods: containers 11812 × 6509 (77 Mpx), pod cards 3212 × 1797.
  const pods = modelOf(100, 300);
  // 200 nodes and no pods: the overview's tiles are 4336 × 2624 (11 Mpx), 729 Mpx at scale 8.
  const empty = modelOf(200, 0);

  it('a level asked for by name: advises the coarser level that fits at this scale, and the largest scale for this level', () => {
    const full = layoutCluster(pods, { detail: 'full', aspect });
    assert.ok(!fitsPixels(full, 2) && fitsPixels(layoutCluster(pods, { detail: 'cards', aspect }), 2), 'the case: containers do not fit at scale 2, pod cards do');
    const error = tooLarge(() => pngLayout(pods, 'containers', aspect, 2));
    assert.equal(error.coarser, 'pods');
    // Of the picture drawn: the layout with the export's default paper (legend and footer) around it.
    assert.equal(error.fittingScale, largestFittingScale(pictureSize(pods, full, {})));
    assert.match(error.message, /at scale 2; .* Export with --detail pods, or at --scale 1\.\d+ or smaller\.$/);
    // The same model drawn automatically steps down to the pod cards instead.
    assert.equal(pngLayout(pods, 'auto', aspect, 2).detail, 'cards');
  });

  it('the overview asked for and too large at this scale: no coarser level to advise, only the largest scale', () => {
    const error = tooLarge(() => pngLayout(empty, 'overview', aspect, 8));
    assert.equal(error.coarser, undefined);
    assert.doesNotMatch(error.message, /--detail/);
    const compact = layoutCluster(empty, { detail: 'compact', aspect });
    assert.equal(error.fittingScale, largestFittingScale(pictureSize(empty, compact, {})));
    assert.match(error.message, /^The picture is \d+ Mpx at scale 8; the limit is 128 Mpx\. Export at --scale 3\.\d+ or smaller\.$/);
    assert.equal(pngLayout(empty, 'overview', aspect, error.fittingScale).detail, 'compact', 'and at that scale it is drawn');
  });

  it('measures the picture with its paper, not the layout alone', () => {
    const compact = layoutCluster(empty, { detail: 'compact', aspect });
    const papered = pictureSize(empty, compact, {});
    assert.ok(papered.height > compact.height, 'the legend and the footer add to the height');
    // A scale at which the layout alone would fit, but not the picture with its paper.
    const scale = 3.33;
    assert.ok(fitsPixels(compact, scale) && !fitsPixels(papered, scale), 'the case');
    const error = tooLarge(() => pngLayout(empty, 'overview', aspect, scale));
    assert.equal(error.fittingScale, largestFittingScale(papered));
    assert.ok(fitsPixels(papered, error.fittingScale!));
    // The paper given is the one measured: bare, the picture fits; with a title, it needs a smaller scale still.
    assert.equal(pngLayout(empty, 'overview', aspect, scale, 'en', undefined, { legend: false, footer: false }).detail, 'compact');
    const titled = tooLarge(() => pngLayout(empty, 'overview', aspect, scale, 'en', undefined, { title: 'A title', caption: 'A caption' }));
    assert.ok(titled.fittingScale! < error.fittingScale!, `${titled.fittingScale} < ${error.fittingScale}`);
  });

  it('the automatic choice throws only when no level fits, and then advises no level', () => {
    // Every level passes the limit at scale 8, so fittingDetail ends at the overview: the refusal must not advise a level it found too large.
    for (const detail of ['full', 'cards', 'compact'] as const) assert.ok(!fitsPixels(layoutCluster(empty, { detail, aspect }), 8), detail);
    const error = tooLarge(() => pngLayout(empty, 'auto', aspect, 8));
    assert.equal(error.coarser, undefined);
    assert.match(error.message, /Export at --scale \d\.\d+ or smaller\.$/);
  });
});

describe('pictureSize', () => {
  it('is the size of the picture svgChunksOfLayout draws, with its notes and paper', () => {
    const notes = [
      { n: 1, text: 'the control plane node, with a note long enough to wrap over more than one line of the list beside the picture', target: { kind: 'node' as const, uid: 'uid-node-kind-control-plane', key: 'kind-control-plane' } },
      { n: 2, text: 'a pod a rollout replaced', target: { kind: 'pod' as const, uid: 'uid-gone', key: 'shop/web-7d9-abc' } },
    ];
    for (const model of [kindCluster(), { ...kindCluster(), callouts: notes }]) {
      for (const paper of [undefined, {}, { title: 'Title', caption: 'A caption long enough to take a second line when the picture is narrow, which it is not', legend: false }]) {
        const layout = layoutCluster(model, { detail: 'full', aspect });
        const svg = Array.from(svgChunksOfLayout(model, layout, 'light', undefined, paper)).join('');
        const root = /<svg\b[^>]*>/.exec(svg)![0];
        const drawn = { width: Number(/ width="([\d.]+)"/.exec(root)![1]), height: Number(/ height="([\d.]+)"/.exec(root)![1]) };
        assert.deepEqual(pictureSize(model, layout, paper), drawn, JSON.stringify({ notes: !!model.callouts, paper }));
      }
    }
  });
});
