// The shell-independent core of the app, shared by the Electron main process
// and the browser-mode server: it owns the current source (a live cluster, a
// watched snapshot file, a snapshot loaded from the window, or the demo),
// turns what the source delivers into models, and tells listeners.
//
// Invariant: a failed switch (bad snapshot, unknown context) changes nothing;
// the view only moves once the new objects are in hand.

import path from 'node:path';
import type { ConnectionState, ContextList, LoadProgress, ModelPatchUpdate, ModelUpdate, SessionState } from '../contract/api.ts';
import type { ClusterObjects } from '../model/kube.ts';
import type { Callout } from '../model/callouts.ts';
import { isSummarized, summarizePatch, summarizePod, summarizeUpdate } from '../model/summary.ts';
import type { ModelSource, NodeModel, PodModel } from '../model/types.ts';
import type { BackoffOptions } from '../common/backoff.ts';
import type { Clock } from '../common/clock.ts';
import { ClusterConnection, demoBecause, problemsSaid } from './cluster-connection.ts';
import { message, MessageError, textOf, type Message } from '../i18n/index.ts';
import type { ImageAnswer, ImageRequest, ImageStageEvent } from '../contract/image.ts';
import { ImageLookups, type ImageRegistry } from './image.ts';
import type { SessionDeps } from './deps.ts';
import { Emitter } from './emitter.ts';
import { snapshotFileName } from './file-name.ts';
import { isNamespaceName, normalizeNamespaces } from './filter.ts';
import { ModelPipeline } from './model-pipeline.ts';
import { LogStreams } from './logs.ts';
import { createSnapshotFileSource, readSnapshotFileModel, snapshotFileSource } from './snapshot-file.ts';
import type { ObjectSource } from '../source/object-source.ts';
import type { ReplayControl } from '../contract/api.ts';
import { ReplayEvents, ReplayPlayer } from './replay.ts';
import { LiveRecording } from './live-recording.ts';
import { looksLikeRecording, openRecording, openRecordingBytes, type Recording } from '../record/reader.ts';
import { systemClock } from '../common/clock.ts';
import type { EventsChanged } from '../contract/api.ts';
import { staticEventFeed, type EventFeed, type EventsAnswer, type EventTarget, type WithEvents } from '../model/events.ts';

export interface SessionOptions {
  kubeconfig?: string;
  context?: string;
  /** Path of a snapshot file to show (and follow as it changes). */
  snapshot?: string;
  demo?: boolean;
  namespaces?: string[];
  env: Record<string, string | undefined>;
  home: string;
  /**
   * Source updates arriving within this window after a model become one
   * model. Given, the window is fixed; by default it follows what a model
   * costs (model-pipeline.ts), from 4 ms up to 100 ms, and a short burst
   * after a quiet spell is built as it comes (BURST_MS).
   */
  coalesceMs?: number;
  backoff?: BackoffOptions;
  /** How long a cluster may stay silent before the demo stands in (default 15 s). */
  connectTimeoutMs?: number;
  /** Quiet time before a changed snapshot file is re-read (default 150 ms). */
  watchDebounceMs?: number;
  now?: () => Date;
  /** For coalescing, reconnect delays and the file-watch debounce; the system clock unless a test moves time by hand. */
  clock?: Clock;
  /**
   * A cluster opened with the session starts (its kubeconfig read, its lists
   * asked for) once this resolves: `serve` prints its URL first, so that the
   * page loads while the cluster answers, instead of after 50-100 ms of
   * kubeconfig and module loading. Later sources start at once.
   */
  startAfter?: Promise<unknown>;
  /** The image registry image:get asks (a fake in tests); the real client by default, loaded on first use. */
  registry?: ImageRegistry;
  /** Largest Record button recording, in UTF-16 code units (default MAX_LIVE_RECORDING_BYTES; smaller in tests). */
  recordingMaxBytes?: number;
}

/**
 * What a page is sent of a new model: the whole of it, or a patch to the one
 * before. A model's `payload` (summarized above SUMMARY_FROM_PODS pods) is
 * made when first read and kept by nobody but who reads it; `whole` is the
 * session's own model, for a shell that summarizes pod by pod as it sends
 * (the browser server's parts), so that no summarized copy of a large model
 * is made or kept beside it.
 */
export type ViewUpdate = { channel: 'model'; readonly payload: ModelUpdate; whole: ModelUpdate } | { channel: 'patch'; payload: ModelPatchUpdate };

export interface SessionEvents {
  /** Every new model, whole (for listeners in this process). */
  model: ModelUpdate;
  /**
   * The same models as the shells send them to a page: as patches where they
   * can, summarized above SUMMARY_FROM_PODS pods (main/model/summary.ts).
   */
  view: ViewUpdate;
  session: SessionState;
  progress: LoadProgress;
  /** How far an image:get in flight has come, for its container's loading text. */
  'image-stage': ImageStageEvent;
  /** Whose events changed, and the pods with recent warnings (EventContract 'events'). */
  events: EventsChanged;
}

type Mode =
  | { kind: 'cluster'; connection: ClusterConnection }
  | { kind: 'snapshot-file'; file: string; source: ObjectSource }
  | { kind: 'snapshot' }
  | { kind: 'replay'; player: ReplayPlayer }
  | { kind: 'demo' };

/**
 * The coalescing window's bounds when the options set none: a tenth of a
 * second at most, and at least MIN_WINDOW_MS. The page coalesces what comes
 * within a frame itself (renderer/app/frames.ts), so the window need not be
 * a frame: kwok and the kubelet write a new pod's IP ~15 ms after its ADDED,
 * and a 16 ms window that the ADDED opened held the IP back until it closed.
 */
const MIN_WINDOW_MS = 4;
const MAX_WINDOW_MS = 100;
/**
 * Window left owing that an update is still built at once (ModelPipeline
 * burstMs). A new pod comes as three events within ~15 ms (ADDED, scheduled,
 * Running with its IP); at 5,000 pods the IP waited for the windows the
 * first two events' builds opened. With this much allowed, such a burst goes
 * out event by event after a quiet spell, and a steady stream is held to
 * about one build a window as before.
 */
const BURST_MS = 25;

const DEMO_SOURCE: ModelSource = { kind: 'demo', name: 'demo', namespaces: [] };

export class Session {
  readonly #events = new Emitter<SessionEvents>();
  readonly #deps: SessionDeps;
  readonly #options: SessionOptions;
  #mode: Mode = { kind: 'demo' };
  /** Bumped on every switch; callbacks of a replaced source compare and fall silent. */
  #generation = 0;
  /** Bumped when the user asks for another source; a context switch still reading the kubeconfig then gives way. */
  #requests = 0;
  #namespaces: string[];
  #connection: ConnectionState = { phase: 'static' };
  #demoReason: string | undefined;
  #demoSaid: Message | undefined;
  #context: string | undefined;
  readonly #models: ModelPipeline;
  #demo: ClusterObjects | undefined;
  #closed = false;
  /** SessionOptions.startAfter, until the first cluster waited for it. */
  #startAfter: Promise<unknown> | undefined;
  /** Whether the model last handed to pages was summarized: a patch goes summarized by what it applies to. */
  #viewSummarized = false;
  /** image:get, made on first use. */
  #images: ImageLookups | undefined;
  /** Container logs open in pages (logs:open/read/close), read through the live source shown; closed when it changes. */
  readonly logs: LogStreams;
  /** The Record button's recording of the cluster shown, while it runs. */
  #recording: LiveRecording | undefined;
  /** The live source's events this session listens to, and how to stop. */
  #eventFeed: { feed: EventFeed; unsubscribe: () => void } | undefined;
  /** The events a snapshot shown was saved with. */
  #snapshotEvents: EventFeed | undefined;
  /** The revision of the first model of the cluster shown: a page that has drawn it (view:shown) lets its events be listed. */
  #firstClusterRevision: number | undefined;

  /**
   * Opens the source the options ask for, with the given modules (openSession
   * in index.ts passes the real ones). Rejects only for an unreadable or
   * malformed snapshot file or an invalid namespace name.
   */
  static async open(options: SessionOptions, deps: SessionDeps): Promise<Session> {
    const session = new Session(options, deps);
    if (options.snapshot !== undefined && looksLikeRecording(options.snapshot, '')) await session.#useRecording(path.basename(options.snapshot), await openRecording(options.snapshot, session.#recordingOptions()));
    else if (options.snapshot !== undefined) await session.#useSnapshotFile(options.snapshot);
    else if (options.demo) await session.showDemo();
    else await session.#useCluster(options.context);
    return session;
  }

  private constructor(options: SessionOptions, deps: SessionDeps) {
    this.#options = options;
    this.logs = new LogStreams(() => (this.#mode.kind === 'cluster' ? this.#mode.connection.logs : undefined), { clock: options.clock });
    this.#deps = deps;
    this.#startAfter = options.startAfter;
    const namespaces = options.namespaces ?? [];
    const bad = namespaces.find((ns) => !isNamespaceName(ns));
    if (bad !== undefined) throw new Error(`"${bad}" is not a valid namespace name`);
    this.#namespaces = normalizeNamespaces(namespaces);
    this.#models = new ModelPipeline({
      build: deps.buildModel,
      namespaces: () => this.#namespaces,
      coalesceMs: options.coalesceMs ?? MAX_WINDOW_MS,
      minCoalesceMs: options.coalesceMs ?? MIN_WINDOW_MS,
      burstMs: options.coalesceMs === undefined ? BURST_MS : 0,
      clock: options.clock,
      onModel: (update, patch) => {
        if (this.#mode.kind === 'cluster' && update.model.source.kind === 'cluster') this.#firstClusterRevision ??= update.revision;
        this.#events.emit('model', update);
        this.#events.emit('view', this.#viewOf(update, patch));
        this.#emitSession();
      },
    });
  }

  on<E extends keyof SessionEvents>(event: E, listener: (payload: SessionEvents[E]) => void): () => void {
    return this.#events.on(event, listener);
  }

  state(): SessionState {
    const state: SessionState = {
      source: { ...(this.#models.source ?? this.#pendingSource()), namespaces: [...this.#namespaces] },
      connection: this.#connection,
      namespaces: [...this.#namespaces],
      revision: this.#models.revision,
    };
    if (this.#demoReason !== undefined) state.demoReason = this.#demoReason;
    if (this.#demoSaid !== undefined) state.demoSaid = this.#demoSaid;
    if (this.#context !== undefined) state.context = this.#context;
    if (this.#firstClusterRevision !== undefined) state.firstRevision = this.#firstClusterRevision;
    if (this.#mode.kind === 'replay') state.replay = this.#mode.player.state;
    if (this.#recording) state.recording = this.#recording.state;
    return state;
  }

  /** The current model, whole (for snapshots, exports and object:get). */
  model(): ModelUpdate | null {
    return this.#models.update;
  }

  /**
   * The current model as pages are sent it (model:get): summarized above
   * SUMMARY_FROM_PODS pods, made anew on each call and not kept (a large
   * model's summarized copy is about 105 MiB at 100,000 pods).
   */
  viewModel(): ModelUpdate | null {
    const update = this.#models.update;
    return update && summarizeUpdate(update);
  }

  /**
   * One pod or node of the current model by uid, whole (object:get): pages
   * of a large model have pods summarized and ask for the one they show.
   * A node's pods come as pages have them. Null when there is no such object.
   */
  object(uid: string): { revision: number; pod?: PodModel; node?: NodeModel } | null {
    const update = this.#models.update;
    if (!update) return null;
    const { revision, model } = update;
    for (const node of model.nodes) {
      if (node.uid === uid) return { revision, node: isSummarized(model) ? { ...node, pods: node.pods.map(summarizePod) } : node };
      for (const pod of node.pods) if (pod.uid === uid) return { revision, pod };
    }
    for (const pod of model.unscheduled) if (pod.uid === uid) return { revision, pod };
    return null;
  }

  /**
   * The events of one object (events:get), from the live source's event
   * watch; a snapshot or the demo has none.
   */
  eventsOf(target: EventTarget): EventsAnswer {
    const feed = this.#eventsShown();
    return feed ? feed.answer(target) : { state: 'none' };
  }

  /** The pods with recent warnings now, for a page that connects after the last 'events' event. */
  eventsNow(): EventsChanged {
    const feed = this.#eventFeed?.feed;
    return { changed: [], warnings: feed ? [...feed.warnings().pods] : [] };
  }

  /** A live source's events, or those of the snapshot shown. */
  #eventsShown(): EventFeed | undefined {
    return this.#mode.kind === 'cluster' ? this.#mode.connection.events : this.#snapshotEvents;
  }

  /** Listens to the event feed of the source now shown (a reconnect starts another), and only to it. */
  #followEvents(feed: EventFeed | undefined): void {
    const before = this.#eventFeed;
    if (before?.feed === feed) return;
    before?.unsubscribe();
    this.#eventFeed = undefined;
    if (!feed) {
      // The marks of a source no longer shown go with it.
      if (before) this.#events.emit('events', { changed: [], warnings: [] });
      return;
    }
    const tell = (changed: Set<string>) => {
      // The Record button's recording keeps the live cluster's event changes.
      if (this.#mode.kind === 'cluster' && changed.size > 0) this.#recording?.events(feed.objects());
      if (!this.#closed) this.#events.emit('events', { changed: [...changed], warnings: [...feed.warnings().pods] });
    };
    this.#eventFeed = { feed, unsubscribe: feed.subscribe(tell) };
    tell(new Set());
  }

  /** The image anatomy of one container, from its registry (image:get); never throws, an error is a state. */
  image(req: ImageRequest): Promise<ImageAnswer> {
    this.#images ??= new ImageLookups({
      model: () => this.#models.update,
      source: () => this.#models.source,
      env: this.#options.env,
      home: this.#options.home,
      onStage: (event) => this.#events.emit('image-stage', event),
      ...(this.#options.registry ? { registry: this.#options.registry } : {}),
      ...(this.#options.clock ? { clock: this.#options.clock } : {}),
    });
    return this.#images.answer(req);
  }

  /** The (namespace-filtered) objects behind the current model. */
  objects(): Promise<ClusterObjects | undefined> {
    return this.#models.shown();
  }

  /** The kubeconfig's contexts; a kubeconfig that cannot be read is a listed problem, not an error. */
  async listContexts(): Promise<ContextList> {
    try {
      return await this.#deps.loadContexts(this.#kubeconfigInput());
    } catch (error) {
      // The loader's own words go with its English, so a Korean page says the problem in Korean.
      const text = error instanceof Error ? error.message : String(error);
      return { contexts: [], files: [], problems: [text], ...(error instanceof MessageError ? { problemsSaid: [error.said] } : {}) };
    }
  }

  async useContext(name: string): Promise<SessionState> {
    const request = ++this.#requests;
    const list = await this.listContexts();
    if (request !== this.#requests) return this.state();
    if (!list.contexts.some((c) => c.name === name)) {
      const files = list.files.length > 0 ? list.files.join(', ') : message('errors.session.theKubeconfig');
      // An unreadable kubeconfig is the likelier cause; say so rather than only "no such context".
      const said =
        list.problems.length > 0
          ? message('errors.session.noContextProblems', { name, files, problems: problemsSaid(list) ?? list.problems.join('; ') })
          : message('errors.session.noContext', { name, files });
      throw new MessageError(said, textOf('en', said));
    }
    await this.#useCluster(name);
    return this.state();
  }

  async setNamespaces(namespaces: string[]): Promise<SessionState> {
    const bad = namespaces.find((ns) => !isNamespaceName(ns));
    if (bad !== undefined) throw new MessageError(message('errors.session.badNamespace', { name: bad }), `"${bad}" is not a valid namespace name`);
    const next = normalizeNamespaces(namespaces);
    if (next.join('\n') === this.#namespaces.join('\n')) return this.state();
    this.#namespaces = next;
    // Filter what is shown now; for a live source that is only a preview
    // until it restarts with the namespaces and the API server filters.
    await this.#models.refilter();
    if (this.#mode.kind === 'cluster') await this.#useCluster(this.#mode.connection.context ?? this.#options.context);
    return this.state();
  }

  /** Tries the cluster again now (or re-reads the snapshot file). */
  async retry(): Promise<SessionState> {
    const mode = this.#mode;
    if (mode.kind === 'cluster') {
      await mode.connection.retryNow();
    } else if (mode.kind === 'snapshot-file') {
      const generation = this.#generation;
      await mode.source.stop();
      if (generation === this.#generation) this.#startFileSource(mode.source, generation);
    }
    return this.state();
  }

  async showDemo(): Promise<SessionState> {
    this.#requests += 1;
    const demo = this.#demoObjects();
    if (!(await this.#switchTo({ kind: 'demo' }))) return this.state();
    this.#connection = { phase: 'static' };
    this.#models.show(demo, DEMO_SOURCE, true);
    return this.state();
  }

  /**
   * Shows a snapshot whose text the window read. A malformed snapshot rejects
   * with the parser's message and leaves the current view as it was.
   */
  async loadSnapshotText(name: string, text: string): Promise<SessionState> {
    const fileName = path.basename(name.replaceAll('\\', '/')).slice(0, 255) || 'snapshot';
    if (looksLikeRecording(fileName, text)) return this.#useRecording(fileName, await openRecordingBytes(fileName, Buffer.from(text), this.#recordingOptions()));
    const objects = this.#deps.parseSnapshot(text, fileName);
    this.#requests += 1;
    if (!(await this.#switchTo({ kind: 'snapshot' }))) return this.state();
    this.#connection = { phase: 'static' };
    const events = (objects as WithEvents<ClusterObjects>).events;
    if (events && events.length > 0) this.#snapshotEvents = staticEventFeed(events);
    this.#models.show(objects, { kind: 'snapshot', name: fileName, namespaces: [] }, true);
    return this.state();
  }

  /** The current objects as snapshot file text, with a file name to offer, and the page's callouts (checked by validate.ts). */
  async snapshot(format: 'json' | 'yaml', callouts: Callout[] = []): Promise<{ fileName: string; text: string }> {
    const shown = await this.#models.shown();
    if (!shown) throw new MessageError(message('errors.session.nothingToSave'), 'There is nothing to save yet: no objects have been loaded.');
    const now = this.#now();
    const source = this.state().source.name;
    // The events read beside the objects go with them (WithEvents), after them in the file.
    const events = this.#eventsShown()?.objects() ?? [];
    const saved: WithEvents<ClusterObjects> = events.length > 0 ? { ...shown, events } : shown;
    const text = this.#deps.writeSnapshot(saved, format, { savedAt: now.toISOString(), source, ...(callouts.length > 0 ? { callouts } : {}) });
    return { fileName: snapshotFileName(source, now, format), text };
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#requests += 1;
    this.#images?.close();
    this.logs.closeAll();
    this.#models.stop();
    await this.#switchTo({ kind: 'demo' });
  }

  // ------------------------------------------------------------ switching

  /**
   * Makes `next` the mode and stops the previous source. Resolves false when
   * another switch started meanwhile: the caller has been overtaken and must
   * leave the view to the newer one.
   */
  async #switchTo(next: Mode): Promise<boolean> {
    const previous = this.#mode;
    const generation = ++this.#generation;
    this.#mode = next;
    this.#firstClusterRevision = undefined;
    this.#demoReason = undefined;
    this.#demoSaid = undefined;
    this.#context = undefined;
    this.#models.cancel();
    // Logs are read through the source shown: they end with it.
    this.logs.closeAll();
    // The old source's events and warning marks go with it.
    this.#followEvents(undefined);
    this.#snapshotEvents = undefined;
    if (previous.kind === 'cluster') await previous.connection.stop();
    if (previous.kind === 'snapshot-file') await previous.source.stop();
    if (previous.kind === 'replay') previous.player.stop();
    // A recording of the cluster ends with the cluster shown.
    if (previous.kind === 'cluster') this.#recording?.close();
    return generation === this.#generation;
  }

  // ------------------------------------------------------------ recordings

  /** How a recording is opened for the app: with keyframes, its reading's progress told to pages (MB read, as LoadProgress 'recording'). */
  #recordingOptions(): { keyframes: true; progress: (read: number, total: number) => void } {
    const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
    return { keyframes: true, progress: (read, total) => this.#events.emit('progress', { resource: 'recording', loaded: mb(read), total: mb(total), done: read >= total }) };
  }

  /** A recording (main/record), shown as its cluster was: its timeline in state().replay. */
  async #useRecording(fileName: string, recording: Recording): Promise<SessionState> {
    this.#requests += 1;
    const source: ModelSource = { kind: 'snapshot', name: fileName, namespaces: [] };
    const stream = {};
    let generation = -1;
    const player = new ReplayPlayer(recording, this.#options.clock ?? systemClock, {
      show: (objects, deltas, now) => {
        if (generation === this.#generation) this.#models.show(objects, source, now, deltas ? { stream, deltas } : undefined);
      },
      // A seek hands over the recording's model at that moment, not the deltas to it (replay.ts).
      state: (state) => {
        if (generation === this.#generation) this.#models.showState(state, source, stream);
      },
      changed: () => {
        if (generation === this.#generation) this.#emitSession();
      },
      failed: (error) => console.error('kube-anatomy: replaying the recording failed:', error),
      // The details panel's events follow the moment shown (a recording of format 2 carries them).
      events: (events, now) => {
        if (generation === this.#generation) replayEvents?.at(events, now);
      },
    });
    const replayEvents = recording.carriesEvents ? new ReplayEvents() : undefined;
    if (!(await this.#switchTo({ kind: 'replay', player }))) return this.state();
    generation = this.#generation;
    if (replayEvents) {
      this.#snapshotEvents = replayEvents;
      this.#followEvents(replayEvents);
    }
    this.#connection = { phase: 'static' };
    await player.start();
    return this.state();
  }

  /** Plays, pauses, steps or seeks the recording shown. */
  async replay(control: ReplayControl): Promise<SessionState> {
    const mode = this.#mode;
    if (mode.kind !== 'replay') throw new MessageError(message('record.error.noRecording'), 'No recording is open.');
    const { player } = mode;
    if (control.action === 'play') await player.play();
    else if (control.action === 'pause') await player.pause();
    else if (control.action === 'step') await player.step(control.by);
    else if (control.action === 'seek') await player.seek(control.t);
    else await player.setSpeed(control.speed);
    return this.state();
  }

  /** Starts recording the cluster shown, from its objects now. */
  async startRecording(): Promise<SessionState> {
    if (this.#mode.kind !== 'cluster' || this.#models.source?.kind !== 'cluster') throw new MessageError(message('record.error.notLive'), 'Only a live cluster can be recorded.');
    if (!this.#recording) {
      const shown = await this.#models.shown();
      if (!shown) throw new MessageError(message('record.error.notLive'), 'Only a live cluster can be recorded.');
      this.#recording = new LiveRecording(shown, this.#models.source, this.#options.clock ?? systemClock, () => this.#emitSession(), this.#options.recordingMaxBytes, this.#mode.connection.events?.objects());
    }
    this.#emitSession();
    return this.state();
  }

  /**
   * Stops recording: the recording's text and a file name to offer. The
   * recording is kept (state().recording.stopped) until the page says it is
   * done with it (recordingSaved), so a save that fails can ask again.
   */
  async stopRecording(): Promise<{ fileName: string; text: string }> {
    const recording = this.#recording;
    if (!recording) throw new MessageError(message('record.error.notRecording'), 'Nothing is being recorded.');
    recording.close();
    this.#emitSession();
    return { fileName: recording.fileName, text: recording.text() };
  }

  /**
   * A page has drawn the model of `revision` (view:shown). Once that is the
   * first model of the cluster shown or a later one, the cluster's events
   * are listed now, no longer left for later so as not to slow that first
   * drawing (EVENTS_AFTER_MS, main/cluster/live-source.ts). Anything else
   * (another source, an older revision) changes nothing.
   */
  viewShown(revision: number): void {
    const first = this.#firstClusterRevision;
    if (this.#mode.kind === 'cluster' && first !== undefined && revision >= first) this.#mode.connection.listEventsNow();
  }

  /** The page saved the stopped recording (or its user declined to): it is let go. A running one goes on. */
  async recordingSaved(): Promise<SessionState> {
    if (this.#recording?.state.stopped) {
      this.#recording = undefined;
      this.#emitSession();
    }
    return this.state();
  }

  async #useSnapshotFile(file: string): Promise<void> {
    const parsers = { parse: this.#deps.parseSnapshot, ...(this.#deps.parseSnapshotStream ? { parseStream: this.#deps.parseSnapshotStream } : {}) };
    // Read once here so a bad file is an error for the caller, not a blank window. Built as it is read, so
    // a large file's objects are never all held beside their model; later versions are read projected.
    const { fingerprint, model, again, modelFor, events } = await readSnapshotFileModel(file, parsers, snapshotFileSource(file, this.#namespaces), { returnMemory: true });
    const source = createSnapshotFileSource(file, {
      ...parsers,
      ...(fingerprint !== undefined ? { initialFingerprint: fingerprint } : {}),
      project: true,
      debounceMs: this.#options.watchDebounceMs,
      clock: this.#options.clock,
    });
    if (!(await this.#switchTo({ kind: 'snapshot-file', file, source }))) return;
    this.#connection = { phase: 'static' };
    // As first read: a later version of the file is read projected, without them.
    if (events) this.#snapshotEvents = staticEventFeed(events);
    this.#models.showBuilt(model, source.description, again, modelFor);
    this.#startFileSource(source, this.#generation);
  }

  #startFileSource(source: ObjectSource, generation: number): void {
    source.start({
      objects: (objects, again) => {
        if (generation === this.#generation) this.#models.show(objects, source.description, false, undefined, again);
      },
      state: (state) => {
        if (generation !== this.#generation) return;
        this.#connection = state;
        this.#emitSession();
      },
    });
  }

  async #useCluster(context: string | undefined): Promise<void> {
    // Assigned once the switch is done; until then the callbacks are stale by definition.
    let generation = -1;
    const current = () => generation === this.#generation && !this.#closed;
    const connection = new ClusterConnection(
      this.#deps,
      {
        ...this.#kubeconfigInput(),
        context,
        namespaces: [...this.#namespaces],
        backoff: this.#options.backoff,
        connectTimeoutMs: this.#options.connectTimeoutMs,
        clock: this.#options.clock,
      },
      {
        objects: (objects, source, change) => {
          if (!current()) return;
          this.#demoReason = undefined;
          this.#demoSaid = undefined;
          this.#context = connection.context;
          this.#recording?.update(objects, change);
          this.#models.show(objects, source, false, change);
          this.#followEvents(connection.events);
        },
        unreachable: (reason) => {
          if (!current()) return;
          this.#demoSaid = demoBecause(reason);
          this.#demoReason = textOf('en', this.#demoSaid);
          this.#context = connection.context;
          if (this.#models.source?.kind === 'demo') this.#emitSession();
          else this.#models.show(this.#demoObjects(), DEMO_SOURCE, true);
        },
        connection: (state) => {
          if (!current()) return;
          this.#connection = state;
          this.#context = connection.context;
          this.#emitSession();
        },
        progress: (progress) => {
          if (current()) this.#events.emit('progress', progress);
        },
      },
    );
    if (!(await this.#switchTo({ kind: 'cluster', connection }))) return;
    generation = this.#generation;
    this.#context = context;
    this.#connection = { phase: 'connecting' };
    this.#emitSession();
    const gate = this.#startAfter;
    this.#startAfter = undefined;
    if (!gate) connection.start();
    // A gate that fails starts the cluster all the same: it only orders the start.
    else void gate.then(undefined, () => {}).then(() => current() && connection.start());
  }

  // ------------------------------------------------------------ helpers

  /**
   * What pages are sent of a new model. A patch goes summarized when the
   * model it applies to went so; a patch across SUMMARY_FROM_PODS goes as the
   * whole model instead, as it would leave the pods it does not touch as they
   * were sent (summarized or not) on the other side of the line.
   */
  #viewOf(update: ModelUpdate, patch: ModelPatchUpdate | undefined): ViewUpdate {
    const summarized = isSummarized(update.model);
    const before = this.#viewSummarized;
    this.#viewSummarized = summarized;
    if (patch && summarized === before) return { channel: 'patch', payload: summarizePatch(patch, summarized) };
    let payload: ModelUpdate | undefined;
    return {
      channel: 'model',
      whole: update,
      get payload() {
        return (payload ??= summarizeUpdate(update));
      },
    };
  }

  #emitSession(): void {
    if (!this.#closed) this.#events.emit('session', this.state());
  }

  #demoObjects(): ClusterObjects {
    this.#demo ??= this.#deps.loadDemo();
    return this.#demo;
  }

  #pendingSource(): ModelSource {
    const namespaces = [...this.#namespaces];
    if (this.#mode.kind === 'cluster') return { kind: 'cluster', name: this.#context ?? '', namespaces };
    return { ...DEMO_SOURCE, namespaces };
  }

  #kubeconfigInput() {
    const { kubeconfig, env, home } = this.#options;
    return kubeconfig === undefined ? { env, home } : { kubeconfig, env, home };
  }

  #now(): Date {
    return this.#options.now?.() ?? new Date();
  }
}
