// A container's log through KubeTransport.stream against a fake pods/log
// endpoint: the query asked, a follow that hears new lines, a follow cut
// short that resumes from the last line's second without repeating or
// losing lines, closing aborts the request, over-long lines are cut with a
// mark, a refusal is an answer.

import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { after, afterEach, before, describe, it } from 'node:test';
import { loadKubeconfig } from '../../../main/cluster/kubeconfig.ts';
import { PodLog, type PodLogRequest } from '../../../main/cluster/pod-logs.ts';
import { KubeTransport } from '../../../main/cluster/transport.ts';
import { FakeLogServer, linesAt } from '../../fixtures/fake-log-server.ts';
import { eventually, tempDir, writeKubeconfig } from './helpers/harness.ts';

let server: FakeLogServer;
let tmp: ReturnType<typeof tempDir>;
const open: { t: KubeTransport; logs: PodLog[] }[] = [];

const KEY = 'default/web/app';
const REQ: PodLogRequest = { namespace: 'default', pod: 'web', container: 'app', tailLines: 500, previous: false, follow: false };
const START = Date.parse('2026-12-01T10:00:00Z');

function read(request: Partial<PodLogRequest> = {}): PodLog {
  const t = new KubeTransport(loadKubeconfig({ kubeconfigFlag: writeKubeconfig(tmp.dir, { server: server.url }) }).access(), { requestTimeoutMs: 5000 });
  const log = new PodLog(t, { ...REQ, ...request }, { retryMs: 10 });
  open.push({ t, logs: [log] });
  return log;
}
const texts = (log: PodLog) => log.ring.since(0).map((l) => l.text);

before(async () => {
  server = await new FakeLogServer().start();
  tmp = tempDir();
});
afterEach(() => {
  for (const o of open.splice(0)) {
    for (const l of o.logs) l.close();
    o.t.close();
  }
  server.logs.clear();
  server.forbidden.clear();
  server.requests.length = 0;
});
after(async () => {
  await server.stop();
  tmp.cleanup();
});

describe('PodLog', () => {
  it('asks pods/log for the tail with timestamps, and keeps the text without them', async () => {
    server.append(KEY, linesAt(START, ['one', 'two', 'three', 'four']));
    const log = read({ tailLines: 2 });
    await log.done;
    assert.deepEqual(texts(log), ['three', 'four']);
    assert.equal(log.state.phase, 'ended');
    const q = server.requests[0]?.query;
    assert.equal(q?.get('container'), 'app');
    assert.equal(q?.get('tailLines'), '2');
    assert.equal(q?.get('timestamps'), 'true');
    assert.equal(q?.get('follow'), null);
    assert.match(log.ring.since(0)[0]?.ts ?? '', /^2026-12-01T10:00:00\.\d{9}Z$/);
  });

  it('asks for the previous instance', async () => {
    server.append(`${KEY}#previous`, linesAt(START, ['before the crash']));
    const log = read({ previous: true });
    await log.done;
    assert.deepEqual(texts(log), ['before the crash']);
    assert.equal(server.requests[0]?.query.get('previous'), 'true');
  });

  it('follows, and a cut follow resumes from the last second without repeats or gaps', async () => {
    // Three lines a second, so the cut falls inside a second that sinceTime will send again.
    const all = linesAt(START, ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8']);
    server.append(KEY, all.slice(0, 5));
    const log = read({ follow: true });
    await eventually('the first lines', () => log.ring.size === 5);
    assert.equal(log.state.phase, 'following');
    server.append(KEY, all.slice(5, 6));
    await eventually('a followed line', () => log.ring.size === 6);
    server.cut();
    await eventually('a second stream', () => log.streams === 2 && log.state.phase === 'following');
    const resumed = server.requests[1]?.query;
    assert.equal(resumed?.get('sinceTime'), '2026-12-01T10:00:01Z');
    assert.equal(resumed?.get('tailLines'), null);
    server.append(KEY, all.slice(6));
    await eventually('the lines after the cut', () => log.ring.size === 8);
    assert.deepEqual(texts(log), ['l1', 'l2', 'l3', 'l4', 'l5', 'l6', 'l7', 'l8']);
  });

  it('closing aborts the follow on the server', async () => {
    server.append(KEY, linesAt(START, ['x']));
    const log = read({ follow: true });
    await eventually('following', () => server.following === 1 && log.ring.size === 1);
    log.close();
    await log.done;
    await eventually('the server saw the request go', () => server.following === 0);
    assert.equal(log.state.phase, 'closed');
  });

  it('cuts a line over 64 KB with the count of bytes cut, keeping the next line whole', async () => {
    const big = 'é'.repeat(5 * 1024 * 1024); // 10 MB of UTF-8
    server.append(KEY, linesAt(START, [big, 'after']));
    const log = read();
    await log.done;
    const [first, second] = log.ring.since(0);
    assert.ok(first && second);
    assert.ok(Buffer.byteLength(first.text) <= 64 * 1024);
    assert.ok(first.text.startsWith('éé') && !first.text.includes('\ufffd'));
    assert.equal(Buffer.byteLength(first.text) + first.cut, Buffer.byteLength(big));
    assert.deepEqual([second.text, second.cut], ['after', 0]);
  });

  it('shows invalid UTF-8 as replacement characters', async () => {
    server.append(KEY, [{ ts: '2026-12-01T10:00:00.000000001Z', text: Buffer.from([0x61, 0xff, 0xfe, 0x62]) }]);
    const log = read();
    await log.done;
    assert.deepEqual(texts(log), ['a\ufffd\ufffdb']);
  });

  it('a refusal is an answer with the server words: forbidden, and a pod that is gone', async () => {
    server.forbidden.add('default/web');
    const denied = read({ follow: true });
    await denied.done;
    assert.equal(denied.state.phase, 'failed');
    assert.ok(denied.state.phase === 'failed' && denied.state.status === 403);
    assert.match(denied.state.phase === 'failed' ? denied.state.message : '', /cannot get resource "pods\/log" in API group "" in the namespace "default"/);
    const gone = read({ pod: 'nope' });
    await gone.done;
    assert.ok(gone.state.phase === 'failed' && gone.state.status === 404);
  });
});

describe('PodLog wakes its reader for whole lines only', () => {
  it('calls onChange when a line is completed or the state changes, not for a part of a line nor the bytes past the cut', async () => {
    const body = new PassThrough();
    const changes: string[] = [];
    const log = new PodLog({ stream: async () => body }, { ...REQ, follow: true }, { onChange: () => changes.push(`${log.state.phase} ${log.ring.last}`) });
    // Lets the 'data' handlers run: PodLog's listens first, this one after it.
    const delivered = (): Promise<void> => new Promise((resolve) => body.once('data', () => resolve()));
    await eventually('following', () => log.state.phase === 'following');
    assert.deepEqual(changes, ['following 0']);
    let seen = delivered();
    body.write('part of a li');
    await seen;
    seen = delivered();
    body.write(Buffer.alloc(70 * 1024, 'x'));
    await seen;
    seen = delivered();
    body.write(Buffer.alloc(70 * 1024, 'y'));
    await seen;
    assert.deepEqual(changes, ['following 0'], 'nothing new to read yet');
    seen = delivered();
    body.write('ne\nsecond\nthird with no end');
    await seen;
    assert.deepEqual(changes, ['following 0', 'following 2']);
    log.close();
  });
});
