// The recording format: JSON Lines, one complete JSON value a line, so a file
// cut short by a crash is still every line but its last.
//
//   {"kubeAnatomyRecording":1,"source":{…},"started":"2026-12-01T21:00:00.000Z","resources":[…],"checkpointMs":30000}
//   {"t":0,"n":0,"state":{"nodes":[…],"pods":[…],…,"unread":[],"gaps":[]}}     the first state
//   {"t":15,"d":{"type":"modified","resource":"pods","object":{…}}}            a change (ObjectDelta or GapsDelta)
//   {"t":30012,"n":18211,"state":{…}}                                          a checkpoint: the state after n changes
//   {"t":600000,"end":true}                                                    a clean end
//
// `t` is milliseconds since `started`, never decreasing. A state line holds
// every object the model is built from, as the store holds them after the
// first n changes, so seeking is the nearest state at or before a time plus
// the changes after it. Objects are stored scrubbed (scrubObject): without
// metadata.managedFields, without the last-applied annotation, and with env
// values dropped (names kept), none of which the model reads.

import { OBJECT_LISTS, type Delta, type ObjectList } from '../model/delta.ts';
import type { KubeObject } from '../model/kube.ts';
import type { AccessGap, ModelSource } from '../model/types.ts';

export const RECORDING_VERSION = 1;

/** The file name endings the app and the CLI take as a recording. */
export const RECORDING_EXTENSIONS = ['.karec', '.jsonl'] as const;

export interface RecordingHeader {
  kubeAnatomyRecording: typeof RECORDING_VERSION;
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

export type RecordingLine =
  | { t: number; n: number; state: RecordedState }
  | { t: number; d: Delta }
  | { t: number; end: true };

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
  if ('d' in value) return deltaProblem(value.d);
  if ('state' in value) {
    const n = value.n;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) return 'a state line needs "n", the number of changes before it';
    return stateProblem(value.state);
  }
  if (value.end === true) return undefined;
  return 'a line must hold a change ("d"), a state ("state") or the end ("end")';
}

function deltaProblem(d: unknown): string | undefined {
  if (!isPlain(d)) return '"d" must be an object';
  if (d.type === 'gaps') return gapsProblem(d.gaps, d.unread, '"d"');
  if (d.type !== 'added' && d.type !== 'modified' && d.type !== 'deleted') return '"d.type" must be added, modified, deleted or gaps';
  if (typeof d.resource !== 'string' || !(OBJECT_LISTS as readonly string[]).includes(d.resource)) return `"d.resource" must be one of ${OBJECT_LISTS.join(', ')}`;
  if (!isPlain(d.object)) return '"d.object" must be an object';
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
    if (!isPlain(g) || typeof g.resource !== 'string' || typeof g.message !== 'string' || !['forbidden', 'unavailable', 'duplicate'].includes(g.reason as string)) {
      return `${where}'s "gaps" must hold {resource, reason, message}`;
    }
  }
  return undefined;
}

export function headerProblem(value: unknown): string | undefined {
  if (!isPlain(value) || !('kubeAnatomyRecording' in value)) return 'not a Kube Anatomy recording: the first line must be its header ({"kubeAnatomyRecording":1,…})';
  if (value.kubeAnatomyRecording !== RECORDING_VERSION) return `recording format ${String(value.kubeAnatomyRecording).slice(0, 20)} is not one this version reads (${RECORDING_VERSION})`;
  const s = value.source;
  if (!isPlain(s) || typeof s.name !== 'string' || typeof s.kind !== 'string' || !Array.isArray(s.namespaces)) return 'the header\'s "source" must be {kind, name, namespaces}';
  if (typeof value.started !== 'string' || Number.isNaN(Date.parse(value.started))) return 'the header\'s "started" must be a time (RFC 3339)';
  return undefined;
}
