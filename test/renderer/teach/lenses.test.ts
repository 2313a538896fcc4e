// The concept lenses against models: every lens's highlighted objects are
// exactly what the model says shows its idea (test/fixtures/lens-truth.ts,
// written apart from the lenses), on hand-built, demo and generated models;
// its sentences name real values; a model without an example says what is
// missing and never throws.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allMessageIds, textOf } from '../../../main/i18n/index.ts';
import { buildModel } from '../../../main/model/index.ts';
import type { AnatomyModel, NodeImage } from '../../../main/model/types.ts';
import { MODEL_SCHEMA } from '../../../main/model/types.ts';
import { loadDemo } from '../../../main/snapshot/demo-asset.ts';
import { CONCEPT_IDS, type LensResult } from '../../../renderer/teach/concepts.ts';
import { KUBELET_IMAGE_LIST_LIMIT, formatBytes, lensFor, lensTargets, shortDigest } from '../../../renderer/teach/lenses.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { hostileCluster, HOSTILE_SCRIPT, kindCluster, model as specModel, node as specNode } from '../../fixtures/anatomy-models.ts';
import { allPods, conceptTruth } from '../../fixtures/lens-truth.ts';

const demo = (): AnatomyModel => buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] });
const generated = (): AnatomyModel => buildModel(generateClusterObjects({ nodes: 8, pods: 400, seed: 7 }), { kind: 'snapshot', name: 'generated', namespaces: [] });

const MODELS: Array<[string, () => AnatomyModel]> = [
  ['kindCluster', kindCluster],
  ['demo', demo],
  ['generated (400 pods)', generated],
  ['hostile', hostileCluster],
];

const all = (r: LensResult) => [r.title, r.summary, ...r.notes, ...(r.missing ? [r.missing] : []), ...r.examples.flatMap((e) => e.says)];
const say = (r: LensResult) => r.examples.map((e) => e.says.map((m) => textOf('en', m)).join(' '));

/** A cluster with nothing to teach: one worker with one single-container pod that has no IP, image facts or resources. */
function bareModel(): AnatomyModel {
  const n = specNode({ name: 'lonely', ip: '10.0.0.9', cidr: '10.1.0.0/24', pods: [{ name: 'solo', namespace: 'x', containers: [{ name: 'c', image: 'registry.example.com/team/app:1.0' }] }] });
  n.info = undefined;
  n.runtime = undefined;
  for (const p of n.pods) p.volumes = [];
  return specModel([n]);
}

function emptyModel(): AnatomyModel {
  return {
    schema: MODEL_SCHEMA,
    source: { kind: 'cluster', name: 'empty', namespaces: [] },
    nodes: [],
    unscheduled: [],
    sharedClaims: [],
    namespaces: [],
    gaps: [],
    stats: { nodes: 0, pods: 0, containers: 0, volumes: 0 },
  };
}

describe('each lens highlights exactly what the model says', () => {
  for (const [name, make] of MODELS) {
    const model = make();
    for (const concept of CONCEPT_IDS) {
      it(`${concept} on ${name}`, () => {
        const r = lensFor(concept, model);
        assert.equal(r.concept, concept);
        if (name === 'demo' || name.startsWith('generated')) assert.ok(model.stats.pods > 0 && conceptTruth(concept, model).size > 0, `${name} has an example of ${concept}`);
        assert.deepEqual(new Set(lensTargets(r).map((t) => t.uid)), conceptTruth(concept, model));
        // An example's focus is one of its targets; examples exist exactly when nothing is missing.
        for (const e of r.examples) assert.ok(e.targets.some((t) => t.uid === e.focus.uid && t.kind === e.focus.kind), 'focus among targets');
        assert.equal(!!r.missing, r.examples.length === 0);
        // Every sentence is in the catalog (in both languages, which the catalog's type enforces).
        const ids = new Set(allMessageIds());
        for (const m of all(r)) assert.ok(ids.has(m.id), `${m.id} is in the catalog`);
      });
    }
  }

  it('C2 finds exactly the pods with two or more containers (demo)', () => {
    const m = demo();
    const want = allPods(m).filter((p) => p.containers.length >= 2).map((p) => p.uid);
    assert.deepEqual(lensTargets(lensFor('C2', m)).map((t) => t.uid).sort(), want.sort());
    assert.ok(want.length >= 2);
  });

  it('targets of containers and volumes name the pod holding them', () => {
    const m = demo();
    const podOf = new Map<string, string>();
    for (const p of allPods(m)) {
      for (const c of p.containers) podOf.set(c.uid, p.uid);
      for (const v of p.volumes) podOf.set(v.uid, p.uid);
    }
    for (const concept of CONCEPT_IDS) {
      for (const t of lensTargets(lensFor(concept, m))) if (t.kind === 'container' || t.kind === 'volume') assert.equal(t.within, podOf.get(t.uid), `${concept} ${t.uid}`);
    }
  });
});

describe('what the lenses say on the demo', () => {
  const m = demo();

  it('C3 starts with a two-container pod: its IP and a declared port on localhost', () => {
    const first = say(lensFor('C3', m))[0];
    const web = allPods(m).find((p) => first.startsWith(`${p.name}'s 2 containers share one IP, ${p.podIP}.`));
    assert.ok(web, first);
    const nginx = web.containers.find((c) => c.name === 'nginx')!;
    assert.ok(first.includes(`log-shipper reaches nginx at localhost:${nginx.ports[0].containerPort}`), first);
  });

  it('C3 tells hostNetwork pods by the node IP and dual-stack pods by both IPs', () => {
    const text = say(lensFor('C3', m)).join('\n');
    const host = allPods(m).find((p) => p.hostNetwork && p.nodeName)!;
    assert.ok(text.includes(`${host.name} uses the host network: its IP ${host.podIP} is ${host.nodeName}'s own address`), text);
    const dual = allPods(m).find((p) => !p.hostNetwork && p.podIPs.length === 2)!;
    assert.ok(text.includes(dual.podIPs.join(', ')), text);
  });

  it('best example first: a workload before the cluster plumbing', () => {
    for (const concept of ['C2', 'C3', 'C4', 'C5', 'C9', 'C10', 'C11'] as const) {
      const r = lensFor(concept, m);
      const focus = r.examples[0].focus;
      const pod = allPods(m).find((p) => p.uid === focus.uid || p.containers.some((c) => c.uid === focus.uid) || p.volumes.some((v) => v.uid === focus.uid))!;
      assert.notEqual(pod.namespace, 'kube-system', concept);
    }
  });

  it('C6 tells each node its runtime, the rarer first, and notes the mix', () => {
    const r = lensFor('C6', m);
    assert.deepEqual(say(r).map((s) => s.split(' ')[0]).sort(), m.nodes.map((n) => n.name).sort());
    assert.match(say(r)[0], /cri-o 1\.33/);
    assert.ok(r.notes.some((n) => n.id === 'lens.C6.mixed'));
  });

  it('C7 tells each node its cache size and the images no running container uses', () => {
    const r = lensFor('C7', m);
    const node = m.nodes[0];
    const text = say(r).find((s) => s.startsWith(`${node.name} keeps ${node.images.length} images`));
    assert.ok(text, say(r).join('\n'));
    const total = node.images.reduce((s, i) => s + i.sizeBytes, 0);
    assert.ok(text.includes(formatBytes(total)));
    assert.match(text, /run in no container/);
    assert.ok(r.notes.some((n) => n.id === 'lens.C7.limit' && n.params?.limit === KUBELET_IMAGE_LIST_LIMIT));
  });

  it('C8 fills in the defaults: docker.io, library, latest', () => {
    const text = say(lensFor('C8', m))[0];
    assert.match(text, /^busybox: registry docker\.io, owner library, name busybox, tag latest\./);
    assert.match(text, /No tag was written, so latest is used/);
  });

  it('C10 shows a pinned digest and what the runtime resolved', () => {
    const text = say(lensFor('C10', m))[0];
    const pinned = allPods(m).flatMap((p) => p.containers).find((c) => c.image.digest && !c.image.raw.includes('analytics'))!;
    assert.ok(text.includes(`is pinned to ${shortDigest(pinned.image.digest!)}`), text);
  });
});

describe('the kubelet lists at most 50 images a node', () => {
  function withImages(count: number): AnatomyModel {
    const m = kindCluster();
    const images: NodeImage[] = [];
    for (let i = 0; i < count; i++) images.push({ names: [`registry.example.com/unused-${i}:1`], sizeBytes: 1_000_000 * (count - i) });
    m.nodes[1].images = images;
    return m;
  }

  it('a full list (50) is said to be possibly cut short, and no image is called unused', () => {
    const r = lensFor('C7', withImages(KUBELET_IMAGE_LIST_LIMIT));
    const ids = r.examples[0].says.map((s) => s.id).concat(r.examples.flatMap((e) => e.says.map((s) => s.id)));
    assert.ok(ids.includes('lens.C7.full'));
    assert.ok(!ids.includes('lens.C7.unused'));
    assert.ok(!ids.includes('lens.C7.allUsed'));
    assert.ok(r.notes.some((n) => n.id === 'lens.C7.limitReached'));
  });

  it('a list one short of the limit names its unused images', () => {
    const r = lensFor('C7', withImages(KUBELET_IMAGE_LIST_LIMIT - 1));
    const ids = r.examples.flatMap((e) => e.says.map((s) => s.id));
    assert.ok(ids.includes('lens.C7.unused'));
    assert.ok(!ids.includes('lens.C7.full'));
  });
});

describe('a model with no example', () => {
  for (const [name, make] of [['empty', emptyModel], ['bare', bareModel]] as const) {
    it(`every lens on the ${name} model says what is missing, never throws`, () => {
      const m = make();
      for (const concept of CONCEPT_IDS) {
        const r = lensFor(concept, m);
        if (name === 'bare' && (concept === 'C1' || concept === 'C4' || concept === 'C8')) continue;
        assert.equal(r.examples.length, 0, concept);
        assert.deepEqual(r.missing, { id: `lens.${concept}.missing` }, concept);
      }
    });
  }

  it('a bare model still shows its one image (C8), its container ready (C4), and says the control plane is hidden (C1)', () => {
    const m = bareModel();
    assert.equal(lensFor('C8', m).examples.length, 1);
    assert.deepEqual(say(lensFor('C4', m)), ['c in solo: ready, 0 restarts.']);
    const c1 = lensFor('C1', m);
    assert.ok(c1.missing && c1.notes.some((n) => n.id === 'lens.C1.hidden'));
  });

  it('broken data (missing lists, odd values) gives examples or missing, not an exception', () => {
    const m = kindCluster() as unknown as { nodes: Array<Record<string, unknown>>; unscheduled: unknown; sharedClaims: unknown };
    m.nodes[1].images = undefined;
    m.nodes[1].pods = undefined;
    m.unscheduled = null;
    m.sharedClaims = undefined;
    for (const concept of CONCEPT_IDS) assert.doesNotThrow(() => lensFor(concept, m as unknown as AnatomyModel), concept);
    assert.throws(() => lensFor('C12' as never, kindCluster()), /unknown concept "C12"/);
  });
});

describe('names and values from the cluster travel as parameters', () => {
  it('a hostile name is a parameter value, never part of a template', () => {
    const r = lensFor('C2', hostileCluster());
    const m = r.examples[0].says[0];
    assert.equal(m.params?.pod, HOSTILE_SCRIPT);
    assert.ok(!m.id.includes('<'));
  });
});

describe('C4 on a summarized model (pods without volumes, the claim list complete)', () => {
  it('a shared claim highlights its pods, and its focus is among them', () => {
    const m = kindCluster();
    for (const p of allPods(m)) p.volumes = [];
    const r = lensFor('C4', m);
    const claim = r.examples.find((e) => e.says[0].id === 'lens.C4.sharedClaim');
    assert.ok(claim, 'the shared claim is an example');
    assert.deepEqual(claim.targets.map((t) => t.kind), ['pod', 'pod']);
    assert.ok(claim.targets.some((t) => t.uid === claim.focus.uid && t.kind === claim.focus.kind), 'focus among targets');
    assert.deepEqual(new Set(lensTargets(r).map((t) => t.uid)), conceptTruth('C4', m));
  });
});

describe('C4 readiness and restarts', () => {
  it('an ephemeral container (kubectl debug), always ready: false, is not called not ready; its restarts still count', () => {
    const debugged = (restarts: number) =>
      specModel([
        specNode({
          name: 'w1', ip: '10.0.0.2', cidr: '10.1.0.0/24',
          pods: [{ name: 'web', namespace: 'shop', containers: [{ name: 'nginx', image: 'nginx:1.27' }, { name: 'debugger', image: 'busybox:1.37', group: 'ephemeral', ready: false, restarts }] }],
        }),
      ]);
    const quiet = lensFor('C4', debugged(0));
    assert.ok(!quiet.examples.some((e) => e.says.some((m) => m.id === 'lens.C4.notReady' || m.params?.container === 'debugger')), JSON.stringify(say(quiet)));
    const restarted = lensFor('C4', debugged(2));
    assert.ok(restarted.examples.some((e) => e.says.some((m) => m.params?.container === 'debugger' && m.params?.restarts === 2)));
  });
});

describe('C7 on a node that lists short image names (Docker)', () => {
  it('matches nginx:1.25 and redis@sha256:… to the running containers, calling only the idle image unused', () => {
    const digest = `sha256:${'b'.repeat(64)}`;
    const m = specModel([
      specNode({
        name: 'w1', ip: '10.0.0.2', cidr: '10.244.0.0/24',
        pods: [{ name: 'web', ip: '10.244.0.5', containers: [{ name: 'nginx', image: 'docker.io/library/nginx:1.25' }, { name: 'cache', image: 'redis:7', digest }] }],
      }),
    ]);
    m.nodes[0].images = [
      { names: ['nginx:1.25'], sizeBytes: 3_000_000 },
      { names: [`redis@${digest}`], sizeBytes: 2_000_000 },
      { names: ['busybox:1.37'], sizeBytes: 1_000_000 },
    ];
    const says = lensFor('C7', m).examples.flatMap((e) => e.says);
    const unused = says.find((s) => s.id === 'lens.C7.unused');
    assert.ok(unused, JSON.stringify(says.map((s) => s.id)));
    assert.equal(unused.params?.count, 1);
    assert.equal(unused.params?.image, 'busybox:1.37');
  });
});

describe('C4 tells readiness and restarts of every container', () => {
  it('a healthy container says ready with 0 restarts, after the examples with something wrong or shared', () => {
    const m = specModel([
      specNode({
        name: 'w1', ip: '10.0.0.2', cidr: '10.244.0.0/24',
        pods: [
          { name: 'web', namespace: 'shop', containers: [{ name: 'nginx', image: 'nginx:1.27' }] },
          { name: 'flaky', namespace: 'shop', containers: [{ name: 'app', image: 'busybox:1.37', restarts: 3 }] },
        ],
      }),
    ]);
    const r = lensFor('C4', m);
    assert.equal(r.missing, undefined);
    assert.deepEqual(r.examples.map((e) => e.says[0].id), ['lens.C4.restarted', 'lens.C4.healthy']);
    assert.equal(textOf('en', r.examples[1].says[0]), 'nginx in web: ready, 0 restarts.');
  });
});
