// The page's first script (dist/renderer/boot.js, under a kilobyte): in browser
// mode it opens the WebSocket at once, while the app's bundle is still being
// fetched and compiled, and keeps what arrives on it until the bridge takes
// the socket over (ws-bridge.ts). The server sends its state and its model as
// a socket opens, unasked, so they wait in the page by the time the app can
// draw. The app's bundle imports this same module (the build keeps it a
// separate file, so both share one instance). In the Electron window, where
// the preload defined the API, it opens no socket. In both it opens the
// page's localStorage early (openStorage).

import { API_GLOBAL } from '../../main/contract/api.ts';

/** What happened on the early socket before the bridge took it, in order. */
export type EarlyEvent = { type: 'open' } | { type: 'message'; data: unknown } | { type: 'close'; code: number; reason: string };

export interface EarlySocket {
  readonly token: string;
  readonly socket: WebSocket;
  /** Hands the socket over: what happened on it so far, in order; from now on nothing is kept here. */
  take(): EarlyEvent[];
}

const TOKEN_KEY = 'kube-anatomy-token';

type TokenWindow = Pick<Window, 'location' | 'sessionStorage'>;

/** The token the page was opened with (?token=), else the one this tab kept (a reload). Writes nothing. */
export function readToken(win: TokenWindow): string | undefined {
  const given = new URL(win.location.href).searchParams.get('token');
  if (given) return given;
  try {
    return win.sessionStorage.getItem(TOKEN_KEY) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Moves the token out of the address bar (and so out of the tab's history)
 * into sessionStorage, which belongs to this origin and this tab alone: a
 * reload keeps working, while another tab, or a server on another port, never
 * sees it. The first use of sessionStorage is a synchronous call to the
 * browser, which took up to 170 ms while the browser was busy loading the
 * page, so the bridge makes it once the first drawing is under way.
 */
export function keepToken(win: TokenWindow & Pick<Window, 'history'>, token: string): void {
  const url = new URL(win.location.href);
  if (url.searchParams.get('token') !== token) return;
  try {
    win.sessionStorage.setItem(TOKEN_KEY, token);
  } catch {
    // Storage is off: this load works, a reload will need the URL again.
  }
  url.searchParams.delete('token');
  win.history.replaceState(win.history.state, '', url.pathname + url.search + url.hash);
}

/** The WebSocket URL for the page at `location`, carrying the page's token. */
export function socketUrl(location: Pick<Location, 'protocol' | 'host'>, token: string): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`;
}

/** Opens the page's socket and records what happens on it; undefined in Electron (a preload's API) or without a token. */
export function openEarly(win: Window & typeof globalThis): EarlySocket | undefined {
  if ((win as unknown as Record<string, unknown>)[API_GLOBAL] !== undefined) return undefined;
  const token = readToken(win);
  if (!token) return undefined;
  const socket = new win.WebSocket(socketUrl(win.location, token));
  let events: EarlyEvent[] | undefined = [];
  const onOpen = () => events?.push({ type: 'open' });
  const onMessage = (e: MessageEvent) => events?.push({ type: 'message', data: e.data });
  const onClose = (e: CloseEvent) => events?.push({ type: 'close', code: e.code, reason: e.reason });
  socket.addEventListener('open', onOpen);
  socket.addEventListener('message', onMessage);
  socket.addEventListener('close', onClose);
  return {
    token,
    socket,
    take() {
      socket.removeEventListener('open', onOpen);
      socket.removeEventListener('message', onMessage);
      socket.removeEventListener('close', onClose);
      const taken = events ?? [];
      events = undefined;
      return taken;
    },
  };
}

let early: EarlySocket | undefined;

/** The socket this page opened at boot, once: the bridge takes it; undefined when there is none or it was taken. */
export function takeEarly(): EarlySocket | undefined {
  const taken = early;
  early = undefined;
  return taken;
}

/**
 * Opens the page's localStorage, where the app keeps its settings. The first
 * use of it is a synchronous call to the browser (10-50 ms while the browser
 * is busy loading the page, measured at load 15); the app's first read of a
 * setting paid it in the middle of its start. Here it is paid while app.js is
 * still being fetched and compiled, off this thread.
 */
export function openStorage(win: Pick<Window, 'localStorage'>): void {
  try {
    void win.localStorage?.length;
  } catch {
    // Storage is off: the settings read their defaults.
  }
}

/** How long the shell may stay hidden while app.js has not run (index.html's `hidden` on #app). */
export const REVEAL_AFTER_MS = 5000;

type RevealWindow = Pick<Window, 'addEventListener' | 'setTimeout'> & { document: { getElementById(id: string): { removeAttribute(name: string): void } | null } };

/**
 * The page's shell stays hidden (`<div id="app" hidden>`) until app.js has
 * run and shows it (renderer/app/main.ts), so that it is laid out once, and
 * never before its stylesheet has come: the attribute needs none, where a
 * rule of app.css hid nothing until app.css was read, and the browser laid
 * out the unstyled shell meanwhile (45 ms of a 70 ms task at the demo's
 * start, traced). Should app.js fail to load or to run, the error (seen in
 * the capture phase, where a script's failed load shows too) shows the shell
 * at once, and a timer does after REVEAL_AFTER_MS in any case: the page never
 * stays blank, and says what its shell says ("Waiting for the cluster…").
 */
export function revealShellOnFailure(win: RevealWindow): void {
  const reveal = (): void => win.document.getElementById('app')?.removeAttribute('hidden');
  win.addEventListener('error', reveal, { capture: true, once: true });
  win.setTimeout(reveal, REVEAL_AFTER_MS);
}

// In a page (not in Node's tests, which call openEarly themselves).
if (typeof window !== 'undefined' && typeof window.WebSocket === 'function') {
  revealShellOnFailure(window);
  early = openEarly(window);
  openStorage(window);
}
