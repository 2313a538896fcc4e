import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { build } from 'esbuild';
import type { AnatomyApi } from '../../../main/contract/api.ts';
import { exposeApi } from '../../../main/electron/preload-api.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** ipcRenderer as the preload sees it: invoke records, on/removeListener keep listeners. */
class FakeIpcRenderer {
  readonly invoked: { channel: string; args: unknown[] }[] = [];
  readonly listeners = new Map<string, Set<(event: unknown, ...args: unknown[]) => void>>();
  async invoke(channel: string, ...args: unknown[]) {
    this.invoked.push({ channel, args });
    // The main process's reply envelope (main/electron/ipc.ts); a channel named fail:… fails with a message.
    if (String(args[0] && (args[0] as { context?: unknown }).context).startsWith('fail:')) {
      return { ok: false, error: { message: 'There is no context named "gone"', said: { id: 'errors.session.badNamespace', params: { name: 'gone' } } } };
    }
    return { ok: true, result: { ok: channel } };
  }
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
    if (!this.listeners.has(channel)) this.listeners.set(channel, new Set());
    this.listeners.get(channel)!.add(listener);
    return this;
  }
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
    this.listeners.get(channel)?.delete(listener);
    return this;
  }
  /** What main's webContents.send does on the renderer side: (IpcRendererEvent, ...args). */
  emit(channel: string, ...args: unknown[]) {
    const event = { sender: this, senderId: 0, ports: [] };
    for (const l of this.listeners.get(channel) ?? []) l(event, ...args);
  }
}

class FakeContextBridge {
  readonly exposed: { key: string; api: unknown }[] = [];
  exposeInMainWorld(key: string, api: unknown) {
    this.exposed.push({ key, api });
  }
}

/** Checks the exposed object, whichever way the preload was loaded. */
async function checkExposed(bridge: FakeContextBridge, ipc: FakeIpcRenderer) {
  assert.equal(bridge.exposed.length, 1, 'exactly one object is exposed');
  assert.equal(bridge.exposed[0].key, 'kubeAnatomy');
  const api = bridge.exposed[0].api as AnatomyApi;
  assert.deepEqual(Object.keys(api).sort(), ['invoke', 'on', 'shell']);
  assert.equal(api.shell, 'electron');
  assert.ok(Object.isFrozen(api));
  for (const value of Object.values(api)) assert.notEqual(value, ipc);

  assert.deepEqual(await api.invoke('context:use', { context: 'kind' }), { ok: 'anatomy:context:use' });
  assert.deepEqual(await api.invoke('model:get'), { ok: 'anatomy:model:get' });
  assert.deepEqual(ipc.invoked, [
    { channel: 'anatomy:context:use', args: [{ context: 'kind' }] },
    { channel: 'anatomy:model:get', args: [] },
  ]);

  // A failed call is handed over as data (the context bridge keeps only an Error's message): English and the message.
  const failure = await api.invoke('context:use', { context: 'fail:x' }).then(
    () => undefined,
    (error: unknown) => error,
  );
  // (compared as JSON: the preload may run in a realm of its own)
  assert.deepEqual(JSON.parse(JSON.stringify(failure)), { message: 'There is no context named "gone"', said: { id: 'errors.session.badNamespace', params: { name: 'gone' } } });
  ipc.invoked.pop();

  // Unknown channels never reach ipcRenderer.
  await assert.rejects(Promise.resolve((api.invoke as (c: string) => Promise<unknown>)('shell:exec')), /unknown API call/);
  await assert.rejects(Promise.resolve((api.invoke as (c: string) => Promise<unknown>)('anatomy:app:info')), /unknown API call/);
  assert.equal(ipc.invoked.length, 2);
  assert.throws(() => (api.on as (e: string, l: () => void) => void)('ipc-message', () => {}), /unknown API event/);

  // Listeners get the payload, and only the payload.
  const received: unknown[][] = [];
  const off = api.on('menu', (...args: unknown[]) => void received.push(args));
  ipc.emit('anatomy:menu', 'zoom-in');
  assert.deepEqual(received, [['zoom-in']]);
  off();
  ipc.emit('anatomy:menu', 'zoom-out');
  assert.equal(received.length, 1, 'unsubscribed');
  assert.equal(ipc.listeners.get('anatomy:menu')?.size, 0);
}

describe('preload', () => {
  it('exposeApi: one frozen object with invoke/on/shell over ipcRenderer', async () => {
    const bridge = new FakeContextBridge();
    const ipc = new FakeIpcRenderer();
    exposeApi(bridge, ipc);
    await checkExposed(bridge, ipc);
  });

  it('the bundled preload needs nothing but "electron" and exposes the same API', async () => {
    // Bundled as main/tools/build.mjs bundles dist/main/preload.cjs; a sandboxed
    // preload can only require a few modules, so "electron" must be the only one.
    const result = await build({
      entryPoints: [path.join(root, 'main/electron/preload.ts')],
      bundle: true,
      format: 'cjs',
      platform: 'node',
      target: 'node22',
      external: ['electron'],
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0].text;
    const bridge = new FakeContextBridge();
    const ipc = new FakeIpcRenderer();
    const required: string[] = [];
    const sandboxRequire = (name: string) => {
      required.push(name);
      if (name === 'electron') return { contextBridge: bridge, ipcRenderer: ipc };
      throw new Error(`module not found in a sandboxed preload: ${name}`);
    };
    const module = { exports: {} };
    vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console });
    assert.deepEqual(required, ['electron']);
    await checkExposed(bridge, ipc);
  });
});
