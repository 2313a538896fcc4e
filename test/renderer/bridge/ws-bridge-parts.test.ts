// The browser bridge and a large model in parts (main/contract/wire.ts): the
// page above the bridge gets the very ModelUpdate the session made, pushed or
// replied, and never sees a part; a malformed stream fails the call it
// answered with why, and a malformed pushed model is logged and asked for again.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import type { ModelUpdate } from '../../../main/contract/api.ts';
import { createApi } from '../../../main/contract/bridge.ts';
import { startServer, type RunningServer } from '../../../main/server/server.ts';
import { Session } from '../../../main/session/session.ts';
import { createWsTransport } from '../../../renderer/bridge/ws-bridge.ts';
import { listText, smallCluster } from '../../fixtures/session/objects.ts';
import { FAST, fakes } from '../../main/session/fakes.ts';

let root: string;
let session: Session;
let server: RunningServer;

before(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'anatomy-bridge-parts-'));
  await writeFile(path.join(root, 'index.html'), '<!doctype html>');
  session = await Session.open({ env: {}, home: root, demo: true, ...FAST }, fakes().deps);
  // Every model in parts, however small.
  server = await startServer({ session, root, partsFromPods: 0 });
});
after(async () => {
  await server.close();
  await session.close();
  await rm(root, { recursive: true, force: true });
});

const WebSocketImpl = WebSocket as unknown as typeof globalThis.WebSocket;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
async function until(done: () => boolean): Promise<void> {
  while (!done()) await wait(10);
}

describe('the WebSocket bridge and models in parts', () => {
  test('a pushed model and a model:get reply arrive as the very update the session made', async () => {
    // What the server sends, seen raw: parts, never the model in one message.
    const raw = new WebSocket(`ws://127.0.0.1:${server.port}/ws?token=${server.token}`, { headers: { origin: `http://127.0.0.1:${server.port}` } });
    const rawMessages: Array<Record<string, unknown>> = [];
    raw.on('message', (data) => rawMessages.push(JSON.parse(String(data)) as Record<string, unknown>));
    await new Promise((resolve) => raw.once('open', resolve));
    const transport = createWsTransport({ url: `ws://127.0.0.1:${server.port}/ws?token=${server.token}`, WebSocketImpl });
    const api = createApi(transport, 'browser');
    try {
      const models: ModelUpdate[] = [];
      api.on('model', (u) => models.push(u));
      const loaded = await api.invoke('snapshot:load', { name: 'small.json', text: listText(smallCluster()) });
      await until(() => models.some((m) => m.revision === loaded.revision));
      const pushed = models.find((m) => m.revision === loaded.revision)!;
      assert.equal(JSON.stringify(pushed), JSON.stringify(session.viewModel()));
      const replied = await api.invoke('model:get');
      assert.equal(JSON.stringify(replied), JSON.stringify(session.viewModel()));
      await until(() => rawMessages.some((m) => 'part' in m));
      assert.ok(rawMessages.some((m) => 'head' in m && (m.head as { event?: string }).event === 'anatomy:model'));
      assert.ok(!rawMessages.some((m) => m.event === 'anatomy:model'), 'no model in one message');
    } finally {
      transport.close();
      raw.close();
    }
  });

  test('a malformed stream fails the call it answered with why; a malformed pushed model is logged and asked for again', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => wss.once('listening', resolve));
    const { port } = wss.address() as { port: number };
    const model = { revision: 1, model: { nodes: [], unscheduled: [] } };
    const calls: string[] = [];
    wss.on('connection', (ws) => {
      // A pushed model whose only part is not a list of pods.
      ws.send(JSON.stringify({ stream: 1, parts: 1, lists: [1], head: { event: 'anatomy:model', payload: model } }));
      ws.send(JSON.stringify({ stream: 1, part: 0, pods: 'nope' }));
      ws.on('message', (data) => {
        const call = JSON.parse(String(data)) as { id: number; channel: string };
        calls.push(call.channel);
        // Its reply: a head announcing a pod, then a part with a pod that is none.
        ws.send(JSON.stringify({ stream: 2, parts: 1, lists: [1], head: { id: call.id, ok: true, result: model } }));
        ws.send(JSON.stringify({ stream: 2, part: 0, pods: [7] }));
      });
    });
    const errors: string[] = [];
    const consoleError = console.error;
    console.error = (...args: unknown[]) => errors.push(args.map(String).join(' '));
    const transport = createWsTransport({ url: `ws://127.0.0.1:${port}/ws`, WebSocketImpl });
    const api = createApi(transport, 'browser');
    const models: ModelUpdate[] = [];
    api.on('model', (u) => models.push(u));
    try {
      await until(() => calls.length > 0 && errors.length >= 3);
      assert.deepEqual(calls, ['anatomy:model:get'], 'the pushed model was asked for again, once');
      assert.match(errors[0]!, /a model from the server could not be read: model stream 1: part 0 has no pods/);
      assert.match(errors[1]!, /a model from the server could not be read: a pod must be an object or its values, got number/);
      assert.match(errors[2]!, /the model could not be fetched again: the server's model could not be read: a pod must be an object or its values/);
      await assert.rejects(api.invoke('model:get'), /the server's model could not be read: a pod must be an object or its values, got number/);
      assert.equal(models.length, 0, 'nothing half read reaches the page');
    } finally {
      console.error = consoleError;
      transport.close();
      await new Promise((resolve) => wss.close(resolve));
    }
  });
});
