// Events of a live cluster, watched beside the picture's objects with the same
// list, watch and relist path (a Reflector per namespace scope), from
// events.k8s.io/v1 or, for a scope where that is not served or not allowed,
// core v1. They go into an EventStore of their own, never into the model:
// bursts are coalesced into at most one sync and one notice per `coalesceMs`,
// so an event storm costs the page at most one update per object per period.

import type { Clock, TimerHandle } from '../common/clock.ts';
import type { KubeObject } from '../model/kube.ts';
import { normalizeEvent, eventTime, type EventFeed, type EventTarget, type EventsAnswer } from '../model/events.ts';
import { EventStore, MAX_EVENTS } from './event-store.ts';
import { Reflector, type ReflectorOptions } from './reflector.ts';
import { EVENTS_RESOURCES } from './resources.ts';
import type { KubeTransport } from './transport.ts';

export interface EventWatchOptions {
  /** Namespaces to read; empty = all. */
  namespaces: readonly string[];
  reflector: Omit<ReflectorOptions, 'bound'>;
  clock: Clock;
  /** Least time between two syncs (and notices); default 1 s. */
  coalesceMs?: number;
  maxEvents?: number;
}

interface Scope {
  namespace?: string;
  /** Index in EVENTS_RESOURCES: 0 events.k8s.io/v1, 1 core v1. */
  api: number;
  reflector: Reflector;
}

export class EventWatch implements EventFeed {
  readonly store: EventStore;
  readonly #transport: KubeTransport;
  readonly #options: EventWatchOptions;
  readonly #coalesceMs: number;
  readonly #scopes: Scope[] = [];
  readonly #listeners = new Set<(changed: Set<string>) => void>();
  #timer?: TimerHandle;
  #expiryTimer?: TimerHandle;
  #lastSync = -Infinity;
  #stopped = false;
  #started = false;
  readonly #stopping: Promise<void>[] = [];

  constructor(transport: KubeTransport, options: EventWatchOptions) {
    this.#transport = transport;
    this.#options = options;
    this.#coalesceMs = options.coalesceMs ?? 1000;
    this.store = new EventStore(options.maxEvents ?? MAX_EVENTS);
  }

  /** Whether start() was called: before it, every answer is "loading" (the live source starts it after its first delivery). */
  get started(): boolean {
    return this.#started;
  }

  start(): void {
    if (this.#started || this.#stopped) return;
    this.#started = true;
    const scopes = this.#options.namespaces.length > 0 ? this.#options.namespaces : [undefined];
    for (const namespace of scopes) {
      const scope: Scope = { namespace, api: 0, reflector: undefined as unknown as Reflector };
      scope.reflector = this.#reflector(scope);
      this.#scopes.push(scope);
      scope.reflector.start();
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    const clock = this.#options.clock;
    clock.clearTimeout(this.#timer);
    clock.clearTimeout(this.#expiryTimer);
    this.#listeners.clear();
    await Promise.all([...this.#scopes.map((s) => s.reflector.stop()), ...this.#stopping]);
  }

  subscribe(listener: (changed: Set<string>) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  objects(): KubeObject[] {
    const out: KubeObject[] = [];
    for (const s of this.#scopes) for (const o of s.reflector.items() ?? []) out.push(o);
    return out;
  }

  warnings(): { pods: Set<string>; expires?: number } {
    return this.store.warnings(this.#options.clock.now());
  }

  answer(target: EventTarget): EventsAnswer {
    // A namespaced object's events are in its namespace; a node's or a volume's in any (kubelets use "default").
    if (!this.#started && !this.#stopped) return { state: 'loading' };
    const mine = this.#scopes.filter((s) => s.namespace === undefined || target.namespace === undefined || s.namespace === target.namespace);
    if (mine.length === 0) return { state: 'none' };
    const readable = mine.filter((s) => s.reflector.status.phase !== 'gap');
    if (readable.length === 0) {
      const status = mine[0]!.reflector.status;
      const gap = status.phase === 'gap' ? status.gap : undefined;
      return { state: gap?.reason === 'forbidden' ? 'forbidden' : 'unavailable', message: gap?.message ?? '' };
    }
    if (!readable.some((s) => s.reflector.synced) || this.#lastSync === -Infinity) return { state: 'loading' };
    return { state: 'ok', events: this.store.eventsFor(target) };
  }

  #reflector(scope: Scope): Reflector {
    const resource = EVENTS_RESOURCES[scope.api]!;
    return new Reflector(
      this.#transport,
      resource,
      scope.namespace,
      {
        changed: () => this.#changed(),
        status: (status) => {
          // Not served (an old or trimmed API server) or not allowed in this group: try core v1 once.
          if (status.phase === 'gap' && scope.api === 0 && !this.#stopped) {
            const old = scope.reflector;
            scope.api = 1;
            scope.reflector = this.#reflector(scope);
            this.#stopping.push(old.stop());
            scope.reflector.start();
          }
        },
        progress: () => {},
      },
      { ...this.#options.reflector, bound: { maxItems: this.store.maxEvents, age: age } },
    );
  }

  #changed(): void {
    if (this.#stopped || this.#timer) return;
    const clock = this.#options.clock;
    const wait = Math.max(0, this.#lastSync + this.#coalesceMs - clock.now());
    this.#timer = clock.setTimeout(() => this.#sync(), wait, { unref: true });
  }

  #sync(): void {
    this.#timer = undefined;
    if (this.#stopped) return;
    const clock = this.#options.clock;
    this.#lastSync = clock.now();
    const changed = this.store.sync(this.objects());
    this.#scheduleExpiry();
    this.#tell(changed);
  }

  /** A warning mark runs out with no event to say so: tell the listeners then. */
  #scheduleExpiry(): void {
    const clock = this.#options.clock;
    clock.clearTimeout(this.#expiryTimer);
    this.#expiryTimer = undefined;
    const { expires } = this.warnings();
    if (expires === undefined) return;
    this.#expiryTimer = clock.setTimeout(
      () => {
        this.#expiryTimer = undefined;
        if (this.#stopped) return;
        this.#scheduleExpiry();
        this.#tell(new Set());
      },
      Math.max(0, expires - clock.now()),
      { unref: true },
    );
  }

  #tell(changed: Set<string>): void {
    for (const listener of [...this.#listeners]) listener(changed);
  }
}

/** The reflector's bound drops the events seen last longest ago. */
function age(object: KubeObject): number {
  const e = normalizeEvent(object);
  return e ? eventTime(e) : 0;
}
