// Deltas: the unit of change between a source of Kubernetes objects and the
// model. A reflector turns each watch event into one, and a relist (after a
// 410 Gone or a reconnect) into the difference between what it held and what
// the new list says. The model keeps its objects by the identity the builder
// gives them (objectKey), so a delta names exactly one entry to add, replace or
// drop, and the objects a sequence of deltas leaves behind are what
// buildModel is compared against.

import { podIdentity } from './pod.ts';
import { pvcIndexKey, pvIndexKey } from './claim.ts';
import { obj, text } from './read.ts';
import type { ClusterObjects, KubeObject } from './kube.ts';
import type { AccessGap } from './types.ts';

/** A list of ClusterObjects, named as there. */
export type ObjectList = Exclude<keyof ClusterObjects, 'gaps'>;

export const OBJECT_LISTS: readonly ObjectList[] = ['nodes', 'pods', 'persistentVolumeClaims', 'persistentVolumes', 'namespaces'];

/** One object came, changed or went. `object` is its state after the change (for deleted: its last state). */
export interface ObjectDelta {
  type: 'added' | 'modified' | 'deleted';
  resource: ObjectList;
  object: KubeObject;
}

/**
 * What the source could not read, now: `gaps` as ClusterObjects.gaps, and the
 * lists that could not be read at all (ClusterObjects leaves them undefined).
 * Objects a list still holds while it is unread are kept but not drawn, as the
 * full build of ClusterObjects without that list would do.
 */
export interface GapsDelta {
  type: 'gaps';
  gaps: AccessGap[];
  unread: ObjectList[];
}

export type Delta = ObjectDelta | GapsDelta;

/**
 * The identity of an object in the model's store: its uid, or, for an object
 * without one, the uid the builder makes up for it. Two objects the builder
 * would treat as one (same uid) share a key, so the store never holds a pair
 * the builder would have to break a tie between by input order. Undefined for
 * an object the builder skips (no name).
 */
export function objectKey(resource: ObjectList, object: unknown): string | undefined {
  if (resource === 'pods') return podIdentity(object)?.uid;
  const meta = obj(obj(object)?.metadata);
  const name = meta && text(meta.name);
  if (!meta || name === undefined) return undefined;
  const uid = text(meta.uid);
  switch (resource) {
    case 'nodes':
      // readNode's fallback uid.
      return uid ?? `node:${name}`;
    case 'persistentVolumeClaims':
      // The claim index ranks a missing uid as '', below any real one: one entry per claim for all of them.
      return uid ?? `pvc:${pvcIndexKey(object)}`;
    case 'persistentVolumes':
      return uid ?? `pv:${pvIndexKey(object)}`;
    case 'namespaces':
      return uid ?? `namespace:${name}`;
  }
}

/** metadata.resourceVersion, when there is one. Opaque: only ever compared for equality. */
export function resourceVersionOf(object: unknown): string | undefined {
  return text(obj(obj(object)?.metadata)?.resourceVersion);
}

/**
 * Whether two states of one object are the same version. Kubernetes gives a
 * new resourceVersion to every change, and says nothing about their order; so
 * an equal one means nothing changed, and an unequal one only that something did.
 */
export function sameVersion(a: unknown, b: unknown): boolean {
  const rv = resourceVersionOf(a);
  return rv !== undefined && rv === resourceVersionOf(b);
}

/**
 * What a relist found: deleted for what is gone, added for what is new,
 * modified for what has another resourceVersion; nothing for the rest. Keyed
 * by objectKey, so a name reused by a new object (a new uid) is a delete and
 * an add. Of two items with one key in `after` the later counts, as a store
 * fed the list one by one would keep it.
 */
export function relistDeltas(resource: ObjectList, before: Iterable<KubeObject>, after: Iterable<KubeObject>): ObjectDelta[] {
  const old = new Map<string, KubeObject>();
  for (const o of before) {
    const key = objectKey(resource, o);
    if (key !== undefined) old.set(key, o);
  }
  const now = new Map<string, KubeObject>();
  for (const o of after) {
    const key = objectKey(resource, o);
    if (key !== undefined) now.set(key, o);
  }
  const deltas: ObjectDelta[] = [];
  for (const [key, o] of old) if (!now.has(key)) deltas.push({ type: 'deleted', resource, object: o });
  for (const [key, o] of now) {
    const was = old.get(key);
    if (was === undefined) deltas.push({ type: 'added', resource, object: o });
    else if (!sameVersion(was, o)) deltas.push({ type: 'modified', resource, object: o });
  }
  return deltas;
}
