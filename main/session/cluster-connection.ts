// Keeps trying to show a live cluster: reads the kubeconfig, starts a live
// source for the chosen context, and when that is impossible (no kubeconfig,
// unknown context, cluster down) says why and tries again later with backoff.
// It decides nothing about what is drawn; the session hears `objects` when
// the cluster delivers and `unreachable` when the demo should stand in.

import path from 'node:path';
import type { ConnectionState, ContextInfo, ContextList, LoadProgress } from '../contract/api.ts';
import { isMessageId, listSaid, message, MessageError, textOf, type Message } from '../i18n/index.ts';
import type { Delta } from '../model/delta.ts';
import type { ClusterObjects } from '../model/kube.ts';
import type { ModelSource } from '../model/types.ts';
import { backoffDelay, type BackoffOptions } from '../common/backoff.ts';
import { systemClock, type Clock, type TimerHandle } from '../common/clock.ts';
import type { KubeconfigInput, SessionDeps } from './deps.ts';
import type { ObjectSource } from '../source/object-source.ts';
import type { ObjectChange } from './model-pipeline.ts';
import type { EventFeed } from '../model/events.ts';
import type { LogStreamer } from '../cluster/pod-logs.ts';

export interface ClusterCallbacks {
  /** `change` when the source tells deltas: what changed since its last objects. */
  objects(objects: ClusterObjects, source: ModelSource, change?: ObjectChange): void;
  /**
   * The cluster cannot be shown (yet): what failed and where, as a message
   * (conn.reason.*) the page says in its language; the OS's or the server's
   * own text is a value inside it, as written.
   */
  unreachable(reason: Message): void;
  connection(state: ConnectionState): void;
  progress(progress: LoadProgress): void;
}

export interface ClusterConnectionOptions extends KubeconfigInput {
  /** Context to use; the kubeconfig's current context when absent. */
  context?: string;
  namespaces: string[];
  /** Reconnect delays; default RECONNECT_BACKOFF. */
  backoff?: BackoffOptions;
  /** With no objects and no progress for this long, the demo stands in (the source keeps trying). */
  connectTimeoutMs?: number;
  clock?: Clock;
}

/** Quick at first (a cluster that is just starting comes up within seconds), then slower, so an absent cluster costs almost nothing. */
export const RECONNECT_BACKOFF: BackoffOptions = { initialMs: 1000, maxMs: 30_000, jitter: 0.2 };

export class ClusterConnection {
  readonly #deps: Pick<SessionDeps, 'loadContexts' | 'createLiveSource'>;
  readonly #options: ClusterConnectionOptions;
  readonly #callbacks: ClusterCallbacks;
  #source: ObjectSource | undefined;
  readonly #clock: Clock;
  #retryTimer: TimerHandle | undefined;
  #connectTimer: TimerHandle | undefined;
  #attempt = 0;
  #generation = 0;
  #delivered = false;
  #stopped = false;
  #context: string | undefined;

  constructor(deps: Pick<SessionDeps, 'loadContexts' | 'createLiveSource'>, options: ClusterConnectionOptions, callbacks: ClusterCallbacks) {
    this.#deps = deps;
    this.#options = options;
    this.#callbacks = callbacks;
    this.#clock = options.clock ?? systemClock;
    this.#context = options.context;
  }

  /** The context in use (or being tried). */
  get context(): string | undefined {
    return this.#context;
  }

  /** True once the cluster has delivered objects; then a later outage keeps its last objects on screen. */
  get delivered(): boolean {
    return this.#delivered;
  }

  start(): void {
    void this.#connect();
  }

  /** Skips the wait: tries again now, from the kubeconfig on. */
  async retryNow(): Promise<void> {
    this.#attempt = 0;
    await this.#stopSource();
    void this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#stopSource();
  }

  async #stopSource(): Promise<void> {
    this.#generation += 1;
    this.#clock.clearTimeout(this.#retryTimer);
    this.#clock.clearTimeout(this.#connectTimer);
    const source = this.#source;
    this.#source = undefined;
    if (source) {
      try {
        await source.stop();
      } catch (error) {
        console.error('kube-anatomy: stopping the cluster source failed:', error);
      }
    }
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    const generation = ++this.#generation;
    this.#callbacks.connection({ phase: 'connecting', detail: message('conn.detail.kubeconfig') });
    let list: ContextList;
    try {
      list = await this.#deps.loadContexts(this.#options);
    } catch (error) {
      if (generation === this.#generation) this.#fail(message('conn.reason.kubeconfigUnreadable', { error: errorOf(error) }));
      return;
    }
    if (generation !== this.#generation || this.#stopped) return;
    const choice = chooseContext(list, this.#options);
    if (!isContext(choice)) {
      this.#fail(choice);
      return;
    }
    this.#context = choice.name;
    this.#startSource(choice, generation);
  }

  /** A page has drawn the cluster's first model: the source now running may list its events (ObjectSource.listEventsNow). */
  listEventsNow(): void {
    this.#source?.listEventsNow?.();
  }

  /** The events of the source now running, when it watches them. */
  get events(): EventFeed | undefined {
    return this.#source?.events;
  }

  /** What reads container logs through the source now running, when it is a live source. */
  get logs(): LogStreamer | undefined {
    return (this.#source as { logStreamer?: LogStreamer } | undefined)?.logStreamer;
  }

  #startSource(context: ContextInfo, generation: number): void {
    const where = describeContext(context);
    let source: ObjectSource;
    try {
      source = this.#deps.createLiveSource({ ...this.#options, context: context.name, namespaces: this.#options.namespaces });
    } catch (error) {
      this.#fail(message('conn.reason.connectFailed', { where, error: errorOf(error) }));
      return;
    }
    this.#source = source;
    this.#callbacks.connection({ phase: 'connecting', detail: message('conn.detail.connectingTo', { where }) });
    this.#armConnectTimer(where, generation);
    const current = () => generation === this.#generation && !this.#stopped;
    // One stream per source started: its deltas begin from nothing, so the
    // session knows to start over when a reconnect starts another source.
    const stream = {};
    let deltas: Delta[] = [];
    source.start({
      ...(source.givesDeltas
        ? {
            deltas: (batch: Delta[]) => {
              // A loop, not push(...batch): a relist of a large cluster is more arguments than a call takes.
              if (current()) for (const d of batch) deltas.push(d);
            },
          }
        : {}),
      objects: (objects) => {
        if (!current()) return;
        this.#clock.clearTimeout(this.#connectTimer);
        this.#delivered = true;
        this.#attempt = 0;
        const change = source.givesDeltas ? { stream, deltas } : undefined;
        deltas = [];
        this.#callbacks.objects(objects, { ...source.description, namespaces: [...this.#options.namespaces] }, change);
      },
      state: (state) => {
        if (!current()) return;
        if (state.phase === 'failed') {
          // The source gave up; we keep trying on its behalf.
          void this.#stopSource().then(() => this.#fail(placed(state, context, where)));
          return;
        }
        if (state.phase === 'live') this.#attempt = 0;
        if (state.phase === 'reconnecting' && !this.#delivered) {
          this.#callbacks.unreachable(placed(state, context, where));
        }
        this.#callbacks.connection(state);
      },
      progress: (progress) => {
        if (!current()) return;
        // The API server is answering: give a large cluster the time it needs.
        this.#armConnectTimer(where, generation);
        this.#callbacks.progress(progress);
      },
    });
  }

  #armConnectTimer(where: Message, generation: number): void {
    this.#clock.clearTimeout(this.#connectTimer);
    const timeoutMs = this.#options.connectTimeoutMs ?? 15_000;
    this.#connectTimer = this.#clock.setTimeout(
      () => {
        if (generation !== this.#generation || this.#delivered) return;
        const seconds = Math.round(timeoutMs / 1000);
        // A hung exec plugin holds up every request: name it, not the API server that was never asked.
        const waiting = this.#source?.waitingFor?.();
        this.#callbacks.unreachable(
          waiting ? message('conn.reason.waitingFor', { waiting: atSentenceStart(waiting), seconds, where }) : message('conn.reason.noAnswer', { where, seconds }),
        );
      },
      timeoutMs,
      { unref: true },
    );
  }

  #fail(said: Message): void {
    if (this.#stopped) return;
    if (!this.#delivered) this.#callbacks.unreachable(said);
    // The state keeps its English reason for the CLI and logs; the page says `said`.
    const reason = textOf('en', said);
    this.#attempt += 1;
    const retryInMs = backoffDelay(this.#attempt, this.#options.backoff ?? RECONNECT_BACKOFF);
    this.#callbacks.connection({ phase: 'reconnecting', reason, said, attempt: this.#attempt, retryInMs });
    this.#clock.clearTimeout(this.#retryTimer);
    const generation = this.#generation;
    this.#retryTimer = this.#clock.setTimeout(
      () => {
        if (generation === this.#generation) void this.#connect();
      },
      retryInMs,
      { unref: true },
    );
  }
}

/** The context to connect to, or a message saying why there is none (its files and problems as written). */
export function chooseContext(list: ContextList, input: KubeconfigInput & { context?: string }): ContextInfo | Message {
  const files = list.files.length > 0 ? list.files.join(', ') : kubeconfigPaths(input).join(', ');
  const problems = problemsSaid(list);
  if (list.contexts.length === 0) {
    if (list.files.length === 0) return problems ? message('conn.reason.kubeconfigProblems', { problems: atSentenceStart(problems) }) : message('conn.reason.noKubeconfig', { files });
    return problems ? message('conn.reason.noContextsProblems', { files, problems }) : message('conn.reason.noContexts', { files });
  }
  const name = input.context ?? list.current;
  if (!name) return message('conn.reason.noCurrentContext', { files, contexts: list.contexts.map((c) => c.name).join(', ') });
  const context = list.contexts.find((c) => c.name === name);
  if (!context) return message('conn.reason.unknownContext', { name, files });
  return context;
}

/**
 * A list's problems as one message: the loader's own words when it gave them
 * (errors.kubeconfig.*), else each problem as written. Three are said, and how
 * many more, so the message stays as shallow as the wire allows.
 */
export function problemsSaid(list: ContextList): Message | undefined {
  const said = Array.isArray(list.problemsSaid) && list.problemsSaid.length === list.problems.length ? list.problemsSaid : list.problems.map((text) => message('errors.generic', { text: bare(text) }));
  return listSaid(said);
}

export function isContext(choice: ContextInfo | Message): choice is ContextInfo {
  return !('id' in choice);
}

/** Where a kubeconfig is looked for, in the order kubectl uses. */
export function kubeconfigPaths(input: KubeconfigInput): string[] {
  if (input.kubeconfig) return [input.kubeconfig];
  const fromEnv = input.env.KUBECONFIG?.split(path.delimiter).filter(Boolean) ?? [];
  return fromEnv.length > 0 ? fromEnv : [path.join(input.home, '.kube', 'config')];
}

/** The source's reason, placed at the context and server unless it already names them. */
function placed({ reason, said }: { reason: string; said?: Message }, context: ContextInfo, where: Message): Message {
  const named = reason.includes(context.name) && (!context.server || reason.includes(context.server));
  // The cluster layer's own words for it, when it has them, name the context and server already.
  if (named && said) return said;
  return named ? message('conn.reason.source', { reason: capitalize(bare(reason)) }) : message('conn.reason.unreachable', { where, error: bare(reason) });
}

/** A message that opens a sentence: its `.start` variant when the catalog has one (English capitalizes, Korean does not). */
function atSentenceStart(m: Message): Message {
  return isMessageId(`${m.id}.start`) ? { ...m, id: `${m.id}.start` } : m;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function describeContext(context: ContextInfo): Message {
  return context.server ? message('conn.whereServer', { name: context.name, server: context.server }) : message('conn.where', { name: context.name });
}

/** Why the demo stands in, as the banner says it: the reason inside conn.demoBecause, in the same language. */
export function demoBecause(reason: Message): Message {
  return message('conn.demoBecause', { reason });
}

/** Text from elsewhere ends a sentence of ours, which puts its own period after it. */
function bare(text: string): string {
  return text.replace(/[.\s]+$/, '');
}

/** An error of the app's own (a kubeconfig's) in its words, anyone else's as written. */
function errorOf(error: unknown): Message | string {
  return error instanceof MessageError ? error.said : bare(messageOf(error));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
