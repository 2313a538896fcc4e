// Redaction for sharing (issue 11, item 5): every string of the model that came
// from the cluster becomes a pseudonym, the structure stays.
//
// The leak check is a generic deep walk: every string of the original model
// (values and record keys) is a secret unless the field holding it is one of
// the kept ones below (kinds, statuses, versions…); no secret may survive
// anywhere in the redacted model, whole or as part of a longer string. A field
// added to the model later is a secret by default, so a redaction that lets it
// through fails here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { buildModel } from '../../../main/model/index.ts';
import { createRedactor, KUBERNETES_NAMESPACES, redactModel } from '../../../main/model/redact.ts';
import type { AnatomyModel, PodModel, VolumeModel } from '../../../main/model/types.ts';
import { loadDemo } from '../../../main/snapshot/index.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { hostileCluster, kindCluster } from '../../fixtures/anatomy-models.ts';
import { hmacSha256, sha256Hex } from '../../../main/common/hmac.ts';
import { loadCluster, source } from './fixtures.ts';
import { modelCatalog } from '../../../main/i18n/catalogs/model.ts';

const KEY = new Uint8Array(32).fill(7);
const OTHER_KEY = new Uint8Array(32).fill(9);

/** Fields whose values are the anatomy's vocabulary, not the cluster's names: they stay as written. */
const KEPT = new Set([
  'schema', 'kind', 'type', 'role', 'roles', 'controlPlaneBy', 'phase', 'status', 'reason', 'effect', 'group', 'protocol', 'restartPolicy',
  'qosClass', 'resolvedDigestKind', 'tagWarning', 'accessModes', 'reclaimPolicy', 'sourceType', 'typeName', 'resource', 'id', 'consequence',
  'lastTransitionTime', 'creationTimestamp', 'deletionTimestamp', 'startedAt', 'finishedAt', 'requested', 'capacity',
  'kubeletVersion', 'kubeProxyVersion', 'osImage', 'kernelVersion', 'operatingSystem', 'architecture', 'containerRuntimeVersion',
  'runtime', 'kind', 'medium', 'size',
]);
/** Records whose keys are resource names (cpu, memory) and whose values are quantities. */
const QUANTITIES = new Set(['capacity', 'allocatable', 'requests', 'limits']);
/** Kept wherever they stand: the namespaces Kubernetes makes, the latest tag, placeholders. */
const ALWAYS = new Set(['', '?', 'latest', 'default', 'system-cluster-critical', 'system-node-critical', ...KUBERNETES_NAMESPACES]);
/** The words of the volume sources' English templates ("emptyDir medium {medium}"): a detail made of them and kept values names nothing. */
const TEMPLATE_WORDS = new Set(Object.entries(modelCatalog.en).filter(([id]) => id.startsWith('volume.source.')).flatMap(([, text]) => text.split(/[\s,:()]+/)));
const kubernetesKey = (k: string) => /^([a-z0-9.-]+\.)?(kubernetes\.io|k8s\.io)\//.test(k);

interface Strings {
  secrets: Set<string>;
  kept: Set<string>;
}

/** Every string of a value, split into secrets and kept ones by the field that holds it. */
function strings(value: unknown): Strings {
  const out: Strings = { secrets: new Set(), kept: new Set() };
  const walk = (v: unknown, key: string, kept: boolean): void => {
    if (typeof v === 'string') {
      (kept || ALWAYS.has(v) || kubernetesKey(v) ? out.kept : out.secrets).add(v);
    } else if (Array.isArray(v)) {
      for (const x of v) walk(x, key, kept);
    } else if (v && typeof v === 'object') {
      const record = QUANTITIES.has(key) || key === 'labels';
      for (const [k, x] of Object.entries(v)) {
        if (record) {
          // A label's key is the cluster's word (but Kubernetes' own keys); a resource name too when it has a domain.
          const keyKept = kubernetesKey(k) || (QUANTITIES.has(key) && !k.includes('/'));
          (keyKept ? out.kept : out.secrets).add(k);
          walk(x, k, QUANTITIES.has(key));
        } else walk(x, k, kept || KEPT.has(k));
      }
    }
  };
  walk(value, '', false);
  for (const k of out.kept) out.secrets.delete(k);
  // A text made only of kept values and template words (a volume's detail "emptyDir medium Memory") names nothing.
  for (const s of out.secrets) if (s.split(/[\s,:()]+/).every((w) => w === '' || out.kept.has(w) || TEMPLATE_WORDS.has(w))) out.secrets.delete(s);
  return out;
}

/** Secrets of the original found in the redacted model: whole, or inside a longer string (5 characters or more). */
function leaks(original: AnatomyModel, redacted: AnatomyModel): string[] {
  const { secrets, kept } = strings(original);
  const all = strings(redacted);
  const found: string[] = [];
  // Where a secret could hide inside a longer text: not in values kept as they were (a status), nor
  // Kubernetes' own label keys (batch.kubernetes.io/job-name holds job-name), nor the pseudonyms' own .example.
  const texts = [...all.secrets, ...all.kept].filter((t) => !kept.has(t) && !kubernetesKey(t)).map((t) => t.replaceAll('.example', '.'));
  for (const s of secrets) {
    if (all.secrets.has(s) || all.kept.has(s)) found.push(s);
    else if (s.length >= 5 && texts.some((t) => t.includes(s))) found.push(`${s} (inside ${texts.find((t) => t.includes(s))})`);
  }
  return found;
}

const demo = () => buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] });
const generated = () => buildModel(generateClusterObjects({ nodes: 6, pods: 300, seed: 11 }), { kind: 'snapshot', name: 'generated.json', namespaces: [] });

function pods(m: AnatomyModel): PodModel[] {
  return [...m.nodes.flatMap((n) => n.pods), ...m.unscheduled];
}
function volumes(m: AnatomyModel): VolumeModel[] {
  return pods(m).flatMap((p) => p.volumes);
}

test('HMAC-SHA256 of the pure implementation equals node:crypto, for keys and texts of every length', () => {
  for (let n = 0; n < 140; n += 7) {
    const key = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 255);
    const text = 'é한😀'.repeat(n % 5) + 'x'.repeat(n * 3);
    assert.equal(hmacSha256(key)(text), createHmac('sha256', key).update(text, 'utf8').digest('hex'), `key ${n} bytes`);
  }
  assert.equal(sha256Hex(new Uint8Array()), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

for (const [name, make] of [
  ['the demo', demo],
  ['a generated cluster', generated],
  ['the kind fixture', () => buildModel(loadCluster('kind'), source('kind.json'))],
  ['the hand-made kind model', kindCluster],
  ['the hostile model', hostileCluster],
] as const) {
  test(`${name}: no string of the original survives anywhere in the redacted model`, () => {
    const original = make();
    const before = JSON.stringify(original);
    const redacted = redactModel(original, KEY);
    assert.equal(JSON.stringify(original), before, 'the input is not changed');
    assert.ok(strings(original).secrets.size > 20, 'the walk finds the names');
    assert.deepEqual(leaks(original, redacted), []);
    assert.equal(redacted.source.redacted, true);
  });
}

test('the leak walk catches a field the redaction does not know (checked on a model it passes through)', () => {
  const original = demo();
  const redacted = redactModel(original, KEY);
  // A new field copied through as written, as a careless redaction would.
  (redacted.nodes[0] as unknown as Record<string, unknown>).newField = original.nodes[0].name;
  assert.ok(leaks(original, redacted).includes(original.nodes[0].name));
  // A field added to the input is left out of the output: objects are built field by field.
  (original.nodes[0].pods[0] as unknown as Record<string, unknown>).hostname = 'secret-host-name';
  assert.equal(JSON.stringify(redactModel(original, KEY)).includes('secret-host-name'), false);
});

test('same key, same pseudonyms; another key, other pseudonyms; a key too short is refused', () => {
  const a = JSON.stringify(redactModel(demo(), KEY));
  assert.equal(JSON.stringify(redactModel(demo(), Uint8Array.from(KEY))), a);
  const b = redactModel(demo(), OTHER_KEY);
  assert.notEqual(JSON.stringify(b), a);
  const names = (m: AnatomyModel) => new Set(pods(m).map((p) => p.name));
  const first = names(JSON.parse(a));
  assert.equal([...names(b)].filter((n) => first.has(n)).length, 0, 'no pod name is the same under two keys');
  assert.throws(() => createRedactor(new Uint8Array(8)), /too short: 8 bytes/);
});

test('structure stays: counts, statuses, roles, shared flags, kinds', () => {
  const original = generated();
  const redacted = redactModel(original, KEY);
  assert.deepEqual(redacted.stats, original.stats);
  assert.equal(redacted.nodes.length, original.nodes.length);
  assert.deepEqual(redacted.nodes.map((n) => [n.role, n.roles, n.pods.length, n.ready.status]), original.nodes.map((n) => [n.role, n.roles, n.pods.length, n.ready.status]));
  const shape = (m: AnatomyModel) =>
    pods(m).map((p) => [p.status, p.phase, p.ready, p.restarts, p.hostNetwork, p.static, p.containers.map((c) => [c.group, c.restartCount, c.state.kind, c.image.official, c.image.tagWarning ?? '']), p.volumes.map((v) => [v.type, v.shared, v.mountedBy.length, v.sharedWithPods.length])]);
  assert.deepEqual(shape(redacted), shape(original));
  assert.equal(redacted.sharedClaims.length, original.sharedClaims.length);
  assert.ok(volumes(original).some((v) => v.shared) && volumes(original).some((v) => v.sharedWithPods.length > 0), 'the fixture shares volumes and claims');
  // Names stay distinct: as many pod uids, pod names per namespace and namespaces as before.
  const distinct = (m: AnatomyModel) => [new Set(pods(m).map((p) => p.uid)).size, new Set(pods(m).map((p) => `${p.namespace}/${p.name}`)).size, new Set(m.namespaces).size];
  assert.deepEqual(distinct(redacted), distinct(original));
});

test('a claim shared by pods stays shared by the same pods, under its pseudonym', () => {
  const original = generated();
  const redactor = createRedactor(KEY);
  const redacted = redactor.model(original);
  for (const [i, claim] of original.sharedClaims.entries()) {
    const r = redacted.sharedClaims[i];
    assert.equal(r.claim, redactor.name('claim', claim.claim));
    assert.deepEqual(r.pods, claim.pods.map((ref) => `${redactor.name('namespace', ref.split('/')[0])}/${redactor.name('pod', ref.split('/')[1])}`));
    for (const ref of r.pods) {
      const [ns, name] = ref.split('/');
      const p = pods(redacted).find((x) => x.namespace === ns && x.name === name);
      assert.ok(p?.volumes.some((v) => v.claim?.name === r.claim), `${ref} mounts ${r.claim}`);
    }
  }
});

test('names keep a readable shape; the injected volumes keep their prefix', () => {
  const redacted = redactModel(demo(), KEY);
  for (const n of redacted.nodes) assert.match(n.name, /^node-[0-9a-f]{6,}$/);
  for (const p of pods(redacted)) {
    assert.match(p.name, /^pod-[0-9a-f]{6,}$/);
    assert.ok(KUBERNETES_NAMESPACES.has(p.namespace) || /^ns-[0-9a-f]{6,}$/.test(p.namespace), p.namespace);
    assert.match(p.uid, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    for (const c of p.containers) {
      assert.match(c.name, /^ctr-[0-9a-f]{6,}$/);
      assert.equal(c.uid, `${p.uid}/${c.group}/${c.name}`);
      assert.match(c.image.registry, /^registry-[0-9a-f]{6,}\.example(:\d+)?$/);
      if (c.image.digest) assert.match(c.image.digest, /^sha256:[0-9a-f]{64}$/);
      if (c.resolvedDigest) assert.match(c.resolvedDigest, /^sha256:[0-9a-f]{64}$/);
      if (c.containerID) assert.match(c.containerID, /^[a-z-]+:\/\/[0-9a-f]{64}$/);
    }
    for (const v of p.volumes) {
      assert.match(v.name, /^(vol-[0-9a-f]{6,}|kube-api-access-[0-9a-f]{5,})$/);
      assert.equal(v.uid, `${p.uid}/volume/${v.name}`);
    }
  }
  assert.match(redacted.source.name, /^cluster-[0-9a-f]{6,}$/);
});

test('IPs keep their subnets: one /24 stays one /24, another stays another; CIDRs stay networks; pods stay in their node\'s CIDR', () => {
  const original = generated();
  const redactor = createRedactor(KEY);
  const redacted = redactor.model(original);
  const prefix = (ip: string) => ip.split('.').slice(0, 3).join('.');
  const groups = (m: AnatomyModel) => pods(m).filter((p) => p.podIP && !p.hostNetwork).map((p) => prefix(p.podIP as string));
  const before = groups(original);
  const after = groups(redacted);
  assert.ok(new Set(before).size > 1);
  // The same partition: two pods share a /24 after exactly when they did before.
  const partition = (xs: string[]) => xs.map((x) => xs.indexOf(x));
  assert.deepEqual(partition(after), partition(before));
  for (const n of redacted.nodes) {
    for (const cidr of n.podCIDRs) {
      const [net, bits] = cidr.split('/');
      assert.equal(bits, '24');
      assert.match(net, /^10\.\d+\.\d+\.0$/, 'a private network stays private, its host bits zero');
      for (const p of n.pods) if (p.podIP && !p.hostNetwork && p.podIP.includes('.')) assert.equal(prefix(p.podIP), prefix(net), `${p.name} in ${cidr}`);
    }
    // A hostNetwork pod's IP is still its node's.
    for (const p of n.pods) if (p.hostNetwork) assert.equal(p.podIP, n.internalIP);
  }
  const a = redactModel(original, KEY);
  assert.deepEqual(a.nodes.map((n) => n.internalIP), redacted.nodes.map((n) => n.internalIP));
  assert.notEqual(redacted.nodes[0].internalIP, original.nodes[0].internalIP);
});

test('IPv6: prefix kept by groups, RFC 5952 text, the same /64 stays one /64', () => {
  const m = kindCluster();
  const pod6 = (ip: string, name: string) => ({ ...m.nodes[1].pods[0], uid: name, name, podIP: ip, podIPs: [ip] });
  m.nodes[1].pods = [pod6('fd00:10:244:1::5', 'a'), pod6('fd00:10:244:1::6', 'b'), pod6('fd00:10:244:2::5', 'c'), pod6('2001:db8::1', 'd'), pod6('::ffff:10.1.2.3', 'e')];
  m.nodes[1].podCIDRs = ['fd00:10:244:1::/64'];
  const r = redactModel(m, KEY);
  const ips = r.nodes[1].pods.map((p) => p.podIP as string);
  // The first four groups (a /64), written out.
  const net = (ip: string) => {
    const [head, tail = ''] = ip.split('::');
    const h = head ? head.split(':') : [];
    const t = tail ? tail.split(':') : [];
    return [...h, ...Array(8 - h.length - t.length).fill('0'), ...t].slice(0, 4).join(':');
  };
  assert.equal(net(ips[0]), net(ips[1]));
  assert.notEqual(net(ips[0]), net(ips[2]));
  for (const ip of ips.slice(0, 3)) assert.match(ip, /^fd[0-9a-f]{2}:/);
  assert.match(ips[3], /^[23][0-9a-f]{0,3}:/, 'a global address stays global');
  assert.match(ips[4], /^::ffff:10\.\d+\.\d+\.\d+$/);
  assert.match(r.nodes[1].podCIDRs[0], /^fd[0-9a-f:]+::\/64$/);
  assert.equal(net(r.nodes[1].podCIDRs[0].split('/')[0]), net(ips[0]));
  for (const ip of ips) assert.ok(!m.nodes[1].pods.some((p) => p.podIP === ip));
});

test('a container\'s image and the node\'s image cache keep naming the same image', () => {
  const redacted = redactModel(demo(), KEY);
  let matched = 0;
  for (const n of redacted.nodes) {
    const cached = new Set(n.images.flatMap((i) => i.names));
    for (const p of n.pods) for (const c of p.containers) if (cached.has(c.image.canonical)) matched++;
  }
  const original = demo();
  let before = 0;
  for (const n of original.nodes) {
    const cached = new Set(n.images.flatMap((i) => i.names));
    for (const p of n.pods) for (const c of p.containers) if (cached.has(c.image.canonical)) before++;
  }
  assert.ok(before > 0);
  assert.equal(matched, before);
});

test('a pod redacted alone has the pseudonyms it has in its model', () => {
  const original = demo();
  const redactor = createRedactor(KEY);
  const model = redactor.model(original);
  const p = original.nodes[1].pods[0];
  assert.deepEqual(redactor.pod(p), model.nodes[1].pods[0]);
});

test('callouts stay pinned to the same objects, by their redacted uids and keys; their text is the author\'s own', () => {
  const original = kindCluster();
  const p = original.nodes[1].pods[0];
  const c = p.containers[0];
  (original as unknown as { callouts: unknown[] }).callouts = [
    { n: 1, text: 'look here', target: { kind: 'pod', uid: p.uid, key: `${p.namespace}/${p.name}` } },
    { n: 2, text: 'and here', target: { kind: 'container', uid: c.uid, key: `${p.namespace}/${p.name}/${c.name}` }, detached: true, at: { x: 1, y: 2 } },
    { n: 3, text: 'free', at: { x: 5, y: 6 } },
  ];
  const redacted = redactModel(original, KEY);
  const rp = redacted.nodes[1].pods[0];
  const rc = rp.containers[0];
  assert.deepEqual((redacted as unknown as { callouts: unknown[] }).callouts, [
    { n: 1, text: 'look here', target: { kind: 'pod', uid: rp.uid, key: `${rp.namespace}/${rp.name}` } },
    { n: 2, text: 'and here', target: { kind: 'container', uid: rc.uid, key: `${rp.namespace}/${rp.name}/${rc.name}` }, detached: true, at: { x: 1, y: 2 } },
    { n: 3, text: 'free', at: { x: 5, y: 6 } },
  ]);
});

test('a redactor keeps what it redacted by identity, and knows which uid a pseudonym stands for', () => {
  const original = demo();
  const redactor = createRedactor(KEY);
  const a = redactor.model(original);
  // A patched model shares the nodes a patch left alone: so does its redaction.
  const patched = { ...original, nodes: [...original.nodes.slice(0, -1), { ...original.nodes.at(-1)!, pods: original.nodes.at(-1)!.pods.slice(1) }] };
  const b = redactor.model(patched);
  assert.equal(b.nodes[0], a.nodes[0]);
  assert.notEqual(b.nodes.at(-1), a.nodes.at(-1));
  assert.equal(b.nodes.at(-1)!.pods[0], a.nodes.at(-1)!.pods[1]);
  for (const [i, n] of original.nodes.entries()) {
    assert.equal(redactor.originalUid(a.nodes[i].uid), n.uid);
    for (const [j, p] of n.pods.entries()) assert.equal(redactor.originalUid(a.nodes[i].pods[j].uid), p.uid);
  }
  assert.equal(redactor.originalUid('no-such-uid'), undefined);
});

test('a page\'s notes go across and back: pinned by pseudonyms, then by the real names again', () => {
  const original = kindCluster();
  const redactor = createRedactor(KEY);
  const redacted = redactor.model(original);
  const p = original.nodes[1].pods[0];
  const c = p.containers[0];
  const notes = [
    { n: 1, text: 'pod', target: { kind: 'pod', uid: p.uid, key: `${p.namespace}/${p.name}` } },
    { n: 2, text: 'container', target: { kind: 'container', uid: c.uid, key: `${p.namespace}/${p.name}/${c.name}` } },
    { n: 3, text: 'free', at: { x: 1, y: 2 } },
  ];
  const across = redactor.callouts(notes);
  const rp = redacted.nodes[1].pods[0];
  assert.deepEqual(across[0].target, { kind: 'pod', uid: rp.uid, key: `${rp.namespace}/${rp.name}` });
  assert.deepEqual(across[1].target, { kind: 'container', uid: rp.containers[0].uid, key: `${rp.namespace}/${rp.name}/${rp.containers[0].name}` });
  assert.deepEqual(redactor.restoreCallouts(across), notes);
  // A note made while redacted, on another pod, comes back pinned to that pod's real names.
  const q = original.nodes[2].pods[0];
  const rq = redacted.nodes[2].pods[0];
  assert.deepEqual(redactor.restoreCallouts([{ n: 4, text: 'new', target: { kind: 'pod', uid: rq.uid, key: `${rq.namespace}/${rq.name}` } }])[0].target, { kind: 'pod', uid: q.uid, key: `${q.namespace}/${q.name}` });
});
