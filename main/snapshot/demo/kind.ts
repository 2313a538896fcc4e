// The facts a kind cluster is made of: versions, images, addresses. Shared by
// the demo and the benchmark generator.

import type { Placement } from './pod.ts';

export const KUBERNETES_VERSION = 'v1.34.0';
export const CONTAINERD_VERSION = '2.1.3';
export const CRIO_VERSION = '1.33.4';

export const IMAGES = {
  etcd: 'registry.k8s.io/etcd:3.6.4-0',
  apiserver: `registry.k8s.io/kube-apiserver:${KUBERNETES_VERSION}`,
  controllerManager: `registry.k8s.io/kube-controller-manager:${KUBERNETES_VERSION}`,
  scheduler: `registry.k8s.io/kube-scheduler:${KUBERNETES_VERSION}`,
  proxy: `registry.k8s.io/kube-proxy:${KUBERNETES_VERSION}`,
  coredns: 'registry.k8s.io/coredns/coredns:v1.12.1',
  kindnetd: 'docker.io/kindest/kindnetd:v20250512-df8de77b',
  localPath: 'docker.io/kindest/local-path-provisioner:v20250214-acbabc1a',
  localPathHelper: 'docker.io/kindest/local-path-helper:v20241212-8ac705d0',
  pause: 'registry.k8s.io/pause:3.10.1',
};

/** What a kind node image has imported before any pod runs. */
export const PRELOADED = Object.values(IMAGES);

/** Compressed sizes as runtimes report them in status.images, by repository. */
const SIZES: Record<string, number> = {
  'registry.k8s.io/etcd': 58938593,
  'registry.k8s.io/kube-apiserver': 27378120,
  'registry.k8s.io/kube-controller-manager': 21817426,
  'registry.k8s.io/kube-scheduler': 16225624,
  'registry.k8s.io/kube-proxy': 30885442,
  'registry.k8s.io/coredns/coredns': 20939036,
  'docker.io/kindest/kindnetd': 44375501,
  'docker.io/kindest/local-path-provisioner': 22541737,
  'docker.io/kindest/local-path-helper': 3084671,
  'registry.k8s.io/pause': 320448,
  'docker.io/library/nginx': 72188133,
  'cr.fluentbit.io/fluent/fluent-bit': 33594147,
  'docker.io/library/postgres': 158453472,
  'docker.io/envoyproxy/envoy': 63902134,
  'registry.example.internal:5000/team/api': 41872310,
  'docker.io/library/busybox': 2166802,
  'docker.io/example/queue-worker': 88410377,
  'docker.io/grafana/grafana': 128344102,
};

export function imageSize(repository: string): number {
  const known = SIZES[repository];
  if (known !== undefined) return known;
  // A stable size for any other image: 5–200 MB from the name.
  let h = 0;
  for (const ch of repository) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return 5_000_000 + (h % 195_000_000);
}

/** Hands out pod IPs from a node's podCIDRs, the way the IPAM plugin does: .1 is the gateway. */
export class PodNetwork {
  readonly placement: Placement;
  private readonly v4: string;
  private readonly v6: string | undefined;
  private next = 2;

  constructor(placement: Placement, podCIDRs: string[]) {
    this.placement = placement;
    this.v4 = (podCIDRs[0] ?? '').replace(/\.0\/\d+$/, '.');
    const v6 = podCIDRs[1];
    this.v6 = v6 === undefined ? undefined : v6.replace(/::\/\d+$/, '::');
    // With no CIDRs, hand out nothing rather than garbage.
    if (!this.v4.endsWith('.')) this.v4 = '';
  }

  allocate(): string[] {
    const n = this.next++;
    if (this.v4 === '' || n > 254) return [];
    return this.v6 === undefined ? [`${this.v4}${n}`] : [`${this.v4}${n}`, `${this.v6}${n.toString(16)}`];
  }
}
