// A pod's label and tooltip are kept by pod object across layouts (the same
// pod laid out as a tile, a card and a box): what is kept must be what would
// be written afresh, in the layout's language and with the address the pod
// has on its node at the time.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { NodeModel, PodModel } from '../../../main/model/types.ts';
import { layoutCardPod, layoutCompactPod, layoutPod } from '../../../renderer/layout/pod.ts';
import { wordsFor } from '../../../renderer/layout/words.ts';
import { kindCluster } from '../../fixtures/anatomy-models.ts';

function podAndNode(): { pod: PodModel; node: NodeModel } {
  const model = kindCluster();
  const node = model.nodes.find((n) => n.pods.length > 0)!;
  return { pod: node.pods[0], node };
}

test('a pod laid out at every level has the same label and tooltip as each written afresh', () => {
  const { pod, node } = podAndNode();
  const tile = layoutCompactPod(pod, node, 0, 0, 0).pod;
  const card = layoutCardPod(pod, node, 0, 0, 0).pod;
  const box = layoutPod(pod, node, 0, 0, 0).pod;
  // A copy of the pod is another object: its words are written afresh.
  const fresh = layoutCompactPod(structuredClone(pod), node, 0, 0, 0).pod;
  for (const b of [tile, card, box]) assert.deepEqual([b.label, b.tooltip], [fresh.label, fresh.tooltip]);
  assert.ok(fresh.tooltip.includes(pod.name));
});

test("the same pod object in another language, or at another address, is written again", () => {
  const { pod, node } = podAndNode();
  const english = layoutCompactPod(pod, node, 0, 0, 0, wordsFor('en')).pod;
  const korean = layoutCompactPod(pod, node, 0, 0, 0, wordsFor('ko')).pod;
  assert.notEqual(korean.tooltip, english.tooltip, 'Korean words, not the English kept');
  assert.equal(korean.tooltip, layoutCompactPod(structuredClone(pod), node, 0, 0, 0, wordsFor('ko')).pod.tooltip);
  // On the host network a pod has its node's address: the same pod object on a node whose address changed.
  const host = { ...pod, hostNetwork: true, podIP: '', podIPs: [], hostIP: '' } as PodModel;
  const before = layoutCompactPod(host, { ...node, internalIP: '172.18.0.50' } as NodeModel, 0, 0, 0).pod;
  const after = layoutCompactPod(host, { ...node, internalIP: '172.18.0.51' } as NodeModel, 0, 0, 0).pod;
  assert.ok(before.tooltip.includes('172.18.0.50') && before.label.includes('172.18.0.50'), before.tooltip);
  assert.ok(after.tooltip.includes('172.18.0.51') && after.label.includes('172.18.0.51'), after.tooltip);
});
