import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import type { EventContract, ModelUpdate, SessionState } from '../../../main/contract/api.ts';
import { createApi } from '../../../main/contract/bridge.ts';
import { MessageError } from '../../../main/i18n/index.ts';
import { startServer, type RunningServer } from '../../../main/server/server.ts';
import { Session } from '../../../main/session/session.ts';
import { CONNECTION_LOST, createWsTransport, installWsBridge, socketUrl, takeToken } from '../../../renderer/bridge/ws-bridge.ts';
import { listText, smallCluster } from '../../fixtures/session/objects.ts';
import { FAST, fakes } from '../../main/session/fakes.ts';

let root: string;
let session: Session;
let server: RunningServer;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'anatomy-bridge-'));
  await writeFile(path.join(root, 'index.html'), '<!doctype html>');
  session = await Session.open({ env: {}, home: root, demo: true, ...FAST }, fakes().deps);
  server = await startServer({ session, root });
});
after(async () => {
  await server.close();
  await session.close();
  await rm(root, { recursive: true, force: true });
});

const url = () => `ws://127.0.0.1:${server.port}/ws?token=${server.token}`;
const WebSocketImpl = WebSocket as unknown as typeof globalThis.WebSocket;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits for what the server sends; the test's own timeout bounds it. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await wait(10);
}

describe('the WebSocket bridge', () => {
  test('calls go through the contract and events arrive with their payload only', async () => {
    const transport = createWsTransport({ url: url(), WebSocketImpl });
    const api = createApi(transport, 'browser');
    try {
      const state = await api.invoke('session:get');
      assert.equal(state.source.kind, 'demo');
      const models: ModelUpdate[] = [];
      const off = api.on('model', (update) => models.push(update));
      const loaded = await api.invoke('snapshot:load', { name: 'small.json', text: listText(smallCluster()) });
      await until(() => models.some((m) => m.revision === loaded.revision));
      assert.equal(models.at(-1)?.revision, loaded.revision);
      assert.equal(models.at(-1)?.model.stats.pods, 5);
      off();
      // A listener still subscribed hears the demo's model; the one that left, in the same message, must not.
      const after: ModelUpdate[] = [];
      const offAfter = api.on('model', (update) => after.push(update));
      await api.invoke('source:demo');
      await until(() => after.some((m) => m.model.source.kind === 'demo'));
      offAfter();
      assert.equal(models.length, 1, 'unsubscribed listeners hear nothing');
      await assert.rejects(api.invoke('context:use', { context: 7 as unknown as string }), /context must be a string/);
      await assert.rejects(api.invoke('nope' as 'session:get'), /unknown API call: nope/);
    } finally {
      transport.close();
    }
  });

  test('pending calls fail with a clear error when the server goes away, and the bridge reconnects and catches up', async () => {
    const transport = createWsTransport({ url: url(), WebSocketImpl, retryMs: { initial: 50, max: 200 } });
    const api = createApi(transport, 'browser');
    const sessions: SessionState[] = [];
    const models: ModelUpdate[] = [];
    const links: EventContract['link'][] = [];
    api.on('session', (s) => sessions.push(s));
    api.on('model', (m) => models.push(m));
    api.on('link', (l) => links.push(l));
    try {
      await api.invoke('app:info');
      const { port, token } = server;
      // A call in flight when the connection drops.
      const pending = api.invoke('contexts:list');
      await server.close();
      await assert.rejects(pending, (error: Error) => error.message === CONNECTION_LOST || /closed/.test(error.message));
      await session.loadSnapshotText('while-away.json', listText(smallCluster()));
      server = await startServer({ session, root, port, token });
      const start = Date.now();
      while (!models.some((m) => m.model.source.name === 'while-away.json') && Date.now() - start < 5000) await wait(20);
      assert.ok(models.some((m) => m.model.source.name === 'while-away.json'), 'the missed model was fetched after reconnecting');
      assert.ok(sessions.some((s) => s.source.name === 'while-away.json'), 'and the missed session state');
      assert.equal((await api.invoke('session:get')).source.name, 'while-away.json');
      // The page was told the link was down, and that it is back.
      assert.deepEqual(links[0], { phase: 'reconnecting', reason: 'lost the connection to the kube-anatomy server', said: { id: 'link.lost' }, attempt: 1, retryInMs: 50 });
      assert.equal(links.at(-1), null);
    } finally {
      transport.close();
    }
  });

  test('a close with a reason (1008) is told to the page and to pending calls, and the bridge does not reconnect', async () => {
    const refusing = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => refusing.once('listening', resolve));
    const reason = 'too far behind: 12.3 MiB of replies queued (limit 8 MiB); reload the page';
    // Closes as soon as the page's first call arrives, as the server does with a page that falls behind.
    refusing.on('connection', (ws) => ws.once('message', () => ws.close(1008, reason)));
    const address = refusing.address() as { port: number };
    const transport = createWsTransport({ url: `ws://127.0.0.1:${address.port}/ws?token=t`, WebSocketImpl, retryMs: { initial: 10, max: 10 } });
    const api = createApi(transport, 'browser');
    const links: EventContract['link'][] = [];
    api.on('link', (l) => links.push(l));
    const told = `The kube-anatomy server closed this page's connection: ${reason}.`;
    try {
      await assert.rejects(api.invoke('session:get'), (error: Error) => error.message === told);
      const said = { id: 'link.closed', params: { reason } };
      assert.deepEqual(links, [{ phase: 'failed', reason: told, said }]);
      // Ended, not reconnecting: later calls get the same answer at once.
      await assert.rejects(api.invoke('model:get'), (error: Error) => error.message === told);
      // A listener that comes late still hears why.
      const late = await new Promise((resolve) => api.on('link', resolve));
      assert.deepEqual(late, { phase: 'failed', reason: told, said });
    } finally {
      transport.close();
      await new Promise((resolve) => refusing.close(resolve));
    }
  });

  test('after close() calls are refused', async () => {
    const transport = createWsTransport({ url: url(), WebSocketImpl });
    transport.close();
    await assert.rejects(transport.invoke('anatomy:session:get', undefined), /closed/);
  });
});

describe('installWsBridge', () => {
  test('keeps an API a preload already defined', () => {
    const existing = { shell: 'electron' };
    const win = { kubeAnatomy: existing } as unknown as Window & typeof globalThis;
    assert.equal(installWsBridge(win), existing);
  });

  /** A window whose WebSocket records where it connects and never opens, so nothing keeps running after the test. */
  function fakeWindow(href: string, stored?: string) {
    const opened: string[] = [];
    class RecordingSocket {
      static readonly OPEN = 1;
      readonly readyState = 0;
      constructor(target: string) {
        opened.push(target);
      }
      addEventListener(): void {}
      send(): void {}
      close(): void {}
    }
    const storage = new Map<string, string>(stored === undefined ? [] : [['kube-anatomy-token', stored]]);
    const url = new URL(href);
    const replaced: { state: unknown; to: string }[] = [];
    const win = {
      location: { href, protocol: url.protocol, host: url.host },
      history: {
        state: { kept: true },
        replaceState(state: unknown, _unused: string, to: string) {
          replaced.push({ state, to });
        },
      },
      sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
    } as unknown as Window & typeof globalThis;
    return { win, opened, storage, replaced, RecordingSocket };
  }

  function withSocket<T>(Socket: unknown, run: () => T): T {
    const original = globalThis.WebSocket;
    (globalThis as { WebSocket: unknown }).WebSocket = Socket;
    try {
      return run();
    } finally {
      (globalThis as { WebSocket: unknown }).WebSocket = original;
    }
  }

  test('defines a frozen, non-writable window.kubeAnatomy for the browser, connected to /ws with the token', () => {
    const { win, opened, RecordingSocket } = fakeWindow('http://localhost:4242/?token=abc_DEF-123');
    withSocket(RecordingSocket, () => {
      const api = installWsBridge(win);
      assert.equal(api.shell, 'browser');
      assert.equal(Object.isFrozen(api), true);
      assert.deepEqual(opened, ['ws://localhost:4242/ws?token=abc_DEF-123']);
      const descriptor = Object.getOwnPropertyDescriptor(win, 'kubeAnatomy');
      assert.equal(descriptor?.value, api);
      assert.equal(descriptor?.writable, false);
      assert.equal(descriptor?.configurable, false);
      assert.throws(() => {
        (win as unknown as { kubeAnatomy: unknown }).kubeAnatomy = {};
      }, TypeError);
    });
  });

  test('the token moves from the address bar into the tab\'s sessionStorage, and a reload finds it there', () => {
    const first = fakeWindow('http://127.0.0.1:4242/?view=1&token=abc_DEF-123#pod');
    assert.equal(takeToken(first.win), 'abc_DEF-123');
    assert.deepEqual(first.replaced, [{ state: { kept: true }, to: '/?view=1#pod' }]);
    assert.deepEqual([...first.storage], [['kube-anatomy-token', 'abc_DEF-123']]);

    const reload = fakeWindow('http://127.0.0.1:4242/?view=1#pod', 'abc_DEF-123');
    assert.equal(takeToken(reload.win), 'abc_DEF-123');
    assert.deepEqual(reload.replaced, [], 'nothing to take out of the address bar');

    const blocked = fakeWindow('http://127.0.0.1:4242/?token=abc');
    (blocked.win as unknown as { sessionStorage: unknown }).sessionStorage = {
      setItem() {
        throw new Error('storage is off');
      },
    };
    assert.equal(takeToken(blocked.win), 'abc', 'without storage this load still works');
    assert.deepEqual(blocked.replaced.map((r) => r.to), ['/']);
  });

  test('a new tab without the token opens no socket, and the page hears what to do', async () => {
    const { win, opened, RecordingSocket } = fakeWindow('http://127.0.0.1:4242/');
    const api = withSocket(RecordingSocket, () => installWsBridge(win));
    assert.deepEqual(opened, []);
    const told = 'This tab has no access token. Open the URL that kube-anatomy printed in its terminal (http://127.0.0.1:4242/?token=…); every new tab needs it again.';
    const link = await new Promise((resolve) => api.on('link', resolve));
    const said = { id: 'errors.link.noToken', params: { url: 'http://127.0.0.1:4242/?token=…' } };
    assert.deepEqual(link, { phase: 'failed', reason: told, said });
    await assert.rejects(api.invoke('session:get'), (error: Error) => error.message === told && error instanceof MessageError && isDeepStrictEqual(error.said, said));
  });

  test('the socket URL carries the page token to /ws on the same host', () => {
    assert.equal(socketUrl({ protocol: 'http:', host: 'localhost:8080' }, 'a-b_c'), 'ws://localhost:8080/ws?token=a-b_c');
    assert.equal(socketUrl({ protocol: 'http:', host: '127.0.0.1:1' }, 'a&b'), 'ws://127.0.0.1:1/ws?token=a%26b');
  });
});
