// Finds any drawn object of a model by uid, with its pod and node, so the
// selection, search and details panel do not each walk the tree.

import type { AnatomyModel, ContainerModel, NodeModel, PodModel, VolumeModel } from '../../main/model/types.ts';
import type { ObjectKind } from './details/types.ts';
import { podKey } from '../../main/model/pod.ts';
import { finishParts, runParts } from '../../main/common/parts.ts';

export type IndexEntry =
  | { kind: 'node'; uid: string; node: NodeModel }
  | { kind: 'pod'; uid: string; pod: PodModel; node?: NodeModel }
  | { kind: 'container'; uid: string; container: ContainerModel; pod: PodModel; node?: NodeModel }
  | { kind: 'volume'; uid: string; volume: VolumeModel; pod: PodModel; node?: NodeModel };

export interface ModelIndex {
  get(uid: string): IndexEntry | undefined;
  /** "namespace/name" → pod. */
  pod(namespacedName: string): PodModel | undefined;
  /** All pods, scheduled ones in node order first, then unscheduled. */
  pods: PodModel[];
  nodes: NodeModel[];
}

function arr<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

export function indexModel(model: AnatomyModel | undefined): ModelIndex {
  return createModelIndexer()(model);
}

/** A pod's entries (the pod's, its containers', its volumes'). */
function podEntries(pod: PodModel, node: NodeModel | undefined): IndexEntry[] {
  const out: IndexEntry[] = [{ kind: 'pod', uid: pod.uid, pod, node }];
  for (const c of arr<ContainerModel>(pod.containers)) {
    if (c && typeof c.uid === 'string') out.push({ kind: 'container', uid: c.uid, container: c, pod, node });
  }
  for (const v of arr<VolumeModel>(pod.volumes)) {
    if (v && typeof v.uid === 'string') out.push({ kind: 'volume', uid: v.uid, volume: v, pod, node });
  }
  return out;
}

const isPod = (pod: PodModel): boolean => !!pod && typeof pod === 'object' && typeof pod.uid === 'string';

/** What one node (or the unscheduled row) adds to the index. */
interface Part {
  /** The node object indexed last (undefined for the unscheduled row), and the pod list it had. */
  node: NodeModel | undefined;
  list: PodModel[];
  nodeEntry: IndexEntry | undefined;
  /** Its pods, and each one's entries. */
  pods: PodModel[];
  entries: IndexEntry[][];
}

/**
 * An index kept from model to model. A live cluster's models share every
 * node a patch did not touch, and in a node it did, every pod it did not
 * (main/model/patch.ts keeps the same objects): so only the pods that are new
 * objects are indexed, those gone taken out, and the entries of a node that
 * is a new object pointed at it. At 100,000 pods indexing everything took
 * some 300 ms a model. What it gives equals indexModel of the model; where
 * node uids, pod uids or pod names repeat (bad input), it indexes everything
 * again, in model order, as indexModel does, until they no longer do.
 *
 * The index it returned last changes with the next call: keep only the latest.
 */
/** createModelIndexer's: the index of a model at once, or made a part (a node) at a time. */
export interface ModelIndexer {
  (model: AnatomyModel | undefined): ModelIndex;
  /**
   * The same, a node's pods at a time. Left unfinished (another call came
   * first), the next call goes on from the nodes it did: under a stream of
   * changes, where a model often comes before the page was idle long enough
   * to index the last, starting each from nothing never finished one.
   */
  inParts(model: AnatomyModel | undefined): Generator<void, ModelIndex, void>;
}

export function createModelIndexer(): ModelIndexer {
  /** By node uid; the unscheduled row by the empty key (node uids are never empty). */
  let parts = new Map<string, Part>();
  // New maps when everything is indexed again, so that an index handed out
  // before keeps whole ones while the next is made in parts; changes to a few
  // nodes are made in these (an index handed out before sees them).
  let byUid = new Map<string, IndexEntry>();
  let byName = new Map<string, PodModel>();
  let entryCount = 0;
  let podCount = 0;
  /**
   * The maps hold exactly the entries of the parts in `parts`, keyed by distinct
   * node uids (of the last model, or of a run left half-way: some parts brought
   * to a later model, some made for it, some of an earlier one): the next model
   * goes on from them. False until the first run and after one in model order.
   */
  let kept = false;

  const set = (entries: readonly IndexEntry[]): void => {
    for (const e of entries) byUid.set(e.uid, e);
    entryCount += entries.length;
  };
  const unset = (entries: readonly IndexEntry[]): void => {
    for (const e of entries) if (byUid.get(e.uid) === e) byUid.delete(e.uid);
    entryCount -= entries.length;
  };
  const setPod = (pod: PodModel): void => {
    byName.set(podKey(pod), pod);
    podCount++;
  };
  const unsetPod = (pod: PodModel): void => {
    if (byName.get(podKey(pod)) === pod) byName.delete(podKey(pod));
    podCount--;
  };

  const newPart = (node: NodeModel | undefined, list: PodModel[]): Part => {
    const nodeEntry: IndexEntry | undefined = node && typeof node.uid === 'string' ? { kind: 'node', uid: node.uid, node } : undefined;
    const pods = list.filter(isPod);
    return { node, list, nodeEntry, pods, entries: pods.map((p) => podEntries(p, node)) };
  };
  const addPart = (part: Part): void => {
    if (part.nodeEntry) set([part.nodeEntry]);
    for (let i = 0; i < part.pods.length; i++) {
      set(part.entries[i]);
      setPod(part.pods[i]);
    }
  };
  const removePart = (part: Part): void => {
    if (part.nodeEntry) unset([part.nodeEntry]);
    for (let i = 0; i < part.pods.length; i++) {
      unset(part.entries[i]);
      unsetPod(part.pods[i]);
    }
  };

  /** Brings a part to a new node object and pod list: the pods that are the same objects keep their entries. False when it had both already. */
  const updatePart = (part: Part, node: NodeModel | undefined, list: PodModel[]): boolean => {
    if (part.node === node && part.list === list) return false;
    if (part.node !== node) {
      part.node = node;
      if (part.nodeEntry) (part.nodeEntry as { node: NodeModel }).node = node!;
      for (const entries of part.entries) for (const e of entries) (e as { node?: NodeModel }).node = node;
    }
    if (part.list === list) return true;
    part.list = list;
    const pods = list.filter(isPod);
    const old = part.pods;
    // The same objects at the start and at the end; between them, those still there keep their entries.
    let head = 0;
    while (head < old.length && head < pods.length && old[head] === pods[head]) head++;
    let tail = 0;
    while (tail < old.length - head && tail < pods.length - head && old[old.length - 1 - tail] === pods[pods.length - 1 - tail]) tail++;
    const between = new Map<PodModel, IndexEntry[]>();
    for (let i = head; i < old.length - tail; i++) between.set(old[i], part.entries[i]);
    const middle: IndexEntry[][] = [];
    for (let i = head; i < pods.length - tail; i++) {
      let entries = between.get(pods[i]);
      if (entries) between.delete(pods[i]);
      else {
        entries = podEntries(pods[i], node);
        set(entries);
        setPod(pods[i]);
      }
      middle.push(entries);
    }
    for (const [pod, entries] of between) {
      unset(entries);
      unsetPod(pod);
    }
    part.entries.splice(head, old.length - head - tail, ...middle);
    part.pods = pods;
    return true;
  };

  function* inParts(model: AnatomyModel | undefined): Generator<void, ModelIndex, void> {
    const nodes = arr<NodeModel>(model?.nodes).filter((n) => n && typeof n === 'object');
    const unscheduled = arr<PodModel>(model?.unscheduled);
    const keys: string[] = nodes.map((n) => (typeof n.uid === 'string' && n.uid !== '' ? n.uid : '\u0000'));
    const distinct = new Set(keys).size === keys.length && !keys.includes('\u0000');
    let next = new Map<string, Part>();
    /** The parts in model order, when the parts map cannot say it (node uids repeat). */
    let order: Part[] | undefined;
    let done = false;
    if (distinct) {
      if (!kept) {
        byUid = new Map();
        byName = new Map();
        entryCount = podCount = 0;
        parts = new Map();
        kept = true;
      }
      // A part is brought up to date, or made and indexed, at once: the maps hold what the parts say at
      // every yield, so a run left there (the next model came first) leaves the next one less to do.
      // True when that took work (the parts a patch left alone take none, and are not yielded after).
      const take = (key: string, node: NodeModel | undefined, list: PodModel[]): boolean => {
        let part = parts.get(key);
        let worked = true;
        if (part) worked = updatePart(part, node, list);
        else {
          part = newPart(node, list);
          addPart(part);
          parts.set(key, part);
        }
        next.set(key, part);
        return worked;
      };
      for (let i = 0; i < nodes.length; i++) if (take(keys[i], nodes[i], arr<PodModel>(nodes[i].pods))) yield;
      take('', undefined, unscheduled);
      for (const [key, part] of parts) if (next.get(key) !== part) removePart(part);
      // Uids or names held twice (by two pods) are indexed again in model order, the later winning.
      done = byUid.size === entryCount && byName.size === podCount;
    }
    if (!done) {
      // All again, in model order, the later of two alike winning, as indexModel has it.
      kept = false;
      byUid = new Map();
      byName = new Map();
      entryCount = podCount = 0;
      next = new Map();
      const all: Part[] = [];
      for (const n of nodes) {
        const part = newPart(n, arr<PodModel>(n.pods));
        all.push(part);
        addPart(part);
        yield;
      }
      const row = newPart(undefined, unscheduled);
      all.push(row);
      addPart(row);
      if (distinct) all.forEach((part, i) => next.set(i < keys.length ? keys[i] : '', part));
      kept = distinct && byUid.size === entryCount && byName.size === podCount;
      if (!kept) next = new Map();
      order = all;
    }
    parts = next;
    const listed = order ?? [...nodes.map((_, i) => next.get(keys[i])!), next.get('')!];
    let pods: PodModel[] | undefined;
    const uids = byUid;
    const names = byName;
    return {
      get: (uid) => uids.get(uid),
      pod: (name) => names.get(name),
      // Made when asked for: most models are shown without anyone listing every pod.
      get pods() {
        if (!pods) {
          pods = [];
          for (const part of listed) for (const pod of part.pods) pods.push(pod);
        }
        return pods;
      },
      nodes,
    };
  }

  return Object.assign((model: AnatomyModel | undefined) => finishParts(inParts(model)), { inParts });
}

export function entryKind(entry: IndexEntry): ObjectKind {
  return entry.kind;
}

/** An index made when first asked (`made` says whether it was), or by `make`. */
export interface DeferredIndex extends ModelIndex {
  readonly made: boolean;
  /** Makes it: a node at a time while `more()` says so (at least one), or all at once without it. True once made. */
  make(more?: () => boolean): boolean;
}

/**
 * createModelIndexer's index, made only when something asks it (a selection,
 * a search's details, an export of the selection) or when `make` is called:
 * the page shows a model first and indexes it after, in idle time. Only the
 * selection and the details panel use the index, and at 100,000 pods making
 * it was about 600 ms of the task that painted the first picture (the uids
 * of 250,000 objects put in a map).
 *
 * The indexes it hands out share one createModelIndexer, made for the latest
 * model: one handed out earlier and made later indexes its own model from
 * nothing (indexModel), so that it cannot take the shared one back to an
 * older model under the latest.
 */
export function createDeferredIndexer(): (model: AnatomyModel | undefined) => DeferredIndex {
  const indexer = createModelIndexer();
  let latest: object | undefined;
  return (model) => {
    const mine = {};
    latest = mine;
    let index: ModelIndex | undefined;
    /** Its parts under way, while it is the latest (an earlier one asked later indexes from nothing). */
    let steps: Generator<void, ModelIndex, void> | undefined;
    const made = (): ModelIndex => {
      if (!index) index = latest === mine ? finishParts((steps ??= indexer.inParts(model))) : indexModel(model);
      steps = undefined;
      return index;
    };
    return {
      get: (uid) => made().get(uid),
      pod: (name) => made().pod(name),
      get pods() {
        return made().pods;
      },
      get nodes() {
        return made().nodes;
      },
      get made() {
        return index !== undefined;
      },
      make(more) {
        if (index) return true;
        if (!more || latest !== mine) return !!made();
        const done = runParts((steps ??= indexer.inParts(model)), more);
        if (!done) return false;
        index = done.value;
        steps = undefined;
        return true;
      },
    };
  };
}
