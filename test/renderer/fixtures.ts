// Hand-built anatomy models for the layout, drawing and export tests. They are
// written directly as model objects (not through the builder) so these tests
// only depend on main/model/types.ts.

import {
  MODEL_SCHEMA,
  type AnatomyModel,
  type ContainerGroup,
  type ContainerModel,
  type ContainerState,
  type ImageRef,
  type NodeModel,
  type PodModel,
  type VolumeModel,
  type VolumeUse,
} from '../../main/model/types.ts';

export const HOSTILE_SCRIPT = '<script>alert(1)</script>';
export const HOSTILE_IMG = '"><img src=x onerror=alert(1)>';

/** A deliberately small image-reference parser, good enough for fixtures. */
export function image(raw: string): ImageRef {
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const parts = rest.split('/');
  const hasRegistry = parts.length > 1 && /[.:]|^localhost$/.test(parts[0]);
  const registry = hasRegistry ? parts.shift()! : 'docker.io';
  if (!hasRegistry && parts.length === 1) parts.unshift('library');
  const repository = parts.join('/');
  const name = parts[parts.length - 1];
  const owner = parts.length > 1 ? parts.slice(0, -1).join('/') : undefined;
  const effectiveTag = tag ?? (digest ? undefined : 'latest');
  return {
    raw,
    registry,
    repository,
    owner,
    name,
    tag: effectiveTag,
    digest,
    defaulted: { registry: !hasRegistry, owner: !hasRegistry && !rest.includes('/'), tag: !tag && !digest },
    official: registry === 'docker.io' && owner === 'library',
    tagWarning: !tag && !digest ? 'missing' : tag === 'latest' ? 'latest' : undefined,
    canonical: `${registry}/${repository}${effectiveTag ? `:${effectiveTag}` : ''}${digest ? `@${digest}` : ''}`,
  };
}

const RUNNING: ContainerState = { kind: 'running', startedAt: '2026-11-30T03:00:00Z' };

export interface ContainerSpec {
  name: string;
  image: string;
  group?: ContainerGroup;
  state?: ContainerState;
  ready?: boolean;
  restarts?: number;
  mounts?: Array<{ volume: string; path: string; readOnly?: boolean }>;
  digest?: string;
}

export interface VolumeSpec {
  name: string;
  type?: VolumeModel['type'];
  detail?: string;
  claim?: string;
  sharedWithPods?: string[];
}

export interface PodSpec {
  name: string;
  namespace?: string;
  ip?: string;
  hostNetwork?: boolean;
  status?: string;
  phase?: string;
  containers: ContainerSpec[];
  volumes?: VolumeSpec[];
  labels?: Record<string, string>;
  scheduling?: string;
  uid?: string;
}

export function pod(spec: PodSpec, nodeName?: string, hostIP?: string): PodModel {
  const namespace = spec.namespace ?? 'default';
  const uid = spec.uid ?? `uid-pod-${namespace}-${spec.name}`;
  const containers: ContainerModel[] = spec.containers.map((c) => {
    const group = c.group ?? 'app';
    const state = c.state ?? RUNNING;
    return {
      uid: `${uid}/${group}/${c.name}`,
      name: c.name,
      group,
      image: image(c.image),
      resolvedDigest: c.digest,
      imageID: c.digest ? `${c.image}@${c.digest}` : undefined,
      state,
      ready: c.ready ?? (state.kind === 'running'),
      restartCount: c.restarts ?? 0,
      ports: [],
      resources: { requests: {}, limits: {} },
      mounts: (c.mounts ?? []).map((m) => ({ volume: m.volume, mountPath: m.path, readOnly: m.readOnly ?? false })),
    };
  });
  const volumes: VolumeModel[] = [
    ...(spec.volumes ?? []),
    { name: `kube-api-access-${spec.name.slice(0, 5)}`, type: 'projected' as const, detail: 'service account token' },
  ].map((v) => {
    const mountedBy: VolumeUse[] = [];
    for (const c of containers) {
      for (const m of c.mounts) if (m.volume === v.name) mountedBy.push({ container: c.name, group: c.group, mountPath: m.mountPath, readOnly: m.readOnly });
    }
    const type = v.type ?? 'emptyDir';
    return {
      uid: `${uid}/volume/${v.name}`,
      name: v.name,
      type,
      typeName: type,
      detail: v.detail ?? type,
      claim: v.claim
        ? { name: v.claim, namespace, found: true, phase: 'Bound', accessModes: ['ReadWriteMany'], capacity: '1Gi', storageClassName: 'standard' }
        : undefined,
      mountedBy,
      shared: mountedBy.length >= 2,
      sharedWithPods: v.sharedWithPods ?? [],
    };
  });
  const running = containers.filter((c) => c.group === 'app' || c.group === 'sidecar');
  const ip = spec.hostNetwork ? hostIP : spec.ip;
  return {
    uid,
    name: spec.name,
    namespace,
    nodeName,
    phase: spec.phase ?? (nodeName ? 'Running' : 'Pending'),
    status: spec.status ?? (nodeName ? 'Running' : 'Pending'),
    ready: spec.status === undefined ? !!nodeName : spec.status === 'Running',
    readyContainers: running.filter((c) => c.ready).length,
    totalContainers: running.length,
    restarts: containers.reduce((s, c) => s + c.restartCount, 0),
    podIP: ip,
    podIPs: ip ? [ip] : [],
    hostIP: nodeName ? hostIP : undefined,
    hostIPs: nodeName && hostIP ? [hostIP] : [],
    hostNetwork: spec.hostNetwork ?? false,
    static: false,
    scheduling: spec.scheduling ? { status: 'False', reason: 'Unschedulable', message: spec.scheduling } : undefined,
    conditions: [],
    labels: spec.labels ?? {},
    containers,
    volumes,
  };
}

export interface NodeSpec {
  name: string;
  role?: 'control-plane' | 'worker';
  ip: string;
  cidr: string;
  pods: PodSpec[];
  ready?: boolean;
}

export function node(spec: NodeSpec): NodeModel {
  const role = spec.role ?? 'worker';
  return {
    uid: `uid-node-${spec.name}`,
    name: spec.name,
    role,
    roles: role === 'control-plane' ? ['control-plane'] : [],
    controlPlaneBy: role === 'control-plane' ? 'label' : undefined,
    inferred: false,
    internalIP: spec.ip,
    addresses: [
      { type: 'InternalIP', address: spec.ip },
      { type: 'Hostname', address: spec.name },
    ],
    podCIDRs: [spec.cidr],
    ready: { status: spec.ready === false ? 'False' : 'True', reason: 'KubeletReady' },
    conditions: [],
    unschedulable: false,
    taints: role === 'control-plane' ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] : [],
    info: {
      kubeletVersion: 'v1.34.0',
      kubeProxyVersion: 'v1.34.0',
      osImage: 'Debian GNU/Linux 12 (bookworm)',
      kernelVersion: '6.8.0-45-generic',
      operatingSystem: 'linux',
      architecture: 'amd64',
      containerRuntimeVersion: 'containerd://2.1.3',
    },
    runtime: { kind: 'containerd', name: 'containerd', version: '2.1.3', raw: 'containerd://2.1.3' },
    images: [],
    capacity: { cpu: '8', memory: '16Gi', pods: '110' },
    allocatable: { cpu: '8', memory: '16Gi', pods: '110' },
    labels: { 'kubernetes.io/hostname': spec.name },
    pods: spec.pods
      .map((p) => pod(p, spec.name, spec.ip))
      .sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`)),
  };
}

export function model(nodes: NodeModel[], unscheduled: PodModel[] = [], name = 'kind-anatomy'): AnatomyModel {
  const allPods = [...nodes.flatMap((n) => n.pods), ...unscheduled];
  const claims = new Map<string, string[]>();
  for (const p of allPods) {
    for (const v of p.volumes) {
      if (v.claim) claims.set(`${v.claim.namespace}/${v.claim.name}`, [...(claims.get(`${v.claim.namespace}/${v.claim.name}`) ?? []), `${p.namespace}/${p.name}`]);
    }
  }
  const sorted = [...nodes].sort((a, b) => (a.role === b.role ? a.name.localeCompare(b.name) : a.role === 'control-plane' ? -1 : 1));
  return {
    schema: MODEL_SCHEMA,
    source: { kind: 'cluster', name, server: 'https://127.0.0.1:6443', namespaces: [] },
    nodes: sorted,
    unscheduled,
    sharedClaims: [...claims]
      .filter(([, pods]) => pods.length > 1)
      .map(([key, pods]) => ({ namespace: key.split('/')[0], claim: key.split('/')[1], pods: pods.sort() })),
    namespaces: [...new Set(allPods.map((p) => p.namespace))].sort(),
    gaps: [],
    stats: {
      nodes: nodes.length,
      pods: allPods.length,
      containers: allPods.reduce((s, p) => s + p.containers.length, 0),
      volumes: allPods.reduce((s, p) => s + p.volumes.length, 0),
    },
  };
}

const KINDNET: PodSpec = {
  name: 'kindnet-',
  namespace: 'kube-system',
  hostNetwork: true,
  containers: [
    {
      name: 'kindnet-cni',
      image: 'docker.io/kindest/kindnetd:v20250512-df8de77b',
      mounts: [
        { volume: 'cni-cfg', path: '/etc/cni/net.d' },
        { volume: 'xtables-lock', path: '/run/xtables.lock' },
      ],
    },
  ],
  volumes: [
    { name: 'cni-cfg', type: 'hostPath', detail: '/etc/cni/net.d' },
    { name: 'xtables-lock', type: 'hostPath', detail: '/run/xtables.lock' },
  ],
};

const KUBE_PROXY: PodSpec = {
  name: 'kube-proxy-',
  namespace: 'kube-system',
  hostNetwork: true,
  containers: [
    {
      name: 'kube-proxy',
      image: 'registry.k8s.io/kube-proxy:v1.34.0',
      digest: 'sha256:5f71731a5eadcf74f3997dfc159bf5ca36e48c3387c19082fc21871e0dbb19af',
      mounts: [{ volume: 'kube-proxy', path: '/var/lib/kube-proxy' }],
    },
  ],
  volumes: [{ name: 'kube-proxy', type: 'configMap', detail: 'configMap kube-proxy' }],
};

function suffixed(spec: PodSpec, suffix: string): PodSpec {
  return { ...spec, name: spec.name + suffix };
}

/** The web pod: nginx serves what a sidecar-less helper writes into a shared emptyDir. */
export const WEB_POD: PodSpec = {
  name: 'web-6d4cf56db6-x7k2p',
  namespace: 'shop',
  ip: '10.244.1.7',
  containers: [
    {
      name: 'nginx',
      image: 'nginx:1.27.3',
      digest: 'sha256:0a399eb16751829e1af26fea27b20c3ec28d7ab1fb72182879dcae1cca21206a',
      mounts: [{ volume: 'html', path: '/usr/share/nginx/html', readOnly: true }],
    },
    { name: 'content-sync', image: 'alpine/git:2.47.1', mounts: [{ volume: 'html', path: '/work' }] },
  ],
  volumes: [{ name: 'html', type: 'emptyDir', detail: 'emptyDir' }],
};

/** A pod with an init container, a native sidecar and the app. */
export const API_POD: PodSpec = {
  name: 'api-7f9c8d6b5-q2wzr',
  namespace: 'shop',
  ip: '10.244.1.12',
  containers: [
    {
      name: 'migrate',
      group: 'init',
      image: 'ghcr.io/example/api-migrate:3.4.1',
      state: { kind: 'terminated', reason: 'Completed', exitCode: 0 },
      ready: false,
    },
    { name: 'log-shipper', group: 'sidecar', image: 'fluent/fluent-bit:3.2', mounts: [{ volume: 'logs', path: '/var/log/app', readOnly: true }] },
    { name: 'api', image: 'ghcr.io/example/api:3.4.1', mounts: [{ volume: 'logs', path: '/var/log/app' }] },
  ],
  volumes: [{ name: 'logs', type: 'emptyDir', detail: 'emptyDir' }],
};

export const UNSCHEDULED_POD: PodSpec = {
  name: 'batch-report-28911',
  namespace: 'jobs',
  containers: [{ name: 'report', image: 'python:3.13-slim', state: { kind: 'waiting', reason: 'Pending' }, ready: false }],
  scheduling: '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient memory.',
};

function claimPod(name: string, ip: string, other: string): PodSpec {
  return {
    name,
    namespace: 'shop',
    ip,
    containers: [{ name: name.split('-')[0] + '-' + name.split('-')[1], image: 'busybox:1.37', mounts: [{ volume: 'data', path: '/data' }] }],
    volumes: [{ name: 'data', type: 'persistentVolumeClaim', detail: 'claim shared-data', claim: 'shared-data', sharedWithPods: [`shop/${other}`] }],
  };
}

/** A kind-like cluster: one control-plane node, two workers, one pending pod. */
export function kindCluster(): AnatomyModel {
  const cp = node({
    name: 'kind-control-plane',
    role: 'control-plane',
    ip: '172.18.0.3',
    cidr: '10.244.0.0/24',
    pods: [
      { name: 'coredns-674b8bbfcf-4xbqs', namespace: 'kube-system', ip: '10.244.0.3', containers: [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.12.1', mounts: [{ volume: 'config-volume', path: '/etc/coredns', readOnly: true }] }], volumes: [{ name: 'config-volume', type: 'configMap', detail: 'configMap coredns' }] },
      { name: 'coredns-674b8bbfcf-9pm7d', namespace: 'kube-system', ip: '10.244.0.2', containers: [{ name: 'coredns', image: 'registry.k8s.io/coredns/coredns:v1.12.1', mounts: [{ volume: 'config-volume', path: '/etc/coredns', readOnly: true }] }], volumes: [{ name: 'config-volume', type: 'configMap', detail: 'configMap coredns' }] },
      { name: 'etcd-kind-control-plane', namespace: 'kube-system', hostNetwork: true, containers: [{ name: 'etcd', image: 'registry.k8s.io/etcd:3.6.4-0' }], volumes: [{ name: 'etcd-data', type: 'hostPath', detail: '/var/lib/etcd' }] },
      { name: 'kube-apiserver-kind-control-plane', namespace: 'kube-system', hostNetwork: true, containers: [{ name: 'kube-apiserver', image: 'registry.k8s.io/kube-apiserver:v1.34.0' }] },
      { name: 'kube-controller-manager-kind-control-plane', namespace: 'kube-system', hostNetwork: true, containers: [{ name: 'kube-controller-manager', image: 'registry.k8s.io/kube-controller-manager:v1.34.0' }] },
      { name: 'kube-scheduler-kind-control-plane', namespace: 'kube-system', hostNetwork: true, containers: [{ name: 'kube-scheduler', image: 'registry.k8s.io/kube-scheduler:v1.34.0' }] },
      suffixed(KUBE_PROXY, 'cp9xz'),
      suffixed(KINDNET, 'h4k8t'),
    ],
  });
  const w1 = node({
    name: 'kind-worker',
    ip: '172.18.0.2',
    cidr: '10.244.1.0/24',
    pods: [WEB_POD, API_POD, claimPod('db-writer-0', '10.244.1.9', 'db-reader-0'), suffixed(KUBE_PROXY, 'w1abc'), suffixed(KINDNET, 'w1def')],
  });
  const w2 = node({
    name: 'kind-worker2',
    ip: '172.18.0.4',
    cidr: '10.244.2.0/24',
    pods: [
      claimPod('db-reader-0', '10.244.2.4', 'db-writer-0'),
      {
        name: 'cart-5b7d9c-crash',
        namespace: 'shop',
        ip: '10.244.2.8',
        status: 'CrashLoopBackOff',
        containers: [{ name: 'cart', image: 'ghcr.io/example/cart:1.0.0', state: { kind: 'waiting', reason: 'CrashLoopBackOff' }, ready: false, restarts: 7 }],
      },
      {
        name: 'nightly-backup-29123-abcde',
        namespace: 'jobs',
        ip: '10.244.2.5',
        status: 'Completed',
        phase: 'Succeeded',
        containers: [{ name: 'backup', image: 'restic/restic:0.17.3', state: { kind: 'terminated', reason: 'Completed', exitCode: 0 }, ready: false }],
      },
      suffixed(KUBE_PROXY, 'w2ghi'),
      suffixed(KINDNET, 'w2jkl'),
    ],
  });
  return model([cp, w1, w2], [pod(UNSCHEDULED_POD)]);
}

/** Markup in every string a cluster controls, and a Korean source name. */
export function hostileCluster(): AnatomyModel {
  const n = node({
    name: HOSTILE_IMG,
    ip: '10.0.0.1',
    cidr: '10.244.9.0/24',
    pods: [
      {
        name: HOSTILE_SCRIPT,
        namespace: HOSTILE_IMG,
        ip: '10.244.9.2',
        status: HOSTILE_SCRIPT,
        labels: { app: HOSTILE_SCRIPT, [HOSTILE_IMG]: 'x' },
        containers: [
          { name: HOSTILE_IMG, image: `evil.example.com/${HOSTILE_SCRIPT}:tag&amp;`, mounts: [{ volume: HOSTILE_SCRIPT, path: `/x/${HOSTILE_IMG}` }] },
          { name: 'second & "quoted"', image: 'busybox:1.37', mounts: [{ volume: HOSTILE_SCRIPT, path: '/y' }] },
        ],
        volumes: [{ name: HOSTILE_SCRIPT, type: 'emptyDir', detail: HOSTILE_IMG }],
      },
    ],
  });
  const m = model([n], [pod({ name: `${HOSTILE_IMG}&lt;`, namespace: 'x', containers: [{ name: 'c', image: HOSTILE_IMG }], scheduling: HOSTILE_SCRIPT })], `운영 클러스터 ${HOSTILE_SCRIPT}`);
  m.gaps.push({ resource: 'persistentvolumes', reason: 'forbidden', message: HOSTILE_SCRIPT, consequence: HOSTILE_IMG });
  return m;
}

/** A synthetic cluster of `pods` pods spread over `nodes` workers (plus one control-plane node). */
export function bigCluster(pods: number, nodes = 50): AnatomyModel {
  const workers: NodeModel[] = [];
  for (let i = 0; i < nodes; i++) {
    const specs: PodSpec[] = [];
    for (let j = i; j < pods; j += nodes) {
      specs.push({
        name: `app-${j}`,
        namespace: `team-${j % 7}`,
        ip: `10.${(j >> 16) & 255}.${(j >> 8) & 255}.${j & 255}`,
        containers: [
          { name: 'app', image: `ghcr.io/example/app-${j % 13}:1.${j % 5}`, mounts: [{ volume: 'scratch', path: '/scratch' }] },
          { name: 'proxy', image: 'envoyproxy/envoy:v1.32.1', group: j % 3 === 0 ? 'sidecar' : 'app', mounts: [{ volume: 'scratch', path: '/tmp/s', readOnly: true }] },
        ],
        volumes: [{ name: 'scratch', type: 'emptyDir', detail: 'emptyDir' }],
      });
    }
    workers.push(node({ name: `worker-${String(i).padStart(3, '0')}`, ip: `172.20.${i >> 8}.${i & 255}`, cidr: `10.${100 + (i >> 8)}.${i & 255}.0/24`, pods: specs }));
  }
  const cp = node({ name: 'control-plane-0', role: 'control-plane', ip: '172.20.255.1', cidr: '10.99.0.0/24', pods: [suffixed(KUBE_PROXY, 'cp')] });
  return model([cp, ...workers], [], 'big');
}
