// The accessible tree beside the canvas must read exactly as the SVG does:
// the same data-kind elements, in the same order, with the same semantic
// attributes and the same ancestors. And a sync after a live change must keep
// the elements of what stayed, touch nothing else, and end where a fresh
// tree would.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { buildModel } from '../../../main/model/index.ts';
import type { ClusterObjects, KubeObject } from '../../../main/model/kube.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { loadDemo } from '../../../main/snapshot/demo-asset.ts';
import { createAccessibleTree, type AccessibleTree } from '../../../renderer/draw/a11y-tree.ts';
import { drawCluster, SVG_NS } from '../../../renderer/draw/cluster.ts';
import { createLayoutMemo, layoutCluster, type ClusterLayout, type Detail, type LayoutMemo, type PodBox } from '../../../renderer/layout/index.ts';
import { buildScene, sceneDelta, updateScene, type Scene } from '../../../renderer/scene/scene.ts';
import { semanticAttributes, tooltipOf } from '../../../renderer/scene/semantic.ts';
import { bigCluster, HOSTILE_IMG, HOSTILE_SCRIPT, hostileCluster, kindCluster } from '../../fixtures/anatomy-models.ts';
import { chance, change, pick } from '../../fixtures/model-changes.ts';
import { random } from '../../fixtures/random.ts';

const DETAILS: Detail[] = ['full', 'cards', 'compact'];
const BIDI = '\u202Eexe.gnp\u202C\u2067evil\u2069';

function demoModel(objects: ClusterObjects = loadDemo()): AnatomyModel {
  return buildModel(objects, { kind: 'demo', name: 'demo', namespaces: [] });
}

function newDocument(): Document {
  return parseHTML('<!doctype html><html><body></body></html>').document as unknown as Document;
}

function newHost(document = newDocument()): HTMLElement {
  const host = document.createElement('div');
  document.body.appendChild(host);
  return host;
}

function drawSvg(model: AnatomyModel, layout: ClusterLayout): SVGSVGElement {
  const document = newDocument();
  const svg = document.createElementNS(SVG_NS, 'svg') as unknown as SVGSVGElement;
  document.body.appendChild(svg);
  drawCluster(svg, model, layout);
  return svg;
}

function treeOf(scene: Scene, host = newHost()): AccessibleTree {
  const tree = createAccessibleTree(host);
  tree.sync(scene);
  return tree;
}

// What a screen reader or a test reads of an object: data-*, role, aria-label, class, and the tooltip.
const readable = (name: string) => name.startsWith('data-') || name === 'role' || name === 'aria-label' || name === 'class';

interface Row {
  attrs: Record<string, string>;
  ancestors: string[];
}

/** Every data-kind element under root in document order, with its readable attributes and its data-kind ancestors. */
function rows(root: Element, tooltip: (el: Element) => string | null): Row[] {
  const out: Row[] = [];
  for (const el of Array.from(root.querySelectorAll('[data-kind]'))) {
    // The header is the picture's title lines, no object of the cluster (the scene has no item for it).
    if (el.getAttribute('data-kind') === 'header') continue;
    const pairs = Array.from(el.attributes, (a) => [a.name, a.value] as [string, string]).filter(([name]) => readable(name));
    const tip = tooltip(el);
    if (tip !== null) pairs.push(['tooltip', tip]);
    pairs.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const ancestors: string[] = [];
    for (let p = el.parentElement; p && p !== root; p = p.parentElement) {
      const kind = p.getAttribute('data-kind');
      if (kind !== null) ancestors.unshift(`${kind} ${p.getAttribute('data-uid') ?? p.getAttribute('data-band')}`);
    }
    out.push({ attrs: Object.fromEntries(pairs), ancestors });
  }
  return out;
}

const svgTooltip = (el: Element) => {
  const first = el.firstElementChild;
  return first && first.localName === 'title' ? first.textContent : null;
};
const treeTooltip = (el: Element) => el.getAttribute('title');

/** Everything in the tree, every attribute: what two trees must share to be the same tree. */
function dump(host: Element): string[] {
  const depth = (el: Element): number => (el.parentElement && el.parentElement !== host ? 1 + depth(el.parentElement) : 0);
  return Array.from(host.querySelectorAll('*'), (el) => {
    const attrs = Array.from(el.attributes, (a) => `${a.name}=${JSON.stringify(a.value)}`).sort();
    return `${depth(el)} ${el.localName} ${attrs.join(' ')}`;
  });
}

// Elements go into messages by uid: printing a linkedom element prints its whole document.
const uids = (els: Iterable<Element>) => Array.from(els, (el) => el.getAttribute('data-uid') ?? el.getAttribute('data-band') ?? el.localName).sort();

interface Calls {
  set: Set<Element>;
  /** Elements whose attributes were read back. */
  read: Set<Element>;
  removed: Array<[Element, string]>;
  inserted: number;
  restore(): void;
}

/** Counts the DOM writes made on <div>s (the tree's elements and its host) until restore(). */
function spy(document: Document): Calls {
  const proto = Object.getPrototypeOf(document.createElement('div')) as HTMLElement;
  const own = ['setAttribute', 'getAttribute', 'removeAttribute', 'insertBefore', 'appendChild'].map((k) => [k, Object.getOwnPropertyDescriptor(proto, k)] as const);
  const calls: Calls = {
    set: new Set(),
    read: new Set(),
    removed: [],
    inserted: 0,
    restore() {
      for (const [k, d] of own) {
        if (d) Object.defineProperty(proto, k, d);
        else delete (proto as unknown as Record<string, unknown>)[k];
      }
    },
  };
  const setAttribute = proto.setAttribute;
  const getAttribute = proto.getAttribute;
  const removeAttribute = proto.removeAttribute;
  const insertBefore = proto.insertBefore;
  const appendChild = proto.appendChild;
  Object.assign(proto, {
    setAttribute(this: Element, name: string, value: string) {
      calls.set.add(this);
      return setAttribute.call(this, name, value);
    },
    getAttribute(this: Element, name: string) {
      calls.read.add(this);
      return getAttribute.call(this, name);
    },
    removeAttribute(this: Element, name: string) {
      calls.removed.push([this, name]);
      return removeAttribute.call(this, name);
    },
    insertBefore(this: Node, node: Node, before: Node | null) {
      calls.inserted++;
      return insertBefore.call(this, node, before);
    },
    appendChild(this: Node, node: Node) {
      calls.inserted++;
      return appendChild.call(this, node);
    },
  });
  return calls;
}

describe('accessible tree against the SVG', () => {
  for (const detail of DETAILS) {
    it(`reads as the SVG does, element for element, at ${detail} detail`, () => {
      const model = demoModel();
      const layout = layoutCluster(model, { detail });
      const svg = drawSvg(model, layout);
      const tree = treeOf(buildScene(layout));
      const fromSvg = rows(svg as unknown as Element, svgTooltip);
      const fromTree = rows(tree.root, treeTooltip);
      assert.ok(fromSvg.some((r) => r.attrs['data-kind'] === 'pod'), 'the SVG has pods to compare');
      if (detail === 'full') {
        for (const kind of ['container', 'volume', 'mount']) assert.ok(fromSvg.some((r) => r.attrs['data-kind'] === kind), `the SVG has ${kind}s to compare`);
      }
      assert.deepEqual(fromTree, fromSvg);
    });
  }

  it('puts nothing but its divs in the host, one per scene item, with keyboard stops on nodes and pods', () => {
    const scene = buildScene(layoutCluster(demoModel(), { detail: 'full' }));
    const tree = treeOf(scene);
    const all = Array.from(tree.root.querySelectorAll('*'));
    // One per item, and the caption first.
    assert.equal(all.length, scene.items.length + 1);
    assert.ok(all.every((el) => el.localName === 'div'));
    assert.equal(tree.root.firstElementChild?.getAttribute('data-kind'), 'header');
    assert.equal(tree.root.firstElementChild?.textContent, scene.layout.header.map((t) => t.text).join('\n'));
    for (const item of scene.items) {
      const el = tree.element(item.uid)!;
      assert.ok(el, `${item.kind} ${item.uid} has an element`);
      assert.equal(el.getAttribute('tabindex'), item.kind === 'node' || item.kind === 'pod' ? '0' : null, `tabindex of ${item.kind}`);
    }
    assert.ok(tree.element('no such uid') === undefined);
  });

  it('gives each element exactly its item\'s attributes (semantic, class, tooltip, keyboard stop), of every kind, and no other', () => {
    for (const detail of DETAILS) {
      const scene = buildScene(layoutCluster(demoModel(), { detail }));
      const tree = treeOf(scene);
      const kinds = new Set<string>();
      for (const item of scene.items) {
        kinds.add(item.kind);
        const el = tree.element(item.uid)!;
        const want: Record<string, string> = { class: item.kind === 'unscheduled' ? 'ka-band' : `ka-${item.kind}`, ...Object.fromEntries(semanticAttributes(item)) };
        const tooltip = tooltipOf(item);
        if (tooltip !== undefined) want.title = tooltip;
        if (item.kind === 'node' || item.kind === 'pod') want.tabindex = '0';
        const has = Object.fromEntries(Array.from(el.attributes, (a) => [a.name, a.value]));
        assert.deepEqual(has, want, `${detail}: ${item.kind} ${item.uid}`);
      }
      if (detail === 'full') for (const k of ['band', 'unscheduled', 'node', 'pod', 'container', 'volume', 'mount']) assert.ok(kinds.has(k), `the demo at full detail has a ${k}`);
    }
  });

  it('makes a new element with none of the marks the app set on the elements shown (selection, warnings)', () => {
    const model = demoModel();
    const scene = buildScene(layoutCluster(model, { detail: 'cards' }));
    const tree = treeOf(scene);
    // Marks on every element shown, as the app sets them on the selected or warned ones.
    for (const item of scene.items) {
      const el = tree.element(item.uid)!;
      el.setAttribute('data-selected', 'true');
      el.setAttribute('data-warned', 'true');
    }
    // The same cluster with each pod's uid changed: every pod (and what it holds) is new to the tree.
    const rename = <P extends { uid: string }>(p: P): P => ({ ...p, uid: `${p.uid}-new` });
    const renamed = { ...model, nodes: model.nodes.map((n) => ({ ...n, pods: n.pods.map(rename) })), unscheduled: model.unscheduled.map(rename) };
    const next = buildScene(layoutCluster(renamed, { detail: 'cards' }));
    tree.sync(next);
    let fresh = 0;
    for (const item of next.items) {
      if (item.kind !== 'pod') continue;
      const el = tree.element(item.uid)!;
      assert.equal(el.getAttribute('data-uid'), item.uid);
      assert.deepEqual([el.hasAttribute('data-selected'), el.hasAttribute('data-warned')], [false, false], `pod ${item.uid}`);
      fresh++;
    }
    assert.ok(fresh > 5, `${fresh} new pods`);
  });

  it('clear() empties the host; a sync after it builds the tree again', () => {
    const scene = buildScene(layoutCluster(demoModel(), { detail: 'cards' }));
    const tree = treeOf(scene);
    const before = dump(tree.root);
    tree.clear();
    assert.equal(tree.root.children.length, 0);
    assert.ok(tree.element(scene.items[1].uid) === undefined);
    tree.sync(scene);
    assert.deepEqual(dump(tree.root), before);
  });
});

// Changes made to the demo's objects, as a watch would deliver them.
/** Changes the objects; returns what to check of the two scenes, so that a change that changed nothing cannot pass. */
type Change = (objects: ClusterObjects) => (before: Scene, after: Scene) => void;

const parentUid = (scene: Scene, uid: string) => {
  const item = scene.byUid.get(uid)!;
  return scene.items[item.parent].uid;
};

const podsOf = (objects: ClusterObjects) => objects.pods as KubeObject[];
const meta = (o: KubeObject) => o.metadata as { uid: string; name: string; namespace?: string };
const spec = (o: KubeObject) => o.spec as Record<string, unknown>;
const nodeNames = (objects: ClusterObjects) => (objects.nodes as KubeObject[]).map((n) => meta(n).name);
/** A pod on a worker, with containers, away from the control plane. */
const workerPod = (objects: ClusterObjects, nth = 0) =>
  podsOf(objects).filter((p) => spec(p).nodeName && spec(p).nodeName !== nodeNames(objects)[0] && !spec(p).hostNetwork)[nth];

const CHANGES: Record<string, Change> = {
  'a pod removed': (objects) => {
    const pod = workerPod(objects);
    objects.pods = podsOf(objects).filter((p) => p !== pod);
    return (a, b) => assert.ok(a.byUid.has(meta(pod).uid) && !b.byUid.has(meta(pod).uid));
  },
  'a pod added': (objects) => {
    const copy = structuredClone(workerPod(objects));
    Object.assign(copy.metadata as object, { uid: '00000000-0000-4000-8000-0000000000ad', name: `${meta(copy).name}-added` });
    objects.pods = [...podsOf(objects), copy];
    return (a, b) => assert.ok(!a.byUid.has(meta(copy).uid) && b.byUid.has(meta(copy).uid));
  },
  'a pod moved to another node': (objects) => {
    const pod = workerPod(objects);
    const other = nodeNames(objects).find((n) => n !== spec(pod).nodeName)!;
    spec(pod).nodeName = other;
    return (a, b) => assert.notEqual(parentUid(a, meta(pod).uid), parentUid(b, meta(pod).uid));
  },
  'a node removed': (objects) => {
    const node = (objects.nodes as KubeObject[])[1];
    objects.nodes = (objects.nodes as KubeObject[]).filter((n) => n !== node);
    return (a, b) => assert.ok(a.byUid.has(meta(node).uid) && !b.byUid.has(meta(node).uid));
  },
  'a pod loses host network and changes status': (objects) => {
    const pod = podsOf(objects).find((p) => spec(p).hostNetwork)!;
    spec(pod).hostNetwork = false;
    (pod.status as Record<string, unknown>).phase = 'Failed';
    const hostNetwork = (scene: Scene) => (scene.byUid.get(meta(pod).uid)!.box as PodBox).hostNetwork;
    return (a, b) => assert.deepEqual([hostNetwork(a), hostNetwork(b)], [true, false]);
  },
};

/** The demo's objects after `change`, the demo laid out before and after it (the second from the first, through one memo), and the change's check. */
function changedLayouts(change: Change, detail: Detail): { after: ClusterObjects; first: ClusterLayout; second: ClusterLayout; check: ReturnType<Change> } {
  const before = loadDemo();
  const after = loadDemo();
  const check = change(after);
  const memo: LayoutMemo = createLayoutMemo();
  const first = layoutCluster(demoModel(before), { detail }, memo);
  const second = layoutCluster(demoModel(after), { detail, previous: first }, memo);
  return { after, first, second, check };
}

describe('accessible tree: sync after a change', () => {
  for (const detail of DETAILS) {
    for (const [name, change] of Object.entries(CHANGES)) {
      it(`${name} (${detail}): keeps what stayed, ends as a fresh tree`, () => {
        const { after, first, second, check } = changedLayouts(change, detail);
        const [a, b] = [buildScene(first), buildScene(second)];
        check(a, b);

        const tree = treeOf(a);
        const kept = new Map(a.items.map((item) => [item.uid, tree.element(item.uid)!]));
        tree.sync(b);
        const fresh = treeOf(b);
        assert.deepEqual(dump(tree.root), dump(fresh.root));
        let stayed = 0;
        for (const item of b.items) {
          const old = kept.get(item.uid);
          if (!old) continue;
          stayed++;
          assert.ok(tree.element(item.uid) === old, `${item.kind} ${item.uid} keeps its element`);
        }
        assert.ok(stayed > b.items.length / 2, 'most items stayed');
        for (const item of a.items) if (!b.byUid.has(item.uid)) assert.ok(tree.element(item.uid) === undefined, `${item.uid} is gone`);
        // And it still reads as the SVG of the new layout does.
        assert.deepEqual(rows(tree.root, treeTooltip), rows(drawSvg(demoModel(after), second) as unknown as Element, svgTooltip));
      });
    }
  }

  it('writes only what changed: nothing for the same scene, one pod for a pod whose status changed', () => {
    const document = newDocument();
    const memo = createLayoutMemo();
    const objects = loadDemo();
    const first = layoutCluster(demoModel(objects), { detail: 'full' }, memo);
    const tree = treeOf(buildScene(first), newHost(document));

    let calls = spy(document);
    try {
      tree.sync(buildScene(first));
    } finally {
      calls.restore();
    }
    assert.deepEqual([calls.set.size, calls.removed.length, calls.inserted], [0, 0, 0], 'the same scene again writes nothing');

    const pod = workerPod(objects, 1);
    (pod.status as Record<string, unknown>).phase = 'Failed';
    const second = layoutCluster(demoModel(objects), { detail: 'full', previous: first }, memo);
    const [a, b] = [buildScene(first), buildScene(second)];
    // The elements whose attributes differ between the two scenes, and no other, may be written to.
    const expected = new Set<Element>();
    for (const item of b.items) {
      const old = a.byUid.get(item.uid)!;
      if (JSON.stringify(semanticAttributes(old)) !== JSON.stringify(semanticAttributes(item)) || tooltipOf(old) !== tooltipOf(item)) {
        expected.add(tree.element(item.uid)!);
      }
    }
    assert.ok(expected.has(tree.element(meta(pod).uid)!), 'the pod changed');
    calls = spy(document);
    try {
      tree.sync(b);
    } finally {
      calls.restore();
    }
    assert.deepEqual(uids(calls.set), uids(expected));
    assert.equal(calls.inserted, 0, 'nothing moved');
    assert.deepEqual(dump(tree.root), dump(treeOf(b).root));
  });

  it('neither reads nor writes an element whose new box has the same attributes (the same model at another level)', () => {
    const document = newDocument();
    const model = demoModel();
    const tree = treeOf(buildScene(layoutCluster(model, { detail: 'cards' })), newHost(document));
    const keyOf = (el: Element) => el.getAttribute('data-uid') ?? `band:${el.getAttribute('data-band')}`;
    const attrsOf = (el: Element) => [...el.attributes].map((a) => `${a.name}=${a.value}`).sort().join('|');
    const divs = (root: Element) => [...root.querySelectorAll('div')];
    for (const detail of ['compact', 'full', 'cards'] as const) {
      const before = new Map(divs(tree.root).map((el) => [keyOf(el), attrsOf(el)]));
      const scene = buildScene(layoutCluster(model, { detail }));
      const calls = spy(document);
      try {
        tree.sync(scene);
      } finally {
        calls.restore();
      }
      const fresh = treeOf(scene);
      const after = new Map(divs(fresh.root).map((el) => [keyOf(el), attrsOf(el)]));
      let kept = 0;
      for (const el of divs(tree.root)) {
        const key = keyOf(el);
        if (!before.has(key) || before.get(key) !== after.get(key)) continue;
        kept++;
        assert.ok(!calls.read.has(el) && !calls.set.has(el), `${detail}: ${key} was read or written though its attributes stayed`);
      }
      assert.ok(kept > 10, `${detail}: ${kept} elements kept their attributes`);
      assert.deepEqual(dump(tree.root), dump(fresh.root), `${detail}: ends as a fresh tree`);
    }
  });

  it('removes attributes it wrote and no longer has, and leaves those it did not write', () => {
    const objects = loadDemo();
    const first = layoutCluster(demoModel(objects), { detail: 'cards' });
    const tree = treeOf(buildScene(first));
    const pod = podsOf(objects).find((p) => spec(p).hostNetwork)!;
    const el = tree.element(meta(pod).uid)!;
    assert.equal(el.getAttribute('data-host-network'), 'true');
    el.setAttribute('data-selected', '');
    spec(pod).hostNetwork = false;
    tree.sync(buildScene(layoutCluster(demoModel(objects), { detail: 'cards', previous: first })));
    assert.ok(tree.element(meta(pod).uid) === el, 'the pod keeps its element');
    assert.equal(el.hasAttribute('data-host-network'), false);
    assert.equal(el.getAttribute('data-selected'), '', "the app's mark stays");
  });

  it('gives a uid met twice in one scene an element each, kept across syncs, and drops the second when it goes', () => {
    const layout = layoutCluster(demoModel(), { detail: 'cards' });
    const twice: ClusterLayout = { ...layout, pods: [...layout.pods, { ...layout.pods[3], name: 'the same uid again' }] };
    const tree = treeOf(buildScene(twice));
    const count = () => tree.root.querySelectorAll(':scope > :not([data-kind="header"]), :scope > * *').length;
    assert.equal(count(), buildScene(twice).items.length);
    const first = tree.element(layout.pods[3].uid)!;
    const before = Array.from(tree.root.querySelectorAll('*'));
    tree.sync(buildScene({ ...twice }));
    assert.ok(Array.from(tree.root.querySelectorAll('*')).every((el, i) => el === before[i]), 'every element kept');
    tree.sync(buildScene(layout));
    assert.equal(count(), buildScene(layout).items.length);
    assert.ok(tree.element(layout.pods[3].uid) === first, 'the first keeps its element');
    assert.deepEqual(dump(tree.root), dump(treeOf(buildScene(layout)).root));
  });

  it('orders moved siblings as the scene says', () => {
    const scene = buildScene(layoutCluster(demoModel(), { detail: 'cards' }));
    const tree = treeOf(scene);
    // Shuffle the elements in place, as if another order had been drawn before.
    const node = scene.items.find((i) => i.kind === 'node' && (scene.children.get(i.index)?.length ?? 0) > 2)!;
    const el = tree.element(node.uid)!;
    el.appendChild(el.firstElementChild!);
    el.insertBefore(el.lastElementChild!, el.firstElementChild);
    el.appendChild(el.children[1]);
    tree.sync(scene);
    assert.deepEqual(dump(tree.root), dump(treeOf(scene).root));
  });
});

describe('accessible tree: sync of an updated scene (what changed only)', () => {
  for (const detail of DETAILS) {
    for (const [name, change] of Object.entries(CHANGES)) {
      it(`${name} (${detail}): keeps what stayed, ends as a fresh tree`, () => {
        const { first, second, check } = changedLayouts(change, detail);
        const a = buildScene(first);
        check(buildScene(first), buildScene(second));
        const tree = treeOf(a);
        const kept = new Map(a.items.map((item) => [item.uid, tree.element(item.uid)!]));
        const b = updateScene(a, second);
        tree.sync(b);
        assert.deepEqual(dump(tree.root), dump(treeOf(buildScene(second)).root));
        for (const item of b.items) if (kept.has(item.uid)) assert.ok(tree.element(item.uid) === kept.get(item.uid), `${item.kind} ${item.uid} keeps its element`);
      });
    }
  }

  it('ends as a fresh tree after each of random changes, touching only the elements of what changed', () => {
    for (const [base, seeds] of [
      [kindCluster, [1, 2, 3]],
      [hostileCluster, [4, 5]],
      [() => bigCluster(150, 9), [6, 7, 8]],
    ] as const) {
      for (const seed of seeds) {
        const rand = random(seed);
        const document = newDocument();
        const memo = createLayoutMemo();
        let model = base();
        let detail: Detail = pick(rand, DETAILS);
        let layout = layoutCluster(model, { detail }, memo);
        let scene = buildScene(layout);
        const tree = treeOf(scene, newHost(document));
        for (let step = 1; step <= 25; step++) {
          const [next, did] = change(rand, model, step);
          model = next;
          if (chance(rand, 0.05)) detail = pick(rand, DETAILS);
          layout = layoutCluster(model, { detail, previous: layout }, memo);
          scene = updateScene(scene, layout);
          const delta = sceneDelta(scene)!;
          // Only the elements of items made anew may have attributes written.
          const fresh = new Set(delta.fresh.map((i) => scene.items[i].uid));
          const calls = spy(document);
          try {
            tree.sync(scene);
          } finally {
            calls.restore();
          }
          const what = `seed ${seed}, step ${step} (${did})`;
          for (const el of calls.set) {
            const uid = el.getAttribute('data-uid') ?? el.getAttribute('data-band');
            assert.ok(el.getAttribute('data-kind') === 'header' || (uid !== null && fresh.has(uid)), `${what}: wrote to ${uid}, which did not change`);
          }
          assert.deepEqual(dump(tree.root), dump(treeOf(buildScene(layout)).root), `${what}: the tree differs from a fresh one`);
        }
      }
    }
  });
});

describe('accessible tree: hostile names', () => {
  it('carries markup and bidi overrides as attribute text only', () => {
    const model = hostileCluster();
    model.nodes[0].pods[0].name = BIDI;
    const layout = layoutCluster(model, { detail: 'full' });
    const scene = buildScene(layout);
    const tree = treeOf(scene);
    const all = Array.from(tree.root.querySelectorAll('*')).filter((el) => el.getAttribute('data-kind') !== 'header');
    assert.equal(all.length, scene.items.length, 'one element per item, none made from a name');
    assert.ok(all.every((el) => el.localName === 'div'));
    assert.equal(tree.root.querySelector('img, script'), null);
    assert.ok(all.every((el) => Array.from(el.childNodes).every((n) => n.nodeType === 1)), 'no text nodes but the caption');
    // The caption holds the source's name as text, never as markup.
    assert.equal(tree.root.querySelector('[data-kind="header"]')?.children.length, 0);
    const names = all.map((el) => el.getAttribute('data-name'));
    assert.ok(names.includes(HOSTILE_IMG));
    assert.ok(names.includes(BIDI));
    assert.ok(all.some((el) => el.getAttribute('data-namespace') === HOSTILE_IMG));
    assert.ok(all.some((el) => (el.getAttribute('title') ?? '').includes(HOSTILE_SCRIPT.slice(1, 7))));
    assert.deepEqual(rows(tree.root, treeTooltip), rows(drawSvg(model, layout) as unknown as Element, svgTooltip));
  });
});
