// Opens a recording: untrusted input, like a snapshot. The file is read once
// from start to end in chunks, every line checked (its size, its JSON, how
// deep it nests, its shape, time never going back), and what is kept is an
// index, not the objects: each change's time and place in the file, and each
// state line's. Seeking reads back only the nearest state line at or before
// the moment and the changes after it.
//
// Errors name the file and the line (and the column, for JSON syntax). A last
// line cut short (no newline, not valid JSON: the writer crashed mid-line) is
// dropped, and the recording opens up to the line before it (`cutShort`).
//
// Keyframes (the app's timeline asks for them; an export of one moment does
// not): while the file is read, the incremental model (main/model/apply.ts)
// is kept at every few hundred objects changed. A keyframe is a ModelState,
// which shares every object, index entry and pod model its change did not
// touch with the one before, so they cost memory for what changed, not for
// the cluster at each of them. A seek then starts from the nearest keyframe
// (or from where the last seek landed, when that is nearer): it reads only
// the changes between, and applies each object's last change once to the
// model there, instead of parsing a state line (the whole cluster) and
// building the model again. Keyframes are spaced by objects changed, and
// thinned (every other one dropped, the spacing doubled) when the versions
// they hold pass a bound, so memory stays bounded on a long busy recording
// and seeks get slower there instead.
//
// While the file is read, a keyframe is only its objects (a store, shared as
// the models are) and the keys changed since the one before: applying those
// changes to the model, a third of the opening's time, is left to
// buildKeyframes(), which the player runs after the recording is shown, a
// keyframe at a time between other work. A seek into a stretch not built yet
// builds the few keyframes before it in order, or, when the nearest built
// one is far, the model of its keyframe whole (not kept: it would share
// nothing with its neighbours).

import fsp from 'node:fs/promises';
import type { Delta } from '../model/delta.ts';
import type { KubeObject } from '../model/kube.ts';
import { buildModel } from '../model/build.ts';
import { applyDeltas, modelStateFrom, type ModelState } from '../model/apply.ts';
import { emptyStore, StoreDraft, storeObjects, type ObjectStore } from '../model/store.ts';
import { OBJECT_LISTS, objectKey, sameVersion, type ObjectList } from '../model/delta.ts';
import type { AnatomyModel } from '../model/types.ts';
import { SnapshotError } from '../snapshot/error.ts';
import { jsonErrorOffset, jsonProblem } from '../snapshot/json-error.ts';
import { MAX_NESTING, tooDeep } from '../snapshot/depth.ts';
import { applyMergePatch, eventKey, headerProblem, lineProblem, type PatchedChange, type RecordedState, type RecordingHeader, type RecordingLine } from './format.ts';

/** A state line of 100,000 pods is some 200 MiB; V8 strings end at 512 MiB. */
export const MAX_LINE_BYTES = 256 * 1024 * 1024;
/** Changes indexed at most (16 bytes each in the index). */
export const MAX_CHANGES = 20_000_000;

const CHUNK = 4 * 1024 * 1024;
/** State lines whose stores are kept for seeking again. */
const KEPT_STATES = 2;
/** A state line larger than this (some 15,000 pods) is read again each time rather than kept: its objects take several times its size. */
const MAX_KEPT_STATE_BYTES = 64 * 1024 * 1024;

/** Objects changed between two keyframes, at first. */
export const KEYFRAME_EVERY = 500;
/** Object versions all keyframes may hold (about 2.5 KB each with their model and indexes) before they are thinned. */
export const MAX_KEYFRAME_VERSIONS = 150_000;

export interface OpenOptions {
  maxLineBytes?: number;
  maxChanges?: number;
  /** Keep models along the recording for seeking (module comment); left out, a seek builds the model from a state line. */
  keyframes?: boolean | { every?: number; maxVersions?: number };
  /** Told the bytes read so far and the whole size after each piece read (a loading text's progress); the opening yields to other work between pieces. */
  progress?: (read: number, total: number) => void;
}

/** What a recording is read from: its file, or its bytes (a recording the page read and sent). */
interface Bytes {
  read(buffer: Buffer, offset: number, length: number, position: number): Promise<{ bytesRead: number }>;
  close(): Promise<void>;
}

type Opener = () => Promise<Bytes>;

function inMemory(data: Uint8Array): Opener {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return async () => ({
    read: async (buffer, offset, length, position) => ({ bytesRead: bytes.copy(buffer, offset, position, Math.min(bytes.length, position + length)) }),
    close: async () => {},
  });
}

/**
 * The objects after the first `n` changes, and their model once built (buildKeyframes, or a seek near it);
 * `touched`: the keys changed since the keyframe before (let go once the model is built); `versions`: objects changed since it (what it holds of its own).
 */
interface Keyframe {
  n: number;
  store: ObjectStore;
  touched?: Touched;
  state?: ModelState;
  versions: number;
}

/** A seek builds at most this many keyframes' models in a row; farther from a built one, it builds its keyframe's model whole. */
const CHAIN_FRAMES = 4;

interface StateEntry {
  t: number;
  /** Changes before it. */
  n: number;
  offset: number;
  length: number;
  line: number;
}

export class Recording {
  /** Its file, or the name it was given. */
  readonly file: string;
  readonly header: RecordingHeader;
  readonly #open: Opener;
  /** Milliseconds from the start to the last line read. */
  readonly duration: number;
  /** The end line was read: the recording was closed, not cut short. */
  readonly ended: boolean;
  /** The line dropped because it was cut short, when there was one. */
  readonly cutShort?: number;
  readonly #times: Float64Array;
  readonly #offsets: Float64Array;
  readonly #lengths: Uint32Array;
  readonly #lines: Float64Array;
  readonly #states: StateEntry[];
  /** In order of n; empty when not asked for. */
  readonly #keyframes: readonly Keyframe[];
  /** The last store storeAfter() made (a value: stores are never changed). */
  #last: { n: number; store: ObjectStore } | undefined;
  /** The last model modelStateAfter() made. */
  #lastState: { n: number; state: ModelState } | undefined;
  readonly #events: EventIndex;
  /** The events eventsAt() made last, after `count` event changes (its map is changed only by going on from it). */
  #eventsLast: { count: number; held: Map<string, KubeObject> } | undefined;
  /** State lines' stores read lately, least recently used first. */
  readonly #stateStores = new Map<StateEntry, ObjectStore>();

  /** Use openRecording(). */
  constructor(file: string, open: Opener, header: RecordingHeader, index: Index) {
    this.file = file;
    this.#open = open;
    this.header = header;
    this.duration = index.duration;
    this.ended = index.ended;
    if (index.cutShort !== undefined) this.cutShort = index.cutShort;
    const n = index.count;
    this.#times = index.times.subarray(0, n);
    this.#offsets = index.offsets.subarray(0, n);
    this.#lengths = index.lengths.subarray(0, n);
    this.#lines = index.lines.subarray(0, n);
    this.#states = index.states;
    this.#keyframes = index.keyframes?.done(index.count) ?? [];
    this.#events = index.events;
  }

  /** Whether the recording carries the cluster's events (format version 2, recorded with them). */
  get carriesEvents(): boolean {
    return this.header.events === true && this.#events.states.length > 0;
  }

  /** How many event changes happened at or before time t. */
  eventChangesAt(t: number): number {
    const times = this.#events.times;
    return countUpTo(times.length, (i) => times[i]!, t);
  }

  /** The time of the first event change after time t, if there is one. */
  nextEventTime(t: number): number | undefined {
    return this.#events.times[this.eventChangesAt(t)];
  }

  /**
   * The cluster's events at time t (ms since the start), as the event watch
   * held them then (raw objects, scrubbed): the nearest events line at or
   * before them and the event changes since. Undefined when the recording
   * carries no events (an old format, or recorded without). Reading on from
   * the last answer when t moved forward costs only the changes between.
   */
  async eventsAt(t: number): Promise<KubeObject[] | undefined> {
    if (!this.carriesEvents) return undefined;
    const index = this.#events;
    const count = this.eventChangesAt(t);
    // The last events line at or before the count (en never decreases along the file).
    const base = index.states[Math.max(0, countUpTo(index.states.length, (i) => index.states[i]!.en, count) - 1)]!;
    const last = this.#eventsLast;
    const file = await this.#open();
    try {
      let held: Map<string, KubeObject>;
      let from: number;
      if (last && last.count <= count && last.count >= base.en) {
        held = last.held;
        from = last.count;
      } else {
        const line = (await this.#readLine(file, base.offset, base.length, base.line)) as { events: KubeObject[] };
        held = new Map();
        for (const event of line.events) held.set(eventKey(event), event);
        from = base.en;
      }
      this.#eventsLast = undefined;
      await this.#eachLine(file, index, from, count, (line, i) => {
        if (!('e' in line)) throw this.#changed(index.lines[i]!);
        const key = eventKey(line.e.object);
        if (line.e.type === 'deleted') held.delete(key);
        else held.set(key, line.e.object);
      });
      this.#eventsLast = { count, held };
      return [...held.values()];
    } finally {
      await file.close();
    }
  }

  /** Where a seek to `n` changes starts from: the nearest keyframe or state line at or before it. */
  seekStart(n: number): number {
    return Math.max(this.#stateAt(n).n, this.#keyframeAt(n)?.n ?? 0);
  }

  /** The last state line at or before `n` changes (the first when none is). */
  #stateAt(n: number): StateEntry {
    const states = this.#states;
    return states[Math.max(0, countUpTo(states.length, (i) => states[i]!.n, n) - 1)]!;
  }

  /** The keyframes' change counts (none unless opened with keyframes). */
  get keyframes(): readonly number[] {
    return this.#keyframes.map((k) => k.n);
  }

  /** How many changes the recording holds. */
  get changes(): number {
    return this.#times.length;
  }

  /** The time of change i (0-based). */
  timeOf(i: number): number {
    return this.#times[i];
  }

  /** How many changes happened at or before time t (ms since the start). */
  changesAt(t: number): number {
    const times = this.#times;
    return countUpTo(times.length, (i) => times[i]!, t);
  }

  /** The state lines' times and change counts, in order: where seeking is cheapest. */
  get checkpoints(): readonly { t: number; n: number }[] {
    return this.#states.map(({ t, n }) => ({ t, n }));
  }

  /** The objects after the first `n` changes: the nearest state line at or before them, and the changes since. */
  async storeAfter(n: number): Promise<ObjectStore> {
    const target = Math.max(0, Math.min(this.changes, Math.floor(n)));
    const best = this.#stateAt(target);
    // Playing on, or a short step forward: from the last store asked for, when that is nearer than a state line.
    const last = this.#last;
    const frame = this.#keyframeAt(target);
    const near = last && last.n <= target && last.n > best.n && (!frame || last.n >= frame.n) ? last : frame && frame.n >= best.n ? { n: frame.n, store: frame.store } : undefined;
    if (near) {
      const { store } = await this.changesFrom(near.store, near.n, target);
      this.#last = { n: target, store };
      return store;
    }
    const file = await this.#open();
    try {
      const draft = new StoreDraft(await this.#stateStore(file, best));
      await this.#replay(file, draft, best.n, target);
      const store = draft.done();
      this.#last = { n: target, store };
      return store;
    } finally {
      await file.close();
    }
  }

  /**
   * The model (and the objects behind it) after the first `n` changes. With
   * keyframes: the nearest one at or before n, or the last model made when
   * nearer, and each object's last change up to n applied to it once.
   * Without: the objects from a state line (storeAfter) and the model built whole.
   */
  async modelStateAfter(n: number): Promise<ModelState> {
    const target = Math.max(0, Math.min(this.changes, Math.floor(n)));
    const frame = this.#keyframeAt(target);
    if (!frame) return modelStateFrom(storeObjects(await this.storeAfter(target)), this.header.source);
    const last = this.#lastState;
    const from = last && last.n <= target && last.n >= frame.n ? last : { n: frame.n, state: this.#frameState(frame) };
    let state = from.state;
    if (target > from.n) {
      const file = await this.#open();
      try {
        const draft = new StoreDraft(from.state.store);
        const touched = new Touched();
        await this.#replay(file, draft, from.n, target, touched);
        state = applyDeltas(from.state, touched.deltas(from.state.store, draft)).state;
      } finally {
        await file.close();
      }
    }
    this.#lastState = { n: target, state };
    this.#last = { n: target, store: state.store };
    return state;
  }

  /**
   * Builds the keyframes' models not built yet, in order, one at a time with
   * the event loop's other work between them; stops when `stop` says so.
   * Seeks are right before, during and after (they build what they need).
   */
  async buildKeyframes(stop: () => boolean = () => false): Promise<void> {
    const frames = this.#keyframes;
    for (let i = 1; i < frames.length; i++) {
      if (stop()) return;
      if (frames[i]!.state) continue;
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (stop()) return;
      const before = frames[i - 1]!;
      // A seek may have built it meanwhile; the one before is built (in order, here or by a seek's run).
      frames[i]!.state ??= this.#advance(before.state ?? this.#frameState(before), before, frames[i]!);
    }
  }

  /** How many keyframes have their model built (the first always has). */
  get keyframesBuilt(): number {
    return this.#keyframes.filter((k) => k.state).length;
  }

  /** A keyframe's model: built already, or from the nearest built one before it when that is near (kept), or whole (not kept). */
  #frameState(frame: Keyframe): ModelState {
    if (frame.state) return frame.state;
    const frames = this.#keyframes;
    const i = frames.indexOf(frame);
    let j = i - 1;
    while (j > 0 && !frames[j]!.state) j--;
    if (i - j > CHAIN_FRAMES) return modelStateFrom(storeObjects(frame.store), this.header.source);
    for (let k = j + 1; k <= i; k++) frames[k]!.state = this.#advance(frames[k - 1]!.state!, frames[k - 1]!, frames[k]!);
    return frame.state!;
  }

  /** The model of keyframe `to` from the model of the one before it. */
  #advance(state: ModelState, from: Keyframe, to: Keyframe): ModelState {
    const next = applyDeltas(state, to.touched!.deltas(from.store, to.store)).state;
    to.touched = undefined;
    return next;
  }

  #keyframeAt(n: number): Keyframe | undefined {
    const frames = this.#keyframes;
    const count = countUpTo(frames.length, (i) => frames[i]!.n, n);
    return count > 0 ? frames[count - 1] : undefined;
  }

  /** Forgets where the last seeks landed and the state lines read (benches measure a seek from nothing but the keyframes). */
  dropCaches(): void {
    this.#last = undefined;
    this.#eventsLast = undefined;
    this.#lastState = undefined;
    this.#stateStores.clear();
  }

  /**
   * The objects of a state line. The last few read are kept (stores are
   * values; objects the changes did not touch are shared among them), so
   * seeking back and forth near one, as a slider does, parses it once.
   */
  async #stateStore(file: Bytes, entry: StateEntry): Promise<ObjectStore> {
    const kept = this.#stateStores.get(entry);
    if (kept) {
      // Most recently used last.
      this.#stateStores.delete(entry);
      this.#stateStores.set(entry, kept);
      return kept;
    }
    const state = (await this.#readLine(file, entry.offset, entry.length, entry.line)) as { state: RecordedState };
    const store = storeOf(state.state);
    if (entry.length <= MAX_KEPT_STATE_BYTES) {
      this.#stateStores.set(entry, store);
      for (const old of this.#stateStores.keys()) {
        if (this.#stateStores.size <= KEPT_STATES) break;
        this.#stateStores.delete(old);
      }
    }
    return store;
  }

  /**
   * Changes `from` (inclusive) to `to` (exclusive), in order, as the deltas
   * they are, and the store after them. `store` must be the store after the
   * first `from` changes (storeAfter(from), or what this returned last).
   */
  async changesFrom(store: ObjectStore, from: number, to: number): Promise<{ deltas: Delta[]; store: ObjectStore }> {
    const file = await this.#open();
    try {
      const draft = new StoreDraft(store);
      const deltas = await this.#replay(file, draft, Math.max(0, from), Math.min(this.changes, to));
      return { deltas, store: draft.done() };
    } finally {
      await file.close();
    }
  }

  /** The model at time t (ms since the start): every change at or before it applied. */
  async modelAt(t: number): Promise<AnatomyModel> {
    if (this.#keyframes.length > 0) return (await this.modelStateAfter(this.changesAt(t))).model;
    const store = await this.storeAfter(this.changesAt(t));
    return buildModel(storeObjects(store), this.header.source);
  }

  /** Reads changes `from` to `to`, applies each to `draft` (a patch to the object it holds) and returns them as deltas (or, given `touched`, notes what they changed there instead). */
  async #replay(file: Bytes, draft: StoreDraft, from: number, to: number, touched?: Touched): Promise<Delta[]> {
    const deltas: Delta[] = [];
    await this.#eachLine(file, { offsets: this.#offsets, lengths: this.#lengths, lines: this.#lines }, from, to, (line, i) => {
      if (!('d' in line) && !('p' in line)) throw this.#changed(this.#lines[i]);
      const delta = changeDelta(line, draft, this.file, this.#lines[i]);
      draft.apply(delta);
      if (touched) touched.note(delta);
      else deltas.push(delta);
    });
    return deltas;
  }

  /** Lines `from` to `to` (exclusive) of one kind, where `at` says they are, each parsed and handed to `each` with its index. */
  async #eachLine(file: Bytes, at: LinePlaces, from: number, to: number, each: (line: RecordingLine, i: number) => void): Promise<void> {
    if (to <= from) return;
    // One read for the whole range: the lines lie in order, lines of other kinds perhaps between them.
    const start = at.offsets[from]!;
    const end = at.offsets[to - 1]! + at.lengths[to - 1]!;
    const buffer = Buffer.allocUnsafe(end - start);
    const { bytesRead } = await file.read(buffer, 0, buffer.length, start);
    if (bytesRead !== buffer.length) throw this.#changed(at.lines[to - 1]!);
    const changed = this.#changed.bind(this);
    for (let i = from; i < to; i++) {
      const offset = at.offsets[i]! - start;
      each(parseChecked(buffer.toString('utf8', offset, offset + at.lengths[i]!), this.file, at.lines[i]!, changed), i);
    }
  }

  async #readLine(file: Bytes, offset: number, length: number, line: number): Promise<RecordingLine> {
    const buffer = Buffer.allocUnsafe(length);
    const { bytesRead } = await file.read(buffer, 0, length, offset);
    if (bytesRead !== length) throw this.#changed(line);
    return parseChecked(buffer.toString('utf8'), this.file, line, this.#changed.bind(this));
  }

  #changed(line: number): SnapshotError {
    return new SnapshotError('changed since it was opened; open it again', { file: this.file, line });
  }
}

/** How many of `length` items, in order of value(i) (never decreasing), have a value at or below `limit`: a binary search. */
function countUpTo(length: number, value: (i: number) => number, limit: number): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value(mid) <= limit) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A state line's objects as a store. */
function storeOf(state: RecordedState): ObjectStore {
  const draft = new StoreDraft(emptyStore());
  for (const list of OBJECT_LISTS) for (const object of (state as unknown as Record<string, KubeObject[]>)[list]) draft.apply({ type: 'added', resource: list, object });
  draft.unread = state.unread;
  draft.gaps = state.gaps;
  return draft.done();
}

/** A change line as the delta it is: a patch applied to the object `draft` holds. */
function changeDelta(line: { d: Delta } | { p: PatchedChange }, draft: StoreDraft, file: string, lineNumber: number): Delta {
  if ('d' in line) return line.d;
  const { type, resource, key, patch } = line.p;
  const held = draft.get(resource, key);
  if (held === undefined) throw new SnapshotError(`changes an object the recording does not hold at that point (${resource} ${key.slice(0, 80)})`, { file, line: lineNumber });
  return { type, resource, object: applyMergePatch(held, patch) as KubeObject };
}

/**
 * The objects (and gaps) a run of changes touched, to apply each object's
 * last change once: the store rule is "the last delta for a key wins", so
 * the store after them, and the model of it, is the same.
 */
class Touched {
  readonly #keys = new Map<ObjectList, Set<string>>();
  #gaps = false;
  size = 0;

  note(delta: Delta): void {
    if (delta.type === 'gaps') {
      this.#gaps = true;
      return;
    }
    const key = objectKey(delta.resource, delta.object);
    if (key === undefined || !OBJECT_LISTS.includes(delta.resource)) return;
    this.#add(delta.resource, key);
  }

  #add(resource: ObjectList, key: string): void {
    let keys = this.#keys.get(resource);
    if (!keys) this.#keys.set(resource, (keys = new Set()));
    if (!keys.has(key)) {
      keys.add(key);
      this.size++;
    }
  }

  /** Adds what `other` touched (a keyframe dropped: the next one kept counts its changes too). */
  merge(other: Touched): void {
    if (other.#gaps) this.#gaps = true;
    for (const [resource, keys] of other.#keys) for (const key of keys) this.#add(resource, key);
  }

  /** The deltas from `before` to what `after` holds now, for the objects touched. */
  deltas(before: ObjectStore, after: StoreDraft | ObjectStore): Delta[] {
    const out: Delta[] = [];
    if (this.#gaps && (after.gaps !== before.gaps || after.unread !== before.unread)) out.push({ type: 'gaps', gaps: [...after.gaps], unread: [...after.unread] });
    const get = after instanceof StoreDraft ? (resource: ObjectList, key: string) => after.get(resource, key) : (resource: ObjectList, key: string) => after.lists[resource].get(key);
    for (const [resource, keys] of this.#keys) {
      for (const key of keys) {
        const was = before.lists[resource].get(key);
        const now = get(resource, key);
        if (was === now) continue;
        if (now === undefined) out.push({ type: 'deleted', resource, object: was! });
        else if (was === undefined) out.push({ type: 'added', resource, object: now });
        else {
          // The same resourceVersion with other content (a file may say so) would be taken for the same object: replace it outright.
          if (sameVersion(was, now)) out.push({ type: 'deleted', resource, object: was });
          out.push({ type: 'modified', resource, object: now });
        }
      }
    }
    return out;
  }
}

/** The objects `after` holds that `before` does not share with it. */
function ownVersions(before: ObjectStore, after: ObjectStore): number {
  let own = 0;
  for (const list of OBJECT_LISTS) {
    const was = new Set(before.lists[list].values());
    for (const object of after.lists[list].values()) if (!was.has(object)) own++;
  }
  return own;
}

/**
 * Keyframes made while the file is read: the store follows every change, and
 * when enough objects changed since the last keyframe, their last changes go
 * to its model as one batch.
 */
class KeyframeBuilder {
  readonly #source: RecordingHeader['source'];
  #every: number;
  readonly #maxVersions: number;
  readonly #frames: Keyframe[] = [];
  #draft: StoreDraft | undefined;
  #touched = new Touched();
  #versions = 0;

  constructor(source: RecordingHeader['source'], every: number, maxVersions: number) {
    this.#source = source;
    this.#every = every;
    this.#maxVersions = maxVersions;
  }

  /** The first state line's objects. */
  first(store: ObjectStore): void {
    this.#frames.push({ n: 0, store, touched: new Touched(), state: modelStateFrom(storeObjects(store), this.#source), versions: 0 });
    this.#draft = new StoreDraft(store);
  }

  /** Change n (0-based), as read from line `line`. */
  change(value: { d: Delta } | { p: PatchedChange }, n: number, file: string, line: number): void {
    const draft = this.#draft!;
    const delta = changeDelta(value, draft, file, line);
    draft.apply(delta);
    this.#touched.note(delta);
    if (this.#touched.size >= this.#every) this.#frame(n + 1);
  }

  #frame(n: number): void {
    const store = this.#draft!.done();
    const touched = this.#touched;
    const versions = touched.size;
    this.#touched = new Touched();
    this.#draft = new StoreDraft(store);
    // Its model is made later (Recording.buildKeyframes), from the one before and what changed.
    this.#frames.push({ n, store, touched, versions });
    this.#versions += versions;
    if (this.#versions > this.#maxVersions) this.#thin();
  }

  /**
   * Drops every other keyframe after the first and doubles the spacing. The
   * versions a kept one holds of its own are counted again against the one
   * now before it: an object changed in both halves is held once.
   */
  #thin(): void {
    const kept: Keyframe[] = [this.#frames[0]!];
    let dropped: Touched | undefined;
    for (let i = 1; i < this.#frames.length; i++) {
      const frame = this.#frames[i]!;
      if (i % 2 === 0 || i + 1 === this.#frames.length) {
        // What the dropped one changed is changed since the one kept before this one too (first: objects it added come first in the store).
        if (dropped) {
          const touched = new Touched();
          touched.merge(dropped);
          touched.merge(frame.touched!);
          frame.touched = touched;
        }
        dropped = undefined;
        kept.push(frame);
      } else dropped = frame.touched;
    }
    for (let i = 1; i < kept.length; i++) kept[i]!.versions = ownVersions(kept[i - 1]!.store, kept[i]!.store);
    this.#frames.splice(0, this.#frames.length, ...kept);
    this.#versions = kept.reduce((sum, f) => sum + f.versions, 0);
    this.#every *= 2;
  }

  done(changes: number): Keyframe[] {
    if (this.#touched.size > 0 && this.#frames.length > 0) this.#frame(changes);
    return this.#frames;
  }
}

function parseChecked(text: string, file: string, line: number, changed: (line: number) => SnapshotError): RecordingLine {
  try {
    const value = JSON.parse(text) as unknown;
    if (lineProblem(value) === undefined) return value as RecordingLine;
  } catch {
    // Said below.
  }
  throw changed(line);
}

interface Index {
  count: number;
  times: Float64Array;
  offsets: Float64Array;
  lengths: Uint32Array;
  lines: Float64Array;
  states: StateEntry[];
  duration: number;
  ended: boolean;
  cutShort?: number;
  keyframes?: KeyframeBuilder;
  events: EventIndex;
}

/** Where lines of one kind are in the file: byte offset, length and line number of each, in order. */
interface LinePlaces {
  offsets: ArrayLike<number>;
  lengths: ArrayLike<number>;
  lines: ArrayLike<number>;
}

/** Where the event lines are (format.ts, version 2): each change's time and place, and each events line's. */
interface EventIndex {
  times: number[];
  offsets: number[];
  lengths: number[];
  lines: number[];
  states: { t: number; en: number; offset: number; length: number; line: number }[];
}

/** Reads and checks the whole file; throws a SnapshotError naming the line for anything wrong. */
export async function openRecording(file: string, options: OpenOptions = {}): Promise<Recording> {
  const open: Opener = () => fsp.open(file, 'r');
  let handle: Bytes;
  try {
    handle = await open();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new SnapshotError(code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'no permission to read it' : (error as Error).message, { file });
  }
  return scan(file, open, handle, options, options.progress ? (await fsp.stat(file)).size : 0);
}

/** A recording from its bytes (the page read the file), checked as a file is; `name` names it in errors. */
export async function openRecordingBytes(name: string, data: Uint8Array, options: OpenOptions = {}): Promise<Recording> {
  const open = inMemory(data);
  return scan(name, open, await open(), options, data.byteLength);
}

/** Whether a file's name or first bytes say it is a recording rather than a snapshot. */
export function looksLikeRecording(name: string, start: string): boolean {
  return /\.(karec|jsonl)$/i.test(name) || /^\s*\{\s*"kubeAnatomyRecording"/.test(start.slice(0, 100));
}

async function scan(file: string, open: Opener, handle: Bytes, options: OpenOptions, size: number): Promise<Recording> {
  const maxLine = options.maxLineBytes ?? MAX_LINE_BYTES;
  const maxChanges = options.maxChanges ?? MAX_CHANGES;
  let header: RecordingHeader | undefined;
  const index: Index = {
    count: 0,
    times: new Float64Array(1024),
    offsets: new Float64Array(1024),
    lengths: new Uint32Array(1024),
    lines: new Float64Array(1024),
    states: [],
    duration: 0,
    ended: false,
    events: { times: [], offsets: [], lengths: [], lines: [], states: [] },
  };
  let lastT = 0;
  /** The line before was a state line: only there may an events line come (the writer puts one after each). */
  let afterState = false;
  const fail = (problem: string, line: number, column?: number): never => {
    throw new SnapshotError(problem, { file, line, ...(column !== undefined ? { column } : {}) });
  };

  /** One complete line: checked and indexed. `last`: the file's end without a newline. */
  const take = (bytes: Buffer, offset: number, line: number, last: boolean): void => {
    const text = bytes.toString('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      // The writer ends every line with a newline: one without, unreadable, is a line cut short by a crash.
      if (last && line > 1) {
        index.cutShort = line;
        return;
      }
      const at = jsonErrorOffset(text);
      if (text.trim() === '') fail('is an empty line', line);
      fail(`is not JSON: ${jsonProblem((error as Error).message)}`, line, at >= 0 ? at + 1 : undefined);
    }
    const deep = tooDeep(value);
    if (deep) fail(`nests values more than ${MAX_NESTING} levels deep (at ${deep.slice(0, 8).join('.')})`, line);
    if (line === 1) {
      const problem = headerProblem(value);
      if (problem) fail(problem, line);
      header = value as RecordingHeader;
      const k = options.keyframes;
      if (k) index.keyframes = new KeyframeBuilder(header.source, (k === true ? undefined : k.every) ?? KEYFRAME_EVERY, (k === true ? undefined : k.maxVersions) ?? MAX_KEYFRAME_VERSIONS);
      return;
    }
    if (index.ended) fail('comes after the end line', line);
    const problem = lineProblem(value);
    if (problem) fail(problem, line);
    const entry = value as RecordingLine;
    if (entry.t < lastT) fail(`goes back in time (t ${entry.t} after ${lastT})`, line);
    lastT = entry.t;
    index.duration = entry.t;
    const events = index.events;
    const follows = afterState;
    afterState = 'state' in entry;
    if ('end' in entry) {
      index.ended = true;
    } else if ('e' in entry || 'events' in entry) {
      if (header?.events !== true) fail('holds events, but the header does not say the recording carries them ("events":true)', line);
      if ('events' in entry) {
        // Anywhere else, events lines could pile up without bound in the index, each seek walking them.
        if (!follows) fail('is an events line that does not follow a state line', line);
        if (entry.en !== events.times.length) fail(`says ${entry.en} event changes came before it, but ${events.times.length} did`, line);
        events.states.push({ t: entry.t, en: entry.en, offset, length: bytes.length, line });
      } else {
        if (events.states.length === 0) fail('is an event change before the first events line', line);
        if (events.times.length >= maxChanges) fail(`is past the limit of ${maxChanges} event changes`, line);
        events.times.push(entry.t);
        events.offsets.push(offset);
        events.lengths.push(bytes.length);
        events.lines.push(line);
      }
    } else if ('state' in entry) {
      if (entry.n !== index.count) fail(`says ${entry.n} changes came before it, but ${index.count} did`, line);
      if (index.states.length === 0) index.keyframes?.first(storeOf(entry.state));
      index.states.push({ t: entry.t, n: entry.n, offset, length: bytes.length, line });
    } else {
      if (index.states.length === 0) fail('is a change before the first state', line);
      if (index.count >= maxChanges) fail(`is past the limit of ${maxChanges} changes`, line);
      index.keyframes?.change(entry as { d: Delta } | { p: PatchedChange }, index.count, file, line);
      grow(index);
      index.times[index.count] = entry.t;
      index.offsets[index.count] = offset;
      index.lengths[index.count] = bytes.length;
      index.lines[index.count] = line;
      index.count++;
    }
  };

  try {
    const chunk = Buffer.allocUnsafe(CHUNK);
    let pieces: Buffer[] = [];
    let pending = 0;
    let lineStart = 0;
    let position = 0;
    let line = 1;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, CHUNK, position);
      if (bytesRead === 0) break;
      let from = 0;
      for (;;) {
        const nl = chunk.indexOf(0x0a, from);
        const end = nl === -1 || nl >= bytesRead ? bytesRead : nl;
        pending += end - from;
        if (pending > maxLine) fail(`is longer than the limit of ${Math.round(maxLine / 1024 / 1024)} MiB for a line`, line);
        if (end > from) pieces.push(Buffer.from(chunk.subarray(from, end)));
        if (end === bytesRead) break;
        const bytes = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
        take(bytes, lineStart, line, false);
        line++;
        lineStart = position + end + 1;
        pieces = [];
        pending = 0;
        from = end + 1;
      }
      position += bytesRead;
      if (options.progress) {
        options.progress(position, Math.max(size, position));
        // Bytes in memory are read without a turn of the event loop: the progress would not leave the process before the end.
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    }
    if (pending > 0) take(pieces.length === 1 ? pieces[0] : Buffer.concat(pieces), lineStart, line, true);
    if (!header) fail('is empty: a recording starts with its header', 1);
    if (index.states.length === 0) fail('holds no state: it was cut short before its first state', index.cutShort ?? Math.max(1, line - 1));
  } finally {
    await handle.close();
  }
  return new Recording(file, open, header as RecordingHeader, index);
}

function grow(index: Index): void {
  if (index.count < index.times.length) return;
  const size = index.times.length * 2;
  const times = new Float64Array(size);
  times.set(index.times);
  const offsets = new Float64Array(size);
  offsets.set(index.offsets);
  const lengths = new Uint32Array(size);
  lengths.set(index.lengths);
  const lines = new Float64Array(size);
  lines.set(index.lines);
  Object.assign(index, { times, offsets, lengths, lines });
}
