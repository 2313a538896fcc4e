// Containers of the kind fixture's pods: grouping, order, status matching and state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel } from '../../../main/model/build.ts';
import { container, loadCluster, pod, source } from './fixtures.ts';

const model = buildModel(loadCluster('kind'), source('kind'));
const WEB_UID = '688f7a00-9621-5beb-8c6e-e652cc144984'; // metadata.uid of web-7d9c8b6f5-kx2lp in the fixture
const DIGEST = /^sha256:[0-9a-f]{64}$/;

test('web: init, sidecar, app then ephemeral, each with a stable uid', () => {
  const web = pod(model, 'default', 'web-7d9c8b6f5-kx2lp');
  assert.deepEqual(web.containers.map((c) => [c.group, c.name, c.uid]), [
    ['init', 'init-config', `${WEB_UID}/init/init-config`],
    ['sidecar', 'log-shipper', `${WEB_UID}/sidecar/log-shipper`],
    ['app', 'nginx', `${WEB_UID}/app/nginx`],
    ['ephemeral', 'debugger-h7k2m', `${WEB_UID}/ephemeral/debugger-h7k2m`],
  ]);
});

test('web: each container gets its own status, matched by name', () => {
  const web = pod(model, 'default', 'web-7d9c8b6f5-kx2lp');
  const init = container(web, 'init-config');
  assert.equal(init.state.kind, 'terminated');
  assert.equal(init.state.reason, 'Completed');
  assert.equal(init.state.exitCode, 0);
  assert.equal(init.state.finishedAt, '2024-09-12T08:21:04Z');
  assert.equal(init.started, false);
  assert.deepEqual(init.command, ['sh', '-c', 'cp /config/* /work/']);

  const sidecar = container(web, 'log-shipper');
  assert.equal(sidecar.state.kind, 'running');
  assert.equal(sidecar.ready, true);
  assert.equal(sidecar.started, true);
  assert.equal(sidecar.restartCount, 1);
  assert.deepEqual(sidecar.lastState, { kind: 'terminated', reason: 'OOMKilled', exitCode: 137, startedAt: '2024-09-12T08:21:05Z', finishedAt: '2024-09-12T08:25:39Z' });

  const nginx = container(web, 'nginx');
  assert.equal(nginx.state.kind, 'running');
  assert.equal(nginx.state.startedAt, '2024-09-12T08:21:10Z');
  assert.equal(nginx.lastState, undefined);
  assert.match(nginx.containerID ?? '', /^containerd:\/\/[0-9a-f]{64}$/);
  assert.deepEqual(nginx.ports, [{ name: 'http', containerPort: 80, protocol: 'TCP' }]);
  assert.deepEqual(nginx.resources, { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi' } });
  assert.equal(nginx.command, undefined);
  assert.deepEqual(nginx.mounts.find((m) => m.volume === 'nginx-conf'), { volume: 'nginx-conf', mountPath: '/etc/nginx/conf.d/default.conf', readOnly: true, subPath: 'default.conf' });

  const debug = container(web, 'debugger-h7k2m');
  assert.equal(debug.state.kind, 'running');
  assert.equal(debug.ready, false);
});

test('web: images as written and as resolved', () => {
  const web = pod(model, 'default', 'web-7d9c8b6f5-kx2lp');
  const nginx = container(web, 'nginx');
  assert.equal(nginx.image.raw, 'nginx:1.27');
  assert.equal(nginx.image.canonical, 'docker.io/library/nginx:1.27');
  assert.equal(nginx.image.official, true);
  assert.match(nginx.imageID ?? '', /^docker\.io\/library\/nginx@sha256:/);
  assert.match(nginx.resolvedDigest ?? '', DIGEST);
  assert.equal(nginx.resolvedDigestKind, 'repo-digest');

  const init = container(web, 'init-config');
  assert.equal(init.image.tag, 'latest');
  assert.equal(init.image.tagWarning, 'missing');

  const sidecar = container(web, 'log-shipper');
  assert.equal(sidecar.image.owner, 'fluent');
  assert.equal(sidecar.image.tag, '3.1.9');
  assert.match(sidecar.image.digest ?? '', DIGEST);
  // The digest the runtime pulled is the one pinned in the spec.
  assert.equal(sidecar.resolvedDigest, sidecar.image.digest);

  assert.equal(container(web, 'debugger-h7k2m').image.tagWarning, 'latest');
});

test('kind preloaded images report an image id, not a repo digest', () => {
  const etcd = container(pod(model, 'kube-system', 'etcd-kind-control-plane'), 'etcd');
  assert.equal(etcd.image.registry, 'registry.k8s.io');
  assert.equal(etcd.image.tag, '3.5.15-0');
  assert.match(etcd.imageID ?? '', DIGEST);
  assert.equal(etcd.resolvedDigest, etcd.imageID);
  assert.equal(etcd.resolvedDigestKind, 'image-id');
});

test('a finished Job container and a digest-only image', () => {
  const backup = container(pod(model, 'default', 'backup-28764000-7xk2p'), 'backup');
  assert.equal(backup.state.kind, 'terminated');
  assert.equal(backup.state.reason, 'Completed');
  assert.equal(backup.state.exitCode, 0);
  assert.equal(backup.image.tag, undefined);
  assert.equal(backup.image.tagWarning, undefined);
  assert.equal(backup.image.repository, 'bitnami/kubectl');
  assert.equal(backup.resolvedDigest, backup.image.digest);
});

test('CrashLoopBackOff: waiting now, the last run ended in error', () => {
  const app = container(pod(model, 'default', 'crashy-6b8f9d7c4-zt9wq'), 'app');
  assert.equal(app.state.kind, 'waiting');
  assert.equal(app.state.reason, 'CrashLoopBackOff');
  assert.match(app.state.message ?? '', /back-off 5m0s/);
  assert.equal(app.restartCount, 7);
  assert.equal(app.lastState?.reason, 'Error');
  assert.equal(app.lastState?.exitCode, 1);
  assert.equal(app.image.registry, 'ghcr.io');
});

test('an image that cannot be pulled: registry with a port, empty imageID', () => {
  const app = container(pod(model, 'default', 'pull-fail-59d7c8b6d-p2k4s'), 'app');
  assert.equal(app.state.reason, 'ImagePullBackOff');
  assert.equal(app.image.registry, 'registry.example.com:5000');
  assert.equal(app.image.repository, 'team/app');
  assert.equal(app.image.tag, 'does-not-exist');
  assert.equal(app.imageID, undefined);
  assert.equal(app.resolvedDigest, undefined);
});

test('init containers still running keep the app waiting', () => {
  const p = pod(model, 'default', 'migrate-7f9b5c6d8-h3j5k');
  assert.deepEqual(p.containers.map((c) => [c.group, c.name, c.state.kind, c.state.reason]), [
    ['init', 'migrate', 'running', undefined],
    ['init', 'seed', 'waiting', 'PodInitializing'],
    ['app', 'app', 'waiting', 'PodInitializing'],
  ]);
  assert.equal(p.containers[0].image.registry, 'localhost:5000');
  assert.equal(p.containers[1].image.tagWarning, 'missing');
});

test('a pod without statuses: every container says so', () => {
  const p = pod(model, 'default', 'big-request-6c9d8f7b5-q4w8e');
  assert.deepEqual(p.containers[0].state, { kind: 'unknown', reason: 'no status yet' });
  assert.equal(p.containers[0].ready, false);
  assert.equal(p.containers[0].restartCount, 0);
  assert.deepEqual(p.containers[0].resources.requests, { cpu: '4', memory: '64Gi' });
});

test('coredns ports keep their protocols', () => {
  const coredns = container(pod(model, 'kube-system', 'coredns-6f6b679f8f-2xnwd'), 'coredns');
  assert.deepEqual(coredns.ports, [
    { name: 'dns', containerPort: 53, protocol: 'UDP' },
    { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
    { name: 'metrics', containerPort: 9153, protocol: 'TCP' },
  ]);
});
