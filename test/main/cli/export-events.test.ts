// `export --events` as a user runs it (issue 12, item 5): the SVG's events
// table, read back by its semantic attributes, holds the snapshot's events of
// what the picture draws (after --namespace and --select), newest first, each
// pointing at an element the picture has; a redacted export holds no name,
// address or registry of the cluster; Korean, the print theme and PNG work;
// a snapshot without events says so. What is expected is worked out here from
// the fixture's raw events.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { runCli } from '../../fixtures/cli.ts';
import { clusterEvents, clusterObjects, hostileEvents, writeEventsSnapshot, SECRETS } from '../../fixtures/events-snapshot.ts';
import { parseSnapshot } from '../../../main/snapshot/read.ts';
import { openRecordingFile, RecordingWriter } from '../../../main/record/writer.ts';
import type { KubeObject } from '../../../main/model/kube.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';

const cli = (args: string[]) => runCli(args, { SOURCE_DATE_EPOCH: '1764547200' });

let dir: string;
let snapshot: string;
before(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'export-events-'));
  snapshot = writeEventsSnapshot(dir, [...clusterEvents(), ...hostileEvents()]);
});
after(() => rmSync(dir, { recursive: true, force: true }));

interface Raw {
  reason: string;
  type?: string;
  lastTimestamp?: string;
  eventTime?: string;
  involvedObject?: { kind: string; namespace?: string; name: string; uid?: string };
  regarding?: { kind: string; namespace?: string; name: string; uid?: string };
}

type Regarding = { kind: string; namespace?: string; name: string; uid?: string };

/** The fixture's events whose object `keep` accepts, newest first. */
function expectedEvents(keep: (o: Regarding) => boolean): Raw[] {
  const raw = [...clusterEvents(), ...hostileEvents()] as unknown as Raw[];
  const when = (e: Raw) => Date.parse(e.lastTimestamp ?? e.eventTime ?? '');
  return raw.filter((e) => keep((e.involvedObject ?? e.regarding)!)).sort((a, b) => when(b) - when(a));
}

/** Reasons of the fixture's events whose object `keep` accepts, newest first. */
function expected(keep: (o: Regarding) => boolean): string[] {
  // A reason's control characters are drawn as a space.
  // eslint-disable-next-line no-control-regex
  return expectedEvents(keep).map((e) => e.reason.replace(/[\u0000-\u001f]+/g, ' '));
}

/** A pod of the fixture (not one of an earlier uid or another namespace). */
const fixturePod = (o: Regarding, names: string[]) =>
  o.kind === 'Pod' && names.includes(`${o.namespace}/${o.name}`) && (o.uid === undefined || !o.uid.startsWith('99999999')) && o.namespace !== 'elsewhere';

/** What the whole picture (no --namespace, no --select) draws: the nodes, the volumes and the fixture's pods that exist. */
const drawnInAll = (o: Regarding) => o.kind === 'Node' || o.kind === 'PersistentVolumeClaim' || o.kind === 'PersistentVolume' || fixturePod(o, ['storefront/web-0', 'storefront/api-1', 'team-bravo/batch-x']);

function read(file: string) {
  const { document } = parseHTML(readFileSync(file, 'utf8'));
  const table = document.querySelector('g[data-role="events"]');
  const rows = [...document.querySelectorAll('g[data-kind="event"]')];
  return { document, table, rows, text: readFileSync(file, 'utf8') };
}

function exportTo(name: string, args: string[]): ReturnType<typeof read> & { stderr: string } {
  const out = path.join(dir, name);
  const r = cli(['export', '--snapshot', snapshot, '--events', '-o', out, ...args]);
  assert.equal(r.code, 0, r.stderr);
  return { ...read(out), stderr: r.stderr };
}

describe('export --events', () => {
  it('draws a table of the events of everything drawn, newest first, each row pointing at an element of the picture', () => {
    const { rows, document, stderr, table } = exportTo('all.svg', []);
    const want = expected(drawnInAll);
    assert.deepEqual(rows.map((r) => r.getAttribute('data-reason')), want);
    assert.equal(table?.getAttribute('data-events-total'), String(want.length));
    for (const row of rows) {
      const uid = row.getAttribute('data-regarding-uid')!;
      assert.ok(document.querySelector(`g[data-uid="${uid}"]`), `${row.getAttribute('data-reason')} points at ${uid}, which is drawn`);
    }
    assert.match(stderr, new RegExp(`note: --events: ${want.length} events regard what is drawn`));
  });

  it('with --namespace and --select, only the events of the part drawn', () => {
    const ns = exportTo('ns.svg', ['-n', 'team-bravo']);
    assert.deepEqual(ns.rows.map((r) => r.getAttribute('data-reason')), expected((o) => o.kind === 'Node' || fixturePod(o, ['team-bravo/batch-x'])));
    const part = exportTo('part.svg', ['--select', 'pod:storefront/api-1']);
    const nodes = [...part.document.querySelectorAll('g[data-kind="node"]')].map((n) => n.getAttribute('data-name'));
    assert.deepEqual(part.rows.map((r) => r.getAttribute('data-reason')), expected((o) => (o.kind === 'Node' && nodes.includes(o.name)) || fixturePod(o, ['storefront/api-1'])));
    assert.ok(part.rows.some((r) => r.getAttribute('data-reason') === 'FailedScheduling'));
  });

  it('with --redact, contains no name, address, registry or reporter of the cluster, and its rows still point at the picture', () => {
    const md = path.join(dir, 'redacted.md');
    const { text, rows, document, stderr } = exportTo('redacted.svg', ['--redact', '--alt']);
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} is in the redacted SVG`);
    for (const secret of SECRETS) assert.ok(!readFileSync(md, 'utf8').includes(secret), `${secret} is in the .md`);
    assert.equal(rows.length, expected(drawnInAll).length);
    for (const row of rows) assert.ok(document.querySelector(`g[data-uid="${row.getAttribute('data-regarding-uid')}"]`));
    assert.ok(rows.filter((r) => r.getAttribute('data-message-hidden') === 'true').length >= 5, 'messages of no known form are hidden');
    assert.match(text, /messages hidden: under --redact only messages of a known form are shown/);
    assert.match(stderr, /messages hidden by --redact/);
  });

  it('writes the alt text with the count of events', () => {
    const out = path.join(dir, 'alt.svg');
    assert.equal(cli(['export', '--snapshot', snapshot, '--events', '--alt', '-o', out]).code, 0);
    const all = expectedEvents(drawnInAll);
    const n = all.length;
    const warnings = all.filter((e) => e.type === 'Warning').length;
    assert.match(readFileSync(path.join(dir, 'alt.md'), 'utf8'), new RegExp(`A table under the picture lists ${n} of the ${n} events of what is drawn \\(${warnings} warnings\\)\\.`));
    assert.match(read(out).document.querySelector('desc')!.textContent!, new RegExp(`lists ${n} of the ${n} events`));
  });

  it('in Korean, in the print theme, and as a PNG', () => {
    const ko = exportTo('ko.svg', ['--lang', 'ko', '--theme', 'print']);
    assert.ok(ko.table?.textContent?.includes('그림에 있는 것의 이벤트'));
    assert.ok(ko.rows.some((r) => r.textContent?.includes('경고')));
    const png = path.join(dir, 'events.png');
    const r = cli(['export', '--snapshot', snapshot, '--events', '--lang', 'ko', '--theme', 'dark', '-o', png]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual([...readFileSync(png).subarray(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
  });

  it('says so, in the table and on stderr, for a snapshot saved without events and for the demo', () => {
    const bare = writeEventsSnapshot(dir, [], 'bare.json');
    const out = path.join(dir, 'bare.svg');
    const r = cli(['export', '--snapshot', bare, '--events', '-o', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /note: --events: this source has no events/);
    const { table, rows } = read(out);
    assert.equal(table?.getAttribute('data-events-state'), 'none');
    assert.equal(rows.length, 0);
    assert.match(table!.textContent!, /This source has no events/);
    const demo = path.join(dir, 'demo.svg');
    const d = cli(['export', '--demo', '--events', '-o', demo]);
    assert.equal(d.code, 0, d.stderr);
    assert.equal(read(demo).table?.getAttribute('data-events-state'), 'none');
  });
});

describe('export --recording --at --events', () => {
  it('draws the events the watch held at that moment', () => {
    // The fixture's cluster recorded with the events of its first 6 minutes, then, a minute on, with all of them.
    const file = path.join(dir, 'incident.karec');
    const objects = parseSnapshot(JSON.stringify({ apiVersion: 'v1', kind: 'List', items: clusterObjects() }), 'x.json').objects;
    const all = clusterEvents() as KubeObject[];
    const minute = (e: KubeObject) => Number(/T21:(\d\d)/.exec(String((e as { lastTimestamp?: string; eventTime?: string }).lastTimestamp ?? (e as { eventTime?: string }).eventTime))![1]);
    const early = all.filter((e) => minute(e) <= 6);
    const clock = new FakeClock(Date.parse('2026-12-01T21:06:30Z'));
    const writer = new RecordingWriter(openRecordingFile(file), objects, { source: { kind: 'cluster', name: 'kind-incident', namespaces: [] }, clock, events: early });
    clock.elapse(60_000);
    writer.writeEvents(all);
    writer.close();
    const reasons = (at: string) => {
      const out = path.join(dir, `rec-${at}.svg`);
      const r = cli(['export', '--recording', file, '--at', at, '--events', '-o', out]);
      assert.equal(r.code, 0, r.stderr);
      return read(out).rows.map((row) => row.getAttribute('data-reason'));
    };
    const drawn = (o: { kind: string; namespace?: string; name: string; uid?: string }) => o.kind === 'Node' || o.kind === 'PersistentVolumeClaim' || o.kind === 'PersistentVolume' || fixturePod(o, ['storefront/web-0', 'storefront/api-1', 'team-bravo/batch-x']);
    const early6 = expected((o) => drawn(o)).filter((reason) => early.some((e) => (e as { reason: string }).reason === reason));
    assert.deepEqual(reasons('0s'), early6);
    assert.deepEqual(reasons('end'), expected(drawn).filter((reason) => all.some((e) => (e as { reason: string }).reason === reason)));
  });

  it('says so for a recording made without events', () => {
    const out = path.join(dir, 'v1.svg');
    const r = cli(['export', '--recording', path.join(import.meta.dirname, '../../fixtures/recordings/v1.karec'), '--at', 'end', '--events', '-o', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /this source has no events/);
    assert.equal(read(out).table?.getAttribute('data-events-state'), 'none');
  });
});
