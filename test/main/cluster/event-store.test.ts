import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventStore } from '../../../main/cluster/event-store.ts';
import type { KubeObject } from '../../../main/model/kube.ts';

function raw(i: number, over: { name?: string; rv?: string; minute?: number; type?: string } = {}): KubeObject {
  const minute = String(over.minute ?? i % 60).padStart(2, '0');
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name: `e-${i}`, namespace: 'shop', uid: `uid-${i}`, resourceVersion: over.rv ?? '1' },
    regarding: { kind: 'Pod', namespace: 'shop', name: over.name ?? `pod-${i % 3}`, uid: `p-${over.name ?? i % 3}` },
    reason: 'Pulled',
    note: `note ${i}`,
    type: over.type ?? 'Normal',
    deprecatedLastTimestamp: `2026-11-30T03:${minute}:00Z`,
    deprecatedFirstTimestamp: `2026-11-30T03:${minute}:00Z`,
  };
}

describe('event store', () => {
  it("files events by the object they regard and says whose changed", () => {
    const store = new EventStore();
    const all = [raw(1), raw(2), raw(4)];
    assert.deepEqual([...store.sync(all)].sort(), ['Pod/shop/pod-1', 'Pod/shop/pod-2']);
    assert.deepEqual(store.eventsFor({ kind: 'Pod', namespace: 'shop', name: 'pod-1' }).map((e) => e.id), ['uid-4', 'uid-1']);
    // The same again changes nothing; a new resourceVersion or a removal does.
    assert.deepEqual([...store.sync(all)], []);
    assert.deepEqual([...store.sync([raw(1), raw(2, { rv: '2' })])].sort(), ['Pod/shop/pod-1', 'Pod/shop/pod-2']);
    assert.deepEqual(store.eventsFor({ kind: 'Pod', namespace: 'shop', name: 'pod-1' }).map((e) => e.id), ['uid-1']);
    assert.equal(store.size, 2);
  });

  it('keeps only the newest maxEvents, dropping the oldest by last time', () => {
    const store = new EventStore(5);
    const events = Array.from({ length: 12 }, (_, i) => raw(i, { minute: (i * 7) % 12 }));
    store.sync(events);
    assert.equal(store.size, 5);
    const kept = store.all().map((e) => e.last).sort();
    const newest = events.map((e) => (e as { deprecatedLastTimestamp: string }).deprecatedLastTimestamp).sort().slice(-5);
    assert.deepEqual(kept, newest);
    assert.throws(() => new EventStore(0), /positive integer, not 0/);
  });

  it('over its bound, says nothing changed when nothing did, and takes back what was left out when there is room', () => {
    const store = new EventStore(3);
    // Minutes 1..5, each about its own pod: the bound keeps minutes 3, 4, 5.
    const events = [1, 2, 3, 4, 5].map((i) => raw(i, { minute: i, name: `pod-${i}` }));
    store.sync(events);
    const held = () => store.all().map((e) => e.id).sort();
    assert.deepEqual(held(), ['uid-3', 'uid-4', 'uid-5']);
    // The sources still hold all five: the same sync again changes nothing.
    assert.deepEqual([...store.sync(events)], []);
    assert.deepEqual(held(), ['uid-3', 'uid-4', 'uid-5']);
    // One held event goes: the newest one left out comes back, and only those two objects changed.
    const without4 = events.filter((_, i) => i !== 3);
    assert.deepEqual([...store.sync(without4)].sort(), ['Pod/shop/pod-2', 'Pod/shop/pod-4']);
    assert.deepEqual(held(), ['uid-2', 'uid-3', 'uid-5']);
    // A new event older than all of them is left out at once, and a left-out one changed to be the newest comes in.
    assert.deepEqual([...store.sync([...without4, raw(0, { minute: 0, name: 'pod-0' })])].sort(), ['Pod/shop/pod-0']);
    assert.deepEqual(held(), ['uid-2', 'uid-3', 'uid-5']);
    assert.deepEqual([...store.sync([raw(0, { minute: 0, name: 'pod-0' }), raw(1, { minute: 9, name: 'pod-1', rv: '2' }), ...without4.slice(1)])].sort(), ['Pod/shop/pod-1', 'Pod/shop/pod-2']);
    assert.deepEqual(held(), ['uid-1', 'uid-3', 'uid-5']);
  });

  it('warning marks by an injected time', () => {
    const store = new EventStore();
    store.sync([raw(1, { type: 'Warning', minute: 55 }), raw(2, { type: 'Warning', minute: 40 })]);
    assert.deepEqual([...store.warnings(Date.parse('2026-11-30T04:00:00Z')).pods], ['p-1']);
    assert.deepEqual([...store.warnings(Date.parse('2026-11-30T04:05:00Z')).pods], []);
  });
});
