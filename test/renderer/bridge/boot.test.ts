// boot.ts: the socket the page opens before its bundle runs, and how the
// bridge takes it over: what came on it reaches the app's listeners, in order,
// after the app subscribed; no second socket is opened; the token leaves the
// address bar once the first model is shown.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ModelUpdate, SessionState } from '../../../main/contract/api.ts';
import { openEarly, openStorage, readToken, REVEAL_AFTER_MS, revealShellOnFailure } from '../../../renderer/bridge/boot.ts';
import { installWsBridge } from '../../../renderer/bridge/ws-bridge.ts';

/** A WebSocket that records where it connects and what it sends; the test makes it open, deliver and close. */
class FakeSocket extends EventTarget {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly made: FakeSocket[] = [];
  readyState = 0;
  readonly sent: string[] = [];
  constructor(readonly url: string) {
    super();
    FakeSocket.made.push(this);
  }
  send(text: string): void {
    this.sent.push(text);
  }
  close(): void {}
  open(): void {
    this.readyState = 1;
    this.dispatchEvent(new Event('open'));
  }
  deliver(message: unknown): void {
    const event = new Event('message') as Event & { data: string };
    event.data = JSON.stringify(message);
    this.dispatchEvent(event);
  }
}

function fakeWindow(href: string, api?: unknown) {
  const url = new URL(href);
  const storage = new Map<string, string>();
  const replaced: string[] = [];
  const win = {
    WebSocket: FakeSocket,
    location: { href, protocol: url.protocol, host: url.host },
    history: {
      state: null,
      replaceState(_state: unknown, _unused: string, to: string) {
        replaced.push(to);
        win.location.href = new URL(to, href).href;
      },
    },
    sessionStorage: { getItem: (k: string) => storage.get(k) ?? null, setItem: (k: string, v: string) => void storage.set(k, v) },
    ...(api === undefined ? {} : { kubeAnatomy: api }),
  };
  return { win: win as unknown as Window & typeof globalThis, storage, replaced };
}

const SESSION = { source: { kind: 'demo', name: 'demo', namespaces: [] }, connection: { phase: 'static' }, namespaces: [], revision: 1 };
const MODEL = { revision: 1, model: { schema: 'kube-anatomy/model@1', nodes: [], unscheduled: [] } };

describe('boot.ts', () => {
  test('opens the socket with the token at once, and keeps what comes on it until taken', () => {
    const { win, replaced, storage } = fakeWindow('http://127.0.0.1:4242/?token=abc_DEF');
    FakeSocket.made.length = 0;
    const early = openEarly(win)!;
    assert.equal(early.token, 'abc_DEF');
    assert.deepEqual(FakeSocket.made.map((s) => s.url), ['ws://127.0.0.1:4242/ws?token=abc_DEF']);
    // Nothing written yet: the storage call can stall a loading page.
    assert.deepEqual(replaced, []);
    assert.equal(storage.size, 0);
    const socket = FakeSocket.made[0]!;
    socket.open();
    socket.deliver({ event: 'anatomy:session', payload: SESSION });
    const taken = early.take();
    assert.deepEqual(
      taken.map((e) => e.type),
      ['open', 'message'],
    );
    socket.deliver({ event: 'anatomy:model', payload: MODEL });
    assert.deepEqual(early.take(), [], 'nothing kept once taken');
  });

  test('does nothing in the Electron window (a preload defined the API) or without a token', () => {
    FakeSocket.made.length = 0;
    assert.equal(openEarly(fakeWindow('http://127.0.0.1:4242/?token=abc', { shell: 'electron' }).win), undefined);
    assert.equal(openEarly(fakeWindow('http://127.0.0.1:4242/').win), undefined);
    assert.equal(FakeSocket.made.length, 0);
  });

  test('a reload finds the token the tab kept', () => {
    const { win, storage } = fakeWindow('http://127.0.0.1:4242/#pod');
    storage.set('kube-anatomy-token', 'kept');
    assert.equal(readToken(win), 'kept');
  });

  test('the bridge takes the early socket: what came before reaches listeners subscribed in the same task, in order, and no second socket opens', async () => {
    const { win, replaced, storage } = fakeWindow('http://127.0.0.1:4242/?view=1&token=abc_DEF#x');
    FakeSocket.made.length = 0;
    const early = openEarly(win)!;
    const socket = FakeSocket.made[0]!;
    socket.open();
    socket.deliver({ event: 'anatomy:session', payload: SESSION });
    socket.deliver({ event: 'anatomy:model', payload: MODEL });

    const api = installWsBridge(win, early);
    const heard: string[] = [];
    api.on('session', (s: SessionState) => heard.push(`session ${s.source.kind}`));
    api.on('model', (m: ModelUpdate) => heard.push(`model ${m.revision}`));
    assert.deepEqual(heard, [], 'handed on after this task, when the app has subscribed');
    assert.deepEqual(replaced, [], 'the token stays in the address bar until the first model is shown');
    await Promise.resolve();
    assert.deepEqual(heard, ['session demo', 'model 1']);
    assert.equal(FakeSocket.made.length, 1, 'the early socket is the connection');

    // Calls go out on it, and later messages arrive as usual.
    const reply = api.invoke('contexts:list');
    const sent = JSON.parse(socket.sent.at(-1)!) as { id: number; channel: string };
    assert.equal(sent.channel, 'anatomy:contexts:list');
    socket.deliver({ id: sent.id, ok: true, result: { contexts: [], files: [], problems: [] } });
    assert.deepEqual(await reply, { contexts: [], files: [], problems: [] });

    // The token leaves the address bar after the first model was handed on.
    await new Promise((resolve) => setTimeout(resolve, 5));
    assert.deepEqual(replaced, ['/?view=1#x']);
    assert.deepEqual([...storage], [['kube-anatomy-token', 'abc_DEF']]);
  });
});

describe('openStorage', () => {
  test('opens the page\'s localStorage (its first use), and a page with storage turned off goes on', () => {
    let opened = 0;
    const storage = {
      get length() {
        opened += 1;
        return 0;
      },
    };
    openStorage({ localStorage: storage as unknown as Storage });
    assert.equal(opened, 1);
    const off = {
      get localStorage(): Storage {
        throw new DOMException('denied', 'SecurityError');
      },
    };
    assert.doesNotThrow(() => openStorage(off));
  });
});

describe('revealShellOnFailure', () => {
  /** A window whose error listeners and timers the test runs by hand. */
  function fakeWindow() {
    // The shell's attributes: hidden, as index.html writes it.
    const classes = new Set(['hidden']);
    const errorListeners: Array<{ listener: () => void; options: unknown }> = [];
    const timers: Array<{ run: () => void; ms: number }> = [];
    const shell = { removeAttribute: (name: string) => void classes.delete(name) };
    const win = {
      document: { getElementById: (id: string) => (id === 'app' ? shell : null) },
      addEventListener: (type: string, listener: () => void, options: unknown) => {
        if (type === 'error') errorListeners.push({ listener, options });
      },
      setTimeout: (run: () => void, ms: number) => timers.push({ run, ms }),
    };
    return { win, classes, errorListeners, timers };
  }

  test('an error on the page (app.js failed to load or to run) shows the shell at once, and nothing else does before the timer', () => {
    const { win, classes, errorListeners, timers } = fakeWindow();
    revealShellOnFailure(win as never);
    assert.ok(classes.has('hidden'), 'still hidden: app.js shows it when it has run');
    assert.equal(errorListeners.length, 1);
    assert.deepEqual(errorListeners[0]!.options, { capture: true, once: true }, 'in the capture phase, where a script element\'s failed load is seen');
    errorListeners[0]!.listener();
    assert.ok(!classes.has('hidden'));
    assert.deepEqual(timers.map((t) => t.ms), [REVEAL_AFTER_MS]);
  });

  test('without any error, the timer shows the shell: the page never stays blank', () => {
    const { win, classes, timers } = fakeWindow();
    revealShellOnFailure(win as never);
    assert.ok(classes.has('hidden'));
    timers[0]!.run();
    assert.ok(!classes.has('hidden'));
  });
});
