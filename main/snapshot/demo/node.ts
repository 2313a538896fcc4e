// Builds a Node as a kind cluster's API server returns it: kubeadm's labels and
// annotations, the kubelet's conditions, addresses, capacity and image cache.

import type { KubeObject } from '../../model/kube.ts';
import { later } from './ids.ts';
import type { Ids } from './ids.ts';

export interface NodeInput {
  name: string;
  clusterName: string;
  controlPlane: boolean;
  /** InternalIPs, IPv4 first. */
  internalIPs: string[];
  podCIDRs: string[];
  runtime: { kind: 'containerd' | 'cri-o'; version: string };
  kubeletVersion: string;
  createdAt: string;
  /** When the kubelet last reported; conditions' heartbeats. */
  heartbeat: string;
  cpu: string;
  memory: string;
  maxPods: number;
  images: NodeImage[];
  kernelVersion?: string;
}

export interface NodeImage {
  names: string[];
  sizeBytes: number;
}

const SOCKETS = {
  containerd: 'unix:///run/containerd/containerd.sock',
  'cri-o': 'unix:///var/run/crio/crio.sock',
};

export function buildNode(input: NodeInput, ids: Ids): KubeObject {
  const key = `node/${input.name}`;
  const t0 = input.createdAt;
  const ready = later(t0, 21);
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': 'amd64',
    'beta.kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'kubernetes.io/hostname': input.name,
    'kubernetes.io/os': 'linux',
  };
  if (input.controlPlane) {
    labels['node-role.kubernetes.io/control-plane'] = '';
    labels['node.kubernetes.io/exclude-from-external-load-balancers'] = '';
  }
  const resources = {
    cpu: input.cpu,
    'ephemeral-storage': '102626232Ki',
    'hugepages-1Gi': '0',
    'hugepages-2Mi': '0',
    memory: input.memory,
    pods: String(input.maxPods),
  };
  const condition = (type: string, status: string, reason: string, message: string): Record<string, unknown> => ({
    lastHeartbeatTime: input.heartbeat,
    lastTransitionTime: type === 'Ready' ? ready : t0,
    message,
    reason,
    status,
    type,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      annotations: {
        'kubeadm.alpha.kubernetes.io/cri-socket': SOCKETS[input.runtime.kind],
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
      creationTimestamp: t0,
      labels,
      name: input.name,
      resourceVersion: ids.resourceVersion(key),
      uid: ids.uid(key),
    },
    spec: {
      podCIDR: input.podCIDRs[0],
      podCIDRs: input.podCIDRs,
      providerID: `kind://docker/${input.clusterName}/${input.name}`,
      ...(input.controlPlane ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] } : {}),
    },
    status: {
      addresses: [
        ...input.internalIPs.map((address) => ({ address, type: 'InternalIP' })),
        { address: input.name, type: 'Hostname' },
      ],
      allocatable: resources,
      capacity: resources,
      conditions: [
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      features: { supplementalGroupsPolicy: true },
      images: [...input.images].sort((a, b) => b.sizeBytes - a.sizeBytes),
      nodeInfo: {
        architecture: 'amd64',
        bootID: ids.uid(`boot/${input.name}`),
        containerRuntimeVersion: `${input.runtime.kind}://${input.runtime.version}`,
        kernelVersion: input.kernelVersion ?? '6.8.0-45-generic',
        kubeProxyVersion: '',
        kubeletVersion: input.kubeletVersion,
        machineID: ids.hex(`machine/${input.name}`).slice(0, 32),
        operatingSystem: 'linux',
        osImage: 'Debian GNU/Linux 12 (bookworm)',
        systemUUID: ids.uid(`system/${input.name}`),
      },
      runtimeHandlers: [
        { features: { recursiveReadOnlyMounts: true, userNamespaces: true }, name: '' },
        { features: { recursiveReadOnlyMounts: true, userNamespaces: true }, name: 'runc' },
      ],
    },
  };
}

/**
 * The image cache a node reports: one entry per image its pods run (named by
 * digest and by tag, as the runtime lists them), plus what the node image
 * preloads. Sizes come from `sizeOf`.
 */
export function nodeImages(pods: KubeObject[], preloaded: string[], sizeOf: (repository: string) => number): NodeImage[] {
  const byRepo = new Map<string, Set<string>>();
  const add = (repository: string, name: string): void => {
    const names = byRepo.get(repository) ?? new Set<string>();
    names.add(name);
    byRepo.set(repository, names);
  };
  for (const ref of preloaded) add(ref.replace(/[:@][^/]*$/, ''), ref);
  for (const pod of pods) {
    const status = pod.status as { containerStatuses?: unknown[]; initContainerStatuses?: unknown[] } | undefined;
    for (const s of [...(status?.initContainerStatuses ?? []), ...(status?.containerStatuses ?? [])]) {
      const { image, imageID } = s as { image: string; imageID: string };
      const repository = imageID.slice(0, imageID.indexOf('@'));
      add(repository, imageID);
      if (!image.includes('@')) add(repository, image);
    }
  }
  return [...byRepo].map(([repository, names]) => ({
    names: [...names].sort((a, b) => (a.includes('@') === b.includes('@') ? (a < b ? -1 : 1) : a.includes('@') ? -1 : 1)),
    sizeBytes: sizeOf(repository),
  }));
}
