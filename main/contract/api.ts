// The one API between the main process (or the browser-mode server) and the
// renderer. Electron's preload, the main-process IPC handlers and the
// browser-mode WebSocket bridge are all built from this table, so a channel
// exists in all three or in none. Pure types plus the channel lists: no
// runtime imports, so both sides can load it.

import type { Lang, Message } from '../i18n/message.ts';
import type { ModelChanges } from '../model/patch.ts';
import type { Callout } from '../model/callouts.ts';
import type { ImageAnswer, ImageRequest, ImageStageEvent } from './image.ts';
import type { EventsAnswer, EventTarget } from '../model/events.ts';
import type { LogsChunk, LogsOpenRequest, LogsReadRequest } from './logs.ts';
import type { AnatomyModel, ModelSource, NodeModel, PodModel } from '../model/types.ts';

// ---------------------------------------------------------------- shared value types

export interface ContextInfo {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  /** Server URL of the context's cluster (no credentials). */
  server?: string;
  /** Which kubeconfig file defined the context. */
  file?: string;
}

export interface ContextList {
  contexts: ContextInfo[];
  current?: string;
  /** Files read, in merge order. */
  files: string[];
  /** Problems found while loading (unreadable file, bad YAML…), each naming the file. English, for the CLI and logs. */
  problems: string[];
  /** The same problems, one message each, for the page to say in its language (errors.kubeconfig.*). */
  problemsSaid?: Message[];
}

/** How the view's data source is doing. Always visible in the UI. */
export type ConnectionState =
  /** What it is doing, as a message the page says in its language (conn.detail.*). */
  | { phase: 'connecting'; detail?: Message }
  | { phase: 'live'; since: string }
  /**
   * `reason` is English, for the CLI and logs; `said`, when the app put the
   * reason into words of its own, is what the page says (conn.reason.*), with
   * the server's or the OS's text inside it as written. Without `said` the
   * reason is someone else's text and the page shows it as written.
   */
  | { phase: 'reconnecting'; reason: string; said?: Message; attempt: number; retryInMs: number }
  | { phase: 'failed'; reason: string; said?: Message }
  /** A snapshot or the demo: nothing to connect to. */
  | { phase: 'static' };

export interface LoadProgress {
  /** e.g. "pods" */
  resource: string;
  loaded: number;
  /** Total when the server said (remainingItemCount), else undefined. */
  total?: number;
  done: boolean;
}

export interface SessionState {
  source: ModelSource;
  connection: ConnectionState;
  /** Set when the demo is shown because the cluster could not be reached: why, in English (the CLI, logs). */
  demoReason?: string;
  /** The same as a message the page says in its language (conn.demoBecause). */
  demoSaid?: Message;
  /** Namespace filter; empty = all. */
  namespaces: string[];
  /** Context in use, for cluster sources. */
  context?: string;
  /** Monotonic revision of the model last sent. */
  revision: number;
  /**
   * The revision of the first model of the live cluster shown, once there is
   * one: a page that has drawn it or a later one says so (view:shown), and
   * the cluster's events are listed then. A new value after a switch (another
   * context, other namespaces) asks for a new word.
   */
  firstRevision?: number;
  /** Set while a recording is shown (main/session/replay.ts): where its timeline is. */
  replay?: ReplayState;
  /**
   * Set while the shown cluster is being recorded (the Record button), and
   * after it stopped until the page saved it (record:saved): `full` when it
   * reached its size limit and stopped by itself, `stopped` once stopped.
   */
  recording?: { changes: number; bytes: number; full?: true; stopped?: true };
}

/** A recording's timeline: times in ms since its start. */
export interface ReplayState {
  /** When t = 0 is (RFC 3339). */
  started: string;
  duration: number;
  /** The time shown. */
  t: number;
  /** Changes applied, of `changes`. */
  n: number;
  changes: number;
  playing: boolean;
  speed: number;
  /** The recording was closed, not cut short by a crash. */
  ended: boolean;
  /** The line dropped because the file was cut short in it. */
  cutShort?: number;
}

/** What the timeline asks of a recording shown. */
export type ReplayControl =
  | { action: 'play' }
  | { action: 'pause' }
  /** Changes forward (or back, negative), paused. */
  | { action: 'step'; by: number }
  /** To a time, ms since the start. */
  | { action: 'seek'; t: number }
  | { action: 'speed'; speed: number };

export interface ModelUpdate {
  revision: number;
  model: AnatomyModel;
}

/**
 * A live change, smaller than the model it changes: applied (applyPatch) to
 * the model of revision `baseRevision` it gives revision `revision`. A page
 * whose model is of another revision missed something, and asks for the
 * whole model again (model:get).
 */
export interface ModelPatchUpdate {
  baseRevision: number;
  revision: number;
  patch: ModelChanges;
}

export type ExportFormat = 'svg' | 'png';

/** The 'events' event (see EventContract). */
export interface EventsChanged {
  changed: string[];
  warnings: string[];
}

/** Commands the app menu (or the browser-mode toolbar) sends to the renderer. */
export type MenuCommand =
  | 'open-snapshot'
  | 'save-snapshot'
  | 'export-svg'
  | 'export-png'
  | 'export-selection-svg'
  | 'export-selection-png'
  | 'copy-image'
  | 'reload'
  | 'zoom-in'
  | 'zoom-out'
  | 'zoom-fit'
  | 'toggle-theme'
  | 'find'
  | 'about'
  | 'start-tour'
  | 'start-quiz';

export interface AppInfo {
  name: string;
  version: string;
  /** "electron" or "browser". */
  shell: 'electron' | 'browser';
  platform: string;
}

// ---------------------------------------------------------------- the contract

/** Calls the renderer makes; each returns a promise of `res`. */
export interface InvokeContract {
  'app:info': { req: void; res: AppInfo };
  'session:get': { req: void; res: SessionState };
  'model:get': { req: void; res: ModelUpdate | null };
  /**
   * One pod or node of the current model, whole, by uid: above
   * SUMMARY_FROM_PODS (main/model/summary.ts) pages are sent pods summarized,
   * and the details panel asks for the one it shows. A node's own fields come
   * whole, its pods as pages are sent them. Null when the current model has
   * no pod or node of that uid; `revision` is the model's it was read from.
   */
  'object:get': { req: { uid: string }; res: { revision: number; pod?: PodModel; node?: NodeModel } | null };
  /**
   * The image anatomy of one container, from its registry (main/contract/image.ts):
   * asked on demand, never for every image; an error is a state of the answer.
   */
  'image:get': { req: ImageRequest; res: ImageAnswer };
  /**
   * The events of one node, pod, container, claim or volume, newest first
   * (main/model/events.ts), asked when its details open; the 'events' event
   * says when to ask again. Their text is the cluster's: shown as text only.
   */
  'events:get': { req: EventTarget; res: EventsAnswer };
  /**
   * A container's log through the API server (main/contract/logs.ts): open it,
   * read its new lines by long poll, close it when its panel goes (which
   * aborts a follow). The lines are the container's text.
   */
  'logs:open': { req: LogsOpenRequest; res: LogsChunk };
  'logs:read': { req: LogsReadRequest; res: LogsChunk };
  'logs:close': { req: { id: string }; res: void };
  'contexts:list': { req: void; res: ContextList };
  'context:use': { req: { context: string }; res: SessionState };
  'namespaces:set': { req: { namespaces: string[] }; res: SessionState };
  'source:retry': { req: void; res: SessionState };
  'source:demo': { req: void; res: SessionState };
  /** Load a snapshot the user picked (file text read by the renderer). */
  'snapshot:load': { req: { name: string; text: string }; res: SessionState };
  /** The current objects as a snapshot file (a v1 List), for saving, with the page's numbered notes (x-kube-anatomy.callouts). */
  'snapshot:get': { req: { format: 'json' | 'yaml'; callouts?: Callout[] }; res: { fileName: string; text: string } };
  /**
   * Save bytes the renderer produced (an export or a snapshot). In Electron the
   * main process asks where with a save dialog; in the browser the page
   * downloads instead and never calls this.
   */
  'file:save': {
    req: { suggestedName: string; kind: ExportFormat | 'snapshot'; data: string; encoding: 'utf8' | 'base64' };
    res: { saved: boolean; path?: string };
  };
  /** Opens an http(s) link from our own list in the system browser. */
  'link:open': { req: { href: string }; res: void };
  /** The page's language, for what the main process says itself: the desktop app's native menu. */
  'menu:lang': { req: { lang: Lang }; res: void };
  /** Play, pause, step or seek the recording shown. */
  'replay:control': { req: ReplayControl; res: SessionState };
  /** Start recording the cluster shown (its changes from now). */
  'record:start': { req: void; res: SessionState };
  /** Stop recording: the recording as file text, for saving as a snapshot is saved; asked again after a failed save. */
  'record:stop': { req: void; res: { fileName: string; text: string } };
  /** The page saved the stopped recording (or its user declined the save): the session lets it go. */
  'record:saved': { req: void; res: SessionState };
  /**
   * The page has drawn the model of this revision, at or past the session's
   * firstRevision (told once for each firstRevision, when the page is next idle).
   * A live cluster's events are listed once a page has drawn its first
   * model, not while it is drawing it (main/cluster/live-source.ts, EVENTS_AFTER_MS).
   */
  'view:shown': { req: { revision: number }; res: void };
}

/** Events pushed to the renderer. */
export interface EventContract {
  /** The whole model: the first, after a source switch, or when a change cannot go as a patch. */
  'model': ModelUpdate;
  /** A change to the model last sent. */
  'patch': ModelPatchUpdate;
  'session': SessionState;
  'progress': LoadProgress;
  /** An image:get in flight has come this far (asked the tag, read the index, …), for the container's loading text. */
  'image-stage': ImageStageEvent;
  /**
   * Events changed (at most once a second): `changed` are the Kind/namespace/name
   * keys of the objects whose events did, `warnings` the pods (uids) with a
   * recent Warning, for their mark in the picture.
   */
  'events': EventsChanged;
  'menu': MenuCommand;
  /**
   * The browser page's own link to the kube-anatomy server while it is down,
   * null once it is back. Only the browser bridge sends it, as only Electron sends 'menu'.
   */
  'link': Extract<ConnectionState, { phase: 'reconnecting' | 'failed' }> | null;
}

export type InvokeChannel = keyof InvokeContract;
export type EventChannel = keyof EventContract;
export type InvokeRequest<C extends InvokeChannel> = InvokeContract[C]['req'];
export type InvokeResponse<C extends InvokeChannel> = InvokeContract[C]['res'];

/** Every channel on the wire carries this prefix; bridges drop anything else. */
export const CHANNEL_PREFIX = 'anatomy:' as const;

export const INVOKE_CHANNELS = [
  'app:info',
  'session:get',
  'model:get',
  'object:get',
  'image:get',
  'events:get',
  'logs:open',
  'logs:read',
  'logs:close',
  'contexts:list',
  'context:use',
  'namespaces:set',
  'source:retry',
  'source:demo',
  'snapshot:load',
  'snapshot:get',
  'file:save',
  'link:open',
  'menu:lang',
  'replay:control',
  'record:start',
  'record:stop',
  'record:saved',
  'view:shown',
] as const satisfies readonly InvokeChannel[];

export const EVENT_CHANNELS = ['model', 'patch', 'session', 'progress', 'image-stage', 'events', 'menu', 'link'] as const satisfies readonly EventChannel[];

// Compile-time proof that the lists above name every channel of the contract.
type Missing<All, Listed> = Exclude<All, Listed>;
const _allInvoke: Missing<InvokeChannel, (typeof INVOKE_CHANNELS)[number]> extends never ? true : never = true;
const _allEvents: Missing<EventChannel, (typeof EVENT_CHANNELS)[number]> extends never ? true : never = true;
void _allInvoke;
void _allEvents;

export function isInvokeChannel(value: unknown): value is InvokeChannel {
  return typeof value === 'string' && (INVOKE_CHANNELS as readonly string[]).includes(value);
}

export function isEventChannel(value: unknown): value is EventChannel {
  return typeof value === 'string' && (EVENT_CHANNELS as readonly string[]).includes(value);
}

/**
 * What the renderer sees as `window.kubeAnatomy`, derived from the contract:
 * the same object whether the preload or the browser-mode bridge made it.
 */
export interface AnatomyApi {
  invoke<C extends InvokeChannel>(channel: C, ...req: InvokeRequest<C> extends void ? [] : [InvokeRequest<C>]): Promise<InvokeResponse<C>>;
  on<E extends EventChannel>(event: E, listener: (payload: EventContract[E]) => void): () => void;
  readonly shell: 'electron' | 'browser';
}

/** The main-process (or server) side: one handler per invoke channel. */
export type InvokeHandlers = {
  [C in InvokeChannel]: (req: InvokeRequest<C>) => Promise<InvokeResponse<C>> | InvokeResponse<C>;
};

export const API_GLOBAL = 'kubeAnatomy' as const;
