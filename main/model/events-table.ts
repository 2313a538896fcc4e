// The events of a drawn part of the cluster, as the table `export --events`
// puts under the picture (issue 12, item 5): only the events regarding what
// the model holds (its nodes, pods, their containers, claims and volumes),
// newest first, at most a cap, each row pointing at the drawn element it is
// about. Words-free: the paper says them in the picture's language.
//
// Pure: no Node, no DOM. Every string of a row came from the cluster and is
// untrusted; the drawing writes it as text only.

import { fieldPathContainer, newestFirst, normalizeEvent, type ClusterEvent } from './events.ts';
import type { KubeObject } from './kube.ts';
import type { AnatomyModel, PodModel } from './types.ts';

/** Rows drawn at most: a table under a picture is read, not scrolled. */
export const MAX_EVENT_ROWS = 50;

/** What a row is about, as the picture names it (kubectl's short kinds). */
export type EventObjectKind = 'node' | 'pod' | 'pvc' | 'pv';

export interface EventRow {
  /** Normal or Warning, as the cluster said. */
  type: string;
  reason: string;
  object: { kind: EventObjectKind; namespace?: string; name: string; container?: string };
  /** The uid of the drawn element the event is about (node, pod, container or the volume of a claim). */
  uid?: string;
  /** The event's note; empty when hidden. */
  message: string;
  /** Under --redact, a message whose form is not known is not shown (redact-events.ts). */
  messageHidden?: true;
  count: number;
  /** RFC 3339, as the event said. */
  first?: string;
  last?: string;
  reporter: string;
}

export type EventsTable =
  /** `rows` newest first, at most the cap; `total` the drawn part's events, `warnings` its Warnings. */
  | { state: 'ok'; rows: EventRow[]; total: number; warnings: number; hidden?: number }
  /** The source has no events (a snapshot saved without them, the demo). */
  | { state: 'none' }
  /** A live cluster that would not give its events: `message` is the API server's, left out under --redact. */
  | { state: 'forbidden' | 'unavailable'; message?: string };

/** Where a drawn object's element is, by what events call it. */
export interface Drawn {
  uid: string;
  /** For a pod: its containers' uids by name. */
  containers?: Map<string, string>;
}

const key = (kind: string, namespace: string | undefined, name: string) => `${kind}\u0000${namespace ?? ''}\u0000${name}`;

/** The events' objects the model draws, by Kind, namespace and name. */
export function drawnObjects(model: AnatomyModel): Map<string, Drawn> {
  const drawn = new Map<string, Drawn>();
  const addPod = (pod: PodModel) => {
    drawn.set(key('Pod', pod.namespace, pod.name), { uid: pod.uid, containers: new Map((pod.containers ?? []).map((c) => [c.name, c.uid])) });
    for (const v of pod.volumes ?? []) {
      const claim = v.claim;
      if (!claim) continue;
      // A claim shared by several pods is drawn with each: the row points at the first.
      const claimKey = key('PersistentVolumeClaim', claim.namespace, claim.name);
      if (!drawn.has(claimKey)) drawn.set(claimKey, { uid: v.uid });
      const pv = claim.pv?.name ?? claim.volumeName;
      if (pv && !drawn.has(key('PersistentVolume', undefined, pv))) drawn.set(key('PersistentVolume', undefined, pv), { uid: v.uid });
    }
  };
  // Pods in drawing order (each node's, then the unscheduled), visited in place: a spread of a
  // long list into push() throws a RangeError past V8's argument limit (100,000 unscheduled pods).
  for (const node of model.nodes ?? []) {
    // An inferred node (its Node unreadable) is still drawn under its name.
    drawn.set(key('Node', undefined, node.name), { uid: node.uid });
    for (const pod of node.pods ?? []) addPod(pod);
  }
  for (const pod of model.unscheduled ?? []) addPod(pod);
  return drawn;
}

const KINDS: Record<string, EventObjectKind> = { Node: 'node', Pod: 'pod', PersistentVolumeClaim: 'pvc', PersistentVolume: 'pv' };
const API_KINDS: Record<EventObjectKind, string> = { node: 'Node', pod: 'Pod', pvc: 'PersistentVolumeClaim', pv: 'PersistentVolume' };

/** The uid of the drawn element a row's object is, among `drawn` (a redacted model's, for a redacted row). */
export function drawnUid(drawn: ReadonlyMap<string, Drawn>, object: EventRow['object']): string | undefined {
  const found = drawn.get(key(API_KINDS[object.kind], object.namespace, object.name));
  return (object.container !== undefined && found?.containers?.get(object.container)) || found?.uid;
}

/**
 * The table of the events (raw, of either API) regarding what `model` draws:
 * newest first, the first `cap` of them as rows. The model is the part drawn,
 * after the namespace filter and --select, before any redaction.
 */
export function eventsTable(model: AnatomyModel, raw: readonly KubeObject[], cap = MAX_EVENT_ROWS): EventsTable {
  const drawn = drawnObjects(model);
  const mine: { event: ClusterEvent; uid: string }[] = [];
  for (const r of raw) {
    const event = normalizeEvent(r);
    if (!event || KINDS[event.regarding.kind] === undefined) continue;
    const { kind, namespace, name } = event.regarding;
    // A node or a volume is not namespaced, but kubelets file their events in "default".
    const found = drawn.get(key(kind, kind === 'Node' || kind === 'PersistentVolume' ? undefined : namespace, name));
    if (!found) continue;
    // An event of an earlier pod of the same name is not about the one drawn: told apart by uid.
    // (A pod read without a uid has a stand-in, namespace/name, that no event carries.)
    if (kind === 'Pod' && event.regarding.uid && !found.uid.includes('/') && event.regarding.uid !== found.uid) continue;
    const container = kind === 'Pod' ? fieldPathContainer(event.regarding.fieldPath) : undefined;
    mine.push({ event, uid: (container !== undefined && found.containers?.get(container)) || found.uid });
  }
  mine.sort((a, b) => newestFirst(a.event, b.event));
  const rows = mine.slice(0, Math.max(0, cap)).map(({ event, uid }) => rowOf(event, uid));
  return { state: 'ok', rows, total: mine.length, warnings: mine.filter((m) => m.event.type === 'Warning').length };
}

function rowOf(e: ClusterEvent, uid: string): EventRow {
  const kind = KINDS[e.regarding.kind]!;
  const object: EventRow['object'] = { kind, name: e.regarding.name };
  if (kind === 'pod' || kind === 'pvc') object.namespace = e.regarding.namespace ?? '';
  const container = kind === 'pod' ? fieldPathContainer(e.regarding.fieldPath) : undefined;
  if (container !== undefined) object.container = container;
  const row: EventRow = { type: e.type, reason: e.reason, object, uid, message: e.note, count: e.count, reporter: e.reporter };
  if (e.first !== undefined) row.first = e.first;
  if (e.last !== undefined) row.last = e.last;
  return row;
}
