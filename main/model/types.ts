// The anatomy model: plain, serializable data built from Kubernetes objects.
// Nothing here may import Node, Electron or the DOM: the renderer, the CLI and
// the browser mode all consume this shape, and snapshots of it are compared in
// tests. Field names follow Kubernetes' own vocabulary where one exists.

import type { Message } from '../i18n/message.ts';
import type { Callout } from './callouts.ts';

export const MODEL_SCHEMA = 'kube-anatomy/model@1' as const;

/** Why the picture lacks something (AccessGap.reason); what a saved gap's reason may be. */
export const GAP_REASONS = ['forbidden', 'unavailable', 'duplicate', 'incomplete'] as const;
export type GapReason = (typeof GAP_REASONS)[number];

/** Where the objects behind a model came from. */
export type SourceKind = 'cluster' | 'snapshot' | 'demo';

export interface AnatomyModel {
  schema: typeof MODEL_SCHEMA;
  source: ModelSource;
  /** Control-plane nodes first, then workers; each group sorted by name. */
  nodes: NodeModel[];
  /** Pods with no node (not yet scheduled, or unschedulable), sorted by namespace/name. */
  unscheduled: PodModel[];
  /** PersistentVolumeClaims that two or more pods use, linking those pods. */
  sharedClaims: SharedClaim[];
  /** All namespaces seen (from the namespace list, or from pods when it is unreadable). */
  namespaces: string[];
  /** Resources the model could not read (RBAC, missing API) and what follows from it. */
  gaps: AccessGap[];
  stats: ModelStats;
  /** Numbered notes that came with a saved snapshot (main/model/callouts.ts); absent when it had none. */
  callouts?: Callout[];
}

export interface ModelSource {
  kind: SourceKind;
  /** Context name for a cluster, file name for a snapshot, "demo" for the demo. */
  name: string;
  /** API server URL for a live cluster, when known. Never carries credentials. */
  server?: string;
  /** Namespaces the view was limited to; empty means all namespaces. */
  namespaces: string[];
  /** The model is a part of the cluster (main/model/select.ts), not all of what was read. */
  selected?: true;
  /** Every name, address and image of the model is a pseudonym (main/model/redact.ts): the picture says so. */
  redacted?: true;
}

export interface ModelStats {
  nodes: number;
  pods: number;
  containers: number;
  volumes: number;
}

export type ResourceName = 'nodes' | 'pods' | 'persistentvolumeclaims' | 'persistentvolumes' | 'namespaces';

/** Something of the cluster the picture lacks: a resource that could not be read, or objects dropped. */
export interface AccessGap {
  resource: ResourceName;
  /**
   * "forbidden" for RBAC denials, "unavailable" for anything else (404,
   * timeouts…), "duplicate" for objects a snapshot held twice (the first is kept),
   * "incomplete" for a list read whole that lacks objects others name (a
   * snapshot without the Node of some pods' nodes: those are inferred). Only
   * the snapshot reader gives it, and only for nodes: the model says it again
   * in the snapshot reader's words for the nodes it inferred (gaps.ts).
   */
  reason: GapReason;
  /** Human sentence, e.g. what the API server said. */
  message: string;
  /**
   * The same as a message the page says in its language (errors.gap.*, errors.cluster.*), when the
   * source put it into words of the catalog; without it `message` is someone else's text, shown as written.
   */
  said?: Message;
  /**
   * What the model did instead ("pods grouped by spec.nodeName"). A source
   * may write its own text; in a model it is always a message of the one
   * table (main/i18n/catalogs/model.ts), a source's text in 'gap.said'.
   */
  consequence?: Message | string;
}

// ---------------------------------------------------------------- nodes

export type NodeRole = 'control-plane' | 'worker';

export interface NodeModel {
  uid: string;
  name: string;
  role: NodeRole;
  /** Roles from node-role.kubernetes.io/<role> labels, sorted. */
  roles: string[];
  /** Why the node counts as control plane, when it does. */
  controlPlaneBy?: 'label' | 'static-pods';
  /**
   * True when the Node object could not be read and this entry was inferred from
   * the pods' spec.nodeName; then only name, pods and what the pods tell are known.
   */
  inferred: boolean;
  internalIP?: string;
  addresses: NodeAddress[];
  podCIDRs: string[];
  ready: ConditionSummary;
  conditions: Condition[];
  unschedulable: boolean;
  taints: Taint[];
  info?: NodeInfo;
  runtime?: ContainerRuntime;
  /** The node's image cache (status.images), largest first. */
  images: NodeImage[];
  capacity: Record<string, string>;
  allocatable: Record<string, string>;
  labels: Record<string, string>;
  creationTimestamp?: string;
  /** Pods bound to this node, sorted by namespace/name. */
  pods: PodModel[];
  /** In a part of the cluster (select.ts): how many of the node's pods were left out of `pods`. */
  podsOutside?: number;
}

export interface NodeAddress {
  type: string;
  address: string;
}

export interface NodeInfo {
  kubeletVersion?: string;
  kubeProxyVersion?: string;
  osImage?: string;
  kernelVersion?: string;
  operatingSystem?: string;
  architecture?: string;
  containerRuntimeVersion?: string;
}

export type RuntimeKind = 'containerd' | 'cri-o' | 'docker' | 'other';

export interface ContainerRuntime {
  kind: RuntimeKind;
  /** The scheme as reported, e.g. "containerd", "cri-o", "docker", "kata". */
  name: string;
  version: string;
  /** nodeInfo.containerRuntimeVersion verbatim. */
  raw: string;
}

export interface NodeImage {
  names: string[];
  sizeBytes: number;
}

export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

export interface ConditionSummary {
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

// ---------------------------------------------------------------- pods

export type QosClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

export interface PodModel {
  uid: string;
  name: string;
  namespace: string;
  /** spec.nodeName; absent for unscheduled pods. */
  nodeName?: string;
  phase: string;
  /** What kubectl's STATUS column would say: Running, CrashLoopBackOff, Completed, Terminating… */
  status: string;
  /** Ready condition of the pod. */
  ready: boolean;
  /** Ready app containers and sidecars / all of them, as kubectl's READY column. */
  readyContainers: number;
  totalContainers: number;
  restarts: number;
  qosClass?: QosClass;
  owner?: OwnerRef;
  /** Primary pod IP (status.podIP). */
  podIP?: string;
  /** All pod IPs, e.g. IPv4 and IPv6 for dual stack. */
  podIPs: string[];
  hostIP?: string;
  hostIPs: string[];
  /** The pod uses the node's network namespace, so its IP is the node's. */
  hostNetwork: boolean;
  /** A static pod's mirror on the API server (annotation kubernetes.io/config.mirror). */
  static: boolean;
  /** Why the scheduler has not placed the pod (PodScheduled=False). */
  scheduling?: ConditionSummary;
  conditions: Condition[];
  labels: Record<string, string>;
  serviceAccountName?: string;
  priorityClassName?: string;
  restartPolicy?: string;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  /** Init containers, native sidecars, app containers, then ephemeral containers; spec order within each. */
  containers: ContainerModel[];
  /** spec.volumes in spec order. */
  volumes: VolumeModel[];
  /**
   * Set on the wire to a page for a large model (main/model/summary.ts):
   * conditions, volumes and containers' ports, mounts, resources and IDs left
   * out on the wire to a page; the whole pod: object:get.
   */
  summary?: true;
}

export interface OwnerRef {
  kind: string;
  name: string;
  uid?: string;
}

// ---------------------------------------------------------------- containers

/**
 * init: runs to completion before the app containers start.
 * sidecar: an init container with restartPolicy Always, which keeps running beside the app.
 * app: spec.containers. ephemeral: debug containers added with kubectl debug.
 */
export type ContainerGroup = 'init' | 'sidecar' | 'app' | 'ephemeral';

export interface ContainerModel {
  /** Stable id for drawing: `<pod uid>/<group>/<name>`. */
  uid: string;
  name: string;
  group: ContainerGroup;
  image: ImageRef;
  /** containerStatuses[].imageID verbatim. */
  imageID?: string;
  /** The digest the runtime resolved (sha256:…), from imageID. */
  resolvedDigest?: string;
  /**
   * What resolvedDigest is: "repo-digest" is the manifest digest the image was
   * pulled by (comparable with a digest in the reference); "image-id" is the
   * image config digest a runtime reports when it knows no repo digest (e.g.
   * images loaded into kind), which a registry never serves.
   */
  resolvedDigestKind?: 'repo-digest' | 'image-id';
  containerID?: string;
  state: ContainerState;
  lastState?: ContainerState;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  ports: ContainerPort[];
  resources: Resources;
  mounts: VolumeMount[];
  command?: string[];
}

export interface ImageRef {
  /** The reference exactly as written in the pod spec. */
  raw: string;
  /** Registry host (and port), "docker.io" when left out. */
  registry: string;
  /** Path below the registry, e.g. "library/nginx" or "kube-proxy". */
  repository: string;
  /** The part of the path before the last "/", e.g. "library"; absent for single-segment paths. */
  owner?: string;
  /** Last path segment, e.g. "nginx". */
  name: string;
  /** Tag as written, or "latest" when neither a tag nor a digest was given. */
  tag?: string;
  /** Digest pinned in the reference, e.g. "sha256:…". */
  digest?: string;
  /** What Docker's defaults added: which of registry, owner and tag were not written. */
  defaulted: { registry: boolean; owner: boolean; tag: boolean };
  /** An official image on Docker Hub (docker.io/library/…). */
  official: boolean;
  /** "missing" when no tag was written (so latest is implied), "latest" when written as latest. */
  tagWarning?: 'missing' | 'latest';
  /** Fully expanded reference: registry/repository[:tag][@digest]. */
  canonical: string;
  /** Set when the reference could not be parsed; the other fields are then best effort. */
  invalid?: string;
}

export interface ContainerState {
  kind: 'waiting' | 'running' | 'terminated' | 'unknown';
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  exitCode?: number;
  signal?: number;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: string;
  hostPort?: number;
  hostIP?: string;
}

export interface Resources {
  requests: Record<string, string>;
  limits: Record<string, string>;
}

export interface VolumeMount {
  volume: string;
  mountPath: string;
  readOnly: boolean;
  subPath?: string;
}

// ---------------------------------------------------------------- volumes

export type VolumeType =
  | 'emptyDir'
  | 'configMap'
  | 'secret'
  | 'projected'
  | 'hostPath'
  | 'persistentVolumeClaim'
  | 'downwardAPI'
  | 'ephemeral'
  | 'csi'
  | 'nfs'
  | 'image'
  | 'other';

export interface VolumeModel {
  /** Stable id for drawing: `<pod uid>/volume/<name>`. */
  uid: string;
  name: string;
  type: VolumeType;
  /** For "other", the spec key that named the source (e.g. "iscsi"). */
  typeName: string;
  /**
   * The source in English words: "configMap kube-proxy", "/var/log", "claim data-web-0"…
   * for what reads the model without a language (search, a model written to a file).
   */
  detail: string;
  /**
   * The source as messages (volume.source.*, one per part of a projected
   * volume), which the page and the picture say in their language. Always set
   * by the model; a hand-made model without it is described by `detail`.
   */
  source?: readonly Message[];
  /** For persistentVolumeClaim (and ephemeral) volumes: the claim and its bound PV. */
  claim?: ClaimModel;
  /** Containers of this pod that mount the volume, in container order. */
  mountedBy: VolumeUse[];
  /** Two or more containers of this pod mount it. */
  shared: boolean;
  /** Other pods (namespace/name) that use the same PVC, sorted; at most 100 (see sharedWithPodsTotal). */
  sharedWithPods: string[];
  /**
   * Set only when sharedWithPods was cut short: how many other pods use the
   * claim. A claim mounted by thousands of replicas would otherwise put
   * thousands of names on every one of them; model.sharedClaims has the full list.
   */
  sharedWithPodsTotal?: number;
  /** In a part of the cluster (select.ts): how many pods outside the part use the same claim. */
  podsOutside?: number;
}

export interface VolumeUse {
  container: string;
  group: ContainerGroup;
  mountPath: string;
  readOnly: boolean;
  subPath?: string;
}

export interface ClaimModel {
  name: string;
  namespace: string;
  /** False when the PVC object is not visible (missing or forbidden). */
  found: boolean;
  phase?: string;
  storageClassName?: string;
  accessModes: string[];
  requested?: string;
  capacity?: string;
  volumeName?: string;
  pv?: PersistentVolumeModel;
}

export interface PersistentVolumeModel {
  name: string;
  phase?: string;
  capacity?: string;
  storageClassName?: string;
  reclaimPolicy?: string;
  accessModes: string[];
  /** The PV's source type (hostPath, csi, nfs, local…). */
  sourceType: string;
  detail: string;
}

export interface SharedClaim {
  namespace: string;
  claim: string;
  /** namespace/name of each pod using it, sorted. */
  pods: string[];
}
