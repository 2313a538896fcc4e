// The five resources a snapshot holds, under the three names each goes by: the
// object kind, the API resource (as in AccessGap), and the ClusterObjects key.

import type { ClusterObjects } from '../model/kube.ts';
import type { ResourceName } from '../model/types.ts';

export type ListKey = Exclude<keyof ClusterObjects, 'gaps'>;

export interface SnapshotResource {
  kind: string;
  resource: ResourceName;
  key: ListKey;
}

/** In the order a snapshot lists them: nodes, pods, claims, volumes, namespaces. */
export const SNAPSHOT_RESOURCES: readonly SnapshotResource[] = [
  { kind: 'Node', resource: 'nodes', key: 'nodes' },
  { kind: 'Pod', resource: 'pods', key: 'pods' },
  { kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims', key: 'persistentVolumeClaims' },
  { kind: 'PersistentVolume', resource: 'persistentvolumes', key: 'persistentVolumes' },
  { kind: 'Namespace', resource: 'namespaces', key: 'namespaces' },
];

export function resourceByKind(kind: string): SnapshotResource | undefined {
  return SNAPSHOT_RESOURCES.find((r) => r.kind === kind);
}

export function resourceByName(name: unknown): SnapshotResource | undefined {
  return SNAPSHOT_RESOURCES.find((r) => r.resource === name);
}
