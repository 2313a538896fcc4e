// From objects to the model the view shows: applies the namespace filter,
// builds, numbers each model with the next revision, and turns a burst of
// source updates into one build. Holds the objects behind the current model,
// which is what a saved snapshot contains.
//
// This is the main process's one coalescing window (sources hand their
// changes on at once). It throttles rather than debounces: the first objects
// of a source, and a change after a quiet spell, are built at once; what
// arrives while more window is owed than `burstMs` waits, and then the latest
// of it is built when enough has drained. A steady stream thus costs about
// one build per window (a few more at its start, within `burstMs`), and
// nothing ever waits for a window that no build opened.
//
// The window follows what a model costs: COST_FACTOR times the last build
// (with its listeners, who send it to pages), between `minCoalesceMs` and
// `coalesceMs`. A fixed 100 ms held back what a change's next events say:
// kwok and the kubelet write a new pod as ADDED, scheduled, then Running with
// its IP within ~15 ms, and the IP waited out the window that ADDED opened
// (80 ms after `kubectl get pods -w` printed it). A build of a small change
// costs a millisecond or two, so the window is then a few milliseconds (the
// page coalesces per frame itself); a build that costs more keeps the main
// process from spending more than about a fifth of its time on models.
// What a build costs is read on the thread's CPU clock, not the wall clock:
// on two cores shared with the API server, kwok and the browser, a 1 ms build
// was often preempted into 15–20 ms of wall time, and the window of four
// times that held the pod's IP, which came ~10 ms later, for another 30–60 ms.
// Windows add up and drain with the clock between builds, and a change is
// built at once while what is owed is within `burstMs`. At 5,000
// pods a new pod's IP waited out the windows its first two events' builds
// opened; a short burst after a quiet spell now goes out event by event,
// and a steady stream is still held to about one build a window.
//
// A source that tells deltas (a live cluster) is not rebuilt: the pipeline
// keeps the model's state (main/model/apply.ts) and applies the deltas of
// each window to it, and the change goes out as a patch against the model
// before. The state starts over from the objects, and the model goes out
// whole, where a patch cannot say it: the first objects of a source, a
// source restarted (a reconnect), a namespace filter that would drop some of
// the objects (they then go through the full build, which filters).
//
// A recording's seek hands over a ready state instead (showState: a keyframe
// advanced to the moment, main/record/reader.ts): applying the difference
// between the moment shown and a far one as deltas costs most of a build,
// while the state is there already. It goes out as the patch between the two
// models (model-diff.ts), which names only what differs and so costs less to
// send and to apply than the whole model, unless it names about all of it
// (then whole, as a first model goes); the stream's later deltas apply to it.
//
// Objects that a source can read again (a snapshot file keeps a compressed
// copy) are let go once built: 100,000 pods parsed hold about 500 MiB, as
// much as their model. A saved snapshot and a namespace change read them
// again when asked.

import type { ModelPatchUpdate, ModelUpdate } from '../contract/api.ts';
import { applyDeltas, modelStateFrom, type ModelState } from '../model/apply.ts';
import type { Delta } from '../model/delta.ts';
import type { ClusterObjects } from '../model/kube.ts';
import { storeObjects } from '../model/store.ts';
import { modelChanges } from '../model/model-diff.ts';
import { isEmptyPatch } from '../model/patch.ts';
import type { AnatomyModel, ModelSource } from '../model/types.ts';
import { systemClock, type Clock, type TimerHandle } from '../common/clock.ts';
import type { SessionDeps } from './deps.ts';
import { filterByNamespace, keptByNamespace, keptWhole } from './filter.ts';

/** What changed since the last objects a source gave: its deltas (ObjectSource.givesDeltas). */
export interface ObjectChange {
  /** The same value for every delivery of one started source; another value means its deltas begin from nothing again. */
  stream: object;
  deltas: Delta[];
}

/** The model state of one stream of deltas. */
interface Stream {
  readonly id: object;
  /** The state of the objects last built; undefined when the next build starts over from the objects. */
  state?: ModelState;
  /** The deltas since `state`, in order. */
  pending: Delta[];
}

export interface ModelPipelineOptions {
  build: SessionDeps['buildModel'];
  /** The namespace filter in force when a build runs. */
  namespaces: () => string[];
  /** Updates arriving while a build's window is owed become one model, built when it has drained; this is the longest window. */
  coalesceMs: number;
  /** The shortest window, however cheap a build (default coalesceMs: a fixed window). */
  minCoalesceMs?: number;
  /**
   * How much window may be left owing when an update comes and is still built
   * at once (default 0: every build waits out the window of the one before).
   * The windows add up and drain with the clock between builds, so a short
   * burst after a quiet spell goes out at once, while a steady stream still
   * builds about once a window. A forced build (rebuild(), `now`, a switch)
   * starts owing afresh.
   */
  burstMs?: number;
  /** Every new model, whole; with `patch` when it also goes as a change to the model of the revision before. */
  onModel(update: ModelUpdate, patch?: ModelPatchUpdate): void;
  clock?: Clock;
  /**
   * Milliseconds of work done, read before and after a build to tell what it
   * cost: by default this thread's CPU time, or the `clock` when another than
   * the system's is given (tests move it by hand, as the work).
   */
  busy?: () => number;
}

export class ModelPipeline {
  readonly #options: ModelPipelineOptions;
  readonly #clock: Clock;
  readonly #busy: () => number;
  #revision = 0;
  #update: ModelUpdate | null = null;
  /** The objects as the source gave them (before the namespace filter); undefined once built when `again` can read them again. */
  #raw:
    | {
        objects: ClusterObjects | undefined;
        source: ModelSource;
        again?: () => Promise<ClusterObjects>;
        built?: AnatomyModel;
        /** Builds the model for another filter as the objects are read again, never holding them all (showBuilt). */
        modelFor?: (source: ModelSource) => Promise<AnatomyModel>;
      }
    | undefined;
  /** Counts the objects show() was given, so that objects read again are not taken for newer ones. */
  #given = 0;
  #shown: ClusterObjects | undefined;
  /** The namespace filter of the last build: what `#shown` kept of the objects. */
  #shownNamespaces: string[] = [];
  #stream: Stream | undefined;
  #timer: TimerHandle | undefined;
  /** When the last build of the current source ended; undefined until it has built once. */
  #lastBuild: number | undefined;
  /** The window the last build opened: what it cost, times COST_FACTOR, within the bounds. */
  #window = 0;
  /** The windows not yet waited out when the last build ended: its own and what the ones before still owed when it began. */
  #owed = 0;
  #stopped = false;

  constructor(options: ModelPipelineOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    const clock = this.#clock;
    this.#busy = options.busy ?? (options.clock && options.clock !== systemClock ? () => clock.now() : cpuMs);
  }

  get revision(): number {
    return this.#revision;
  }

  /** The last model built, or null before the first. */
  get update(): ModelUpdate | null {
    return this.#update;
  }

  /** Where the objects on their way to the view came from. */
  get source(): ModelSource | undefined {
    return this.#raw?.source;
  }

  /** The filtered objects behind the current model (pending updates built first), read again when they were let go. */
  async shown(): Promise<ClusterObjects | undefined> {
    if (this.#timer !== undefined) this.rebuild();
    const raw = this.#raw;
    if (this.#shown || !raw || raw.objects || !raw.again || !this.#update) return this.#shown;
    const namespaces = this.#shownNamespaces;
    return filterByNamespace(await raw.again(), namespaces);
  }

  /**
   * Takes new objects. `now` builds at once; otherwise so do the first objects
   * of a source and objects that come while no more window is owed than
   * `burstMs`, and the rest wait until enough of it has drained. `change`, from a source
   * that tells deltas, is what changed since its last objects; every change
   * of a window is applied when it closes, none is dropped. `again`, when
   * given, reads the same objects again: they are then let go once built.
   */
  show(objects: ClusterObjects, source: ModelSource, now: boolean, change?: ObjectChange, again?: () => Promise<ClusterObjects>): void {
    this.#raw = again ? { objects, source, again } : { objects, source };
    this.#given += 1;
    if (!change) this.#stream = undefined;
    else if (this.#stream?.id !== change.stream) this.#stream = { id: change.stream, pending: [] };
    // Without a state the next build starts from the objects, which hold these deltas already.
    else if (this.#stream.state) for (const d of change.deltas) this.#stream.pending.push(d);
    if (now) {
      this.rebuild();
      return;
    }
    if (this.#timer !== undefined) return;
    const wait = this.#owedAt(this.#clock.now()) - (this.#options.burstMs ?? 0);
    if (wait <= 0) {
      this.#build();
      return;
    }
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#build();
    }, wait);
  }

  /**
   * Shows at once a ready model state of the stream `stream` (a recording's
   * seek: a keyframe's state, advanced to the moment), instead of deltas from
   * the objects shown: the state is taken as it is, and what goes to the
   * pages is the patch from the model they have when it is small, the whole
   * model otherwise. With a namespace filter that would drop objects, the
   * state's objects go through the full build, as show() does.
   */
  showState(state: ModelState, source: ModelSource, stream: object): void {
    const objects = storeObjects(state.store);
    this.#raw = { objects, source };
    this.#given += 1;
    this.cancel();
    const namespaces = [...this.#options.namespaces()];
    const wanted = { ...source, namespaces };
    if (this.#stopped) return;
    if (!keptWhole(objects, namespaces)) {
      // The full build filters; the stream starts over from the objects at its next deltas.
      this.#stream = { id: stream, pending: [] };
      this.#build();
      return;
    }
    const started = this.#busy();
    const startedAt = this.#clock.now();
    // The state's model names the recording's source; the view names what it shows.
    const model = sameSource(state.model.source, wanted) ? state.model : { ...state.model, source: wanted };
    this.#stream = { id: stream, state: model === state.model ? state : { ...state, model }, pending: [] };
    const before = this.#update?.model;
    const diff = before && modelChanges(before, model);
    const baseRevision = this.#revision;
    this.#revision += 1;
    this.#shown = objects;
    this.#shownNamespaces = namespaces;
    this.#update = { revision: this.#revision, model };
    // A patch names only what differs, so it is the smaller unless it names about everything (models built apart share nothing).
    const patch = diff && diff.changed <= WHOLE_FROM * (model.stats.pods + model.nodes.length) ? { baseRevision, revision: this.#revision, patch: diff.patch } : undefined;
    this.#options.onModel(this.#update, patch);
    this.#timed(started, startedAt);
  }

  /**
   * Shows at once a model built as its objects were read, which were not
   * kept (a large snapshot file: snapshot-file.ts readSnapshotFileModel);
   * `again` reads them, for a save; `modelFor` builds the model for another
   * namespace filter as they are read again, as this one was. A model built
   * for another filter than the one now in force is built again.
   */
  showBuilt(model: AnatomyModel, source: ModelSource, again: () => Promise<ClusterObjects>, modelFor?: (source: ModelSource) => Promise<AnatomyModel>): void {
    this.#raw = { objects: undefined, source, again, built: model, ...(modelFor ? { modelFor } : {}) };
    this.#given += 1;
    this.#stream = undefined;
    if (model.source.namespaces.join('\n') === this.#options.namespaces().join('\n')) this.rebuild();
    else void this.refilter();
  }

  /** Builds from the latest objects now (after a filter change, or to flush a pending burst). */
  rebuild(): void {
    this.cancel();
    this.#build();
  }

  /** rebuild(), after reading the objects again when they were let go (a filter change). */
  async refilter(): Promise<void> {
    const raw = this.#raw;
    if (raw && !raw.objects && raw.modelFor && raw.again) {
      const given = this.#given;
      const namespaces = [...this.#options.namespaces()];
      const built = await raw.modelFor({ ...raw.source, namespaces });
      // Newer objects came meanwhile, or another filter: they are built on their own.
      if (given !== this.#given || this.#stopped || namespaces.join('\n') !== this.#options.namespaces().join('\n')) return;
      this.#raw = { objects: undefined, source: raw.source, again: raw.again, built, modelFor: raw.modelFor };
    } else if (raw && !raw.objects && raw.again) {
      const given = this.#given;
      const objects = await raw.again();
      // Newer objects came meanwhile: they are built (with the filter now in force) on their own.
      if (given !== this.#given || this.#stopped) return;
      this.#raw = { objects, source: raw.source, again: raw.again };
    }
    this.rebuild();
  }

  /** Drops a pending build: its objects belong to a source being replaced, whose first objects are then built without waiting. */
  cancel(): void {
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#lastBuild = undefined;
  }

  stop(): void {
    this.#stopped = true;
    this.cancel();
  }

  /** The window the last build opened: COST_FACTOR times what it cost, within the bounds (added to what was still owed). */
  get window(): number {
    return this.#window;
  }

  #build(): void {
    const started = this.#busy();
    const startedAt = this.#clock.now();
    if (!this.#make()) return;
    this.#timed(started, startedAt);
  }

  /**
   * A model begun at `started` (on the busy clock) and `startedAt` (on the
   * clock) went out: it owes COST_FACTOR times what it cost, within the
   * bounds, from its end, on top of what was still owed when it began.
   */
  #timed(started: number, startedAt: number): void {
    const { coalesceMs, minCoalesceMs = coalesceMs } = this.#options;
    const before = this.#owedAt(startedAt);
    // From the end of the work: the listeners sent it to the pages too.
    this.#lastBuild = this.#clock.now();
    this.#window = Math.min(coalesceMs, Math.max(minCoalesceMs, COST_FACTOR * (this.#busy() - started)));
    this.#owed = before + this.#window;
  }

  /** The window still owed at `time`: what the last build left owing, drained by the clock since it ended. */
  #owedAt(time: number): number {
    return this.#lastBuild === undefined ? 0 : Math.max(0, this.#owed - Math.max(0, time - this.#lastBuild));
  }

  /** Builds the model and hands it on; false when there was nothing to build, or the build failed. */
  #make(): boolean {
    const raw = this.#raw;
    if (!raw || (!raw.objects && !raw.built) || this.#stopped) return false;
    const namespaces = [...this.#options.namespaces()];
    const source = { ...raw.source, namespaces };
    const stream = this.#stream;
    const changed = stream && raw.objects && this.#fromDeltas(stream, raw.objects, source);
    if (changed === 'unchanged') return true;
    let model: AnatomyModel;
    let objects: ClusterObjects | undefined;
    if (changed) {
      ({ model } = changed);
      objects = raw.objects;
    } else if (!raw.objects) {
      // showBuilt(): built for this filter (refilter() reads the objects for another).
      model = raw.built as AnatomyModel;
    } else {
      objects = filterByNamespace(raw.objects, namespaces);
      try {
        model = this.#options.build(objects, source);
      } catch (error) {
        // The builder is meant never to throw; if it does, the last good view stays.
        console.error('kube-anatomy: building the model failed:', error);
        return false;
      }
    }
    const baseRevision = this.#revision;
    this.#revision += 1;
    this.#shown = objects;
    this.#shownNamespaces = namespaces;
    if (raw.again && !stream) {
      // Built: the model is all the view needs; shown() and refilter() read the objects again.
      this.#raw = { objects: undefined, source: raw.source, again: raw.again, ...(raw.modelFor ? { modelFor: raw.modelFor } : {}) };
      this.#shown = undefined;
    }
    this.#update = { revision: this.#revision, model };
    const patch = changed?.patch && { baseRevision, revision: this.#revision, patch: changed.patch };
    this.#options.onModel(this.#update, patch);
    return true;
  }

  /**
   * The stream's deltas applied to its state: the new model, and the patch
   * from the model last handed out when there is one. 'unchanged' when the
   * deltas changed nothing drawn (duplicates, a heartbeat the model does not
   * show); undefined when only the full build can make this model.
   */
  #fromDeltas(stream: Stream, objects: ClusterObjects, source: ModelSource): { model: AnatomyModel; patch?: ModelPatchUpdate['patch'] } | 'unchanged' | undefined {
    const { namespaces } = source;
    let state = stream.state;
    const pending = stream.pending;
    stream.state = undefined;
    stream.pending = [];
    try {
      if (state && (!sameSource(state.model.source, source) || !pending.every((d) => d.type === 'gaps' || keptByNamespace(d.resource, d.object, namespaces)))) {
        state = undefined;
      }
      if (!state) {
        // Starting over: only objects the filter keeps whole are the view as they are.
        if (!keptWhole(objects, namespaces)) return undefined;
        stream.state = modelStateFrom(objects, source);
        return { model: stream.state.model };
      }
      const applied = applyDeltas(state, pending);
      stream.state = applied.state;
      const { patch } = applied;
      // A patch is against the model the pages have: the last one handed out.
      if (patch.kind !== 'changes' || this.#update?.model !== state.model) return { model: applied.state.model };
      if (!isEmptyPatch(patch)) return { model: applied.state.model, patch };
      // The same model again: keep the new object, so the next patch is made against what is handed out.
      this.#update = { revision: this.#revision, model: applied.state.model };
      return 'unchanged';
    } catch (error) {
      // applyDeltas is meant never to throw; if it does, the full build stands in and the state starts over.
      console.error('kube-anatomy: updating the model from deltas failed; building it whole:', error);
      stream.state = undefined;
      return undefined;
    }
  }
}

/** showState sends the whole model rather than a patch naming more than this share of its pods and nodes. */
const WHOLE_FROM = 0.9;

/** A window this many times the build's cost keeps models to about a fifth of the main process under a steady stream. */
export const COST_FACTOR = 4;

/**
 * This thread's CPU time in ms (Node 23.9+ and Electron's Node tell it), else
 * the process's: a worker's or the GC's threads then count too, which only
 * makes a window longer, never shorter than the work was.
 */
function cpuMs(): number {
  const usage = typeof process.threadCpuUsage === 'function' ? process.threadCpuUsage() : process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function sameSource(a: ModelSource, b: ModelSource): boolean {
  return a.kind === b.kind && a.name === b.name && a.server === b.server && a.namespaces.join('\n') === b.namespaces.join('\n');
}
