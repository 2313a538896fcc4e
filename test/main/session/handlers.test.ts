import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { INVOKE_CHANNELS, type InvokeHandlers } from '../../../main/contract/api.ts';
import { createHandlers, createSessionHandlers } from '../../../main/session/handlers.ts';
import { Session } from '../../../main/session/session.ts';
import { listText, smallCluster } from '../../fixtures/session/objects.ts';
import { contextList, FAST, fakes } from './fakes.ts';

async function withHandlers(run: (handlers: InvokeHandlers, session: Session) => Promise<void>): Promise<void> {
  const f = fakes(contextList(['a', 'b'], 'a'));
  const session = await Session.open({ env: {}, home: '/nonexistent', demo: true, ...FAST }, f.deps);
  const saved: unknown[] = [];
  const handlers = createHandlers(session, 'browser', {
    'file:save': (req) => {
      saved.push(req);
      return { saved: true };
    },
    'link:open': () => undefined,
    'menu:lang': () => undefined,
  });
  try {
    await run(handlers, session);
  } finally {
    await session.close();
  }
}

const call = (handlers: InvokeHandlers, channel: string, req: unknown) => (handlers as unknown as Record<string, (r: unknown) => Promise<unknown>>)[channel](req);

describe('session handlers', () => {
  test('cover every channel but the two shell ones', async () => {
    await withHandlers(async (handlers, session) => {
      assert.deepEqual(Object.keys(handlers).sort(), [...INVOKE_CHANNELS].sort());
      assert.deepEqual(Object.keys(createSessionHandlers(session, 'electron')).sort(), INVOKE_CHANNELS.filter((c) => c !== 'file:save' && c !== 'link:open' && c !== 'menu:lang').sort());
    });
  });

  test('answer with the session', async () => {
    await withHandlers(async (handlers, session) => {
      const info = await handlers['app:info']();
      assert.equal(info.shell, 'browser');
      assert.match(info.version, /^\d+\.\d+\.\d+/);
      assert.equal(info.platform, process.platform);
      assert.deepEqual(await handlers['session:get'](), session.state());
      assert.equal((await handlers['model:get']())?.model.source.kind, 'demo');
      const loaded = await handlers['snapshot:load']({ name: 'x.json', text: listText(smallCluster()) });
      assert.equal(loaded.source.name, 'x.json');
      const saved = await handlers['snapshot:get']({ format: 'yaml' });
      assert.match(saved.fileName, /^x-\d{4}-\d\d-\d\dT\d{4}\.yaml$/);
      assert.deepEqual((await handlers['contexts:list']()).contexts.map((c) => c.name), ['a', 'b']);
    });
  });

  test('object:get answers with the pod or node of that uid in the current model, whole, and its revision; null for none', async () => {
    await withHandlers(async (handlers, session) => {
      await handlers['snapshot:load']({ name: 'x.json', text: listText(smallCluster()) });
      const { revision, model } = session.model()!;
      const pod = model.nodes.flatMap((n) => n.pods).find((p) => p.volumes.length > 0 && p.conditions.length > 0)!;
      assert.ok(pod, 'the fixture has a pod with volumes and conditions');
      assert.deepEqual(await handlers['object:get']({ uid: pod.uid }), { revision, pod });
      const node = model.nodes[1]!;
      assert.deepEqual(await handlers['object:get']({ uid: node.uid }), { revision, node });
      const pending = model.unscheduled[0]!;
      assert.deepEqual(await handlers['object:get']({ uid: pending.uid }), { revision, pod: pending }, 'unscheduled pods too');
      assert.equal(await handlers['object:get']({ uid: 'no-such-uid' }), null);
      assert.equal(await handlers['object:get']({ uid: 'u'.repeat(256) }), null, '256 characters are allowed');
    });
  });

  const wrong: [string, unknown, RegExp][] = [
    ['session:get', { extra: 1 }, /session:get takes no request/],
    ['app:info', 'x', /app:info takes no request/],
    ['context:use', undefined, /context:use needs an object with context/],
    ['context:use', { context: 5 }, /context must be a string, got number 5/],
    ['context:use', { context: '' }, /context must not be empty/],
    ['context:use', { context: 'a', admin: true }, /unexpected field "admin"/],
    ['context:use', ['a'], /got an array/],
    ['namespaces:set', { namespaces: 'default' }, /namespaces must be an array/],
    ['namespaces:set', { namespaces: ['ok', '<script>'] }, /"<script>" is not a valid namespace name/],
    ['namespaces:set', { namespaces: [{}] }, /an object is not a valid namespace name/],
    ['snapshot:load', { name: 'a.json' }, /text must be a string, got undefined/],
    ['snapshot:load', { name: 'a.json', text: 'x'.repeat(64 * 1024 * 1024 + 1) }, /text is too long/],
    ['snapshot:get', { format: 'xml' }, /format must be one of json, yaml; got "xml"/],
    ['file:save', { suggestedName: 'a.svg', kind: 'exe', data: '', encoding: 'utf8' }, /kind must be one of svg, png, snapshot/],
    ['link:open', { href: 42 }, /href must be a string/],
    ['object:get', undefined, /object:get needs an object with uid/],
    ['object:get', { uid: 7 }, /uid must be a string, got number 7/],
    ['object:get', { uid: '' }, /uid must not be empty/],
    ['object:get', { uid: 'u'.repeat(257) }, /uid is too long \(257 characters; the limit is 256\)/],
    ['object:get', { uid: 'a', kind: 'pod' }, /unexpected field "kind"/],
  ];
  for (const [channel, req, message] of wrong) {
    test(`${channel} refuses ${JSON.stringify(req)?.slice(0, 60)}`, async () => {
      await withHandlers(async (handlers, session) => {
        const before = session.state();
        await assert.rejects(call(handlers, channel, req), (error: Error) => {
          assert.equal(error.name, 'RequestError');
          assert.match(error.message, message);
          return true;
        });
        assert.deepEqual(session.state(), before);
      });
    });
  }

  test('a request with a prototype other than Object is refused', async () => {
    await withHandlers(async (handlers) => {
      const sneaky = Object.create({ context: 'a' }) as object;
      await assert.rejects(call(handlers, 'context:use', sneaky), /plain object|context must be a string/);
      const parsed = JSON.parse('{"context":"a","__proto__":{"x":1}}');
      await assert.rejects(call(handlers, 'context:use', parsed), /unexpected field "__proto__"/);
    });
  });
});
