// The memoized layout against the layout from scratch: after every step of
// random model changes, layoutCluster(model, options, memo) must deep-equal
// layoutCluster(model, options) given the same previous layout; changing one
// pod must lay out exactly one node again; and two model entries the memo
// calls the same must lay out the same. Each check is also run against a
// deliberately broken memo, to show that it can fail.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../../main/model/index.ts';
import type { AnatomyModel, NodeModel, PodModel } from '../../../main/model/types.ts';
import { layoutCluster } from '../../../renderer/layout/cluster.ts';
import { createLayoutMemo, LAYOUT_SAMENESS, type LayoutMemo, type LayoutStats, type Sameness } from '../../../renderer/layout/memo.ts';
import type { ClusterLayout, Detail, LayoutOptions } from '../../../renderer/layout/types.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import {
  bigCluster,
  hostileCluster,
  HOSTILE_IMG,
  HOSTILE_SCRIPT,
  kindCluster,
  node,
  pod,
  sampleModel,
  type ContainerSpec,
  type PodSpec,
  type VolumeSpec,
} from '../../fixtures/anatomy-models.ts';
import { random } from '../../fixtures/random.ts';

type Rand = () => number;
const pick = <T>(rand: Rand, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const chance = (rand: Rand, p: number) => rand() < p;

// ---------------------------------------------------------------- random pods and nodes

const NAMES = ['web', 'api-7f9c8d6b5-q2wzr', 'a', 'x'.repeat(90), '운영-파드', HOSTILE_SCRIPT, 'db', 'cart\u202eevil'];
const NAMESPACES = ['default', 'shop', 'kube-system', HOSTILE_IMG];
const IMAGES = ['nginx:1.27.3', 'nginx', 'ghcr.io/example/api:3.4.1', 'registry.k8s.io/pause:3.10@sha256:' + 'b'.repeat(64), 'busybox'];
const STATUSES = [undefined, 'Running', 'Pending', 'CrashLoopBackOff', 'Completed', 'Terminating', 'ContainerCreating', 'Init:0/1'];

function randomContainer(rand: Rand, i: number, volumes: VolumeSpec[]): ContainerSpec {
  const state = pick(rand, [
    undefined,
    { kind: 'waiting' as const, reason: pick(rand, ['CrashLoopBackOff', 'ImagePullBackOff', 'ContainerCreating']) },
    { kind: 'terminated' as const, reason: pick(rand, ['Completed', 'Error', 'OOMKilled']), exitCode: pick(rand, [0, 1, 137]) },
  ]);
  const mounts = volumes.filter(() => chance(rand, 0.6)).map((v) => ({ volume: v.name, path: `/mnt/${v.name}/${i}`, readOnly: chance(rand, 0.3) }));
  return {
    name: `c${i}${chance(rand, 0.1) ? '-' + pick(rand, NAMES) : ''}`,
    image: pick(rand, IMAGES),
    group: pick(rand, ['app', 'app', 'init', 'sidecar', 'ephemeral'] as const),
    state,
    ready: chance(rand, 0.8),
    restarts: chance(rand, 0.2) ? Math.floor(rand() * 9) : 0,
    mounts,
    digest: chance(rand, 0.3) ? 'sha256:' + 'c'.repeat(64) : undefined,
  };
}

function randomPodSpec(rand: Rand, n: number): PodSpec {
  const volumes: VolumeSpec[] = Array.from({ length: Math.floor(rand() * 3) }, (_, i) =>
    chance(rand, 0.3)
      ? { name: `data${i}`, type: 'persistentVolumeClaim', detail: 'claim shared', claim: 'shared', sharedWithPods: chance(rand, 0.5) ? ['shop/other'] : [] }
      : { name: `v${i}`, type: pick(rand, ['emptyDir', 'configMap', 'hostPath'] as const), detail: pick(rand, ['emptyDir', '/var/lib/x', HOSTILE_IMG]) },
  );
  return {
    name: `${pick(rand, NAMES)}-${n}`,
    namespace: pick(rand, NAMESPACES),
    ip: chance(rand, 0.8) ? `10.244.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}` : undefined,
    hostNetwork: chance(rand, 0.15),
    status: pick(rand, STATUSES),
    containers: Array.from({ length: Math.floor(rand() * 4) }, (_, i) => randomContainer(rand, i, volumes)),
    volumes,
    scheduling: chance(rand, 0.3) ? pick(rand, ['0/3 nodes are available: 3 Insufficient memory.', HOSTILE_SCRIPT]) : undefined,
  };
}

function randomNode(rand: Rand, n: number): NodeModel {
  const specs = Array.from({ length: Math.floor(rand() * 6) }, (_, i) => randomPodSpec(rand, n * 100 + i));
  return node({
    name: `${chance(rand, 0.1) ? 'very-long-node-name-'.repeat(3) : 'node-'}${n}`,
    role: chance(rand, 0.15) ? 'control-plane' : 'worker',
    ip: `172.19.${n >> 8}.${n & 255}`,
    cidr: `10.${n & 255}.0.0/24`,
    pods: specs,
    ready: chance(rand, 0.9),
  });
}

// ---------------------------------------------------------------- model changes (copy on write)

/** Where a pod sits: a node's index, or -1 for the unscheduled list. */
interface At {
  node: number;
  index: number;
}

function podSlots(m: AnatomyModel): At[] {
  const out: At[] = [];
  m.nodes.forEach((n, i) => n.pods.forEach((_, j) => out.push({ node: i, index: j })));
  m.unscheduled.forEach((_, j) => out.push({ node: -1, index: j }));
  return out;
}

function podAt(m: AnatomyModel, at: At): PodModel {
  return at.node < 0 ? m.unscheduled[at.index] : m.nodes[at.node].pods[at.index];
}

/** A copy of `m` in which only the lists on the way to the changed pods are new. */
function withPods(m: AnatomyModel, at: number, change: (pods: PodModel[]) => void): AnatomyModel {
  if (at < 0) {
    const unscheduled = m.unscheduled.slice();
    change(unscheduled);
    return { ...m, unscheduled };
  }
  const nodes = m.nodes.slice();
  const pods = nodes[at].pods.slice();
  change(pods);
  nodes[at] = { ...nodes[at], pods };
  return { ...m, nodes };
}

function withNode(m: AnatomyModel, at: number, change: (n: NodeModel) => NodeModel): AnatomyModel {
  const nodes = m.nodes.slice();
  nodes[at] = change(nodes[at]);
  return { ...m, nodes };
}

function modifyPod(rand: Rand, p: PodModel, n: number): PodModel {
  const q = structuredClone(p);
  switch (Math.floor(rand() * 10)) {
    case 0:
      q.status = pick(rand, STATUSES) ?? 'Running';
      q.ready = chance(rand, 0.5);
      break;
    case 1:
      q.podIP = chance(rand, 0.8) ? `10.1.${n & 255}.${Math.floor(rand() * 255)}` : undefined;
      q.podIPs = q.podIP ? [q.podIP, 'fd00::1'].slice(0, 1 + Math.floor(rand() * 2)) : [];
      break;
    case 2:
      q.name = `${pick(rand, NAMES)}-renamed-${n}`;
      break;
    case 3: {
      // A container more: the pod (and maybe its node) grows.
      const extra = pod({ name: q.name, namespace: q.namespace, uid: q.uid, containers: [randomContainer(rand, 9 + n, [])] }).containers[0];
      q.containers.push({ ...extra, uid: `${q.uid}/${extra.group}/extra-${n}`, name: `extra-${n}` });
      break;
    }
    case 4:
      q.containers.pop();
      break;
    case 5:
      if (q.containers.length) q.containers[0].state = pick(rand, [{ kind: 'running' }, { kind: 'waiting', reason: 'CrashLoopBackOff' }, { kind: 'terminated', exitCode: 2 }]);
      if (q.containers.length) q.containers[0].restartCount += 1;
      break;
    case 6:
      q.hostNetwork = !q.hostNetwork;
      break;
    case 7:
      q.scheduling = chance(rand, 0.5) ? { status: 'False', reason: 'Unschedulable', message: pick(rand, ['no room', HOSTILE_IMG]) } : undefined;
      break;
    case 8:
      // Only fields the layout does not read: equal for the layout, yet a new object.
      q.labels = { ...q.labels, touched: String(n) };
      q.restarts += 1;
      q.conditions = [...q.conditions, { type: 'Ready', status: 'True' }];
      break;
    default: {
      // The same pod re-made from another spec.
      const fresh = pod({ ...randomPodSpec(rand, n), uid: q.uid }, q.nodeName, q.hostIP);
      return fresh;
    }
  }
  return q;
}

function modifyNode(rand: Rand, n: NodeModel, k: number): NodeModel {
  const q = { ...n };
  switch (Math.floor(rand() * 6)) {
    case 0:
      q.ready = { status: q.ready.status === 'True' ? 'False' : 'True' };
      break;
    case 1:
      q.name = chance(rand, 0.5) ? `${n.name}-with-a-much-longer-name-${k}` : `n${k}`;
      break;
    case 2:
      q.internalIP = chance(rand, 0.8) ? `172.30.0.${k & 255}` : undefined;
      break;
    case 3:
      q.roles = chance(rand, 0.5) ? ['edge', 'ingress'] : [];
      q.unschedulable = !q.unschedulable;
      break;
    case 4:
      q.role = q.role === 'control-plane' ? 'worker' : 'control-plane';
      break;
    default:
      q.labels = { ...q.labels, touched: String(k) };
      q.images = [];
  }
  return q;
}

/** One random change; returns the new model and what it did (for failure messages). */
function change(rand: Rand, m: AnatomyModel, step: number): [AnatomyModel, string] {
  const slots = podSlots(m);
  const op = Math.floor(rand() * 12);
  if (op <= 2 && slots.length) {
    const at = pick(rand, slots);
    return [withPods(m, at.node, (pods) => (pods[at.index] = modifyPod(rand, podAt(m, at), step))), `modify pod ${podAt(m, at).uid}`];
  }
  if (op === 3 && slots.length) {
    const at = pick(rand, slots);
    return [withPods(m, at.node, (pods) => pods.splice(at.index, 1)), `remove pod ${podAt(m, at).uid}`];
  }
  if (op === 4 || !slots.length) {
    const target = m.nodes.length && chance(rand, 0.85) ? Math.floor(rand() * m.nodes.length) : -1;
    const n = target < 0 ? undefined : m.nodes[target];
    const p = pod(randomPodSpec(rand, 1000 + step), n?.name, n?.internalIP);
    // The builder keeps pods sorted, so a new one may land anywhere in the list.
    return [withPods(m, target, (pods) => pods.splice(Math.floor(rand() * (pods.length + 1)), 0, p)), `add pod ${p.uid} to ${n?.uid ?? 'unscheduled'}`];
  }
  if (op === 5) {
    const from = pick(rand, slots);
    const p = podAt(m, from);
    const to = m.nodes.length && chance(rand, 0.8) ? Math.floor(rand() * m.nodes.length) : -1;
    const moved = { ...p, nodeName: to < 0 ? undefined : m.nodes[to].name };
    let next = withPods(m, from.node, (pods) => pods.splice(from.index, 1));
    next = withPods(next, to, (pods) => pods.splice(Math.floor(rand() * (pods.length + 1)), 0, moved));
    return [next, `move pod ${p.uid} to ${to < 0 ? 'unscheduled' : m.nodes[to].uid}`];
  }
  if (op === 6) {
    const n = randomNode(rand, 500 + step);
    const nodes = m.nodes.slice();
    nodes.splice(Math.floor(rand() * (nodes.length + 1)), 0, n);
    return [{ ...m, nodes }, `add node ${n.uid}`];
  }
  if (op === 7 && m.nodes.length) {
    const i = Math.floor(rand() * m.nodes.length);
    const nodes = m.nodes.slice();
    const [gone] = nodes.splice(i, 1);
    // Its pods go back to pending, or vanish with it.
    const unscheduled = chance(rand, 0.5) ? [...m.unscheduled, ...gone.pods.map((p) => ({ ...p, nodeName: undefined }))] : m.unscheduled;
    return [{ ...m, nodes, unscheduled }, `remove node ${gone.uid}`];
  }
  if (op === 8 && m.nodes.length) {
    const i = Math.floor(rand() * m.nodes.length);
    return [withNode(m, i, (n) => modifyNode(rand, n, step)), `modify node ${m.nodes[i].uid}`];
  }
  if (op === 9 && m.nodes.length >= 2) {
    // Two nodes trade places: their row positions change, their sizes do not.
    const nodes = m.nodes.slice();
    const i = Math.floor(rand() * nodes.length);
    const j = Math.floor(rand() * nodes.length);
    [nodes[i], nodes[j]] = [nodes[j], nodes[i]];
    return [{ ...m, nodes }, `swap nodes ${i} and ${j}`];
  }
  if (op === 10 && slots.length && m.nodes.length) {
    // A uid held twice: the layout draws the first one only.
    const p = podAt(m, pick(rand, slots));
    const to = Math.floor(rand() * m.nodes.length);
    return [withPods(m, to, (pods) => pods.push({ ...p, name: `${p.name}-twin` })), `duplicate uid ${p.uid}`];
  }
  const gaps = chance(rand, 0.5) ? [...m.gaps, { resource: 'pods' as const, reason: 'forbidden' as const, message: `denied ${step}` }] : [];
  return [{ ...m, gaps, stats: { ...m.stats, pods: m.stats.pods + 1 }, source: { ...m.source, name: `renamed ${step}` } }, 'header'];
}

// ---------------------------------------------------------------- the property

function generated(): AnatomyModel {
  return buildModel(generateClusterObjects({ nodes: 8, pods: 160, seed: 3 }), { kind: 'snapshot', name: 'generated', namespaces: [] });
}

const BASES: Array<[string, () => AnatomyModel]> = [
  ['kind', kindCluster],
  ['hostile', hostileCluster],
  ['sample', sampleModel],
  ['big', () => bigCluster(90, 7)],
  ['generated', generated],
];

/**
 * Runs `steps` random changes from `base`, laying each model out through
 * `memo` and from scratch with the same options (the same previous layout
 * included), and fails at the first difference.
 */
function runSequence(memo: LayoutMemo, base: AnatomyModel, seed: number, steps: number, startDetail: Detail): void {
  const rand = random(seed);
  let model = base;
  let detail = startDetail;
  const history: ClusterLayout[] = [];
  let last: ClusterLayout | undefined;
  for (let step = 0; step <= steps; step++) {
    let what = 'start';
    if (step > 0) {
      const changes = 1 + Math.floor(rand() * 3);
      const done: string[] = [];
      for (let c = 0; c < changes; c++) {
        const [next, did] = change(rand, model, step * 10 + c);
        model = next;
        done.push(did);
      }
      what = done.join('; ');
      // As the app gets it today: every object new, equal where nothing changed.
      if (chance(rand, 0.3)) {
        model = structuredClone(model);
        what += '; all objects new';
      }
    }
    if (chance(rand, 0.08)) detail = pick(rand, (['full', 'cards', 'compact'] as const).filter((d) => d !== detail));
    const options: LayoutOptions = { detail };
    if (chance(rand, 0.1)) options.maxWidth = pick(rand, [600, 1000, 2400, 4000]);
    if (chance(rand, 0.1)) options.aspect = pick(rand, [16 / 9, 1, 9 / 16]);
    const r = rand();
    // Mostly the memo's own last layout, as the app passes it; sometimes none, an older one, or an equal copy.
    if (r < 0.7) options.previous = last;
    else if (r < 0.8) options.previous = undefined;
    else if (r < 0.9) options.previous = history.length ? pick(rand, history) : last;
    else options.previous = last && structuredClone(last);

    const fresh = layoutCluster(model, options);
    const incremental = layoutCluster(model, options, memo);
    assert.deepStrictEqual(incremental, fresh, `seed ${seed}, step ${step} (${what}): the memoized layout differs from the fresh one`);
    history.push(incremental);
    if (history.length > 5) history.shift();
    last = incremental;
  }
}

describe('memoized layout equals the layout from scratch', () => {
  for (const [name, make] of BASES) {
    it(`after each of random changes to the ${name} model`, () => {
      for (const seed of [1, 2, 3, 4, 5, 6]) runSequence(createLayoutMemo(), make(), seed * 7919 + name.length, 30, (['full', 'compact', 'cards'] as const)[seed % 3]);
    });
  }

  it('fails when the memo calls two different pods the same (uid only)', () => {
    const uidOnly: Sameness = { node: LAYOUT_SAMENESS.node, pod: (a, b) => a.uid === b.uid };
    assert.throws(() => {
      for (const seed of [1, 2, 3]) runSequence(createLayoutMemo(uidOnly), kindCluster(), seed, 30, 'full');
    }, assert.AssertionError);
  });

  it('fails when the memo ignores a node field the layout reads (ready)', () => {
    const noReady: Sameness = { pod: LAYOUT_SAMENESS.pod, node: (a, b) => LAYOUT_SAMENESS.node({ ...a, ready: b.ready }, b) };
    assert.throws(() => {
      for (const seed of [1, 2, 3, 4, 5, 6]) runSequence(createLayoutMemo(noReady), bigCluster(40, 5), seed, 40, 'full');
    }, assert.AssertionError);
  });

  it('starts over after a layout that threw', () => {
    const memo = createLayoutMemo();
    const good = kindCluster();
    const first = layoutCluster(good, {}, memo);
    // A null container cannot be laid out in full detail.
    const bad = withPods(good, 1, (pods) => (pods[0] = { ...pods[0], containers: [null as never] }));
    assert.throws(() => layoutCluster(bad, { previous: first }, memo), TypeError);
    const next = withPods(good, 2, (pods) => (pods[0] = { ...pods[0], status: 'Failed' }));
    assert.deepStrictEqual(layoutCluster(next, { previous: first }, memo), layoutCluster(next, { previous: first }));
  });

  it('remembers the slots of a node whose uid is not a string, as the boxes name it', () => {
    // Hostile input: the boxes carry String(uid), so the slot memory is looked up by that.
    const base = withNode(kindCluster(), 1, (n) => ({ ...n, uid: 4242 as unknown as string }));
    const memo = createLayoutMemo();
    const first = layoutCluster(base, {}, memo);
    const next = withPods(base, 1, (pods) => pods.unshift(pod({ name: 'aaa-first', containers: [] }, base.nodes[1].name)));
    const fresh = layoutCluster(next, { previous: first });
    assert.deepStrictEqual(layoutCluster(next, { previous: first }, memo), fresh);
    for (const p of first.pods.filter((q) => q.nodeUid === '4242')) assert.equal(fresh.pods.find((q) => q.uid === p.uid)?.slot, p.slot, `${p.name} kept its slot`);
  });

  it('refuses a memo it did not make', () => {
    assert.throws(() => layoutCluster(kindCluster(), {}, { stats: {} } as LayoutMemo), /createLayoutMemo/);
  });
});

// ---------------------------------------------------------------- how much is laid out again

/** Lays out `base`, changes one pod on node `at`, lays out again; returns what the second layout did. */
function statsAfter(memo: LayoutMemo, base: AnatomyModel, detail: Detail, at: number, edit: (p: PodModel) => PodModel, allNew: boolean): LayoutStats {
  const first = layoutCluster(base, { detail }, memo);
  let next = withPods(base, at, (pods) => (pods[2] = edit(pods[2])));
  if (allNew) next = structuredClone(next);
  const second = layoutCluster(next, { detail, previous: first }, memo);
  assert.deepStrictEqual(second, layoutCluster(next, { detail, previous: first }));
  return memo.stats;
}

/** Changing one pod's status lays out its node and nothing else, however the new model was made. */
function assertOneNodeRelaid(makeMemo: () => LayoutMemo): void {
  const base = bigCluster(400, 20);
  for (const detail of ['full', 'cards', 'compact'] as const) {
    for (const allNew of [false, true]) {
      const at = 7;
      const stats = statsAfter(makeMemo(), base, detail, at, (p) => ({ ...p, status: 'CrashLoopBackOff', ready: false }), allNew);
      const how = `${detail}, ${allNew ? 'all objects new' : 'one object new'}`;
      assert.deepEqual(stats.planned, [base.nodes[at].uid], `${how}: planned again`);
      assert.deepEqual(stats.placed, [base.nodes[at].uid], `${how}: laid out again`);
      assert.deepEqual(stats.shifted, [], `${how}: nothing moved`);
      assert.equal(stats.reused, stats.grids - 1, `${how}: every other node reused`);
    }
  }
}

describe('a change to one pod lays out only its node', () => {
  it('changing one pod lays out exactly one node again', () => {
    assertOneNodeRelaid(() => createLayoutMemo());
  });

  it('fails with a memo that cannot tell equal pods from changed ones', () => {
    const never: Sameness = { node: () => false, pod: () => false };
    assert.throws(() => assertOneNodeRelaid(() => createLayoutMemo(never)), assert.AssertionError);
  });

  it('a pod that grows lays out its node; the nodes below shift without being laid out', () => {
    const base = bigCluster(120, 12);
    const at = 3;
    const grow = (p: PodModel): PodModel => ({ ...p, containers: [...p.containers, { ...p.containers[0], uid: `${p.uid}/app/extra`, name: 'extra' }] });
    const memo = createLayoutMemo();
    const stats = statsAfter(memo, base, 'full', at, grow, false);
    assert.deepEqual(stats.planned, [base.nodes[at].uid]);
    assert.deepEqual(stats.placed, [base.nodes[at].uid]);
    assert.ok(stats.shifted.length > 0, 'the rows below moved down');
    assert.equal(stats.reused + stats.shifted.length + 1, stats.grids);
  });

  it('an unchanged model, every object new, lays out nothing again', () => {
    const memo = createLayoutMemo();
    const base = sampleModel();
    const first = layoutCluster(base, {}, memo);
    layoutCluster(structuredClone(base), { previous: first }, memo);
    assert.deepEqual(memo.stats.planned, []);
    assert.deepEqual(memo.stats.placed, []);
    assert.equal(memo.stats.reused, memo.stats.grids);
  });

  it('a change to an unscheduled pod lays out the unscheduled band only', () => {
    const memo = createLayoutMemo();
    const base = kindCluster();
    const first = layoutCluster(base, {}, memo);
    const next = withPods(base, -1, (pods) => (pods[0] = { ...pods[0], status: 'Failed' }));
    layoutCluster(next, { previous: first }, memo);
    assert.deepEqual(memo.stats.placed, ['']);
  });
});

// ---------------------------------------------------------------- sameness reads every field the layout reads

type Path = Array<string | number>;

function leafPaths(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (path.length) out.push(path);
  if (typeof value === 'object' && value !== null) {
    for (const key of Array.isArray(value) ? value.keys() : Object.keys(value)) {
      leafPaths((value as Record<string | number, unknown>)[key], [...path, key], out);
    }
  }
  return out;
}

/** Other values for whatever sits at a path: another of its kind, and of other kinds. */
function variants(value: unknown): Array<(parent: Record<string | number, unknown>, key: string | number) => void> {
  const set = (v: unknown) => (parent: Record<string | number, unknown>, key: string | number) => void (parent[key] = v);
  const drop = (parent: Record<string | number, unknown>, key: string | number) => void delete parent[key];
  const common = [set(undefined), set(null), drop];
  if (typeof value === 'string') return [set(value + 'x'), set(''), set(7), ...common];
  if (typeof value === 'number') return [set(value + 1), set(value === 0 ? -0 : 0), set(NaN), set(String(value)), ...common];
  if (typeof value === 'boolean') return [set(!value), set(value ? 1 : 0), ...common];
  if (Array.isArray(value)) return [set([]), set([...value, ...value.slice(-1)]), set('list'), ...common];
  if (typeof value === 'object' && value !== null) return [set({}), set('object'), ...common];
  return [set('x'), set(0), set({}), set(false)];
}

function outcome(model: AnatomyModel, detail: Detail): ClusterLayout | string {
  try {
    return layoutCluster(model, { detail });
  } catch (error) {
    return `throws ${(error as Error).name}`;
  }
}

interface Subject {
  what: string;
  /** A small model holding the entry (a node with its pods, or one pod). */
  model: AnatomyModel;
  entry: Record<string | number, unknown>;
  /** The model with the entry replaced by a changed copy. */
  with(changed: Record<string | number, unknown>): AnatomyModel;
  same(original: Record<string | number, unknown>, changed: Record<string | number, unknown>, detail: Detail): boolean;
}

function subjects(same: Sameness, base: AnatomyModel): Subject[] {
  const out: Subject[] = [];
  for (const n of base.nodes) {
    // The node with its pods, whose boxes read the node too; the pods are compared on their own.
    const model: AnatomyModel = { ...base, nodes: [n], unscheduled: [] };
    const { pods, ...fields } = n;
    out.push({
      what: `node ${n.name}`,
      model,
      entry: fields,
      with: (changed) => ({ ...model, nodes: [{ ...(changed as unknown as NodeModel), pods }] }),
      same: (a, b) => same.node({ ...(a as unknown as NodeModel), pods }, { ...(b as unknown as NodeModel), pods }),
    });
    for (const p of n.pods) {
      const holder = { ...n, pods: [p] };
      out.push({
        what: `pod ${p.name}`,
        model: { ...base, nodes: [holder], unscheduled: [] },
        entry: p as unknown as Record<string, unknown>,
        with: (changed) => ({ ...base, nodes: [{ ...holder, pods: [changed as unknown as PodModel] }], unscheduled: [] }),
        same: (a, b, detail) => same.pod(a as unknown as PodModel, b as unknown as PodModel, detail),
      });
    }
  }
  for (const p of base.unscheduled) {
    out.push({
      what: `unscheduled pod ${p.name}`,
      model: { ...base, nodes: [], unscheduled: [p] },
      entry: p as unknown as Record<string, unknown>,
      with: (changed) => ({ ...base, nodes: [], unscheduled: [changed as unknown as PodModel] }),
      same: (a, b, detail) => same.pod(a as unknown as PodModel, b as unknown as PodModel, detail),
    });
  }
  return out;
}

/**
 * For every field of every node and pod of `base`, and several other values
 * in it: when `same` calls the changed entry equal to the original, the
 * layout must not change.
 */
function assertSamenessComplete(same: Sameness, base: AnatomyModel): void {
  for (const subject of subjects(same, base)) {
    const before = { full: outcome(subject.model, 'full'), cards: outcome(subject.model, 'cards'), compact: outcome(subject.model, 'compact') };
    for (const path of leafPaths(subject.entry)) {
      const value = path.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], subject.entry);
      for (const apply of variants(value)) {
        const changed = structuredClone(subject.entry);
        applyAt(changed, path, apply);
        for (const detail of ['full', 'cards', 'compact'] as const) {
          if (!subject.same(subject.entry, changed, detail)) continue;
          assert.deepStrictEqual(
            outcome(subject.with(changed), detail),
            before[detail],
            `${subject.what}: ${path.join('.')} changed, the memo calls it the same (${detail}), but the layout differs`,
          );
        }
      }
    }
  }
}

function applyAt(root: Record<string | number, unknown>, path: Path, apply: (parent: Record<string | number, unknown>, key: string | number) => void): void {
  let parent = root;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  apply(parent, path[path.length - 1]);
}

describe('what the memo compares is all the layout reads', () => {
  for (const [name, make] of [['kind', kindCluster], ['hostile', hostileCluster], ['sample', sampleModel]] as const) {
    it(`no field of the ${name} model changes the layout unless the memo sees it change`, () => {
      assertSamenessComplete(LAYOUT_SAMENESS, make());
    });
  }

  it('fails when the memo leaves out a field the layout reads (a pod\'s status)', () => {
    const noStatus: Sameness = { node: LAYOUT_SAMENESS.node, pod: (a, b, d) => LAYOUT_SAMENESS.pod({ ...a, status: b.status }, b, d) };
    assert.throws(() => assertSamenessComplete(noStatus, kindCluster()), assert.AssertionError);
  });

  it('fails when the memo leaves out a container field the layout reads (its image)', () => {
    const noImage: Sameness = {
      node: LAYOUT_SAMENESS.node,
      pod: (a, b, d) => LAYOUT_SAMENESS.pod({ ...a, containers: a.containers.map((c, i) => ({ ...c, image: b.containers?.[i]?.image ?? c.image })) }, b, d),
    };
    assert.throws(() => assertSamenessComplete(noImage, kindCluster()), assert.AssertionError);
  });
});
