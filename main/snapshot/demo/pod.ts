// Builds a Pod the way the API server returns it: the defaults it fills into
// the spec, and the status the kubelet writes for the way each container is
// doing. Shared by the demo cluster and the benchmark generator so both look
// like the real thing.

import type { KubeObject } from '../../model/kube.ts';
import { defaultPullPolicy } from './image.ts';
import type { Ids } from './ids.ts';
import { podStatus, TOKEN_MOUNT_PATH } from './pod-status.ts';
import { specResources } from './qos.ts';

/** The node a pod is bound to, as far as the pod's status is concerned. */
export interface Placement {
  name: string;
  /** The node's InternalIPs: the pod's hostIPs. */
  hostIPs: string[];
  runtime: 'containerd' | 'cri-o';
}

export type ContainerRun =
  | { state: 'running' }
  | { state: 'completed' }
  | { state: 'crashloop'; restarts: number; exitCode: number };

export interface Mount {
  name: string;
  mountPath: string;
  readOnly?: boolean;
  subPath?: string;
}

export interface ContainerInput {
  name: string;
  image: string;
  command?: string[];
  args?: string[];
  ports?: { name?: string; containerPort: number; protocol?: string; hostPort?: number }[];
  env?: unknown[];
  resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
  mounts?: Mount[];
  /** "Always" on an init container makes it a native sidecar. */
  restartPolicy?: 'Always';
  securityContext?: unknown;
  /** Default: running for app containers and sidecars, completed for init containers. */
  run?: ContainerRun;
}

export interface PodInput {
  name: string;
  namespace: string;
  createdAt: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  owner?: { apiVersion: string; kind: string; name: string; uid: string };
  /** Absent: the pod is Pending, not scheduled. */
  node?: Placement;
  /** Pod IPs for a pod on the pod network; hostNetwork pods take the node's. */
  podIPs?: string[];
  hostNetwork?: boolean;
  initContainers?: ContainerInput[];
  containers: ContainerInput[];
  volumes?: unknown[];
  /** Static (mirror) pods have no service account and no token volume. */
  serviceAccountName?: string | null;
  priorityClassName?: string;
  priority?: number;
  tolerations?: unknown[];
  restartPolicy?: 'Always' | 'OnFailure' | 'Never';
  /** PodScheduled=False message for a pod the scheduler could not place. */
  unschedulable?: string;
  /** Further spec fields (nodeSelector, affinity, securityContext…). */
  spec?: Record<string, unknown>;
}

const NOT_READY_TOLERATIONS = [
  { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
  { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
];

export function buildPod(input: PodInput, ids: Ids): KubeObject {
  const key = `pod/${input.namespace}/${input.name}`;
  const uid = ids.uid(key);
  const t0 = input.createdAt;
  const withToken = input.serviceAccountName !== null;
  const tokenVolume = withToken ? `kube-api-access-${ids.suffix(key, 5)}` : undefined;
  const init = input.initContainers ?? [];
  const all = [...init, ...input.containers];

  const metadata: Record<string, unknown> = {
    creationTimestamp: t0,
    ...(input.owner && input.owner.kind !== 'Node' && input.owner.kind !== 'StatefulSet'
      ? { generateName: input.name.slice(0, input.name.lastIndexOf('-') + 1) }
      : {}),
    generation: 1,
    ...(input.labels ? { labels: input.labels } : {}),
    ...(input.annotations ? { annotations: input.annotations } : {}),
    name: input.name,
    namespace: input.namespace,
    ...(input.owner
      ? {
          ownerReferences: [
            { ...input.owner, controller: true, ...(input.owner.kind === 'Node' ? {} : { blockOwnerDeletion: true }) },
          ],
        }
      : {}),
    resourceVersion: ids.resourceVersion(key),
    uid,
  };

  const spec: Record<string, unknown> = {
    ...(init.length > 0 ? { initContainers: init.map((c) => containerSpec(c, tokenVolume)) } : {}),
    containers: input.containers.map((c) => containerSpec(c, tokenVolume)),
    dnsPolicy: 'ClusterFirst',
    enableServiceLinks: true,
    ...(input.hostNetwork ? { hostNetwork: true } : {}),
    ...(input.node ? { nodeName: input.node.name } : {}),
    preemptionPolicy: 'PreemptLowerPriority',
    priority: input.priority ?? 0,
    ...(input.priorityClassName ? { priorityClassName: input.priorityClassName } : {}),
    restartPolicy: input.restartPolicy ?? 'Always',
    schedulerName: 'default-scheduler',
    securityContext: {},
    ...(withToken
      ? { serviceAccount: input.serviceAccountName ?? 'default', serviceAccountName: input.serviceAccountName ?? 'default' }
      : {}),
    terminationGracePeriodSeconds: 30,
    tolerations: [...(input.tolerations ?? []), ...(withToken ? NOT_READY_TOLERATIONS : [])],
    volumes: [...(input.volumes ?? []), ...(tokenVolume ? [tokenProjection(tokenVolume)] : [])],
    ...input.spec,
  };

  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec,
    status: podStatus(input, all, uid, tokenVolume, ids),
  };
}

function containerSpec(c: ContainerInput, tokenVolume: string | undefined): Record<string, unknown> {
  const mounts: Mount[] = [...(c.mounts ?? [])];
  if (tokenVolume) mounts.push({ name: tokenVolume, mountPath: TOKEN_MOUNT_PATH, readOnly: true });
  return {
    ...(c.args ? { args: c.args } : {}),
    ...(c.command ? { command: c.command } : {}),
    ...(c.env ? { env: c.env } : {}),
    image: c.image,
    imagePullPolicy: defaultPullPolicy(c.image),
    name: c.name,
    ...(c.ports ? { ports: c.ports.map((p) => ({ ...p, protocol: p.protocol ?? 'TCP' })) } : {}),
    resources: specResources(c),
    ...(c.restartPolicy ? { restartPolicy: c.restartPolicy } : {}),
    ...(c.securityContext ? { securityContext: c.securityContext } : {}),
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    ...(mounts.length > 0 ? { volumeMounts: mounts.map(mountSpec) } : {}),
  };
}

function mountSpec(m: Mount): Record<string, unknown> {
  return {
    mountPath: m.mountPath,
    name: m.name,
    ...(m.readOnly ? { readOnly: true } : {}),
    ...(m.subPath ? { subPath: m.subPath } : {}),
  };
}

function tokenProjection(name: string): Record<string, unknown> {
  return {
    name,
    projected: {
      defaultMode: 420,
      sources: [
        { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
        { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
        {
          downwardAPI: {
            items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }],
          },
        },
      ],
    },
  };
}
