// The raw input of the model builder: Kubernetes objects as the API server (or a
// snapshot file) gave them. Everything here is untrusted and loosely typed on
// purpose; the builder reads every field defensively.

import type { AccessGap } from './types.ts';

/** Any Kubernetes object as decoded JSON. Fields are read defensively by the builder. */
export interface KubeObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: unknown;
  spec?: unknown;
  status?: unknown;
  [key: string]: unknown;
}

/**
 * What one read of a cluster (or one snapshot file) holds. A list that is
 * undefined could not be read; `gaps` says why. An empty array means the
 * resource was read and has no items.
 */
export interface ClusterObjects {
  nodes?: KubeObject[];
  pods?: KubeObject[];
  persistentVolumeClaims?: KubeObject[];
  persistentVolumes?: KubeObject[];
  namespaces?: KubeObject[];
  gaps: AccessGap[];
}
