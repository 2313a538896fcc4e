// Keeps a local copy of one resource (in one namespace, or cluster-wide) in
// sync with the API server: a paged list, then a watch from the list's
// resourceVersion, forever. Watches end for ordinary reasons (the server's
// timeoutSeconds, load balancers, laptops sleeping); every end is followed by a
// new watch from the last resourceVersion seen (bookmarks advance it), after a
// backoff when it was an error. 410 Gone, as an HTTP status or as an ERROR
// event, means that resourceVersion is too old: list again and replace the store.
// 403 and 404 are final for this reflector: it becomes an AccessGap.
//
// Besides "the store changed", it says how, as typed deltas: one per watch
// event, and for a list what differs from the store it replaces (by uid and
// resourceVersion), so a relist after a 410 or a reconnect costs the consumer
// only what really changed. The deltas it has emitted, applied in order to an
// empty store, always leave exactly items().

import type { KubeObject } from '../model/kube.ts';
import { objectKey as modelKey, relistDeltas, type ObjectDelta } from '../model/delta.ts';
import type { AccessGap } from '../model/types.ts';
import { backoffDelay, type BackoffOptions } from '../common/backoff.ts';
import { sleep, type Clock } from '../common/clock.ts';
import { classifyError, describeError, errorSaid, isHopeless, ApiStatusError, StoppedError, type ErrorPlace } from './errors.ts';
import type { Message } from '../i18n/index.ts';
import { OldestFirst } from './oldest-first.ts';
import { resourcePath, type ResourceKind } from './resources.ts';
import { statusFromObject, type BinaryList, type KubeTransport } from './transport.ts';
import { continueInProtoHead, decodePodList } from './proto/decode.ts';

export type ReflectorStatus =
  /** The first list has not finished. */
  | { phase: 'connecting' }
  /** Listed, and a watch is open. */
  | { phase: 'live' }
  /** The last request failed; the next try is in `retryInMs`. */
  /** `said`: the reason as a message for the page (errorSaid), when there is one. */
  | { phase: 'retrying'; reason: string; said?: Message; attempt: number; retryInMs: number; hopeless: boolean }
  /** Forbidden or not served: this resource stays unread. */
  | { phase: 'gap'; gap: AccessGap };

export interface ReflectorProgress {
  loaded: number;
  total?: number;
  done: boolean;
}

export interface ReflectorEvents {
  /** The store changed: a list replaced it, or a watch event changed it. */
  changed(): void;
  /**
   * How the store changed, in order, just before the changed() it belongs
   * to: a watch event's delta, or what a list changed (all added for the
   * first). Leaving it out spares the diff of a relist.
   */
  deltas?(deltas: ObjectDelta[]): void;
  status(status: ReflectorStatus): void;
  /** Pages of the first list. */
  progress(progress: ReflectorProgress): void;
}

export interface ReflectorOptions {
  context: string;
  pageSize: number;
  backoff: BackoffOptions;
  /** timeoutSeconds for each watch request. */
  watchTimeoutSeconds: () => number;
  /** Silence allowed past timeoutSeconds before a watch counts as dead. */
  watchIdleGraceMs: number;
  /** Measures watches and times the retries. */
  clock: Clock;
  /**
   * Keep at most this many objects, dropping the oldest by `age` (larger is
   * newer) as deltas say deleted: events churn, and memory must stay bounded.
   * `age` is asked once per object stored; a list is trimmed after each page.
   */
  bound?: { maxItems: number; age: (object: KubeObject) => number };
}

/** A clean watch end sooner than this, with no event, counts toward backoff (a proxy closing at once must not spin). */
const QUICK_END_MS = 1000;

export class Reflector {
  readonly resource: ResourceKind;
  readonly namespace?: string;
  private readonly transport: KubeTransport;
  private readonly events: ReflectorEvents;
  private readonly options: ReflectorOptions;
  private readonly controller = new AbortController();
  private store = new Map<string, KubeObject>();
  /** The store's ages, oldest first, when there is a bound. */
  private ages?: OldestFirst;
  /** The objects a list is gathering, until it replaces the store. */
  private listing?: Map<string, KubeObject>;
  private resourceVersion = '';
  private loop?: Promise<void>;
  private statusValue: ReflectorStatus = { phase: 'connecting' };
  private syncedValue = false;
  private attempt = 0;

  constructor(transport: KubeTransport, resource: ResourceKind, namespace: string | undefined, events: ReflectorEvents, options: ReflectorOptions) {
    this.transport = transport;
    this.resource = resource;
    this.namespace = namespace;
    this.events = events;
    this.options = options;
    if (options.bound) this.ages = new OldestFirst();
  }

  /** Objects held now: the store, or while a list runs the objects it has gathered so far. */
  get held(): number {
    return (this.listing ?? this.store).size;
  }

  get status(): ReflectorStatus {
    return this.statusValue;
  }

  /** The first list finished (or the resource turned out unreadable). */
  get synced(): boolean {
    return this.syncedValue;
  }

  /** The last resourceVersion seen (list, event or bookmark). */
  get lastResourceVersion(): string {
    return this.resourceVersion;
  }

  /** Current objects; undefined when the resource is a gap. */
  items(): KubeObject[] | undefined {
    if (this.statusValue.phase === 'gap') return undefined;
    return [...this.store.values()];
  }

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.controller.abort();
    await this.loop;
  }

  private get signal(): AbortSignal {
    return this.controller.signal;
  }

  private sleep(ms: number): Promise<void> {
    return sleep(ms, this.signal, this.options.clock);
  }

  private place(action: 'list' | 'watch'): ErrorPlace {
    return { context: this.options.context, server: this.transport.server, resource: this.resource.name, namespace: this.namespace, action };
  }

  private setStatus(status: ReflectorStatus): void {
    if (this.signal.aborted) return;
    this.statusValue = status;
    this.events.status(status);
  }

  private async run(): Promise<void> {
    let needList = true;
    let goneInRow = 0;
    let quickEnds = 0;
    let action: 'list' | 'watch' = 'list';
    while (!this.signal.aborted) {
      try {
        if (needList) {
          action = 'list';
          await this.list();
          needList = false;
        }
        action = 'watch';
        const started = this.options.clock.now();
        const outcome = await this.watchOnce();
        if (outcome.gone) {
          needList = true;
          goneInRow += 1;
          // One relist is normal; a server that keeps answering 410 must not spin.
          if (goneInRow > 1) await this.sleep(backoffDelay(goneInRow - 1, this.options.backoff));
          continue;
        }
        goneInRow = 0;
        if (outcome.events === 0 && this.options.clock.now() - started < QUICK_END_MS) {
          quickEnds += 1;
          await this.sleep(backoffDelay(quickEnds, this.options.backoff));
        } else {
          quickEnds = 0;
        }
      } catch (err) {
        if (this.signal.aborted || err instanceof StoppedError) return;
        const kind = classifyError(err);
        if (kind === 'gone') {
          needList = true;
          goneInRow += 1;
          if (goneInRow > 1) await this.sleep(backoffDelay(goneInRow - 1, this.options.backoff));
          continue;
        }
        if (kind === 'forbidden' || kind === 'not-found') {
          this.becomeGap(err, action);
          return;
        }
        this.attempt += 1;
        const retryInMs = backoffDelay(this.attempt, this.options.backoff);
        const said = errorSaid(err, this.place(action));
        this.setStatus({
          phase: 'retrying',
          reason: describeError(err, this.place(action)),
          ...(said ? { said } : {}),
          attempt: this.attempt,
          retryInMs,
          hopeless: isHopeless(err),
        });
        await this.sleep(retryInMs);
      }
    }
  }

  private becomeGap(err: unknown, action: 'list' | 'watch'): void {
    const forbidden = classifyError(err) === 'forbidden';
    const server = err instanceof ApiStatusError && err.apiMessage ? err.apiMessage : undefined;
    const message = server ?? describeError(err, this.place(action));
    // The server's own sentence is shown as written; ours is said in the page's language.
    const said = server === undefined ? errorSaid(err, this.place(action)) : undefined;
    this.emit(() => [...this.store.values()].map((object) => ({ type: 'deleted', resource: this.resource.field, object })));
    this.store = new Map();
    if (this.options.bound) this.ages = new OldestFirst();
    this.syncedValue = true;
    this.setStatus({ phase: 'gap', gap: { resource: this.resource.name, reason: forbidden ? 'forbidden' : 'unavailable', message, ...(said ? { said } : {}) } });
    if (!this.signal.aborted) this.events.changed();
  }

  /** Hands deltas on, computing them only for a consumer that wants them. */
  private emit(make: () => ObjectDelta[]): void {
    if (!this.events.deltas || this.signal.aborted) return;
    const deltas = make();
    if (deltas.length > 0) this.events.deltas(deltas);
  }

  /**
   * The deltas of one watch event on the object stored under `key`
   * (namespace/name). The model keys objects by uid: a name that now holds
   * another uid (its old object's DELETED never came) first drops the old one.
   */
  private eventDeltas(type: 'ADDED' | 'MODIFIED' | 'DELETED', key: string, object: KubeObject): ObjectDelta[] {
    const resource = this.resource.field;
    const held = this.store.get(key);
    const same = held !== undefined && modelKey(resource, held) === modelKey(resource, object);
    if (type === 'DELETED') return held === undefined ? [] : [{ type: 'deleted', resource, object: same ? object : held }];
    const deltas: ObjectDelta[] = [];
    if (held !== undefined && !same) deltas.push({ type: 'deleted', resource, object: held });
    deltas.push({ type: same ? 'modified' : 'added', resource, object });
    return deltas;
  }

  private async list(): Promise<void> {
    const path = resourcePath(this.resource, this.namespace);
    const initial = !this.syncedValue;
    const items = new Map<string, KubeObject>();
    const bound = this.options.bound;
    const ages = bound ? new OldestFirst() : undefined;
    this.listing = items;
    let next: string | undefined;
    let resourceVersion = '';
    let loaded = 0;
    // The transport asks for the next page while this one is read.
    try {
      // Pods, most of a cluster's bytes, are asked for as protobuf (proto/decode.ts says why).
      const binary = this.resource.name === 'pods' && this.resource.api === undefined ? POD_LIST : undefined;
      for await (const body of this.transport.listPages(path, { limit: String(this.options.pageSize) }, this.signal, binary)) {
        const page = asRecord(body);
        const list = page['items'];
        if (!Array.isArray(list)) throw new Error(`the API server's ${this.resource.name} list has no items array`);
        for (const item of list) {
          const key = objectKey(item);
          if (key === undefined) continue;
          const obj = kept(item as KubeObject);
          // List items come without kind/apiVersion; snapshots and the builder are simpler with them.
          if (obj.kind === undefined) obj.kind = this.resource.kind;
          if (obj.apiVersion === undefined) obj.apiVersion = this.resource.api?.version ?? 'v1';
          items.set(key, obj);
          if (bound && ages) ages.set(key, bound.age(obj));
        }
        // Bounded: keep the newest after every page, so a list of 100,000 events holds at most the bound and a page.
        this.trim(items, ages, false);
        loaded += list.length;
        const meta = asRecord(page['metadata']);
        next = typeof meta['continue'] === 'string' && meta['continue'] !== '' ? meta['continue'] : undefined;
        if (typeof meta['resourceVersion'] === 'string') resourceVersion = meta['resourceVersion'];
        const remaining = meta['remainingItemCount'];
        if (initial && !this.signal.aborted) {
          const total = typeof remaining === 'number' && Number.isFinite(remaining) && remaining >= 0 ? loaded + remaining : undefined;
          this.events.progress({ loaded, total: next ? total : loaded, done: next === undefined });
        }
        if (this.signal.aborted) break;
      }
    } finally {
      this.listing = undefined;
    }
    if (this.signal.aborted) throw new StoppedError();
    const before = this.store;
    this.emit(() => relistDeltas(this.resource.field, before.values(), items.values()));
    this.store = items;
    this.ages = ages;
    this.resourceVersion = resourceVersion;
    this.syncedValue = true;
    this.attempt = 0;
    this.events.changed();
  }

  /** Drops the oldest objects beyond the bound; `tell`: as deltas (a watch's store, not a list about to be diffed). */
  private trim(store: Map<string, KubeObject>, ages: OldestFirst | undefined, tell: boolean): void {
    const bound = this.options.bound;
    if (!bound || !ages) return;
    const dropped: KubeObject[] = [];
    while (store.size > bound.maxItems) {
      const key = ages.popOldest();
      if (key === undefined) break;
      const object = store.get(key);
      store.delete(key);
      if (object !== undefined) dropped.push(object);
    }
    if (tell && dropped.length > 0) this.emit(() => dropped.map((object) => ({ type: 'deleted' as const, resource: this.resource.field, object })));
  }

  private async watchOnce(): Promise<{ gone: boolean; events: number }> {
    const timeoutSeconds = Math.max(1, Math.round(this.options.watchTimeoutSeconds()));
    let gone = false;
    let failure: Error | undefined;
    let events = 0;
    await this.transport.watch(
      resourcePath(this.resource, this.namespace),
      { resourceVersion: this.resourceVersion || undefined, allowWatchBookmarks: 'true', timeoutSeconds: String(timeoutSeconds) },
      {
        signal: this.signal,
        idleTimeoutMs: timeoutSeconds * 1000 + this.options.watchIdleGraceMs,
        onOpen: () => this.setStatus({ phase: 'live' }),
        onEvent: (event) => {
          const e = asRecord(event);
          const type = e['type'];
          const object = e['object'];
          if (type === 'ERROR') {
            const status = statusFromObject(object);
            if (status.status === 410) gone = true;
            else failure = status;
            return 'stop';
          }
          const rv = asRecord(asRecord(object)['metadata'])['resourceVersion'];
          if (type === 'ADDED' || type === 'MODIFIED' || type === 'DELETED') {
            const key = objectKey(object);
            if (key !== undefined) {
              kept(object as KubeObject);
              this.emit(() => this.eventDeltas(type, key, object as KubeObject));
              if (type === 'DELETED') {
                this.store.delete(key);
                this.ages?.delete(key);
              } else {
                this.store.set(key, object as KubeObject);
                const bound = this.options.bound;
                if (bound && this.ages) this.ages.set(key, bound.age(object as KubeObject));
              }
              this.trim(this.store, this.ages, true);
              this.events.changed();
            }
          } else if (type !== 'BOOKMARK') {
            return undefined;
          }
          if (typeof rv === 'string' && rv !== '') this.resourceVersion = rv;
          events += 1;
          // A watch that delivers is a healthy connection: later failures start the backoff afresh.
          this.attempt = 0;
          return undefined;
        },
      },
    );
    if (failure) throw failure;
    return { gone, events };
  }
}

const POD_LIST: BinaryList = { decode: decodePodList, continueInHead: continueInProtoHead };

/**
 * An object as the store keeps it: without metadata.managedFields, which
 * nothing here reads (kubectl leaves them out of what it prints too) and
 * which are often most of a pod's bytes. A store of 100,000 pods holds them
 * all, and the main process's collector walks them on every full collection.
 * The object was just decoded and is the store's alone, so it is changed in place.
 */
function kept(object: KubeObject): KubeObject {
  const metadata = asRecord(object.metadata);
  if (Object.prototype.hasOwnProperty.call(metadata, 'managedFields')) delete metadata.managedFields;
  return object;
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** namespace/name, or undefined for something that is not a named object. */
function objectKey(value: unknown): string | undefined {
  const meta = asRecord(asRecord(value)['metadata']);
  const name = meta['name'];
  if (typeof name !== 'string' || name === '') return undefined;
  const namespace = typeof meta['namespace'] === 'string' ? meta['namespace'] : '';
  return `${namespace}/${name}`;
}
