// The session's open logs (logs:open/read/close): a read long-polls until
// lines come, closing ends the follow on the server, a log nobody reads is
// closed after the idle time (by a fake clock), a source without a cluster
// says so, and the requests are checked before any handler sees them.

import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { loadKubeconfig } from '../../../main/cluster/kubeconfig.ts';
import { KubeTransport } from '../../../main/cluster/transport.ts';
import { PassThrough } from 'node:stream';
import type { LogStreamer } from '../../../main/cluster/pod-logs.ts';
import { textOf } from '../../../main/i18n/index.ts';
import { lineBytes } from '../../../main/model/logs.ts';
import { LogStreams } from '../../../main/session/logs.ts';
import { RequestError, validateRequest } from '../../../main/session/validate.ts';
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

describe('LogStreams bounds and wakes (a fake streamer: each open gets a body the test writes)', () => {
  function fake(): { streamer: LogStreamer; bodies: PassThrough[] } {
    const bodies: PassThrough[] = [];
    return {
      bodies,
      streamer: {
        stream: async () => {
          const body = new PassThrough();
          bodies.push(body);
          return body;
        },
      },
    };
  }
  const delivered = (body: PassThrough): Promise<void> => new Promise((resolve) => body.once('data', () => resolve()));
  const settled = async <T>(p: Promise<T>): Promise<boolean> => {
    let done = false;
    void p.then(() => (done = true));
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    return done;
  };

  it('a waiting read does not answer for a part of a line; it answers when the line is whole', async () => {
    const { streamer, bodies } = fake();
    const clock = new FakeClock();
    const logs = new LogStreams(() => streamer, { clock });
    made.push(logs);
    const opened = logs.open(OPEN);
    await eventually('following', () => bodies.length === 1);
    const first = await logs.read({ id: opened.id, after: 0, waitMs: 0 });
    assert.equal(first.phase, 'following');
    const body = bodies[0] as PassThrough;
    const waiting = logs.read({ id: opened.id, after: 0, waitMs: 20_000 });
    let seen = delivered(body);
    body.write('half a li');
    await seen;
    seen = delivered(body);
    body.write('x'.repeat(70 * 1024));
    await seen;
    assert.equal(await settled(waiting), false, 'nothing to answer yet');
    body.write('ne\n');
    const answer = await waiting;
    assert.equal(answer.lines.length, 1);
    assert.equal(answer.last, 1);
  });

  it('cuts a reply by bytes as well as lines; the next read continues where it stopped', async () => {
    const { streamer, bodies } = fake();
    const one = lineBytes({ ts: '', text: 'a'.repeat(1000) });
    const logs = new LogStreams(() => streamer, { maxReplyBytes: 3 * one, maxLines: 2000 });
    made.push(logs);
    const opened = logs.open({ ...OPEN, follow: false });
    await eventually('reading', () => bodies.length === 1);
    const body = bodies[0] as PassThrough;
    body.end(`${'a'.repeat(1000)}\n`.repeat(7));
    // Nothing past line 7 will come: this read answers when the state changes, the log ending.
    while ((await logs.read({ id: opened.id, after: 7, waitMs: 20_000 })).phase !== 'ended');
    const seqs: number[][] = [];
    let after = 0;
    for (;;) {
      const chunk = await logs.read({ id: opened.id, after, waitMs: 0 });
      if (chunk.lines.length === 0) break;
      seqs.push(chunk.lines.map((l) => l.seq));
      assert.equal(chunk.skipped, 0);
      after = chunk.lines.at(-1)?.seq ?? after;
    }
    assert.deepEqual(seqs, [[1, 2, 3], [4, 5, 6], [7]]);
  });

  it('keeps all open logs within the session budget: the least recently read loses its oldest lines first', async () => {
    const { streamer, bodies } = fake();
    const one = lineBytes({ ts: '', text: 'b'.repeat(1000) });
    const logs = new LogStreams(() => streamer, { maxTotalBytes: 10 * one, maxLogBytes: 8 * one });
    made.push(logs);
    const a = logs.open(OPEN);
    const b = logs.open({ ...OPEN, pod: 'web-2' });
    await eventually('both following', () => bodies.length === 2);
    const write = async (body: PassThrough, n: number): Promise<void> => {
      const seen = delivered(body);
      body.write(`${'b'.repeat(1000)}\n`.repeat(n));
      await seen;
    };
    await write(bodies[0] as PassThrough, 6);
    await logs.read({ id: b.id, after: 0, waitMs: 0 }); // b read after a: a is the least recently read
    await write(bodies[1] as PassThrough, 6);
    const ra = await logs.read({ id: a.id, after: 0, waitMs: 0 });
    const rb = await logs.read({ id: b.id, after: 0, waitMs: 0 });
    assert.deepEqual(
      ra.lines.map((l) => l.seq),
      [3, 4, 5, 6],
    );
    assert.equal(ra.skipped, 2);
    assert.equal(rb.lines.length, 6);
    // One log alone stays within its own bound.
    await write(bodies[1] as PassThrough, 6);
    const again = await logs.read({ id: b.id, after: 0, waitMs: 0 });
    assert.ok(again.lines.length <= 8);
    assert.equal(again.last, 12);
  });
});

describe('logs:open names are Kubernetes names', () => {
  it('refuses a namespace, pod or container name that is not one ("." and ".." too), saying which and why, in English and Korean', () => {
    const cases: [Partial<typeof OPEN>, RegExp][] = [
      [{ pod: '..' }, /logs:open: pod "\.\." is not a valid pod name/],
      [{ pod: '.' }, /pod "\." is not a valid pod name/],
      [{ pod: 'a..b' }, /pod "a\.\.b"/],
      [{ pod: 'Web' }, /pod "Web"/],
      [{ pod: 'a/b' }, /pod "a\/b"/],
      [{ pod: 'p'.repeat(254) }, /at most 253 characters/],
      [{ namespace: '..' }, /namespace "\.\." is not a valid namespace name/],
      [{ namespace: 'kube.system' }, /namespace "kube\.system"/],
      [{ container: 'app.1' }, /container "app\.1" is not a valid container name/],
      [{ container: 'c'.repeat(64) }, /at most 63 characters/],
    ];
    for (const [change, pattern] of cases) {
      assert.throws(
        () => validateRequest('logs:open', { ...OPEN, ...change }),
        (e: Error) => {
          assert.ok(e instanceof RequestError);
          assert.match(e.message, pattern);
          assert.equal(textOf('en', e.said), `The request was refused: ${e.message}`);
          assert.match(textOf('ko', e.said), /이름 ".*"이\(가\) 올바르지 않습니다/);
          return true;
        },
      );
    }
    assert.deepEqual(validateRequest('logs:open', { ...OPEN, pod: 'web-7d9f.v2', namespace: 'kube-system', container: 'app-1' }), { ...OPEN, pod: 'web-7d9f.v2', namespace: 'kube-system', container: 'app-1' });
  });
});
