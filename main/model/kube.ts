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

type ListField = Exclude<keyof ClusterObjects, 'gaps'>;

/**
 * ClusterObjects whose lists are made when first read, each once: a source
 * that hands over its objects after every change (a live cluster's, many
 * times a second) then copies its stores only when a consumer reads them.
 * A list given no maker is undefined (not read), as in any ClusterObjects, and
 * so is one whose maker finds it can no longer be read; `in`, spreading and
 * JSON see the same fields as a plain object's.
 */
export function lazyObjects(gaps: AccessGap[], makers: Partial<Record<ListField, () => KubeObject[] | undefined>>): ClusterObjects {
  const objects: ClusterObjects = { gaps };
  for (const [list, make] of Object.entries(makers) as [ListField, () => KubeObject[] | undefined][]) {
    let made: { value: KubeObject[] | undefined } | undefined;
    Object.defineProperty(objects, list, {
      enumerable: true,
      configurable: true,
      get: () => (made ??= { value: make() }).value,
      set: (value: KubeObject[] | undefined) => {
        made = { value };
      },
    });
  }
  return objects;
}
