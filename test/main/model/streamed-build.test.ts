// StreamedBuild is buildModel fed a node and a pod at a time, as a snapshot
// file is read in pieces: whatever the order the objects come in, and however
// they are split between addNode/addPod and finish(), the model must deep-equal
// buildModel of the same objects.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, StreamedBuild } from '../../../main/model/build.ts';
import type { ClusterObjects, KubeObject } from '../../../main/model/kube.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { parseSnapshotStream } from '../../../main/snapshot/read.ts';
import { loadCluster, source } from './fixtures.ts';
import { random } from '../../fixtures/random.ts';

type Any = any;

/** Node names once each (the first kept), as the snapshot reader leaves them. */
function uniqueNodes(objects: ClusterObjects): ClusterObjects {
  if (!Array.isArray(objects.nodes)) return objects;
  const seen = new Set<unknown>();
  const nodes = objects.nodes.filter((n) => {
    const name = (n as Any)?.metadata?.name;
    if (typeof name !== 'string' || !seen.has(name)) {
      seen.add(name);
      return true;
    }
    return false;
  });
  return { ...objects, nodes };
}

type Order = 'nodes first' | 'pods first' | 'shuffled' | 'half at the end';

function streamed(objects: ClusterObjects, order: Order, seed = 1): ReturnType<typeof buildModel> {
  const build = new StreamedBuild();
  const nodes = (objects.nodes ?? []).map((o) => ['node', o] as const);
  const pods = (objects.pods ?? []).map((o) => ['pod', o] as const);
  let items: (readonly ['node' | 'pod', KubeObject])[] = order === 'pods first' ? [...pods, ...nodes] : [...nodes, ...pods];
  let rest: ClusterObjects = { ...objects, nodes: undefined, pods: undefined };
  if (order === 'shuffled') {
    const r = random(seed);
    items = items.map((i) => [r(), i] as const).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
  }
  if (order === 'half at the end') {
    // Every other object waits for finish(), in the lists it came from.
    const late = items.filter((_, k) => k % 2 === 1);
    items = items.filter((_, k) => k % 2 === 0);
    rest = { ...rest, nodes: late.filter(([k]) => k === 'node').map(([, o]) => o), pods: late.filter(([k]) => k === 'pod').map(([, o]) => o) };
  }
  for (const [kind, o] of items) (kind === 'node' ? build.addNode(o) : build.addPod(o));
  // A list the objects did not have stays unread, unless something was added to it.
  if (objects.nodes === undefined && rest.nodes?.length === 0) delete rest.nodes;
  if (objects.pods === undefined && rest.pods?.length === 0) delete rest.pods;
  if (objects.nodes === undefined) delete rest.nodes;
  if (objects.pods === undefined) delete rest.pods;
  return build.finish(rest, source('streamed'));
}

const ORDERS: Order[] = ['nodes first', 'pods first', 'shuffled', 'half at the end'];

function same(objects: ClusterObjects, label: string): void {
  const input = uniqueNodes(objects);
  const expected = buildModel(input, source('streamed'));
  for (const order of ORDERS) assert.deepEqual(streamed(input, order), expected, `${label}, ${order}`);
}

test('the model fixtures (kind, minikube, CRI-O, hostile) build the same fed one object at a time', () => {
  for (const name of ['kind', 'minikube', 'crio', 'hostile']) same(loadCluster(name), name);
});

test('generated clusters, with unscheduled pods, shared claims and a node gone Unknown', () => {
  const objects = generateClusterObjects({ nodes: 6, pods: 400, seed: 4 });
  same(objects, 'generated');
  // The kubelet of one worker stopped reporting: its running pods show NotReady, whichever came first.
  const lost = structuredClone(objects);
  const worker = (lost.nodes as Any[])[2];
  for (const c of worker.status.conditions) if (c.type === 'Ready') c.status = 'Unknown';
  const model = buildModel(lost, source('streamed'));
  assert.ok(model.nodes.find((n) => n.name === worker.metadata.name)?.pods.some((p) => p.status === 'NotReady'), 'the fixture has pods that depend on their node');
  same(lost, 'a node gone Unknown');
});

test('pods repeated by uid, pods without a uid, pods on nodes that have no object, and lists that were not read', () => {
  const objects = generateClusterObjects({ nodes: 3, pods: 60, seed: 2 });
  const pods = objects.pods as Any[];
  const twin = structuredClone(pods[10]);
  twin.metadata.name = 'aaa-first-by-name';
  const later = structuredClone(pods[11]);
  later.metadata.name = 'zzz-last-by-name';
  const noUid = structuredClone(pods[12]);
  delete noUid.metadata.uid;
  const claimsNoUidKey = structuredClone(pods[13]);
  claimsNoUidKey.metadata.uid = `${noUid.metadata.namespace}/${noUid.metadata.name}`;
  claimsNoUidKey.metadata.name = 'another';
  const ghost = structuredClone(pods[14]);
  ghost.metadata.uid = 'ghost-uid';
  ghost.spec.nodeName = 'no-such-node';
  const all = [...pods, twin, later, noUid, claimsNoUidKey, ghost, 'not a pod', { metadata: {} }];
  same({ ...objects, pods: all as KubeObject[] }, 'repeats');
  same({ ...objects, nodes: undefined }, 'nodes not read');
  same({ ...objects, pods: undefined }, 'pods not read');
  same({ gaps: [] }, 'nothing read');
});

test('two node names alike in their first 64 KiB, which the snapshot reader keeps apart, make the model buildModel makes', async () => {
  const long = 'n'.repeat(64 * 1024);
  const node = (suffix: string, uid: string) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: long + suffix, uid } });
  const items = [node('\u001b]0;x\u0007', 'b'), node('2', 'a')];
  const build = new StreamedBuild();
  const snapshot = await parseSnapshotStream(
    (async function* () {
      yield Buffer.from(JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
    })(),
    'long.json',
    { take: (key, item) => key === 'nodes' && (build.addNode(item), true) },
  );
  assert.deepEqual(build.finish(snapshot.objects, source('streamed')), buildModel({ gaps: [], nodes: items as KubeObject[] }, source('streamed')));
});

test('a pod read on arrival keeps nothing of its object; one before its node is kept until the end', () => {
  const objects = generateClusterObjects({ nodes: 2, pods: 10, seed: 1 });
  const pods = objects.pods as Any[];
  const early = pods.find((p) => p.spec.nodeName === 'kind-worker');
  const late = pods.find((p) => p.spec.nodeName === 'kind-control-plane');
  const build = new StreamedBuild();
  build.addNode((objects.nodes as Any[])[1]);
  build.addPod(early);
  build.addPod(late);
  const held = [...(build as Any).pods.values()];
  // What the builder holds: the pod as read, not the object (its spec is nowhere in it).
  assert.ok('pod' in held[0] && !JSON.stringify(held[0]).includes('"spec"'));
  assert.equal(held[1].obj, late);
});
