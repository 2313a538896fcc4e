// A large model on the browser mode's WebSocket: in parts, not one message.
// At 100,000 pods one message was 178 MiB of JSON, which the server made in
// about a second and held twice (the string and ws's Buffer of it) while the
// page waited for all of it and then parsed it in one task of 1-2.5 s. In
// parts, the server makes each part as the page takes the last ones, and the
// page reads each as it comes, while the next are made and sent.
//
//   head   { stream, parts, lists, head }   head: the message ({ event } or { id, ok }) with
//                                           its ModelUpdate, every node's pods and the
//                                           unscheduled pods left empty; lists: how many
//                                           pods each node has, then the unscheduled
//   part   { stream, part, pods }           the next pods in that order, each podToWire's
//   abort  { stream, abort }                 the server could not finish it: why
//
// `stream` numbers the model on its socket (two may be under way at once: a
// pushed model and a model:get reply); `part` counts from 0 to parts - 1.
// The page (streamAssembler) gives back exactly the message as one message
// would have been, so nothing above the bridge knows. Pure: no Node, no DOM.

import { podFromWire, podToWire, summaryToWire, WireError } from '../model/wire.ts';
import type { PodModel } from '../model/types.ts';
import type { ModelUpdate } from './api.ts';

export { WireError };

/** Pods a part carries: about 1.2 MB of JSON, a few milliseconds to read on the page. */
export const PODS_PER_PART = 1000;

/**
 * Models with more pods than this go to pages in parts, summarized or not
 * (SUMMARY_FROM_PODS). At 5,332 pods one message was 20.4 MiB: the server
 * made it whole, then the page read it whole, one after the other. In parts,
 * the page reads each while the server makes the next (measured in the
 * README, "Where a first model's time goes").
 */
export const PARTS_FROM_PODS = 2_000;

/** The message around a model: a pushed event, or a reply to model:get. */
export type ModelEnvelope = { event: string } | { id: number | string; ok: true };

/**
 * The messages that carry `update` in parts, made one at a time as they are
 * asked for: the model is read at that time, so it must not change meanwhile
 * (models are never changed once handed out, main/model/apply.ts). With
 * `summarize`, each pod goes as summarizePod's, made as its part is: the
 * parts are those of summarizeModel's copy, which is never made whole.
 */
export function* modelParts(stream: number, envelope: ModelEnvelope, update: ModelUpdate, podsPerPart = PODS_PER_PART, summarize = false): Generator<string, void, undefined> {
  const { model } = update;
  const lists: PodModel[][] = [...model.nodes.map((n) => n.pods), model.unscheduled];
  const total = lists.reduce((sum, list) => sum + list.length, 0);
  const parts = Math.ceil(total / podsPerPart);
  const bare = { ...model, nodes: model.nodes.map((n) => ({ ...n, pods: [] })), unscheduled: [] };
  const key = 'event' in envelope ? 'payload' : 'result';
  yield JSON.stringify({ stream, parts, lists: lists.map((l) => l.length), head: { ...envelope, [key]: { ...update, model: bare } } });
  let part = 0;
  let batch: unknown[] = [];
  for (const list of lists) {
    for (const pod of list) {
      batch.push(summarize ? summaryToWire(pod) : podToWire(pod));
      if (batch.length === podsPerPart) {
        yield JSON.stringify({ stream, part: part++, pods: batch });
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield JSON.stringify({ stream, part: part++, pods: batch });
}

/** How long `modelParts` would be in all, before it is made: for comparing with patches. */
export function estimatedPartsLength(update: ModelUpdate, summarize: boolean): number {
  return update.model.stats.pods * (summarize ? ESTIMATED_BYTES_PER_SUMMARY : ESTIMATED_BYTES_PER_POD);
}

/** A summarized pod in a part was about 666 B at 100,000 pods (test/bench/summary.ts), as its values (main/model/wire.ts). */
const ESTIMATED_BYTES_PER_SUMMARY = 666;
/** A whole pod, as podToWire's: the test cluster's 5,332 pods came to about 1.4 kB each, the head's nodes included. */
const ESTIMATED_BYTES_PER_POD = 1400;

/** The message that ends a stream the server cannot finish (what made its parts threw). */
export function abortMessage(stream: number, reason: string): string {
  return JSON.stringify({ stream, abort: reason });
}

/** Whether a parsed message belongs to a model in parts (head, part or abort). */
export function isModelPart(message: Record<string, unknown>): boolean {
  return 'stream' in message;
}

interface Assembly {
  envelope: Record<string, unknown>;
  update: ModelUpdate;
  parts: number;
  next: number;
  /** Which pod list is being filled, how many pods it still takes, and the list itself. */
  list: number;
  counts: number[];
  left: number;
  target: PodModel[];
}

/** What a part of a model in parts made of it. */
export type Accepted =
  /** Its last part: the whole message as one message would have been ({ event, payload } or { id, ok, result }). */
  | { kind: 'done'; message: Record<string, unknown> }
  | { kind: 'waiting' }
  /** Malformed: why, and the message's envelope when it is known (a reply's id says whose call failed). The stream is forgotten. */
  | { kind: 'error'; error: string; envelope?: Record<string, unknown> };

export interface StreamAssembler {
  /** Takes one parsed message of a model in parts (one that isModelPart). */
  accept(message: Record<string, unknown>): Accepted;
  /** Streams under way. */
  open(): number;
  /** Forgets the streams under way (the socket closed). */
  clear(): void;
}

/** Streams one page may have under way; a pushed model and a model:get reply make two. */
const MAX_STREAMS = 4;

function envelopeOf(head: unknown): Record<string, unknown> | undefined {
  return typeof head === 'object' && head !== null && !Array.isArray(head) ? (head as Record<string, unknown>) : undefined;
}

export function streamAssembler(): StreamAssembler {
  const streams = new Map<number, Assembly>();

  function listAt(a: Assembly, i: number): PodModel[] {
    return i < a.update.model.nodes.length ? a.update.model.nodes[i]!.pods : a.update.model.unscheduled;
  }

  function start(id: number, m: Record<string, unknown>): Assembly {
    const { parts, lists } = m;
    const envelope = envelopeOf(m.head);
    if (!envelope) throw new WireError(`model stream ${id}: head must be an object`);
    const update = ('event' in envelope ? envelope.payload : envelope.result) as ModelUpdate | undefined;
    const model = typeof update === 'object' && update !== null ? update.model : undefined;
    if (typeof model !== 'object' || model === null || !Array.isArray(model.nodes) || !Array.isArray(model.unscheduled)) {
      throw new WireError(`model stream ${id}: the head has no model with nodes and unscheduled pods`);
    }
    for (const node of model.nodes as unknown[]) {
      if (typeof node !== 'object' || node === null || !Array.isArray((node as { pods?: unknown }).pods)) throw new WireError(`model stream ${id}: a node of the head has no pod list`);
    }
    if (!Array.isArray(lists) || lists.length !== model.nodes.length + 1 || !lists.every((n) => Number.isSafeInteger(n) && n >= 0)) {
      throw new WireError(`model stream ${id}: lists must count the pods of each of its ${model.nodes.length} nodes, then the unscheduled ones`);
    }
    const counts = lists as number[];
    const total = counts.reduce((a, b) => a + b, 0);
    // Every part carries at least one pod.
    if (!Number.isSafeInteger(parts) || (parts as number) > total || ((parts as number) === 0) !== (total === 0)) {
      throw new WireError(`model stream ${id}: ${String(parts)} parts cannot carry ${total} pods`);
    }
    if (streams.size >= MAX_STREAMS) throw new WireError(`model stream ${id}: more than ${MAX_STREAMS} models are under way at once`);
    const a: Assembly = { envelope, update: update!, parts: parts as number, next: 0, list: 0, counts, left: counts[0]!, target: [] };
    a.target = listAt(a, 0);
    return a;
  }

  function fill(id: number, a: Assembly, m: Record<string, unknown>): void {
    if (m.part !== a.next) throw new WireError(`model stream ${id}: part ${String(m.part)} came where part ${a.next} was due`);
    if (!Array.isArray(m.pods) || m.pods.length === 0) throw new WireError(`model stream ${id}: part ${a.next} has no pods`);
    a.next += 1;
    for (const value of m.pods as unknown[]) {
      while (a.left === 0) {
        a.list += 1;
        if (a.list >= a.counts.length) throw new WireError(`model stream ${id}: part ${a.next - 1} has more pods than the head announced`);
        a.left = a.counts[a.list]!;
        a.target = listAt(a, a.list);
      }
      a.target.push(podFromWire(value));
      a.left -= 1;
    }
  }

  /** Every list full: the one being filled, and every one after it empty. */
  function complete(a: Assembly): boolean {
    if (a.left !== 0) return false;
    for (let i = a.list + 1; i < a.counts.length; i++) if (a.counts[i] !== 0) return false;
    return true;
  }

  return {
    accept(m) {
      const id = m.stream;
      if (!Number.isSafeInteger(id)) return { kind: 'error', error: `a model part's stream must be an integer, got ${String(id)}` };
      const sid = id as number;
      let a = streams.get(sid);
      try {
        if ('abort' in m) throw new WireError(`the server could not finish model stream ${sid}: ${String(m.abort).slice(0, 200)}`);
        if ('head' in m) {
          if (a) throw new WireError(`model stream ${sid} began twice`);
          a = start(sid, m);
          streams.set(sid, a);
        } else if (!a) {
          throw new WireError(`a part of model stream ${sid}, which has not begun`);
        } else {
          fill(sid, a, m);
        }
        if (a.next < a.parts) return { kind: 'waiting' };
        streams.delete(sid);
        if (!complete(a)) throw new WireError(`model stream ${sid}: its ${a.parts} parts carried fewer pods than the head announced`);
        return { kind: 'done', message: a.envelope };
      } catch (error) {
        streams.delete(sid);
        const envelope = a?.envelope ?? ('head' in m ? envelopeOf(m.head) : undefined);
        const why = error instanceof WireError ? error.message : `model stream ${sid}: ${error instanceof Error ? error.message : String(error)}`;
        return { kind: 'error', error: why, ...(envelope ? { envelope } : {}) };
      }
    },
    open: () => streams.size,
    clear: () => streams.clear(),
  };
}
