// A large, kind-shaped cluster for benchmarks and stress tests: the same pod and
// node shapes as the demo, in any number, deterministic for a given seed.
//
//   node --import tsx test/bench/generate.ts --nodes 100 --pods 5000 [--seed 1] [--pod-cidr 24|16] [--format json|yaml] --out /tmp/x.json
//
// JSON is compact, one object a line, and streamed to the file: 100,000 pods
// make about 440 MB, which as one string (let alone indented, as kubectl
// prints it) would pass V8's longest string. The objects are what
// `kubectl get -o json` prints, managedFields left out as kubectl does by
// default.
//
// Node i gets podCIDR 10.(244 + i/256).(i%256).0/24 (10.244.0.0/14 in all, so up
// to 1,024 nodes) and InternalIP 172.18.x.y. With --pod-cidr 16 node i gets
// 10.i.0.0/16 instead (up to 256 nodes), room for 65,000 pods on one node: the
// input that shows whether drawing is linear in pods per node.
// Pods: the control plane's static pods, CoreDNS and the local-path
// provisioner, kube-proxy and kindnet on every node, then Deployments,
// StatefulSets (each pod with its own local-path claim) and Jobs in team-N
// namespaces, with 1–3 containers a pod, emptyDirs shared by two containers,
// RWX claims shared by all replicas, crash loops and a few pods the scheduler
// could not place.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClusterObjects, KubeObject } from '../../main/model/kube.ts';
import { later, makeIds } from '../../main/snapshot/demo/ids.ts';
import type { Ids } from '../../main/snapshot/demo/ids.ts';
import { CONTAINERD_VERSION, CRIO_VERSION, imageSize, KUBERNETES_VERSION, PodNetwork, PRELOADED } from '../../main/snapshot/demo/kind.ts';
import { namespaceObject } from '../../main/snapshot/demo/namespace.ts';
import { buildNode, nodeImages } from '../../main/snapshot/demo/node.ts';
import { buildPod } from '../../main/snapshot/demo/pod.ts';
import type { ContainerInput, ContainerRun, Placement } from '../../main/snapshot/demo/pod.ts';
import { localPathClaim, nfsClaim } from '../../main/snapshot/demo/storage.ts';
import { corednsPod, kindnetPod, kubeProxyPod, localPathProvisionerPod, staticPods } from '../../main/snapshot/demo/system.ts';
import { writeSnapshot } from '../../main/snapshot/write.ts';
import { SNAPSHOT_META_KEY } from '../../main/snapshot/meta.ts';
import type { SnapshotMeta } from '../../main/snapshot/meta.ts';
import { SNAPSHOT_RESOURCES } from '../../main/snapshot/resources.ts';
import { writeFileAtomic, writeFileAtomicChunks } from '../../main/files/atomic-write.ts';
import { random } from '../fixtures/random.ts';

export interface GenerateOptions {
  nodes: number;
  /** Total Pod objects, system pods included. */
  pods: number;
  seed?: number;
  /** Prefix length of each node's pod CIDR: 24 (default, like kind) or 16. */
  podCidr?: 24 | 16;
}

export const MAX_NODES = 1024;
/** Pods one node may hold: its /24 has 253 addresses for pods. */
const MAX_PODS_PER_NODE = 250;
/** With a /16 a node: the 65,533 addresses less some slack. */
const MAX_NODES_WIDE = 256;
const MAX_PODS_PER_NODE_WIDE = 65_000;

const CREATED = '2026-10-01T08:00:00Z';
const HEARTBEAT = '2026-11-30T03:58:12Z';

const APP_IMAGES = [
  'nginx:1.27.3',
  'nginx',
  'httpd:2.4.62',
  'redis:7.4.1',
  'postgres:17.2-bookworm',
  'ghcr.io/example/orders:3.8.0',
  'ghcr.io/example/payments:1.14.2',
  'registry.example.internal:5000/team/api:2.3.1',
  'quay.io/prometheus/node-exporter:v1.8.2',
  'example/queue-worker:latest',
  'python:3.13-slim',
  'gcr.io/distroless/static-debian12:nonroot',
];
const SIDECAR_IMAGES = [
  'cr.fluentbit.io/fluent/fluent-bit:3.2.4',
  'envoyproxy/envoy:v1.33.0',
  'busybox:1.37',
  'otel/opentelemetry-collector-contrib:0.115.1',
];

interface GenNode {
  name: string;
  controlPlane: boolean;
  internalIP: string;
  podCIDR: string;
  runtime: 'containerd' | 'cri-o';
  placement: Placement;
  network: PodNetwork;
  count: number;
}

/** Hands out pod IPs from a /16, .0.1 being the gateway (PodNetwork stops at .254). */
class WidePodNetwork extends PodNetwork {
  private host = 2;
  constructor(
    placement: Placement,
    private readonly prefix: string,
  ) {
    super(placement, []);
  }
  override allocate(): string[] {
    const n = this.host++;
    if (n > 65_534) return [];
    return [`${this.prefix}${Math.floor(n / 256)}.${n % 256}`];
  }
}

function nodeName(i: number): string {
  return i === 0 ? 'kind-control-plane' : i === 1 ? 'kind-worker' : `kind-worker${i}`;
}

function makeNodes(count: number, wide: boolean): GenNode[] {
  const nodes: GenNode[] = [];
  for (let i = 0; i < count; i++) {
    const name = nodeName(i);
    const host = i + 2;
    const internalIP = `172.18.${Math.floor(host / 256)}.${host % 256}`;
    const podCIDR = wide ? `10.${i}.0.0/16` : `10.${244 + Math.floor(i / 256)}.${i % 256}.0/24`;
    const runtime = i > 0 && i % 7 === 0 ? 'cri-o' : 'containerd';
    const placement: Placement = { name, hostIPs: [internalIP], runtime };
    const network = wide ? new WidePodNetwork(placement, `10.${i}.`) : new PodNetwork(placement, [podCIDR]);
    nodes.push({ name, controlPlane: i === 0, internalIP, podCIDR, runtime, placement, network, count: 0 });
  }
  return nodes;
}

export function generateClusterObjects(options: GenerateOptions): ClusterObjects {
  const nodeCount = Math.floor(options.nodes);
  const podCount = Math.floor(options.pods);
  const seed = options.seed ?? 1;
  const podCidr = options.podCidr ?? 24;
  if (podCidr !== 24 && podCidr !== 16) throw new Error(`podCidr must be 24 or 16, got ${String(podCidr)}`);
  const wide = podCidr === 16;
  const maxNodes = wide ? MAX_NODES_WIDE : MAX_NODES;
  const maxPodsPerNode = wide ? MAX_PODS_PER_NODE_WIDE : MAX_PODS_PER_NODE;
  if (!(nodeCount >= 1 && nodeCount <= maxNodes)) throw new Error(`nodes must be 1–${maxNodes} with a /${podCidr} a node, got ${options.nodes}`);
  if (!(podCount >= 0)) throw new Error(`pods must be 0 or more, got ${options.pods}`);
  const rand = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const ids = makeIds(`bench-${seed}`);
  const nodes = makeNodes(nodeCount, wide);
  const controlPlane = nodes[0] as GenNode;
  const nodeUid = ids.uid(`node/${controlPlane.name}`);

  const system: KubeObject[] = [
    ...staticPods(controlPlane.placement, nodeUid, later(CREATED, 9), ids),
    corednsPod(controlPlane.network, 'coredns-66bc5c9577', later(CREATED, 31), ids),
    corednsPod(controlPlane.network, 'coredns-66bc5c9577', later(CREATED, 32), ids),
    localPathProvisionerPod(controlPlane.network, later(CREATED, 33), ids),
    ...nodes.flatMap((n) => [kubeProxyPod(n.placement, later(CREATED, 25), ids), kindnetPod(n.placement, later(CREATED, 25), ids)]),
  ].slice(0, podCount);
  for (const pod of system) {
    const name = (pod.spec as { nodeName: string }).nodeName;
    const node = nodes.find((n) => n.name === name);
    if (node) node.count++;
  }

  // Workloads run on workers; a one-node cluster (no workers) runs them on the control plane, as kind does.
  const workers = nodes.length > 1 ? nodes.slice(1) : nodes;
  const workloadCount = podCount - system.length;
  const perNode = Math.min(maxPodsPerNode, Math.max(110, Math.ceil((workloadCount / workers.length) * 1.3) + 10));
  const room = workers.reduce((sum, n) => sum + perNode - n.count, 0);
  if (workloadCount > room) {
    throw new Error(`${podCount} pods do not fit on ${nodeCount} nodes (at most ${maxPodsPerNode} pods a node with a /${podCidr}; --pod-cidr 16 allows more)`);
  }
  const place = (): GenNode => {
    let i = Math.floor(rand() * workers.length);
    while ((workers[i] as GenNode).count >= perNode) i = (i + 1) % workers.length;
    const node = workers[i] as GenNode;
    node.count++;
    return node;
  };

  const unschedulable =
    nodeCount > 1
      ? `0/${nodeCount} nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, ${nodeCount - 1} Insufficient memory. preemption: 0/${nodeCount} nodes are available: 1 Preemption is not helpful for scheduling, ${nodeCount - 1} No preemption victims found for incoming pod.`
      : '0/1 nodes are available: 1 Insufficient memory. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.';
  const namespaceCount = Math.max(1, Math.ceil(workloadCount / 250));
  const namespaces = Array.from({ length: namespaceCount }, (_, k) => `team-${String(k).padStart(2, '0')}`);
  const workloads: KubeObject[] = [];
  const claims: KubeObject[] = [];
  const volumes: KubeObject[] = [];
  let app = 0;
  while (workloads.length < workloadCount) {
    const namespace = namespaces[app % namespaces.length] as string;
    const name = `app-${String(app).padStart(4, '0')}`;
    const roll = rand();
    const kind = roll < 0.75 ? 'Deployment' : roll < 0.9 ? 'StatefulSet' : 'Job';
    const max = kind === 'Deployment' ? 8 : kind === 'StatefulSet' ? 3 : 1;
    const replicas = Math.min(1 + Math.floor(rand() * max), workloadCount - workloads.length);
    const createdAt = later(CREATED, 86400 + app * 97);
    const hash = ids.suffix(`rs/${namespace}/${name}`, 10);
    const sharedClaim = kind === 'Deployment' && replicas > 1 && rand() < 0.1 ? `${name}-shared` : undefined;
    if (sharedClaim) {
      const bound = nfsClaim(
        { namespace, name: sharedClaim, size: '10Gi', createdAt, volumeName: `${namespace}-${sharedClaim}`, server: 'nfs.example.internal', path: `/exports/${namespace}/${name}` },
        ids,
      );
      claims.push(bound.claim);
      volumes.push(bound.volume);
    }
    const containerCount = 1 + Math.floor(rand() * 3);
    const shareLogs = containerCount > 1 && rand() < 0.5;
    const mainImage = pick(APP_IMAGES);
    const sidecars = Array.from({ length: containerCount - 1 }, () => pick(SIDECAR_IMAGES));
    const withResources = rand();

    for (let r = 0; r < replicas; r++) {
      const podName = kind === 'StatefulSet' ? `${name}-${r}` : kind === 'Job' ? `${name}-${ids.suffix(`job/${namespace}/${name}`, 5)}` : `${name}-${hash}-${ids.suffix(`pod/${namespace}/${name}/${r}`, 5)}`;
      // Claims of StatefulSet pods are bound on their node, so those are always placed.
      const pending = kind !== 'StatefulSet' && rand() < 0.01;
      const node = pending ? undefined : place();
      const run: ContainerRun =
        kind === 'Job' ? { state: 'completed' } : rand() < 0.02 ? { state: 'crashloop', restarts: 1 + Math.floor(rand() * 30), exitCode: 1 } : { state: 'running' };
      const podVolumes: unknown[] = [];
      const mainMounts: ContainerInput['mounts'] = [];
      if (shareLogs) {
        podVolumes.push({ emptyDir: {}, name: 'logs' });
        mainMounts.push({ name: 'logs', mountPath: '/var/log/app' });
      }
      if (kind === 'StatefulSet') {
        const claimName = `data-${podName}`;
        const bound = localPathClaim({ namespace, name: claimName, size: '1Gi', createdAt, node: node?.name ?? 'kind-worker', labels: { app: name } }, ids);
        claims.push(bound.claim);
        volumes.push(bound.volume);
        podVolumes.push({ name: 'data', persistentVolumeClaim: { claimName } });
        mainMounts.push({ name: 'data', mountPath: '/data' });
      }
      if (sharedClaim) {
        podVolumes.push({ name: 'shared', persistentVolumeClaim: { claimName: sharedClaim } });
        mainMounts.push({ name: 'shared', mountPath: '/srv/shared' });
      }
      const containers: ContainerInput[] = [
        {
          name: 'app',
          image: mainImage,
          ports: [{ containerPort: 8080, name: 'http' }],
          ...(withResources < 0.3
            ? {}
            : withResources < 0.8
              ? { resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } } }
              : { resources: { limits: { cpu: '250m', memory: '256Mi' } } }),
          mounts: mainMounts,
          run,
        },
        ...sidecars.map((image, s): ContainerInput => ({
          name: `sidecar-${s + 1}`,
          image,
          mounts: shareLogs && s === 0 ? [{ name: 'logs', mountPath: '/var/log/app', readOnly: true }] : [],
          run: kind === 'Job' ? { state: 'completed' } : { state: 'running' },
        })),
      ];
      const owner =
        kind === 'Deployment'
          ? { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${name}-${hash}`, uid: ids.uid(`replicaset/${namespace}/${name}-${hash}`) }
          : kind === 'StatefulSet'
            ? { apiVersion: 'apps/v1', kind: 'StatefulSet', name, uid: ids.uid(`statefulset/${namespace}/${name}`) }
            : { apiVersion: 'batch/v1', kind: 'Job', name, uid: ids.uid(`job/${namespace}/${name}`) };
      workloads.push(
        buildPod(
          {
            name: podName,
            namespace,
            createdAt,
            labels: { app: name, ...(kind === 'Deployment' ? { 'pod-template-hash': hash } : {}) },
            owner,
            ...(node ? { node: node.placement, podIPs: node.network.allocate() } : {}),
            restartPolicy: kind === 'Job' ? 'Never' : 'Always',
            containers,
            volumes: podVolumes,
            unschedulable,
          },
          ids,
        ),
      );
    }
    app++;
  }

  const pods = [...system, ...workloads];
  const byNode = new Map<string, KubeObject[]>();
  for (const pod of pods) {
    const name = (pod.spec as { nodeName?: string }).nodeName;
    if (name === undefined) continue;
    const list = byNode.get(name) ?? [];
    list.push(pod);
    byNode.set(name, list);
  }

  return {
    nodes: nodes.map((n, i) =>
      buildNode(
        {
          name: n.name,
          clusterName: 'kind',
          controlPlane: n.controlPlane,
          internalIPs: [n.internalIP],
          podCIDRs: [n.podCIDR],
          runtime: n.runtime === 'cri-o' ? { kind: 'cri-o', version: CRIO_VERSION } : { kind: 'containerd', version: CONTAINERD_VERSION },
          kubeletVersion: KUBERNETES_VERSION,
          createdAt: later(CREATED, i === 0 ? 0 : 20 + i),
          heartbeat: HEARTBEAT,
          cpu: '16',
          memory: '65842556Ki',
          maxPods: perNode,
          images: nodeImages(byNode.get(n.name) ?? [], PRELOADED, imageSize),
        },
        ids,
      ),
    ),
    pods,
    persistentVolumeClaims: claims,
    persistentVolumes: volumes,
    namespaces: [
      ...['default', 'kube-node-lease', 'kube-public', 'kube-system'].map((n) => namespaceObject(n, CREATED, ids)),
      namespaceObject('local-path-storage', later(CREATED, 30), ids),
      ...namespaces.map((n) => namespaceObject(n, later(CREATED, 86000), ids)),
    ],
    gaps: [],
  };
}

/** The cluster as the v1 List `kubectl get nodes,pods,pvc,pv,namespaces -A -o json` would print. */
export function generateCluster(options: GenerateOptions): { apiVersion: 'v1'; kind: 'List'; items: KubeObject[]; metadata: { resourceVersion: string } } {
  const objects = generateClusterObjects(options);
  return {
    apiVersion: 'v1',
    kind: 'List',
    items: [
      ...(objects.nodes ?? []),
      ...(objects.pods ?? []),
      ...(objects.persistentVolumeClaims ?? []),
      ...(objects.persistentVolumes ?? []),
      ...(objects.namespaces ?? []),
    ],
    metadata: { resourceVersion: '' },
  };
}

/**
 * The cluster as a compact v1 List, one object a line, in pieces: the same
 * List `generateCluster` returns (and the same x-kube-anatomy field
 * writeSnapshot adds), without ever holding the whole text.
 */
export function* compactSnapshotChunks(objects: ClusterObjects, source?: string): Generator<string> {
  const meta: SnapshotMeta = { resources: [], gaps: objects.gaps };
  if (source !== undefined) meta.source = source;
  yield '{"apiVersion":"v1","items":[';
  let first = true;
  for (const { key, resource } of SNAPSHOT_RESOURCES) {
    const list = objects[key];
    if (list === undefined) continue;
    meta.resources.push(resource);
    for (const item of list) {
      yield `${first ? '' : ','}\n${JSON.stringify(item)}`;
      first = false;
    }
  }
  yield `\n],"kind":"List","metadata":{"resourceVersion":""},${JSON.stringify(SNAPSHOT_META_KEY)}:${JSON.stringify(meta)}}\n`;
}

async function cli(argv: string[]): Promise<void> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i] ?? '';
    const value = argv[i + 1];
    if (!key.startsWith('--') || value === undefined) throw new Error(`usage: generate.ts --nodes N --pods N [--seed N] [--pod-cidr 24|16] [--format json|yaml] --out FILE (bad argument ${key})`);
    args.set(key.slice(2), value);
  }
  const format = args.get('format') ?? 'json';
  if (format !== 'json' && format !== 'yaml') throw new Error(`--format must be json or yaml, got ${format}`);
  const out = args.get('out');
  if (!out) throw new Error('--out FILE is required');
  const podCidr = Number(args.get('pod-cidr') ?? 24);
  if (podCidr !== 24 && podCidr !== 16) throw new Error(`--pod-cidr must be 24 or 16, got ${args.get('pod-cidr')}`);
  const options = { nodes: Number(args.get('nodes') ?? 3), pods: Number(args.get('pods') ?? 100), seed: Number(args.get('seed') ?? 1), podCidr: podCidr as 24 | 16 };
  const started = Date.now();
  const objects = generateClusterObjects(options);
  const source = `generate.ts --nodes ${options.nodes} --pods ${options.pods} --seed ${options.seed} --pod-cidr ${options.podCidr}`;
  let bytes: number;
  if (format === 'json') {
    bytes = await writeFileAtomicChunks(out, compactSnapshotChunks(objects, source));
  } else {
    const text = writeSnapshot(objects, format, { source });
    await writeFileAtomic(out, text);
    bytes = Buffer.byteLength(text);
  }
  console.log(`wrote ${out}: ${options.nodes} nodes, ${options.pods} pods, ${(bytes / 1e6).toFixed(1)} MB in ${Date.now() - started} ms`);
}

const entry = process.argv[1];
if (entry !== undefined && realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url))) {
  cli(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  });
}
