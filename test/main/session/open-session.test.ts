// openSession with the real kubeconfig, cluster, snapshot and model modules:
// what a user without a cluster sees.

import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { openSession } from '../../../main/session/index.ts';
import type { Session } from '../../../main/session/session.ts';
import { until } from './fakes.ts';
import { MessageError, say, translator } from '../../../main/i18n/index.ts';
import { listText, smallCluster } from '../../fixtures/session/objects.ts';

let home: string;
before(async () => {
  home = await mkdtemp(path.join(tmpdir(), 'anatomy-open-'));
});
after(async () => {
  await rm(home, { recursive: true, force: true });
});

async function withSession(options: Parameters<typeof openSession>[0], run: (session: Session) => Promise<void>): Promise<void> {
  const session = await openSession(options);
  try {
    await run(session);
  } finally {
    await session.close();
  }
}

test('no kubeconfig anywhere: the demo, and a reason naming the file looked for', async () => {
  await withSession({ env: {}, home }, async (session) => {
    await until(() => session.state().demoReason !== undefined, 5000, 'demoReason');
    const state = session.state();
    assert.equal(state.source.kind, 'demo');
    assert.ok(state.demoReason!.includes(path.join(home, '.kube', 'config')), state.demoReason);
    assert.match(state.demoReason!, /kubeconfig/i);
    assert.ok((session.model()?.model.stats.pods ?? 0) > 0, 'the demo is drawn');
    assert.equal(state.connection.phase, 'reconnecting');
  });
});

test('a cluster that refuses connections: the demo, and a reason naming the context and server', async () => {
  const kubeconfig = path.join(home, 'down.yaml');
  await writeFile(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'current-context: lab',
      'clusters: [{name: lab, cluster: {server: "http://127.0.0.1:1"}}]',
      'users: [{name: lab, user: {token: t}}]',
      'contexts: [{name: lab, context: {cluster: lab, user: lab}}]',
      '',
    ].join('\n'),
  );
  await withSession({ env: {}, home, kubeconfig, connectTimeoutMs: 5000 }, async (session) => {
    await until(() => session.state().demoReason !== undefined, 10_000, 'demoReason');
    const state = session.state();
    assert.equal(state.source.kind, 'demo');
    assert.equal(state.context, 'lab');
    assert.match(state.demoReason!, /lab/);
    assert.match(state.demoReason!, /127\.0\.0\.1:1/);
    assert.match(state.demoReason!, /ECONNREFUSED|refused/i);
    assert.deepEqual((await session.listContexts()).contexts.map((c) => c.name), ['lab']);
  });
});

test('an explicit --kubeconfig that does not exist is named in the reason', async () => {
  const missing = path.join(home, 'nope.yaml');
  await withSession({ env: {}, home, kubeconfig: missing }, async (session) => {
    await until(() => session.state().demoReason !== undefined, 5000, 'demoReason');
    assert.ok(session.state().demoReason!.includes(missing), session.state().demoReason);
    const list = await session.listContexts();
    assert.deepEqual(list.contexts, []);
    assert.ok(list.problems.some((p) => p.includes(missing)), 'the context list names the problem instead of failing');
    // The loader's words travel with it, so a Korean page says the problem in Korean, the file as written.
    assert.equal(list.problemsSaid?.[0]?.id, 'errors.kubeconfig.flagMissing');
    const refused = await session.useContext('lab').then(() => undefined, (error: unknown) => error);
    assert.ok(refused instanceof MessageError, String(refused));
    const korean = say(translator('ko'), refused.said);
    assert.ok(korean.includes('접속 설정 파일') && korean.includes(missing), korean);
    assert.ok(!/does not exist/.test(korean), korean);
  });
});

test('the demo asked for is shown without a reason', async () => {
  await withSession({ env: {}, home, demo: true }, async (session) => {
    assert.equal(session.state().source.kind, 'demo');
    assert.equal(session.state().demoReason, undefined);
    assert.deepEqual(session.state().connection, { phase: 'static' });
    const saved = await session.snapshot('yaml');
    assert.match(saved.fileName, /^demo-\d{4}-\d\d-\d\dT\d{4}\.yaml$/);
    assert.match(saved.text, /kind: List/);
  });
});

test('a snapshot file: its objects are let go once built, yet Save and a namespace change have them all, even after the file went bad', async () => {
  const file = path.join(home, 'kept.json');
  await writeFile(file, listText(smallCluster()));
  await withSession({ env: {}, home, snapshot: file, watchDebounceMs: 10 }, async (session) => {
    const names = async () => JSON.parse((await session.snapshot('json')).text).items.map((i: { metadata: { name: string } }) => i.metadata.name).sort();
    const all = await names();
    assert.deepEqual(all, ['api-0', 'cp-1', 'default', 'etcd-cp-1', 'kube-system', 'pending-0', 'shop', 'web-0', 'web-1', 'worker-1']);
    await writeFile(file, '{"items": [');
    await until(() => session.state().connection.phase === 'failed', 5000, 'the bad file reported');
    assert.deepEqual(await names(), all, 'Save writes what is shown, not what the file holds now');
    await session.setNamespaces(['shop']);
    const model = session.model()!.model;
    assert.deepEqual([...model.nodes.flatMap((n) => n.pods), ...model.unscheduled].map((p) => `${p.namespace}/${p.name}`).sort(), ['shop/web-0', 'shop/web-1']);
    await session.setNamespaces([]);
    assert.equal(session.model()?.model.stats.pods, 5);
  });
});
