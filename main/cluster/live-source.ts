// The live cluster as an ObjectSource: one reflector per resource (per chosen
// namespace for pods and PVCs, so users who may only read some namespaces can
// still use the app), combined into ClusterObjects. The first objects are
// delivered once every readable resource finished its first list; after that,
// bursts of watch events are coalesced into at most one delivery per
// `coalesceMs`. stop() aborts every request, plugin and timer. A handler that
// takes deltas gets the reflectors' deltas of each delivery, in order, plus
// a gaps delta when what cannot be read changed.

import type { ConnectionState, LoadProgress } from '../contract/api.ts';
import type { Message } from '../i18n/index.ts';
import type { Delta, ObjectDelta } from '../model/delta.ts';
import { lazyObjects, type ClusterObjects, type KubeObject } from '../model/kube.ts';
import type { AccessGap, ModelSource } from '../model/types.ts';
import type { ObjectSource, SourceHandlers } from '../source/object-source.ts';
import type { BackoffOptions } from '../common/backoff.ts';
import { systemClock, type Clock, type TimerHandle } from '../common/clock.ts';
import type { ClusterAccess } from './cluster-access.ts';
import { aggregateConnection } from './connection-state.ts';
import { Reflector, type ReflectorProgress } from './reflector.ts';
import { RESOURCES, type ObjectsField } from './resources.ts';
import { isNamespaceName } from '../common/namespace.ts';
import { KubeTransport } from './transport.ts';
import type { LogStreamer } from './pod-logs.ts';
import { EventWatch } from './event-watch.ts';

export interface LiveSourceOptions {
  /** The context to read (from loadKubeconfig(...).access()). Its exec plugins are killed on stop. */
  access: ClusterAccess;
  /** Limit pods and PVCs to these namespaces; empty or absent = all namespaces. */
  namespaces?: readonly string[];
  /** Least time between two deliveries of objects; default 100 ms. */
  coalesceMs?: number;
  /** Items per list page; default 500. */
  pageSize?: number;
  /** Retry delays; default WATCH_BACKOFF. */
  backoff?: Partial<BackoffOptions>;
  /** Time allowed for response headers and for each list page; default 30 s. */
  requestTimeoutMs?: number;
  /** timeoutSeconds of each watch; default random 300–600 s, as client-go does. */
  watchTimeoutSeconds?: () => number;
  /** Silence allowed past a watch's timeoutSeconds before it is declared dead; default 30 s. */
  watchIdleGraceMs?: number;
  now?: () => Date;
  /** For coalescing and the reflectors' retry delays (request and watch deadlines keep real time); the system clock unless a test moves time by hand. */
  clock?: Clock;
  /** Least time between two notices of changed events; default 1 s. Events are not watched when false. */
  eventsCoalesceMs?: number | false;
  /** How long after the first delivery the events are listed unless listEventsNow comes first; default 5 s (EVENTS_AFTER_MS). */
  eventsAfterMs?: number;
}

/**
 * A cluster's events are listed once a page has drawn its first model
 * (listEventsNow, which the session calls at view:shown), or this long after
 * the first objects have gone out when no page says so (none is open, or it
 * is hidden). Never beside the lists the picture waits for, nor while its
 * first model is sent and drawn: a cluster's events often outnumber its pods
 * (5,872 beside 5,332 on the test cluster after a scale-up), and their pages
 * take the API server's time and the session's. Listed beside the pods they
 * slowed the pods' pages; listed a second after the first model went out,
 * they slowed the page drawing it at 5,000 pods (README, "Events: why it is
 * like this"). Until then the watch answers "loading".
 */
export const EVENTS_AFTER_MS = 5000;

/** A watch retries soon (most ends are routine), up to 30 s; the wide jitter keeps the watches of one source apart after an outage. */
export const WATCH_BACKOFF: BackoffOptions = { initialMs: 500, maxMs: 30_000, jitter: 0.5 };

/** Throws for a namespace name that cannot exist (the filter goes into URL paths). */
export function createLiveSource(options: LiveSourceOptions): ObjectSource {
  return new LiveSource(options);
}

class LiveSource implements ObjectSource {
  readonly description: ModelSource;
  readonly givesDeltas = true;
  private readonly options: LiveSourceOptions;
  private readonly namespaces: string[];
  private readonly coalesceMs: number;
  private readonly now: () => Date;
  private readonly clock: Clock;
  private transport?: KubeTransport;
  private reflectors: Reflector[] = [];
  private eventWatch?: EventWatch;
  private handlers?: SourceHandlers;
  private stopped = false;
  private delivered = false;
  private lastDelivery = 0;
  private timer?: TimerHandle;
  private eventsTimer?: TimerHandle;
  private wasLive = false;
  private lastState = '';
  private readonly progress = new Map<Reflector, ReflectorProgress>();
  private readonly progressSent = new Map<string, string>();
  /** Deltas since the last delivery, kept only for a handler that takes them. */
  private pending: Delta[] = [];
  /** The gaps and unread lists last handed on as deltas; a consumer starts from none. */
  private gapsSent = JSON.stringify({ gaps: [], unread: [] });

  constructor(options: LiveSourceOptions) {
    this.options = options;
    const namespaces = [...new Set(options.namespaces ?? [])].sort();
    for (const ns of namespaces) if (!isNamespaceName(ns)) throw new Error(`"${ns}" is not a valid namespace name`);
    this.namespaces = namespaces;
    this.coalesceMs = options.coalesceMs ?? 100;
    this.clock = options.clock ?? systemClock;
    this.now = options.now ?? (() => new Date(this.clock.now()));
    this.description = { kind: 'cluster', name: options.access.context, server: options.access.server, namespaces: [...namespaces] };
  }

  start(handlers: SourceHandlers): void {
    if (this.handlers || this.stopped) return;
    this.handlers = handlers;
    const o = this.options;
    this.transport = new KubeTransport(o.access, { requestTimeoutMs: o.requestTimeoutMs });
    const reflectorOptions = {
      context: o.access.context,
      pageSize: o.pageSize ?? 500,
      backoff: { ...WATCH_BACKOFF, ...o.backoff },
      clock: this.clock,
      watchTimeoutSeconds: o.watchTimeoutSeconds ?? (() => 300 + Math.floor(Math.random() * 300)),
      watchIdleGraceMs: o.watchIdleGraceMs ?? 30_000,
    };
    for (const resource of RESOURCES) {
      const scopes = resource.namespaced && this.namespaces.length > 0 ? this.namespaces : [undefined];
      for (const namespace of scopes) {
        const reflector: Reflector = new Reflector(
          this.transport,
          resource,
          namespace,
          {
            changed: () => this.changed(),
            deltas: handlers.deltas ? (d) => this.queue(d) : undefined,
            status: () => this.updateState(),
            progress: (p) => this.updateProgress(reflector, p),
          },
          reflectorOptions,
        );
        this.reflectors.push(reflector);
      }
    }
    if (o.eventsCoalesceMs !== false) {
      // Beside the objects, never in them: events do not touch the model.
      // Started after the first delivery (EVENTS_AFTER_MS says why).
      this.eventWatch = new EventWatch(this.transport, { namespaces: this.namespaces, reflector: reflectorOptions, clock: this.clock, coalesceMs: o.eventsCoalesceMs });
    }
    this.sendState({ phase: 'connecting' });
    for (const r of this.reflectors) r.start();
  }

  get events(): EventWatch | undefined {
    return this.eventWatch;
  }

  /** Reads a container's log (pods/log) through this source's transport, while it runs. */
  get logStreamer(): LogStreamer | undefined {
    return this.stopped ? undefined : this.transport;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.clock.clearTimeout(this.eventsTimer);
    const stopping = this.reflectors.map((r) => r.stop());
    if (this.eventWatch) stopping.push(this.eventWatch.stop());
    this.transport?.close();
    await Promise.all(stopping);
  }

  /** A page has drawn the first model: the events are listed now, not at EVENTS_AFTER_MS. Before the first delivery, or once listed, nothing changes. */
  listEventsNow(): void {
    if (!this.delivered) return;
    this.clock.clearTimeout(this.eventsTimer);
    this.listEvents();
  }

  private listEvents(): void {
    if (this.stopped || !this.eventWatch || this.eventWatch.started) return;
    this.eventWatch.start();
  }

  waitingFor(): Message | undefined {
    return this.options.access.waitingFor();
  }

  private changed(): void {
    if (this.stopped || this.timer) return;
    if (!this.delivered && !this.reflectors.every((r) => r.synced)) return;
    const wait = this.delivered ? Math.max(0, this.lastDelivery + this.coalesceMs - this.clock.now()) : 0;
    this.timer = this.clock.setTimeout(() => this.deliver(), wait);
  }

  private queue(deltas: ObjectDelta[]): void {
    if (this.stopped) return;
    for (const d of deltas) this.pending.push(d);
  }

  private deliver(): void {
    this.timer = undefined;
    if (this.stopped || !this.handlers) return;
    this.delivered = true;
    this.lastDelivery = this.clock.now();
    // Once, at the first delivery; the timer fires in a later task, after these objects are handed on.
    if (this.eventWatch && this.eventsTimer === undefined && !this.eventWatch.started) {
      this.eventsTimer = this.clock.setTimeout(() => this.listEvents(), this.options.eventsAfterMs ?? EVENTS_AFTER_MS, { unref: true });
    }
    const objects = this.objects();
    if (this.handlers.deltas) {
      const deltas = this.takeDeltas(objects);
      if (deltas.length > 0) this.handlers.deltas(deltas);
    }
    this.handlers.objects(objects);
  }

  /** The queued deltas, then the gaps as they now stand when they changed (a list turning forbidden drops its objects first). */
  private takeDeltas(objects: ClusterObjects): Delta[] {
    const batch = this.pending;
    this.pending = [];
    // Whether a list is there, not what it holds: reading it would copy every store (lazyObjects).
    const unread = RESOURCES.map((r) => r.field).filter((f) => !(f in objects));
    const gaps = { gaps: objects.gaps, unread: [...new Set(unread)] };
    const key = JSON.stringify(gaps);
    if (key !== this.gapsSent) {
      this.gapsSent = key;
      batch.push({ type: 'gaps', gaps: structuredClone(gaps.gaps), unread: gaps.unread });
    }
    return batch;
  }

  /**
   * The current objects; a resource is undefined only when no scope of it could be read.
   * Each list is copied from the reflectors' stores when first read (lazyObjects): the
   * session reads them only when it builds a model whole, while a busy cluster's changes
   * come many times a second, each with its objects (100,000 pods: 0.8 MB of pointers each).
   * A list read later holds the objects as they are then, newer than the deltas handed
   * with it; those deltas, each an object's whole state by its key, leave it the same when
   * applied to it again. A list one of whose scopes has since become a gap reads as not
   * read (the next delivery says why), never as an empty or partial list.
   */
  private objects(): ClusterObjects {
    const gaps: AccessGap[] = [];
    const makers: Partial<Record<ObjectsField, () => KubeObject[] | undefined>> = {};
    for (const resource of RESOURCES) {
      const read: Reflector[] = [];
      for (const r of this.reflectors) {
        if (r.resource !== resource) continue;
        const status = r.status;
        if (status.phase === 'gap') gaps.push(status.gap);
        else read.push(r);
      }
      if (read.length === 0) continue;
      makers[resource.field] = () => {
        const lists = read.map((r) => r.items());
        if (lists.some((items) => items === undefined)) return undefined;
        return lists.length === 1 ? lists[0] : (lists as KubeObject[][]).flat();
      };
    }
    return lazyObjects(gaps, makers);
  }

  private updateState(): void {
    if (this.stopped) return;
    const phase = aggregateConnection({
      statuses: this.reflectors.map((r) => r.status),
      wasLive: this.wasLive,
      serverAnswered: this.transport?.answered ?? false,
    });
    if (phase.phase === 'live') {
      if (this.lastState.startsWith('live')) return;
      this.wasLive = true;
      this.sendState({ phase: 'live', since: this.now().toISOString() });
      return;
    }
    this.sendState(phase);
  }

  private sendState(state: ConnectionState): void {
    const key = state.phase === 'live' ? 'live' : JSON.stringify(state);
    if (key === this.lastState || !this.handlers) return;
    this.lastState = key;
    this.handlers.state(state);
  }

  private updateProgress(reflector: Reflector, p: ReflectorProgress): void {
    if (this.stopped || !this.handlers?.progress) return;
    this.progress.set(reflector, p);
    const name = reflector.resource.name;
    const mine = this.reflectors.filter((r) => r.resource === reflector.resource);
    let loaded = 0;
    let total: number | undefined = 0;
    let done = true;
    for (const r of mine) {
      const rp = this.progress.get(r);
      if (!rp) {
        total = undefined;
        done = false;
        continue;
      }
      loaded += rp.loaded;
      total = total === undefined || rp.total === undefined ? undefined : total + rp.total;
      done &&= rp.done;
    }
    const progress: LoadProgress = { resource: name, loaded, done };
    if (total !== undefined) progress.total = total;
    const key = JSON.stringify(progress);
    if (this.progressSent.get(name) === key) return;
    this.progressSent.set(name, key);
    this.handlers.progress(progress);
  }
}
