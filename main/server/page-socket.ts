// One page's WebSocket: the calls it makes, the events pushed to it, and a
// bound on what it may leave unread. Without the bound, a page that stops
// reading but keeps calling makes the server hold every reply it never reads
// (1,000 snapshot:get calls grew a server from 228 MB to 1 GB).

import type { WebSocket } from 'ws';
import type { InvokeHandlers, ModelPatchUpdate } from '../contract/api.ts';
import { wireChannel } from '../contract/bridge.ts';
import { mergePatches } from '../model/patch.ts';
import { answerCall, eventMessage, parseCall, type ParsedCall } from './protocol.ts';

/** Calls one page may have answered at once; the replies being computed are what this bounds. */
export const CALLS_AT_ONCE = 8;

export const DEFAULT_MAX_QUEUED_BYTES = 64 * 1024 * 1024;

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
  latestModel?: () => { revision: number; message: string } | undefined;
  /**
   * The length of a whole model message made lately, of any revision, when
   * there is one: a patch shorter than that goes without making the current
   * model's message (at 100,000 pods that costs seconds).
   */
  wholeModelLength?: () => number | undefined;
}

export interface PageSocket {
  /** A session or progress event. */
  event(message: string): void;
  /** A whole model: one model or patch in flight, the newest model waiting (the patches before it are in it). */
  model(message: string): void;
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
  /** Bytes of the model or patch being sent; 0 when none is. */
  let modelInFlight = 0;
  /**
   * Bytes of the one model:get reply being sent, 0 when none is: the whole
   * model a page asks for (on start, or after a missed revision) is as large
   * as the models pushed to it, and is exempt as they are. Only one at a time:
   * a page asking again before reading the last must stay within the bound.
   */
  let modelReplyInFlight = 0;
  let modelWaiting: string | undefined;
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
    // An unhandled rejection would end the whole process, so a reply that
    // cannot be serialized becomes an error reply instead.
    void answerCall(handlers, call.id, call.channel, call.payload)
      .then((reply) => JSON.stringify(reply))
      .catch(() => JSON.stringify({ id: call.id, ok: false, error: 'the reply could not be serialized' }))
      .then((text) => {
        answering -= 1;
        if (call.channel === 'model:get' && modelReplyInFlight === 0) {
          const bytes = Buffer.byteLength(text);
          if (send(text, () => (modelReplyInFlight = 0))) modelReplyInFlight = bytes;
        } else send(text);
        next();
      });
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
  function sendView(message: string): void {
    const sent = send(message, () => {
      modelInFlight = 0;
      const next = takeWaiting();
      if (next !== undefined) sendView(next);
    });
    if (sent) modelInFlight = Buffer.byteLength(message);
  }

  /** The message to send next from the slot, or undefined when it is empty. */
  function takeWaiting(): string | undefined {
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

  function model(message: string): void {
    if (modelInFlight > 0) {
      modelWaiting = message;
      patchWaiting = undefined;
      return;
    }
    sendView(message);
  }

  function patch(update: ModelPatchUpdate, message: string): void {
    if (modelInFlight === 0) {
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

/** "256 KiB", "12.4 MiB": rounded up, so a figure over a round limit never reads as equal to it. */
function size(bytes: number): string {
  const [unit, name] = bytes >= 1024 * 1024 ? [1024 * 1024, 'MiB'] : [1024, 'KiB'];
  return `${Math.ceil((bytes / unit) * 10) / 10} ${name}`;
}
