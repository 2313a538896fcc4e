import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { buildDemoCluster } from '../../../main/snapshot/demo.ts';
import { demoAssetText, loadDemo } from '../../../main/snapshot/demo-asset.ts';
import type { KubeObject } from '../../../main/model/kube.ts';

// Loose views of the objects, for reading them in assertions.
type Any = any;

const demo = buildDemoCluster();
const pods = (demo.pods ?? []) as Any[];
const nodes = (demo.nodes ?? []) as Any[];
const podNamed = (prefix: string): Any => {
  const pod = pods.find((p) => p.metadata.name.startsWith(prefix));
  assert.ok(pod, `a pod named ${prefix}…`);
  return pod;
};
const allContainers = (pod: Any): Any[] => [...(pod.spec.initContainers ?? []), ...pod.spec.containers];
const allStatuses = (pod: Any): Any[] => [...(pod.status.initContainerStatuses ?? []), ...(pod.status.containerStatuses ?? [])];

test('assets/demo-cluster.json is exactly what demo.ts builds (run main/snapshot/write-demo.ts after changing it)', () => {
  const asset = readFileSync(new URL('../../../assets/demo-cluster.json', import.meta.url), 'utf8');
  assert.equal(asset, demoAssetText(buildDemoCluster()));
});

test('loadDemo reads the asset, a fresh copy each time', () => {
  const first = loadDemo();
  assert.deepEqual(first, demo);
  (first.pods as KubeObject[]).length = 0;
  assert.equal(loadDemo().pods?.length, pods.length);
});

test('the build is deterministic', () => {
  assert.deepEqual(buildDemoCluster(), demo);
});

test('three kind nodes: one control plane, two Ready workers, two runtimes, one dual-stack', () => {
  assert.deepEqual(nodes.map((n) => n.metadata.name), ['kind-control-plane', 'kind-worker', 'kind-worker2']);
  const controlPlanes = nodes.filter((n) => Object.hasOwn(n.metadata.labels, 'node-role.kubernetes.io/control-plane'));
  assert.deepEqual(controlPlanes.map((n) => n.metadata.name), ['kind-control-plane']);
  assert.deepEqual(controlPlanes[0].spec.taints, [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }]);
  assert.deepEqual(nodes.map((n) => n.spec.podCIDRs), [['10.244.0.0/24'], ['10.244.1.0/24'], ['10.244.2.0/24', 'fd00:10:244:2::/64']]);
  assert.deepEqual(nodes.map((n) => n.spec.podCIDR), ['10.244.0.0/24', '10.244.1.0/24', '10.244.2.0/24']);
  const runtimes = nodes.map((n) => n.status.nodeInfo.containerRuntimeVersion);
  assert.match(runtimes[0], /^containerd:\/\/2\.1\.\d+$/);
  assert.match(runtimes[1], /^cri-o:\/\/1\.33\.\d+$/);
  for (const n of nodes) {
    assert.match(n.status.nodeInfo.kubeletVersion, /^v1\.34\.\d+$/);
    assert.equal(n.status.nodeInfo.osImage, 'Debian GNU/Linux 12 (bookworm)');
    assert.equal(n.status.conditions.find((c: Any) => c.type === 'Ready').status, 'True');
    assert.ok(n.status.images.length > 5);
    for (const image of n.status.images) assert.ok(Number.isInteger(image.sizeBytes) && image.sizeBytes > 0);
  }
  assert.deepEqual(
    nodes[0].status.addresses.filter((a: Any) => a.type === 'InternalIP').map((a: Any) => a.address),
    ['172.18.0.3'],
  );
  assert.deepEqual(
    nodes[2].status.addresses.filter((a: Any) => a.type === 'InternalIP').map((a: Any) => a.address),
    ['172.18.0.4', 'fc00:f853:ccd:e793::4'],
  );
});

test('the control plane runs its four static mirror pods', () => {
  const statics = pods.filter((p) => p.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined);
  assert.deepEqual(statics.map((p) => p.metadata.labels.component).sort(), ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler']);
  for (const p of statics) {
    assert.equal(p.spec.nodeName, 'kind-control-plane');
    assert.equal(p.spec.hostNetwork, true);
    assert.equal(p.metadata.labels.tier, 'control-plane');
    assert.deepEqual(p.metadata.ownerReferences.map((o: Any) => [o.kind, o.name, o.uid]), [['Node', 'kind-control-plane', nodes[0].metadata.uid]]);
    assert.equal(p.status.podIP, '172.18.0.3');
    assert.match(p.spec.containers[0].image, /^registry\.k8s\.io\//);
  }
  assert.match(podNamed('etcd-').spec.containers[0].image, /^registry\.k8s\.io\/etcd:3\.6\.\d+-0$/);
});

test('kube-system: CoreDNS ×2, kube-proxy and kindnet on every node; local-path-provisioner', () => {
  const byPrefix = (prefix: string) => pods.filter((p) => p.metadata.name.startsWith(prefix));
  assert.equal(byPrefix('coredns-').length, 2);
  assert.match(byPrefix('coredns-')[0].spec.containers[0].image, /^registry\.k8s\.io\/coredns\/coredns:v1\.12\.\d+$/);
  assert.ok(byPrefix('coredns-')[0].spec.volumes.some((v: Any) => v.configMap?.name === 'coredns'));
  for (const ds of ['kube-proxy-', 'kindnet-']) {
    assert.deepEqual(byPrefix(ds).map((p) => p.spec.nodeName).sort(), ['kind-control-plane', 'kind-worker', 'kind-worker2']);
    for (const p of byPrefix(ds)) {
      assert.equal(p.spec.hostNetwork, true);
      assert.equal(p.metadata.ownerReferences[0].kind, 'DaemonSet');
    }
  }
  const proxyVolumes = byPrefix('kube-proxy-')[0].spec.volumes;
  assert.ok(proxyVolumes.some((v: Any) => v.configMap));
  assert.ok(proxyVolumes.some((v: Any) => v.hostPath));
  assert.ok(proxyVolumes.some((v: Any) => v.projected?.sources.some((s: Any) => s.serviceAccountToken)));
  assert.match(byPrefix('kindnet-')[0].spec.containers[0].image, /^docker\.io\/kindest\/kindnetd:/);
  assert.equal(podNamed('local-path-provisioner-').metadata.namespace, 'local-path-storage');
});

test('every scheduled pod: hostIPs are its node\'s InternalIPs, podIPs come from the node\'s podCIDRs', () => {
  for (const p of pods.filter((p) => p.spec.nodeName)) {
    const node = nodes.find((n) => n.metadata.name === p.spec.nodeName);
    const internal = node.status.addresses.filter((a: Any) => a.type === 'InternalIP').map((a: Any) => a.address);
    assert.deepEqual(p.status.hostIPs.map((h: Any) => h.ip), internal, p.metadata.name);
    assert.equal(p.status.hostIP, internal[0]);
    const ips = p.status.podIPs.map((h: Any) => h.ip);
    assert.equal(p.status.podIP, ips[0]);
    if (p.spec.hostNetwork) {
      assert.deepEqual(ips, internal, p.metadata.name);
    } else {
      assert.equal(ips.length, node.spec.podCIDRs.length, p.metadata.name);
      node.spec.podCIDRs.forEach((cidr: string, i: number) => {
        const prefix = cidr.includes(':') ? cidr.replace(/::\/64$/, '::') : cidr.replace(/\.0\/24$/, '.');
        assert.ok(ips[i].startsWith(prefix) && ips[i] !== prefix, `${p.metadata.name} ${ips[i]} in ${cidr}`);
      });
    }
  }
  const ips = pods.filter((p) => p.spec.nodeName && !p.spec.hostNetwork).flatMap((p) => p.status.podIPs.map((h: Any) => h.ip));
  assert.equal(new Set(ips).size, ips.length, 'pod IPs are unique');
});

test('every started container reports an imageID by digest and a containerID of its node\'s runtime', () => {
  for (const p of pods.filter((p) => p.spec.nodeName)) {
    const node = nodes.find((n) => n.metadata.name === p.spec.nodeName);
    const runtime = node.status.nodeInfo.containerRuntimeVersion.split('://')[0];
    assert.equal(allStatuses(p).length, allContainers(p).length, p.metadata.name);
    for (const s of allStatuses(p)) {
      assert.match(s.imageID, /^[a-z0-9.:-]+\/[a-z0-9./_-]+@sha256:[0-9a-f]{64}$/, `${p.metadata.name}/${s.name}`);
      assert.match(s.containerID, new RegExp(`^${runtime}://[0-9a-f]{64}$`), `${p.metadata.name}/${s.name}`);
      const imageNames = node.status.images.flatMap((i: Any) => i.names);
      assert.ok(imageNames.includes(s.imageID), `node ${node.metadata.name} caches ${s.imageID}`);
    }
  }
  const containerIDs = pods.flatMap((p) => (p.spec.nodeName ? allStatuses(p).map((s) => s.containerID) : []));
  assert.equal(new Set(containerIDs).size, containerIDs.length);
});

test('a pod the scheduler could not place', () => {
  const pending = pods.filter((p) => p.status.phase === 'Pending');
  assert.equal(pending.length, 1);
  assert.equal(pending[0].spec.nodeName, undefined);
  const scheduled = pending[0].status.conditions.find((c: Any) => c.type === 'PodScheduled');
  assert.equal(scheduled.status, 'False');
  assert.equal(scheduled.reason, 'Unschedulable');
  assert.ok(
    scheduled.message.startsWith(
      '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory.',
    ),
  );
});

test('two containers sharing an emptyDir: one writes, the other reads it read-only', () => {
  const sharing = pods.filter((p) =>
    p.spec.volumes.some((v: Any) => v.emptyDir && p.spec.containers.filter((c: Any) => c.volumeMounts?.some((m: Any) => m.name === v.name)).length === 2),
  );
  assert.ok(sharing.length >= 1);
  const web = sharing[0];
  const logs = web.spec.volumes.find((v: Any) => v.emptyDir).name;
  const mounts = web.spec.containers.map((c: Any) => c.volumeMounts.find((m: Any) => m.name === logs));
  assert.deepEqual(mounts.map((m: Any) => m.mountPath), ['/var/log/nginx', '/var/log/nginx']);
  assert.deepEqual(mounts.map((m: Any) => m.readOnly === true), [false, true]);
});

test('a pod with an init container, a native sidecar and an app container', () => {
  const pod = pods.find((p) => p.spec.initContainers?.some((c: Any) => c.restartPolicy === 'Always') && p.spec.initContainers.some((c: Any) => !c.restartPolicy));
  assert.ok(pod);
  const statuses = pod.status.initContainerStatuses;
  const init = statuses.find((s: Any) => s.state.terminated);
  assert.equal(init.state.terminated.reason, 'Completed');
  assert.equal(init.state.terminated.exitCode, 0);
  const sidecar = statuses.find((s: Any) => s.state.running);
  assert.equal(sidecar.started, true);
  assert.ok(pod.status.containerStatuses.every((s: Any) => s.state.running && s.ready));
  // The init container finished before the app started.
  assert.ok(init.state.terminated.finishedAt <= pod.status.containerStatuses[0].state.running.startedAt);
});

test('a completed Job pod and a crash-looping container', () => {
  const job = pods.find((p) => p.metadata.ownerReferences?.[0]?.kind === 'Job');
  assert.equal(job.status.phase, 'Succeeded');
  const done = job.status.containerStatuses[0].state.terminated;
  assert.deepEqual([done.reason, done.exitCode], ['Completed', 0]);
  const crashing = pods.flatMap((p) => p.status.containerStatuses ?? []).find((s: Any) => s.state.waiting?.reason === 'CrashLoopBackOff');
  assert.equal(crashing.restartCount, 7);
  assert.deepEqual([crashing.lastState.terminated.reason, crashing.lastState.terminated.exitCode], ['Error', 1]);
  assert.equal(crashing.ready, false);
});

test('images written every way: :latest, no tag, pinned by digest, a registry with a port', () => {
  const images = pods.flatMap((p) => allContainers(p).map((c: Any) => c.image as string));
  assert.ok(images.some((i) => i.endsWith(':latest')));
  assert.ok(images.some((i) => !i.includes('@') && !i.slice(i.lastIndexOf('/') + 1).includes(':')), 'an untagged image');
  const pinned = images.filter((i) => /@sha256:[0-9a-f]{64}$/.test(i));
  assert.ok(pinned.length >= 1);
  assert.ok(images.includes('registry.example.internal:5000/team/api:2.3.1'));
  // A running pinned image resolves to the digest it was pinned to.
  for (const p of pods) {
    for (const [i, c] of allContainers(p).entries()) {
      const digest = /@(sha256:[0-9a-f]{64})$/.exec(c.image)?.[1];
      const status = allStatuses(p)[i];
      if (digest && status) assert.ok(status.imageID.endsWith(`@${digest}`));
    }
  }
});

test('a dual-stack pod', () => {
  const dual = pods.filter((p) => !p.spec.hostNetwork && p.status.podIPs?.length === 2);
  assert.ok(dual.length >= 1);
  assert.match(dual[0].status.podIPs[0].ip, /^10\.244\.2\.\d+$/);
  assert.match(dual[0].status.podIPs[1].ip, /^fd00:10:244:2::[0-9a-f]+$/);
});

test('a pod with configMap, secret, projected and downwardAPI volumes', () => {
  const pod = pods.find((p) => ['configMap', 'secret', 'projected', 'downwardAPI'].every((t) => p.spec.volumes.some((v: Any) => v[t])));
  assert.ok(pod);
});

test('all three QoS classes, each consistent with the containers\' resources', () => {
  const expected = (p: Any): string => {
    const rs = allContainers(p).map((c: Any) => c.resources ?? {});
    if (rs.every((r: Any) => !r.requests && !r.limits)) return 'BestEffort';
    const guaranteed = rs.every((r: Any) => ['cpu', 'memory'].every((k) => r.limits?.[k] !== undefined && r.requests?.[k] === r.limits[k]));
    return guaranteed ? 'Guaranteed' : 'Burstable';
  };
  for (const p of pods) assert.equal(p.status.qosClass, expected(p), p.metadata.name);
  assert.deepEqual([...new Set(pods.map((p) => p.status.qosClass))].sort(), ['BestEffort', 'Burstable', 'Guaranteed']);
});

test('storage: db-0 on a local-path volume, and a ReadWriteMany claim shared by two pods', () => {
  const claims = (demo.persistentVolumeClaims ?? []) as Any[];
  const volumes = (demo.persistentVolumes ?? []) as Any[];
  const db = podNamed('db-0');
  assert.equal(db.metadata.ownerReferences[0].kind, 'StatefulSet');
  const data = claims.find((c) => c.metadata.name === 'data-db-0');
  assert.equal(data.status.phase, 'Bound');
  const pv = volumes.find((v) => v.metadata.name === data.spec.volumeName);
  assert.match(pv.spec.hostPath.path, /^\/var\/local-path-provisioner\/pvc-.*_demo_data-db-0$/);
  assert.equal(pv.spec.claimRef.uid, data.metadata.uid);
  assert.ok(db.spec.volumes.some((v: Any) => v.persistentVolumeClaim?.claimName === 'data-db-0'));

  const rwx = claims.find((c) => c.spec.accessModes.includes('ReadWriteMany'));
  const users = pods.filter((p) => p.metadata.namespace === rwx.metadata.namespace && p.spec.volumes.some((v: Any) => v.persistentVolumeClaim?.claimName === rwx.metadata.name));
  assert.equal(users.length, 2);
  assert.notEqual(users[0].spec.nodeName, users[1].spec.nodeName);
  assert.ok(volumes.find((v) => v.metadata.name === rwx.spec.volumeName).spec.nfs);
});

test('namespaces, and the integrity of names and uids', () => {
  const namespaces = (demo.namespaces ?? []).map((n: Any) => n.metadata.name);
  assert.deepEqual(namespaces.sort(), ['default', 'demo', 'kube-node-lease', 'kube-public', 'kube-system', 'local-path-storage']);
  for (const p of pods) assert.ok(namespaces.includes(p.metadata.namespace), p.metadata.name);
  const all = [...nodes, ...pods, ...(demo.persistentVolumeClaims ?? []), ...(demo.persistentVolumes ?? []), ...(demo.namespaces ?? [])] as Any[];
  const uids = all.map((o) => o.metadata.uid);
  assert.equal(new Set(uids).size, uids.length);
  for (const uid of uids) assert.match(uid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  for (const p of pods) {
    const volumeNames = p.spec.volumes.map((v: Any) => v.name);
    for (const c of allContainers(p)) for (const m of c.volumeMounts ?? []) assert.ok(volumeNames.includes(m.name), `${p.metadata.name}/${c.name} mounts ${m.name}`);
  }
  assert.deepEqual(demo.gaps, []);
});
