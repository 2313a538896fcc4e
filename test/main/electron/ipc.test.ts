import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INVOKE_CHANNELS, type InvokeHandlers } from '../../../main/contract/api.ts';
import { createEventSender, createSenderCheck, deferHandlers, registerIpc, RejectedSenderError } from '../../../main/electron/ipc.ts';
import { APP_ENTRY_URL } from '../../../main/electron/origin.ts';
import { message, MessageError } from '../../../main/i18n/index.ts';
import { FakeFrame, FakeIpcMain, FakeWebContents, invokeEvent } from './stand-ins.ts';

/** A handler table that records which channels ran and with what. */
function recordingHandlers() {
  const calls: { channel: string; req: unknown }[] = [];
  const table: Record<string, (req: unknown) => unknown> = {};
  for (const channel of INVOKE_CHANNELS) {
    table[channel] = (req) => {
      calls.push({ channel, req });
      return { from: channel };
    };
  }
  return { handlers: table as unknown as InvokeHandlers, calls };
}

function setup() {
  const ipcMain = new FakeIpcMain();
  const contents = new FakeWebContents(APP_ENTRY_URL);
  const { handlers, calls } = recordingHandlers();
  const logged: string[] = [];
  const dispose = registerIpc(ipcMain, handlers, createSenderCheck(() => contents), (m) => logged.push(m));
  return { ipcMain, contents, calls, logged, dispose };
}

describe('registerIpc', () => {
  it('registers exactly the contract channels, with the prefix', () => {
    const { ipcMain } = setup();
    assert.deepEqual([...ipcMain.handlers.keys()].sort(), INVOKE_CHANNELS.map((c) => `anatomy:${c}`).sort());
  });

  it('does not register extra keys of the handler table', () => {
    const ipcMain = new FakeIpcMain();
    const { handlers } = recordingHandlers();
    const extended = { ...handlers, 'shell:exec': () => 'boom', 'app:info ': () => 'x' } as unknown as InvokeHandlers;
    registerIpc(ipcMain, extended, () => true);
    assert.equal(ipcMain.handlers.size, INVOKE_CHANNELS.length);
    assert.equal(ipcMain.handlers.has('anatomy:shell:exec'), false);
    assert.equal(ipcMain.handlers.has('shell:exec'), false);
  });

  it('refuses to start with a channel missing (or inherited, not own)', () => {
    const { handlers } = recordingHandlers();
    const partial = { ...handlers } as Record<string, unknown>;
    delete partial['link:open'];
    assert.throws(() => registerIpc(new FakeIpcMain(), partial as unknown as InvokeHandlers, () => true), /link:open/);
    const inherited = Object.create(handlers) as InvokeHandlers;
    assert.throws(() => registerIpc(new FakeIpcMain(), inherited, () => true), /no handler/);
  });

  it('runs the handler for our main frame', async () => {
    const { ipcMain, contents, calls } = setup();
    const result = await ipcMain.invoke('anatomy:context:use', invokeEvent(contents, contents.mainFrame), { context: 'kind' });
    assert.deepEqual(result, { ok: true, result: { from: 'context:use' } });
    assert.deepEqual(calls, [{ channel: 'context:use', req: { context: 'kind' } }]);
  });

  it("answers a handler's error as an envelope with its English and its message, which Electron would cut to the English", async () => {
    const ipcMain = new FakeIpcMain();
    const contents = new FakeWebContents(APP_ENTRY_URL);
    const { handlers } = recordingHandlers();
    const said = message('errors.session.badNamespace', { name: 'Bad_NS' });
    (handlers as unknown as Record<string, unknown>)['namespaces:set'] = () => Promise.reject(new MessageError(said, '"Bad_NS" is not a valid namespace name'));
    (handlers as unknown as Record<string, unknown>)['source:retry'] = () => Promise.reject(new Error('EACCES: permission denied'));
    registerIpc(ipcMain, handlers, createSenderCheck(() => contents));
    const event = invokeEvent(contents, contents.mainFrame);
    assert.deepEqual(await ipcMain.invoke('anatomy:namespaces:set', event, { namespaces: ['Bad_NS'] }), {
      ok: false,
      error: { message: '"Bad_NS" is not a valid namespace name', said },
    });
    // Someone else's text (the OS's) goes inside the generic message, as written.
    assert.deepEqual(await ipcMain.invoke('anatomy:source:retry', event), {
      ok: false,
      error: { message: 'EACCES: permission denied', said: { id: 'errors.generic', params: { text: 'EACCES: permission denied' } } },
    });
  });

  it('rejects a frame showing another URL', async () => {
    const { ipcMain, contents, calls, logged } = setup();
    contents.mainFrame.url = 'https://evil.example/';
    await assert.rejects(ipcMain.invoke('anatomy:model:get', invokeEvent(contents, contents.mainFrame)), RejectedSenderError);
    contents.mainFrame.url = 'file:///home/u/dist/renderer/index.html';
    await assert.rejects(ipcMain.invoke('anatomy:model:get', invokeEvent(contents, contents.mainFrame)), RejectedSenderError);
    assert.deepEqual(calls, []);
    assert.equal(logged.length, 2);
    assert.match(logged[0], /refused anatomy:model:get from "https:\/\/evil.example\/"/);
  });

  it('rejects a subframe, even one with our URL', async () => {
    const { ipcMain, contents, calls } = setup();
    const sub = new FakeFrame(APP_ENTRY_URL, contents.mainFrame, 999);
    await assert.rejects(ipcMain.invoke('anatomy:contexts:list', invokeEvent(contents, sub)), RejectedSenderError);
    assert.deepEqual(calls, []);
  });

  it('rejects a destroyed, detached or missing frame', async () => {
    const { ipcMain, contents, calls } = setup();
    contents.mainFrame.destroyed = true;
    await assert.rejects(ipcMain.invoke('anatomy:session:get', invokeEvent(contents, contents.mainFrame)), RejectedSenderError);
    contents.mainFrame.destroyed = false;
    contents.mainFrame.detached = true;
    await assert.rejects(ipcMain.invoke('anatomy:session:get', invokeEvent(contents, contents.mainFrame)), RejectedSenderError);
    await assert.rejects(ipcMain.invoke('anatomy:session:get', invokeEvent(contents, null)), RejectedSenderError);
    assert.deepEqual(calls, []);
  });

  it('rejects another webContents and a top frame that is not our main frame', async () => {
    const { ipcMain, contents, calls } = setup();
    const other = new FakeWebContents(APP_ENTRY_URL, 2);
    await assert.rejects(ipcMain.invoke('anatomy:app:info', invokeEvent(other, other.mainFrame)), RejectedSenderError);
    const stranger = new FakeFrame(APP_ENTRY_URL, null, 12345);
    await assert.rejects(ipcMain.invoke('anatomy:app:info', invokeEvent(contents, stranger)), RejectedSenderError);
    assert.deepEqual(calls, []);
  });

  it('rejects everything when the window is gone', async () => {
    const ipcMain = new FakeIpcMain();
    const { handlers, calls } = recordingHandlers();
    let current: FakeWebContents | undefined = new FakeWebContents(APP_ENTRY_URL);
    const frame = current.mainFrame;
    const sender = current;
    registerIpc(ipcMain, handlers, createSenderCheck(() => current));
    current.destroyed = true;
    await assert.rejects(ipcMain.invoke('anatomy:app:info', invokeEvent(sender, frame)), RejectedSenderError);
    current = undefined;
    await assert.rejects(ipcMain.invoke('anatomy:app:info', invokeEvent(sender, frame)), RejectedSenderError);
    assert.deepEqual(calls, []);
  });

  it('treats a throwing sender check as a rejection', async () => {
    const ipcMain = new FakeIpcMain();
    const { handlers, calls } = recordingHandlers();
    registerIpc(ipcMain, handlers, () => {
      throw new Error('frame disposed');
    });
    await assert.rejects(ipcMain.invoke('anatomy:app:info', invokeEvent(null, null)), RejectedSenderError);
    assert.deepEqual(calls, []);
  });

  it('removes its handlers when disposed', () => {
    const { ipcMain, dispose } = setup();
    dispose();
    assert.equal(ipcMain.handlers.size, 0);
  });
});

describe('createEventSender', () => {
  it('sends prefixed events to our page only', () => {
    const contents = new FakeWebContents(APP_ENTRY_URL);
    let current: FakeWebContents | undefined = contents;
    const send = createEventSender(() => current);
    assert.equal(send('menu', 'zoom-in'), true);
    assert.deepEqual(contents.sent, [{ channel: 'anatomy:menu', args: ['zoom-in'] }]);
    contents.url = 'https://evil.example/';
    assert.equal(send('menu', 'zoom-out'), false);
    contents.url = APP_ENTRY_URL;
    contents.destroyed = true;
    assert.equal(send('menu', 'zoom-out'), false);
    current = undefined;
    assert.equal(send('menu', 'zoom-out'), false);
    assert.equal(contents.sent.length, 1);
  });
});

describe('deferHandlers', () => {
  it('waits for the real table, then calls through', async () => {
    const { handlers, calls } = recordingHandlers();
    let resolve!: (h: InvokeHandlers) => void;
    const deferred = deferHandlers(new Promise((r) => (resolve = r)));
    const pending = (deferred['snapshot:get'] as (req: unknown) => Promise<unknown>)({ format: 'yaml' });
    // Let every queued promise job run: nothing but the table's arrival may release the call.
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(calls, []);
    resolve(handlers);
    assert.deepEqual(await pending, { from: 'snapshot:get' });
    assert.deepEqual(calls, [{ channel: 'snapshot:get', req: { format: 'yaml' } }]);
  });

  it('passes a failed start-up on to callers', async () => {
    const deferred = deferHandlers(Promise.reject(new Error('no session')));
    await assert.rejects((deferred['app:info'] as (req: unknown) => Promise<unknown>)(undefined), /no session/);
  });
});
