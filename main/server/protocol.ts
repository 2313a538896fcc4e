// The WebSocket wire format of the browser mode, carrying the same contract
// as Electron's IPC:
//   page → server  { id, channel: "anatomy:<call>", payload }
//   server → page  { id, ok: true, result } | { id, ok: false, error, said }
//                  (error: English; said: the message the page says, main/contract/error.ts)
//   server → page  { event: "anatomy:<event>", payload }
// A message that breaks these rules gets an error reply (id null when the id
// itself was unusable); it never reaches a handler.

import { isInvokeChannel, type InvokeChannel, type InvokeHandlers } from '../contract/api.ts';
import { contractChannel } from '../contract/bridge.ts';
import { toWireError } from '../contract/error.ts';
import type { Message } from '../i18n/index.ts';

export type CallId = number | string;

export interface CallReply {
  id: CallId | null;
  ok: boolean;
  result?: unknown;
  error?: string;
  /** What the page says, in its language; `error` stays English for logs. */
  said?: Message;
}

export type ParsedCall = { ok: true; id: CallId; channel: InvokeChannel; payload: unknown } | { ok: false; reply: CallReply };

const MAX_ID_LENGTH = 64;

function isCallId(value: unknown): value is CallId {
  return (typeof value === 'number' && Number.isSafeInteger(value)) || (typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH);
}

function refuse(id: CallId | null, error: string): ParsedCall {
  return { ok: false, reply: { id, ok: false, error } };
}

/** Parses one text message from the page. */
export function parseCall(text: string): ParsedCall {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return refuse(null, 'message is not valid JSON');
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return refuse(null, 'message must be an object { id, channel, payload }');
  }
  const m = message as Record<string, unknown>;
  if (!isCallId(m.id)) return refuse(null, 'message id must be an integer or a short string');
  for (const key of Object.keys(m)) {
    if (key !== 'id' && key !== 'channel' && key !== 'payload') return refuse(m.id, `unexpected field "${key.slice(0, 64)}" in message`);
  }
  if (typeof m.channel !== 'string') {
    // Never String() it: a parsed {"toString": 1} makes that throw.
    return refuse(m.id, `unknown channel: channel must be a string, got ${m.channel === null ? 'null' : typeof m.channel}`);
  }
  const channel = contractChannel(m.channel);
  if (channel === undefined || !isInvokeChannel(channel)) {
    return refuse(m.id, `unknown channel ${JSON.stringify(m.channel.slice(0, 64))}`);
  }
  return { ok: true, id: m.id, channel, payload: m.payload };
}

/** Runs a parsed call; the reply is always an object, never a thrown error. */
export async function answerCall(handlers: InvokeHandlers, id: CallId, channel: InvokeChannel, payload: unknown): Promise<CallReply> {
  try {
    const handler = handlers[channel] as (req: unknown) => unknown;
    const result = await handler(payload);
    return result === undefined ? { id, ok: true } : { id, ok: true, result };
  } catch (error) {
    const { message, said } = toWireError(error);
    return { id, ok: false, error: message, said };
  }
}

export function eventMessage(wireEvent: string, payload: unknown): string {
  return JSON.stringify({ event: wireEvent, payload });
}
