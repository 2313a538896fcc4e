// applyDelta case by case: the bad-input rules of issue 8 (unknown objects,
// duplicates, out-of-order deltas, deletes of unknown objects), what a patch
// holds for one pod's change in a generated cluster, and the paths the random
// property test cannot reach (a claim shared by more pods than sharedWithPods
// names). Each result is also checked against buildModel, the oracle.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDelta, applyDeltas, emptyModelState, modelStateFrom, type ModelState } from '../../../main/model/apply.ts';
import { buildModel, SHARED_WITH_LIMIT } from '../../../main/model/build.ts';
import type { Delta } from '../../../main/model/delta.ts';
import type { KubeObject } from '../../../main/model/kube.ts';
import { applyPatch, isEmptyPatch, type ModelChanges, type ModelPatch } from '../../../main/model/patch.ts';
import { PMap } from '../../../main/model/pmap.ts';
import { storeObjects } from '../../../main/model/store.ts';
import type { ModelSource } from '../../../main/model/types.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { allPods } from './fixtures.ts';

const SOURCE: ModelSource = { kind: 'cluster', name: 'apply', namespaces: [] };

function pod(name: string, rv: string, extra: { node?: string; phase?: string; claim?: string; uid?: string } = {}): KubeObject {
  const spec: Record<string, unknown> = { containers: [{ name: 'main', image: 'nginx:1.27' }] };
  if (extra.node) spec['nodeName'] = extra.node;
  if (extra.claim) spec['volumes'] = [{ name: 'data', persistentVolumeClaim: { claimName: extra.claim } }];
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name, namespace: 'shop', uid: extra.uid ?? `uid-${name}`, resourceVersion: rv },
    spec,
    status: { phase: extra.phase ?? 'Running' },
  };
}

function node(name: string, rv: string, ready: 'True' | 'Unknown'): KubeObject {
  return { kind: 'Node', apiVersion: 'v1', metadata: { name, uid: `uid-${name}`, resourceVersion: rv }, status: { conditions: [{ type: 'Ready', status: ready }] } };
}

const added = (resource: 'pods' | 'nodes', object: KubeObject): Delta => ({ type: 'added', resource, object });

/** Applies, checks the oracle and the patch, and returns the result. */
function step(state: ModelState, deltas: Delta[]): { state: ModelState; patch: ModelPatch } {
  const out = applyDeltas(state, deltas);
  assert.deepStrictEqual(out.state.model, buildModel(storeObjects(out.state.store), SOURCE));
  assert.deepStrictEqual(applyPatch(state.model, out.patch), out.state.model);
  return out;
}

function changes(patch: ModelPatch): ModelChanges {
  assert.equal(patch.kind, 'changes');
  return patch as ModelChanges;
}

describe('applyDelta', () => {
  it('a delta for an object the model does not know adds it, whatever its type says', () => {
    const { state, patch } = step(emptyModelState(SOURCE), [{ type: 'modified', resource: 'pods', object: pod('web', '5', { node: 'n1' }) }]);
    assert.deepEqual(allPods(state.model).map((p) => p.name), ['web']);
    // Its node has no object: it is inferred, and the patch brings it.
    assert.deepEqual(changes(patch).nodes.map((n) => [n.name, n.node?.inferred]), [['n1', true]]);
    assert.deepEqual(changes(patch).nodeOrder, ['n1']);
  });

  it('a duplicate (same uid and resourceVersion) and a delete of an unknown object change nothing', () => {
    const first = step(emptyModelState(SOURCE), [added('pods', pod('web', '5'))]).state;
    for (const d of [added('pods', pod('web', '5')), { type: 'deleted', resource: 'pods', object: pod('gone', '9') } as Delta]) {
      const { state, patch } = step(first, [d]);
      assert.ok(isEmptyPatch(patch));
      assert.equal(state.model, first.model, 'the very same model: nothing to draw again');
    }
  });

  it('out of order: the last delivered version wins, resourceVersions are never ordered', () => {
    let state = step(emptyModelState(SOURCE), [added('pods', pod('web', '10', { phase: 'Failed' }))]).state;
    // "9" after "10": an older version, by any reading of the numbers, yet it is the last word.
    state = step(state, [{ type: 'modified', resource: 'pods', object: pod('web', '9', { phase: 'Pending' }) }]).state;
    assert.equal(state.model.unscheduled[0]?.phase, 'Pending');
    // A delete then a late add of the same uid: it is back, as the full build of what was last delivered.
    state = step(state, [{ type: 'deleted', resource: 'pods', object: pod('web', '11') }, added('pods', pod('web', '10', { phase: 'Failed' }))]).state;
    assert.equal(state.model.unscheduled[0]?.phase, 'Failed');
  });

  it('one pod changing at 500 pods: a patch of that pod alone, nothing else of the model rebuilt', () => {
    const objects = generateClusterObjects({ nodes: 10, pods: 500, seed: 3 });
    const start = modelStateFrom(objects, SOURCE);
    assert.deepStrictEqual(start.model, buildModel(objects, SOURCE));
    const target = structuredClone(objects.pods!.find((p) => (p.spec as { nodeName?: string }).nodeName === 'kind-worker3')!);
    Object.assign(target.metadata as object, { resourceVersion: 'changed' });
    Object.assign(target.status as object, { phase: 'Failed', reason: 'Evicted' });
    const { state, patch } = step(start, [{ type: 'modified', resource: 'pods', object: target }]);
    const c = changes(patch);
    assert.deepEqual(c.pods.map((p) => [p.uid, p.from, p.pod?.status]), [[(target.metadata as { uid: string }).uid, 'kind-worker3', 'Evicted']]);
    assert.deepEqual([c.nodes, c.nodeOrder, c.sharedClaims, c.namespaces, c.gaps, c.stats], [[], undefined, undefined, undefined, undefined, undefined]);
    // Everything else is shared with the model before: a renderer may compare by identity.
    const changed = state.model.nodes.filter((n, i) => n !== start.model.nodes[i]).map((n) => n.name);
    assert.deepEqual(changed, ['kind-worker3']);
    const before = start.model.nodes.find((n) => n.name === 'kind-worker3')!.pods;
    const after = state.model.nodes.find((n) => n.name === 'kind-worker3')!.pods;
    assert.equal(after.filter((p, i) => p !== before[i]).length, 1);
  });

  it('a node whose Ready turns Unknown reads its pods again (Running shows NotReady), and back', () => {
    let state = step(emptyModelState(SOURCE), [added('nodes', node('n1', '1', 'True')), added('pods', pod('a', '1', { node: 'n1' })), added('pods', pod('b', '1', { node: 'n2' }))]).state;
    const lost = step(state, [{ type: 'modified', resource: 'nodes', object: node('n1', '2', 'Unknown') }]);
    assert.deepEqual(changes(lost.patch).pods.map((p) => [p.pod?.name, p.pod?.status]), [['a', 'NotReady']]);
    assert.deepEqual(changes(lost.patch).nodes.map((n) => n.name), ['n1']);
    state = step(lost.state, [{ type: 'modified', resource: 'nodes', object: node('n1', '3', 'True') }]).state;
    assert.equal(state.model.nodes.find((n) => n.name === 'n1')?.pods[0]?.status, 'Running');
  });

  it(`a claim used by more than ${SHARED_WITH_LIMIT} pods: a new user updates every user's count`, () => {
    const users = Array.from({ length: SHARED_WITH_LIMIT + 5 }, (_, i) => added('pods', pod(`r-${String(i).padStart(3, '0')}`, '1', { claim: 'shared' })));
    const { state } = step(emptyModelState(SOURCE), users);
    assert.equal(state.model.unscheduled[0]?.volumes[0]?.sharedWithPodsTotal, SHARED_WITH_LIMIT + 4);
    const more = step(state, [added('pods', pod('r-999', '1', { claim: 'shared' }))]);
    assert.equal(changes(more.patch).pods.length, SHARED_WITH_LIMIT + 6);
    assert.equal(more.state.model.unscheduled[0]?.volumes[0]?.sharedWithPodsTotal, SHARED_WITH_LIMIT + 5);
    assert.deepEqual(changes(more.patch).sharedClaims?.map((s) => s.pods.length), [SHARED_WITH_LIMIT + 6]);
  });

  it('a list turning unreadable replaces the whole model; its objects stay stored but undrawn', () => {
    const state = step(emptyModelState(SOURCE), [added('nodes', node('n1', '1', 'True')), added('pods', pod('a', '1', { node: 'n1' }))]).state;
    const { state: after, patch } = step(state, [{ type: 'gaps', gaps: [{ resource: 'nodes', reason: 'forbidden', message: 'no' }], unread: ['nodes'] }]);
    assert.equal(patch.kind, 'full');
    assert.equal(after.model.nodes[0]?.inferred, true);
    assert.equal(after.store.lists.nodes.size, 1);
    assert.deepEqual(
      step(after, [{ type: 'gaps', gaps: [], unread: [] }]).state.model.nodes.map((n) => n.inferred),
      [false],
    );
  });

  it('the state given is left as it was: an old state can be applied to again', () => {
    const base = step(emptyModelState(SOURCE), [added('pods', pod('a', '1'))]).state;
    const frozen = JSON.stringify(base.model);
    const one = applyDelta(base, added('pods', pod('b', '1'))).state;
    const other = applyDelta(base, added('pods', pod('c', '1'))).state;
    assert.equal(JSON.stringify(base.model), frozen);
    assert.deepEqual(allPods(one.model).map((p) => p.name), ['a', 'b']);
    assert.deepEqual(allPods(other.model).map((p) => p.name), ['a', 'c']);
  });
});

describe('PMap', () => {
  it('a draft writes copies; a sealed draft takes no more writes', () => {
    const empty = PMap.empty<number>();
    const draft = empty.edit();
    for (let i = 0; i < 1000; i++) draft.set(`k${i}`, i);
    draft.delete('k5');
    draft.delete('absent');
    const map = draft.done();
    assert.equal(map.size, 999);
    assert.equal(empty.size, 0);
    assert.equal(map.get('k7'), 7);
    assert.equal(map.has('k5'), false);
    const next = map.edit();
    next.set('k7', 70);
    assert.equal(next.done().get('k7'), 70);
    assert.equal(map.get('k7'), 7, 'the map the draft came from is unchanged');
    assert.throws(() => draft.set('x', 1), /after done/);
  });
});
