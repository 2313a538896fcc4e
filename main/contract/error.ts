// A failed call as it crosses the contract: its English text, for logs, the
// console and the CLI, and what the page says, as a message (id and params)
// the page puts into its own language. Both shells carry this form: the
// browser mode's socket in its error reply, Electron's IPC as a reply
// envelope (main/electron/ipc.ts), since Electron keeps only an Error's
// message. The receiving side trusts neither part: an id no catalog has, a
// parameter its text does not name, or a value that is not plain text or a
// number gives the generic message with the raw text inside, shown as text.

import { isMessageId, MAX_MESSAGE_DEPTH, message, MessageError, placeholdersOf, type Message } from '../i18n/index.ts';

export interface WireError {
  /** English, for logs and the console. */
  readonly message: string;
  /** What the page says, in its language. */
  readonly said: Message;
}

/** A raw text longer than this is cut: the wire is not trusted to keep its words short. */
export const MAX_ERROR_TEXT = 2000;

/** What a thrown error travels as: the app's own words as they are, anyone else's text inside the generic message. */
export function toWireError(error: unknown): WireError {
  const text = error instanceof Error ? error.message : typeof error === 'string' ? error : 'the call failed';
  if (error instanceof MessageError) return { message: text, said: error.said };
  return { message: text, said: message('errors.generic', { text }) };
}

/**
 * A message from the wire, checked: an id some catalog defines, and params
 * that only fill placeholders its text names, each a string, a finite number
 * or such a message. A copy, so nothing else rides along. Undefined otherwise.
 */
export function checkedMessage(value: unknown, depth = 0): Message | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { id, params } = value as { id?: unknown; params?: unknown };
  if (!isMessageId(id)) return undefined;
  if (params === undefined) return { id };
  if (typeof params !== 'object' || params === null || Array.isArray(params)) return undefined;
  const names = placeholdersOf(id) ?? [];
  const out: Record<string, string | number | Message> = {};
  for (const [key, v] of Object.entries(params)) {
    if (!names.includes(key)) return undefined;
    if (typeof v === 'string') {
      if (v.length > MAX_ERROR_TEXT) return undefined;
      out[key] = v;
    } else if (typeof v === 'number' && Number.isFinite(v)) out[key] = v;
    else {
      const inner = depth < MAX_MESSAGE_DEPTH ? checkedMessage(v, depth + 1) : undefined;
      if (!inner) return undefined;
      out[key] = inner;
    }
  }
  return { id, params: out };
}

/** The raw English text of a failure from the wire, bounded; a fixed sentence when there is none. */
function rawText(text: unknown): string {
  if (typeof text !== 'string' || text === '') return 'the call failed';
  return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}…` : text;
}

/** A failure as the receiving side takes it: checked, or the generic message with the raw text. */
export function errorFromWire(text: unknown, said: unknown): MessageError {
  const english = rawText(text);
  return new MessageError(checkedMessage(said) ?? message('errors.generic', { text: english }), english);
}

/**
 * Any rejection the page's API hands it, as a MessageError: one already made
 * in this world stays (the browser bridge checked it as it came), a wire
 * error as data (Electron's preload hands it over the context bridge as a
 * plain object, which keeps its fields where an Error would keep only its
 * message) is checked, and anything else is the generic message.
 */
export function rejectionError(error: unknown): MessageError {
  if (error instanceof MessageError) return error;
  if (error instanceof Error) return errorFromWire(error.message, undefined);
  if (typeof error === 'object' && error !== null) {
    const { message: text, said } = error as { message?: unknown; said?: unknown };
    return errorFromWire(text, said);
  }
  return errorFromWire(typeof error === 'string' ? error : undefined, undefined);
}

/**
 * A call's outcome as data: how Electron's IPC carries a reply, since an
 * error thrown in a handler reaches the renderer as its message alone.
 */
export type CallEnvelope = { readonly ok: true; readonly result?: unknown } | { readonly ok: false; readonly error: WireError };

/** Runs a handler and puts what it gives, or why it failed, in an envelope. */
export async function enveloped(run: () => unknown): Promise<CallEnvelope> {
  try {
    const result = await run();
    return result === undefined ? { ok: true } : { ok: true, result };
  } catch (error) {
    return { ok: false, error: toWireError(error) };
  }
}

/**
 * The result in an envelope, or a throw of its error as plain data (not an
 * Error: Electron's context bridge keeps only an Error's message, and the
 * page checks the data with rejectionError).
 */
export function openEnvelope(reply: unknown): unknown {
  if (typeof reply === 'object' && reply !== null && (reply as { ok?: unknown }).ok === true) return (reply as { result?: unknown }).result;
  const error = typeof reply === 'object' && reply !== null ? (reply as { error?: unknown }).error : undefined;
  const { message: text, said } = typeof error === 'object' && error !== null ? (error as { message?: unknown; said?: unknown }) : {};
  throw { message: typeof text === 'string' ? text : 'the call failed', said };
}
