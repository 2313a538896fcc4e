// Events (issue 12): what one coalesced sync of the event store costs with
// 5,000 events held (the bound) when a storm changed some of them since the
// last sync (1,000 events a minute is about 17 a one-second period; 1,000 is
// a storm's worst period), and what answering one object's events costs (the
// panel's events:get). A sync is the main process's whole cost per period:
// the page is told only which objects changed. Then what the watch costs per
// event arriving with the store at its bound (each one drops the oldest), and
// the most a list of many pages holds. Printed, not asserted.
//
//   node --import tsx test/bench/events.ts
//
// Part of `npm run bench`.

import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { EventStore, MAX_EVENTS } from '../../main/cluster/event-store.ts';
import { EventWatch } from '../../main/cluster/event-watch.ts';
import type { KubeTransport, WatchOptions } from '../../main/cluster/transport.ts';
import { systemClock } from '../../main/common/clock.ts';
import type { KubeObject } from '../../main/model/kube.ts';
import { heading, medianOf, ms, row } from './stats.ts';

function event(i: number, version: number, pods: number, at?: string): KubeObject {
  const pod = i % pods;
  const minute = String(i % 60).padStart(2, '0');
  const last = at ?? `2026-11-30T03:${minute}:30Z`;
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
    deprecatedLastTimestamp: last,
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

/**
 * The event watch with its store at the bound: `arriving` watch events, each
 * a new event (roughly in time order, as a cluster makes them, a few late),
 * after a list of `listPages` pages of 500 (how long that list takes to take in;
 * what it holds meanwhile is checked by test/main/cluster/reflector-bound.test.ts).
 * Through EventWatch itself, over a transport that hands the events over at once.
 */
async function watchAtBound(arriving: number, listPages: number): Promise<{ perEvent: number; listMs: number }> {
  const pageSize = 500;
  const base = Date.parse('2026-11-30T00:00:00Z');
  const at = (i: number) => new Date(base + i * 1000 - (i % 17 === 0 ? 60_000 : 0)).toISOString();
  const listed = Array.from({ length: listPages * pageSize }, (_, i) => event(i, 1, 2_000, at(i)));
  const watched = Array.from({ length: arriving }, (_, n) => {
    const i = listed.length + n;
    return { type: 'ADDED', object: event(i, 10 + n, 2_000, at(i)) };
  });
  let perEvent = NaN;
  let listMs = NaN;
  let watches = 0;
  let done!: () => void;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const transport = {
    server: 'https://bench.invalid',
    async *listPages(): AsyncGenerator<unknown> {
      for (let p = 0; p < listPages; p++) {
        const last = p === listPages - 1;
        yield { metadata: { resourceVersion: '5', ...(last ? {} : { continue: `p${p}` }) }, items: listed.slice(p * pageSize, (p + 1) * pageSize) };
      }
    },
    async watch(_path: string, _query: unknown, options: WatchOptions): Promise<'ended'> {
      watches += 1;
      if (watches === 1) {
        listMs = performance.now() - listStarted;
        options.onOpen?.();
        const started = performance.now();
        for (const e of watched) options.onEvent(e);
        perEvent = (performance.now() - started) / watched.length;
        done();
      }
      // Later watches wait for the stop.
      await new Promise<void>((resolve) => options.signal.addEventListener('abort', () => resolve(), { once: true }));
      return 'ended';
    },
  } as unknown as KubeTransport;
  const watch = new EventWatch(transport, {
    namespaces: [],
    clock: systemClock,
    coalesceMs: 60_000,
    reflector: { context: 'bench', pageSize, backoff: { initialMs: 10, maxMs: 100, jitter: 0 }, clock: systemClock, watchTimeoutSeconds: () => 300, watchIdleGraceMs: 30_000 },
  });
  const listStarted = performance.now();
  watch.start();
  await finished;
  await watch.stop();
  return { perEvent, listMs };
}

export async function benchEventWatch(arriving = 10_000, listPages = 200): Promise<void> {
  heading(`Event watch at its bound (${MAX_EVENTS.toLocaleString('en')}): ${arriving.toLocaleString('en')} watch events each dropping the oldest; a list of ${(listPages * 500).toLocaleString('en')} events in pages of 500; ${os.cpus().length} cores, load ${os.loadavg()[0].toFixed(1)}`);
  row('', 'per event', 'the list');
  const { perEvent, listMs } = await watchAtBound(arriving, listPages);
  row(`${arriving.toLocaleString('en')} events at the bound`, `${perEvent.toFixed(4)} ms`, ms(listMs));
}

if (process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await benchEvents();
  await benchEventWatch();
}
