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
