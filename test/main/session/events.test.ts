// Events in snapshots: a snapshot saved with events carries them after its
// objects (either API), reading it gives them back beside the objects, not in
// them, and the session answers events:get from them; a snapshot without
// events answers 'none', and saving a shown snapshot keeps its events.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { KubeObject } from '../../../main/model/kube.ts';
import type { WithEvents } from '../../../main/model/events.ts';
import type { ClusterObjects } from '../../../main/model/kube.ts';
import { Session } from '../../../main/session/session.ts';
import { parseSnapshot, parseSnapshotStream } from '../../../main/snapshot/read.ts';
import { writeSnapshot } from '../../../main/snapshot/write.ts';
import { RequestError, validateRequest } from '../../../main/session/validate.ts';
import { listText, smallCluster } from '../../fixtures/session/objects.ts';
import { FAST, fakes } from './fakes.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'anatomy-events-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const groupEvent: KubeObject = {
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: { name: 'web-0.a', namespace: 'shop', uid: 'e-1' },
  regarding: { kind: 'Pod', namespace: 'shop', name: 'web-0' },
  reason: 'Scheduled',
  note: 'Successfully assigned shop/web-0 to worker-1',
  type: 'Normal',
  reportingController: 'default-scheduler',
  eventTime: '2026-11-30T03:00:00.000000Z',
};
const coreEvent: KubeObject = {
  apiVersion: 'v1',
  kind: 'Event',
  metadata: { name: 'web-0.b', namespace: 'shop', uid: 'e-2' },
  involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-0', fieldPath: 'spec.containers{web}' },
  reason: 'BackOff',
  message: 'Back-off restarting failed container',
  type: 'Warning',
  count: 5,
  source: { component: 'kubelet', host: 'worker-1' },
  firstTimestamp: '2026-11-30T03:01:00Z',
  lastTimestamp: '2026-11-30T03:20:00Z',
};
const WEB = { kind: 'Pod', namespace: 'shop', name: 'web-0' } as const;

test('a snapshot carries events after its objects and reads them back beside them', async () => {
  const objects = parseSnapshot(listText(smallCluster()), 'small.json').objects;
  const text = writeSnapshot({ ...objects, events: [groupEvent, coreEvent] } as WithEvents<ClusterObjects>, 'json');
  const items = JSON.parse(text).items as KubeObject[];
  assert.deepEqual(items.slice(-2).map((i) => [i.kind, i.apiVersion]), [['Event', 'events.k8s.io/v1'], ['Event', 'v1']]);
  const read = parseSnapshot(text, 'saved.json');
  assert.deepEqual((read.objects as WithEvents<ClusterObjects>).events, [groupEvent, coreEvent]);
  assert.deepEqual(read.ignored, [], 'events are not ignored kinds');
  assert.equal(read.objects.pods?.length, objects.pods?.length);
  // Read as a stream (a large file), the same.
  const streamed = await parseSnapshotStream((async function* () { yield new TextEncoder().encode(text); })(), 'saved.json');
  assert.deepEqual((streamed.objects as WithEvents<ClusterObjects>).events, [groupEvent, coreEvent]);
  // In YAML too.
  assert.equal((parseSnapshot(writeSnapshot({ ...objects, events: [coreEvent] } as WithEvents<ClusterObjects>, 'yaml'), 's.yaml').objects as WithEvents<ClusterObjects>).events?.length, 1);
});

test('a snapshot with events shows them in details; one without answers none', async () => {
  const f = fakes();
  f.deps.writeSnapshot = (objects, format, meta) => writeSnapshot(objects, format, meta);
  const session = await Session.open({ env: {}, home: dir, ...FAST, demo: true }, f.deps);
  try {
    assert.deepEqual(session.eventsOf(WEB), { state: 'none' }, 'the demo has none');
    await session.loadSnapshotText('with-events.json', listText([...smallCluster(), groupEvent, coreEvent]));
    const answer = session.eventsOf(WEB);
    assert.equal(answer.state, 'ok');
    assert.deepEqual(answer.state === 'ok' && answer.events.map((e) => [e.reason, e.count, e.api]), [['BackOff', 5, 'v1'], ['Scheduled', 1, 'events.k8s.io/v1']]);
    const web = session.eventsOf({ ...WEB, container: 'other' });
    assert.deepEqual(web.state === 'ok' && web.events.map((e) => e.reason), ['Scheduled'], 'not the other container’s');
    // Saved again, the events stay.
    const saved = JSON.parse((await session.snapshot('json')).text).items as KubeObject[];
    assert.deepEqual(saved.filter((i) => i.kind === 'Event').map((i) => (i.metadata as { uid: string }).uid), ['e-1', 'e-2']);
    await session.loadSnapshotText('plain.json', listText(smallCluster()));
    assert.deepEqual(session.eventsOf(WEB), { state: 'none' });
  } finally {
    await session.close();
  }
});

test('events:get takes one object, checked: what is asked passes as it is, anything else is refused saying what', () => {
  const pod = { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'p-1', container: 'app' } as const;
  assert.deepEqual(validateRequest('events:get', pod), pod);
  assert.deepEqual(validateRequest('events:get', { kind: 'Node', name: 'worker-1' }), { kind: 'Node', name: 'worker-1' });
  assert.throws(() => validateRequest('events:get', { kind: 'Secret', name: 'x' }), (e: Error) => e instanceof RequestError && /kind must be one of Node, Pod, PersistentVolumeClaim, PersistentVolume/.test(e.message));
  assert.throws(() => validateRequest('events:get', { kind: 'Pod', name: '' }), /name must not be empty/);
  assert.throws(() => validateRequest('events:get', { kind: 'Pod', name: 'x'.repeat(1025) }), /name is too long/);
  assert.throws(() => validateRequest('events:get', { kind: 'Pod', name: 'x', fieldSelector: 'a' }), /unexpected field "fieldSelector"/);
  assert.throws(() => validateRequest('events:get', { kind: 'Pod', name: 'x', namespace: 5 }), /namespace must be a string/);
  assert.throws(() => validateRequest('events:get', 'Pod/x'), /events:get needs an object/);
});
