// Browser mode's half of the bridge: window.kubeAnatomy built with the same
// createApi as Electron's preload, over a WebSocket back to the server that
// served the page. The page sees only the API; the token, the socket, its
// reconnection and the wire format stay in here. When the link is down the
// page hears why on the 'link' event, which it shows like a connection state.
//
// The server sends its state and its model on every connection, unasked, so
// the page never asks for them at start or after a reconnect. The first
// socket is the one boot.ts opened before this bundle was even compiled; what
// came on it meanwhile is handed on as if it had come now.

import { API_GLOBAL, CHANNEL_PREFIX, type AnatomyApi, type EventContract } from '../../main/contract/api.ts';
import { createApi, wireChannel, type BridgeTransport } from '../../main/contract/bridge.ts';
import { isModelPart, streamAssembler } from '../../main/contract/wire.ts';
import { keepToken, readToken, socketUrl, takeEarly, type EarlySocket } from './boot.ts';
import { errorFromWire } from '../../main/contract/error.ts';
import { message, MessageError, type Message } from '../../main/i18n/index.ts';

export { socketUrl } from './boot.ts';

export interface WsTransportOptions {
  /** ws://127.0.0.1:PORT/ws?token=… */
  url: string;
  /** For tests; defaults to the page's WebSocket. */
  WebSocketImpl?: typeof WebSocket;
  /** Reconnect delays: first, then doubling up to the maximum. */
  retryMs?: { initial: number; max: number };
  /** A socket to the same URL opened earlier (boot.ts): the first connection, with what came on it so far. */
  early?: EarlySocket;
}

export interface WsTransport extends BridgeTransport {
  /** Closes for good: pending calls reject, no reconnection. */
  close(): void;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

export const CONNECTION_LOST = 'The connection to the kube-anatomy server was lost; it is reconnecting. Try again in a moment.';
const CLOSED = 'The connection to the kube-anatomy server is closed.';

/** Why a call cannot go: English for the console, and what the page says. */
interface Refusal {
  readonly english: string;
  readonly said: Message;
}

const LOST_REFUSAL: Refusal = { english: CONNECTION_LOST, said: message('errors.link.lost') };
const CLOSED_REFUSAL: Refusal = { english: CLOSED, said: message('errors.link.closed') };

const refused = (r: Refusal): MessageError => new MessageError(r.said, r.english);
const LINK = wireChannel('link');

type Link = EventContract['link'];

/** The 'link' state is a state, not an event: a listener that comes late still hears the current one. */
function replayLink(wire: string, current: Link, listener: (payload: unknown) => void): void {
  if (wire === LINK && current) queueMicrotask(() => listener(current));
}

export function createWsTransport(options: WsTransportOptions): WsTransport {
  const Impl = options.WebSocketImpl ?? WebSocket;
  const retry = options.retryMs ?? { initial: 500, max: 5000 };
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const host = new URL(options.url).host;
  let queue: string[] = [];
  let socket: WebSocket | undefined;
  let nextId = 1;
  let delay = retry.initial;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let everOpened = false;
  /** Set once the transport is done for good: why calls are refused. */
  let ended: Refusal | undefined;
  let link: Link = null;
  let early = options.early;
  /** Large models come in parts (main/contract/wire.ts): put together here, so the page gets them as one. */
  const assembler = streamAssembler();

  function dispatch(wire: string, payload: unknown): void {
    for (const listener of [...(listeners.get(wire) ?? [])]) {
      try {
        listener(payload);
      } catch (error) {
        console.error(`kube-anatomy: a listener for ${wire} failed`, error);
      }
    }
  }

  function setLink(state: Link): void {
    link = state;
    dispatch(LINK, state);
  }

  function failAll(why: Refusal): void {
    const error = refused(why);
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  }

  function onMessage(event: MessageEvent): void {
    if (typeof event.data !== 'string') return;
    let message: unknown;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    if (typeof message !== 'object' || message === null) return;
    if (isModelPart(message as Record<string, unknown>)) {
      const got = assembler.accept(message as Record<string, unknown>);
      if (got.kind === 'done') handle(got.message);
      else if (got.kind === 'error') unreadable(got.error, got.envelope);
      return;
    }
    handle(message as Record<string, unknown>);
  }

  /**
   * A model in parts that could not be read: said in the console; a call it
   * answered fails with why, and a pushed model is asked for again once (the
   * page would otherwise keep what it had, with nothing telling it).
   */
  function unreadable(error: string, envelope: Record<string, unknown> | undefined): void {
    console.error(`kube-anatomy: a model from the server could not be read: ${error}`);
    const call = typeof envelope?.id === 'number' ? pending.get(envelope.id) : undefined;
    if (call) {
      pending.delete(envelope!.id as number);
      call.reject(new MessageError(message('errors.link.modelUnreadable', { error }), `the server's model could not be read: ${error}`));
    } else if (envelope && typeof envelope.event === 'string') {
      fetchModel();
    }
  }

  function handle(m: Record<string, unknown>): void {
    if (typeof m.event === 'string') {
      if (m.event.startsWith(CHANNEL_PREFIX)) dispatch(m.event, m.payload);
      return;
    }
    if (typeof m.id !== 'number') return;
    const call = pending.get(m.id);
    if (!call) return;
    pending.delete(m.id);
    if (m.ok === true) call.resolve(m.result);
    // The reply's words are checked, not trusted (main/contract/error.ts).
    else call.reject(errorFromWire(typeof m.error === 'string' ? m.error : 'the server refused the call', m.said));
  }

  /** The whole model, asked for and handed over as if it had been pushed. */
  function fetchModel(): void {
    invoke(wireChannel('model:get'), undefined).then(
      (payload) => {
        if (payload !== null && payload !== undefined) dispatch(wireChannel('model'), payload);
      },
      (error: unknown) => console.error(`kube-anatomy: the model could not be fetched again: ${error instanceof Error ? error.message : String(error)}`),
    );
  }

  function connect(): void {
    timer = undefined;
    if (ended !== undefined) return;
    const adopted = early;
    early = undefined;
    const ws = adopted?.socket ?? new Impl(options.url);
    socket = ws;
    const opened = () => {
      if (socket !== ws) return;
      delay = retry.initial;
      everOpened = true;
      const waiting = queue;
      queue = [];
      for (const text of waiting) ws.send(text);
      // The server sends its state and model on this connection unasked: nothing to catch up on.
      attempt = 0;
      if (link) setLink(null);
    };
    const closed = (event: Pick<CloseEvent, 'code' | 'reason'>) => {
      if (socket !== ws) return;
      socket = undefined;
      queue = [];
      assembler.clear();
      if (ended !== undefined) return failAll(ended);
      // 1008: the server refused this page by policy (it fell too far behind)
      // and said why; connecting again would only repeat it.
      if (event.code === 1008 && event.reason) {
        // `said` is what the page shows, in its language; the server's reason stays as written inside it.
        ended = {
          english: `The kube-anatomy server closed this page's connection: ${event.reason}.`,
          said: message('link.closed', { reason: event.reason.replace(/[.\s]+$/, '') }),
        };
        failAll(ended);
        setLink({ phase: 'failed', reason: ended.english, said: ended.said });
        return;
      }
      failAll(LOST_REFUSAL);
      attempt += 1;
      setLink({
        phase: 'reconnecting',
        // Never opened: the server is gone, or was restarted with a new token this tab does not have.
        reason: everOpened
          ? 'lost the connection to the kube-anatomy server'
          : `cannot reach the kube-anatomy server at ${host}; if it was restarted, open the URL it printed`,
        said: everOpened ? message('link.lost') : message('link.unreachable', { host }),
        attempt,
        retryInMs: delay,
      });
      timer = setTimeout(connect, delay);
      delay = Math.min(delay * 2, retry.max);
    };
    ws.addEventListener('open', opened);
    ws.addEventListener('message', onMessage);
    // A failed connection is followed by 'close', which handles it; listening
    // here keeps WebSocket implementations that throw unheard errors quiet.
    ws.addEventListener('error', () => {});
    ws.addEventListener('close', closed);
    if (!adopted) return;
    // What came before this bundle ran, handed on after its first task, when
    // the app has subscribed; nothing newer can come before (events are tasks).
    const past = adopted.take();
    if (past.length > 0) {
      queueMicrotask(() => {
        for (const e of past) {
          if (socket !== ws && e.type !== 'close') return;
          if (e.type === 'open') opened();
          else if (e.type === 'message') onMessage({ data: e.data } as MessageEvent);
          else closed(e);
        }
      });
    }
  }

  function invoke(wire: string, payload: unknown): Promise<unknown> {
    if (ended !== undefined) return Promise.reject(refused(ended));
    const id = nextId++;
    const text = JSON.stringify(payload === undefined ? { id, channel: wire } : { id, channel: wire, payload });
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      if (socket && socket.readyState === Impl.OPEN) {
        socket.send(text);
      } else {
        queue.push(text);
        // Waiting for the next attempt: make it now, a call is waiting.
        if (!socket && timer !== undefined) {
          clearTimeout(timer);
          connect();
        }
      }
    });
  }

  connect();

  return {
    invoke,
    subscribe(wire, listener) {
      let set = listeners.get(wire);
      if (!set) {
        set = new Set();
        listeners.set(wire, set);
      }
      set.add(listener);
      replayLink(wire, link, listener);
      return () => {
        set.delete(listener);
      };
    },
    close() {
      ended = CLOSED_REFUSAL;
      clearTimeout(timer);
      const ws = socket;
      socket = undefined;
      queue = [];
      failAll(CLOSED_REFUSAL);
      ws?.close();
    },
  };
}

/** For a page opened without its token: it never connects, and says what to do instead. */
export function tokenlessTransport(host: string): BridgeTransport {
  const reason = `This tab has no access token. Open the URL that kube-anatomy printed in its terminal (http://${host}/?token=…); every new tab needs it again.`;
  const said = message('errors.link.noToken', { url: `http://${host}/?token=…` });
  return {
    invoke: () => Promise.reject(new MessageError(said, reason)),
    subscribe(wire, listener) {
      replayLink(wire, { phase: 'failed', reason, said }, listener);
      return () => {};
    },
  };
}

/**
 * The token the page was opened with, moved out of the address bar into the
 * tab's sessionStorage at once (boot.ts keepToken says why); a reload finds it
 * there. The page itself keeps it only once its first model is shown.
 */
export function takeToken(win: Pick<Window, 'location' | 'history' | 'sessionStorage'>): string | undefined {
  const token = readToken(win);
  if (token) keepToken(win, token);
  return token;
}

/** Keeping the token waits for the first model, or this long at most. */
const KEEP_TOKEN_BY_MS = 1000;

/**
 * Defines window.kubeAnatomy over the WebSocket unless a preload already
 * defined it (the Electron window). Returns the API in effect.
 */
export function installWsBridge(win: Window & typeof globalThis = window, early: EarlySocket | undefined = takeEarly()): AnatomyApi {
  const existing = (win as unknown as Record<string, unknown>)[API_GLOBAL];
  if (existing !== undefined) return existing as AnatomyApi;
  const token = early?.token ?? readToken(win);
  const transport = token ? createWsTransport({ url: socketUrl(win.location, token), ...(early ? { early } : {}) }) : tokenlessTransport(win.location.host);
  if (token) {
    // Out of the address bar once the first model is shown (its drawing comes
    // first: the storage call can stall), or after a second without one.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const keep = () => {
      clearTimeout(timer);
      off();
      keepToken(win, token);
    };
    const off = transport.subscribe(wireChannel('model'), () => {
      off();
      clearTimeout(timer);
      timer = setTimeout(keep, 0);
    });
    timer = setTimeout(keep, KEEP_TOKEN_BY_MS);
  }
  const api = createApi(transport, 'browser');
  Object.defineProperty(win, API_GLOBAL, { value: api, writable: false, configurable: false, enumerable: false });
  return api;
}
