// `export --events` from a live context (main/cli/events.ts): the events are
// read once through the app's own EventWatch, after its first list; a user who
// may not read events gets a note in the table and on stderr, and the picture
// is still exported. The feed's states are driven by hand with an injected
// clock; the export runs in this process against the fake API server.

import { describe, it, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { EVENTS_AFTER_MS } from '../../../main/cluster/live-source.ts';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { readEventsOnce } from '../../../main/cli/events.ts';
import { runExport } from '../../../main/cli/export.ts';
import { parseCommandLine, type ExportCommand } from '../../../main/cli/args.ts';
import type { EventFeed, EventsAnswer } from '../../../main/model/events.ts';
import type { KubeObject } from '../../../main/model/kube.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';
import { FakeApiServer, TLS_DIR } from '../../fixtures/fake-apiserver.ts';
import { tempDir, writeKubeconfig } from '../cluster/helpers/harness.ts';

/** A feed whose answer the test sets, and whose notices it sends. */
function feed(): EventFeed & { set(a: EventsAnswer): void; tell(): void; raw: KubeObject[] } {
  let answer: EventsAnswer = { state: 'loading' };
  const listeners = new Set<(changed: Set<string>) => void>();
  const raw: KubeObject[] = [{ kind: 'Event', metadata: { name: 'e' } }];
  return {
    raw,
    set: (a) => void (answer = a),
    tell: () => listeners.forEach((l) => l(new Set())),
    answer: () => answer,
    warnings: () => ({ pods: new Set() }),
    subscribe: (l) => (listeners.add(l), () => listeners.delete(l)),
    objects: () => raw,
  };
}

describe('readEventsOnce', () => {
  it('waits for the first list, then gives the events read', async () => {
    const clock = new FakeClock();
    const f = feed();
    let done = false;
    const read = readEventsOnce(f, 30_000, clock).then((r) => ((done = true), r));
    await clock.advance(1000);
    assert.equal(done, false, 'still listing');
    f.set({ state: 'ok', events: [] });
    f.tell();
    assert.deepEqual(await read, { state: 'ok', events: f.raw });
  });

  it('says a refusal, which no notice announces, as the feed answers it', async () => {
    const clock = new FakeClock();
    const f = feed();
    const read = readEventsOnce(f, 30_000, clock);
    f.set({ state: 'forbidden', message: 'events is forbidden' });
    await clock.advance(100);
    assert.deepEqual(await read, { state: 'forbidden', message: 'events is forbidden' });
  });

  it('with namespaces, waits for the first list of each', async () => {
    const clock = new FakeClock();
    const f = feed();
    const answers = new Map<string, EventsAnswer>([['a', { state: 'ok', events: [] }], ['b', { state: 'loading' }]]);
    f.answer = (target) => answers.get(target.namespace ?? '') ?? { state: 'none' };
    let done = false;
    const read = readEventsOnce(f, 30_000, clock, ['a', 'b']).then((r) => ((done = true), r));
    await clock.advance(1000);
    assert.equal(done, false, 'b is still listing');
    answers.set('b', { state: 'forbidden', message: 'no' });
    await clock.advance(100);
    assert.deepEqual(await read, { state: 'ok', events: f.raw }, "a's events, though b's are refused");
  });

  it('gives up at the timeout with a reason, and without a feed there are none', async () => {
    const clock = new FakeClock();
    const read = readEventsOnce(feed(), 5000, clock);
    await clock.advance(5000);
    assert.deepEqual(await read, { state: 'unavailable', message: 'no complete list of events within 5 s (raise --timeout)' });
    assert.deepEqual(await readEventsOnce(undefined, 5000, clock), { state: 'none' });
  });
});

const TOKEN = 'export-events-token';
const GROUP = '/apis/events.k8s.io/v1/events';
const CORE = '/api/v1/events';

describe('export --events from a live context', () => {
  let server: FakeApiServer;
  let tmp: ReturnType<typeof tempDir>;
  before(() => {
    tmp = tempDir();
  });
  after(() => tmp.cleanup());
  afterEach(() => server.close());

  async function exportLive(name: string, timeoutSeconds = 20): Promise<{ document: Document; lines: string[] }> {
    const kubeconfig = writeKubeconfig(tmp.dir, { server: server.url, cluster: { 'certificate-authority': path.join(TLS_DIR, 'ca.crt') }, user: { token: TOKEN } });
    const out = path.join(tmp.dir, name);
    const command = parseCommandLine(['export', '--kubeconfig', kubeconfig, '--events', '--timeout', String(timeoutSeconds), '-o', out]) as ExportCommand;
    const lines: string[] = [];
    assert.equal(await runExport(command, (l) => lines.push(l)), 0);
    return { document: parseHTML(readFileSync(out, 'utf8')).document, lines };
  }

  it("lists the cluster's events of what is drawn", async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists();
    const event = (i: number, name: string) => ({
      metadata: { name: `${name}.${i}`, namespace: 'shop', uid: `ev-${i}`, resourceVersion: String(10 + i) },
      regarding: { kind: 'Pod', namespace: 'shop', name, uid: name === 'web-0' ? 'uid-pod-shop-web-0' : 'other' },
      reason: `Reason${i}`,
      note: `note ${i}`,
      type: i === 2 ? 'Warning' : 'Normal',
      reportingController: 'kubelet',
      deprecatedLastTimestamp: `2026-11-30T03:0${i}:00Z`,
    });
    server.setList(GROUP, { kind: 'EventList', apiVersion: 'events.k8s.io/v1', metadata: { resourceVersion: '100' }, items: [event(1, 'web-0'), event(2, 'web-0'), event(3, 'gone-0')] });
    // A timeout below EVENTS_AFTER_MS: nothing is drawn here for the events to wait for, so they are listed at once.
    assert.ok(4000 < EVENTS_AFTER_MS);
    const { document, lines } = await exportLive('live.svg', 4);
    const rows = [...document.querySelectorAll('g[data-kind="event"]')];
    assert.deepEqual(rows.map((r) => r.getAttribute('data-reason')), ['Reason2', 'Reason1']);
    assert.ok(document.querySelector(`g[data-uid="${rows[0]!.getAttribute('data-regarding-uid')}"]`));
    assert.ok(lines.some((l) => l === 'note: --events: 2 events regard what is drawn'), lines.join('\n'));
  });

  it('without permission to read events: a note in the table and on stderr, and the picture exported', async () => {
    server = await FakeApiServer.start({ token: TOKEN });
    server.serveFixtureLists();
    const denied = (group: string) => ({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'Forbidden', code: 403, message: `events${group} is forbidden: User "viewer" cannot list resource "events"` });
    server.failWith(GROUP, denied('.events.k8s.io'));
    server.failWith(CORE, denied(''));
    const { document, lines } = await exportLive('forbidden.svg');
    const table = document.querySelector('g[data-role="events"]')!;
    assert.equal(table.getAttribute('data-events-state'), 'forbidden');
    assert.match(table.textContent!, /Events could not be read: forbidden\. The picture is exported without them\./);
    assert.match(table.textContent!, /cannot list resource "events"/);
    assert.ok(document.querySelectorAll('g[data-kind="pod"]').length > 0, 'the picture is drawn');
    assert.ok(lines.some((l) => /^note: --events: events could not be read \(forbidden: events is forbidden/.test(l)), lines.join('\n'));
  });
});
