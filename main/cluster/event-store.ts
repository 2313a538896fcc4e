// The events a live source has seen, normalised (main/model/events.ts), filed
// by the object they regard, and bounded: the newest `maxEvents` by last time.
// It is brought up to date from the reflector's objects as a whole (sync), a
// diff by uid and resourceVersion, so a burst of watch events costs one pass
// per coalescing period, and it says which objects' events changed.

import type { KubeObject } from '../model/kube.ts';
import { eventsFor, eventTime, normalizeEvent, recentWarnings, regardingKey, type ClusterEvent, type EventTarget } from '../model/events.ts';

/** Events kept at most; older ones are dropped first. */
export const MAX_EVENTS = 5000;

export class EventStore {
  readonly maxEvents: number;
  /** By the event's own id. */
  readonly #events = new Map<string, ClusterEvent>();
  /** Kind/namespace/name of the regarded object → ids of its events. */
  readonly #byObject = new Map<string, Set<string>>();
  /**
   * Events the sources still hold that the bound left out, by id: known by
   * uid and resourceVersion at the next sync, as held ones are, so they are
   * not read, added and dropped again (nor their objects said to change) at
   * every sync while the sources hold more than the bound.
   */
  readonly #dropped = new Map<string, ClusterEvent>();

  constructor(maxEvents = MAX_EVENTS) {
    if (!Number.isInteger(maxEvents) || maxEvents < 1) throw new Error(`the event store's bound must be a positive integer, not ${maxEvents}`);
    this.maxEvents = maxEvents;
  }

  get size(): number {
    return this.#events.size;
  }

  /**
   * Makes the store hold exactly these events (the newest maxEvents of them);
   * returns the Kind/namespace/name keys of the objects whose events changed.
   */
  sync(objects: Iterable<KubeObject>): Set<string> {
    const changed = new Set<string>();
    const seen = new Set<string>();
    for (const raw of objects) {
      // Most events are as they were at the last sync: known by uid and resourceVersion, without reading them again.
      const meta = raw.metadata as { uid?: unknown; resourceVersion?: unknown } | undefined;
      const uid = typeof meta?.uid === 'string' ? meta.uid : '';
      const version = typeof meta?.resourceVersion === 'string' ? meta.resourceVersion : '';
      const known = uid !== '' && version !== '' ? (this.#events.get(uid) ?? this.#dropped.get(uid)) : undefined;
      if (known && known.version === version) {
        seen.add(uid);
        continue;
      }
      const event = normalizeEvent(raw);
      if (!event) continue;
      seen.add(event.id);
      this.#dropped.delete(event.id);
      const held = this.#events.get(event.id);
      if (held && held.version === event.version && event.version !== '') continue;
      if (held) this.#remove(held, changed);
      this.#add(event, changed);
    }
    for (const held of [...this.#events.values()]) if (!seen.has(held.id)) this.#remove(held, changed);
    for (const id of [...this.#dropped.keys()]) if (!seen.has(id)) this.#dropped.delete(id);
    // Unchanged, the store already holds the newest of what the sources hold.
    if (changed.size > 0) this.#bound(changed);
    return changed;
  }

  /** The events of one object (or container), newest first. */
  eventsFor(target: EventTarget): ClusterEvent[] {
    const ids = this.#byObject.get(regardingKey(target.kind, target.namespace, target.name));
    if (!ids) return [];
    return eventsFor(target, [...ids].map((id) => this.#events.get(id)!));
  }

  /** Pods with a Warning within the window before `now` (main/model/events.ts recentWarnings). */
  warnings(now: number, windowMs?: number): { pods: Set<string>; expires?: number } {
    return recentWarnings(this.#events.values(), now, windowMs);
  }

  all(): ClusterEvent[] {
    return [...this.#events.values()];
  }

  #add(event: ClusterEvent, changed: Set<string>): void {
    this.#events.set(event.id, event);
    const key = keyOf(event);
    let ids = this.#byObject.get(key);
    if (!ids) this.#byObject.set(key, (ids = new Set()));
    ids.add(event.id);
    changed.add(key);
  }

  #remove(event: ClusterEvent, changed: Set<string>): void {
    this.#events.delete(event.id);
    const key = keyOf(event);
    const ids = this.#byObject.get(key);
    ids?.delete(event.id);
    if (ids && ids.size === 0) this.#byObject.delete(key);
    changed.add(key);
  }

  /** Holds the newest maxEvents of the held and the left-out events; the rest are left out. */
  #bound(changed: Set<string>): void {
    const over = this.#events.size + this.#dropped.size - this.maxEvents;
    if (over <= 0 && this.#dropped.size === 0) return;
    // Each event's time parsed once, not in the comparator (there it was most of a sync's time).
    const byAge = [...this.#events.values(), ...this.#dropped.values()]
      .map((event) => ({ event, time: eventTime(event) }))
      .sort((a, b) => a.time - b.time || (a.event.id < b.event.id ? -1 : 1));
    byAge.forEach(({ event }, i) => {
      const held = this.#events.has(event.id);
      if (i < over && held) {
        this.#remove(event, changed);
        this.#dropped.set(event.id, event);
      } else if (i >= over && !held) {
        this.#dropped.delete(event.id);
        this.#add(event, changed);
      }
    });
  }
}

function keyOf(event: ClusterEvent): string {
  return regardingKey(event.regarding.kind, event.regarding.namespace, event.regarding.name);
}
