// Callouts: numbered notes pinned to objects of the picture (issue 11, item 4).
// Pure data and functions, so the snapshot reader, the session's request check,
// the page and the export all read and resolve them the same way.
//
// A callout is pinned by uid (the live object) and remembers the object's key
// (its namespace/name path) too: a StatefulSet's pod comes back under the same
// name with a new uid and is found again by key. When neither finds the object
// (a rollout replaced the pod), the callout stays, marked detached, until it is
// pinned again or left free at a position. Numbers are given once and never
// change: deleting note 2 leaves 1 and 3.
//
// Everything here that comes from a file or a page is untrusted: read with
// limits (count, text length), the text made printable, and only ever put into
// a page or an SVG as text.

import { claimKey } from './claim.ts';
import { podKey } from './pod.ts';
import type { AnatomyModel, PodModel, VolumeModel } from './types.ts';

export type CalloutKind = 'node' | 'pod' | 'container' | 'volume' | 'claim';
export const CALLOUT_KINDS: readonly CalloutKind[] = ['node', 'pod', 'container', 'volume', 'claim'];

export interface CalloutTarget {
  kind: CalloutKind;
  /** The object's uid when it was pinned (a claim has none in the model: its key names it). */
  uid?: string;
  /** node: name; pod: ns/name; container and volume: ns/pod/name; claim: ns/name. */
  key: string;
}

export interface CalloutPoint {
  x: number;
  y: number;
}

export interface Callout {
  /** Its number, 1 or more, given once. */
  n: number;
  /** What it is pinned to; absent for a free note, which has `at`. */
  target?: CalloutTarget;
  text: string;
  /** Its object was not found in the model it was last resolved against. */
  detached?: true;
  /** Where a free or detached note stands, in the picture's (layout) coordinates. */
  at?: CalloutPoint;
}

/** At most this many callouts are read from a file or a request. */
export const MAX_CALLOUTS = 200;
/** A callout's text is cut to this many characters. */
export const MAX_CALLOUT_TEXT = 500;
/** Keys and uids longer than this are no Kubernetes names (253 + 63 + 63 and slashes). */
const MAX_KEY = 400;
const MAX_UID = 256;
const MAX_COORD = 10_000_000;

// C0 and C1 controls (a line break included: a note is one line) and the bidi
// embeddings, overrides and isolates, which would make a note read differently.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const HAS_UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** A note's text as kept: printable, one line, trimmed, at most MAX_CALLOUT_TEXT characters. */
export function calloutText(value: string): string {
  return value.replace(UNPRINTABLE, ' ').trim().slice(0, MAX_CALLOUT_TEXT);
}

export interface CalloutRead {
  callouts: Callout[];
  /** What was wrong with each entry dropped or cut, with its index: for a request check to refuse it. */
  problems: string[];
}

/**
 * Reads callouts from untrusted JSON (a snapshot's x-kube-anatomy, a page's
 * request). Never throws: a malformed entry is dropped and named in
 * `problems`, as are entries past MAX_CALLOUTS and a repeated number.
 */
export function readCallouts(value: unknown): CalloutRead {
  const problems: string[] = [];
  const callouts: Callout[] = [];
  if (!Array.isArray(value)) {
    if (value !== undefined) problems.push('callouts must be an array');
    return { callouts, problems };
  }
  if (value.length > MAX_CALLOUTS) problems.push(`more than ${MAX_CALLOUTS} callouts (${value.length}); the rest were dropped`);
  const seen = new Set<number>();
  value.slice(0, MAX_CALLOUTS).forEach((entry, i) => {
    const where = `callouts[${i}]`;
    const read = readOne(entry, where, problems);
    if (!read) return;
    if (seen.has(read.n)) {
      problems.push(`${where}: number ${read.n} is used twice`);
      return;
    }
    seen.add(read.n);
    callouts.push(read);
  });
  callouts.sort((a, b) => a.n - b.n);
  return { callouts, problems };
}

function readOne(entry: unknown, where: string, problems: string[]): Callout | undefined {
  if (!isRecord(entry)) return void problems.push(`${where} is not an object`);
  const n = entry.n;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > 1_000_000) return void problems.push(`${where}: n must be a whole number from 1`);
  if (typeof entry.text !== 'string') return void problems.push(`${where}: text must be a string`);
  if (entry.text.length > MAX_CALLOUT_TEXT) problems.push(`${where}: text is longer than ${MAX_CALLOUT_TEXT} characters; it was cut`);
  const callout: Callout = { n, text: calloutText(entry.text) };
  if (entry.target !== undefined) {
    const target = readTarget(entry.target);
    if (!target) return void problems.push(`${where}: target must be {kind: ${CALLOUT_KINDS.join('|')}, key, uid?}`);
    callout.target = target;
  }
  if (entry.at !== undefined) {
    const at = readPoint(entry.at);
    if (!at) return void problems.push(`${where}: at must be {x, y} with finite numbers`);
    callout.at = at;
  }
  if (!callout.target && !callout.at) return void problems.push(`${where} has neither a target nor a position`);
  if (entry.detached === true && callout.target) callout.detached = true;
  return callout;
}

function readTarget(value: unknown): CalloutTarget | undefined {
  if (!isRecord(value)) return undefined;
  const kind = value.kind;
  if (typeof kind !== 'string' || !(CALLOUT_KINDS as readonly string[]).includes(kind)) return undefined;
  if (typeof value.key !== 'string' || value.key === '' || value.key.length > MAX_KEY || HAS_UNPRINTABLE.test(value.key)) return undefined;
  const target: CalloutTarget = { kind: kind as CalloutKind, key: value.key };
  if (value.uid !== undefined) {
    if (typeof value.uid !== 'string' || value.uid === '' || value.uid.length > MAX_UID) return undefined;
    target.uid = value.uid;
  }
  return target;
}

function readPoint(value: unknown): CalloutPoint | undefined {
  if (!isRecord(value)) return undefined;
  const { x, y } = value;
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_COORD;
  return ok(x) && ok(y) ? { x, y } : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * A saved snapshot's objects carry its notes beside the lists, and buildModel
 * keeps them in the model (AnatomyModel.callouts, absent when there are none),
 * which takes them to the page and the export. Not a field of ClusterObjects, whose
 * keys are its lists (and gaps) everywhere they are walked; spreads keep it.
 */
export type WithCallouts<T> = T & { callouts?: Callout[] };

// ---------------------------------------------------------------- objects by uid and key

/** What a callout can be pinned to, found in a model. `uid` is what the picture draws it as (a claim: its first volume). */
export interface CalloutObject {
  kind: CalloutKind;
  uid: string;
  key: string;
  /** The pod holding a container or volume (or a claim's first volume): drawn for it where the picture shows no such box. */
  within?: string;
}

/**
 * One group of pods indexed: a node's, or the unscheduled ones. Kept per group
 * object: a live patch makes a new model but keeps the node objects it did not
 * change, so only changed nodes are indexed again (a model-wide index was
 * 100–250 ms a patch at 5,000 pods, seconds at 100,000).
 */
interface PodGroup {
  byUid: Map<string, PodModel>;
  byKey: Map<string, PodModel>;
  /** namespace/claim → the first volume (in pod order) that mounts it, with its pod. */
  claims: Map<string, { pod: PodModel; volume: VolumeModel }>;
}

const GROUPS = new WeakMap<object, PodGroup>();

function groupOf(owner: object, pods: readonly PodModel[]): PodGroup {
  let group = GROUPS.get(owner);
  if (group) return group;
  group = { byUid: new Map(), byKey: new Map(), claims: new Map() };
  for (const pod of pods) {
    group.byUid.set(pod.uid, pod);
    const key = podKey(pod);
    if (!group.byKey.has(key)) group.byKey.set(key, pod);
    for (const v of pod.volumes ?? []) {
      const claim = v.claim ? claimKey(v.claim.namespace, v.claim.name) : undefined;
      if (claim !== undefined && !group.claims.has(claim)) group.claims.set(claim, { pod, volume: v });
    }
  }
  GROUPS.set(owner, group);
  return group;
}

const GROUP_LISTS = new WeakMap<AnatomyModel, PodGroup[]>();

/** The model's pod groups, in drawing order: each node's, then the unscheduled pods; listed once per model. */
function groupsOf(model: AnatomyModel): PodGroup[] {
  let list = GROUP_LISTS.get(model);
  if (list) return list;
  list = (model.nodes ?? []).map((node) => groupOf(node, node.pods ?? []));
  const unscheduled = model.unscheduled ?? [];
  list.push(groupOf(unscheduled, unscheduled));
  GROUP_LISTS.set(model, list);
  return list;
}

function podBy(model: AnatomyModel, uid: string | undefined, key: string | undefined): PodModel | undefined {
  for (const g of groupsOf(model)) {
    const pod = (uid !== undefined ? g.byUid.get(uid) : undefined) ?? (key !== undefined ? g.byKey.get(key) : undefined);
    if (pod) return pod;
  }
  return undefined;
}

/** ns/pod/name → [ns/pod, name]: namespaces and pod names have no slash. */
function splitKey(key: string): [string, string] | undefined {
  const first = key.indexOf('/');
  const second = first < 0 ? -1 : key.indexOf('/', first + 1);
  return second < 0 ? undefined : [key.slice(0, second), key.slice(second + 1)];
}

function find(model: AnatomyModel, kind: CalloutKind, by: 'uid' | 'key', value: string): CalloutObject | undefined {
  switch (kind) {
    case 'node': {
      const node = (model.nodes ?? []).find((n) => (by === 'uid' ? n.uid : n.name) === value);
      return node ? { kind, uid: node.uid, key: node.name } : undefined;
    }
    case 'pod': {
      const pod = by === 'uid' ? podBy(model, value, undefined) : podBy(model, undefined, value);
      return pod ? { kind, uid: pod.uid, key: podKey(pod) } : undefined;
    }
    case 'container':
    case 'volume': {
      // A container's or volume's uid begins with its pod's (model/types.ts: <pod uid>/…); its key with the pod's key.
      let pod: PodModel | undefined;
      let name: string | undefined;
      if (by === 'uid') {
        const slash = value.indexOf('/');
        pod = slash > 0 ? podBy(model, value.slice(0, slash), undefined) : undefined;
      } else {
        const split = splitKey(value);
        if (split) [pod, name] = [podBy(model, undefined, split[0]), split[1]];
      }
      if (!pod) return undefined;
      const list: readonly { uid: string; name: string }[] = (kind === 'container' ? pod.containers : pod.volumes) ?? [];
      const item = list.find((x) => (by === 'uid' ? x.uid === value : x.name === name));
      return item ? { kind, uid: item.uid, key: `${podKey(pod)}/${item.name}`, within: pod.uid } : undefined;
    }
    case 'claim': {
      if (by === 'uid') return undefined;
      for (const g of groupsOf(model)) {
        const first = g.claims.get(value);
        if (first) return { kind, uid: first.volume.uid, key: value, within: first.pod.uid };
      }
      return undefined;
    }
  }
}

/** The object of `kind` and `uid` in the model, with its key: what a new callout is pinned to. */
export function calloutObject(model: AnatomyModel, kind: Exclude<CalloutKind, 'claim'>, uid: string): CalloutObject | undefined {
  return find(model, kind, 'uid', uid);
}

// ---------------------------------------------------------------- resolving

export type CalloutState = 'pinned' | 'detached' | 'free';

export interface ResolvedCallout {
  /** The callout as it stands against this model: uid brought up to date when found by key, detached when not found. */
  callout: Callout;
  state: CalloutState;
  /** The object it is pinned to, when found. */
  object?: CalloutObject;
}

/**
 * Each callout against a model: by uid first, then by key, else detached.
 * A callout found again by key takes the new uid; one found again after being
 * detached is pinned again. Free notes stay free. Order and numbers are kept.
 */
export function resolveCallouts(callouts: readonly Callout[], model: AnatomyModel): ResolvedCallout[] {
  return callouts.map((c) => {
    const target = c.target;
    if (!target) return { callout: c, state: 'free' };
    const object = (target.uid !== undefined && target.kind !== 'claim' ? find(model, target.kind, 'uid', target.uid) : undefined) ?? find(model, target.kind, 'key', target.key);
    if (!object) return { callout: c.detached ? c : { ...c, detached: true }, state: 'detached' };
    const uid = target.kind === 'claim' ? undefined : object.uid;
    const same = !c.detached && target.uid === uid && target.key === object.key;
    if (same) return { callout: c, state: 'pinned', object };
    const { detached: _gone, ...rest } = c;
    const newTarget: CalloutTarget = { kind: target.kind, key: object.key };
    if (uid !== undefined) newTarget.uid = uid;
    return { callout: { ...rest, target: newTarget }, state: 'pinned', object };
  });
}

// ---------------------------------------------------------------- editing (each returns a new list)

/** The next free number: one more than the highest, so numbers are never given twice. */
export function nextCalloutNumber(callouts: readonly Callout[]): number {
  return callouts.reduce((m, c) => Math.max(m, c.n), 0) + 1;
}

export function addCallout(callouts: readonly Callout[], object: CalloutObject, text = ''): Callout[] {
  if (callouts.length >= MAX_CALLOUTS) return [...callouts];
  return [...callouts, { n: nextCalloutNumber(callouts), target: targetOf(object), text: calloutText(text) }];
}

export function editCallout(callouts: readonly Callout[], n: number, text: string): Callout[] {
  return callouts.map((c) => (c.n === n ? { ...c, text: calloutText(text) } : c));
}

export function removeCallout(callouts: readonly Callout[], n: number): Callout[] {
  return callouts.filter((c) => c.n !== n);
}

/** Pins callout n to another object: no longer detached, no position of its own. */
export function repinCallout(callouts: readonly Callout[], n: number, object: CalloutObject): Callout[] {
  return callouts.map((c) => (c.n === n ? { n: c.n, text: c.text, target: targetOf(object) } : c));
}

/** Leaves callout n free at a position: no object, not detached. */
export function freeCallout(callouts: readonly Callout[], n: number, at: CalloutPoint): Callout[] {
  return callouts.map((c) => (c.n === n ? { n: c.n, text: c.text, at: { x: at.x, y: at.y } } : c));
}

function targetOf(object: CalloutObject): CalloutTarget {
  return object.kind === 'claim' ? { kind: 'claim', key: object.key } : { kind: object.kind, uid: object.uid, key: object.key };
}

/**
 * A part of a model (select.ts, export --select) with the notes that belong
 * to it: those on objects the part holds, and those that were free or already
 * detached in the whole. A note on an object the part leaves out is no note of
 * that picture, and would otherwise be listed as detached.
 */
export function calloutsInPart(whole: AnatomyModel, part: AnatomyModel): AnatomyModel {
  if (!whole.callouts || whole.callouts.length === 0) return part;
  const kept = resolveCallouts(whole.callouts, whole)
    .filter((r) => r.state !== 'pinned' || (r.object !== undefined && find(part, r.object.kind, r.object.kind === 'claim' ? 'key' : 'uid', r.object.kind === 'claim' ? r.object.key : r.object.uid) !== undefined))
    .map((r) => r.callout);
  const { callouts: _all, ...rest } = part;
  return kept.length > 0 ? { ...rest, callouts: kept } : rest;
}
