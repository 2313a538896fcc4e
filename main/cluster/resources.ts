// The Kubernetes resources a live source reads, and their API paths. All are in
// the core group (/api/v1), served by every API server.

import type { ClusterObjects } from '../model/kube.ts';
import type { ResourceName } from '../model/types.ts';
import { isNamespaceName } from '../common/namespace.ts';

export type ObjectsField = Exclude<keyof ClusterObjects, 'gaps'>;

export interface ResourceKind {
  name: ResourceName;
  /** Where its objects go in ClusterObjects. */
  field: ObjectsField;
  /** Kind of the items, filled in on list items (the API server leaves it out). */
  kind: string;
  /** Listed per chosen namespace when a namespace filter is set. */
  namespaced: boolean;
}

export const RESOURCES: readonly ResourceKind[] = [
  { name: 'nodes', field: 'nodes', kind: 'Node', namespaced: false },
  { name: 'namespaces', field: 'namespaces', kind: 'Namespace', namespaced: false },
  { name: 'pods', field: 'pods', kind: 'Pod', namespaced: true },
  { name: 'persistentvolumeclaims', field: 'persistentVolumeClaims', kind: 'PersistentVolumeClaim', namespaced: true },
  { name: 'persistentvolumes', field: 'persistentVolumes', kind: 'PersistentVolume', namespaced: false },
];


/** `/api/v1/pods` or `/api/v1/namespaces/<ns>/pods`. */
export function resourcePath(resource: ResourceKind, namespace?: string): string {
  if (namespace === undefined) return `/api/v1/${resource.name}`;
  if (!isNamespaceName(namespace)) throw new Error(`"${namespace}" is not a valid namespace name`);
  return `/api/v1/namespaces/${namespace}/${resource.name}`;
}
