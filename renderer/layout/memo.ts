// Layout memoized per grid (a node, or the band of unscheduled pods), for live
// updates: when one pod changes, only its node is laid out again. The other
// grids are reused as they were or, when a grid above them grew or shrank,
// shifted up or down. layoutCluster(model, options, memo) deep-equals
// layoutCluster(model, options) for every model and every options.previous;
// the reuse rules below are what that takes, and
// test/renderer/layout/memo.test.ts holds them to it.
//
// A grid's plan (its pods' slots and sizes) is reused when its inputs are the
// same: the node's model entry and its pods' entries (the same objects, or
// else equal in every field the layout reads: see "sameness" below), the
// detail level, the column count and the slots its pods get. Its boxes are
// reused when, besides, it sits in the same band at the same x. Every y in a
// layout is an integer or a half (text widths only ever enter x), so a grid
// that moved only vertically is shifted exactly rather than laid out again; a
// grid that moved sideways is laid out again. A grid laid out again (a pod of
// it changed, came or went) keeps the boxes of each of its other pods that
// lands where it was, laid out alike (the same entry, or an equal one, in the
// same slot at the same place, in an equal node): a live change at 100,000
// pods lays out the pods it changed, not the hundred of their node.
//
// Layouts are treated as immutable: a layout shares boxes with the one before
// it, and the memo trusts the last layout it returned to be unchanged.

import { finishParts } from '../../main/common/parts.ts';
import type { NodeModel, PodModel } from '../../main/model/types.ts';
import { placeGrid, planGrid, type GridPlan, type PodEmit, type PodReuse } from './grid.ts';
import { placeNode, planNode, type NodePlan } from './node.ts';
import type { PodParts } from './pod.ts';
import { assignSlots, readSlotMemory, UNSCHEDULED_GRID, type SlotMemory } from './slots.ts';
import type { BandId, ClusterLayout, ContainerBox, Detail, InjectedVolumes, MountConnector, NodeBox, Pill, PodBox, TextItem, VolumeBox } from './types.ts';
import { ENGLISH, wordsFor, type Lang, type Translate } from './words.ts';

/** What the last layout through a memo did, grid by grid (node uid, or "" for the unscheduled band). */
export interface LayoutStats {
  /** Grids in the layout. */
  grids: number;
  /** Grids whose slots and sizes were worked out again, because an input changed. */
  planned: string[];
  /** Grids whose boxes were built again: the planned ones, and any that moved sideways. */
  placed: string[];
  /** Grids whose boxes were reused, shifted vertically because something above changed size. */
  shifted: string[];
  /** Grids whose boxes were reused as they were. */
  reused: number;
  /** In the grids laid out again, the pods whose boxes were kept (laid out alike where they were). */
  podsKept: number;
  /** Grids whose pods were compared one by one with those they were laid out from (not the very list handed out for them). */
  compared: number;
}

/**
 * How the memo tells that a new model entry lays out like the one it replaces.
 * Replaceable only so that tests can break it on purpose.
 */
export interface Sameness {
  node(a: NodeModel, b: NodeModel): boolean;
  pod(a: PodModel, b: PodModel, detail: Detail): boolean;
}

export interface LayoutMemo {
  /** Of the last layout made with this memo. */
  readonly stats: LayoutStats;
}

export function createLayoutMemo(same: Sameness = LAYOUT_SAMENESS): LayoutMemo {
  return new Memo(same);
}

/** The memo behind the public face (its state is its own; layoutCluster drives it). */
export function memoState(memo: LayoutMemo): Memo {
  if (!(memo instanceof Memo)) throw new TypeError('layoutCluster: the memo must come from createLayoutMemo()');
  return memo;
}

/** The boxes of one grid, at absolute coordinates. */
interface Placed {
  band: BandId | undefined;
  x: number;
  y: number;
  node: NodeBox | undefined;
  pods: PodBox[];
  containers: ContainerBox[];
  volumes: VolumeBox[];
  connectors: MountConnector[];
  /** Each pod's parts with the pod entry they were laid out from, and the node's (for keeping them when the grid is laid out again); none for shifted boxes. */
  made?: Array<{ pod: PodModel; parts: PodParts }>;
  madeFor?: NodeModel;
}

interface Entry {
  detail: Detail;
  /** The column count asked for (remembered, or the default). */
  columns: number;
  node: NodeModel | undefined;
  /** Holds the grid's pods (grid.pods), refreshed to the newest equal objects. */
  grid: GridPlan;
  /** A NodePlan for a node; the grid itself for the unscheduled band. */
  plan: NodePlan | GridPlan;
  placed: Placed | undefined;
  /** The boxes the grid had before it was planned again: their pods' parts may be kept. */
  before: Placed | undefined;
}

export class Memo implements LayoutMemo {
  stats: LayoutStats = emptyStats();
  /** The layout in steps under way on this memo (cluster.ts's startLayout), which a new layout cancels first. */
  holder: { cancel(): void } | undefined;
  private entries = new Map<string, Entry>();
  private used = new Set<string>();
  /** The layout this memo returned last; the entries are its grids. */
  private last: ClusterLayout | undefined;
  /** Slot memory read from a `previous` that is not the memo's last layout. */
  private memory: Map<string, SlotMemory> | undefined;
  private detail: Detail = 'full';
  private lang: Lang = 'en';
  private t: Translate = ENGLISH;
  private injected: InjectedVolumes = 'full';
  /** The grids placed since begin(), in order, for join(). */
  private pending: Placed[] = [];

  /**
   * Per grid (node uid, or UNSCHEDULED_GRID): its pod list as last given (the
   * model's own: nothing changes a model's lists in place, patches make new
   * ones), how many of its entries are invalid, and the list uniqueLists
   * handed out for it (a copy of its own, which the layout keeps as its
   * grid's pods). The same list is handed out while the grid's entries are
   * the same objects, so a grid laid out before knows them by identity
   * (samePods), not by comparing each pod: at 100,000 pods a live update
   * changes some tens of grids of a thousand.
   */
  private lists = new Map<string, { given: readonly PodModel[]; invalid: number; out?: PodModel[] }>();
  /** How many times each uid is listed, over every grid; and how many uids are listed more than once. */
  private uidCount = new Map<string, number>();
  private repeated = 0;

  constructor(private readonly same: Sameness) {}

  /**
   * The grids' pod lists, each without invalid entries and without a uid
   * listed before (in this order of grids), as layout() filters them: but
   * when no uid is listed twice anywhere, which is almost always, filtering
   * drops only the invalid entries. Whether one is, is known from the uids of
   * the entries that changed since the last layout (object by object), not
   * from a set of every uid made again (30 ms at 100,000 pods). Undefined
   * when some uid repeats: then layout() filters as it always did.
   */
  uniqueLists(keys: readonly string[], lists: readonly PodModel[][]): PodModel[][] | undefined {
    return finishParts(this.uniqueListsInParts(keys, lists));
  }

  /** uniqueLists a part at a time: a part is a grid's list (a fresh memo counts every uid: 250-400 ms at 100,000 pods in Node here). */
  *uniqueListsInParts(keys: readonly string[], lists: readonly PodModel[][]): Generator<void, PodModel[][] | undefined, void> {
    const present = new Set<string>();
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const raw = lists[i];
      present.add(key);
      const was = this.lists.get(key);
      // The very list given last time (a model shares the lists of the nodes a patch left alone): the same entries.
      if (was && was.given === raw) continue;
      const old = was?.given ?? [];
      // The same entries at the start and at the end; between them, an entry still listed (the same object: the same uid) counts as it did.
      let head = 0;
      while (head < old.length && head < raw.length && old[head] === raw[head]) head++;
      if (was && head === old.length && head === raw.length) {
        was.given = raw;
        continue;
      }
      let tail = 0;
      while (tail < old.length - head && tail < raw.length - head && old[old.length - 1 - tail] === raw[raw.length - 1 - tail]) tail++;
      const between = new Set<PodModel>();
      for (let j = head; j < old.length - tail; j++) between.add(old[j]);
      for (let j = head; j < raw.length - tail; j++) if (!between.delete(raw[j])) this.count(raw[j], 1);
      for (const p of between) this.count(p, -1);
      let invalid = 0;
      for (const p of raw) if (!p || !String(p.uid ?? '')) invalid++;
      this.lists.set(key, { given: raw, invalid });
      yield;
    }
    for (const [key, was] of this.lists) {
      if (present.has(key)) continue;
      for (const p of was.given) this.count(p, -1);
      this.lists.delete(key);
    }
    if (present.size !== keys.length || this.repeated > 0) return undefined;
    return lists.map((raw, i) => {
      const held = this.lists.get(keys[i])!;
      return (held.out ??= held.invalid === 0 ? raw.slice() : raw.filter((p) => p && String(p.uid ?? '')));
    });
  }

  /** Counts a pod entry's uid in or out (an invalid entry, without one, is not counted). */
  private count(p: PodModel, by: number): void {
    const uid = String(p?.uid ?? '');
    if (!p || !uid) return;
    const was = this.uidCount.get(uid) ?? 0;
    const now = was + by;
    if (was >= 2 && now < 2) this.repeated--;
    else if (was < 2 && now >= 2) this.repeated++;
    if (now === 0) this.uidCount.delete(uid);
    else this.uidCount.set(uid, now);
  }

  /**
   * Starts a layout. A previous layout that is the memo's own last one needs
   * no reading: each grid's slot memory is in its entry.
   */
  begin(previous: ClusterLayout | undefined, detail: Detail, lang: Lang = 'en', injected: InjectedVolumes = 'full'): void {
    // Every grid's words (and so its text's widths) are in the old language; its pods' heights follow the injected volumes' mode.
    if (lang !== this.lang || injected !== this.injected) {
      this.entries.clear();
      this.last = undefined;
      this.lang = lang;
      this.t = wordsFor(lang);
      this.injected = injected;
    }
    this.stats = emptyStats();
    this.used = new Set();
    this.pending = [];
    this.detail = detail;
    const own = previous !== undefined && previous === this.last && previous.detail === detail;
    this.memory = own ? undefined : readSlotMemory(previous, detail);
  }

  /** A node's plan: its entry's when the inputs are unchanged, else a new one. */
  planNode(node: NodeModel, pods: PodModel[], defaultColumns: number): NodePlan {
    const key = String(node.uid);
    const columns = this.rememberedColumns(key) ?? defaultColumns;
    const entry = this.reusable(key, node, pods, columns);
    if (entry) return entry.plan as NodePlan;
    const plan = planNode(node, pods, columns, this.detail, this.slotMemory(key), this.t, this.injected);
    this.store(key, node, plan.grid, plan, columns);
    return plan;
  }

  planUnscheduled(pods: PodModel[], defaultColumns: number): GridPlan {
    const columns = this.rememberedColumns(UNSCHEDULED_GRID) ?? defaultColumns;
    const entry = this.reusable(UNSCHEDULED_GRID, undefined, pods, columns);
    if (entry) return entry.plan as GridPlan;
    const plan = planGrid(pods, columns, this.detail, this.slotMemory(UNSCHEDULED_GRID), this.t, this.injected);
    this.store(UNSCHEDULED_GRID, undefined, plan, plan, columns);
    return plan;
  }

  /** Places a node's grid (its boxes go into the layout at join()); returns how many pods it placed. */
  placeNode(plan: NodePlan, band: BandId, x: number, y: number): number {
    return this.hold(this.place(String(plan.node.uid), band, x, y, plan.node, (collect, reuse) => placeNode(plan, band, x, y, plan.width, collect, reuse)));
  }

  /** Places the unscheduled grid (its boxes go into the layout at join()); returns how many pods it placed. */
  placeUnscheduled(plan: GridPlan, x: number, y: number): number {
    return this.hold(
      this.place(UNSCHEDULED_GRID, undefined, x, y, undefined, (collect, reuse) => {
        placeGrid(plan, undefined, x, y, collect, reuse);
        return undefined;
      }),
    );
  }

  /**
   * Puts the boxes of every grid placed since begin() into `out`, in the order
   * they were placed: each list is made once, at its length, where pushing a
   * thousand grids' boxes one by one grew it by copying (at 100,000 pods, a
   * tenth of what a page allocated in a stream of changes).
   */
  join(out: ClusterLayout): void {
    const placed = this.pending;
    this.pending = [];
    for (const p of placed) if (p.node) out.nodes.push(p.node);
    out.pods = joinLists(out.pods, placed.map((p) => p.pods));
    out.containers = joinLists(out.containers, placed.map((p) => p.containers));
    out.volumes = joinLists(out.volumes, placed.map((p) => p.volumes));
    out.connectors = joinLists(out.connectors, placed.map((p) => p.connectors));
  }

  private hold(placed: Placed): number {
    this.pending.push(placed);
    return placed.pods.length;
  }

  /** Ends a layout: forgets the grids that are gone, and remembers what it returned. */
  end(layout: ClusterLayout): void {
    for (const key of this.entries.keys()) if (!this.used.has(key)) this.entries.delete(key);
    this.stats.grids = this.used.size;
    this.last = layout;
    this.memory = undefined;
  }

  /** After a layout threw halfway, nothing in the memo can be trusted. */
  reset(): void {
    this.entries.clear();
    this.lists.clear();
    this.uidCount.clear();
    this.repeated = 0;
    this.last = undefined;
    this.memory = undefined;
    this.pending = [];
  }

  /** The column count readSlotMemory(previous) gives the grid. */
  private rememberedColumns(key: string): number | undefined {
    if (this.memory) return this.memory.get(key)?.columns;
    return this.entries.get(key)?.grid.columns;
  }

  /** The slot memory readSlotMemory(previous) gives the grid; built only for a grid planned again. */
  private slotMemory(key: string): SlotMemory | undefined {
    if (this.memory) return this.memory.get(key);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    const slots = new Map<string, number>();
    entry.grid.pods.forEach((p, i) => slots.set(String(p.uid), entry.grid.slots[i]));
    return { columns: entry.grid.columns, slots };
  }

  private reusable(key: string, node: NodeModel | undefined, pods: PodModel[], columns: number): Entry | undefined {
    this.used.add(key);
    const entry = this.entries.get(key);
    if (!entry || entry.detail !== this.detail || entry.columns !== columns) return undefined;
    if (!this.sameNode(entry, node) || !this.samePods(entry, pods)) return undefined;
    // With the memo's own last layout as previous, a grid's memory is its
    // entry's slots, and assignSlots hands remembered slots back unchanged.
    // Any other previous may remember other slots.
    if (this.memory && !sameNumbers(assignSlots(pods.map((p) => String(p.uid)), this.memory.get(key)), entry.grid.slots)) return undefined;
    return entry;
  }

  private sameNode(entry: Entry, node: NodeModel | undefined): boolean {
    if (entry.node === node) return true;
    if (!entry.node || !node || !this.same.node(entry.node, node)) return false;
    // Equal as far as the layout can tell: hold the newer object, so that the next update compares by identity.
    entry.node = node;
    if (entry.plan !== entry.grid) (entry.plan as NodePlan).node = node;
    return true;
  }

  private samePods(entry: Entry, pods: PodModel[]): boolean {
    const held = entry.grid.pods;
    // The very list planned from (uniqueLists hands it out again while nothing in it changed).
    if (held === pods) return true;
    if (held.length !== pods.length) return false;
    this.stats.compared++;
    for (let i = 0; i < pods.length; i++) {
      if (held[i] === pods[i]) continue;
      if (!this.same.pod(held[i], pods[i], this.detail)) return false;
      held[i] = pods[i];
    }
    // Equal: the grid holds the list it was given now, which uniqueLists hands out again while it does not change.
    entry.grid.pods = pods;
    return true;
  }

  private store(key: string, node: NodeModel | undefined, grid: GridPlan, plan: NodePlan | GridPlan, columns: number): void {
    this.stats.planned.push(key);
    const old = this.entries.get(key);
    const before = old && old.detail === this.detail ? old.placed : undefined;
    this.entries.set(key, { detail: this.detail, columns, node, grid, plan, placed: undefined, before });
  }

  private place(
    key: string,
    band: BandId | undefined,
    x: number,
    y: number,
    node: NodeModel | undefined,
    layOut: (collect: PodEmit, reuse: PodReuse | undefined) => NodeBox | undefined,
  ): Placed {
    const entry = this.entries.get(key)!;
    const was = entry.placed;
    if (was && was.band === band && was.x === x) {
      if (was.y === y) {
        this.stats.reused++;
        return was;
      }
      this.stats.shifted.push(key);
      entry.placed = shiftPlaced(was, y);
      return entry.placed;
    }
    this.stats.placed.push(key);
    const placed: Placed = { band, x, y, node: undefined, pods: [], containers: [], volumes: [], connectors: [], made: [], madeFor: node };
    const before = entry.before ?? was;
    entry.before = undefined;
    placed.node = layOut(
      (parts, pod) => {
        placed.pods.push(parts.pod);
        for (const c of parts.containers) placed.containers.push(c);
        for (const v of parts.volumes) placed.volumes.push(v);
        for (const c of parts.connectors) placed.connectors.push(c);
        placed.made!.push({ pod, parts });
      },
      before && before.band === band && before.x === x ? this.podReuse(before, node) : undefined,
    );
    entry.placed = placed;
    return placed;
  }

  /** The parts of `before` a pod may keep: where the node lays out alike, a pod laid out alike in the same slot at the same place. */
  private podReuse(before: Placed, node: NodeModel | undefined): PodReuse | undefined {
    const made = before.made;
    const was = before.madeFor;
    if (!made || !made.length) return undefined;
    if (was !== node && !(was && node && this.same.node(was, node))) return undefined;
    const byUid = new Map<string, { pod: PodModel; parts: PodParts }>();
    for (const m of made) byUid.set(m.parts.pod.uid, m);
    const detail = this.detail;
    return (pod, x, y, slot) => {
      const m = byUid.get(String(pod.uid));
      if (!m) return undefined;
      const box = m.parts.pod;
      // The same entry (or an equal one) has the same height: its place says the rest.
      if (box.x !== x || box.y !== y || box.slot !== slot) return undefined;
      if (m.pod !== pod && !this.same.pod(m.pod, pod, detail)) return undefined;
      this.stats.podsKept++;
      return m.parts;
    };
  }
}

function emptyStats(): LayoutStats {
  return { grids: 0, planned: [], placed: [], shifted: [], reused: 0, podsKept: 0, compared: 0 };
}

function sameNumbers(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** `head` followed by every list, in one array made at its length (concat), a few thousand lists at a time: arguments are kept on the stack. */
export function joinLists<T>(head: T[], lists: T[][]): T[] {
  const CHUNK = 4096;
  if (lists.length <= CHUNK) return head.concat(...lists);
  const parts: T[][] = [];
  for (let i = 0; i < lists.length; i += CHUNK) parts.push(([] as T[]).concat(...lists.slice(i, i + CHUNK)));
  return head.concat(...parts);
}

// ---------------------------------------------------------------- shifting

function shiftText(t: TextItem, dy: number): TextItem {
  return { ...t, y: t.y + dy };
}

function shiftPill(p: Pill, dy: number): Pill {
  return { ...p, y: p.y + dy, text: shiftText(p.text, dy) };
}

function shiftBox<T extends { y: number; texts: TextItem[]; pills: Pill[] }>(box: T, dy: number): T {
  return { ...box, y: box.y + dy, texts: box.texts.map((t) => shiftText(t, dy)), pills: box.pills.map((p) => shiftPill(p, dy)) };
}

function shiftPlaced(placed: Placed, y: number): Placed {
  const dy = y - placed.y;
  return {
    band: placed.band,
    x: placed.x,
    y,
    node: placed.node && shiftBox(placed.node, dy),
    pods: placed.pods.map((b) => shiftBox(b, dy)),
    containers: placed.containers.map((b) => shiftBox(b, dy)),
    volumes: placed.volumes.map((b) => shiftBox(b, dy)),
    connectors: placed.connectors.map((c) => ({
      ...c,
      points: c.points.map(([px, py]): [number, number] => [px, py + dy]),
      label: shiftText(c.label, dy),
    })),
  };
}

// ---------------------------------------------------------------- sameness

// Two model entries lay out the same when every field the layout reads of
// them (renderer/layout/node.ts, pod.ts, labels.ts, status.ts) is equal: the
// comparisons below read exactly those fields, the way the layout reads them
// (optional chaining included). They compare in place rather than through a
// key string: a JSON-like key of each of 5,000 pods costs about as much as
// laying their compact tiles out, comparing fields a fraction of it. Values of
// an unexpected type only ever compare equal when identical, which costs a
// re-layout, never a wrong picture. memo.test.ts changes every field of the
// fixtures, one at a time, to show that nothing the layout reads is left out.

type Fields = Record<string, unknown> | null | undefined;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** Lists of strings (podIPs, roles…): element by element; anything but two arrays only when identical. */
function sameArray(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i]) || i in a !== i in b) return false;
  return true;
}

/** Lists of records (containers, volumes, mounts): item by item with `same`. */
function sameList(a: unknown, b: unknown, same: (x: Record<string, unknown>, y: Record<string, unknown>) => boolean): boolean {
  if (a === b) return true;
  if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x: unknown = a[i];
    const y: unknown = b[i];
    if (x === y) continue;
    if (!isObject(x) || !isObject(y) || !same(x, y)) return false;
  }
  return true;
}

function sameNodeFields(a: NodeModel, b: NodeModel): boolean {
  // Not pods (compared one by one), nor addresses, conditions, images, labels or capacity: the layout reads none of them.
  const ia = a.info as unknown as Fields;
  const ib = b.info as unknown as Fields;
  const ra = a.runtime as unknown as Fields;
  const rb = b.runtime as unknown as Fields;
  return (
    Object.is(a.uid, b.uid) &&
    Object.is(a.name, b.name) &&
    Object.is(a.role, b.role) &&
    Object.is(a.inferred, b.inferred) &&
    Object.is(a.podsOutside, b.podsOutside) &&
    Object.is(a.internalIP, b.internalIP) &&
    Object.is(a.unschedulable, b.unschedulable) &&
    Object.is((a.ready as unknown as Fields)?.status, (b.ready as unknown as Fields)?.status) &&
    sameArray(a.roles, b.roles) &&
    sameArray(a.podCIDRs, b.podCIDRs) &&
    Object.is(ia?.kubeletVersion, ib?.kubeletVersion) &&
    Object.is(ia?.operatingSystem, ib?.operatingSystem) &&
    Object.is(ia?.architecture, ib?.architecture) &&
    Object.is(ia?.containerRuntimeVersion, ib?.containerRuntimeVersion) &&
    !ra === !rb &&
    Object.is(ra?.name, rb?.name) &&
    Object.is(ra?.version, rb?.version)
  );
}

function samePodFields(a: PodModel, b: PodModel, detail: Detail): boolean {
  // The pod's own box: name, status, addresses, label and tooltip.
  const oa = a.owner as unknown as Fields;
  const ob = b.owner as unknown as Fields;
  const sa = a.scheduling as unknown as Fields;
  const sb = b.scheduling as unknown as Fields;
  const own =
    Object.is(a.uid, b.uid) &&
    Object.is(a.name, b.name) &&
    Object.is(a.namespace, b.namespace) &&
    Object.is(a.nodeName, b.nodeName) &&
    Object.is(a.phase, b.phase) &&
    Object.is(a.status, b.status) &&
    Object.is(a.ready, b.ready) &&
    Object.is(a.readyContainers, b.readyContainers) &&
    Object.is(a.totalContainers, b.totalContainers) &&
    Object.is(a.podIP, b.podIP) &&
    Object.is(a.hostIP, b.hostIP) &&
    Object.is(a.hostNetwork, b.hostNetwork) &&
    sameArray(a.podIPs, b.podIPs) &&
    !oa === !ob &&
    Object.is(oa?.kind, ob?.kind) &&
    Object.is(oa?.name, ob?.name) &&
    Object.is(sa?.message, sb?.message) &&
    Object.is(sa?.reason, sb?.reason);
  // A compact tile or a card shows nothing of containers and volumes.
  if (!own || detail !== 'full') return own;
  return sameList(a.containers, b.containers, sameContainer) && sameList(a.volumes, b.volumes, sameVolume);
}

function sameContainer(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const sa = a.state as Fields;
  const sb = b.state as Fields;
  return (
    Object.is(a.uid, b.uid) &&
    Object.is(a.name, b.name) &&
    Object.is(a.group, b.group) &&
    Object.is(a.resolvedDigest, b.resolvedDigest) &&
    Object.is(a.ready, b.ready) &&
    Object.is(a.restartCount, b.restartCount) &&
    Object.is(sa?.kind, sb?.kind) &&
    Object.is(sa?.reason, sb?.reason) &&
    Object.is(sa?.exitCode, sb?.exitCode) &&
    sameImage(a.image, b.image)
  );
}

function sameImage(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // imageLabel shows only an object's fields; anything else only when identical.
  if (!isObject(a) || !isObject(b)) return false;
  return Object.is(a.name, b.name) && Object.is(a.raw, b.raw) && Object.is(a.tag, b.tag) && Object.is(a.digest, b.digest) && Object.is(a.canonical, b.canonical);
}

function sameVolume(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  // Of a claim, only whether there is one and its namespace/name are shown.
  const ca = a.claim as Fields;
  const cb = b.claim as Fields;
  return (
    Object.is(a.uid, b.uid) &&
    Object.is(a.name, b.name) &&
    Object.is(a.type, b.type) &&
    Object.is(a.typeName, b.typeName) &&
    Object.is(a.detail, b.detail) &&
    sameList(a.source, b.source, sameMessage) &&
    Object.is(a.shared, b.shared) &&
    !ca === !cb &&
    Object.is(ca?.namespace, cb?.namespace) &&
    Object.is(ca?.name, cb?.name) &&
    sameArray(a.sharedWithPods, b.sharedWithPods) &&
    Object.is(a.podsOutside, b.podsOutside) &&
    sameList(a.mountedBy, b.mountedBy, sameUse)
  );
}

/** A message the layout says (a volume's source): its id and every parameter. */
function sameMessage(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  if (!Object.is(a.id, b.id)) return false;
  const pa = a.params as Fields;
  const pb = b.params as Fields;
  if (pa === pb) return true;
  if (!isObject(pa) || !isObject(pb)) return false;
  const ka = Object.keys(pa);
  return ka.length === Object.keys(pb).length && ka.every((k) => Object.prototype.hasOwnProperty.call(pb, k) && Object.is(pa[k], pb[k]));
}

function sameUse(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return Object.is(a.container, b.container) && Object.is(a.group, b.group) && Object.is(a.mountPath, b.mountPath) && Object.is(a.readOnly, b.readOnly);
}

export const LAYOUT_SAMENESS: Sameness = { node: sameNodeFields, pod: samePodFields };
