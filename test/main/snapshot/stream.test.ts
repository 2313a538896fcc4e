// Tests for the synthetic change stream (test/bench/stream.ts): beside the
// generator's tests, since the stream runs over its clusters and `npm test`
// runs test/main/**. The stream is folded onto the initial objects here, on
// its own (last event wins, a delete drops), and the folded objects must be
// what a real API server could hold at every point: unique uids, events only
// for objects that exist, resourceVersions rising, pod IPs inside their node's
// podCIDR and never held by two pods, pods going through the phases a kubelet
// takes them through. The incremental model fed the same stream in batches
// must equal a full build of the folded objects.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generateClusterObjects } from '../../bench/generate.ts';
import { bumpTag, ClusterStream, ipv4ToNumber, type StreamOptions } from '../../bench/stream.ts';
import { applyDeltas, modelStateFrom } from '../../../main/model/apply.ts';
import { buildModel } from '../../../main/model/build.ts';
import type { ObjectDelta } from '../../../main/model/delta.ts';
import type { ClusterObjects, KubeObject } from '../../../main/model/kube.ts';
import type { ModelSource } from '../../../main/model/types.ts';

type Any = any;

const SOURCE: ModelSource = { kind: 'cluster', name: 'stream', namespaces: [] };

const inCidr = (ip: string, cidr: string): boolean => {
  const [base, bits] = cidr.split('/') as [string, string];
  const mask = Number(bits) === 0 ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0;
  return ((ipv4ToNumber(ip) & mask) >>> 0) === ((ipv4ToNumber(base) & mask) >>> 0);
};

const uidOf = (o: KubeObject): string => (o.metadata as Any).uid;
const readyOf = (o: Any): string | undefined => o.status?.conditions?.find((c: Any) => c.type === 'Ready')?.status;

/** The objects the stream leaves, folded by uid, and what the fold saw on the way; throws at the first event an API server could not send. */
class Fold {
  readonly nodes = new Map<string, Any>();
  readonly pods = new Map<string, Any>();
  readonly others: ClusterObjects;
  /** Every uid that ever existed: a new object must bring a new one. */
  private readonly seen = new Set<string>();
  private rv = 0;
  readonly initialUids: Set<string>;
  readonly events = { added: 0, modified: 0, deleted: 0 };
  /** Pods that went from Running to deleted by way of Terminating. */
  gracefulDeletes = 0;
  restarts = 0;
  /** Pod IPs handed out again after the pod that had one was deleted. */
  reusedIPs = 0;
  private readonly everHeld = new Set<string>();
  nodeLosses = 0;
  nodeReturns = 0;
  /** Pods recreated while the node their Deployment pod was evicted from was away. */
  readonly lostNodes = new Set<string>();

  constructor(objects: ClusterObjects) {
    for (const n of objects.nodes ?? []) this.nodes.set(uidOf(n), n);
    for (const p of objects.pods ?? []) {
      this.pods.set(uidOf(p), p);
      if ((p.status as Any)?.podIP && !(p.spec as Any)?.hostNetwork) this.everHeld.add((p.status as Any).podIP);
    }
    this.others = { persistentVolumeClaims: objects.persistentVolumeClaims, persistentVolumes: objects.persistentVolumes, namespaces: objects.namespaces, gaps: objects.gaps };
    for (const list of [objects.nodes, objects.pods, objects.persistentVolumeClaims, objects.persistentVolumes, objects.namespaces]) {
      for (const o of list ?? []) {
        this.seen.add(uidOf(o));
        this.rv = Math.max(this.rv, Number((o.metadata as Any).resourceVersion));
      }
    }
    this.initialUids = new Set(this.seen);
  }

  objects(): ClusterObjects {
    return { ...this.others, nodes: [...this.nodes.values()], pods: [...this.pods.values()] };
  }

  apply(d: ObjectDelta, at: number): void {
    const where = `event ${at} (${d.type} ${d.resource} ${(d.object.metadata as Any)?.namespace ?? ''}/${(d.object.metadata as Any)?.name})`;
    const o = d.object as Any;
    const uid = o.metadata?.uid;
    assert.equal(typeof uid, 'string', `${where}: metadata.uid`);
    const rv = Number(o.metadata.resourceVersion);
    assert.ok(rv > this.rv, `${where}: resourceVersion ${o.metadata.resourceVersion} after ${this.rv}`);
    this.rv = rv;
    assert.ok(d.resource === 'pods' || d.resource === 'nodes', `${where}: only pods and nodes change`);
    const list = d.resource === 'pods' ? this.pods : this.nodes;
    const before = list.get(uid);
    this.events[d.type]++;
    if (d.type === 'added') {
      assert.ok(!this.seen.has(uid), `${where}: uid ${uid} is new`);
      this.seen.add(uid);
      for (const p of this.pods.values()) {
        assert.ok(!(p.metadata.namespace === o.metadata.namespace && p.metadata.name === o.metadata.name), `${where}: its name is free`);
      }
      const owner = o.metadata.ownerReferences?.[0];
      assert.ok(owner?.controller && owner.kind === 'ReplicaSet' && typeof owner.uid === 'string', `${where}: owned by a ReplicaSet`);
      assert.equal(owner.name, `${o.metadata.labels.app}-${o.metadata.labels['pod-template-hash']}`, `${where}: owner named after its template hash`);
      assert.equal(o.spec.nodeName, undefined, `${where}: a new pod is not bound yet`);
      assert.equal(o.status.phase, 'Pending', `${where}: a new pod is Pending`);
      list.set(uid, o);
      return;
    }
    assert.ok(before !== undefined, `${where}: the object exists`);
    assert.equal(o.metadata.name, before.metadata.name, `${where}: same name`);
    if (d.type === 'deleted') {
      if (d.resource === 'pods' && before.spec.nodeName !== undefined) {
        assert.ok(before.metadata.deletionTimestamp !== undefined, `${where}: a bound pod is Terminating before it goes`);
        this.gracefulDeletes++;
      }
      list.delete(uid);
      return;
    }
    if (d.resource === 'nodes') {
      const was = readyOf(before);
      const now = readyOf(o);
      if (was === 'True' && now === 'Unknown') {
        this.nodeLosses++;
        this.lostNodes.add(o.metadata.name);
      }
      if (was === 'Unknown' && now === 'True') this.nodeReturns++;
    } else {
      // A pod's place never changes once bound, and it is bound only to a node that is up.
      if (before.spec.nodeName !== undefined) assert.equal(o.spec.nodeName, before.spec.nodeName, `${where}: stays on its node`);
      else if (o.spec.nodeName !== undefined) {
        const node = [...this.nodes.values()].find((n) => n.metadata.name === o.spec.nodeName);
        assert.ok(node, `${where}: bound to a node that exists`);
        assert.equal(readyOf(node), 'True', `${where}: bound to a node that is Ready`);
      }
      if (before.status.podIP !== undefined) assert.equal(o.status.podIP, before.status.podIP, `${where}: keeps its IP`);
      else if (o.status.podIP !== undefined && !o.spec.hostNetwork) {
        if (this.everHeld.has(o.status.podIP)) this.reusedIPs++;
        this.everHeld.add(o.status.podIP);
      }
      const restarts = (p: Any) => (p.status.containerStatuses ?? []).reduce((s: number, c: Any) => s + (c.restartCount ?? 0), 0);
      if (restarts(o) > restarts(before)) this.restarts++;
    }
    list.set(uid, o);
  }

  /** What must hold of the objects at any moment. */
  check(label: string): void {
    const nodes = new Map([...this.nodes.values()].map((n) => [n.metadata.name as string, n]));
    const ips = new Map<string, string>();
    const perNode = new Map<string, number>();
    for (const p of this.pods.values()) {
      const where = `${label}: pod ${p.metadata.namespace}/${p.metadata.name}`;
      const name = p.spec.nodeName;
      if (name === undefined) {
        assert.equal(p.status.podIP, undefined, `${where}: unbound, no IP`);
        continue;
      }
      const node = nodes.get(name);
      assert.ok(node, `${where}: its node ${name} exists`);
      perNode.set(name, (perNode.get(name) ?? 0) + 1);
      if (p.status.hostIP !== undefined) assert.equal(p.status.hostIP, node.status.addresses.find((a: Any) => a.type === 'InternalIP').address, `${where}: hostIP`);
      if (p.spec.hostNetwork || p.status.podIP === undefined) continue;
      assert.ok(inCidr(p.status.podIP, node.spec.podCIDR), `${where}: ${p.status.podIP} in ${node.spec.podCIDR}`);
      assert.deepEqual(p.status.podIPs, [{ ip: p.status.podIP }], `${where}: podIPs`);
      const holder = ips.get(p.status.podIP);
      assert.equal(holder, undefined, `${where}: ${p.status.podIP} already held by ${holder}`);
      ips.set(p.status.podIP, `${p.metadata.namespace}/${p.metadata.name}`);
      if (p.status.phase === 'Running') {
        assert.deepEqual(
          p.status.containerStatuses.map((c: Any) => c.name),
          p.spec.containers.map((c: Any) => c.name),
          `${where}: one status a container`,
        );
      }
    }
    for (const [name, count] of perNode) assert.ok(count <= Number(nodes.get(name).status.allocatable.pods), `${label}: ${name} holds ${count} pods, within its max`);
  }
}

function run(objects: ClusterObjects, options: StreamOptions, count: number, checkpoints: number): { fold: Fold; stream: ClusterStream } {
  const stream = new ClusterStream(objects, options);
  const fold = new Fold(objects);
  fold.check('before');
  for (let i = 0; i < count; i++) {
    fold.apply(stream.next(), i);
    if ((i + 1) % checkpoints === 0) fold.check(`after ${i + 1} events`);
  }
  return { fold, stream };
}

test('same seed, same stream; another seed, another stream; the input objects are left as they were', () => {
  const objects = generateClusterObjects({ nodes: 8, pods: 400, seed: 2 });
  const copy = structuredClone(objects);
  const a = new ClusterStream(objects, { seed: 5 }).take(3000);
  assert.deepEqual(new ClusterStream(objects, { seed: 5 }).take(3000), a);
  assert.notDeepEqual(new ClusterStream(objects, { seed: 6 }).take(3000), a);
  assert.deepEqual(objects, copy);
});

test('folded onto the cluster, the stream leaves objects an API server could hold, at every checkpoint', () => {
  const objects = generateClusterObjects({ nodes: 30, pods: 1500, seed: 3 });
  const { fold, stream } = run(objects, { seed: 1 }, 12_000, 500);
  // Every kind of change happened, and left its trace in the objects.
  for (const [kind, n] of Object.entries(stream.started)) assert.ok(n > 0, `${kind} started`);
  assert.ok(fold.events.added > 500 && fold.events.deleted > 500, JSON.stringify(fold.events));
  assert.ok(fold.gracefulDeletes > 500, `${fold.gracefulDeletes} graceful deletes`);
  assert.ok(fold.restarts > 50, `${fold.restarts} restarts`);
  assert.ok(fold.nodeLosses > 0 && fold.nodeReturns > 0, `${fold.nodeLosses} nodes lost, ${fold.nodeReturns} back`);
  const pods = [...fold.pods.values()];
  const running = pods.filter((p) => !fold.initialUids.has(p.metadata.uid) && readyOf(p) === 'True');
  assert.ok(running.length > 200, `${running.length} new pods Running and Ready`);
  for (const p of running) assert.ok(p.status.podIP && p.status.containerStatuses.every((c: Any) => c.containerID && c.state.running), `${p.metadata.name} runs with an IP`);
  // A rollout changes the template: new ReplicaSets run a bumped image or carry restartedAt.
  const firstImage = new Map<string, string>();
  for (const q of objects.pods as Any[]) if (!firstImage.has(q.metadata.labels?.app)) firstImage.set(q.metadata.labels?.app, q.spec.containers[0].image);
  const changed = running.filter((p) => p.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'] || p.spec.containers[0].image !== firstImage.get(p.metadata.labels.app));
  assert.ok(changed.length > 100, `${changed.length} pods run a new template`);
  // The cluster neither empties nor floods.
  assert.ok(pods.length > 1200 && pods.length < 1800, `${pods.length} pods at the end`);
});

test('addresses are handed out again only once free: churn long enough to wrap every node\'s range', () => {
  // 3 workers with /24s: over 253 pods started on each, so every range wraps round past addresses still held.
  const objects = generateClusterObjects({ nodes: 4, pods: 240, seed: 6 });
  const { fold } = run(objects, { seed: 4, mix: { rollout: 3, 'scale-up': 1, 'scale-down': 1, 'node-loss': 0.2, restart: 1, readiness: 1 } }, 15_000, 100);
  assert.ok(fold.events.added > 3 * 260, `${fold.events.added} pods created`);
  assert.ok(fold.reusedIPs > 100, `${fold.reusedIPs} addresses handed out again`);
});

test('a node loss: the node goes Unknown, its Deployment pods are recreated elsewhere, then it comes back', () => {
  const objects = generateClusterObjects({ nodes: 6, pods: 300, seed: 4 });
  // One scenario at a time: the first node loss runs to its end before the next begins.
  const only = { 'node-loss': 1, rollout: 0, 'scale-up': 0, 'scale-down': 0, restart: 0, readiness: 0 };
  const stream = new ClusterStream(objects, { seed: 2, concurrency: 1, mix: only });
  const fold = new Fold(objects);
  let lost: string | undefined;
  let podsThen: Any[] = [];
  for (let i = 0; i < 3000; i++) {
    const d = stream.next();
    const o = d.object as Any;
    const losing = d.resource === 'nodes' && readyOf(o) === 'Unknown' && readyOf(fold.nodes.get(o.metadata.uid)) === 'True';
    if (losing && lost !== undefined) break;
    fold.apply(d, i);
    if (losing) {
      lost = o.metadata.name;
      assert.ok(o.spec.taints.some((t: Any) => t.key === 'node.kubernetes.io/unreachable'), 'tainted unreachable');
      podsThen = [...fold.pods.values()].filter((p) => p.spec.nodeName === lost);
    }
    fold.check(`after ${i + 1} events`);
  }
  assert.ok(lost !== undefined && fold.nodeReturns === 1, 'a node was lost and came back');
  const evicted = podsThen.filter((p) => p.metadata.ownerReferences?.[0]?.kind === 'ReplicaSet');
  const stayed = podsThen.filter((p) => p.metadata.ownerReferences?.[0]?.kind !== 'ReplicaSet');
  assert.ok(evicted.length > 5 && stayed.length >= 2, `${evicted.length} evicted, ${stayed.length} stayed`);
  for (const p of evicted) assert.ok(!fold.pods.has(p.metadata.uid), `${p.metadata.name} was deleted`);
  for (const p of stayed) assert.equal(readyOf(fold.pods.get(p.metadata.uid)), readyOf(p), `${p.metadata.name} is as Ready as before`);
  const node = [...fold.nodes.values()].find((n) => n.metadata.name === lost);
  assert.equal(readyOf(node), 'True');
  assert.equal(node.spec.taints, undefined, 'the unreachable taints are gone');
  // Each ReplicaSet has as many pods as before, none of the new ones on the lost node.
  const count = (pods: Iterable<Any>) => {
    const out = new Map<string, number>();
    for (const p of pods) {
      const owner = p.metadata.ownerReferences?.[0];
      if (owner?.kind === 'ReplicaSet') out.set(owner.uid, (out.get(owner.uid) ?? 0) + 1);
    }
    return out;
  };
  assert.deepEqual(count(fold.pods.values()), count(objects.pods!));
  const created = [...fold.pods.values()].filter((p) => !fold.initialUids.has(p.metadata.uid));
  assert.equal(created.length, evicted.length);
  for (const p of created) {
    assert.notEqual(p.spec.nodeName, lost);
    assert.equal(p.status.phase, 'Running');
  }
});

test('the incremental model fed the stream in batches equals a full build of the folded objects', () => {
  const objects = generateClusterObjects({ nodes: 20, pods: 800, seed: 5 });
  const stream = new ClusterStream(objects, { seed: 3 });
  const fold = new Fold(objects);
  let state = modelStateFrom(objects, SOURCE);
  let at = 0;
  for (const batch of [1, 7, 50, 300, 1, 1000, 2, 640]) {
    const deltas = stream.take(batch);
    for (const d of deltas) fold.apply(d, at++);
    state = applyDeltas(state, deltas).state;
    assert.deepEqual(state.model, buildModel(fold.objects(), SOURCE), `after ${at} events`);
  }
});

test('a rollout bumps the last number of an image tag, or has none to bump', () => {
  assert.equal(bumpTag('nginx:1.27.3'), 'nginx:1.27.4');
  assert.equal(bumpTag('registry.example.internal:5000/team/api:2.3.1'), 'registry.example.internal:5000/team/api:2.3.2');
  assert.equal(bumpTag('postgres:17.2-bookworm'), 'postgres:17.3-bookworm');
  assert.equal(bumpTag('quay.io/prometheus/node-exporter:v1.8.2'), 'quay.io/prometheus/node-exporter:v1.8.3');
  assert.equal(bumpTag('registry.example.internal:5000/team/api'), undefined);
  assert.equal(bumpTag('nginx'), undefined);
  assert.equal(bumpTag('example/queue-worker:latest'), undefined);
  assert.equal(bumpTag('nginx@sha256:abc1'), undefined);
});
