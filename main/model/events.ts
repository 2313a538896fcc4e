// Kubernetes events, read from either API into one shape: events.k8s.io/v1
// (regarding, note, series, deprecatedCount, reportingController) and core v1
// (involvedObject, message, count, source). Events are high churn and say
// nothing about the anatomy, so they never enter ClusterObjects or the model:
// they are kept in a store of their own (main/cluster/event-store.ts) keyed by
// the object they regard, and shown on demand in that object's details.
//
// Pure: no Node, no DOM. Every string here came from the cluster and is
// untrusted; the page shows it as text only.

import { num, obj, str, text } from './read.ts';
import type { KubeObject } from './kube.ts';

/** The object an event is about. */
export interface EventRegarding {
  kind: string;
  namespace?: string;
  name: string;
  uid?: string;
  /** e.g. `spec.containers{app}`: the part of the object it is about. */
  fieldPath?: string;
}

/** One event, whichever API it came from. */
export interface ClusterEvent {
  /** The event object's own uid (or namespace/name when it has none). */
  id: string;
  /** The event object's resourceVersion, to tell a changed event from the same one. */
  version: string;
  /** Normal or Warning (as the cluster said it). */
  type: string;
  reason: string;
  /** events.k8s.io's note, core's message. */
  note: string;
  /** How many times it happened: series.count, else deprecatedCount / count, else 1. */
  count: number;
  /** RFC 3339; undefined when the event carries no time at all. */
  first?: string;
  last?: string;
  /** Who reported it: controller/instance, or source component/host. */
  reporter: string;
  regarding: EventRegarding;
  api: 'events.k8s.io/v1' | 'v1';
}

/** What the details panel asks about: one object, and for a container its name within the pod. */
export interface EventTarget {
  kind: 'Node' | 'Pod' | 'PersistentVolumeClaim' | 'PersistentVolume';
  namespace?: string;
  name: string;
  uid?: string;
  /** Only the pod's events that are not about another container. */
  container?: string;
}

/** What events:get answers. */
export type EventsAnswer =
  /** `events` newest first. */
  | { state: 'ok'; events: ClusterEvent[] }
  /** The user may not list or watch events: `message` is the API server's. */
  | { state: 'forbidden'; message: string }
  /** The cluster serves no events API, or reading them keeps failing. */
  | { state: 'unavailable'; message: string }
  /** Still listing. */
  | { state: 'loading' }
  /** A snapshot or the demo without events. */
  | { state: 'none' };

/** Long notes are cut: the API server caps them at 1 KB, a hostile snapshot need not. */
const MAX_NOTE = 4096;

/**
 * One event of either API in the common shape, or undefined for something
 * that is not an event about a named object.
 */
export function normalizeEvent(raw: unknown): ClusterEvent | undefined {
  const o = obj(raw);
  if (!o) return undefined;
  const meta = obj(o.metadata);
  const core = obj(o.involvedObject) !== undefined && obj(o.regarding) === undefined;
  const about = obj(core ? o.involvedObject : o.regarding);
  const kind = about && text(about.kind);
  const name = about && text(about.name);
  if (!about || kind === undefined || name === undefined) return undefined;
  const regarding: EventRegarding = { kind, name };
  const ns = text(about.namespace);
  if (ns !== undefined && ns !== '') regarding.namespace = ns;
  const uid = text(about.uid);
  if (uid !== undefined && uid !== '') regarding.uid = uid;
  const fieldPath = text(about.fieldPath);
  if (fieldPath !== undefined && fieldPath !== '') regarding.fieldPath = fieldPath;

  const series = obj(o.series);
  const eventTime = time(o.eventTime);
  const seriesLast = time(series?.lastObservedTime);
  const count = positive(num(series?.count)) ?? positive(num(core ? o.count : o.deprecatedCount)) ?? 1;
  const first = time(core ? o.firstTimestamp : o.deprecatedFirstTimestamp) ?? eventTime;
  const last = seriesLast ?? time(core ? o.lastTimestamp : o.deprecatedLastTimestamp) ?? eventTime ?? first;
  const source = obj(core ? o.source : o.deprecatedSource);
  const controller = text(core ? o.reportingComponent : o.reportingController);
  const instance = text(o.reportingInstance);
  const reporter = controller
    ? join(controller, instance)
    : join(text(source?.component) ?? '', text(source?.host));

  const eventName = text(meta?.name) ?? '';
  const event: ClusterEvent = {
    id: text(meta?.uid) || `${text(meta?.namespace) ?? ''}/${eventName}`,
    version: text(meta?.resourceVersion) ?? '',
    type: text(o.type) ?? '',
    reason: text(o.reason) ?? '',
    note: str(core ? o.message : o.note, MAX_NOTE) ?? '',
    count,
    reporter,
    regarding,
    api: core ? 'v1' : 'events.k8s.io/v1',
  };
  if (first !== undefined) event.first = first;
  if (last !== undefined) event.last = last;
  return event;
}

function join(a: string, b: string | undefined): string {
  return b && b !== a ? (a ? `${a}, ${b}` : b) : a;
}

function positive(n: number | undefined): number | undefined {
  return n !== undefined && Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
}

/** An RFC 3339 time as given, when it is one (the zero time of an unset MicroTime is not). */
function time(v: unknown): string | undefined {
  const s = text(v);
  if (s === undefined || s === '') return undefined;
  const ms = Date.parse(s);
  return Number.isFinite(ms) && ms > 0 ? s : undefined;
}

/** ms since the epoch of an event's last time, 0 when it has none. */
export function eventTime(event: ClusterEvent): number {
  const t = Date.parse(event.last ?? event.first ?? '');
  return Number.isFinite(t) ? t : 0;
}

/** Earlier first by last time, then by first time; 0 when both are the same. */
function byTime(a: ClusterEvent, b: ClusterEvent): number {
  return eventTime(a) - eventTime(b) || (Date.parse(a.first ?? '') || 0) - (Date.parse(b.first ?? '') || 0);
}

/** Equal times keep one order, by id, whichever way the times run. */
function byId(a: ClusterEvent, b: ClusterEvent): number {
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Newest first: by last time, then first time, then id, so equal times keep one order. */
export function newestFirst(a: ClusterEvent, b: ClusterEvent): number {
  return byTime(b, a) || byId(a, b);
}

/** Oldest first (a story reads forward): by last time, then first time, then id. */
export function oldestFirst(a: ClusterEvent, b: ClusterEvent): number {
  return byTime(a, b) || byId(a, b);
}

/** The key an event is filed under by the name of what it regards: Kind/namespace/name. */
export function regardingKey(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

/**
 * The container a fieldPath names: `spec.containers{app}`,
 * `spec.initContainers{init}` or `spec.ephemeralContainers{debug}`.
 */
export function fieldPathContainer(fieldPath: string | undefined): string | undefined {
  const m = /^spec\.(?:containers|initContainers|ephemeralContainers)\{([^}]*)\}/.exec(fieldPath ?? '');
  return m ? m[1] : undefined;
}

/**
 * The events of `target` among `events` (all regarding its object), newest
 * first: for a container, its pod's events that are not about another container.
 */
export function eventsFor(target: EventTarget, events: Iterable<ClusterEvent>): ClusterEvent[] {
  const out: ClusterEvent[] = [];
  for (const e of events) {
    if (e.regarding.kind !== target.kind || e.regarding.name !== target.name || (e.regarding.namespace ?? '') !== (target.namespace ?? '')) continue;
    // An event of an earlier object of the same name is not this one's.
    if (target.uid && e.regarding.uid && e.regarding.uid !== target.uid) continue;
    if (target.container !== undefined) {
      const named = fieldPathContainer(e.regarding.fieldPath);
      if (named !== undefined && named !== target.container) continue;
    }
    out.push(e);
  }
  return out.sort(newestFirst);
}

/** How long a Warning marks its pod in the picture. */
export const RECENT_WARNING_MS = 10 * 60_000;

/**
 * The uids (or, without one, Pod/namespace/name keys) of pods with a Warning
 * whose last time is within `windowMs` before `now`, and when the soonest of
 * those marks runs out (undefined when there is none).
 */
export function recentWarnings(events: Iterable<ClusterEvent>, now: number, windowMs = RECENT_WARNING_MS): { pods: Set<string>; expires?: number } {
  const pods = new Set<string>();
  let expires: number | undefined;
  for (const e of events) {
    if (e.type !== 'Warning' || e.regarding.kind !== 'Pod') continue;
    const t = eventTime(e);
    // A time ahead of ours (clock skew) counts as now.
    if (t === 0 || now - t >= windowMs) continue;
    pods.add(e.regarding.uid ?? regardingKey('Pod', e.regarding.namespace, e.regarding.name));
    const end = t + windowMs;
    expires = expires === undefined ? end : Math.min(expires, end);
  }
  return expires === undefined ? { pods } : { pods, expires };
}

/**
 * A live source's events, beside its objects (ObjectSource.events): asked
 * for one object at a time, and telling which objects' events changed.
 */
export interface EventFeed {
  answer(target: EventTarget): EventsAnswer;
  /** Pods with a recent Warning now, and when the soonest mark runs out. */
  warnings(): { pods: Set<string>; expires?: number };
  /**
   * Called at most once per coalescing period with the Kind/namespace/name
   * keys of the objects whose events changed (empty when only the warning
   * marks did, as one ran out). Returns the unsubscribe.
   */
  subscribe(listener: (changed: Set<string>) => void): () => void;
  /** The raw events held now, as read (for a snapshot saved with them). */
  objects(): KubeObject[];
}

/**
 * Objects that carry the raw events read beside them (a snapshot saved with
 * events): a side field, as callouts are, so ClusterObjects and the model's
 * lists stay as they are.
 */
export type WithEvents<T> = T & { events?: KubeObject[] };

/**
 * The events of a snapshot as a feed: read once, never changing, and without
 * warning marks (a saved Warning is not recent).
 */
export function staticEventFeed(raw: readonly KubeObject[]): EventFeed & { objects(): KubeObject[] } {
  const events: ClusterEvent[] = [];
  for (const r of raw) {
    const e = normalizeEvent(r);
    if (e) events.push(e);
  }
  return {
    answer: (target) => ({ state: 'ok', events: eventsFor(target, events) }),
    warnings: () => ({ pods: new Set() }),
    subscribe: () => () => {},
    objects: () => [...raw],
  };
}
