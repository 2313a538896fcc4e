// Tests for the benchmark generator (test/bench/generate.ts). They live here,
// beside the demo's tests, because the generator builds its objects with the
// demo's factories and `npm test` runs test/main/**.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCluster, generateClusterObjects } from '../../bench/generate.ts';
import { parseSnapshot } from '../../../main/snapshot/read.ts';

type Any = any;

const ipv4 = (ip: string): number => ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
const inCidr = (ip: string, cidr: string): boolean => {
  const [base, bits] = cidr.split('/') as [string, string];
  const mask = Number(bits) === 0 ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0;
  return ((ipv4(ip) & mask) >>> 0) === ((ipv4(base) & mask) >>> 0);
};

test('same seed, same cluster; another seed, another cluster', () => {
  const a = generateCluster({ nodes: 5, pods: 200, seed: 7 });
  assert.deepEqual(generateCluster({ nodes: 5, pods: 200, seed: 7 }), a);
  assert.notDeepEqual(generateCluster({ nodes: 5, pods: 200, seed: 8 }), a);
});

for (const [nodes, pods] of [
  [1, 5],
  [3, 60],
  [10, 5],
  [20, 1500],
  [100, 5000],
] as const) {
  test(`exactly ${nodes} nodes and ${pods} pods, as a readable v1 List`, () => {
    const list = generateCluster({ nodes, pods });
    assert.equal(list.apiVersion, 'v1');
    assert.equal(list.kind, 'List');
    const { objects, ignored } = parseSnapshot(JSON.stringify(list), 'generated.json');
    assert.deepEqual(ignored, []);
    assert.equal(objects.nodes?.length, nodes);
    assert.equal(objects.pods?.length, pods);
    assert.deepEqual(objects.gaps, []);
  });
}

test('a kind-like shape: pods on their node\'s podCIDR, containers, shared volumes, claims, pending pods', () => {
  const objects = generateClusterObjects({ nodes: 20, pods: 1500, seed: 3 });
  const nodes = objects.nodes as Any[];
  const pods = objects.pods as Any[];
  assert.equal(nodes[0].metadata.name, 'kind-control-plane');
  assert.ok(Object.hasOwn(nodes[0].metadata.labels, 'node-role.kubernetes.io/control-plane'));
  assert.deepEqual(nodes.slice(1, 3).map((n) => n.metadata.name), ['kind-worker', 'kind-worker2']);
  const cidrs = new Map(nodes.map((n) => [n.metadata.name, n.spec.podCIDR as string]));
  const hostIPs = new Map(nodes.map((n) => [n.metadata.name, n.status.addresses[0].address as string]));
  const podIPs: string[] = [];
  const perNode = new Map<string, number>();
  for (const p of pods) {
    if (!p.spec.nodeName) continue;
    perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
    assert.equal(p.status.hostIP, hostIPs.get(p.spec.nodeName));
    if (p.spec.hostNetwork) continue;
    assert.ok(inCidr(p.status.podIP, cidrs.get(p.spec.nodeName) as string), `${p.status.podIP} in ${cidrs.get(p.spec.nodeName)}`);
    podIPs.push(p.status.podIP);
  }
  assert.equal(new Set(podIPs).size, podIPs.length, 'pod IPs are unique');
  for (const n of nodes) assert.ok((perNode.get(n.metadata.name) ?? 0) <= Number(n.status.capacity.pods), `${n.metadata.name} within max pods`);
  assert.ok(nodes.slice(1).every((n) => (perNode.get(n.metadata.name) ?? 0) > 20), 'pods are spread over every worker');

  const workloads = pods.filter((p) => p.metadata.namespace.startsWith('team-'));
  for (const p of workloads) assert.ok(p.spec.containers.length >= 1 && p.spec.containers.length <= 3);
  const counts = new Set(workloads.map((p) => p.spec.containers.length));
  assert.deepEqual([...counts].sort(), [1, 2, 3]);
  const sharedEmptyDir = workloads.filter((p) =>
    p.spec.volumes.some((v: Any) => v.emptyDir && p.spec.containers.filter((c: Any) => c.volumeMounts?.some((m: Any) => m.name === v.name)).length >= 2),
  );
  assert.ok(sharedEmptyDir.length > 10);
  const pending = pods.filter((p) => p.status.phase === 'Pending');
  assert.ok(pending.length >= 3 && pending.length < 60, `${pending.length} pending`);
  for (const p of pending) assert.equal(p.spec.nodeName, undefined);

  const claims = new Set((objects.persistentVolumeClaims as Any[]).map((c) => `${c.metadata.namespace}/${c.metadata.name}`));
  const volumes = new Set((objects.persistentVolumes as Any[]).map((v) => v.metadata.name));
  assert.ok(claims.size > 20);
  for (const c of objects.persistentVolumeClaims as Any[]) assert.ok(volumes.has(c.spec.volumeName));
  const users = new Map<string, number>();
  for (const p of pods) {
    for (const v of p.spec.volumes) {
      if (!v.persistentVolumeClaim) continue;
      const key = `${p.metadata.namespace}/${v.persistentVolumeClaim.claimName}`;
      assert.ok(claims.has(key), `claim ${key} exists`);
      users.set(key, (users.get(key) ?? 0) + 1);
    }
  }
  assert.ok([...users.values()].some((n) => n >= 2), 'some claim is shared by several pods');
  const namespaces = new Set((objects.namespaces as Any[]).map((n) => n.metadata.name));
  for (const p of pods) assert.ok(namespaces.has(p.metadata.namespace));
});

test('1,000 nodes get distinct /24s inside 10.244.0.0/14', () => {
  const nodes = generateClusterObjects({ nodes: 1000, pods: 0 }).nodes as Any[];
  const cidrs = nodes.map((n) => n.spec.podCIDR as string);
  assert.equal(new Set(cidrs).size, 1000);
  for (const cidr of cidrs) assert.ok(inCidr(cidr.split('/')[0] as string, '10.244.0.0/14'), cidr);
  assert.equal(cidrs[999], '10.247.231.0/24');
  const internal = nodes.map((n) => n.status.addresses[0].address);
  assert.equal(new Set(internal).size, 1000);
});

test('with a /16 a node, one node holds thousands of pods, all on its podCIDR', () => {
  const objects = generateClusterObjects({ nodes: 2, pods: 3000, seed: 4, podCidr: 16 });
  const nodes = objects.nodes as Any[];
  assert.deepEqual(nodes.map((n) => n.spec.podCIDR), ['10.0.0.0/16', '10.1.0.0/16']);
  const worker = (objects.pods as Any[]).filter((p) => p.spec.nodeName === 'kind-worker');
  assert.ok(worker.length > 2900, `${worker.length} pods on kind-worker`);
  assert.ok(worker.length <= Number(nodes[1].status.capacity.pods));
  const ips = worker.filter((p) => !p.spec.hostNetwork).map((p) => p.status.podIP as string);
  for (const ip of ips) assert.ok(inCidr(ip, '10.1.0.0/16'), ip);
  assert.equal(new Set(ips).size, ips.length, 'pod IPs are unique');
  assert.throws(() => generateCluster({ nodes: 257, pods: 10, podCidr: 16 }), /nodes must be 1–256 with a \/16/);
});

test('impossible sizes are refused', () => {
  assert.throws(() => generateCluster({ nodes: 0, pods: 10 }), /nodes must be 1–1024/);
  assert.throws(() => generateCluster({ nodes: 1025, pods: 10 }), /nodes must be 1–1024/);
  assert.throws(() => generateCluster({ nodes: 2, pods: 1000 }), /do not fit on 2 nodes/);
});

test('the CLI writes compact JSON, one object a line, that reads back as the same objects', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-anatomy-generate-'));
  try {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const out = path.join(dir, 'cluster.json');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/generate.ts', '--nodes', '4', '--pods', '80', '--seed', '2', '--out', out], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const text = readFileSync(out, 'utf8');
    assert.match(r.stdout, new RegExp(`wrote .*cluster\\.json: 4 nodes, 80 pods, ${(Buffer.byteLength(text) / 1e6).toFixed(1)} MB`));
    const snapshot = parseSnapshot(text, 'cluster.json');
    const objects = generateClusterObjects({ nodes: 4, pods: 80, seed: 2 });
    assert.deepEqual(snapshot.objects, objects);
    assert.match(snapshot.source ?? '', /--nodes 4 --pods 80 --seed 2/);
    // No indentation: every object is one line of its own, between the List's first and last line.
    const lines = text.trimEnd().split('\n');
    const count = (['nodes', 'pods', 'persistentVolumeClaims', 'persistentVolumes', 'namespaces'] as const).reduce((n, k) => n + (objects[k]?.length ?? 0), 0);
    assert.equal(lines.length, count + 2);
    for (const line of lines.slice(1, -1)) assert.match(line, /^\{"apiVersion":"v1","kind":"[A-Za-z]+","metadata":.*\},?$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the CLI writes a snapshot file', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kube-anatomy-generate-'));
  try {
    const root = fileURLToPath(new URL('../../../', import.meta.url));
    const out = path.join(dir, 'cluster.yaml');
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/generate.ts', '--nodes', '4', '--pods', '80', '--seed', '2', '--format', 'yaml', '--out', out], { cwd: root, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /wrote .*cluster\.yaml: 4 nodes, 80 pods/);
    const { objects } = parseSnapshot(readFileSync(out, 'utf8'), 'cluster.yaml');
    assert.deepEqual(objects, generateClusterObjects({ nodes: 4, pods: 80, seed: 2 }));
    const bad = spawnSync(process.execPath, ['--import', 'tsx', 'test/bench/generate.ts', '--nodes', '4'], { cwd: root, encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /--out FILE is required/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
