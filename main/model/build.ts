// The anatomy model builder: Kubernetes objects in, one plain model out.
// Pure and deterministic (the same objects in any order give an equal model),
// linear in the number of pods (everything is joined through maps), and it
// never throws on malformed input: an item it cannot read is skipped.

import { claimKey, indexClaims, resolveClaim } from './claim.ts';
import { buildGaps } from './gaps.ts';
import { readCallouts, type WithCallouts } from './callouts.ts';
import { compareText, inferNode, inferredNames, readNode } from './node.ts';
import { podIdentity, podKey, readPod } from './pod.ts';
import type { PodIdentity, ReadPod } from './pod.ts';
import { obj, text } from './read.ts';
import type { ClusterObjects } from './kube.ts';
import { MODEL_SCHEMA } from './types.ts';
import type { AnatomyModel, ModelSource, NodeModel, PodModel, SharedClaim } from './types.ts';

export const NODE_NOT_READABLE = 'node not readable';
export const NODE_NOT_FOUND = 'node object not found';
/** Most other pods named on one volume's sharedWithPods. */
export const SHARED_WITH_LIMIT = 100;

function list(v: unknown): unknown[] | undefined {
  return Array.isArray(v) ? v : undefined;
}

function comparePods(a: PodModel, b: PodModel): number {
  return compareText(a.namespace, b.namespace) || compareText(a.name, b.name) || compareText(a.uid, b.uid);
}

function compareIdentity(a: { namespace: string; name: string }, b: { namespace: string; name: string }): number {
  return compareText(a.namespace, b.namespace) || compareText(a.name, b.name);
}

function copySource(source: ModelSource): ModelSource {
  const s = obj(source) ?? {};
  const copy: ModelSource = {
    kind: s.kind === 'snapshot' || s.kind === 'demo' ? s.kind : 'cluster',
    name: text(s.name) ?? '',
    namespaces: Array.isArray(s.namespaces) ? s.namespaces.filter((n): n is string => typeof n === 'string') : [],
  };
  const server = text(s.server);
  if (server !== undefined) copy.server = server;
  return copy;
}

/** Nodes by name. Of two Node objects with one name (hostile input) the smaller uid wins, whatever the order. */
function readNodes(items: unknown[]): Map<string, NodeModel> {
  const nodes = new Map<string, NodeModel>();
  for (const item of items) {
    const node = readNode(item);
    if (!node) continue;
    const existing = nodes.get(node.name);
    if (!existing || compareText(node.uid, existing.uid) < 0) nodes.set(node.name, node);
  }
  return nodes;
}

/** Pods by uid. Of two pods with one uid (hostile input) the first by namespace/name wins. */
function readIdentities(items: unknown[]): PodIdentity[] {
  const byUid = new Map<string, PodIdentity>();
  for (const item of items) {
    const id = podIdentity(item);
    if (!id) continue;
    const existing = byUid.get(id.uid);
    if (!existing || compareIdentity(id, existing) < 0) byUid.set(id.uid, id);
  }
  return [...byUid.values()];
}

/** Resolves every claim volume and links pods that share a claim. */
function linkClaims(read: ReadPod[], objects: ClusterObjects): SharedClaim[] {
  const index = indexClaims(list(objects.persistentVolumeClaims), list(objects.persistentVolumes));
  const users = new Map<string, Set<string>>();
  for (const { pod, claimRefs } of read) {
    for (let i = 0; i < pod.volumes.length; i++) {
      const ref = claimRefs[i];
      if (!ref) continue;
      pod.volumes[i].claim = resolveClaim(index, pod.namespace, ref.claimName);
      const key = claimKey(pod.namespace, ref.claimName);
      let set = users.get(key);
      if (!set) users.set(key, (set = new Set()));
      set.add(podKey(pod));
    }
  }
  const shared: SharedClaim[] = [];
  const sorted = new Map<string, string[]>();
  for (const [key, set] of users) {
    if (set.size < 2) continue;
    const pods = [...set].sort(compareText);
    sorted.set(key, pods);
    const slash = key.indexOf('/');
    shared.push({ namespace: key.slice(0, slash), claim: key.slice(slash + 1), pods });
  }
  for (const { pod, claimRefs } of read) {
    const self = podKey(pod);
    for (let i = 0; i < pod.volumes.length; i++) {
      const ref = claimRefs[i];
      const pods = ref && sorted.get(claimKey(pod.namespace, ref.claimName));
      if (!pods) continue;
      // Copy at most SHARED_WITH_LIMIT names per volume so the work stays linear.
      const others = pods.slice(0, SHARED_WITH_LIMIT + 1).filter((p) => p !== self).slice(0, SHARED_WITH_LIMIT);
      pod.volumes[i].sharedWithPods = others;
      if (pods.length - 1 > others.length) pod.volumes[i].sharedWithPodsTotal = pods.length - 1;
    }
  }
  return shared.sort((a, b) => compareText(a.namespace, b.namespace) || compareText(a.claim, b.claim));
}

function namespacesOf(objects: ClusterObjects, pods: PodModel[]): string[] {
  const names = new Set<string>();
  for (const item of list(objects.namespaces) ?? []) {
    const name = text(obj(obj(item)?.metadata)?.name);
    if (name !== undefined) names.add(name);
  }
  // Also the pods' own namespaces: a namespace created between the two reads must not vanish.
  for (const pod of pods) names.add(pod.namespace);
  return [...names].sort(compareText);
}

/** Only an explicit Ready=Unknown means the kubelet stopped reporting; a node with no Ready condition may just be new. */
function nodeUnreachable(node: NodeModel | undefined): boolean {
  return node !== undefined && node.conditions.some((c) => c.type === 'Ready' && c.status === 'Unknown');
}

export function buildModel(objects: ClusterObjects, source: ModelSource): AnatomyModel {
  const input: ClusterObjects = obj(objects) ? objects : { gaps: [] };
  const nodeItems = list(input.nodes);
  const nodes = readNodes(nodeItems ?? []);

  const read: ReadPod[] = [];
  for (const id of readIdentities(list(input.pods) ?? [])) {
    read.push(readPod(id, { nodeUnreachable: nodeUnreachable(id.nodeName !== undefined ? nodes.get(id.nodeName) : undefined) }));
  }
  return assemble(input, nodeItems !== undefined, nodes, read, source);
}

/**
 * buildModel for objects that come one at a time, as a snapshot file is read
 * in pieces: each pod is read (readPod) when it comes and its object need not
 * be kept, so 100,000 raw pods (some 400 MB) are never held beside their
 * model. A pod needs its node's Ready condition, so a pod that comes before
 * its node (kubectl lists nodes first) is kept as it is and read at the end.
 * finish() returns what buildModel returns for the same objects, provided no
 * node name comes twice: the snapshot reader drops a repeated object before
 * anything sees it (two names alike in their first MAX_STRING characters
 * excepted, which addNode settles as buildModel does).
 */
export class StreamedBuild {
  private readonly nodes = new Map<string, NodeModel>();
  private nodesAdded = false;
  private podsAdded = false;
  /** Pods by readIdentities' key: read once their node (or no node) is known, else still as they came. */
  private readonly pods = new Map<string, ReadPod | PodIdentity>();

  addNode(item: unknown): void {
    this.nodesAdded = true;
    const node = readNode(item);
    if (!node) return;
    // The snapshot reader drops repeated names, but the model cuts names at MAX_STRING: two long names
    // the reader keeps apart can be one here. Keep the one buildModel keeps (readNodes) instead of failing.
    // Pods already read on the other keep the Ready state it had: the file cannot be a real cluster's.
    const existing = this.nodes.get(node.name);
    if (!existing || compareText(node.uid, existing.uid) < 0) this.nodes.set(node.name, node);
  }

  addPod(item: unknown): void {
    this.podsAdded = true;
    const id = podIdentity(item);
    if (!id) return;
    const existing = this.pods.get(id.uid);
    if (existing && compareIdentity(id, 'pod' in existing ? existing.pod : existing) >= 0) return;
    const known = id.nodeName === undefined || this.nodes.has(id.nodeName);
    // Read, only what the model needs of the raw pod stays.
    this.pods.set(id.uid, known ? this.read(id) : id);
  }

  /**
   * The model of everything added, and of `objects`: the other lists (claims,
   * volumes, namespaces, gaps), and any nodes and pods not added one by one.
   * A nodes or pods list counts as read when it is in `objects` or anything
   * was added to it.
   */
  finish(objects: ClusterObjects, source: ModelSource): AnatomyModel {
    const input: ClusterObjects = obj(objects) ? objects : { gaps: [] };
    for (const item of list(input.nodes) ?? []) this.addNode(item);
    for (const item of list(input.pods) ?? []) this.addPod(item);
    const read: ReadPod[] = [];
    for (const pod of this.pods.values()) read.push('pod' in pod ? pod : this.read(pod));
    // Only whether these two lists were read matters from here on, not what they hold.
    const lists: ClusterObjects = { ...input };
    if (this.nodesAdded) lists.nodes = Array.isArray(input.nodes) ? input.nodes : [];
    if (this.podsAdded) lists.pods = Array.isArray(input.pods) ? input.pods : [];
    return assemble(lists, list(lists.nodes) !== undefined, this.nodes, read, source);
  }

  private read(id: PodIdentity): ReadPod {
    return readPod(id, { nodeUnreachable: nodeUnreachable(id.nodeName !== undefined ? this.nodes.get(id.nodeName) : undefined) });
  }
}

function assemble(input: ClusterObjects, nodesRead: boolean, nodes: Map<string, NodeModel>, read: ReadPod[], source: ModelSource): AnatomyModel {
  const unscheduled: PodModel[] = [];
  const staticControlPlane = new Set<string>();
  for (const { pod, controlPlaneStatic } of read) {
    if (pod.nodeName === undefined) {
      unscheduled.push(pod);
      continue;
    }
    let node = nodes.get(pod.nodeName);
    if (!node) {
      node = inferNode(pod.nodeName, nodesRead ? NODE_NOT_FOUND : NODE_NOT_READABLE);
      nodes.set(node.name, node);
    }
    node.pods.push(pod);
    if (controlPlaneStatic) staticControlPlane.add(node.name);
  }

  const sharedClaims = linkClaims(read, input);

  let containers = 0;
  let volumes = 0;
  for (const { pod } of read) {
    containers += pod.containers.length;
    volumes += pod.volumes.length;
  }

  const nodeList = [...nodes.values()];
  for (const node of nodeList) {
    if (node.role === 'worker' && staticControlPlane.has(node.name)) {
      node.role = 'control-plane';
      node.controlPlaneBy = 'static-pods';
    }
    node.pods.sort(comparePods);
  }
  nodeList.sort((a, b) => (a.role === b.role ? compareText(a.name, b.name) : a.role === 'control-plane' ? -1 : 1));
  unscheduled.sort(comparePods);

  const allPods = read.map((r) => r.pod);
  const model: AnatomyModel = {
    schema: MODEL_SCHEMA,
    source: copySource(source),
    nodes: nodeList,
    unscheduled,
    sharedClaims,
    namespaces: namespacesOf(input, allPods),
    gaps: buildGaps(input, allPods, nodesRead ? () => inferredNames(nodeList) : undefined),
    stats: { nodes: nodeList.length, pods: allPods.length, containers, volumes },
  };
  // A saved snapshot's notes travel with its model to the page and the export; read again, as all input is.
  const stored = (input as WithCallouts<ClusterObjects>).callouts;
  const callouts = stored === undefined ? [] : readCallouts(stored).callouts;
  if (callouts.length > 0) model.callouts = callouts;
  return model;
}
