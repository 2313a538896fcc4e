// A minimal Chrome DevTools Protocol client over --remote-debugging-pipe, for
// benchmarks that must not be measured through Playwright. Playwright enables
// the Network domain on every page, and Chromium then copies every WebSocket
// frame the page receives into a DevTools event: at 100,000 pods the app's
// model is one 387 MB frame, which Chromium serializes and this process
// parses, adding some 900 MB to the server process's RSS and seconds to the
// time until the page is seen drawn (measured: 9.4 s to drawn without it,
// 17 to 26 s with it). This client enables only what it uses: Page,
// Runtime, Inspector (crashes), Input, Performance, HeapProfiler.
//
// The pipe carries JSON messages each ended by a NUL byte: the browser reads
// fd 3 and writes fd 4. Pages are attached in flat mode (one connection,
// commands routed by sessionId).

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { CHROMIUM, requirePrerequisites } from '../e2e/helpers.ts';

type Params = Record<string, unknown>;
type Listener = (params: any) => void;

interface Message {
  id?: number;
  method?: string;
  params?: any;
  result?: any;
  error?: { message: string; data?: string };
  sessionId?: string;
}

export interface CdpPage {
  send<T = any>(method: string, params?: Params): Promise<T>;
  /** Runs `expression` in the page (awaiting a promise it gives) and returns its value; a thrown error rejects. */
  evaluate<T = unknown>(expression: string): Promise<T>;
  on(event: string, listener: Listener): void;
  /** Closes the page and the context (storage) it was made in. */
  close(): Promise<void>;
}

export interface PageOptions {
  width: number;
  height: number;
  /** Sources run in every document of the page before its own scripts. */
  initScripts?: string[];
}

export interface CdpBrowser {
  /** A page in a context of its own (fresh storage), at the given viewport. */
  newPage(options: PageOptions): Promise<CdpPage>;
  close(): Promise<void>;
}

// What launchBrowser (test/e2e/helpers.ts) passes, and the flags that keep a
// headless page's timers and frames from being throttled as Playwright does.
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-extensions',
  '--disable-background-timer-throttling',
  '--disable-backgrounding-occluded-windows',
  '--disable-renderer-backgrounding',
  '--hide-scrollbars',
  '--mute-audio',
  '--remote-debugging-pipe',
];

export async function launchCdpBrowser(): Promise<CdpBrowser> {
  requirePrerequisites();
  const profile = mkdtempSync(path.join(os.tmpdir(), 'kube-anatomy-cdp-'));
  const child: ChildProcess = spawn(CHROMIUM, [...ARGS, `--user-data-dir=${profile}`, 'about:blank'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    // Only the tail matters, for an error message.
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  let nextId = 1;
  const pending = new Map<number, { resolve(v: any): void; reject(e: Error): void; sessionId?: string; method: string }>();
  const listeners = new Map<string, Map<string, Listener[]>>();
  let exited: Error | undefined;

  const fail = (error: Error) => {
    exited = error;
    for (const p of pending.values()) p.reject(error);
    pending.clear();
  };
  child.on('exit', (code, signal) => fail(new Error(`Chromium exited (${signal ?? code}): ${stderr.trim().split('\n').slice(-3).join(' / ')}`)));
  child.on('error', (error) => fail(error));

  let buffered: Buffer[] = [];
  fromBrowser.on('data', (chunk: Buffer) => {
    let start = 0;
    for (let end = chunk.indexOf(0); end !== -1; end = chunk.indexOf(0, start)) {
      buffered.push(chunk.subarray(start, end));
      const text = Buffer.concat(buffered).toString('utf8');
      buffered = [];
      start = end + 1;
      dispatch(JSON.parse(text) as Message);
    }
    if (start < chunk.length) buffered.push(chunk.subarray(start));
  });

  function dispatch(message: Message): void {
    if (message.id !== undefined) {
      const call = pending.get(message.id);
      if (!call) return;
      pending.delete(message.id);
      if (message.error) call.reject(new Error(`${call.method}: ${message.error.message}${message.error.data ? ` (${message.error.data})` : ''}`));
      else call.resolve(message.result);
      return;
    }
    const bySession = listeners.get(message.sessionId ?? '');
    for (const listener of bySession?.get(message.method ?? '') ?? []) listener(message.params);
  }

  function send<T>(method: string, params: Params = {}, sessionId?: string): Promise<T> {
    if (exited) return Promise.reject(exited);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve, reject, sessionId, method });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  function on(sessionId: string, event: string, listener: Listener): void {
    let bySession = listeners.get(sessionId);
    if (!bySession) listeners.set(sessionId, (bySession = new Map()));
    bySession.set(event, [...(bySession.get(event) ?? []), listener]);
  }

  // The browser answers once it is up.
  await send('Browser.getVersion');

  return {
    async newPage(options) {
      const { browserContextId } = await send<{ browserContextId: string }>('Target.createBrowserContext', { disposeOnDetach: true });
      const { targetId } = await send<{ targetId: string }>('Target.createTarget', { url: 'about:blank', browserContextId });
      const { sessionId } = await send<{ sessionId: string }>('Target.attachToTarget', { targetId, flatten: true });
      const call = <T>(method: string, params?: Params) => send<T>(method, params, sessionId);
      // A crashed page answers nothing more: what waits on it fails instead.
      on(sessionId, 'Inspector.targetCrashed', () => {
        for (const [id, p] of pending) {
          if (p.sessionId !== sessionId) continue;
          pending.delete(id);
          p.reject(new Error('the page crashed (renderer process gone)'));
        }
      });
      await Promise.all([call('Page.enable'), call('Runtime.enable'), call('Inspector.enable')]);
      await call('Emulation.setDeviceMetricsOverride', { width: options.width, height: options.height, deviceScaleFactor: 1, mobile: false });
      for (const source of options.initScripts ?? []) await call('Page.addScriptToEvaluateOnNewDocument', { source });
      let closed = false;
      return {
        send: call,
        async evaluate<T>(expression: string): Promise<T> {
          const reply = await call<{ result: { value?: T }; exceptionDetails?: { text: string; exception?: { description?: string } } }>('Runtime.evaluate', {
            expression,
            awaitPromise: true,
            returnByValue: true,
          });
          if (reply.exceptionDetails) throw new Error(reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text);
          return reply.result.value as T;
        },
        on: (event, listener) => on(sessionId, event, listener),
        async close() {
          if (closed) return;
          closed = true;
          listeners.delete(sessionId);
          await send('Target.disposeBrowserContext', { browserContextId }).catch(() => undefined);
        },
      };
    },
    async close() {
      if (!exited) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        await send('Browser.close').catch(() => undefined);
        await gone;
      }
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
