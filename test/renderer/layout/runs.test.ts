// The runs layoutCluster records beside a layout (renderer/layout/runs.ts): where each grid's pods are in its pods list.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { layoutCluster } from '../../../renderer/layout/cluster.ts';
import { createLayoutMemo } from '../../../renderer/layout/memo.ts';
import { podRunsOf, UNSCHEDULED_RUN } from '../../../renderer/layout/runs.ts';
import type { ClusterLayout, Detail } from '../../../renderer/layout/types.ts';
import { bigCluster } from '../../fixtures/anatomy-models.ts';

/** The runs read from the pods themselves: each grid's pods one run, in order. */
function scanned(layout: ClusterLayout): Array<[string, [number, number]]> {
  const out: Array<[string, [number, number]]> = [];
  layout.pods.forEach((p, i) => {
    const key = p.nodeUid ?? UNSCHEDULED_RUN;
    const last = out.at(-1);
    if (last && last[0] === key) last[1][1] = i + 1;
    else out.push([key, [i, i + 1]]);
  });
  return out;
}

function withUnscheduled(model: AnatomyModel): AnatomyModel {
  const [first, ...rest] = model.nodes;
  return { ...model, nodes: [{ ...first, pods: [] }, ...rest], unscheduled: first.pods.map((p) => ({ ...p, nodeName: undefined })) };
}

describe('pod runs beside a layout', () => {
  for (const detail of ['compact', 'cards', 'full'] as Detail[]) {
    it(`says where each grid's pods are, as the pods say (${detail}, with and without a memo, an empty node, unscheduled pods)`, () => {
      const model = withUnscheduled(bigCluster(40, 5));
      assert.ok(model.unscheduled.length > 0);
      const memo = createLayoutMemo();
      const first = layoutCluster(model, { detail }, memo);
      // A node early in the list grows by many pods (the nodes after it move), another loses all its own: laid out from the last layout.
      const grown = {
        ...model,
        nodes: model.nodes.map((n, i) => (i === 1 ? { ...n, pods: [...n.pods, ...n.pods.map((p) => ({ ...p, uid: `${p.uid}-more`, name: `${p.name}-more` }))] } : i === 2 ? { ...n, pods: [] } : n)),
      };
      const second = layoutCluster(grown, { detail, previous: first }, memo);
      assert.ok(memo.stats.shifted.length + memo.stats.placed.length > 2, 'grids moved');
      const layouts = [layoutCluster(model, { detail }), first, second, layoutCluster(grown, { detail, previous: first })];
      assert.ok(!layouts[2].pods.some((p) => p.nodeUid === String(grown.nodes[2].uid)), 'the emptied node holds no pods');
      for (const layout of layouts) {
        const runs = podRunsOf(layout);
        assert.ok(runs, 'recorded');
        assert.deepEqual([...runs], scanned(layout));
        assert.equal(runs.size, new Set(layout.pods.map((p) => p.nodeUid ?? UNSCHEDULED_RUN)).size, 'one run a grid');
        const [from, to] = runs.get(UNSCHEDULED_RUN)!;
        assert.equal(to - from, model.unscheduled.length);
        const emptied = String(grown.nodes[2].uid);
        assert.equal(runs.has(emptied), layout.pods.some((p) => p.nodeUid === emptied), 'a grid without pods has no run');
      }
    });
  }

  it('are read from the pods of a layout not made by layoutCluster (a copy), and are none where a grid\'s pods are apart', () => {
    const layout = layoutCluster(withUnscheduled(bigCluster(10, 3)), { detail: 'compact' });
    const copy = { ...layout };
    assert.deepEqual([...podRunsOf(copy)!], [...podRunsOf(layout)!]);
    assert.deepEqual([...podRunsOf(copy)!], scanned(layout));
    // The first pod put last: its node's pods are in two places.
    const apart = { ...layout, pods: [...layout.pods.slice(1), layout.pods[0]] };
    assert.equal(podRunsOf(apart), undefined);
  });
});
