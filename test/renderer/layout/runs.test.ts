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
      for (const layout of [layoutCluster(model, { detail }), layoutCluster(model, { detail }, memo), layoutCluster(model, { detail, previous: undefined }, memo)]) {
        const runs = podRunsOf(layout);
        assert.ok(runs, 'recorded');
        assert.deepEqual([...runs], scanned(layout));
        assert.equal(runs.size, new Set(layout.pods.map((p) => p.nodeUid ?? UNSCHEDULED_RUN)).size, 'one run a grid');
        const [from, to] = runs.get(UNSCHEDULED_RUN)!;
        assert.equal(to - from, model.unscheduled.length);
      }
    });
  }

  it('are none for a layout not made by layoutCluster (a copy), whose readers go through the pods', () => {
    const layout = layoutCluster(bigCluster(10, 3), { detail: 'compact' });
    assert.equal(podRunsOf({ ...layout }), undefined);
  });
});
