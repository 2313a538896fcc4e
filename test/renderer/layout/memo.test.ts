// The memoized layout against the layout from scratch: after every step of
// random model changes, layoutCluster(model, options, memo) must deep-equal
// layoutCluster(model, options) given the same previous layout; changing one
// pod must lay out exactly one node again; and two model entries the memo
// calls the same must lay out the same. Each check is also run against a
// deliberately broken memo, to show that it can fail.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AnatomyModel, NodeModel, PodModel } from '../../../main/model/types.ts';
import { layoutCluster, startLayout } from '../../../renderer/layout/cluster.ts';
import { createLayoutMemo, joinLists, LAYOUT_SAMENESS, memoState, type LayoutMemo, type LayoutStats, type Sameness } from '../../../renderer/layout/memo.ts';
import type { ClusterLayout, Detail, LayoutOptions } from '../../../renderer/layout/types.ts';
import { bigCluster, hostileCluster, kindCluster, pod, sampleModel } from '../../fixtures/anatomy-models.ts';
import { chance, change, changeBases, pick, withNode, withPods } from '../../fixtures/model-changes.ts';
import { random } from '../../fixtures/random.ts';

// ---------------------------------------------------------------- the property

const BASES = changeBases();

/**
 * Runs `steps` random changes from `base`, laying each model out through
 * `memo` and from scratch with the same options (the same previous layout
 * included), and fails at the first difference.
 */
function runSequence(memo: LayoutMemo, base: AnatomyModel, seed: number, steps: number, startDetail: Detail, lay: Lay = whole): void {
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
    const incremental = lay(rand, model, options, memo);
    assert.deepStrictEqual(incremental, fresh, `seed ${seed}, step ${step} (${what}): the memoized layout differs from the fresh one`);
    history.push(incremental);
    if (history.length > 5) history.shift();
    last = incremental;
  }
}

type Lay = (rand: () => number, model: AnatomyModel, options: LayoutOptions, memo: LayoutMemo) => ClusterLayout;

const whole: Lay = (_rand, model, options, memo) => layoutCluster(model, options, memo);

/**
 * As the warm-up lays out (canvas.ts): in parts of random sizes, and now and
 * then cancelled half-way, or overtaken by a whole layout on the same memo,
 * after which the memo must be as good as new.
 */
const inParts: Lay = (rand, model, options, memo) => {
  const steps = startLayout(model, options, memo);
  for (let calls = 0; ; calls++) {
    const r = rand();
    if (calls > 0 && r < 0.04) {
      steps.cancel();
      assert.throws(() => steps.run(() => true), /cancelled/);
      return layoutCluster(model, options, memo);
    }
    if (calls > 0 && r < 0.08) {
      const overtaken = layoutCluster(model, options, memo);
      assert.ok(steps.ended, 'a layout on the same memo ends the one in parts');
      assert.throws(() => steps.run(() => true), /cancelled/);
      return overtaken;
    }
    const size = 1 + Math.floor(rand() * 6);
    let parts = 1;
    const done = steps.run(() => parts++ < size);
    if (done) return done;
  }
};

describe('memoized layout equals the layout from scratch', () => {
  for (const [name, make] of BASES) {
    it(`after each of random changes to the ${name} model`, () => {
      for (const seed of [1, 2, 3, 4, 5, 6]) runSequence(createLayoutMemo(), make(), seed * 7919 + name.length, 30, (['full', 'compact', 'cards'] as const)[seed % 3]);
    });
  }

  for (const [name, make] of BASES.slice(0, 4)) {
    it(`made in parts, cancelled or overtaken half-way, after each of random changes to the ${name} model`, () => {
      for (const seed of [1, 2, 3]) runSequence(createLayoutMemo(), make(), seed * 104729 + name.length, 25, (['full', 'compact', 'cards'] as const)[seed % 3], inParts);
    });
  }

  it('in parts, a part is at most a node: a layout of n nodes takes more than 2n parts, and a part at a time gives what one call does', () => {
    const model = bigCluster(40, 5);
    for (const detail of ['full', 'compact', 'cards'] as const) {
      const steps = startLayout(model, { detail, aspect: 16 / 10 });
      let parts = 0;
      let done: ClusterLayout | undefined;
      while (!(done = steps.run(() => false))) parts++;
      assert.ok(parts > 2 * model.nodes.length, `${detail}: ${parts} parts for ${model.nodes.length} nodes`);
      assert.deepStrictEqual(done, layoutCluster(model, { detail, aspect: 16 / 10 }));
      assert.equal(steps.run(() => true), done, 'once done, it gives the same layout again');
    }
  });

  it('a layout in parts that throws leaves the memo to start over', () => {
    const memo = createLayoutMemo();
    const good = kindCluster();
    const first = layoutCluster(good, {}, memo);
    const bad = withPods(good, 1, (pods) => (pods[0] = { ...pods[0], containers: [null as never] }));
    const steps = startLayout(bad, { previous: first }, memo);
    assert.throws(() => steps.finish(), TypeError);
    assert.ok(steps.ended);
    const next = withPods(good, 2, (pods) => (pods[0] = { ...pods[0], status: 'Failed' }));
    assert.deepStrictEqual(layoutCluster(next, { previous: first }, memo), layoutCluster(next, { previous: first }));
  });

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
      // In the node laid out again, every other pod keeps its boxes.
      assert.equal(stats.podsKept, base.nodes[at].pods.length - 1, `${how}: the node's other pods kept`);
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

  it('keeps the very boxes of the pods beside the one that changed, came or went, and only of those laid out alike', () => {
    const base = bigCluster(200, 10);
    const at = 4;
    for (const detail of ['full', 'cards', 'compact'] as const) {
      const memo = createLayoutMemo();
      const first = layoutCluster(base, { detail }, memo);
      const pods = base.nodes[at].pods;
      // One pod changes, one goes (its slot stays empty), one comes (it takes the free slot).
      const next = withPods(base, at, (list) => {
        list[1] = { ...list[1], status: 'Failed', ready: false };
        list.splice(5, 1);
        list.push({ ...list[0], uid: 'new-pod-uid', name: 'zz-new' });
      });
      const second = layoutCluster(next, { detail, previous: first }, memo);
      assert.deepStrictEqual(second, layoutCluster(next, { detail, previous: first }), detail);
      const boxOf = (layout: ClusterLayout, uid: string) => layout.pods.find((p) => p.uid === uid);
      for (const pod of pods) {
        const kept = boxOf(second, pod.uid) === boxOf(first, pod.uid);
        const same = pod.uid !== pods[1].uid && pod.uid !== pods[5].uid;
        assert.equal(kept, same, `${detail}: ${pod.name} ${same ? 'keeps' : 'does not keep'} its box`);
      }
      assert.equal(memo.stats.podsKept, pods.length - 2, detail);
    }
  });

  it('keeps no pod box whose look comes from a node field that changed (a host-network pod without a hostIP shows its node\'s address)', () => {
    const base = bigCluster(40, 4);
    const at = 1;
    const hostPod = (p: PodModel): PodModel => ({ ...p, hostNetwork: true, podIP: undefined, podIPs: [], hostIP: undefined });
    const start = withPods(base, at, (list) => (list[0] = hostPod(list[0])));
    for (const detail of ['full', 'cards', 'compact'] as const) {
      const memo = createLayoutMemo();
      const first = layoutCluster(start, { detail }, memo);
      // The node's address changes and one of its pods: the grid is laid out again.
      let next = withNode(start, at, (n) => ({ ...n, internalIP: '172.31.9.9' }));
      next = withPods(next, at, (list) => (list[2] = { ...list[2], status: 'Failed' }));
      const second = layoutCluster(next, { detail, previous: first }, memo);
      assert.deepStrictEqual(second, layoutCluster(next, { detail, previous: first }), detail);
      assert.equal(second.pods.find((p) => p.uid === start.nodes[at].pods[0].uid)?.ip, '172.31.9.9', detail);
    }
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

describe('the memo tells when no pod uid repeats', () => {
  it('filters nothing but invalid entries while uids are unique, and gives up (undefined) exactly while one repeats', () => {
    const [a, b, c] = bigCluster(60, 4).nodes.map((n) => n.pods).filter((pods) => pods.length >= 3);
    assert.ok(c, 'three nodes with pods');
    const memo = memoState(createLayoutMemo());
    const unique = (lists: PodModel[][], keys = ['a', 'b', 'c'].slice(0, lists.length)) => memo.uniqueLists(keys, lists);
    assert.deepEqual(unique([a, b, c]), [a, b, c]);
    const nulls = [null as unknown as PodModel, ...b, { ...b[0], uid: '' }];
    assert.deepEqual(unique([a, nulls, c]), [a, b, c], 'invalid entries dropped');
    // A uid of a listed again in c: a repeat, until it goes.
    const twin = [...c, { ...a[2], name: 'twin' }];
    assert.equal(unique([a, b, twin]), undefined);
    assert.equal(unique([a, b, twin]), undefined, 'still');
    assert.deepEqual(unique([a, b, c]), [a, b, c], 'the twin gone, unique again');
    // A grid gone takes its uids with it: its pods may then be listed elsewhere.
    assert.deepEqual(unique([a, [...b, ...c]], ['a', 'b']), [a, [...b, ...c]]);
    assert.deepEqual(unique([a, b, c]), [a, b, c]);
    // Within one list, too.
    assert.equal(unique([a, [...b, b[1]], c]), undefined);
    assert.deepEqual(unique([a, b, c]), [a, b, c]);
  });

  it('hands out the same list for a grid while its entries are the same objects, a copy of its own, and a new one when they change', () => {
    const [a, b, c] = bigCluster(60, 4).nodes.map((n) => n.pods).filter((pods) => pods.length >= 3);
    const memo = memoState(createLayoutMemo());
    const keys = ['a', 'b', 'c'];
    const first = memo.uniqueLists(keys, [a, b, c])!;
    assert.ok(first.every((list, i) => list !== [a, b, c][i]), 'copies, never the model\'s own lists');
    // The model's lists made again with the same pods (a patch elsewhere): the same lists handed out.
    const again = memo.uniqueLists(keys, [a.slice(), b, c.slice()])!;
    assert.ok(again.every((list, i) => list === first[i]), 'the same lists');
    const b2 = [...b.slice(0, -1), { ...b[b.length - 1], status: 'Failed' }];
    const changed = memo.uniqueLists(keys, [a, b2, c])!;
    assert.deepEqual([changed[0] === first[0], changed[1] === first[1], changed[2] === first[2]], [true, false, true]);
    assert.deepEqual(changed[1], b2);
  });

  it('reads nothing of a list it was given last time (a node a patch left alone keeps its list)', () => {
    const [a, b] = bigCluster(60, 4).nodes.map((n) => n.pods).filter((pods) => pods.length >= 3);
    let reads = 0;
    const watched = (list: PodModel[]) => new Proxy(list, { get: (target, key, receiver) => (typeof key === 'string' && /^\d+$/.test(key) && reads++, Reflect.get(target, key, receiver)) });
    const memo = memoState(createLayoutMemo());
    const [wa, wb] = [watched(a), watched(b)];
    memo.uniqueLists(['a', 'b'], [wa, wb]);
    assert.ok(reads >= a.length + b.length, 'read the first time');
    reads = 0;
    const again = memo.uniqueLists(['a', 'b'], [wa, wb])!;
    assert.equal(reads, 0, 'not read again');
    assert.deepEqual(again, [a, b]);
  });

  it('compares a grid\'s pods one by one only when its list changed, and not again after an equal copy was taken in', () => {
    const model = bigCluster(60, 4);
    const memo = createLayoutMemo();
    const grids = (m: AnatomyModel) => m.nodes.length + (m.unscheduled.length ? 1 : 0);
    let layout = layoutCluster(model, { detail: 'compact' }, memo);
    // The same model again: every grid known by its list.
    layout = layoutCluster(model, { detail: 'compact', previous: layout }, memo);
    assert.deepEqual([memo.stats.compared, memo.stats.reused], [0, grids(model)]);
    // One pod of one node an equal copy (the same fields): that grid compared, and laid out as it was.
    const at = model.nodes.findIndex((n) => n.pods.length >= 2);
    const next = { ...model, nodes: model.nodes.map((n, i) => (i === at ? { ...n, pods: n.pods.map((p, j) => (j === 0 ? { ...p } : p)) } : n)) };
    layout = layoutCluster(next, { detail: 'compact', previous: layout }, memo);
    assert.deepEqual([memo.stats.compared, memo.stats.planned.length], [1, 0]);
    assert.deepEqual(layout, layoutCluster(next, { detail: 'compact' }));
    // Then unchanged: none compared again.
    layout = layoutCluster({ ...next }, { detail: 'compact', previous: layout }, memo);
    assert.equal(memo.stats.compared, 0);
    assert.deepEqual(layout, layoutCluster(next, { detail: 'compact' }));
  });
});


describe('joinLists (the memo joins its grids’ boxes)', () => {
  it('gives the head and then every list in order, past the count of lists it joins at a time', () => {
    for (const count of [0, 1, 3, 4096, 4097, 10_001]) {
      const lists = Array.from({ length: count }, (_, i) => (i % 3 === 0 ? [] : [i, -i]));
      const expected = [7, 8, ...lists.flat()];
      assert.deepEqual(joinLists([7, 8], lists), expected, `${count} lists`);
    }
  });
});
