// A Namespace as the API server returns it, with the name label it adds itself.

import type { KubeObject } from '../../model/kube.ts';
import type { Ids } from './ids.ts';

export function namespaceObject(name: string, createdAt: string, ids: Ids): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      creationTimestamp: createdAt,
      labels: { 'kubernetes.io/metadata.name': name },
      name,
      resourceVersion: ids.resourceVersion(`namespace/${name}`),
      uid: ids.uid(`namespace/${name}`),
    },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}
