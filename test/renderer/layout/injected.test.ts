// Injected kube-api-access volumes in the layout (LayoutOptions.injected):
// full lays them out as any volume; collapsed keeps each as a volume box in
// one low row per pod, with no mount lines and a shorter pod; hidden leaves
// them out. The memo gives what a fresh layout gives when the mode changes.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../../main/model/index.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { loadDemo } from '../../../main/snapshot/demo-asset.ts';
import { createLayoutMemo, layoutCluster } from '../../../renderer/layout/index.ts';
import type { ClusterLayout } from '../../../renderer/layout/types.ts';
import { kindCluster } from '../../fixtures/anatomy-models.ts';

const injected = (name: string) => name.startsWith('kube-api-access-');
const demo = (): AnatomyModel => buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] });

function byPod<T extends { podUid: string }>(list: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of list) out.set(x.podUid, [...(out.get(x.podUid) ?? []), x]);
  return out;
}

describe('injected volumes in the layout', () => {
  for (const [name, make] of [['demo', demo], ['kindCluster', kindCluster]] as const) {
    it(`collapsed: still volume boxes, one low row a pod, no mount lines, shorter pods (${name})`, () => {
      const model = make();
      const full = layoutCluster(model, { detail: 'full' });
      const collapsed = layoutCluster(model, { detail: 'full', injected: 'collapsed' });
      // Every volume of the model is still a volume box.
      assert.deepEqual(collapsed.volumes.map((v) => v.uid).sort(), full.volumes.map((v) => v.uid).sort());
      const rows = byPod(collapsed.volumes.filter((v) => injected(v.name)));
      assert.ok(rows.size > 0);
      for (const [pod, list] of rows) {
        assert.equal(new Set(list.map((v) => v.y)).size, 1, `one row in ${pod}`);
        for (const v of list) assert.ok(v.height < 22 && !v.shared, v.name);
      }
      // No connector runs to an injected volume; the others' connectors are all kept.
      const injectedUids = new Set(full.volumes.filter((v) => injected(v.name)).map((v) => v.uid));
      assert.ok(!collapsed.connectors.some((c) => injectedUids.has(c.volumeUid)));
      assert.deepEqual(
        collapsed.connectors.map((c) => c.volumeUid + c.containerUid).sort(),
        full.connectors.filter((c) => !injectedUids.has(c.volumeUid)).map((c) => c.volumeUid + c.containerUid).sort(),
      );
      // A pod whose injected volume every container mounted is shorter; none is taller.
      const heights = new Map(full.pods.map((p) => [p.uid, p.height]));
      for (const p of collapsed.pods) assert.ok(p.height <= heights.get(p.uid)!, p.name);
      assert.ok(collapsed.pods.some((p) => p.height < heights.get(p.uid)!));
    });

    it(`hidden: injected volumes left out, the rest kept (${name})`, () => {
      const model = make();
      const full = layoutCluster(model, { detail: 'full' });
      const hidden = layoutCluster(model, { detail: 'full', injected: 'hidden' });
      assert.deepEqual(hidden.volumes.map((v) => v.uid), full.volumes.filter((v) => !injected(v.name)).map((v) => v.uid));
    });
  }

  it('full is the default: the same layout as without the option', () => {
    const model = demo();
    assert.deepEqual(layoutCluster(model, { detail: 'full', injected: 'full' }), layoutCluster(model, { detail: 'full' }));
  });

  it('a memo switching modes gives what a fresh layout gives', () => {
    const model = demo();
    const memo = createLayoutMemo();
    let previous: ClusterLayout | undefined;
    for (const mode of ['collapsed', 'full', 'collapsed', 'hidden'] as const) {
      const memoized = layoutCluster(model, { detail: 'full', injected: mode, previous }, memo);
      const fresh = layoutCluster(model, { detail: 'full', injected: mode, previous });
      assert.deepEqual(memoized, fresh, mode);
      previous = memoized;
    }
  });
});
