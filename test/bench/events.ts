// Events (issue 12): what one coalesced sync of the event store costs with
// 5,000 events held (the bound) when a storm changed some of them since the
// last sync (1,000 events a minute is about 17 a one-second period; 1,000 is
// a storm's worst period), and what answering one object's events costs (the
// panel's events:get). A sync is the main process's whole cost per period:
// the page is told only which objects changed. Printed, not asserted.
//
//   node --import tsx test/bench/events.ts
//
// Part of `npm run bench`.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { EventStore, MAX_EVENTS } from '../../main/cluster/event-store.ts';
import type { KubeObject } from '../../main/model/kube.ts';
import { heading, medianOf, ms, row } from './stats.ts';

function event(i: number, version: number, pods: number): KubeObject {
  const pod = i % pods;
  const minute = String(i % 60).padStart(2, '0');
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name: `web-${pod}.${i}`, namespace: 'shop', uid: `ev-${i}`, resourceVersion: String(version) },
    regarding: { kind: 'Pod', namespace: 'shop', name: `web-${pod}`, uid: `pod-${pod}`, fieldPath: 'spec.containers{app}' },
    reason: i % 7 === 0 ? 'BackOff' : 'Pulled',
    note: `Container image "registry.example/shop/web:1.${i % 50}" already present on machine`,
    type: i % 7 === 0 ? 'Warning' : 'Normal',
    reportingController: 'kubelet',
    reportingInstance: `node-${pod % 50}`,
    deprecatedFirstTimestamp: `2026-11-30T03:${minute}:00Z`,
    deprecatedLastTimestamp: `2026-11-30T03:${minute}:30Z`,
    deprecatedCount: 1 + (version % 9),
  };
}

export async function benchEvents(changedPerSync: number[] = [17, 1_000]): Promise<void> {
  heading(`Events (the event store's sync per coalescing period, events:get): ${MAX_EVENTS.toLocaleString('en')} events held, median of 5; ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
  row('', 'sync', 'objects told', 'one pod\'s events');
  const pods = 2_000;
  for (const changed of changedPerSync) {
    const store = new EventStore();
    let objects = Array.from({ length: MAX_EVENTS }, (_, i) => event(i, 1, pods));
    store.sync(objects);
    // Each period: `changed` events seen again with a new resourceVersion (a count went up), as a watch leaves them; made before timing.
    const every = Math.max(1, Math.floor(MAX_EVENTS / changed));
    const periods: KubeObject[][] = [];
    for (let version = 2; version <= 6; version++) {
      objects = objects.map((o, i) => (i % every === 0 ? event(i, version, pods) : o));
      periods.push(objects);
    }
    let told = 0;
    const sync = await medianOf(5, () => {
      told = store.sync(periods.shift()!).size;
    });
    const answer = await medianOf(5, () => store.eventsFor({ kind: 'Pod', namespace: 'shop', name: 'web-7', uid: 'pod-7' }));
    row(`${changed.toLocaleString('en')} changed`, ms(sync), String(told), ms(answer));
  }
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchEvents();
}
