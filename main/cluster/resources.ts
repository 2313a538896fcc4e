// The Kubernetes resources a live source reads, and their API paths. The
// picture's are all in the core group (/api/v1), served by every API server;
// events are read beside them (main/cluster/event-watch.ts), from
// events.k8s.io/v1 or, where that is not served, from core v1.

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
  /** The group's path and apiVersion, when not the core group's (/api/v1, v1). */
  api?: { path: string; version: string };
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
  const api = resource.api?.path ?? '/api/v1';
  if (namespace === undefined) return `${api}/${resource.name}`;
  if (!isNamespaceName(namespace)) throw new Error(`"${namespace}" is not a valid namespace name`);
  return `${api}/namespaces/${namespace}/${resource.name}`;
}

/**
 * Events, from either API. Not part of ClusterObjects: their reflectors take
 * no deltas handler and their gaps never reach the model, so `name` and
 * `field` only have to satisfy the type (the reflector names its gap and its
 * paths by them).
 */
export const EVENTS_RESOURCES: readonly ResourceKind[] = [
  { name: 'events' as ResourceName, field: 'events' as ObjectsField, kind: 'Event', namespaced: true, api: { path: '/apis/events.k8s.io/v1', version: 'events.k8s.io/v1' } },
  { name: 'events' as ResourceName, field: 'events' as ObjectsField, kind: 'Event', namespaced: true },
];
