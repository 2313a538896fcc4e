// Volumes of the kind fixture: every source type, who mounts what, and claims.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel } from '../../../main/model/build.ts';
import { sourceText } from '../../../main/model/volume.ts';
import { translator } from '../../../main/i18n/index.ts';
import { allPods, loadCluster, pod, source, volume } from './fixtures.ts';

const model = buildModel(loadCluster('kind'), source('kind'));
const web = pod(model, 'default', 'web-7d9c8b6f5-kx2lp');
const WEB_UID = '688f7a00-9621-5beb-8c6e-e652cc144984';
const PV_DATA = 'pvc-cb9ad508-b351-5f9a-bbd0-e3b08827cfa6';
const PV_SCRATCH = 'pvc-9b3c4006-2786-50e6-b3a8-eaa9eccf9669';
const PV_REPORTS = 'pvc-e6612366-8ecf-5a2c-a4d0-b8d1d614e0b2';

test('web: volumes in spec order with type, detail and uid', () => {
  assert.deepEqual(web.volumes.map((v) => [v.name, v.type, v.typeName, v.detail]), [
    ['html', 'emptyDir', 'emptyDir', 'emptyDir'],
    ['logs', 'emptyDir', 'emptyDir', 'emptyDir medium Memory sizeLimit 64Mi'],
    ['nginx-conf', 'configMap', 'configMap', 'configMap web-nginx-conf'],
    ['tls', 'secret', 'secret', 'secret web-tls'],
    ['podinfo', 'downwardAPI', 'downwardAPI', 'downwardAPI labels, annotations'],
    ['kube-api-access-w2x9z', 'projected', 'projected', 'serviceAccountToken, configMap kube-root-ca.crt, downwardAPI'],
  ]);
  assert.equal(volume(web, 'html').uid, `${WEB_UID}/volume/html`);
});

test('web: a volume says its source as messages, in Korean with the cluster\'s names as written', () => {
  assert.deepEqual(volume(web, 'logs').source, [{ id: 'volume.source.emptyDir.mediumSize', params: { medium: 'Memory', size: '64Mi' } }]);
  const ko = translator('ko');
  assert.deepEqual(web.volumes.map((v) => sourceText(ko, v.source ?? [])), [
    '빈 디렉터리',
    '빈 디렉터리, 매체 Memory, 최대 64Mi',
    '컨피그맵 web-nginx-conf',
    '시크릿 web-tls',
    '다운워드 API labels, annotations',
    '서비스 어카운트 토큰, 컨피그맵 kube-root-ca.crt, 다운워드 API',
  ]);
  // English is the model's detail, word for word: the wire and the exports in English are unchanged.
  const en = translator('en');
  for (const p of allPods(model)) for (const v of p.volumes) assert.equal(sourceText(en, v.source ?? []), v.detail, `${p.name}/${v.name}`);
  const claims = allPods(model).flatMap((p) => p.volumes).filter((v) => v.claim);
  assert.ok(claims.length > 0);
  for (const v of claims) assert.match(sourceText(ko, v.source ?? []), /^(퍼시스턴트|임시) 볼륨 클레임 \S+$/);
});

test('web: an emptyDir written by the init container and served read-only by nginx is shared', () => {
  const html = volume(web, 'html');
  assert.deepEqual(html.mountedBy, [
    { container: 'init-config', group: 'init', mountPath: '/work', readOnly: false },
    { container: 'nginx', group: 'app', mountPath: '/usr/share/nginx/html', readOnly: true },
  ]);
  assert.equal(html.shared, true);
  assert.deepEqual(html.sharedWithPods, []);
  assert.equal(html.claim, undefined);
});

test('web: the sidecar reads the logs nginx writes', () => {
  const logs = volume(web, 'logs');
  assert.deepEqual(logs.mountedBy, [
    { container: 'log-shipper', group: 'sidecar', mountPath: '/logs', readOnly: true },
    { container: 'nginx', group: 'app', mountPath: '/var/log/nginx', readOnly: false },
  ]);
  assert.equal(logs.shared, true);
});

test('web: volumes only nginx mounts are not shared', () => {
  for (const name of ['nginx-conf', 'tls', 'podinfo']) {
    const v = volume(web, name);
    assert.equal(v.shared, false, name);
    assert.deepEqual(v.mountedBy.map((m) => m.container), ['nginx'], name);
  }
  assert.deepEqual(volume(web, 'nginx-conf').mountedBy[0].subPath, 'default.conf');
  // The service account token goes into every container except the debug one.
  assert.deepEqual(volume(web, 'kube-api-access-w2x9z').mountedBy.map((m) => m.container), ['init-config', 'log-shipper', 'nginx']);
});

test('hostPath volumes show the path and the type when set', () => {
  const etcd = pod(model, 'kube-system', 'etcd-kind-control-plane');
  assert.equal(volume(etcd, 'etcd-data').detail, '/var/lib/etcd (DirectoryOrCreate)');
  const proxy = pod(model, 'kube-system', 'kube-proxy-x7k2q');
  assert.equal(volume(proxy, 'lib-modules').detail, '/lib/modules');
  assert.equal(volume(proxy, 'xtables-lock').detail, '/run/xtables.lock (FileOrCreate)');
  assert.equal(volume(proxy, 'kube-proxy').detail, 'configMap kube-proxy');
});

test('csi, nfs, image and unknown sources', () => {
  const writer = pod(model, 'default', 'report-writer-5c4f8d9b7-abcde');
  assert.deepEqual([volume(writer, 'secrets-store').type, volume(writer, 'secrets-store').detail], ['csi', 'csi secrets-store.csi.k8s.io']);
  const reader = pod(model, 'default', 'report-reader-6d8e7f5a4-fghij');
  assert.deepEqual([volume(reader, 'archive').type, volume(reader, 'archive').detail], ['nfs', 'nfs.storage.internal:/exports/archive']);
  const server = pod(model, 'default', 'model-server-0');
  assert.deepEqual([volume(server, 'models').type, volume(server, 'models').detail], ['image', 'image quay.io/acme/models:2024-09']);
  const legacy = volume(server, 'legacy');
  assert.deepEqual([legacy.type, legacy.typeName, legacy.detail], ['other', 'iscsi', 'iscsi']);
});

test('a StatefulSet claim with its bound local-path volume', () => {
  const db = pod(model, 'default', 'db-0');
  const data = volume(db, 'data');
  assert.equal(data.type, 'persistentVolumeClaim');
  assert.equal(data.detail, 'claim data-db-0');
  assert.deepEqual(data.claim, {
    name: 'data-db-0',
    namespace: 'default',
    found: true,
    phase: 'Bound',
    storageClassName: 'standard',
    accessModes: ['ReadWriteOnce'],
    requested: '10Gi',
    capacity: '10Gi',
    volumeName: PV_DATA,
    pv: {
      name: PV_DATA,
      phase: 'Bound',
      capacity: '10Gi',
      storageClassName: 'standard',
      reclaimPolicy: 'Delete',
      accessModes: ['ReadWriteOnce'],
      sourceType: 'hostPath',
      detail: `/var/local-path-provisioner/${PV_DATA}_default_data-db-0`,
    },
  });
  assert.deepEqual(data.sharedWithPods, []);
});

test('a generic ephemeral volume resolves to the claim named <pod>-<volume>', () => {
  const scratch = volume(pod(model, 'default', 'db-0'), 'scratch');
  assert.equal(scratch.type, 'ephemeral');
  assert.equal(scratch.detail, 'claim db-0-scratch (ephemeral)');
  assert.equal(scratch.claim?.name, 'db-0-scratch');
  assert.equal(scratch.claim?.found, true);
  assert.equal(scratch.claim?.pv?.name, PV_SCRATCH);
  assert.equal(scratch.claim?.requested, '1Gi');
});

test('a ReadWriteMany claim used by two pods links them both ways', () => {
  const writer = volume(pod(model, 'default', 'report-writer-5c4f8d9b7-abcde'), 'reports');
  const reader = volume(pod(model, 'default', 'report-reader-6d8e7f5a4-fghij'), 'reports');
  assert.deepEqual(writer.sharedWithPods, ['default/report-reader-6d8e7f5a4-fghij']);
  assert.deepEqual(reader.sharedWithPods, ['default/report-writer-5c4f8d9b7-abcde']);
  // Shared across pods, but within each pod one container mounts it.
  assert.equal(writer.shared, false);
  assert.equal(reader.mountedBy[0].readOnly, true);
  assert.deepEqual(writer.claim?.accessModes, ['ReadWriteMany']);
  assert.deepEqual(writer.claim?.pv, {
    name: PV_REPORTS,
    phase: 'Bound',
    capacity: '5Gi',
    storageClassName: 'nfs-client',
    reclaimPolicy: 'Retain',
    accessModes: ['ReadWriteMany'],
    sourceType: 'nfs',
    detail: '10.0.0.50:/exports/default-shared-reports',
  });
  assert.deepEqual(model.sharedClaims, [
    { namespace: 'default', claim: 'shared-reports', pods: ['default/report-reader-6d8e7f5a4-fghij', 'default/report-writer-5c4f8d9b7-abcde'] },
  ]);
});

test('minikube: a hostPath-provisioned claim', () => {
  const mk = buildModel(loadCluster('minikube'), source('minikube'));
  const data = volume(pod(mk, 'default', 'notes-5d4c3b2a1-x9y8z'), 'data');
  assert.equal(data.claim?.found, true);
  assert.equal(data.claim?.pv?.sourceType, 'hostPath');
  assert.equal(data.claim?.pv?.detail, '/tmp/hostpath-provisioner/default/notes');
  assert.deepEqual(mk.sharedClaims, []);
});

test('a claim that does not exist is found: false; a pending claim has no volume', () => {
  const objects = loadCluster('kind');
  const raw = structuredClone(objects.pods?.find((p) => (p.metadata as { name: string }).name === 'db-0'));
  assert.ok(raw);
  const vols = (raw.spec as { volumes: { name: string; persistentVolumeClaim?: { claimName: string } }[] }).volumes;
  vols[0].persistentVolumeClaim = { claimName: 'gone' };
  vols.push({ name: 'later', persistentVolumeClaim: { claimName: 'orphan-claim' } });
  const m = buildModel({ ...objects, pods: [raw] }, source('one'));
  const p = pod(m, 'default', 'db-0');
  assert.deepEqual(volume(p, 'data').claim, { name: 'gone', namespace: 'default', found: false, accessModes: [] });
  assert.deepEqual(volume(p, 'later').claim, { name: 'orphan-claim', namespace: 'default', found: true, phase: 'Pending', storageClassName: 'standard', accessModes: ['ReadWriteOnce'], requested: '2Gi' });
});

test('one pod mounting the same claim twice does not share it with itself', () => {
  const objects = loadCluster('kind');
  const raw = structuredClone(objects.pods?.find((p) => (p.metadata as { name: string }).name === 'db-0'));
  assert.ok(raw);
  (raw.spec as { volumes: unknown[] }).volumes.push({ name: 'data-again', persistentVolumeClaim: { claimName: 'data-db-0' } });
  const m = buildModel({ ...objects, pods: [raw] }, source('one'));
  assert.deepEqual(volume(pod(m, 'default', 'db-0'), 'data-again').sharedWithPods, []);
  assert.deepEqual(m.sharedClaims, []);
});

test('a claim used by very many pods names at most 100 others per volume, with the total', () => {
  const pods = Array.from({ length: 150 }, (_, i) => ({
    metadata: { name: `replica-${String(i).padStart(3, '0')}`, namespace: 'media', uid: `r${i}` },
    spec: { nodeName: 'n1', volumes: [{ name: 'assets', persistentVolumeClaim: { claimName: 'assets' } }] },
  }));
  const m = buildModel({ pods, gaps: [] }, source('many'));
  const first = volume(pod(m, 'media', 'replica-000'), 'assets');
  assert.equal(first.sharedWithPods.length, 100);
  assert.equal(first.sharedWithPods[0], 'media/replica-001');
  assert.equal(first.sharedWithPods[99], 'media/replica-100');
  assert.equal(first.sharedWithPodsTotal, 149);
  const fiftieth = volume(pod(m, 'media', 'replica-050'), 'assets');
  assert.equal(fiftieth.sharedWithPods.includes('media/replica-050'), false);
  assert.equal(fiftieth.sharedWithPods.length, 100);
  assert.equal(fiftieth.sharedWithPods[99], 'media/replica-100');
  assert.equal(m.sharedClaims[0].pods.length, 150);
  // Below the limit nothing is cut and no total is set.
  assert.equal(volume(pod(model, 'default', 'db-0'), 'data').sharedWithPodsTotal, undefined);
  assert.equal(volume(pod(model, 'default', 'report-writer-5c4f8d9b7-abcde'), 'reports').sharedWithPodsTotal, undefined);
});
