// Access gaps: resources the builder could not read (and objects a snapshot
// held twice), each with a sentence on what the model did without them, so the
// drawing can say what is missing. The sentence is a message id (catalogs/
// model.ts), put into words where it is shown, in the language chosen there.

import { isMessageId, message, textOf, type Message, type MessageId } from '../i18n/index.ts';
import { obj, str, text } from './read.ts';
import type { ClusterObjects } from './kube.ts';
import { compareText } from './node.ts';
import { GAP_REASONS, type AccessGap, type GapReason, type PodModel, type ResourceName } from './types.ts';

export const CONSEQUENCES: Readonly<Record<ResourceName, MessageId>> = {
  nodes: 'gap.consequence.nodes',
  pods: 'gap.consequence.pods',
  persistentvolumeclaims: 'gap.consequence.persistentvolumeclaims',
  persistentvolumes: 'gap.consequence.persistentvolumes',
  namespaces: 'gap.consequence.namespaces',
};

const DROPPED_DUPLICATES: MessageId = 'gap.consequence.duplicates';

/** Names of nodes inferred from pods that the gap lists; the rest are counted. */
const MAX_INFERRED_NAMED = 3;
/** A node's name from the input, in a gap's sentence: a long one is cut. */
const MAX_NAME_IN_MESSAGE = 100;

/**
 * The gap for nodes that pods run on but that a list read whole (a snapshot's
 * Node objects) does not hold, so they are drawn from their pods alone: how
 * many, and the first few by name (in code unit order).
 */
export function inferredNodesGap(names: readonly string[]): AccessGap {
  const missing = [...names].sort(compareText);
  const cut = (name: string) => (name.length > MAX_NAME_IN_MESSAGE ? `${name.slice(0, MAX_NAME_IN_MESSAGE)}…` : name);
  const count = missing.length;
  const named = missing.slice(0, MAX_INFERRED_NAMED).map(cut).join(', ');
  const more = count - MAX_INFERRED_NAMED;
  const said =
    count === 1
      ? message('errors.gap.nodeNotInSnapshot', { kind: 'Node', name: named })
      : more > 0
        ? message('errors.gap.nodesNotInSnapshotMore', { kind: 'Node', count, names: named, more })
        : message('errors.gap.nodesNotInSnapshot', { kind: 'Node', count, names: named });
  return { resource: 'nodes', reason: 'incomplete', message: textOf('en', said), said, consequence: message('gap.consequence.nodesInferred') };
}

/**
 * A consequence the source gave: its own text (kept as written, in
 * 'gap.said'), or a message of the table with plain values; anything else
 * is as if none were given.
 */
function givenConsequence(value: unknown): Message | undefined {
  const said = text(value);
  if (said !== undefined) return message('gap.said', { text: said });
  const m = obj(value);
  if (!m || !isMessageId(m.id)) return undefined;
  const params = obj(m.params);
  if (m.params === undefined) return message(m.id);
  if (!params || !Object.values(params).every((v) => typeof v === 'string' || typeof v === 'number')) return undefined;
  return message(m.id, params as Record<string, string | number>);
}

/**
 * A gap's own words as a message: an id of the table, and values that are text, numbers or such
 * messages (a sentence of the cluster layer names its place as one), two deep at most. A snapshot
 * file may hold anything here, so anything else is as if none were given.
 */
function givenSaid(value: unknown, depth = 0): Message | undefined {
  const m = obj(value);
  if (!m || !isMessageId(m.id)) return undefined;
  if (m.params === undefined) return message(m.id);
  const params = obj(m.params);
  if (!params) return undefined;
  const out: Record<string, string | number | Message> = {};
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
    else {
      const inner = depth < 2 ? givenSaid(v, depth + 1) : undefined;
      if (!inner) return undefined;
      out[k] = inner;
    }
  }
  return message(m.id, out);
}

const LISTS: readonly [ResourceName, keyof ClusterObjects][] = [
  ['nodes', 'nodes'],
  ['pods', 'pods'],
  ['persistentvolumeclaims', 'persistentVolumeClaims'],
  ['persistentvolumes', 'persistentVolumes'],
  ['namespaces', 'namespaces'],
];

function isResource(v: unknown): v is ResourceName {
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(CONSEQUENCES, v);
}

/**
 * The input's gaps (malformed entries dropped), each with a consequence, plus
 * one for every list that is missing without a gap explaining it, where the
 * picture needs that list. A list missing where nothing needs it is no gap: a
 * snapshot made with `kubectl get nodes,pods,pvc,pv` has no Namespace objects
 * (the pods name their namespaces), and a cluster without claims prints no PVC
 * or PV. Live sources always say why a list is missing.
 */
export function buildGaps(objects: ClusterObjects, pods: readonly PodModel[], inferred?: () => readonly string[]): AccessGap[] {
  return gapsFor(objects, neededLists(pods), inferred);
}

/** Which lists the picture needs, by resource. */
export type NeededLists = Record<ResourceName, boolean>;

/**
 * buildGaps with the needs already known: the incremental model counts them instead of walking every pod.
 * `inferred`, when given, names the nodes the model drew from their pods although the nodes list was read
 * (asked only when an 'incomplete' nodes gap comes): that gap is said again for those (none, no gap), as the
 * input's may name nodes whose pods a namespace filter left out.
 */
export function gapsFor(objects: ClusterObjects, needed: NeededLists, inferred?: () => readonly string[]): AccessGap[] {
  const gaps: AccessGap[] = [];
  const covered = new Set<ResourceName>();
  let restated = false;
  for (const item of Array.isArray(objects.gaps) ? objects.gaps : []) {
    const g = obj(item);
    if (!g || !isResource(g.resource)) continue;
    const reason: GapReason = (GAP_REASONS as readonly unknown[]).includes(g.reason) ? (g.reason as GapReason) : 'unavailable';
    if (inferred !== undefined && g.resource === 'nodes' && reason === 'incomplete') {
      // Said once, for the nodes the model has: a list read whole is no gap when all its nodes are there.
      if (!restated) {
        const names = inferred();
        if (names.length > 0) gaps.push(inferredNodesGap(names));
        restated = true;
      }
      covered.add('nodes');
      continue;
    }
    const said = givenSaid(g.said);
    const gap: AccessGap = {
      resource: g.resource,
      reason,
      message: str(g.message) ?? '',
      ...(said ? { said } : {}),
      consequence: givenConsequence(g.consequence) ?? message(reason === 'duplicate' ? DROPPED_DUPLICATES : CONSEQUENCES[g.resource]),
    };
    // Dropped duplicates say nothing about whether the list itself was read (an incomplete one was).
    if (reason !== 'duplicate') covered.add(gap.resource);
    gaps.push(gap);
  }
  for (const [resource, key] of LISTS) {
    if (!Array.isArray(objects[key]) && !covered.has(resource) && needed[resource]) {
      gaps.push({ resource, reason: 'unavailable', message: `${resource} were not read`, said: message('errors.gap.notRead', { resource }), consequence: message(CONSEQUENCES[resource]) });
    }
  }
  return gaps;
}

/** Which lists the picture of these pods would be wrong without (claims already resolved). */
export function neededLists(pods: readonly PodModel[]): NeededLists {
  const claims = pods.flatMap((p) => p.volumes.flatMap((v) => (v.claim ? [v.claim] : [])));
  return {
    nodes: pods.some((p) => p.nodeName !== undefined),
    pods: true,
    persistentvolumeclaims: claims.length > 0,
    // An unbound claim, or one whose PVC was not read, names no volume to look up.
    persistentvolumes: claims.some((c) => c.volumeName !== undefined),
    // Namespaces are missing only when nothing names them.
    namespaces: pods.length === 0,
  };
}
