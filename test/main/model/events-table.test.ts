// The events table of `export --events` (main/model/events-table.ts): the
// rows are the events regarding what the model draws, after --namespace and
// --select, newest first, capped, each pointing at its drawn element. What is
// expected is worked out here from the fixture's raw events, not by the code.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventsTable, MAX_EVENT_ROWS, type EventsTable } from '../../../main/model/events-table.ts';
import { parseSelector, selectModel } from '../../../main/model/select.ts';
import { readSnapshotModelAndEvents } from '../../../main/cli/objects.ts';
import type { KubeObject } from '../../../main/model/kube.ts';
import type { AnatomyModel } from '../../../main/model/types.ts';
import { clusterEvents, coreEvent, writeEventsSnapshot, API_UID, NODE_UID, WEB_UID } from '../../fixtures/events-snapshot.ts';

let dir: string;
let file: string;
before(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'events-table-'));
  file = writeEventsSnapshot(dir);
});
after(() => rmSync(dir, { recursive: true, force: true }));

const read = (namespaces: string[] = []) => readSnapshotModelAndEvents(file, namespaces);
const ok = (t: EventsTable) => {
  assert.equal(t.state, 'ok');
  return t as Extract<EventsTable, { state: 'ok' }>;
};

interface Raw {
  type: string;
  reason: string;
  message?: string;
  note?: string;
  lastTimestamp?: string;
  eventTime?: string;
  involvedObject?: { kind: string; namespace?: string; name: string; uid?: string };
  regarding?: { kind: string; namespace?: string; name: string; uid?: string };
}

/** The fixture's events about the objects `keep` accepts (Kind, namespace, name, uid), newest first, as [reason, message]. */
function expected(keep: (o: { kind: string; namespace?: string; name: string; uid?: string }) => boolean): string[][] {
  const raw = clusterEvents() as unknown as Raw[];
  const when = (e: Raw) => Date.parse(e.lastTimestamp ?? e.eventTime ?? '');
  return raw
    .filter((e) => keep((e.involvedObject ?? e.regarding)!))
    .sort((a, b) => when(b) - when(a))
    .map((e) => [e.reason, (e.message ?? e.note)!]);
}

const drawnPod = (o: { kind: string; namespace?: string; name: string; uid?: string }, pods: [string, string, string][]) =>
  o.kind === 'Pod' && pods.some(([ns, name, uid]) => o.namespace === ns && o.name === name && (o.uid === undefined || o.uid === uid));
const ALL_PODS: [string, string, string][] = [
  ['storefront', 'web-0', WEB_UID],
  ['storefront', 'api-1', API_UID],
  ['team-bravo', 'batch-x', '2c803b5e-9d4f-4a7b-8e3c-b5f604d8e923'],
];
const rowsOf = (t: EventsTable) => ok(t).rows.map((r) => [r.reason, r.message]);

describe('eventsTable', () => {
  it('holds the events of every drawn node, pod, claim and volume, newest first, and none of what is not drawn', async () => {
    const { model, events } = await read();
    const table = ok(eventsTable(model, events!));
    const want = expected((o) => o.kind === 'Node' || o.kind === 'PersistentVolumeClaim' || o.kind === 'PersistentVolume' || drawnPod(o, ALL_PODS));
    assert.deepEqual(rowsOf(table), want);
    assert.equal(want.length, 12, 'the fixture has 12 events of drawn objects');
    assert.equal(table.total, 12);
    assert.equal(table.warnings, 3, 'three of them are warnings');
    assert.ok(!table.rows.some((r) => r.reason === 'ScalingReplicaSet' || r.reason === 'Killing'), 'a Deployment, an earlier pod and another namespace are left out');
  });

  it('points each row at the drawn element: the pod, its container, the node, and the volume of a claim or PV', async () => {
    const { model, events } = await read();
    const table = ok(eventsTable(model, events!));
    const by = (reason: string) => table.rows.find((r) => r.reason === reason)!;
    const web = model.nodes.flatMap((n) => n.pods).find((p) => p.name === 'web-0')!;
    assert.equal(by('Scheduled').uid, WEB_UID);
    assert.equal(by('Pulled').uid, web.containers[0]!.uid);
    assert.deepEqual(by('Pulled').object, { kind: 'pod', namespace: 'storefront', name: 'web-0', container: 'nginx-main' });
    assert.equal(by('FailedScheduling').uid, API_UID);
    assert.equal(by('NodeReady').uid, NODE_UID);
    assert.equal(by('ProvisioningSucceeded').uid, web.volumes.find((v) => v.claim)!.uid);
    assert.equal(by('VolumeBound').uid, web.volumes.find((v) => v.claim)!.uid);
    assert.deepEqual(by('VolumeBound').object, { kind: 'pv', name: 'pvc-7f1e2d3c' });
    // type, count, times and reporter as the event said.
    assert.deepEqual([by('Unhealthy').type, by('Unhealthy').count, by('Unhealthy').first, by('Unhealthy').last, by('Unhealthy').reporter], ['Warning', 7, '2026-12-01T21:10:00Z', '2026-12-01T21:40:00Z', 'kubelet, worker-alpha']);
  });

  it('with --namespace, only the events of what that namespace draws', async () => {
    const { model, events } = await read(['team-bravo']);
    // The nodes stay drawn (their frames), the claim of storefront does not.
    const want = expected((o) => o.kind === 'Node' || drawnPod(o, [ALL_PODS[2]!]));
    assert.deepEqual(rowsOf(eventsTable(model, events!)), want);
  });

  it('with --select, only the events of the part', async () => {
    const { model, events } = await read();
    const part = selectModel(model, [parseSelector('pod:storefront/api-1')]);
    const nodes = new Set(part.nodes.map((n) => n.name));
    const want = expected((o) => (o.kind === 'Node' && nodes.has(o.name)) || drawnPod(o, [ALL_PODS[1]!]));
    assert.deepEqual(rowsOf(eventsTable(part, events!)), want);
    assert.ok(want.some((r) => r[0] === 'FailedScheduling'));
    assert.ok(!want.some((r) => r[0] === 'Started'), 'batch-x is not in the part');
  });

  it('keeps the newest `cap` rows and counts the rest', async () => {
    const { model } = await read();
    const many: KubeObject[] = [];
    for (let i = 0; i < MAX_EVENT_ROWS + 7; i++) {
      many.push(coreEvent({ kind: 'Pod', namespace: 'storefront', name: 'web-0', uid: WEB_UID, type: i % 5 === 0 ? 'Warning' : 'Normal', reason: `R${i}`, message: `m${i}`, minute: 0, count: 1 }) as KubeObject);
      // Minutes 0..56 of the hour: each newer than the one before.
      ((many[i] as { lastTimestamp: string }).lastTimestamp) = `2026-12-01T21:${String(i).padStart(2, '0')}:00Z`;
    }
    const table = ok(eventsTable(model, many));
    assert.equal(table.rows.length, MAX_EVENT_ROWS);
    assert.equal(table.total, MAX_EVENT_ROWS + 7);
    assert.equal(table.warnings, 12);
    assert.deepEqual(table.rows.slice(0, 3).map((r) => r.reason), ['R56', 'R55', 'R54']);
    assert.equal(table.rows.at(-1)!.reason, `R${57 - MAX_EVENT_ROWS}`);
    assert.equal(ok(eventsTable(model, many, 3)).rows.length, 3);
  });

  it('finds the drawn pods of a model with more unscheduled pods than a call takes arguments', () => {
    // 200,000 pending pods: spreading them into one push() threw a RangeError.
    const unscheduled = Array.from({ length: 200_000 }, (_, i) => ({ uid: `pod-${i}`, namespace: 'ns', name: `p${i}`, containers: [], volumes: [] }));
    const model = { nodes: [], unscheduled } as unknown as AnatomyModel;
    const raw = [coreEvent({ kind: 'Pod', namespace: 'ns', name: 'p199999', reason: 'FailedScheduling', type: 'Warning', message: 'x', minute: 1, component: 'default-scheduler' })] as KubeObject[];
    const table = ok(eventsTable(model, raw));
    assert.deepEqual(table.rows.map((r) => r.uid), ['pod-199999']);
  });

  it('an empty list of events is an empty table, not an error', () => {
    const model = { nodes: [], unscheduled: [] } as unknown as AnatomyModel;
    assert.deepEqual(eventsTable(model, []), { state: 'ok', rows: [], total: 0, warnings: 0 });
  });
});
