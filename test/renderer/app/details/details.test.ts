import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detailsFor } from '../../../../renderer/app/details/build.ts';
import { imageWarning } from '../../../../renderer/app/details/image.ts';
import type { DetailView } from '../../../../renderer/app/details/types.ts';
import { indexModel } from '../../../../renderer/app/model-index.ts';
import { translator } from '../../../../renderer/app/strings.ts';
import { image, sampleModel } from '../../../fixtures/anatomy-models.ts';

const t = translator('en');
const ctx = { t, now: Date.parse('2026-11-30T04:00:00Z') };

function view(uid: string, model = sampleModel()): DetailView {
  const index = indexModel(model);
  const entry = index.get(uid);
  assert.ok(entry, `no ${uid} in the model`);
  return detailsFor(entry, index, ctx);
}

function section(v: DetailView, id: string) {
  const s = v.sections.find((x) => x.id === id);
  assert.ok(s, `section ${id} in ${v.sections.map((x) => x.id).join(',')}`);
  return s;
}

function value(v: DetailView, sectionId: string, label: string): string | undefined {
  return section(v, sectionId).rows.find((r) => r.label === label)?.value;
}

test('node: roles, network, runtime, system, resources and cached images in human units', () => {
  const v = view('n-w1');
  assert.equal(v.title, 'worker-1');
  assert.deepEqual(v.status, { text: 'Ready', tone: 'ok' });
  assert.equal(value(v, 'overview', 'Role'), 'Worker');
  assert.equal(value(v, 'overview', 'Roles'), 'none');
  assert.equal(value(v, 'overview', 'Pods'), '3');
  assert.equal(value(v, 'network', 'InternalIP'), '172.18.0.3');
  assert.equal(value(v, 'network', 'podCIDRs'), '10.244.1.0/24, fd00:10:244:1::/64');
  assert.equal(value(v, 'system', 'Container runtime'), 'containerd 2.1.3');
  assert.equal(value(v, 'system', 'kubelet'), 'v1.33.1');
  assert.equal(value(v, 'system', 'Kernel'), '6.8.0-45-generic');
  assert.equal(value(v, 'system', 'Architecture'), 'linux/amd64');
  const mem = section(v, 'capacity').rows.find((r) => r.label === 'memory')!;
  assert.equal(mem.value, '16303012Ki (15.5 GiB)');
  assert.equal(mem.note, 'allocatable 16200612Ki (15.5 GiB)');
  assert.equal(section(v, 'capacity').rows.find((r) => r.label === 'cpu')!.note, undefined, 'same allocatable is not repeated');
  const images = section(v, 'images');
  assert.equal(images.title, 'Cached images (2, 68.7 MiB)');
  assert.deepEqual(
    images.rows.map((r) => [r.label, r.value]),
    [
      ['68.7 MiB', 'docker.io/library/nginx:1.27'],
      ['1.5 KiB', 'registry.k8s.io/kube-proxy:v1.33.1'],
    ],
  );
  const conditions = section(v, 'conditions').rows;
  assert.deepEqual(conditions.map((r) => [r.label, r.value, r.tone]), [
    ['MemoryPressure', 'False', 'ok'],
    ['Ready', 'True', 'ok'],
  ]);
});

test('node: control plane role, reason and taints', () => {
  const v = view('n-cp');
  assert.equal(value(v, 'overview', 'Role'), 'Control plane');
  assert.equal(value(v, 'overview', 'Control plane because'), 'node-role label');
  assert.deepEqual(section(v, 'taints').rows.map((r) => [r.label, r.value]), [['NoSchedule', 'node-role.kubernetes.io/control-plane']]);
  assert.equal(v.sections.some((s) => s.id === 'images'), false, 'empty sections are left out');
});

test('pod: all podIPs, hostIP, owner, QoS, volumes with mounts, and the shared-IP lesson', () => {
  const v = view('p-web');
  assert.equal(v.subtitle, 'shop');
  assert.equal(value(v, 'network', 'podIPs'), '10.244.1.5, fd00:10:244:1::5');
  assert.equal(value(v, 'network', 'hostIP'), '172.18.0.3');
  assert.equal(value(v, 'network', 'hostNetwork'), 'no');
  assert.deepEqual(section(v, 'network').notes, [{ kind: 'teach', text: 'Containers in this pod share its IP and reach each other on localhost.' }]);
  assert.equal(value(v, 'overview', 'Owner'), 'ReplicaSet web-7d9f8');
  assert.match(section(v, 'overview').rows.find((r) => r.label === 'QoS class')!.note!, /evicted after BestEffort/);
  assert.deepEqual(section(v, 'overview').rows.find((r) => r.label === 'Node')!.link, { kind: 'node', uid: 'n-w1' });
  const cache = section(v, 'volumes').rows.find((r) => r.value === 'cache')!;
  assert.equal(cache.note, 'emptyDir\nweb → /cache\nlog-shipper → /var/cache (read-only)');
  assert.deepEqual(cache.link, { kind: 'volume', uid: 'p-web/volume/cache' });
  assert.deepEqual(section(v, 'containers').rows.map((r) => [r.label, r.value]), [
    ['sidecar', 'log-shipper'],
    ['app', 'web'],
  ]);
});

test('pod: host network is explained with the node IP', () => {
  const v = view('p-proxy');
  const row = section(v, 'network').rows.find((r) => r.label === 'hostNetwork')!;
  assert.equal(row.value, 'yes');
  assert.equal(row.note, "Shares the node's network namespace — same IP as the node. (172.18.0.3)");
  assert.deepEqual(section(v, 'network').notes, []);
});

test('pod: unscheduled pods say why', () => {
  const v = view('p-pending');
  assert.equal(value(v, 'overview', 'Not scheduled'), 'Unschedulable: 0/2 nodes are available: insufficient memory.');
  assert.equal(v.status?.tone, 'warn');
});

test('container: image split, resolved digest, resources, mounts, last state and group', () => {
  const v = view('p-web/app/web');
  assert.equal(value(v, 'image', 'Registry'), 'docker.io');
  assert.equal(value(v, 'image', 'Repository'), 'library/nginx');
  assert.equal(value(v, 'image', 'Owner'), 'library');
  assert.equal(value(v, 'image', 'Name'), 'nginx');
  assert.equal(value(v, 'image', 'Tag'), '1.27');
  assert.equal(value(v, 'image', 'Resolved digest'), 'sha256:' + 'a'.repeat(64));
  assert.deepEqual(section(v, 'image').notes, [], 'a pinned tag has no warning');
  assert.equal(value(v, 'resources', 'cpu'), '250m (0.25 CPU) / —');
  assert.equal(value(v, 'resources', 'memory'), '128Mi / 3920492Ki (3.74 GiB)');
  assert.equal(value(v, 'ports', 'http'), '80/TCP');
  assert.equal(value(v, 'state', 'State'), 'running');
  assert.equal(value(v, 'state', 'Last state'), 'terminated: OOMKilled (exit 137)');
  assert.equal(value(v, 'overview', 'Restarts'), '3');
  const data = section(v, 'mounts').rows.find((r) => r.label === '/data')!;
  assert.equal(data.value, 'data');
  assert.equal(data.note, 'read-write · claim data-web');
  assert.match(section(v, 'overview').rows.find((r) => r.label === 'Kind')!.note!, /^App container/);
});

test('container: a missing tag shows a visible warning', () => {
  const v = view('p-web/sidecar/log-shipper');
  assert.deepEqual(section(v, 'image').notes?.map((n) => n.kind), ['warn']);
  assert.match(section(v, 'image').notes![0].text, /No tag written/);
  assert.equal(section(v, 'image').rows.find((r) => r.label === 'Tag')!.tone, 'warn');
  assert.match(section(v, 'overview').rows.find((r) => r.label === 'Kind')!.note!, /^Sidecar/);
});

test('imageWarning: latest, missing, pinned and invalid references', () => {
  assert.match(imageWarning(image('nginx:latest', { tag: 'latest', tagWarning: 'latest' }), t)!, /^Tag "latest" moves/);
  assert.match(imageWarning(image('nginx', { tag: 'latest', tagWarning: 'missing', defaulted: { registry: true, owner: true, tag: true } }), t)!, /^No tag written/);
  assert.equal(imageWarning(image('nginx:1.27'), t), undefined);
  assert.equal(imageWarning(image('nginx:latest@sha256:' + 'b'.repeat(64), { tag: 'latest', digest: 'sha256:' + 'b'.repeat(64) }), t), undefined, 'a digest pins it');
  assert.match(imageWarning(image('NGINX', { invalid: 'uppercase repository' }), t)!, /not valid: uppercase repository/);
  assert.equal(imageWarning(undefined, t), undefined);
});

test('volume: PVC → PV chain and who shares it, with links', () => {
  const v = view('p-web/volume/data');
  assert.equal(value(v, 'claim', 'PersistentVolumeClaim'), 'shop/data-web');
  assert.equal(value(v, 'claim', 'PersistentVolume'), 'pvc-123');
  assert.equal(value(v, 'claim', 'Reclaim policy'), 'Delete');
  assert.equal(value(v, 'claim', 'PV source'), 'hostPath · /var/local-path/pvc-123');
  const users = section(v, 'users').rows;
  assert.deepEqual(users.map((r) => [r.label, r.value, r.link]), [
    ['app', 'web', { kind: 'container', uid: 'p-web/app/web' }],
    ['Other pods', 'shop/worker-job', { kind: 'pod', uid: 'p-job' }],
  ]);
  assert.equal(section(v, 'users').notes?.[0].kind, 'teach');
});

test('volume: an emptyDir shared by two containers', () => {
  const v = view('p-web/volume/cache');
  assert.deepEqual(section(v, 'users').rows.map((r) => [r.value, r.note]), [
    ['web', '/cache · read-write'],
    ['log-shipper', '/var/cache · read-only'],
  ]);
});

test('builders stay text-only and survive hostile values', () => {
  const model = sampleModel();
  const w = model.nodes[1] as unknown as Record<string, unknown>;
  w.name = '<img src=x onerror=alert(1)>';
  w.labels = JSON.parse('{"__proto__": "x", "a": {"b": 1}, "ok": "1"}');
  w.images = [null, { names: 'nope', sizeBytes: 'big' }];
  w.capacity = 'x';
  w.info = null;
  const v = view('n-w1', model);
  assert.equal(v.title, '<img src=x onerror=alert(1)>', 'kept as text; the panel writes it with textContent');
  assert.deepEqual(section(v, 'labels').rows.map((r) => r.label), ['__proto__', 'ok']);
  assert.deepEqual(section(v, 'images').rows.map((r) => [r.label, r.value]), [['?', '?']]);
  for (const s of v.sections) for (const r of s.rows) assert.equal(typeof r.value, 'string');
});
