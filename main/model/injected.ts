// Volumes Kubernetes adds to a pod by itself: the service account token volume
// (kube-api-access-<suffix>, a projected volume of the token, the cluster's CA
// and the namespace) that the admission controller puts into nearly every pod
// and mounts into every container. They say little about the pod and, mounted
// by all its containers, look like the sharing a lesson is about; the view
// collapses them (renderer/layout) and the lenses leave them out (renderer/teach).

import type { VolumeModel } from './types.ts';

const INJECTED_PREFIX = 'kube-api-access-';

export function isInjectedVolume(v: Pick<VolumeModel, 'name' | 'type'>): boolean {
  return v.type === 'projected' && typeof v.name === 'string' && v.name.startsWith(INJECTED_PREFIX);
}
