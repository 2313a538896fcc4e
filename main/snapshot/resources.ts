// The five resources a snapshot holds, under the three names each goes by: the
// object kind, the API resource (as in AccessGap), and the ClusterObjects key.

import type { ClusterObjects } from '../model/kube.ts';
import type { ResourceName } from '../model/types.ts';

export type ListKey = Exclude<keyof ClusterObjects, 'gaps'>;

export interface SnapshotResource {
  kind: string;
  resource: ResourceName;
  key: ListKey;
  namespaced: boolean;
}

/** In the order a snapshot lists them: nodes, pods, claims, volumes, namespaces. */
export const SNAPSHOT_RESOURCES: readonly SnapshotResource[] = [
  { kind: 'Node', resource: 'nodes', key: 'nodes', namespaced: false },
  { kind: 'Pod', resource: 'pods', key: 'pods', namespaced: true },
  { kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims', key: 'persistentVolumeClaims', namespaced: true },
  { kind: 'PersistentVolume', resource: 'persistentvolumes', key: 'persistentVolumes', namespaced: false },
  { kind: 'Namespace', resource: 'namespaces', key: 'namespaces', namespaced: false },
];

export function resourceByKind(kind: string): SnapshotResource | undefined {
  return SNAPSHOT_RESOURCES.find((r) => r.kind === kind);
}

export function resourceByName(name: unknown): SnapshotResource | undefined {
  return SNAPSHOT_RESOURCES.find((r) => r.resource === name);
}
