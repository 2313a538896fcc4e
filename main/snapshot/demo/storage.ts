// PersistentVolumeClaims and the PersistentVolumes bound to them: kind's
// local-path provisioner (a hostPath on one node) and a statically provisioned
// NFS export that several pods can mount at once.

import type { KubeObject } from '../../model/kube.ts';
import { later } from './ids.ts';
import type { Ids } from './ids.ts';

export interface BoundClaim {
  claim: KubeObject;
  volume: KubeObject;
}

interface ClaimInput {
  namespace: string;
  name: string;
  size: string;
  createdAt: string;
  labels?: Record<string, string>;
}

/** A claim dynamically provisioned by kind's default StorageClass ("standard", rancher.io/local-path). */
export function localPathClaim(input: ClaimInput & { node: string }, ids: Ids): BoundClaim {
  const claimUid = ids.uid(`pvc/${input.namespace}/${input.name}`);
  const pvName = `pvc-${claimUid}`;
  const provisioner = 'rancher.io/local-path';
  const claim = claimObject(input, claimUid, pvName, ['ReadWriteOnce'], 'standard', ids, {
    'pv.kubernetes.io/bind-completed': 'yes',
    'pv.kubernetes.io/bound-by-controller': 'yes',
    'volume.beta.kubernetes.io/storage-provisioner': provisioner,
    'volume.kubernetes.io/selected-node': input.node,
    'volume.kubernetes.io/storage-provisioner': provisioner,
  });
  const volume = volumeObject(input, claimUid, pvName, ['ReadWriteOnce'], 'standard', 'Delete', ids, {
    annotations: { 'local.path.provisioner/selected-node': input.node, 'pv.kubernetes.io/provisioned-by': provisioner },
    source: {
      hostPath: { path: `/var/local-path-provisioner/${pvName}_${input.namespace}_${input.name}`, type: 'DirectoryOrCreate' },
      nodeAffinity: {
        required: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [input.node] }] }],
        },
      },
    },
  });
  return { claim, volume };
}

/** A ReadWriteMany claim bound to a pre-created NFS volume. */
export function nfsClaim(input: ClaimInput & { volumeName: string; server: string; path: string }, ids: Ids): BoundClaim {
  const claimUid = ids.uid(`pvc/${input.namespace}/${input.name}`);
  const claim = claimObject(input, claimUid, input.volumeName, ['ReadWriteMany'], 'nfs', ids, {
    'pv.kubernetes.io/bind-completed': 'yes',
  });
  const volume = volumeObject(input, claimUid, input.volumeName, ['ReadWriteMany'], 'nfs', 'Retain', ids, {
    annotations: { 'pv.kubernetes.io/bound-by-controller': 'yes' },
    source: { mountOptions: ['nfsvers=4.1'], nfs: { path: input.path, server: input.server } },
  });
  return { claim, volume };
}

function claimObject(
  input: ClaimInput,
  uid: string,
  volumeName: string,
  accessModes: string[],
  storageClassName: string,
  ids: Ids,
  annotations: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: {
      annotations,
      creationTimestamp: input.createdAt,
      finalizers: ['kubernetes.io/pvc-protection'],
      ...(input.labels ? { labels: input.labels } : {}),
      name: input.name,
      namespace: input.namespace,
      resourceVersion: ids.resourceVersion(`pvc/${input.namespace}/${input.name}`),
      uid,
    },
    spec: {
      accessModes,
      resources: { requests: { storage: input.size } },
      storageClassName,
      volumeMode: 'Filesystem',
      volumeName,
    },
    status: { accessModes, capacity: { storage: input.size }, phase: 'Bound' },
  };
}

function volumeObject(
  input: ClaimInput,
  claimUid: string,
  name: string,
  accessModes: string[],
  storageClassName: string,
  reclaimPolicy: string,
  ids: Ids,
  extra: { annotations: Record<string, string>; source: Record<string, unknown> },
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: {
      annotations: extra.annotations,
      creationTimestamp: later(input.createdAt, 4),
      finalizers: ['kubernetes.io/pv-protection'],
      name,
      resourceVersion: ids.resourceVersion(`pv/${name}`),
      uid: ids.uid(`pv/${name}`),
    },
    spec: {
      accessModes,
      capacity: { storage: input.size },
      claimRef: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        name: input.name,
        namespace: input.namespace,
        resourceVersion: ids.resourceVersion(`pvc/${input.namespace}/${input.name}`),
        uid: claimUid,
      },
      persistentVolumeReclaimPolicy: reclaimPolicy,
      storageClassName,
      volumeMode: 'Filesystem',
      ...extra.source,
    },
    status: { lastPhaseTransitionTime: later(input.createdAt, 5), phase: 'Bound' },
  };
}
