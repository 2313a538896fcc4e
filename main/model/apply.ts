// The incremental model: applyDelta(state, delta) → { state, patch }, where
// the state holds the objects (normalized by uid, store.ts), indexes over them,
// and the current AnatomyModel. A change recomputes only what it reaches:
//
//   a pod      → that pod; the rows (node or unscheduled) it leaves and joins;
//                the pods sharing a claim with it when the claim's users change
//   a node     → its header; its pods too when its Ready=Unknown flips
//   a PVC / PV → the pods using that claim (the claims bound to that PV)
//   a namespace→ the namespace list
//   the lists a source can read → everything (rare: a resource became forbidden)
//
// and then the small global sections: node order, shared claims, namespaces,
// gaps and stats. buildModel stays the definition of the right answer: for any
// sequence of deltas, state.model deep-equals buildModel(storeObjects(state.store)),
// and test/main/model/apply.property.test.ts holds that over random sequences.
//
// Pure: neither the state given nor any model handed out is ever changed (the
// indexes are persistent maps, pmap.ts; models share what did not change), so
// a caller may keep an old state and apply something else to it.

import { buildModel, NODE_NOT_FOUND, NODE_NOT_READABLE, SHARED_WITH_LIMIT } from './build.ts';
import { claimKey, preferredClaimObject, pvcIndexKey, pvIndexKey, resolveClaim } from './claim.ts';
import type { ClaimIndex, Lookup } from './claim.ts';
import { OBJECT_LISTS } from './delta.ts';
import type { Delta } from './delta.ts';
import { gapsFor } from './gaps.ts';
import type { ClusterObjects, KubeObject } from './kube.ts';
import { compareText, inferNode, inferredNames, readNode } from './node.ts';
import { changeRow, compareNodes, rowChanges } from './patch.ts';
import type { ModelPatch, NodeChange, PodChange } from './patch.ts';
import { PMap } from './pmap.ts';
import type { PMapDraft } from './pmap.ts';
import { podIdentity, podKey, readPod } from './pod.ts';
import type { ReadPod } from './pod.ts';
import { obj, text } from './read.ts';
import type { Obj } from './read.ts';
import { emptyStore, StoreDraft } from './store.ts';
import type { ObjectStore, StoreChange } from './store.ts';
import type { AnatomyModel, ModelSource, ModelStats, NodeModel, PodModel, SharedClaim, VolumeModel } from './types.ts';

/** What one pod adds to the model's totals; gaps need the last three. */
interface Counts {
  pods: number;
  containers: number;
  volumes: number;
  /** Pods with a node name: without nodes, they are grouped by name only. */
  scheduled: number;
  /** Claim volumes: without PVCs, they are shown by name only. */
  claims: number;
  /** Claim volumes whose PVC names a PV. */
  bound: number;
}

const NO_COUNTS: Counts = { pods: 0, containers: 0, volumes: 0, scheduled: 0, claims: 0, bound: 0 };

interface PodEntry {
  /** readPod's output, claims unresolved. Never changed: `model` is built from copies. */
  readonly read: ReadPod;
  readonly podKey: string;
  /** Distinct claim keys its volumes name. */
  readonly claimKeys: readonly string[];
  /** The pod as the model has it, claims resolved. */
  readonly model: PodModel;
  readonly counts: Counts;
}

interface NodeWinner {
  object: KubeObject;
  node: NodeModel;
}

/** The indexes behind a model. Opaque to callers: only apply.ts reads them. */
export interface ModelIndex {
  readonly pods: PMap<PodEntry>;
  /** Node objects by node name, then by store key (two objects may claim one name). */
  readonly nodeObjects: PMap<ReadonlyMap<string, KubeObject>>;
  /** The Node object each name is drawn from (readNode with no pods), as the builder picks it. */
  readonly nodeWinners: PMap<NodeWinner>;
  /** The model's nodes by name. */
  readonly nodes: PMap<NodeModel>;
  /** Control-plane static pods by node name: they make a node count as control plane. */
  readonly staticPods: PMap<number>;
  readonly claimObjects: PMap<ReadonlyMap<string, Obj>>;
  readonly volumeObjects: PMap<ReadonlyMap<string, Obj>>;
  /** The PVC behind each claim key and the PV behind each name, as the builder's claim index picks them. */
  readonly claims: PMap<Obj>;
  readonly volumes: PMap<Obj>;
  /** Claim key → uid → namespace/name of each pod using it. */
  readonly claimUsers: PMap<ReadonlyMap<string, string>>;
  /** Claim key → the distinct namespace/names using it, sorted (sharedWithPods and sharedClaims come from it). */
  readonly claimPods: PMap<readonly string[]>;
  /** Namespace name → Namespace objects and pods naming it. */
  readonly namespaceUses: PMap<number>;
  readonly counts: Counts;
}

export interface ModelState {
  readonly model: AnatomyModel;
  /** The objects behind the model: buildModel(storeObjects(store)) equals `model`. */
  readonly store: ObjectStore;
  readonly index: ModelIndex;
}

export interface Applied {
  state: ModelState;
  patch: ModelPatch;
}

const EMPTY_OBJECTS: ClusterObjects = { nodes: [], pods: [], persistentVolumeClaims: [], persistentVolumes: [], namespaces: [], gaps: [] };

/** No objects yet, every list readable: what a source's first deltas apply to. */
export function emptyModelState(source: ModelSource): ModelState {
  return {
    model: buildModel(EMPTY_OBJECTS, source),
    store: emptyStore(),
    index: {
      pods: PMap.empty(),
      nodeObjects: PMap.empty(),
      nodeWinners: PMap.empty(),
      nodes: PMap.empty(),
      staticPods: PMap.empty(),
      claimObjects: PMap.empty(),
      volumeObjects: PMap.empty(),
      claims: PMap.empty(),
      volumes: PMap.empty(),
      claimUsers: PMap.empty(),
      claimPods: PMap.empty(),
      namespaceUses: PMap.empty(),
      counts: NO_COUNTS,
    },
  };
}

/** The state of a whole set of objects (a snapshot, a first delivery). */
export function modelStateFrom(objects: ClusterObjects, source: ModelSource): ModelState {
  const input = obj(objects) ? objects : { gaps: [] };
  const deltas: Delta[] = [
    {
      type: 'gaps',
      gaps: Array.isArray(input.gaps) ? input.gaps : [],
      unread: OBJECT_LISTS.filter((l) => !Array.isArray(input[l])),
    },
  ];
  for (const resource of OBJECT_LISTS) {
    const items = input[resource];
    if (Array.isArray(items)) for (const object of items) deltas.push({ type: 'added', resource, object });
  }
  return applyDeltas(emptyModelState(source), deltas).state;
}

export function applyDelta(state: ModelState, delta: Delta): Applied {
  return applyDeltas(state, [delta]);
}

/** Several deltas as one change: each index is copied at most once, and one patch says what the batch changed. */
export function applyDeltas(state: ModelState, deltas: readonly Delta[]): Applied {
  const tx = new Change(state);
  for (const delta of deltas) tx.apply(delta);
  return tx.settle();
}

// ---------------------------------------------------------------- helpers

function nameOf(o: unknown): string | undefined {
  return text(obj(obj(o)?.metadata)?.name);
}

/** Only an explicit Ready=Unknown means the kubelet stopped reporting (as the builder reads it). */
function unreachable(node: NodeModel | undefined): boolean {
  return node !== undefined && node.conditions.some((c) => c.type === 'Ready' && c.status === 'Unknown');
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function countsOf(pod: PodModel): Counts {
  let claims = 0;
  let bound = 0;
  for (const v of pod.volumes) {
    if (!v.claim) continue;
    claims += 1;
    if (v.claim.volumeName !== undefined) bound += 1;
  }
  return {
    pods: 1,
    containers: pod.containers.length,
    volumes: pod.volumes.length,
    scheduled: pod.nodeName !== undefined ? 1 : 0,
    claims,
    bound,
  };
}

function addCounts(a: Counts, b: Counts, sign: 1 | -1): Counts {
  return {
    pods: a.pods + sign * b.pods,
    containers: a.containers + sign * b.containers,
    volumes: a.volumes + sign * b.volumes,
    scheduled: a.scheduled + sign * b.scheduled,
    claims: a.claims + sign * b.claims,
    bound: a.bound + sign * b.bound,
  };
}

/** The pod with its claims resolved and linked to the other pods using them, as the builder's linkClaims does. */
function materialize(entry: PodEntry, index: ClaimIndex, claimPods: Lookup<readonly string[]>): PodModel {
  const { pod, claimRefs } = entry.read;
  if (!claimRefs.some((r) => r !== undefined)) return pod;
  const volumes = pod.volumes.map((v, i): VolumeModel => {
    const ref = claimRefs[i];
    if (!ref) return v;
    const out: VolumeModel = { ...v };
    out.claim = resolveClaim(index, pod.namespace, ref.claimName);
    const pods = claimPods.get(claimKey(pod.namespace, ref.claimName));
    if (pods && pods.length >= 2) {
      const others = pods.slice(0, SHARED_WITH_LIMIT + 1).filter((p) => p !== entry.podKey).slice(0, SHARED_WITH_LIMIT);
      out.sharedWithPods = others;
      if (pods.length - 1 > others.length) out.sharedWithPodsTotal = pods.length - 1;
    }
    return out;
  });
  return { ...pod, volumes };
}

/** A persistent map of small maps, each copied once per change however often it is written. */
class Groups<V> {
  private readonly draft: PMapDraft<ReadonlyMap<string, V>>;
  private readonly owned = new Set<string>();

  constructor(base: PMap<ReadonlyMap<string, V>>) {
    this.draft = base.edit();
  }

  get(group: string): ReadonlyMap<string, V> | undefined {
    return this.draft.get(group);
  }

  keys(): IterableIterator<string> {
    return this.draft.keys();
  }

  set(group: string, key: string, value: V): void {
    this.writable(group).set(key, value);
  }

  delete(group: string, key: string): void {
    const current = this.draft.get(group);
    if (!current?.has(key)) return;
    if (current.size === 1) {
      this.draft.delete(group);
      this.owned.delete(group);
      return;
    }
    this.writable(group).delete(key);
  }

  done(): PMap<ReadonlyMap<string, V>> {
    return this.draft.done();
  }

  private writable(group: string): Map<string, V> {
    if (!this.owned.has(group)) {
      this.draft.set(group, new Map(this.draft.get(group)));
      this.owned.add(group);
    }
    return this.draft.get(group) as Map<string, V>;
  }
}

function bump(counter: PMapDraft<number>, key: string, by: 1 | -1): boolean {
  const before = counter.get(key) ?? 0;
  const after = before + by;
  if (after <= 0) counter.delete(key);
  else counter.set(key, after);
  // Whether the key came or went.
  return (before > 0) !== (after > 0);
}

// ---------------------------------------------------------------- one change

class Change {
  private readonly previous: ModelState;
  private readonly store: StoreDraft;
  private readonly pods: PMapDraft<PodEntry>;
  private readonly nodeObjects: Groups<KubeObject>;
  private readonly nodeWinners: PMapDraft<NodeWinner>;
  private readonly nodes: PMapDraft<NodeModel>;
  private readonly staticPods: PMapDraft<number>;
  private readonly claimObjects: Groups<Obj>;
  private readonly volumeObjects: Groups<Obj>;
  private readonly claims: PMapDraft<Obj>;
  private readonly volumes: PMapDraft<Obj>;
  private readonly claimUsers: Groups<string>;
  private readonly claimPods: PMapDraft<readonly string[]>;
  private readonly namespaceUses: PMapDraft<number>;
  private counts: Counts;

  private readonly dirtyPods = new Set<string>();
  private readonly dirtyNodes = new Set<string>();
  private readonly dirtyClaims = new Set<string>();
  private readonly dirtyVolumes = new Set<string>();
  private namespacesDirty = false;
  private unreadChanged = false;

  constructor(state: ModelState) {
    this.previous = state;
    const i = state.index;
    this.store = new StoreDraft(state.store);
    this.pods = i.pods.edit();
    this.nodeObjects = new Groups(i.nodeObjects);
    this.nodeWinners = i.nodeWinners.edit();
    this.nodes = i.nodes.edit();
    this.staticPods = i.staticPods.edit();
    this.claimObjects = new Groups(i.claimObjects);
    this.volumeObjects = new Groups(i.volumeObjects);
    this.claims = i.claims.edit();
    this.volumes = i.volumes.edit();
    this.claimUsers = new Groups(i.claimUsers);
    this.claimPods = i.claimPods.edit();
    this.namespaceUses = i.namespaceUses.edit();
    this.counts = i.counts;
  }

  apply(delta: Delta): void {
    const unreadBefore = this.store.unread;
    const change = this.store.apply(delta);
    if (delta.type === 'gaps') {
      const now = this.store.unread;
      if (now.length !== unreadBefore.length || now.some((l) => !unreadBefore.includes(l))) this.unreadChanged = true;
      return;
    }
    // An unread list's objects are kept but not drawn, as the full build without that list.
    if (change && !this.store.unread.includes(change.resource)) this.indexChange(change);
  }

  private indexChange({ resource, key, before, after }: StoreChange): void {
    switch (resource) {
      case 'pods':
        this.dirtyPods.add(key);
        return;
      case 'nodes':
        this.regroup(this.nodeObjects, this.dirtyNodes, key, before, after, nameOf);
        return;
      case 'persistentVolumeClaims':
        this.regroup(this.claimObjects, this.dirtyClaims, key, before, after, pvcIndexKey);
        return;
      case 'persistentVolumes':
        this.regroup(this.volumeObjects, this.dirtyVolumes, key, before, after, pvIndexKey);
        return;
      case 'namespaces':
        for (const [o, by] of [[before, -1], [after, 1]] as const) {
          const name = o && nameOf(o);
          if (name !== undefined && bump(this.namespaceUses, name, by)) this.namespacesDirty = true;
        }
        return;
    }
  }

  private regroup<V>(groups: Groups<V>, dirty: Set<string>, key: string, before: unknown, after: unknown, groupOf: (o: unknown) => string | undefined): void {
    const was = before === undefined ? undefined : groupOf(before);
    if (was !== undefined) {
      groups.delete(was, key);
      dirty.add(was);
    }
    const now = after === undefined ? undefined : groupOf(after);
    if (now !== undefined) {
      groups.set(now, key, after as V);
      dirty.add(now);
    }
  }

  settle(): Applied {
    if (this.unreadChanged) {
      const state = rebuild(this.store.done(), this.previous.model.source);
      return { state, patch: { kind: 'full', model: state.model } };
    }
    const model = this.previous.model;
    const headerDirty = this.settleNodes();
    const claimChanged = this.settleClaimObjects();
    const before = new Map<string, PodModel | undefined>();
    const touchedClaims = this.readPods(before);
    const membership = this.settleMembership(touchedClaims, claimChanged);
    this.materializeAll(before, claimChanged);

    // Pods, and the rows they leave and join.
    const podChanges: PodChange[] = [];
    for (const [uid, was] of before) {
      const now = this.pods.get(uid)?.model;
      if (was === now) continue;
      const change: PodChange = { uid };
      if (was) change.from = was.nodeName ?? null;
      if (now) change.pod = now;
      podChanges.push(change);
    }
    const rows = rowChanges(podChanges);

    // Nodes: headers that changed, rows that changed.
    const affected = new Set(headerDirty);
    for (const key of rows.keys()) if (key !== null) affected.add(key);
    const nodeChanges: NodeChange[] = [];
    const replaced = new Map<string, NodeModel>();
    let orderChanged = false;
    const nodesUnread = this.store.unread.includes('nodes');
    for (const name of affected) {
      const old = this.nodes.get(name);
      const row = rows.get(name);
      const pods = row ? changeRow(old?.pods ?? [], row) : (old?.pods ?? []);
      const winner = this.nodeWinners.get(name);
      if (!winner && pods.length === 0) {
        // Inferred nodes exist only for their pods.
        if (old) {
          this.nodes.delete(name);
          nodeChanges.push({ name });
          orderChanged = true;
        }
        continue;
      }
      const node: NodeModel = { ...(winner?.node ?? inferNode(name, nodesUnread ? NODE_NOT_READABLE : NODE_NOT_FOUND)), pods };
      if (node.role === 'worker' && (this.staticPods.get(name) ?? 0) > 0) {
        node.role = 'control-plane';
        node.controlPlaneBy = 'static-pods';
      }
      this.nodes.set(name, node);
      replaced.set(name, node);
      if (!old || old.role !== node.role) orderChanged = true;
      if (headerDirty.has(name) || !old || old.inferred !== node.inferred || old.role !== node.role || old.controlPlaneBy !== node.controlPlaneBy) {
        const { pods: _pods, ...header } = node;
        nodeChanges.push({ name, node: header });
      }
    }
    let nodes = model.nodes;
    let nodeOrder: string[] | undefined;
    if (orderChanged) {
      nodes = [...this.nodes.values()].sort(compareNodes);
      nodeOrder = nodes.map((n) => n.name);
    } else if (replaced.size > 0) {
      nodes = model.nodes.map((n) => replaced.get(n.name) ?? n);
    }
    const unscheduledRow = rows.get(null);
    const unscheduled = unscheduledRow ? changeRow(model.unscheduled, unscheduledRow) : model.unscheduled;

    const sharedClaims = membership.sharedChanged ? this.sharedClaims(model.sharedClaims, membership.changed) : model.sharedClaims;
    let namespaces = model.namespaces;
    if (this.namespacesDirty) {
      const now = [...this.namespaceUses.keys()].sort(compareText);
      if (!sameStrings(now, namespaces)) namespaces = now;
    }
    let gaps = this.gaps();
    if (JSON.stringify(gaps) === JSON.stringify(model.gaps)) gaps = model.gaps;
    const c = this.counts;
    let stats: ModelStats = { nodes: nodes.length, pods: c.pods, containers: c.containers, volumes: c.volumes };
    const s = model.stats;
    if (stats.nodes === s.nodes && stats.pods === s.pods && stats.containers === s.containers && stats.volumes === s.volumes) stats = s;

    const patch: ModelPatch = { kind: 'changes', pods: podChanges, nodes: nodeChanges };
    if (nodeOrder) patch.nodeOrder = nodeOrder;
    if (sharedClaims !== model.sharedClaims) patch.sharedClaims = sharedClaims;
    if (namespaces !== model.namespaces) patch.namespaces = namespaces;
    if (gaps !== model.gaps) patch.gaps = gaps;
    if (stats !== model.stats) patch.stats = stats;
    const changed = podChanges.length > 0 || nodeChanges.length > 0 || nodes !== model.nodes || patch.sharedClaims || patch.namespaces || patch.gaps || patch.stats;
    const next: AnatomyModel = changed ? { ...model, nodes, unscheduled, sharedClaims, namespaces, gaps, stats } : model;
    return { state: { model: next, store: this.store.done(), index: this.index() }, patch };
  }

  /** New winners for the node names whose objects changed; their pods are read again when Ready=Unknown flips. */
  private settleNodes(): Set<string> {
    const changed = new Set<string>();
    for (const name of this.dirtyNodes) {
      const old = this.nodeWinners.get(name);
      let best: NodeWinner | undefined;
      for (const object of this.nodeObjects.get(name)?.values() ?? []) {
        // The same object as before reads the same: keep its node rather than read it again.
        const node = object === old?.object ? old.node : readNode(object);
        // Of two Node objects with one name the smaller uid wins, as in the builder (keys make uids distinct).
        if (node && (!best || compareText(node.uid, best.node.uid) < 0)) best = { object, node };
      }
      if (best?.object === old?.object) continue;
      if (best) this.nodeWinners.set(name, best);
      else this.nodeWinners.delete(name);
      changed.add(name);
      if (unreachable(old?.node) !== unreachable(best?.node)) {
        for (const pod of this.nodes.get(name)?.pods ?? []) this.dirtyPods.add(pod.uid);
      }
    }
    return changed;
  }

  /** New PVCs and PVs behind claim keys and volume names; the claim keys whose pods must resolve them again. */
  private settleClaimObjects(): Set<string> {
    const changed = new Set<string>();
    for (const key of this.dirtyClaims) if (this.pick(this.claimObjects, this.claims, key)) changed.add(key);
    const volumes = new Set<string>();
    for (const name of this.dirtyVolumes) if (this.pick(this.volumeObjects, this.volumes, name)) volumes.add(name);
    if (volumes.size > 0) {
      // Few PV changes, few claims in use: a scan beats keeping a reverse index in step.
      for (const key of this.claimUsers.keys()) {
        const pvc = this.claims.get(key);
        const volumeName = pvc && text(obj(pvc.spec)?.volumeName);
        if (volumeName !== undefined && volumes.has(volumeName)) changed.add(key);
      }
    }
    return changed;
  }

  /** The builder's pick among objects under one key; whether it changed. */
  private pick(groups: Groups<Obj>, picked: PMapDraft<Obj>, key: string): boolean {
    let best: Obj | undefined;
    for (const o of groups.get(key)?.values() ?? []) if (preferredClaimObject(o, best)) best = o;
    if (best === picked.get(key)) return false;
    if (best) picked.set(key, best);
    else picked.delete(key);
    return true;
  }

  /** Reads the dirty pods again and moves their links (static pods, namespaces, claim users); the claims whose users changed. */
  private readPods(before: Map<string, PodModel | undefined>): Set<string> {
    const touched = new Set<string>();
    for (const uid of this.dirtyPods) {
      const old = this.pods.get(uid);
      if (!before.has(uid)) before.set(uid, old?.model);
      const id = podIdentity(this.store.get('pods', uid));
      let next: PodEntry | undefined;
      if (id) {
        const node = id.nodeName !== undefined ? this.nodeWinners.get(id.nodeName)?.node : undefined;
        const read = readPod(id, { nodeUnreachable: unreachable(node) });
        const claimKeys = new Set<string>();
        for (const ref of read.claimRefs) if (ref) claimKeys.add(claimKey(read.pod.namespace, ref.claimName));
        next = { read, podKey: podKey(read.pod), claimKeys: [...claimKeys], model: read.pod, counts: NO_COUNTS };
      }
      if (old) {
        this.counts = addCounts(this.counts, old.counts, -1);
        this.link(old, -1);
      }
      if (next) {
        this.pods.set(uid, next);
        this.link(next, 1);
      } else if (old) {
        this.pods.delete(uid);
      }
      // Claim users: only the claims this pod joined or left (or all of them when its name changed).
      for (const key of old?.claimKeys ?? []) {
        if (next && next.podKey === old?.podKey && next.claimKeys.includes(key)) continue;
        this.claimUsers.delete(key, uid);
        touched.add(key);
      }
      for (const key of next?.claimKeys ?? []) {
        if (old && old.podKey === next?.podKey && old.claimKeys.includes(key)) continue;
        this.claimUsers.set(key, uid, next!.podKey);
        touched.add(key);
      }
    }
    return touched;
  }

  private link(entry: PodEntry, by: 1 | -1): void {
    const { pod, controlPlaneStatic } = entry.read;
    if (controlPlaneStatic && pod.nodeName !== undefined) bump(this.staticPods, pod.nodeName, by);
    if (bump(this.namespaceUses, pod.namespace, by)) this.namespacesDirty = true;
  }

  /** Sorted users of each touched claim; the claims whose users changed, and whether model.sharedClaims did. */
  private settleMembership(touched: Set<string>, claimChanged: Set<string>): { changed: Set<string>; sharedChanged: boolean } {
    const changed = new Set<string>();
    let sharedChanged = false;
    for (const key of touched) {
      const users = this.claimUsers.get(key);
      const now = users ? [...new Set(users.values())].sort(compareText) : [];
      const was = this.claimPods.get(key) ?? [];
      if (sameStrings(was, now)) continue;
      if (now.length > 0) this.claimPods.set(key, now);
      else this.claimPods.delete(key);
      changed.add(key);
      // Every user's sharedWithPods names the others.
      claimChanged.add(key);
      if (was.length >= 2 || now.length >= 2) sharedChanged = true;
    }
    return { changed, sharedChanged };
  }

  /** Resolves claims for the dirty pods and for every user of a changed claim. */
  private materializeAll(before: Map<string, PodModel | undefined>, claimChanged: Set<string>): void {
    const todo = new Set(this.dirtyPods);
    for (const key of claimChanged) for (const uid of this.claimUsers.get(key)?.keys() ?? []) todo.add(uid);
    const index: ClaimIndex = { claims: this.claims, volumes: this.volumes };
    for (const uid of todo) {
      const entry = this.pods.get(uid);
      if (!entry) continue;
      if (!before.has(uid)) before.set(uid, entry.model);
      const model = materialize(entry, index, this.claimPods);
      const counts = countsOf(model);
      this.counts = addCounts(addCounts(this.counts, entry.counts, -1), counts, 1);
      this.pods.set(uid, { ...entry, model, counts });
    }
  }

  private sharedClaims(old: readonly SharedClaim[], changed: Set<string>): SharedClaim[] {
    const out = old.filter((s) => !changed.has(claimKey(s.namespace, s.claim)));
    for (const key of changed) {
      const pods = this.claimPods.get(key);
      if (!pods || pods.length < 2) continue;
      // Split as the builder does: at the first slash.
      const slash = key.indexOf('/');
      out.push({ namespace: key.slice(0, slash), claim: key.slice(slash + 1), pods: pods as string[] });
    }
    return out.sort((a, b) => compareText(a.namespace, b.namespace) || compareText(a.claim, b.claim));
  }

  private gaps(): AnatomyModel['gaps'] {
    const shape: ClusterObjects = { gaps: [...this.store.gaps] };
    for (const list of OBJECT_LISTS) if (!this.store.unread.includes(list)) shape[list] = [];
    const c = this.counts;
    // Nodes drawn from their pods although the nodes list was read.
    const inferred = this.store.unread.includes('nodes') ? undefined : () => inferredNames(this.nodes.values());
    return gapsFor(
      shape,
      {
        nodes: c.scheduled > 0,
        pods: true,
        persistentvolumeclaims: c.claims > 0,
        persistentvolumes: c.bound > 0,
        namespaces: c.pods === 0,
      },
      inferred,
    );
  }

  private index(): ModelIndex {
    return {
      pods: this.pods.done(),
      nodeObjects: this.nodeObjects.done(),
      nodeWinners: this.nodeWinners.done(),
      nodes: this.nodes.done(),
      staticPods: this.staticPods.done(),
      claimObjects: this.claimObjects.done(),
      volumeObjects: this.volumeObjects.done(),
      claims: this.claims.done(),
      volumes: this.volumes.done(),
      claimUsers: this.claimUsers.done(),
      claimPods: this.claimPods.done(),
      namespaceUses: this.namespaceUses.done(),
      counts: this.counts,
    };
  }
}

/** Everything from the objects again: after the set of readable lists changed, which touches every part. */
function rebuild(store: ObjectStore, source: ModelSource): ModelState {
  const empty = emptyModelState(source);
  const tx = new Change({ ...empty, store: { ...empty.store, unread: store.unread, gaps: store.gaps } });
  for (const resource of OBJECT_LISTS) {
    for (const object of store.lists[resource].values()) tx.apply({ type: 'added', resource, object });
  }
  return tx.settle().state;
}

