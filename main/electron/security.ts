// The security settings of every page the app shows, in one place: the
// webPreferences, the Content-Security-Policy, what a page may navigate to or
// open, and which browser permissions it gets. Electron objects are passed
// in, so tests check the exact behaviour with stand-ins.

import { allowedExternalLink, describe } from './links.ts';
import { isAppUrl, isSameDocument } from './origin.ts';

/**
 * The renderer's policy: scripts, styles and fonts only from our own origin,
 * images also from data:/blob: (PNG export and copy build images in the page),
 * no frames, no forms. connect-src is 'self', not 'none': the SVG export
 * fetches our own bundled fonts (app://kube-anatomy/fonts/…) to embed them.
 * 'self' is the app:// origin, which serves only dist/renderer; the model
 * arrives over IPC, so no connection ever leaves the app.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Browser permissions a page of ours may use; everything else is denied. */
export const ALLOWED_PERMISSIONS: ReadonlySet<string> = new Set([
  // "Copy image" writes a PNG through navigator.clipboard.write.
  'clipboard-sanitized-write',
]);

export interface SecureWebPreferences {
  preload: string;
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  webviewTag: false;
  safeDialogs: true;
  devTools: boolean;
}

export function secureWebPreferences(preload: string, options: { devTools?: boolean } = {}): SecureWebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    webviewTag: false,
    safeDialogs: true,
    devTools: options.devTools ?? false,
  };
}

export interface PreventableEvent {
  preventDefault(): void;
  url?: string;
}

/** The parts of Electron's WebContents these rules touch. */
export interface HardenableContents {
  getURL(): string;
  on(event: 'will-navigate', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-redirect', listener: (event: PreventableEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: PreventableEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

export interface SecurityDeps {
  /** Opens an already allow-listed link in the system browser. */
  openExternal(url: string): void | Promise<void>;
  log(message: string): void;
}

/**
 * Pages stay where they are: no navigation away from the loaded document, no
 * new windows, no <webview>. A link to an allowed documentation page opens in
 * the system browser instead.
 */
export function hardenWebContents(contents: HardenableContents, deps: SecurityDeps): void {
  const sendOut = (url: string, why: string) => {
    const allowed = allowedExternalLink(url);
    if (allowed !== undefined) {
      void Promise.resolve(deps.openExternal(allowed)).catch((error: unknown) => deps.log(`openExternal failed: ${String(error)}`));
    } else {
      deps.log(`${why} denied: ${describe(url)}`);
    }
  };

  contents.on('will-navigate', (event, url) => {
    const target = event.url ?? url;
    if (isAppUrl(target) && isSameDocument(target, contents.getURL())) return;
    event.preventDefault();
    sendOut(target, 'navigation');
  });
  contents.on('will-redirect', (event, url) => {
    const target = event.url ?? url;
    if (isAppUrl(target)) return;
    event.preventDefault();
    deps.log(`redirect denied: ${describe(target)}`);
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    deps.log('webview denied');
  });
  contents.setWindowOpenHandler(({ url }) => {
    sendOut(url, 'window.open');
    return { action: 'deny' };
  });
}

/** A permission is granted only when it is on our list and asked for by our own page. */
export function isPermissionAllowed(permission: unknown, requestingUrl: unknown): boolean {
  return typeof permission === 'string' && ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl);
}

/** The parts of Electron's Session these rules touch. */
export interface HardenableSession {
  setPermissionRequestHandler(
    handler: (webContents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl?: string }) => void,
  ): void;
  setPermissionCheckHandler(handler: (webContents: unknown, permission: string, requestingOrigin: string, details: unknown) => boolean): void;
  setDevicePermissionHandler?(handler: (details: unknown) => boolean): void;
  readonly webRequest?: {
    onBeforeRequest(filter: { urls: string[] }, listener: (details: { url: string }, callback: (response: { cancel: boolean }) => void) => void): void;
  };
}

/** Network schemes no page of ours has a reason to reach: the app loads nothing remote. */
export const BLOCKED_REQUEST_PATTERNS = ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*'];

export function hardenSession(session: HardenableSession, log: (message: string) => void): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = isPermissionAllowed(permission, details?.requestingUrl);
    if (!granted) log(`permission request denied: ${describe(permission)} from ${describe(details?.requestingUrl)}`);
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => isPermissionAllowed(permission, requestingOrigin));
  session.setDevicePermissionHandler?.(() => false);
  // Behind the CSP, a second wall: whatever a page (or a bug) asks for over the
  // network is cancelled. The main process's own cluster connections do not go
  // through the session and are unaffected.
  session.webRequest?.onBeforeRequest({ urls: BLOCKED_REQUEST_PATTERNS }, (details, callback) => {
    log(`request blocked: ${describe(details.url)}`);
    callback({ cancel: true });
  });
}
