// sceneMarks: what a search dims, at the outermost level only, so that
// opacity never compounds (a dimmed node's pods are not dimmed again), and
// what it leaves lit (a hit, its node, every pod of a node that is a hit).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../../main/model/index.ts';
import { loadDemo } from '../../../main/snapshot/demo-asset.ts';
import { layoutCluster, type ClusterLayout, type PodBox } from '../../../renderer/layout/index.ts';
import { sceneMarks, type SearchLight } from '../../../renderer/scene/marks.ts';

const layout: ClusterLayout = layoutCluster(buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] }), { detail: 'cards' });
const podsOn = (nodeUid: string) => layout.pods.filter((p) => p.nodeUid === nodeUid);
// A node with several pods, and a pod on it: what the tests search for.
const node = layout.nodes.find((n) => podsOn(n.uid).length > 2)!;
const pod = podsOn(node.uid)[1];
const otherNodes = layout.nodes.filter((n) => n.uid !== node.uid);
const unscheduled = layout.pods.filter((p) => !p.nodeUid);

/** What the app's search (renderer/app/search.ts) makes of a hit pod: the pod a hit, its node and parts context. */
function podLight(p: PodBox): SearchLight {
  const context = new Set<string>([p.nodeUid!]);
  for (const c of layout.containers) if (c.podUid === p.uid) context.add(c.uid);
  return { hits: new Set([p.uid]), context };
}

const sorted = (set: ReadonlySet<string>) => [...set].sort();

describe('sceneMarks', () => {
  it('dims nothing without a search, and passes selection and hover through', () => {
    for (const search of [null, undefined]) {
      const marks = sceneMarks(layout, pod.uid, search, node.uid);
      assert.equal(marks.searching, false);
      assert.equal(marks.dimmed.size, 0);
      assert.equal(marks.hits.size, 0);
      assert.equal(marks.selected, pod.uid);
      assert.equal(marks.hovered, node.uid);
    }
    const none = sceneMarks(layout, undefined, null);
    assert.equal(none.selected, undefined);
    assert.equal(none.hovered, undefined);
  });

  it('a hit pod: its node stays lit, other nodes are dimmed whole and their pods not again, the node\'s other pods dimmed', () => {
    assert.ok(unscheduled.length > 0 && otherNodes.length > 0, 'the demo has other nodes and unscheduled pods');
    const marks = sceneMarks(layout, undefined, podLight(pod));
    assert.equal(marks.searching, true);
    assert.deepEqual(sorted(marks.hits), [pod.uid]);
    const expected = [
      ...otherNodes.map((n) => n.uid),
      ...podsOn(node.uid).filter((p) => p.uid !== pod.uid).map((p) => p.uid),
      // Unscheduled pods have no node to be dimmed with: each is dimmed by itself.
      ...unscheduled.map((p) => p.uid),
    ].sort();
    assert.deepEqual(sorted(marks.dimmed), expected);
    assert.equal(marks.dimmed.has(node.uid), false);
    assert.equal(marks.dimmed.has(pod.uid), false);
    for (const n of otherNodes) for (const p of podsOn(n.uid)) assert.equal(marks.dimmed.has(p.uid), false, `pod ${p.name} on a dimmed node`);
  });

  it('a hit node: none of its pods dimmed, the other nodes dimmed whole', () => {
    const marks = sceneMarks(layout, undefined, { hits: new Set([node.uid]), context: new Set() });
    assert.deepEqual(sorted(marks.hits), [node.uid]);
    assert.deepEqual(sorted(marks.dimmed), [...otherNodes.map((n) => n.uid), ...unscheduled.map((p) => p.uid)].sort());
  });

  it('a hit node and a hit pod on another node: both nodes lit, the second node\'s other pods dimmed', () => {
    const other = otherNodes.find((n) => podsOn(n.uid).length > 1)!;
    const [hitPod, ...rest] = podsOn(other.uid);
    const light = podLight(hitPod);
    const marks = sceneMarks(layout, undefined, { hits: new Set([node.uid, hitPod.uid]), context: light.context });
    assert.equal(marks.dimmed.has(node.uid), false);
    assert.equal(marks.dimmed.has(other.uid), false);
    for (const p of podsOn(node.uid)) assert.equal(marks.dimmed.has(p.uid), false);
    for (const p of rest) assert.equal(marks.dimmed.has(p.uid), true, `${p.name} dimmed`);
    assert.equal(marks.dimmed.has(hitPod.uid), false);
  });

  it('a hit unscheduled pod stays lit, the other unscheduled pods and every node are dimmed', () => {
    const [hit] = unscheduled;
    const marks = sceneMarks(layout, undefined, { hits: new Set([hit.uid]), context: new Set() });
    assert.deepEqual(sorted(marks.dimmed), [...layout.nodes.map((n) => n.uid), ...unscheduled.slice(1).map((p) => p.uid)].sort());
  });

  it('a search that finds nothing dims every node and unscheduled pod, and nothing twice', () => {
    const marks = sceneMarks(layout, pod.uid, { hits: new Set(), context: new Set() }, node.uid);
    assert.equal(marks.searching, true);
    assert.deepEqual(sorted(marks.dimmed), [...layout.nodes.map((n) => n.uid), ...unscheduled.map((p) => p.uid)].sort());
    assert.equal(marks.selected, pod.uid, 'the selection stays through a search');
    assert.equal(marks.hovered, node.uid);
  });

  it('does not change the search it is given', () => {
    const light = podLight(pod);
    const before = { hits: sorted(light.hits), context: sorted(light.context) };
    const marks = sceneMarks(layout, undefined, light);
    assert.deepEqual({ hits: sorted(light.hits), context: sorted(light.context) }, before);
    assert.notEqual(marks.hits, light.hits, 'marks have a set of their own');
  });
});
