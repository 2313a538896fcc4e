// PersistentVolumeClaims and the PersistentVolumes bound to them, looked up by
// the claim a pod volume names. A claim we cannot see (deleted, or the list was
// forbidden) is still shown by name with found: false.

import { arr, obj, record, strings, text } from './read.ts';
import type { Obj } from './read.ts';
import type { ClaimModel, PersistentVolumeModel } from './types.ts';

// PersistentVolumeSpec fields that are not the volume's source.
const PV_NON_SOURCE = new Set([
  'accessModes',
  'capacity',
  'claimRef',
  'mountOptions',
  'nodeAffinity',
  'persistentVolumeReclaimPolicy',
  'storageClassName',
  'volumeMode',
  'volumeAttributesClassName',
]);

/** Only lookups: the incremental model (apply.ts) resolves claims from its own persistent maps. */
export interface Lookup<V> {
  get(key: string): V | undefined;
}

export interface ClaimIndex {
  claims: Lookup<Obj>;
  volumes: Lookup<Obj>;
}

export function claimKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function uidOf(o: Obj): string {
  return text(obj(o.metadata)?.uid) ?? '';
}

/** Of two objects under one key (hostile input), whether `o` wins over `existing`: the smaller uid, whatever the order. */
export function preferredClaimObject(o: Obj, existing: Obj | undefined): boolean {
  return !existing || uidOf(o) < uidOf(existing);
}

/** Where a PVC is looked up: namespace/name, undefined for an object with no name. */
export function pvcIndexKey(item: unknown): string | undefined {
  const meta = obj(obj(item)?.metadata);
  const name = meta && text(meta.name);
  return meta && name !== undefined ? claimKey(text(meta.namespace) ?? 'default', name) : undefined;
}

/** Where a PV is looked up: its name. */
export function pvIndexKey(item: unknown): string | undefined {
  return text(obj(obj(item)?.metadata)?.name);
}

function keep(map: Map<string, Obj>, key: string, o: Obj): void {
  if (preferredClaimObject(o, map.get(key))) map.set(key, o);
}

/** Indexes PVCs by namespace/name and PVs by name. */
export function indexClaims(pvcs: unknown[] | undefined, pvs: unknown[] | undefined): ClaimIndex {
  const claims = new Map<string, Obj>();
  for (const item of pvcs ?? []) {
    const o = obj(item);
    const key = pvcIndexKey(o);
    if (o && key !== undefined) keep(claims, key, o);
  }
  const volumes = new Map<string, Obj>();
  for (const item of pvs ?? []) {
    const o = obj(item);
    const name = pvIndexKey(o);
    if (o && name !== undefined) keep(volumes, name, o);
  }
  return { claims, volumes };
}

function pvSource(spec: Obj): { sourceType: string; detail: string } {
  const key = Object.keys(spec).find((k) => !PV_NON_SOURCE.has(k) && obj(spec[k]) !== undefined);
  if (key === undefined) return { sourceType: 'unknown', detail: '' };
  const source = obj(spec[key]) ?? {};
  const sourceType = key.slice(0, 64);
  switch (key) {
    case 'hostPath':
    case 'local':
      return { sourceType, detail: text(source.path) ?? '' };
    case 'nfs':
      return { sourceType, detail: `${text(source.server) ?? '?'}:${text(source.path) ?? '?'}` };
    case 'csi':
      return { sourceType, detail: `${text(source.driver) ?? '?'} ${text(source.volumeHandle) ?? ''}`.trimEnd() };
    default:
      return { sourceType, detail: sourceType };
  }
}

function readPersistentVolume(name: string, pv: Obj): PersistentVolumeModel {
  const spec = obj(pv.spec) ?? {};
  const status = obj(pv.status) ?? {};
  const { sourceType, detail } = pvSource(spec);
  const model: PersistentVolumeModel = { name, accessModes: strings(spec.accessModes, 64), sourceType, detail };
  const phase = text(status.phase);
  const capacity = record(spec.capacity).storage;
  const storageClassName = text(spec.storageClassName);
  const reclaimPolicy = text(spec.persistentVolumeReclaimPolicy);
  if (phase !== undefined) model.phase = phase;
  if (capacity !== undefined) model.capacity = capacity;
  if (storageClassName !== undefined) model.storageClassName = storageClassName;
  if (reclaimPolicy !== undefined) model.reclaimPolicy = reclaimPolicy;
  return model;
}

export function resolveClaim(index: ClaimIndex, namespace: string, name: string): ClaimModel {
  const pvc = index.claims.get(claimKey(namespace, name));
  if (!pvc) return { name, namespace, found: false, accessModes: [] };
  const spec = obj(pvc.spec) ?? {};
  const status = obj(pvc.status) ?? {};
  // status.accessModes is what the bound volume grants; before binding only the request is known.
  const accessModes = strings(arr(status.accessModes).length > 0 ? status.accessModes : spec.accessModes, 64);
  const claim: ClaimModel = { name, namespace, found: true, accessModes };
  const phase = text(status.phase);
  const storageClassName = text(spec.storageClassName);
  const requested = record(obj(spec.resources)?.requests).storage;
  const capacity = record(status.capacity).storage;
  const volumeName = text(spec.volumeName);
  if (phase !== undefined) claim.phase = phase;
  if (storageClassName !== undefined) claim.storageClassName = storageClassName;
  if (requested !== undefined) claim.requested = requested;
  if (capacity !== undefined) claim.capacity = capacity;
  if (volumeName !== undefined) {
    claim.volumeName = volumeName;
    const pv = index.volumes.get(volumeName);
    if (pv) claim.pv = readPersistentVolume(volumeName, pv);
  }
  return claim;
}
