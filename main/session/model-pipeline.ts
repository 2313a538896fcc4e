// From objects to the model the view shows: applies the namespace filter,
// builds, numbers each model with the next revision, and turns a burst of
// source updates into one build. Holds the objects behind the current model,
// which is what a saved snapshot contains.
//
// This is the main process's one coalescing window (sources hand their
// changes on at once). It throttles rather than debounces: the first objects
// of a source, and a change after a quiet spell, are built at once; only
// what arrives within `coalesceMs` of a build waits, and then the latest of
// it is built when the window closes. A burst thus costs at most one build
// per window, and nothing ever waits for a window that no build opened.

import type { ModelUpdate } from '../contract/api.ts';
import type { ClusterObjects } from '../model/kube.ts';
import type { ModelSource } from '../model/types.ts';
import { systemClock, type Clock, type TimerHandle } from '../common/clock.ts';
import type { SessionDeps } from './deps.ts';
import { filterByNamespace } from './filter.ts';

export interface ModelPipelineOptions {
  build: SessionDeps['buildModel'];
  /** The namespace filter in force when a build runs. */
  namespaces: () => string[];
  /** Updates arriving within this long after a build become one model, built when the window closes. */
  coalesceMs: number;
  onModel(update: ModelUpdate): void;
  clock?: Clock;
}

export class ModelPipeline {
  readonly #options: ModelPipelineOptions;
  readonly #clock: Clock;
  #revision = 0;
  #update: ModelUpdate | null = null;
  /** The objects as the source gave them (before the namespace filter). */
  #raw: { objects: ClusterObjects; source: ModelSource } | undefined;
  #shown: ClusterObjects | undefined;
  #timer: TimerHandle | undefined;
  /** When the last build of the current source ran; undefined until it has built once. */
  #lastBuild: number | undefined;
  #stopped = false;

  constructor(options: ModelPipelineOptions) {
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
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

  /** The filtered objects behind the current model (pending updates built first). */
  shown(): ClusterObjects | undefined {
    if (this.#timer !== undefined) this.rebuild();
    return this.#shown;
  }

  /**
   * Takes new objects. `now` builds at once; otherwise so do the first objects
   * of a source and objects that come after a quiet window, and the rest wait
   * for the window opened by the last build to close.
   */
  show(objects: ClusterObjects, source: ModelSource, now: boolean): void {
    this.#raw = { objects, source };
    if (now) {
      this.rebuild();
      return;
    }
    if (this.#timer !== undefined) return;
    const wait = this.#lastBuild === undefined ? 0 : this.#lastBuild + this.#options.coalesceMs - this.#clock.now();
    if (wait <= 0) {
      this.#build();
      return;
    }
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      this.#build();
    }, wait);
  }

  /** Builds from the latest objects now (after a filter change, or to flush a pending burst). */
  rebuild(): void {
    this.cancel();
    this.#build();
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

  #build(): void {
    if (!this.#raw || this.#stopped) return;
    const namespaces = [...this.#options.namespaces()];
    const objects = filterByNamespace(this.#raw.objects, namespaces);
    let model;
    try {
      model = this.#options.build(objects, { ...this.#raw.source, namespaces });
    } catch (error) {
      // The builder is meant never to throw; if it does, the last good view stays.
      console.error('kube-anatomy: building the model failed:', error);
      return;
    }
    this.#lastBuild = this.#clock.now();
    this.#revision += 1;
    this.#shown = objects;
    this.#update = { revision: this.#revision, model };
    this.#options.onModel(this.#update);
  }
}
