import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { buildModel } from '../../../main/model/index.ts';
import type { AnatomyModel, ModelSource } from '../../../main/model/types.ts';
import { drawCluster, SVG_NS, type DrawOptions } from '../../../renderer/draw/cluster.ts';
import { DARK, LIGHT } from '../../../renderer/draw/theme.ts';
import { layoutCluster } from '../../../renderer/layout/cluster.ts';
import { createLayoutMemo } from '../../../renderer/layout/memo.ts';
import type { ClusterLayout, LayoutOptions } from '../../../renderer/layout/types.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { HOSTILE_IMG, HOSTILE_SCRIPT, hostileCluster, kindCluster, pod } from '../../fixtures/anatomy-models.ts';

function newSvg(withAnimationFrames = false): SVGSVGElement {
  const window = parseHTML('<!doctype html><html><body></body></html>');
  const { document } = window;
  if (withAnimationFrames) Object.assign(window, { requestAnimationFrame: (f: () => void) => setTimeout(f, 16) });
  const svg = document.createElementNS(SVG_NS, 'svg') as unknown as SVGSVGElement;
  document.body.appendChild(svg as unknown as Node);
  return svg;
}

function draw(model: AnatomyModel, options: DrawOptions = {}, svg = newSvg(), previous?: ClusterLayout): { svg: SVGSVGElement; layout: ClusterLayout } {
  const layout = layoutCluster(model, { previous });
  drawCluster(svg, model, layout, options);
  return { svg, layout };
}

const all = (root: Element, selector: string) => Array.from(root.querySelectorAll(selector));

describe('drawCluster semantics', () => {
  it('puts every pod inside its node group, with namespace, IP and status', () => {
    const model = kindCluster();
    const { svg } = draw(model);
    for (const node of model.nodes) {
      const g = svg.querySelector(`g[data-kind="node"][data-uid="${node.uid}"]`)!;
      assert.ok(g, `node ${node.name} drawn`);
      assert.equal(g.getAttribute('data-name'), node.name);
      assert.equal(g.getAttribute('data-role'), node.role);
      const pods = all(g, 'g[data-kind="pod"]');
      assert.deepEqual(
        pods.map((p) => p.getAttribute('data-uid')).sort(),
        node.pods.map((p) => p.uid).sort(),
      );
      for (const p of node.pods) {
        const el = g.querySelector(`g[data-kind="pod"][data-uid="${p.uid}"]`)!;
        assert.equal(el.getAttribute('data-name'), p.name);
        assert.equal(el.getAttribute('data-namespace'), p.namespace);
        assert.equal(el.getAttribute('data-ip'), p.podIP ?? '');
        assert.equal(el.getAttribute('data-status'), p.status);
        if (p.podIP) assert.ok(el.textContent!.includes(p.podIP), 'the IP is written in the pod');
      }
    }
    assert.equal(all(svg, 'g[data-kind="node"]').length, 3);
    assert.deepEqual(
      all(svg, 'g[data-kind="node"]').map((n) => n.getAttribute('data-role')),
      ['control-plane', 'worker', 'worker'],
    );
  });

  it('shows a hostNetwork pod with the node IP', () => {
    const { svg } = draw(kindCluster());
    const etcd = svg.querySelector('g[data-kind="pod"][data-name="etcd-kind-control-plane"]')!;
    assert.equal(etcd.getAttribute('data-ip'), '172.18.0.3');
    assert.equal(etcd.getAttribute('data-host-network'), 'true');
    assert.ok(etcd.textContent!.includes('host network'));
  });

  it('puts containers and volumes inside their pod, and marks shared volumes', () => {
    const model = kindCluster();
    const { svg } = draw(model);
    for (const p of [...model.nodes.flatMap((n) => n.pods), ...model.unscheduled]) {
      const el = svg.querySelector(`g[data-kind="pod"][data-uid="${p.uid}"]`)!;
      assert.deepEqual(
        all(el, 'g[data-kind="container"]').map((c) => [c.getAttribute('data-name'), c.getAttribute('data-group')]),
        p.containers.map((c) => [c.name, c.group]),
      );
      assert.deepEqual(
        all(el, 'g[data-kind="volume"]').map((v) => [v.getAttribute('data-name'), v.getAttribute('data-shared')]),
        p.volumes.map((v) => [v.name, v.shared ? 'true' : 'false']),
      );
    }
    const web = svg.querySelector('g[data-kind="pod"][data-name^="web-"]')!;
    const mounts = all(web, 'g[data-kind="mount"]');
    assert.deepEqual(
      mounts.map((m) => [m.getAttribute('data-mount-path'), m.getAttribute('data-read-only'), m.textContent!.trim()]),
      [
        ['/usr/share/nginx/html', 'true', '/usr/share/nginx/html (ro)'],
        ['/work', 'false', '/work'],
      ],
    );
    assert.equal(svg.querySelector('g[data-kind="volume"][data-name="data"]')!.getAttribute('data-claim'), 'shop/shared-data');
  });

  it('puts unscheduled pods in the unscheduled group and in no node', () => {
    const model = kindCluster();
    const { svg } = draw(model);
    const group = svg.querySelector('g[data-kind="unscheduled"]')!;
    assert.ok(group);
    const pending = all(group, 'g[data-kind="pod"]');
    assert.deepEqual(
      pending.map((p) => p.getAttribute('data-uid')),
      model.unscheduled.map((p) => p.uid),
    );
    for (const p of pending) {
      assert.equal(p.closest('g[data-kind="node"]'), null);
      assert.equal(p.getAttribute('data-ip'), '');
      assert.equal(p.getAttribute('data-status'), 'Pending');
    }
  });

  it('gives every node, pod, container and volume a unique data-uid', () => {
    const { svg, layout } = draw(kindCluster());
    const uids = all(svg, 'g[data-kind="node"],g[data-kind="pod"],g[data-kind="container"],g[data-kind="volume"]').map((g) => g.getAttribute('data-uid'));
    assert.equal(uids.length, layout.nodes.length + layout.pods.length + layout.containers.length + layout.volumes.length);
    assert.equal(new Set(uids).size, uids.length);
  });

  it('names every group for assistive tech and titles the picture', () => {
    const model = kindCluster();
    const { svg } = draw(model);
    const coredns = svg.querySelector('g[data-kind="pod"][data-name="coredns-674b8bbfcf-4xbqs"]')!;
    assert.equal(coredns.getAttribute('role'), 'group');
    assert.equal(coredns.getAttribute('aria-label'), 'Pod kube-system/coredns-674b8bbfcf-4xbqs, IP 10.244.0.3, Running');
    assert.equal(coredns.firstElementChild!.localName, 'title');
    assert.match(coredns.firstElementChild!.textContent!, /^Pod kube-system\/coredns-674b8bbfcf-4xbqs\nStatus: Running/);
    for (const g of all(svg, 'g[data-kind="node"],g[data-kind="pod"],g[data-kind="container"],g[data-kind="volume"]')) {
      assert.equal(g.getAttribute('role'), 'group');
      assert.ok((g.getAttribute('aria-label') ?? '').length > 5);
      assert.equal(g.firstElementChild!.localName, 'title');
    }
    assert.match(svg.querySelector('g[data-kind="node"][data-name="kind-worker"]')!.getAttribute('aria-label')!, /^Worker node kind-worker, Ready, InternalIP 172\.18\.0\.2, 5 pods$/);
    assert.equal(svg.firstElementChild!.localName, 'title');
    assert.equal(svg.firstElementChild!.textContent, 'Kube Anatomy: kind-anatomy');
    assert.equal(svg.getAttribute('role'), 'img');
    const header = svg.querySelector('g[data-kind="header"]')!;
    assert.match(header.textContent!, /kind-anatomy/);
    assert.match(header.textContent!, /3 nodes · 19 pods · 22 containers · 35 volumes/);
  });

  it('adds data-status on pods and data-group on containers', () => {
    const { svg } = draw(kindCluster());
    assert.equal(svg.querySelector('g[data-kind="pod"][data-name="cart-5b7d9c-crash"]')!.getAttribute('data-status'), 'CrashLoopBackOff');
    assert.deepEqual(
      all(svg.querySelector('g[data-kind="pod"][data-name^="api-"]')!, 'g[data-kind="container"]').map((c) => c.getAttribute('data-group')),
      ['init', 'sidecar', 'app'],
    );
  });

  it('writes colours as attributes from the chosen theme', () => {
    const light = draw(kindCluster(), { theme: 'light' }).svg;
    const dark = draw(kindCluster(), { theme: 'dark' }).svg;
    assert.equal(light.querySelector('.ka-background')!.getAttribute('fill'), LIGHT.background);
    assert.equal(dark.querySelector('.ka-background')!.getAttribute('fill'), DARK.background);
    assert.equal(light.getAttribute('font-family'), "Pretendard, 'Noto Sans KR', 'Apple SD Gothic Neo', system-ui, sans-serif");
    const crash = light.querySelector('g[data-kind="container"][data-name="cart"] .ka-stripe')!;
    assert.equal(crash.getAttribute('fill'), LIGHT.status.failed);
    const ok = light.querySelector('g[data-kind="container"][data-name="nginx"] .ka-stripe')!;
    assert.equal(ok.getAttribute('fill'), LIGHT.status.ok);
    for (const t of all(light, 'text')) assert.ok(t.getAttribute('fill'), 'every text has its colour inline');
    assert.equal(all(light, 'style').length, 0);
  });
});

describe('drawCluster with hostile strings', () => {
  it('writes markup from the cluster as text, creating no elements', () => {
    const model = hostileCluster();
    const { svg } = draw(model);
    assert.equal(all(svg, 'script').length, 0);
    assert.equal(all(svg, 'img').length, 0);
    const names = new Set(Array.from(svg.querySelectorAll('*')).map((e) => e.localName));
    assert.deepEqual([...names].sort(), ['circle', 'g', 'path', 'rect', 'text', 'title']);
    const p = svg.querySelector('g[data-kind="pod"][data-namespace]')!;
    assert.equal(p.getAttribute('data-name'), HOSTILE_SCRIPT);
    assert.equal(p.getAttribute('data-namespace'), HOSTILE_IMG);
    const texts = all(svg, 'text').map((t) => t.textContent);
    assert.ok(texts.includes(HOSTILE_SCRIPT), 'the pod name is a text node');
    assert.ok(texts.includes(HOSTILE_IMG), 'the container name is a text node');
    assert.equal(svg.querySelector('g[data-kind="node"]')!.getAttribute('data-name'), HOSTILE_IMG);
  });

  it('never uses innerHTML or .html() in the drawing code', () => {
    const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../renderer/draw');
    for (const f of readdirSync(dir)) {
      const src = readFileSync(path.join(dir, f), 'utf8');
      assert.doesNotMatch(src, /innerHTML|outerHTML|\.html\(|insertAdjacentHTML/, f);
    }
  });
});

describe('drawCluster redraw', () => {
  it('updates in place: unchanged pods keep their element, new ones enter, deleted ones leave', () => {
    const model = kindCluster();
    const { svg, layout } = draw(model);
    const before = new Map(all(svg, 'g[data-kind="pod"]').map((g) => [g.getAttribute('data-uid')!, g]));
    const nginxBefore = svg.querySelector('g[data-kind="container"][data-name="nginx"]');

    const next = structuredClone(model);
    const worker2 = next.nodes.find((n) => n.name === 'kind-worker2')!;
    const gone = worker2.pods.find((p) => p.name === 'cart-5b7d9c-crash')!;
    worker2.pods = worker2.pods.filter((p) => p !== gone);
    worker2.pods.push(pod({ name: 'zz-new', namespace: 'shop', ip: '10.244.2.77', containers: [{ name: 'new', image: 'busybox:1.37' }] }, 'kind-worker2', '172.18.0.4'));
    const web = next.nodes.find((n) => n.name === 'kind-worker')!.pods.find((p) => p.name.startsWith('web-'))!;
    web.status = 'Terminating';
    draw(next, {}, svg, layout);

    const after = new Map(all(svg, 'g[data-kind="pod"]').map((g) => [g.getAttribute('data-uid')!, g]));
    assert.equal(after.size, before.size);
    assert.ok(!after.has(gone.uid), 'deleted pod removed');
    assert.ok(after.has('uid-pod-shop-zz-new'), 'new pod added');
    assert.equal(after.get('uid-pod-shop-zz-new')!.closest('g[data-kind="node"]')!.getAttribute('data-name'), 'kind-worker2');
    for (const [uid, el] of before) if (uid !== gone.uid) assert.equal(after.get(uid), el, `pod ${uid} kept its element`);
    assert.equal(svg.querySelector('g[data-kind="container"][data-name="nginx"]'), nginxBefore);
    assert.equal(after.get(web.uid)!.getAttribute('data-status'), 'Terminating');
    assert.ok(after.get(web.uid)!.textContent!.includes('Terminating'));
    assert.equal(all(svg, '.ka-exiting').length, 0, 'no half-removed groups without animation');
    assert.equal(all(svg, 'title').filter((t) => t.parentNode === svg).length, 1, 'one picture title after redraw');
  });

  it('moves a pod that gets scheduled into its node, keeping its element', () => {
    const model = kindCluster();
    const { svg, layout } = draw(model);
    const pendingEl = svg.querySelector('g[data-kind="unscheduled"] g[data-kind="pod"]')!;
    const next = structuredClone(model);
    const scheduled = next.unscheduled.pop()!;
    scheduled.nodeName = 'kind-worker2';
    scheduled.podIP = '10.244.2.50';
    scheduled.status = 'Running';
    next.nodes.find((n) => n.name === 'kind-worker2')!.pods.push(scheduled);
    draw(next, {}, svg, layout);
    const el = svg.querySelector(`g[data-kind="pod"][data-uid="${scheduled.uid}"]`)!;
    assert.equal(el, pendingEl);
    assert.equal(el.closest('g[data-kind="node"]')!.getAttribute('data-name'), 'kind-worker2');
    assert.equal(el.getAttribute('data-ip'), '10.244.2.50');
    assert.equal(svg.querySelector('g[data-kind="unscheduled"]'), null, 'the empty band goes away');
  });

  it('draws the same SVG from scratch and by redrawing to the same state', () => {
    const model = kindCluster();
    const { svg } = draw(model);
    const other = structuredClone(model);
    other.nodes[1].pods.pop();
    const { svg: svg2, layout: l2 } = draw(other);
    draw(model, {}, svg2, l2);
    const fresh = draw(model, {}, newSvg(), l2).svg;
    assert.equal(svg2.toString(), fresh.toString());
    assert.notEqual(svg.toString(), '');
  });

  it('does not animate (and applies changes at once) when the document has no animation frames', () => {
    const model = kindCluster();
    const { svg, layout } = draw(model, { animate: true });
    const next = structuredClone(model);
    next.nodes[2].pods.pop();
    draw(next, { animate: true }, svg, layout);
    assert.equal(all(svg, 'g[data-kind="pod"]').length, 18);
    assert.equal(all(svg, '[opacity]').length, 0);
  });

  it('animates entries, exits and moves when the document has animation frames', async () => {
    const model = kindCluster();
    const svg = newSvg(true);
    const first = layoutCluster(model);
    drawCluster(svg, model, first, { animate: true, duration: 40 });
    const next = structuredClone(model);
    const worker2 = next.nodes.find((n) => n.name === 'kind-worker2')!;
    const gone = worker2.pods.shift()!;
    worker2.pods.push(pod({ name: 'zz-new', namespace: 'shop', ip: '10.244.2.77', containers: [{ name: 'new', image: 'busybox:1.37' }] }, 'kind-worker2', '172.18.0.4'));
    const second = layoutCluster(next);
    drawCluster(svg, next, second, { animate: true, duration: 40 });

    // Right after the call: the deleted pod is fading out, the new one fading in.
    const leaving = svg.querySelector(`g[data-uid="${gone.uid}"]`)!;
    assert.equal(leaving.getAttribute('class'), 'ka-exiting');
    const entering = svg.querySelector('g[data-uid="uid-pod-shop-zz-new"]')!;
    assert.equal(entering.getAttribute('opacity'), '0');
    const moved = second.pods.find((p) => p.nodeUid === `uid-node-kind-worker2` && first.pods.find((q) => q.uid === p.uid && q.y !== p.y))!;
    assert.ok(moved, 'some pod moves when packing from scratch');

    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(svg.querySelector(`g[data-uid="${gone.uid}"]`), null, 'removed after its fade');
    assert.equal(entering.getAttribute('opacity'), '1');
    const node = second.nodes.find((n) => n.uid === moved.nodeUid)!;
    assert.equal(svg.querySelector(`g[data-uid="${moved.uid}"]`)!.getAttribute('transform'), `translate(${moved.x - node.x},${moved.y - node.y})`);
  });
});

/**
 * Every node a drawing writes to (attributes, children, text) while `run`
 * runs: linkedom's MutationObserver reports children on the wrong target,
 * so the writes are caught on the DOM's own methods.
 */
function writesDuring(svg: SVGSVGElement, run: () => void): Set<Node> {
  const touched = new Set<Node>();
  const restore: (() => void)[] = [];
  const owner = (name: string) => {
    for (let p = Object.getPrototypeOf(svg); p; p = Object.getPrototypeOf(p)) if (Object.prototype.hasOwnProperty.call(p, name)) return p;
    throw new Error(`no ${name}`);
  };
  for (const name of ['setAttribute', 'removeAttribute', 'appendChild', 'insertBefore', 'removeChild']) {
    const proto = owner(name);
    const original = proto[name];
    proto[name] = function (this: Node, ...args: unknown[]) {
      touched.add(this);
      return original.apply(this, args);
    };
    restore.push(() => (proto[name] = original));
  }
  const textProto = owner('textContent');
  const text = Object.getOwnPropertyDescriptor(textProto, 'textContent')!;
  Object.defineProperty(textProto, 'textContent', {
    ...text,
    set(this: Node, value: string) {
      touched.add(this);
      text.set!.call(this, value);
    },
  });
  restore.push(() => Object.defineProperty(textProto, 'textContent', text));
  try {
    run();
  } finally {
    for (const undo of restore) undo();
  }
  return touched;
}

describe('drawCluster live patch', () => {
  const source: ModelSource = { kind: 'snapshot', name: 'generated.json', namespaces: [] };
  const objects = generateClusterObjects({ nodes: 6, pods: 100, seed: 3 });
  const before = buildModel({ ...objects, pods: objects.pods!.slice(0, -1) }, source);
  const after = buildModel(objects, source);
  const added = after.nodes.flatMap((n) => n.pods).find((p) => !before.nodes.some((n) => n.pods.some((q) => q.uid === p.uid)))!;
  const options: LayoutOptions = { detail: 'full', aspect: 1.6 };

  function podOf(n: Node | null): Element | null {
    for (let el = n as Element | null; el; el = el.parentNode as Element | null) if (el.getAttribute?.('data-kind') === 'pod') return el;
    return null;
  }

  it('writes only to the pods a one-pod patch changed, and draws what a fresh drawing draws', () => {
    const memo = createLayoutMemo();
    const first = layoutCluster(before, options, memo);
    const svg = newSvg();
    drawCluster(svg, before, first, {});
    const second = layoutCluster(after, { ...options, previous: first }, memo);
    const kept = new Set(second.pods.filter((p) => first.pods.includes(p)).map((p) => p.uid));
    assert.ok(kept.size >= 90, `the memo keeps most pods' boxes (${kept.size})`);
    const touched = writesDuring(svg, () => drawCluster(svg, after, second, {}));
    const written = new Set([...touched].map(podOf).filter((el) => el).map((el) => el!.getAttribute('data-uid')));
    assert.ok(written.has(added.uid), 'the new pod is drawn');
    for (const uid of kept) assert.ok(!written.has(uid), `pod ${uid}, laid out as before, is left untouched`);
    assert.ok(touched.size < 200, `${touched.size} elements written`);
    const fresh = newSvg();
    drawCluster(fresh, after, second, {});
    assert.equal(svg.toString(), fresh.toString());
    // The same layout again: the root (whose viewBox or inherited font Chromium takes as a change to all) and the pods stay as they are.
    const again = writesDuring(svg, () => drawCluster(svg, after, second, {}));
    assert.ok(!again.has(svg), 'the root is not written again');
    assert.deepEqual([...again].map(podOf).filter((el) => el), [], 'no pod is written again');
  });

  it('moves only the groups whose place changed when animating', () => {
    const memo = createLayoutMemo();
    const first = layoutCluster(before, options, memo);
    const svg = newSvg(true);
    drawCluster(svg, before, first, {});
    const second = layoutCluster(after, { ...options, previous: first }, memo);
    drawCluster(svg, after, second, { animate: true, duration: 20 });
    const animated = all(svg, 'g[data-kind="pod"]').filter((g) => (g as unknown as { __transition?: unknown }).__transition);
    const byUid = new Map(first.pods.map((p) => [p.uid, p]));
    for (const g of animated) {
      const uid = g.getAttribute('data-uid')!;
      const was = byUid.get(uid);
      const now = second.pods.find((p) => p.uid === uid)!;
      const from = was && first.nodes.find((n) => n.uid === was.nodeUid)!;
      const to = second.nodes.find((n) => n.uid === now.nodeUid)!;
      const moved = !was || !from || was.x - from.x !== now.x - to.x || was.y - from.y !== now.y - to.y;
      assert.ok(moved, `pod ${uid} did not move and is not animated`);
    }
    assert.ok(animated.length < 20, `${animated.length} pods animated`);
  });
});
