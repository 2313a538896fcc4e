// The recording format: JSON Lines, one complete JSON value a line, so a file
// cut short by a crash is still every line but its last.
//
//   {"kubeAnatomyRecording":1,"source":{…},"started":"2026-12-01T21:00:00.000Z","resources":[…],"checkpointMs":30000}
//   {"t":0,"n":0,"state":{"nodes":[…],"pods":[…],…,"unread":[],"gaps":[]}}     the first state
//   {"t":15,"d":{"type":"added","resource":"pods","object":{…}}}               a change (ObjectDelta or GapsDelta)
//   {"t":16,"p":{"type":"modified","resource":"pods","key":"…","patch":{…}}}  a change to an object held: the
//                                                                             ObjectDelta whose object is the
//                                                                             held one with a JSON merge patch
//   {"t":30012,"n":18211,"state":{…}}                                          a checkpoint: the state after n changes
//   {"t":600000,"end":true}                                                    a clean end
//
// Version 2 adds the cluster's events (issue 12), when the header says
// "events":true: they are kept apart from the model's objects, as the live
// app keeps them (main/cluster/event-store.ts), so their lines are apart too:
//
//   {"t":0,"en":0,"events":[{…},…]}                   the events held, after the state line it follows;
//                                                      en: the event changes before it
//   {"t":15,"e":{"type":"added","object":{…}}}         an event change (added, modified or deleted; a deleted
//                                                      one carries only its metadata's uid, namespace, name)
//
// Event changes are not counted in a state line's "n" (the timeline steps
// through the model's changes); an events line follows every state line.
// Version 1 files (no events) open as they did.
//
// `t` is milliseconds since `started`, never decreasing. A state line holds
// every object the model is built from, as the store holds them after the
// first n changes, so seeking is the nearest state at or before a time plus
// the changes after it. Objects are stored scrubbed (scrubObject): without
// metadata.managedFields, without the last-applied annotation, and with env
// values dropped (names kept), none of which the model reads.
//
// A change to an object the recording already holds (modified, deleted) is
// most often a few fields of its status: it is written as a JSON merge patch
// (RFC 7386) against the object as held, keyed as the model's store keys it
// (objectKey), which makes a change a few hundred bytes instead of the whole
// object. The reader applies the patch to the object it holds at that point,
// which is the writer's by construction: both apply the same lines in order.
// Arrays of the same length are patched item by item ({"$items":{"2":…}}, an
// extension: a status rewrites its conditions and containerStatuses whole
// each time, and most of each is what it was). A change that would patch in
// a null (which a merge patch cannot say) is written whole. A change that changes nothing in the store (the same
// resourceVersion again, the delete of an object not held) is not written.

import { OBJECT_LISTS, type Delta, type ObjectList } from '../model/delta.ts';
import type { KubeObject } from '../model/kube.ts';
import { GAP_REASONS, type AccessGap, type ModelSource } from '../model/types.ts';

export const RECORDING_VERSION = 2;
/** Versions this one reads. */
export const READABLE_VERSIONS: readonly number[] = [1, 2];

/** The file name endings the app and the CLI take as a recording. */
export const RECORDING_EXTENSIONS = ['.karec', '.jsonl'] as const;

export interface RecordingHeader {
  kubeAnatomyRecording: 1 | 2;
  /** The recording carries the cluster's events (version 2). */
  events?: boolean;
  source: ModelSource;
  /** When t = 0 is (RFC 3339). */
  started: string;
  /** The lists a state line holds. */
  resources: ObjectList[];
  /** Longest time between two state lines. */
  checkpointMs: number;
}

/** Every object of a store, and what could not be read: a state line's `state`. */
export interface RecordedState {
  nodes: KubeObject[];
  pods: KubeObject[];
  persistentVolumeClaims: KubeObject[];
  persistentVolumes: KubeObject[];
  namespaces: KubeObject[];
  unread: ObjectList[];
  gaps: AccessGap[];
}

/** A change to an object held, as a merge patch of it (see above). */
export interface PatchedChange {
  type: 'modified' | 'deleted';
  resource: ObjectList;
  key: string;
  patch: Record<string, unknown>;
}

/** A change to the events held. */
export interface EventChange {
  type: 'added' | 'modified' | 'deleted';
  object: KubeObject;
}

export type RecordingLine =
  | { t: number; n: number; state: RecordedState }
  | { t: number; en: number; events: KubeObject[] }
  | { t: number; e: EventChange }
  | { t: number; d: Delta }
  | { t: number; p: PatchedChange }
  | { t: number; end: true };

/**
 * The JSON merge patch that turns `before` into `after`: only what differs,
 * null for a field gone, arrays whole. Undefined when a patch cannot say it
 * (`after` sets a null, which a patch would read as "remove").
 */
export function mergePatch(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, unknown> | undefined {
  const patch: Record<string, unknown> = {};
  for (const key of Object.keys(before)) if (!Object.hasOwn(after, key)) put(patch, key, null);
  for (const key of Object.keys(after)) {
    const a = after[key];
    const b = Object.hasOwn(before, key) ? before[key] : undefined;
    if (a === b) continue;
    if (a === null) return undefined;
    if (isPlain(a) && isPlain(b)) {
      const inner = mergePatch(b, a);
      if (inner === undefined) return undefined;
      if (Object.keys(inner).length > 0) put(patch, key, inner);
      continue;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      const items = arrayPatch(b, a);
      if (items === undefined) return undefined;
      if (items !== SAME) put(patch, key, { [ARRAY]: items });
      continue;
    }
    if (a !== undefined && b !== undefined && typeof a === 'object' && JSON.stringify(a) === JSON.stringify(b)) continue;
    // A plain object in place of an array that looks like an array's patch would be read as one.
    if (containsNull(a) || (Array.isArray(b) && isPlain(a) && ARRAY in a)) return undefined;
    put(patch, key, a);
  }
  return patch;
}

/**
 * Sets an own property, whatever its name: a key "__proto__" (JSON.parse makes
 * one from the file, or a cluster's object holds one) must stay data, not
 * change the prototype of the object it is put on.
 */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * An extension of RFC 7386 for the arrays a status rewrites (conditions,
 * containerStatuses): an array of the same length as before is patched item
 * by item, `{"$items": {"2": patch}}`, instead of sent whole.
 */
const ARRAY = '$items';
const SAME = Symbol('same');

function arrayPatch(before: unknown[], after: unknown[]): Record<string, unknown> | typeof SAME | undefined {
  const items: Record<string, unknown> = {};
  let changed = false;
  for (let i = 0; i < after.length; i++) {
    const a = after[i];
    const b = before[i];
    if (a === b) continue;
    if (isPlain(a) && isPlain(b)) {
      const inner = mergePatch(b, a);
      if (inner === undefined) return undefined;
      if (Object.keys(inner).length === 0) continue;
      items[i] = inner;
    } else {
      if (typeof a === 'object' && a !== null && JSON.stringify(a) === JSON.stringify(b)) continue;
      // A plain item in place of another value is merged into nothing: its nulls would be dropped.
      if (a === null || containsNull(a)) return undefined;
      items[i] = a;
    }
    changed = true;
  }
  return changed ? items : SAME;
}

/** `target` with `patch` merged in (RFC 7386); neither is changed. */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isPlain(patch)) return patch;
  const out: Record<string, unknown> = isPlain(target) ? { ...target } : {};
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    const own = Object.hasOwn(out, key) ? out[key] : undefined;
    if (value === null) delete out[key];
    else if (Array.isArray(own) && isPlain(value) && isPlain(value[ARRAY])) put(out, key, applyArrayPatch(own, value[ARRAY]));
    else put(out, key, applyMergePatch(own, value));
  }
  return out;
}

function applyArrayPatch(target: unknown[], items: Record<string, unknown>): unknown[] {
  const out = [...target];
  for (const key of Object.keys(items)) {
    const i = Number(key);
    // Only items the array has: a hostile index must not grow it.
    if (Number.isInteger(i) && i >= 0 && i < out.length) out[i] = applyMergePatch(out[i], items[key]);
  }
  return out;
}

/** A null that applying the patch would read as "remove": in an object, not inside an array (arrays are taken whole). */
function containsNull(v: unknown): boolean {
  return v === null || (isPlain(v) && Object.values(v).some(containsNull));
}

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * An object as a recording keeps it: what the model reads and what identifies
 * it (uid, resourceVersion) stay; managedFields (most of an object's bytes),
 * kubectl's last-applied copy of the spec (which holds env values) and the
 * value of each env variable go. The object given is not changed: only the
 * parts on the way to what is dropped are copied.
 */
export function scrubObject(object: KubeObject): KubeObject {
  if (!isPlain(object)) return object;
  let out: Record<string, unknown> = object;
  const meta = object.metadata;
  if (isPlain(meta) && ('managedFields' in meta || (isPlain(meta.annotations) && LAST_APPLIED in meta.annotations))) {
    const m: Record<string, unknown> = { ...meta };
    delete m.managedFields;
    if (isPlain(meta.annotations) && LAST_APPLIED in meta.annotations) {
      const a = { ...meta.annotations };
      delete a[LAST_APPLIED];
      m.annotations = a;
    }
    out = { ...out, metadata: m };
  }
  const spec = object.spec;
  if (isPlain(spec)) {
    let changed = false;
    const s: Record<string, unknown> = { ...spec };
    for (const field of ['containers', 'initContainers', 'ephemeralContainers']) {
      const list = spec[field];
      if (!Array.isArray(list) || !list.some((c) => isPlain(c) && Array.isArray(c.env))) continue;
      changed = true;
      s[field] = list.map((c) => (isPlain(c) && Array.isArray(c.env) ? { ...c, env: c.env.map(envName) } : c));
    }
    if (changed) out = { ...out, spec: s };
  }
  return out as KubeObject;
}

function envName(entry: unknown): unknown {
  return isPlain(entry) ? { name: entry.name } : {};
}

export function scrubDelta(delta: Delta): Delta {
  return delta.type === 'gaps' ? delta : { ...delta, object: scrubObject(delta.object) };
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Checks a parsed line's shape; the reason it is not a line of a recording,
 * or undefined. Objects themselves are not checked further: the model reads
 * any value without throwing, as it does a snapshot's.
 */
export function lineProblem(value: unknown): string | undefined {
  if (!isPlain(value)) return 'a line must be a JSON object';
  const t = value.t;
  if (typeof t !== 'number' || !Number.isFinite(t) || t < 0) return '"t" must be a number of milliseconds, 0 or more';
  if ('e' in value) return eventChangeProblem(value.e);
  if ('events' in value) {
    const en = value.en;
    if (typeof en !== 'number' || !Number.isSafeInteger(en) || en < 0) return 'an events line needs "en", the number of event changes before it';
    if (!Array.isArray(value.events) || !value.events.every(isPlain)) return '"events" must be a list of objects';
    return undefined;
  }
  if ('d' in value) return deltaProblem(value.d);
  if ('p' in value) return patchProblem(value.p);
  if ('state' in value) {
    const n = value.n;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return 'a state line needs "n", the number of changes before it';
    return stateProblem(value.state);
  }
  if (value.end === true) return undefined;
  return 'a line must hold a change ("d", "p" or "e"), a state ("state" or "events") or the end ("end")';
}

function eventChangeProblem(e: unknown): string | undefined {
  if (!isPlain(e)) return '"e" must be an object';
  if (e.type !== 'added' && e.type !== 'modified' && e.type !== 'deleted') return '"e.type" must be added, modified or deleted';
  if (!isPlain(e.object)) return '"e.object" must be an object';
  return undefined;
}

/**
 * The key an event is held under: its uid, or namespace/name without one,
 * as the event store files it (main/model/events.ts normalizeEvent's id).
 */
export function eventKey(object: KubeObject): string {
  const meta = isPlain(object.metadata) ? object.metadata : {};
  const uid = typeof meta.uid === 'string' ? meta.uid : '';
  return uid !== '' ? uid : `${typeof meta.namespace === 'string' ? meta.namespace : ''}/${typeof meta.name === 'string' ? meta.name : ''}`;
}

/** What a deleted event's line keeps of it: enough to say which it was. */
export function eventStub(object: KubeObject): KubeObject {
  const meta = isPlain(object.metadata) ? object.metadata : {};
  const m: Record<string, unknown> = {};
  for (const field of ['uid', 'namespace', 'name']) if (typeof meta[field] === 'string') m[field] = meta[field];
  return { metadata: m } as KubeObject;
}

function deltaProblem(d: unknown): string | undefined {
  if (!isPlain(d)) return '"d" must be an object';
  if (d.type === 'gaps') return gapsProblem(d.gaps, d.unread, '"d"');
  if (d.type !== 'added' && d.type !== 'modified' && d.type !== 'deleted') return '"d.type" must be added, modified, deleted or gaps';
  if (typeof d.resource !== 'string' || !(OBJECT_LISTS as readonly string[]).includes(d.resource)) return `"d.resource" must be one of ${OBJECT_LISTS.join(', ')}`;
  if (!isPlain(d.object)) return '"d.object" must be an object';
  return undefined;
}

function patchProblem(p: unknown): string | undefined {
  if (!isPlain(p)) return '"p" must be an object';
  if (p.type !== 'modified' && p.type !== 'deleted') return '"p.type" must be modified or deleted';
  if (typeof p.resource !== 'string' || !(OBJECT_LISTS as readonly string[]).includes(p.resource)) return `"p.resource" must be one of ${OBJECT_LISTS.join(', ')}`;
  if (typeof p.key !== 'string') return '"p.key" must be a string';
  if (!isPlain(p.patch)) return '"p.patch" must be an object';
  return undefined;
}

function stateProblem(state: unknown): string | undefined {
  if (!isPlain(state)) return '"state" must be an object';
  for (const list of OBJECT_LISTS) {
    const items = state[list];
    if (!Array.isArray(items)) return `"state.${list}" must be a list`;
    if (!items.every(isPlain)) return `"state.${list}" must hold objects`;
  }
  return gapsProblem(state.gaps, state.unread, '"state"');
}

function gapsProblem(gaps: unknown, unread: unknown, where: string): string | undefined {
  if (!Array.isArray(unread) || !unread.every((l) => (OBJECT_LISTS as readonly unknown[]).includes(l))) return `${where}'s "unread" must list some of ${OBJECT_LISTS.join(', ')}`;
  if (!Array.isArray(gaps)) return `${where}'s "gaps" must be a list`;
  for (const g of gaps) {
    if (!isPlain(g) || typeof g.resource !== 'string' || typeof g.message !== 'string' || !(GAP_REASONS as readonly unknown[]).includes(g.reason)) {
      return `${where}'s "gaps" must hold {resource, reason, message}`;
    }
  }
  return undefined;
}

export function headerProblem(value: unknown): string | undefined {
  if (!isPlain(value) || !('kubeAnatomyRecording' in value)) return 'not a Kube Anatomy recording: the first line must be its header ({"kubeAnatomyRecording":1,…})';
  if (!READABLE_VERSIONS.includes(value.kubeAnatomyRecording as number)) return `recording format ${String(value.kubeAnatomyRecording).slice(0, 20)} is not one this version reads (${READABLE_VERSIONS.join(', ')})`;
  if ('events' in value && typeof value.events !== 'boolean') return 'the header\'s "events" must be true or false';
  const s = value.source;
  if (!isPlain(s) || typeof s.name !== 'string' || typeof s.kind !== 'string' || !Array.isArray(s.namespaces)) return 'the header\'s "source" must be {kind, name, namespaces}';
  if (typeof value.started !== 'string' || Number.isNaN(Date.parse(value.started))) return 'the header\'s "started" must be a time (RFC 3339)';
  return undefined;
}
