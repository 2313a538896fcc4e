// Plays a recording as if it were the cluster: its changes go to the model
// pipeline as a live source's do (deltas of one stream, the objects they
// leave), so the page gets patches and the picture animates as it does live.
// Time is the recording's, run by an injected clock at a chosen speed; a seek
// or a step back goes through the same path, as the deltas between where the
// view is and where it goes (what a relist would say), so it animates too;
// unless the output takes a ready model state (ReplayOutput.state, the
// session's): then a seek that does not go on from the moment shown hands
// over the recording's model there (a keyframe advanced to it), since the
// difference from a far moment is most of the cluster, and applying it as
// deltas cost more than the seek itself (model-pipeline.ts showState).
//
// A recording that carries the cluster's events (format 2) has them follow
// the moment shown too (ReplayEvents, the session's event feed meanwhile).
//
// One operation at a time: play's ticks, steps and seeks are chained, each
// starting from the position the one before left.

import type { Clock, TimerHandle } from '../common/clock.ts';
import type { ReplayState } from '../contract/api.ts';
import { OBJECT_LISTS, relistDeltas, type Delta } from '../model/delta.ts';
import type { ClusterObjects, KubeObject } from '../model/kube.ts';
import { storeObjects, type ObjectStore } from '../model/store.ts';
import type { Recording } from '../record/reader.ts';
import type { ModelState } from '../model/apply.ts';
import { EventStore } from '../cluster/event-store.ts';
import type { EventFeed, EventsAnswer, EventTarget } from '../model/events.ts';

/** A jump forward of at most this many changes goes on from the moment shown, as deltas, even past a keyframe (a tick at 32x at 1,000 changes/s is 500). */
const SHORT_JUMP = 1000;

/** Play draws at most this often: changes due within a frame go together. */
const FRAME_MS = 16;

/**
 * A recording's events as the session's event feed (events:get, the warning
 * marks): the events held at the moment shown, in an event store as a live
 * watch keeps them, so the details panel answers what the cluster had then.
 * Warnings are recent relative to the recording's time, not the wall clock.
 */
export class ReplayEvents implements EventFeed {
  readonly #store = new EventStore();
  readonly #listeners = new Set<(changed: Set<string>) => void>();
  #raw: readonly KubeObject[] = [];
  #now = 0;
  /** When the soonest warning mark runs out (recording time as ms since the epoch). */
  #expires: number | undefined;

  /** The events held at `now` (ms since the epoch, the recording's clock); `raw` undefined: the same as before. */
  at(raw: readonly KubeObject[] | undefined, now: number): void {
    const back = now < this.#now;
    this.#now = now;
    let changed: Set<string> | undefined;
    if (raw !== undefined) {
      this.#raw = raw;
      changed = this.#store.sync(raw);
    }
    // Marks change with the time alone when one runs out, or when time goes back past when one was made.
    const marks = back || (this.#expires !== undefined && now >= this.#expires);
    if (changed === undefined && !marks) return;
    this.#expires = this.#store.warnings(now).expires;
    if ((changed && changed.size > 0) || marks) for (const listener of [...this.#listeners]) listener(changed ?? new Set());
  }

  answer(target: EventTarget): EventsAnswer {
    return { state: 'ok', events: this.#store.eventsFor(target) };
  }

  warnings(): { pods: Set<string>; expires?: number } {
    return this.#store.warnings(this.#now);
  }

  subscribe(listener: (changed: Set<string>) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  objects(): KubeObject[] {
    return [...this.#raw];
  }
}

export interface ReplayOutput {
  /** The objects now, and the deltas from the objects shown before (none for the first). `now`: show without waiting for the window. */
  show(objects: ClusterObjects, deltas: Delta[] | undefined, now: boolean): void;
  /**
   * The model state after the changes shown (the recording's keyframes, advanced), in place of show()
   * when the view does not go on from the objects shown (the first state, a seek back or far ahead).
   */
  state?(state: ModelState, now: boolean): void;
  /** The position, playing or speed changed. */
  changed(): void;
  /** An operation failed (the file changed under it): said once, playing stops. */
  failed(error: unknown): void;
  /** The events at the moment shown (a recording that carries them): undefined when they are as they were; `now` is that moment, ms since the epoch. */
  events?(events: readonly KubeObject[] | undefined, now: number): void;
}

export class ReplayPlayer {
  readonly #recording: Recording;
  readonly #clock: Clock;
  readonly #out: ReplayOutput;
  #store: ObjectStore | undefined;
  /** Changes applied. */
  #n = 0;
  /** Recording time shown (ms since its start). */
  #t = 0;
  #playing = false;
  #speed = 1;
  /** While playing: when (clock) the recording was at #anchorT. */
  #anchorWall = 0;
  #anchorT = 0;
  #timer: TimerHandle | undefined;
  #chain: Promise<void> = Promise.resolve();
  #stopped = false;
  /** Event changes applied to the events last shown; -1 before the first. */
  #eventCount = -1;

  constructor(recording: Recording, clock: Clock, out: ReplayOutput) {
    this.#recording = recording;
    this.#clock = clock;
    this.#out = out;
  }

  get state(): ReplayState {
    const r = this.#recording;
    const state: ReplayState = { started: r.header.started, duration: r.duration, t: this.#t, n: this.#n, changes: r.changes, playing: this.#playing, speed: this.#speed, ended: r.ended };
    if (r.cutShort !== undefined) state.cutShort = r.cutShort;
    return state;
  }

  /** Shows the first state. */
  start(): Promise<void> {
    return this.#run(async () => {
      if (this.#out.state) {
        const state = await this.#recording.modelStateAfter(0);
        this.#store = state.store;
        this.#out.state(state, true);
      } else {
        this.#store = await this.#recording.storeAfter(0);
        this.#out.show(storeObjects(this.#store), undefined, true);
      }
      await this.#showEvents(0);
      // The keyframes' models, left by the opening to be made now that the recording is shown (reader.ts).
      void this.#recording.buildKeyframes(() => this.#stopped).catch((error: unknown) => console.error('kube-anatomy: building the recording\'s keyframes failed:', error));
    });
  }

  play(): Promise<void> {
    return this.#run(async () => {
      if (this.#playing) return;
      // From the end, play starts again from the beginning.
      if (this.#n >= this.#recording.changes && this.#t >= this.#recording.duration) await this.#goTo(0, 0, true);
      this.#playing = true;
      this.#anchor();
      this.#schedule();
    });
  }

  pause(): Promise<void> {
    return this.#run(async () => this.#pause());
  }

  setSpeed(speed: number): Promise<void> {
    return this.#run(async () => {
      if (this.#playing) this.#t = this.#now();
      this.#speed = speed;
      if (this.#playing) {
        this.#anchor();
        this.#schedule();
      }
    });
  }

  /** `by` changes forward (or back, negative), paused. */
  step(by: number): Promise<void> {
    return this.#run(async () => {
      this.#pause();
      const n = Math.max(0, Math.min(this.#recording.changes, this.#n + by));
      await this.#goTo(n, n === 0 ? 0 : this.#recording.timeOf(n - 1), true);
    });
  }

  /** To recording time `t` (ms since its start): every change at or before it. Keeps playing if it was. */
  seek(t: number): Promise<void> {
    return this.#run(async () => {
      const to = Math.max(0, Math.min(this.#recording.duration, t));
      await this.#goTo(this.#recording.changesAt(to), to, true);
      if (this.#playing) {
        this.#anchor();
        this.#schedule();
      }
    });
  }

  stop(): void {
    this.#stopped = true;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #run(op: () => Promise<void>): Promise<void> {
    const next = this.#chain.then(async () => {
      if (this.#stopped) return;
      try {
        await op();
      } catch (error) {
        this.#pause();
        this.#out.failed(error);
      }
      if (!this.#stopped) this.#out.changed();
    });
    this.#chain = next;
    return next;
  }

  #pause(): void {
    if (this.#playing) this.#t = Math.min(this.#recording.duration, this.#now());
    this.#playing = false;
    this.#clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #anchor(): void {
    this.#anchorWall = this.#clock.now();
    this.#anchorT = this.#t;
  }

  /** Recording time now, while playing. */
  #now(): number {
    return this.#anchorT + (this.#clock.now() - this.#anchorWall) * this.#speed;
  }

  #schedule(): void {
    this.#clock.clearTimeout(this.#timer);
    const r = this.#recording;
    let due = this.#n < r.changes ? r.timeOf(this.#n) : r.duration;
    // An event change between two changes of the model is shown at its time too.
    if (this.#out.events && r.carriesEvents) due = Math.min(due, r.nextEventTime(this.#t) ?? due);
    const wait = Math.max(FRAME_MS, (due - this.#now()) / this.#speed);
    this.#timer = this.#clock.setTimeout(() => {
      this.#timer = undefined;
      void this.#run(async () => this.#tick());
    }, wait);
  }

  async #tick(): Promise<void> {
    if (!this.#playing) return;
    const r = this.#recording;
    const t = Math.min(r.duration, this.#now());
    await this.#goTo(r.changesAt(t), t, false);
    if (t >= r.duration) {
      this.#playing = false;
      this.#t = r.duration;
      return;
    }
    this.#schedule();
  }

  /** Shows the objects after `n` changes, at time `t`. */
  async #goTo(n: number, t: number, now: boolean): Promise<void> {
    const store = this.#store;
    if (!store) return;
    this.#t = t;
    await this.#showEvents(t);
    if (n === this.#n) return;
    let next: ObjectStore;
    let deltas: Delta[];
    // On from here, unless a keyframe or state line after here is nearer: a long jump reads only the changes after that.
    // Play's ticks (and short steps) go on from here across a keyframe too: they animate as deltas, as live.
    if (n > this.#n && (this.#recording.seekStart(n) <= this.#n || n - this.#n <= SHORT_JUMP)) {
      ({ store: next, deltas } = await this.#recording.changesFrom(store, this.#n, n));
    } else if (this.#out.state) {
      const state = await this.#recording.modelStateAfter(n);
      this.#store = state.store;
      this.#n = n;
      this.#out.state(state, now);
      return;
    } else {
      next = await this.#recording.storeAfter(n);
      deltas = difference(store, next);
    }
    this.#store = next;
    this.#n = n;
    this.#out.show(storeObjects(next), deltas, now);
  }

  /** The events at recording time `t`, when the recording carries them: read only when some changed since those shown. */
  async #showEvents(t: number): Promise<void> {
    const r = this.#recording;
    if (!this.#out.events || !r.carriesEvents) return;
    const count = r.eventChangesAt(t);
    const now = Date.parse(r.header.started) + t;
    if (count === this.#eventCount) {
      this.#out.events(undefined, now);
      return;
    }
    const events = await r.eventsAt(t);
    this.#eventCount = count;
    this.#out.events(events, now);
  }
}

/** The deltas that turn what `from` holds into what `to` holds, as a relist would find them. */
function difference(from: ObjectStore, to: ObjectStore): Delta[] {
  const deltas: Delta[] = [];
  for (const list of OBJECT_LISTS) deltas.push(...relistDeltas(list, from.lists[list].values() as Iterable<KubeObject>, to.lists[list].values() as Iterable<KubeObject>));
  if (JSON.stringify([from.gaps, from.unread]) !== JSON.stringify([to.gaps, to.unread])) deltas.push({ type: 'gaps', gaps: [...to.gaps], unread: [...to.unread] });
  return deltas;
}
