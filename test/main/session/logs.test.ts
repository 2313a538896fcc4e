// The session's open logs (logs:open/read/close): a read long-polls until
// lines come, closing ends the follow on the server, a log nobody reads is
// closed after the idle time (by a fake clock), a source without a cluster
// says so, and the requests are checked before any handler sees them.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { loadKubeconfig } from '../../../main/cluster/kubeconfig.ts';
import { KubeTransport } from '../../../main/cluster/transport.ts';
import { LogStreams } from '../../../main/session/logs.ts';
import { validateRequest } from '../../../main/session/validate.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';
import { FakeLogServer, linesAt } from '../../fixtures/fake-log-server.ts';
import { eventually, tempDir, writeKubeconfig } from '../cluster/helpers/harness.ts';

let server: FakeLogServer;
let tmp: ReturnType<typeof tempDir>;
let transport: KubeTransport;
const made: LogStreams[] = [];
const KEY = 'default/web/app';
const OPEN = { namespace: 'default', pod: 'web', container: 'app', tailLines: 500, previous: false, follow: true };

function streams(clock = new FakeClock()): LogStreams {
  const s = new LogStreams(() => transport, { clock, idleMs: 60_000 });
  made.push(s);
  return s;
}

before(async () => {
  server = await new FakeLogServer().start();
  tmp = tempDir();
  transport = new KubeTransport(loadKubeconfig({ kubeconfigFlag: writeKubeconfig(tmp.dir, { server: server.url }) }).access(), { requestTimeoutMs: 5000 });
});
afterEach(() => {
  for (const s of made.splice(0)) s.closeAll();
  server.logs.clear();
});
after(async () => {
  transport.close();
  await server.stop();
  tmp.cleanup();
});

describe('LogStreams', () => {
  it('a read waits for new lines and answers with them; close ends the follow on the server', async () => {
    server.append(KEY, linesAt(Date.parse('2026-12-01T10:00:00Z'), ['a', 'b']));
    const logs = streams();
    const opened = logs.open(OPEN);
    await eventually('following', () => server.following === 1);
    // A read answers on any change (the follow opening too): read on until both lines came.
    const seen: string[] = [];
    let first = opened;
    while (seen.length < 2) {
      first = await logs.read({ id: opened.id, after: first.last, waitMs: 20_000 });
      seen.push(...first.lines.map((l) => l.text));
    }
    assert.deepEqual(seen, ['a', 'b']);
    assert.equal(first.phase, 'following');
    const waiting = logs.read({ id: opened.id, after: first.last, waitMs: 20_000 });
    server.append(KEY, linesAt(Date.parse('2026-12-01T10:00:05Z'), ['c']));
    const next = await waiting;
    assert.deepEqual(
      next.lines.map((l) => l.text),
      ['c'],
    );
    logs.close(opened.id);
    await eventually('the follow ended on the server', () => server.following === 0);
    const gone = await logs.read({ id: opened.id, after: next.last, waitMs: 20_000 });
    assert.equal(gone.phase, 'closed');
  });

  it('closes a log nobody reads any more (a page that went away)', async () => {
    server.append(KEY, linesAt(Date.parse('2026-12-01T10:00:00Z'), ['a']));
    const clock = new FakeClock();
    const logs = streams(clock);
    logs.open(OPEN);
    await eventually('following', () => server.following === 1);
    await clock.advance(59_000);
    assert.equal(logs.size, 1);
    await clock.advance(2_000);
    assert.equal(logs.size, 0);
    await eventually('the follow ended on the server', () => server.following === 0);
  });

  it('a source that is not a cluster says so', async () => {
    const logs = new LogStreams(() => undefined);
    const chunk = logs.open(OPEN);
    assert.equal(chunk.phase, 'failed');
    assert.equal(chunk.problem?.kind, 'noSource');
    logs.closeAll();
  });

  it('forbidden is a problem of its own with the server words', async () => {
    server.forbidden.add('default/web');
    const logs = streams();
    const opened = logs.open(OPEN);
    let chunk = opened;
    await eventually('failed', () => {
      void logs.read({ id: opened.id, after: 0, waitMs: 0 }).then((c) => (chunk = c));
      return chunk.phase === 'failed';
    });
    assert.equal(chunk.problem?.kind, 'forbidden');
    assert.match(chunk.problem?.message ?? '', /pods\/log/);
    server.forbidden.clear();
  });
});

describe('logs requests are checked', () => {
  it('refuses a bad tailLines, a bad flag and a missing container, saying what', () => {
    assert.throws(() => validateRequest('logs:open', { ...OPEN, tailLines: 0 }), /tailLines must be a whole number from 1 to 10000, got number 0/);
    assert.throws(() => validateRequest('logs:open', { ...OPEN, tailLines: 20_000 }), /tailLines/);
    assert.throws(() => validateRequest('logs:open', { ...OPEN, follow: 'yes' }), /follow must be true or false/);
    const { container: _c, ...noContainer } = OPEN;
    assert.throws(() => validateRequest('logs:open', noContainer), /container/);
    assert.throws(() => validateRequest('logs:read', { id: 'log-1', after: -1, waitMs: 0 }), /after must be a whole number/);
    assert.deepEqual(validateRequest('logs:open', OPEN), OPEN);
  });
});
