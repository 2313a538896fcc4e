// The namespace filter for sources that deliver everything (snapshots, the
// demo). Live sources are restarted with the namespaces instead, so the API
// server does the filtering and we never hold objects the user excluded.

import type { ClusterObjects, KubeObject } from '../model/kube.ts';

export { isNamespaceName } from '../common/namespace.ts';

/** Sorted, without duplicates: two filters that mean the same compare equal. */
export function normalizeNamespaces(namespaces: readonly string[]): string[] {
  return [...new Set(namespaces)].sort();
}

function namespaceOf(object: KubeObject): unknown {
  const metadata = object.metadata;
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  return (metadata as Record<string, unknown>).namespace;
}

/**
 * Keeps the namespaced objects (pods, claims) of the given namespaces. Nodes,
 * persistent volumes and the namespace list stay whole: nodes frame the view,
 * PVs are cluster-scoped, and the full namespace list lets the user widen the
 * filter again.
 */
export function filterByNamespace(objects: ClusterObjects, namespaces: readonly string[]): ClusterObjects {
  if (namespaces.length === 0) return objects;
  const wanted = new Set(namespaces);
  const keep = (list: KubeObject[] | undefined) =>
    list?.filter((object) => {
      const ns = namespaceOf(object);
      return typeof ns === 'string' && wanted.has(ns);
    });
  return {
    ...objects,
    pods: keep(objects.pods),
    persistentVolumeClaims: keep(objects.persistentVolumeClaims),
  };
}

/** Whether filterByNamespace keeps this object of `list`: always for the lists it leaves whole. */
export function keptByNamespace(list: keyof ClusterObjects, object: KubeObject, namespaces: readonly string[]): boolean {
  if (namespaces.length === 0 || (list !== 'pods' && list !== 'persistentVolumeClaims')) return true;
  const ns = typeof object === 'object' && object !== null ? namespaceOf(object) : undefined;
  return typeof ns === 'string' && namespaces.includes(ns);
}

/** Whether filterByNamespace keeps every object: then the objects as they are make the view. */
export function keptWhole(objects: ClusterObjects, namespaces: readonly string[]): boolean {
  if (namespaces.length === 0) return true;
  const all = (list: 'pods' | 'persistentVolumeClaims') => (objects[list] ?? []).every((o) => keptByNamespace(list, o, namespaces));
  return all('pods') && all('persistentVolumeClaims');
}
