// A part of the kind fixture (main/model/select.ts): each selector kind, their
// union, the context kept, the claims' pods outside, and the errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel } from '../../../main/model/build.ts';
import { parseSelector, selectModel, SelectionError, SelectorSyntaxError, type Selector } from '../../../main/model/select.ts';
import type { AnatomyModel, PodModel } from '../../../main/model/types.ts';
import { say, translator } from '../../../main/i18n/index.ts';
import { allPods, loadCluster, node, pod, source, volume } from './fixtures.ts';

const model = buildModel(loadCluster('kind'), source('kind'));
const frozen = JSON.stringify(model);

const sel = (...texts: string[]): AnatomyModel => selectModel(model, texts.map(parseSelector));
const keys = (m: AnatomyModel): string[] => allPods(m).map((p) => `${p.namespace}/${p.name}`);
/** Each node drawn, with the pods it holds and how many it leaves out. */
const frames = (m: AnatomyModel) => m.nodes.map((n) => [n.name, n.pods.map((p) => p.name), n.podsOutside ?? 0]);
const CONTROL_PLANE_PODS = node(model, 'kind-control-plane').pods.length;

test('parseSelector reads the four forms', () => {
  assert.deepEqual(parseSelector('node:kind-worker'), { kind: 'node', name: 'kind-worker' });
  assert.deepEqual(parseSelector('pod:default/db-0'), { kind: 'pod', namespace: 'default', name: 'db-0' });
  assert.deepEqual(parseSelector('ns:kube-system'), { kind: 'ns', namespace: 'kube-system' });
  assert.deepEqual(parseSelector('label:app=web'), { kind: 'label', key: 'app', value: 'web' });
  // A key with a prefix, and an empty value, as node-role labels have.
  assert.deepEqual(parseSelector('label:node-role.kubernetes.io/control-plane='), { kind: 'label', key: 'node-role.kubernetes.io/control-plane', value: '' });
});

test('parseSelector refuses anything else, naming the selector and the accepted forms', () => {
  for (const bad of ['web', 'node:', 'pod:db-0', 'pod:/db-0', 'pod:default/', 'pod:a/b/c', 'ns:a/b', 'label:app', 'label:=web', 'deployment:web', ':x', 'node:a b']) {
    assert.throws(
      () => parseSelector(bad),
      (e: unknown) => e instanceof SelectorSyntaxError && e.message.includes(bad) && e.message.includes('node:NAME, pod:NAMESPACE/NAME, ns:NAMESPACE or label:KEY=VALUE'),
      bad,
    );
  }
});

test('node:NAME keeps the whole node with all its pods, and the control plane as a frame', () => {
  const part = sel('node:kind-worker');
  assert.deepEqual(frames(part), [
    ['kind-control-plane', [], CONTROL_PLANE_PODS],
    ['kind-worker', node(model, 'kind-worker').pods.map((p) => p.name), 0],
  ]);
  assert.deepEqual(part.unscheduled, []);
  // The pods are the model's own, containers and volumes untouched (none of them shares a claim with kind-worker2's).
  const before = node(model, 'kind-worker').pods.filter((p) => !p.volumes.some((v) => v.sharedWithPods.length));
  for (const p of before) assert.equal(pod(part, p.namespace, p.name), p);
  assert.deepEqual(part.stats, {
    nodes: 2,
    pods: node(model, 'kind-worker').pods.length,
    containers: node(model, 'kind-worker').pods.reduce((s, p) => s + p.containers.length, 0),
    volumes: node(model, 'kind-worker').pods.reduce((s, p) => s + p.volumes.length, 0),
  });
  assert.equal(part.source.selected, true);
  assert.equal(part.source.name, 'kind', 'the cluster keeps its name');
});

test('pod:NS/NAME keeps its node frame holding that pod alone, with its containers and volumes', () => {
  const part = sel('pod:default/db-0');
  const worker2 = node(model, 'kind-worker2');
  assert.deepEqual(frames(part), [
    ['kind-control-plane', [], CONTROL_PLANE_PODS],
    ['kind-worker2', ['db-0'], worker2.pods.length - 1],
  ]);
  const db = pod(part, 'default', 'db-0');
  assert.deepEqual(db, pod(model, 'default', 'db-0'));
  assert.ok(db.containers.length > 0 && db.volumes.length > 0);
  assert.deepEqual(part.namespaces, ['default']);
  assert.deepEqual(part.stats, { nodes: 2, pods: 1, containers: db.containers.length, volumes: db.volumes.length });
  // The node's own facts stay: it is the same node, with fewer pods.
  const { pods: _p, podsOutside: _o, ...rest } = node(part, 'kind-worker2');
  const { pods: _q, ...was } = worker2;
  assert.deepEqual(rest, was);
});

test('a pod on the control plane sits in the control-plane frame', () => {
  const part = sel('ns:local-path-storage');
  assert.deepEqual(frames(part), [['kind-control-plane', ['local-path-provisioner-57c5987fd4-8hjkl'], CONTROL_PLANE_PODS - 1]]);
});

test('ns:NS takes every pod of the namespace, scheduled or not', () => {
  const part = sel('ns:default');
  assert.deepEqual(keys(part).sort(), keys(model).filter((k) => k.startsWith('default/')).sort());
  assert.deepEqual(part.unscheduled.map((p) => p.name), ['big-request-6c9d8f7b5-q4w8e', 'fresh-5b7c9d8e6-z1x2c']);
});

test('label:KEY=VALUE takes the pods with that label, and nodes with it whole', () => {
  assert.deepEqual(keys(sel('label:app=web')), ['default/web-7d9c8b6f5-kx2lp']);
  assert.deepEqual(keys(sel('label:k8s-app=kube-proxy')).sort(), keys(model).filter((k) => k.startsWith('kube-system/kube-proxy-')).sort());
  const worker = sel('label:kubernetes.io/hostname=kind-worker');
  assert.deepEqual(frames(worker), frames(sel('node:kind-worker')));
  // The value must be equal, not a prefix.
  assert.throws(() => sel('label:app=we'), SelectionError);
});

test('selectors add up: the union, each pod once', () => {
  const part = sel('pod:default/db-0', 'label:app=web', 'pod:default/db-0', 'ns:local-path-storage');
  assert.deepEqual(keys(part).sort(), ['default/db-0', 'default/web-7d9c8b6f5-kx2lp', 'local-path-storage/local-path-provisioner-57c5987fd4-8hjkl']);
  assert.deepEqual(part.nodes.map((n) => n.name), ['kind-control-plane', 'kind-worker', 'kind-worker2']);
  assert.equal(part.stats.pods, 3);
  // A node chosen whole and a pod on it: the node stays whole.
  assert.deepEqual(frames(sel('node:kind-worker', 'label:app=web')), frames(sel('node:kind-worker')));
});

test('an explicit list of pods (the app\'s search matches)', () => {
  const selector: Selector = { kind: 'pods', keys: ['default/db-0', 'default/fresh-5b7c9d8e6-z1x2c', 'default/gone'] };
  const part = selectModel(model, [selector]);
  assert.deepEqual(keys(part), ['default/db-0', 'default/fresh-5b7c9d8e6-z1x2c']);
});

test('a claim shared with pods outside the selection counts them, and names only the pods drawn', () => {
  const writerKey = 'default/report-writer-5c4f8d9b7-abcde';
  const readerKey = 'default/report-reader-6d8e7f5a4-fghij';
  const whole = volume(pod(model, 'default', 'report-writer-5c4f8d9b7-abcde'), 'reports');
  assert.deepEqual(whole.sharedWithPods, [readerKey], 'the fixture: two pods share the claim');

  const alone = sel(`pod:${writerKey}`);
  const reports = volume(pod(alone, 'default', 'report-writer-5c4f8d9b7-abcde'), 'reports');
  assert.deepEqual(reports.sharedWithPods, []);
  assert.equal(reports.podsOutside, 1);
  assert.equal(reports.claim, whole.claim, 'the claim itself is the same');
  assert.deepEqual(alone.sharedClaims, [], 'one pod drawn shares nothing in the picture');

  const both = sel(`pod:${writerKey}`, `pod:${readerKey}`);
  const shared = volume(pod(both, 'default', 'report-writer-5c4f8d9b7-abcde'), 'reports');
  assert.deepEqual(shared.sharedWithPods, [readerKey]);
  assert.equal(shared.podsOutside, undefined);
  assert.deepEqual(both.sharedClaims, model.sharedClaims.filter((c) => c.claim === 'shared-reports'));
});

test('a claim with many users: inside and outside add up to the model\'s users', () => {
  // Five pods on one claim, built by hand from the fixture's writer.
  const writer = pod(model, 'default', 'report-writer-5c4f8d9b7-abcde');
  const names = ['a', 'b', 'c', 'd', 'e'];
  const users = names.map((n) => `default/${n}`);
  const copies: PodModel[] = names.map((n) => ({
    ...writer,
    uid: `uid-${n}`,
    name: n,
    volumes: writer.volumes.map((v) => (v.name === 'reports' ? { ...v, sharedWithPods: users.filter((u) => u !== `default/${n}`) } : v)),
  }));
  const many: AnatomyModel = {
    ...model,
    nodes: model.nodes.map((n) => (n.name === 'kind-worker' ? { ...n, pods: copies } : { ...n, pods: [] })),
    unscheduled: [],
    sharedClaims: [{ namespace: 'default', claim: 'shared-reports', pods: users }],
  };
  const part = selectModel(many, [parseSelector('pod:default/a'), parseSelector('pod:default/c')]);
  const v = volume(pod(part, 'default', 'a'), 'reports');
  assert.deepEqual(v.sharedWithPods, ['default/c']);
  assert.equal(v.podsOutside, 3);
  assert.equal(node(part, 'kind-worker').podsOutside, 3);
});

test('a selector that matches nothing is an error naming it, in English and Korean', () => {
  assert.throws(
    () => sel('pod:default/db-0', 'node:nowhere', 'ns:nothing-here'),
    (e: unknown) => {
      assert.ok(e instanceof SelectionError);
      assert.equal(e.message, 'nothing matches node:nowhere, ns:nothing-here');
      assert.equal(say(translator('en'), e.said), 'Nothing matches node:nowhere, ns:nothing-here.');
      assert.equal(say(translator('ko'), e.said), 'node:nowhere, ns:nothing-here에 맞는 것이 없습니다.');
      return true;
    },
  );
  assert.throws(() => selectModel(model, []), (e: unknown) => e instanceof SelectionError && /nothing is selected/.test(e.message));
  assert.throws(() => selectModel(model, [{ kind: 'pods', keys: [] }]), SelectionError);
});

test('the model given is left as it was', () => {
  sel('pod:default/report-writer-5c4f8d9b7-abcde', 'node:kind-worker2');
  assert.equal(JSON.stringify(model), frozen);
});
