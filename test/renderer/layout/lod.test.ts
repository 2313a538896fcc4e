// The level-of-detail policy: one rule (no text under 11 px on screen; where
// a level's text would be, the next coarser level shows) for the app's zoom,
// export and any renderer.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SUMMARY_FROM_PODS } from '../../../main/model/summary.ts';
import { layoutCluster } from '../../../renderer/layout/cluster.ts';
import {
  CANVAS_LEVEL_BUDGET,
  detailAllowed,
  levelCeiling,
  anchorAt,
  chooseFit,
  detailFor,
  LEVEL_BUDGET,
  AUTO_CANVAS_FROM,
  autoDrawsOnCanvas,
  LEVEL_TEXT,
  levelAt,
  levelScale,
  lodAt,
  MIN_SCREEN_TEXT,
  OVERVIEW,
  overviewLabels,
  pointOf,
  showsText,
} from '../../../renderer/layout/lod.ts';
import { measureText } from '../../../renderer/layout/text.ts';
import { fullPodsAreaOf } from '../../../renderer/layout/pod.ts';
import type { PodModel } from '../../../main/model/types.ts';
import { fitScale, fitScaleAtMost } from '../../../renderer/app/zoom.ts';
import type { ClusterLayout, Detail, TextItem } from '../../../renderer/layout/types.ts';
import { bigCluster, hostileCluster, kindCluster } from '../../fixtures/anatomy-models.ts';

function allTexts(layout: ClusterLayout): TextItem[] {
  return [
    ...layout.header,
    ...layout.bands.flatMap((b) => b.texts),
    ...[...layout.nodes, ...layout.pods, ...layout.containers, ...layout.volumes].flatMap((b) => [...b.texts, ...b.pills.map((p) => p.text)]),
    ...layout.connectors.map((c) => c.label),
  ];
}

describe('level-of-detail policy', () => {
  it('knows the smallest text of each level from the layouts themselves', () => {
    for (const [detail, level] of [
      ['cards', 'pods'],
      ['full', 'containers'],
    ] as const) {
      const sizes = [kindCluster(), hostileCluster()].flatMap((m) => allTexts(layoutCluster(m, { detail })).map((t) => t.size));
      assert.equal(Math.min(...sizes), LEVEL_TEXT[level], `${detail}: smallest text`);
    }
  });

  it('shows the finest level whose text reads at the scale, and the next coarser one below it', () => {
    const pods = 100;
    assert.equal(levelScale('pods'), MIN_SCREEN_TEXT / LEVEL_TEXT.pods);
    assert.equal(levelAt(pods, 2), 'containers');
    assert.equal(levelAt(pods, levelScale('containers')), 'containers');
    assert.equal(levelAt(pods, levelScale('containers') * 0.99), 'pods');
    assert.equal(levelAt(pods, levelScale('pods')), 'pods');
    assert.equal(levelAt(pods, levelScale('pods') * 0.99), 'overview');
    assert.equal(levelAt(pods, 0.05), 'overview');
    // Every text of a level reads at its scale, and one of them no lower.
    for (const [detail, level] of [
      ['cards', 'pods'],
      ['full', 'containers'],
    ] as const) {
      const scale = levelScale(level);
      for (const t of allTexts(layoutCluster(kindCluster(), { detail }))) assert.ok(t.size * scale >= MIN_SCREEN_TEXT - 1e-9, `${detail} "${t.text}" at ${t.size}`);
    }
  });

  it('keeps large models at coarser levels whatever the zoom, and export at 100 % the same way', () => {
    assert.equal(levelAt(LEVEL_BUDGET.containers, 3), 'containers');
    assert.equal(levelAt(LEVEL_BUDGET.containers + 1, 3), 'pods');
    assert.equal(levelAt(LEVEL_BUDGET.pods + 1, 3), 'overview');
    assert.deepEqual(lodAt(21, 1), { level: 'containers', detail: 'full' });
    assert.deepEqual(lodAt(3_000, 1), { level: 'pods', detail: 'cards' });
    assert.deepEqual(lodAt(100_000, 1), { level: 'overview', detail: 'compact' });
    // On screen the overview keeps the cards while they are allowed: zooming out only hides text.
    assert.equal(detailFor('overview', 3_000), 'cards');
    assert.equal(detailFor('overview', 100_000), 'compact');
  });

  it('opens a picture at the finest level that fits the view legibly, below the next level', () => {
    const sizes: Record<Detail, number> = { full: 0.4, cards: 0.95, compact: 1.2 };
    const pods = 100;
    let choice = chooseFit(pods, (d) => sizes[d]);
    assert.deepEqual(choice, { level: 'pods', detail: 'cards', scale: 0.95 });
    choice = chooseFit(pods, (d) => ({ full: 1.2, cards: 2, compact: 3 })[d]);
    assert.deepEqual(choice, { level: 'containers', detail: 'full', scale: 1.2 });
    // Cards that fit large stay below the containers level, which would need the other layout.
    choice = chooseFit(pods, (d) => ({ full: 0.5, cards: 1.4, compact: 3 })[d]);
    assert.equal(choice.level, 'pods');
    assert.ok(choice.scale < levelScale('containers') && choice.scale >= levelScale('pods'));
    assert.equal(levelAt(pods, choice.scale), 'pods');
    choice = chooseFit(pods, (d) => ({ full: 0.2, cards: 0.5, compact: 3 })[d]);
    assert.deepEqual(choice, { level: 'overview', detail: 'cards', scale: 0.5 });
    choice = chooseFit(50_000, (d) => ({ full: 0.01, cards: 0.05, compact: 0.3 })[d]);
    assert.deepEqual(choice, { level: 'overview', detail: 'compact', scale: 0.3 });
  });

  it('passes over a level its cheap bound rules out without laying it out, and chooses as it would have', () => {
    const cases: Record<Detail, number>[] = [
      { full: 0.4, cards: 0.95, compact: 1.2 },
      { full: 1.2, cards: 2, compact: 3 },
      { full: 0.2, cards: 0.5, compact: 3 },
    ];
    for (const sizes of cases) {
      const plain = chooseFit(100, (d) => sizes[d]);
      // A bound just above the real scale: the same choice, and a ruled-out level is never measured.
      const asked: Detail[] = [];
      const bounded = chooseFit(100, (d) => (asked.push(d), sizes[d]), undefined, LEVEL_BUDGET, (d) => sizes[d] * 1.01);
      assert.deepEqual(bounded, plain);
      const ruledOut = sizes.full * 1.01 < levelScale('containers');
      assert.equal(asked.includes('full'), !ruledOut, `sizes ${JSON.stringify(sizes)}: asked ${asked.join(', ')}`);
      // No bound (Infinity) measures as before.
      assert.deepEqual(chooseFit(100, (d) => sizes[d], undefined, LEVEL_BUDGET, () => Infinity), plain);
    }
  });

  it('bounds a full layout by its pod boxes: fullPodsAreaOf never exceeds the laid-out area', () => {
    for (const model of [kindCluster(), bigCluster(300, 12), hostileCluster()]) {
      for (const injected of ['full', 'collapsed', 'hidden'] as const) {
        for (const aspect of [0.6, 1, 1.6, 3]) {
          const layout = layoutCluster(model, { detail: 'full', aspect, injected });
          const area = fullPodsAreaOf(model, injected);
          assert.ok(area > 0);
          assert.ok(area <= layout.width * layout.height, `${area} > ${layout.width} × ${layout.height} (aspect ${aspect}, ${injected})`);
          // And so the scale bound holds for any view.
          for (const view of [{ width: 1440, height: 900 }, { width: 800, height: 1200 }, { width: 3000, height: 400 }]) {
            assert.ok(fitScaleAtMost(view, area) >= fitScale(view, layout) - 1e-12, `${JSON.stringify(view)} aspect ${aspect}`);
          }
        }
      }
    }
    assert.equal(fitScaleAtMost({ width: 1440, height: 900 }, 0), Infinity);
  });

  it('gives no bound for a model the layout would not draw whole', () => {
    const model = kindCluster();
    const [first, second] = model.nodes;
    const podless = { ...model, nodes: [{ ...first!, pods: [...first!.pods, { ...first!.pods[0]!, uid: '' }] }, second!] };
    const twice = { ...model, nodes: [first!, { ...second!, pods: [...second!.pods, first!.pods[0]!] }] };
    const sameNode = { ...model, nodes: [first!, { ...first! }] };
    const nullPod = { ...model, nodes: [{ ...first!, pods: [...first!.pods, null as unknown as PodModel] }] };
    for (const irregular of [podless, twice, sameNode, nullPod]) assert.equal(fullPodsAreaOf(irregular, 'full'), 0);
    assert.ok(fullPodsAreaOf(model, 'full') > 0);
  });

  it('lets the canvas renderer open finer levels of a large model when zoomed in, but not in its first view', () => {
    // The canvas draws only what is on screen: names and IPs open at any size, containers up to its budget.
    assert.equal(levelAt(100_000, 3, CANVAS_LEVEL_BUDGET), 'pods');
    assert.equal(levelAt(CANVAS_LEVEL_BUDGET.containers, 3, CANVAS_LEVEL_BUDGET), 'containers');
    assert.equal(levelAt(CANVAS_LEVEL_BUDGET.containers + 1, 3, CANVAS_LEVEL_BUDGET), 'pods');
    assert.equal(levelAt(100_000, levelScale('pods') * 0.99, CANVAS_LEVEL_BUDGET), 'overview');
    assert.equal(levelCeiling('overview', 100_000, CANVAS_LEVEL_BUDGET), levelScale('pods'));
    assert.equal(levelCeiling('overview', 100_000), Infinity);
    assert.equal(detailAllowed('cards', 100_000, CANVAS_LEVEL_BUDGET), true);
    assert.equal(detailAllowed('cards', 100_000), false);
    // Its overview is still the tiles.
    assert.equal(lodAt(100_000, 0.1, CANVAS_LEVEL_BUDGET).detail, 'compact');
    // A first view never lays out a finer level beyond the SVG's budget only to find it unreadable...
    const asked: Detail[] = [];
    const choice = chooseFit(100_000, (d) => (asked.push(d), ({ full: 0.01, cards: 0.05, compact: 2 })[d]), undefined, CANVAS_LEVEL_BUDGET);
    assert.deepEqual(asked, ['compact']);
    // ...and stays below the level the canvas would open next.
    assert.equal(choice.level, 'overview');
    assert.ok(choice.scale < levelScale('pods'), `fitted at ${choice.scale}`);
  });

  it('sends pages pods in summary exactly where the canvas stops opening containers', () => {
    // A summarized pod has no volumes or mounts to lay out: the containers level must never open for one.
    assert.equal(SUMMARY_FROM_PODS, CANVAS_LEVEL_BUDGET.containers);
    assert.equal(levelAt(SUMMARY_FROM_PODS + 1, 100, CANVAS_LEVEL_BUDGET), 'pods');
  });

  it('hides node headers at the overview, and any text that would be smaller than 11 px', () => {
    assert.equal(showsText('node', 15, 'overview', 0.9), false);
    assert.equal(showsText('pod', 13, 'pods', levelScale('pods')), true);
    assert.equal(showsText('pod', 13, 'pods', levelScale('pods') * 0.99), false);
    assert.equal(showsText('header', 20, 'overview', 0.56), true);
    assert.equal(showsText('header', 20, 'overview', 0.5), false);
  });
});

describe('overview labels', () => {
  it('name every node and count its pods, at a size that reads at the scale, inside the node', () => {
    for (const detail of ['cards', 'compact', 'full'] as const) {
      const layout = layoutCluster(bigCluster(300, 7), { detail, aspect: 16 / 9 });
      for (const scale of [0.8, 0.5, 0.3]) {
        const labels = overviewLabels(layout, scale);
        for (const node of layout.nodes) {
          const label = labels.find((l) => l.uid === node.uid);
          if (!label) {
            // Only a box too low on screen for one line of the name goes without.
            assert.ok(node.height * scale < OVERVIEW.pad + OVERVIEW.name * 1.05, `${detail} at ${scale}: ${node.name} (${node.width}x${node.height}) has no label`);
            continue;
          }
          const [name, count] = label.texts;
          assert.equal(name.key, 'overview-name');
          assert.ok(node.name.startsWith(name.text.replace(/…$/, '')), `${name.text} is ${node.name}`);
          for (const t of label.texts) {
            assert.ok(t.size * scale >= MIN_SCREEN_TEXT, `${t.text}: ${t.size} at ${scale}`);
            const w = measureText(t.text, t.size, t.weight);
            const left = t.anchor === 'end' ? t.x - w : t.x;
            assert.ok(left >= node.x && left + w <= node.x + node.width + 0.01, `${detail} ${scale}: "${t.text}" inside ${node.name}`);
            assert.ok(t.y <= node.y + node.height && t.y - t.size * 0.8 >= node.y, `${detail} ${scale}: "${t.text}" inside ${node.name} vertically`);
          }
          if (count) assert.equal(count.text, `${node.podCount} pod${node.podCount === 1 ? "" : "s"}`);
        }
        if (scale >= 0.5) assert.equal(labels.filter((l) => l.uid !== 'unscheduled').length, layout.nodes.length, `${detail} at ${scale}: every node labelled`);
        // Boxes a few lines high on screen hold the count too, beside the name or under it.
        if (scale >= 0.5) assert.ok(labels.every((l) => l.texts.length === 2), `${detail} at ${scale}: every label has its count`);
      }
    }
  });

  it('count the pods on no node in their band, and say the same words at every scale and after a live change', () => {
    const base = bigCluster(120, 6);
    const pending = (n: number) => base.nodes[1].pods.slice(0, n).map((p) => ({ ...p, uid: `${p.uid}-pending`, name: `${p.name}-pending`, nodeName: undefined }));
    const count = (layout: ClusterLayout, scale: number) => overviewLabels(layout, scale).find((l) => l.uid === 'unscheduled')?.texts[1]?.text;
    const one = layoutCluster({ ...base, unscheduled: pending(3) }, { detail: 'cards', aspect: 16 / 9 });
    assert.equal(one.pods.filter((p) => !p.nodeUid).length, 3, 'the fixture has 3 pods on no node');
    assert.equal(count(one, 0.5), '3 pods');
    // Another layout (a live model) counts its own pods, though the first was counted already.
    const two = layoutCluster({ ...base, unscheduled: pending(5) }, { detail: 'cards', aspect: 16 / 9 });
    assert.equal(count(two, 0.5), '5 pods');
    assert.equal(count(one, 0.45), '3 pods');
    // Counted from the pods where the layout recorded no runs (a copy, not layoutCluster's own): the same.
    assert.equal(count({ ...two }, 0.5), '5 pods');
    // A node's words are kept across scales (only their fit changes): the same as a layout never labelled before says.
    const fresh = layoutCluster({ ...base, unscheduled: pending(3) }, { detail: 'cards', aspect: 16 / 9 });
    for (const scale of [0.5, 0.3, 0.7]) {
      const words = (l: ClusterLayout) => overviewLabels(l, scale).map((x) => x.texts.map((t) => t.text).join(' / '));
      assert.deepEqual(words(one), words(fresh), `at ${scale}`);
    }
  });

  it('leaves out a label that cannot be legible in its box, rather than shrink it', () => {
    const layout = layoutCluster(kindCluster(), { detail: 'cards', aspect: 16 / 9 });
    assert.deepEqual(overviewLabels(layout, 0.01), []);
    assert.deepEqual(overviewLabels(layout, 0), []);
    assert.deepEqual(overviewLabels(layout, NaN), []);
  });
});

describe('anchors across layouts of another detail', () => {
  it('find the same pod again, at the same place in its box', () => {
    const cards = layoutCluster(kindCluster(), { detail: 'cards', aspect: 1.4 });
    const full = layoutCluster(kindCluster(), { detail: 'full', aspect: 1.4 });
    for (const pod of cards.pods) {
      const at = { x: pod.x + pod.width * 0.25, y: pod.y + pod.height * 0.5 };
      const anchor = anchorAt(cards, at)!;
      assert.equal(anchor.uid, pod.uid);
      const box = full.pods.find((p) => p.uid === pod.uid)!;
      assert.deepEqual(pointOf(full, anchor, at, cards), { x: box.x + box.width * 0.25, y: box.y + box.height * 0.5 });
    }
    // Between the bands: the nearest box.
    assert.ok(anchorAt(cards, { x: -100, y: -100 }));
    // A layout without the object keeps the point's place in the picture.
    assert.deepEqual(pointOf({ ...full, nodes: [], pods: [] }, { uid: 'gone', fx: 0, fy: 0 }, { x: cards.width / 2, y: 0 }, cards), { x: full.width / 2, y: 0 });
  });
});

describe('autoDrawsOnCanvas', () => {
  it('draws on the canvas from AUTO_CANVAS_FROM pods, and back on SVG only below 90 % of it', () => {
    assert.equal(autoDrawsOnCanvas(AUTO_CANVAS_FROM - 1, false), false);
    assert.equal(autoDrawsOnCanvas(AUTO_CANVAS_FROM, false), true);
    // A cluster on the canvas that loses a few pods stays there.
    assert.equal(autoDrawsOnCanvas(AUTO_CANVAS_FROM - 1, true), true);
    assert.equal(autoDrawsOnCanvas(Math.ceil(AUTO_CANVAS_FROM * 0.9), true), true);
    assert.equal(autoDrawsOnCanvas(Math.ceil(AUTO_CANVAS_FROM * 0.9) - 1, true), false);
    assert.equal(autoDrawsOnCanvas(0, true), false);
  });
});
