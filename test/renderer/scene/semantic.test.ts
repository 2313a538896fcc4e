// samePodAttributes compares two pod boxes field by field instead of by their
// attributes (renderer/draw/a11y-tree.ts relies on it at a zoom's end): it
// must say "same" exactly when semanticAttributes and tooltipOf give the same.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModel } from '../../../main/model/index.ts';
import { layoutCluster, type PodBox } from '../../../renderer/layout/index.ts';
import { samePodAttributes, semanticAttributes, tooltipOf } from '../../../renderer/scene/semantic.ts';
import type { SceneItem } from '../../../renderer/scene/scene.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { random } from '../../fixtures/random.ts';

const written = (box: PodBox) => JSON.stringify([semanticAttributes({ kind: 'pod', box } as SceneItem), tooltipOf({ kind: 'pod', box } as SceneItem)]);

/** Another value of the same type for a field. */
function other(value: unknown, next: () => number): unknown {
  if (typeof value === 'string') return next() < 0.5 ? `${value}x` : '';
  if (typeof value === 'number') return value + 1;
  if (typeof value === 'boolean') return !value;
  if (value === undefined) return 'n1';
  return Array.isArray(value) ? [...value, { text: 'x' }] : { ...(value as object), x: 1 };
}

test('says two pod boxes are the same exactly when their attributes and tooltips are, whichever field differs', () => {
  const model = buildModel(generateClusterObjects({ nodes: 3, pods: 40, seed: 11 }), { kind: 'snapshot', name: 'same', namespaces: [] });
  const boxes = (['compact', 'cards', 'full'] as const).flatMap((detail) => layoutCluster(model, { detail }).pods);
  const next = random(5);
  let differ = 0;
  let same = 0;
  for (const box of boxes) {
    // The same pod at another level: a new box with the same words.
    for (const twin of boxes.filter((b) => b.uid === box.uid)) {
      assert.equal(samePodAttributes(box, twin), written(box) === written(twin), `${box.uid} at two levels`);
    }
    // Each field in turn, semantic or not (placement, texts, shape).
    for (const key of [...Object.keys(box), 'nodeUid'] as Array<keyof PodBox>) {
      const changed = { ...box, [key]: other(box[key], next) } as PodBox;
      const want = written(box) === written(changed);
      assert.equal(samePodAttributes(box, changed), want, `${box.uid}: ${key} changed`);
      if (want) same++;
      else differ++;
    }
  }
  assert.ok(differ > 0 && same > 0, `both answers were asked for (${differ} differ, ${same} same)`);
});
