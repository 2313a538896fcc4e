// One page's WebSocket: the calls it makes, the events pushed to it, and a
// bound on what it may leave unread. Without the bound, a page that stops
// reading but keeps calling makes the server hold every reply it never reads
// (1,000 snapshot:get calls grew a server from 228 MB to 1 GB).

import type { WebSocket } from 'ws';
import type { InvokeHandlers, ModelPatchUpdate, ModelUpdate } from '../contract/api.ts';
import { wireChannel } from '../contract/bridge.ts';
import { abortMessage, estimatedPartsLength, modelParts, PODS_PER_PART, type ModelEnvelope } from '../contract/wire.ts';
import { isSummarized } from '../model/summary.ts';
import { mergePatches } from '../model/patch.ts';
import { message } from '../i18n/index.ts';
import { answerCall, eventMessage, parseCall, type CallReply, type ParsedCall } from './protocol.ts';

/** Calls one page may have answered at once; the replies being computed are what this bounds. */
export const CALLS_AT_ONCE = 8;

export const DEFAULT_MAX_QUEUED_BYTES = 64 * 1024 * 1024;

/**
 * Parts of a model in parts given to ws and not yet written out, per model:
 * enough to keep the socket busy, while the server holds only these few of a
 * model that may be 100 MiB in all (main/contract/wire.ts).
 */
export const PARTS_AHEAD = 4;

/**
 * A large model (over PARTS_FROM_PODS pods) sent in parts (main/contract/wire.ts), made as it is sent:
 * what the server holds of it is the model it already has and the parts in
 * flight. One is made per revision and shared by every page. `update` is the
 * session's own model, whole: above SUMMARY_FROM_PODS pods each pod is
 * summarized as its part is made, so pages get summarizeModel's copy without
 * the server ever holding it.
 */
export class StreamedModel {
  #length: number | undefined;
  readonly #summarize: boolean;
  constructor(readonly update: ModelUpdate) {
    this.#summarize = isSummarized(update.model);
  }
  /** Characters of its messages in all: exact once they were made once, an estimate before. */
  get length(): number {
    return this.#length ?? estimatedPartsLength(this.update, this.#summarize || summarizedAlready(this.update.model));
  }
  /** Its messages, made one at a time; `stream` numbers them on one socket. */
  *messages(stream: number, envelope: ModelEnvelope): Generator<string, void, undefined> {
    let length = 0;
    for (const text of modelParts(stream, envelope, this.update, PODS_PER_PART, this.#summarize)) {
      length += text.length;
      yield text;
    }
    this.#length = length;
  }
}

/** Whether a model's pods are summaries already (a test's summarizeModel): they go at a summary's size. */
function summarizedAlready(model: ModelUpdate['model']): boolean {
  const first = model.nodes.find((n) => n.pods.length > 0)?.pods[0] ?? model.unscheduled[0];
  return first?.summary === true;
}

/** A whole model as a page is sent it: one message, or in parts. */
export type ModelMessage = string | StreamedModel;

export interface TooFarBehind {
  /** What the page had left unread when it was disconnected, model in flight excluded. */
  queuedBytes: number;
  limitBytes: number;
  /** The WebSocket close reason the page is given. */
  reason: string;
}

export interface PageLimits {
  maxQueuedBytes: number;
  onTooFarBehind?: (info: TooFarBehind) => void;
  /**
   * The whole current model as a 'model' event message, with its revision:
   * what a page gets instead of the patches waiting for it when it is smaller
   * than they are, or when a model and patches after it are waiting.
   */
  latestModel?: () => { revision: number; message: ModelMessage } | undefined;
  /**
   * The length of a whole model message made lately, of any revision, when
   * there is one: a patch shorter than that goes without making the current
   * model's message (at 100,000 pods that costs seconds).
   */
  wholeModelLength?: () => number | undefined;
  /** Whether a model:get reply goes in parts (a large model); never, without this. */
  inParts?: (update: ModelUpdate) => boolean;
  /**
   * Once this long (ms) has passed since the server last let its other work
   * in (watch events, other pages' calls), the next part of a model waits for
   * it (setImmediate): written out to a page on this machine, each part's
   * write ends at once, and the next was made in the same task, so a
   * 100,000-pod model held the event loop for 2.4–2.8 s. Over a slow socket a
   * part may wait a turn it did not need to, which costs next to nothing.
   * Never, without this.
   */
  partsSliceMs?: number;
  /** The clock partsSliceMs is measured by (ms); performance.now() unless a test passes its own. */
  now?: () => number;
}

/** How long the server makes a model's parts before it lets its other work in (PageLimits.partsSliceMs). */
export const PARTS_SLICE_MS = 50;

export interface PageSocket {
  /** A session or progress event. */
  event(message: string): void;
  /** A whole model: one model or patch in flight, the newest model waiting (the patches before it are in it). */
  model(message: ModelMessage): void;
  /**
   * A patch (`message` is it as an event): never dropped. While one is in
   * flight, the patches that come are merged into one that waits, and the
   * page is sent the whole model instead when that is smaller.
   */
  patch(update: ModelPatchUpdate, message: string): void;
}

type Call = Extract<ParsedCall, { ok: true }>;

export function attachPage(ws: WebSocket, handlers: InvokeHandlers, limits: PageLimits): PageSocket {
  const waiting: Call[] = [];
  let answering = 0;
  /** A model or patch is being sent (a model in parts: until its last part is written out). */
  let viewBusy = false;
  /** Bytes of it given to ws and not yet written out. */
  let modelInFlight = 0;
  /**
   * Bytes of the one model:get reply being sent, 0 when none is: the whole
   * model a page asks for (on start, or after a missed revision) is as large
   * as the models pushed to it, and is exempt as they are. Only one at a time:
   * a page asking again before reading the last must stay within the bound.
   */
  let modelReplyInFlight = 0;
  let replyBusy = false;
  /** Numbers the models in parts sent on this socket. */
  let streams = 0;
  let modelWaiting: ModelMessage | undefined;
  /** The patches that came since modelWaiting (or since the one in flight), merged; `message` while it is one patch as it came. */
  let patchWaiting: { update: ModelPatchUpdate; message?: string } | undefined;

  const open = () => ws.readyState === ws.OPEN;

  // ws's queue (bufferedAmount) holds all that was sent and not yet taken by
  // the kernel. The model in flight is left out: the slot already keeps
  // models to two per page, and a large cluster's model alone may be bigger
  // than the limit, which must not cut off a page that is only slow to draw.
  const queuedBytes = () => Math.max(0, ws.bufferedAmount - modelInFlight - modelReplyInFlight);

  function send(text: string, sent?: () => void): boolean {
    if (!open()) return false;
    const queued = queuedBytes();
    if (queued > limits.maxQueuedBytes) {
      tooFarBehind(queued);
      return false;
    }
    ws.send(text, sent);
    return true;
  }

  function tooFarBehind(queued: number): void {
    const reason = `too far behind: ${size(queued)} of replies queued (limit ${size(limits.maxQueuedBytes)}); reload the page`;
    waiting.length = 0;
    // The close frame queues behind the unread replies; a page that never
    // reads again is cut off by ws's closing timeout instead.
    ws.close(1008, reason);
    limits.onTooFarBehind?.({ queuedBytes: queued, limitBytes: limits.maxQueuedBytes, reason });
  }

  // Calls past CALLS_AT_ONCE wait, and the socket is not read while any do,
  // so a page that calls faster than it reads is held back by TCP itself.
  function next(): void {
    while (answering < CALLS_AT_ONCE && waiting.length > 0 && open()) answer(waiting.shift()!);
    if (waiting.length > 0) ws.pause();
    else if (ws.isPaused) ws.resume();
  }

  function answer(call: Call): void {
    answering += 1;
    void answerCall(handlers, call.id, call.channel, call.payload).then((reply) => {
      answering -= 1;
      try {
        deliver(call, reply);
      } catch {
        send(JSON.stringify({ id: call.id, ok: false, error: 'the reply could not be sent', said: message('errors.reply.unsent') }));
      } finally {
        next();
      }
    });
  }

  function deliver(call: Call, reply: CallReply): void {
    const update = call.channel === 'model:get' && reply.ok ? (reply.result as ModelUpdate | undefined) : undefined;
    if (update && limits.inParts?.(update)) {
      const envelope: ModelEnvelope = { id: call.id, ok: true };
      // One model:get reply at a time is exempt from the bound, in parts as in one message.
      if (replyBusy) sendParts(new StreamedModel(update), envelope, () => {});
      else {
        replyBusy = true;
        sendParts(new StreamedModel(update), envelope, () => (replyBusy = false), (bytes) => (modelReplyInFlight += bytes));
      }
      return;
    }
    const text = serialize(reply);
    if (call.channel === 'model:get' && !replyBusy) {
      const bytes = Buffer.byteLength(text);
      if (send(text, () => ((modelReplyInFlight = 0), (replyBusy = false)))) {
        modelReplyInFlight = bytes;
        replyBusy = true;
      }
    } else send(text);
  }

  /**
   * Sends a model in parts, PARTS_AHEAD at most given to ws at once: the next
   * is made when one is written out. `inFlight` hears the bytes given (+) and
   * written out (-), `done` when the last is written out or the socket closed.
   */
  function sendParts(model: StreamedModel, envelope: ModelEnvelope, done: () => void, inFlight: (bytes: number) => void = () => {}): void {
    const stream = (streams += 1);
    const parts = model.messages(stream, envelope);
    let ahead = 0;
    let finished = false;
    const now = limits.now ?? (() => performance.now());
    let sliceStarted = now();
    let resuming = false;
    /** The next parts, in this task while its slice lasts, else after the server's other work. */
    const resume = (): void => {
      if (limits.partsSliceMs === undefined || now() - sliceStarted < limits.partsSliceMs) return pump();
      if (resuming) return;
      resuming = true;
      setImmediate(() => {
        resuming = false;
        sliceStarted = now();
        pump();
      });
    };
    const end = () => {
      if (finished) return;
      finished = true;
      done();
    };
    const pump = (): void => {
      while (ahead < PARTS_AHEAD) {
        if (!open()) return end();
        let next: IteratorResult<string>;
        try {
          next = parts.next();
        } catch (error) {
          // What the page has of it is dropped, and a caller hears why.
          send(abortMessage(stream, error instanceof Error ? error.message : 'the model could not be serialized'));
          if ('id' in envelope) send(serialize({ id: envelope.id, ok: false, error: 'the reply could not be serialized', said: message('errors.reply.unserializable') }));
          return end();
        }
        if (next.done) {
          if (ahead === 0) end();
          return;
        }
        const bytes = Buffer.byteLength(next.value);
        const given = send(next.value, () => {
          ahead -= 1;
          inFlight(-bytes);
          resume();
        });
        if (!given) return end();
        ahead += 1;
        inFlight(bytes);
      }
    };
    pump();
  }

  ws.on('message', (data, isBinary) => {
    if (!open()) return;
    if (isBinary) {
      send(JSON.stringify({ id: null, ok: false, error: 'binary messages are not accepted; send JSON text' }));
      return;
    }
    const parsed = parseCall(data.toString());
    if (!parsed.ok) {
      send(JSON.stringify(parsed.reply));
      return;
    }
    waiting.push(parsed);
    next();
  });

  // A model is the whole picture, so a page that reads slower than models
  // arrive only needs the newest: one model or patch in flight per page, and
  // what came meanwhile waits in one slot: the latest model and the patches
  // after it, merged. A patch is never dropped, only merged or replaced by a
  // whole model that holds it.
  function sendView(message: ModelMessage): void {
    const sentAll = () => {
      viewBusy = false;
      modelInFlight = 0;
      const next = takeWaiting();
      if (next !== undefined) sendView(next);
    };
    if (typeof message !== 'string') {
      viewBusy = true;
      sendParts(message, { event: wireChannel('model') }, sentAll, (bytes) => (modelInFlight += bytes));
      return;
    }
    const sent = send(message, sentAll);
    if (sent) {
      viewBusy = true;
      modelInFlight = Buffer.byteLength(message);
    }
  }

  /** The message to send next from the slot, or undefined when it is empty. */
  function takeWaiting(): ModelMessage | undefined {
    const whole = modelWaiting;
    const patch = patchWaiting;
    if (patch === undefined) {
      modelWaiting = undefined;
      return whole;
    }
    const newest = () => {
      const latest = limits.latestModel?.();
      return latest !== undefined && latest.revision >= patch.update.revision ? latest : undefined;
    };
    if (whole !== undefined) {
      modelWaiting = undefined;
      const current = newest();
      // A model and patches after it: the newest model holds them all. Without one, the model first and the patch next.
      if (current) patchWaiting = undefined;
      return current?.message ?? whole;
    }
    patchWaiting = undefined;
    const text = patch.message ?? eventMessage(wireChannel('patch'), patch.update);
    const known = limits.wholeModelLength?.();
    if (known !== undefined && text.length < known) return text;
    // A page that fell behind gets the whole model when the patches it missed are as big.
    const current = newest();
    return current && current.message.length <= text.length ? current.message : text;
  }

  function model(message: ModelMessage): void {
    if (viewBusy) {
      modelWaiting = message;
      patchWaiting = undefined;
      return;
    }
    sendView(message);
  }

  function patch(update: ModelPatchUpdate, message: string): void {
    if (!viewBusy) {
      sendView(message);
      return;
    }
    const before = patchWaiting;
    if (before === undefined) {
      patchWaiting = { update, message };
    } else if (before.update.revision === update.baseRevision) {
      patchWaiting = {
        update: { baseRevision: before.update.baseRevision, revision: update.revision, patch: mergePatches(before.update.patch, update.patch) },
      };
    } else {
      // Not the next revision (the session never does this): the page will ask for the whole model.
      patchWaiting = { update, message };
    }
  }

  return { event: (message) => void send(message), model, patch };
}

/** An unhandled rejection would end the whole process, so a reply that cannot be serialized becomes an error reply instead. */
function serialize(reply: CallReply): string {
  try {
    return JSON.stringify(reply);
  } catch {
    return JSON.stringify({ id: reply.id, ok: false, error: 'the reply could not be serialized', said: message('errors.reply.unserializable') });
  }
}

/** "256 KiB", "12.4 MiB": rounded up, so a figure over a round limit never reads as equal to it. */
function size(bytes: number): string {
  const [unit, name] = bytes >= 1024 * 1024 ? [1024 * 1024, 'MiB'] : [1024, 'KiB'];
  return `${Math.ceil((bytes / unit) * 10) / 10} ${name}`;
}
