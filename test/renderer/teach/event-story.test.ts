// Which events tell the C1 scheduling story and the C7/C10 pull story, in
// what order, and which container a pull event belongs to: raw events of
// both APIs, read by main/model/events.ts normalizeEvent as the app reads them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeEvent, type ClusterEvent } from '../../../main/model/events.ts';
import { isSchedulingEvent, pendingReason, pullPhase, pullStory, scheduledNode, schedulingStory } from '../../../renderer/teach/event-story.ts';

let n = 0;
/** A core v1 event about pod shop/web-0. */
function core(reason: string, message: string, last: string, extra: { fieldPath?: string; type?: string; component?: string } = {}): ClusterEvent {
  n += 1;
  const e = normalizeEvent({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `web-0.${n}`, namespace: 'shop', uid: `e-${String(n).padStart(3, '0')}` },
    involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'pod-1', ...(extra.fieldPath ? { fieldPath: extra.fieldPath } : {}) },
    reason,
    type: extra.type ?? 'Normal',
    message,
    source: { component: extra.component ?? 'kubelet' },
    firstTimestamp: last,
    lastTimestamp: last,
  });
  assert.ok(e);
  return e;
}

/** An events.k8s.io/v1 event, as kube-scheduler writes it (eventTime, no count). */
function modern(reason: string, note: string, at: string, type = 'Normal'): ClusterEvent {
  n += 1;
  const e = normalizeEvent({
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { name: `web-0.m${n}`, namespace: 'shop', uid: `m-${n}` },
    regarding: { kind: 'Pod', namespace: 'shop', name: 'web-0', uid: 'pod-1' },
    reason,
    type,
    note,
    eventTime: at,
    reportingController: 'default-scheduler',
    action: 'Binding',
  });
  assert.ok(e);
  return e;
}

test('scheduling events are Scheduled and FailedScheduling about the pod itself', () => {
  assert.equal(isSchedulingEvent(core('Scheduled', 'Successfully assigned shop/web-0 to worker-1', '2026-11-30T03:00:00Z', { component: 'default-scheduler' })), true);
  assert.equal(isSchedulingEvent(modern('FailedScheduling', '0/3 nodes are available', '2026-11-30T03:00:00.000000Z', 'Warning')), true);
  for (const other of ['Pulled', 'Started', 'Created', 'BackOff', 'Killing', 'SuccessfulCreate']) {
    assert.equal(isSchedulingEvent(core(other, 'x', '2026-11-30T03:00:00Z')), false, other);
  }
  // A container's event is not the pod's placement, whatever its reason says.
  assert.equal(isSchedulingEvent(core('Scheduled', 'x', '2026-11-30T03:00:00Z', { fieldPath: 'spec.containers{app}' })), false);
});

test('the story reads oldest first: failures, then the binding with its node', () => {
  const bound = modern('Scheduled', 'Successfully assigned shop/web-0 to worker-2', '2026-11-30T03:05:00.000000Z');
  const failedLater = core('FailedScheduling', '0/3 nodes are available: 3 Insufficient cpu.', '2026-11-30T03:01:00Z', { type: 'Warning', component: 'default-scheduler' });
  const failedFirst = core('FailedScheduling', '0/3 nodes are available: 1 node(s) had untolerated taint.', '2026-11-30T03:00:00Z', { type: 'Warning', component: 'default-scheduler' });
  const noise = core('Pulled', 'Successfully pulled image "nginx:1.27"', '2026-11-30T03:06:00Z', { fieldPath: 'spec.containers{app}' });
  const story = schedulingStory([bound, noise, failedLater, failedFirst], 'worker-2');
  assert.deepEqual(
    story.map((s) => [s.kind, s.event.id]),
    [
      ['failed', failedFirst.id],
      ['failed', failedLater.id],
      ['scheduled', bound.id],
    ],
  );
  assert.equal(story[2]!.kind === 'scheduled' && story[2]!.node, 'worker-2');
  // Bound now: nothing pending.
  assert.equal(pendingReason(story, 'worker-2'), undefined);
});

test("a pending pod's reason is its last FailedScheduling note", () => {
  const a = core('FailedScheduling', 'first reason', '2026-11-30T03:00:00Z', { type: 'Warning' });
  const b = core('FailedScheduling', '0/2 nodes are available: 2 node(s) didn\'t match Pod\'s node affinity/selector.', '2026-11-30T03:02:00Z', { type: 'Warning' });
  const story = schedulingStory([b, a]);
  assert.equal(pendingReason(story, undefined), b.note);
  assert.equal(pendingReason(story, ''), b.note);
  assert.equal(pendingReason([], undefined), undefined);
});

test('the node of a Scheduled note, else the pod spec', () => {
  assert.equal(scheduledNode('Successfully assigned default/web to kwok-node-0'), 'kwok-node-0');
  assert.equal(scheduledNode('Successfully assigned default/web to node.example.com'), 'node.example.com');
  assert.equal(scheduledNode('bound somewhere'), undefined);
  const [step] = schedulingStory([core('Scheduled', 'bound somewhere', '2026-11-30T03:00:00Z')], 'worker-9');
  assert.deepEqual(step!.kind === 'scheduled' && step!.node, 'worker-9');
});

test('pull phases: the kubelet reasons, and the notes that tell a pull failure from another', () => {
  const at = '2026-11-30T03:00:00Z';
  const phase = (reason: string, note: string) => pullPhase(core(reason, note, at, { fieldPath: 'spec.containers{app}' }));
  assert.equal(phase('Pulling', 'Pulling image "nginx:1.27"'), 'pulling');
  assert.equal(phase('Pulled', 'Successfully pulled image "nginx:1.27" in 2.1s (2.1s including waiting). Image size: 72 bytes.'), 'pulled');
  assert.equal(phase('Pulled', 'Container image "nginx:1.27" already present on machine'), 'present');
  assert.equal(phase('Failed', 'Failed to pull image "nginx:nope": not found'), 'failed');
  assert.equal(phase('Failed', 'Error: ErrImagePull'), 'failed');
  assert.equal(phase('Failed', 'Error: ImagePullBackOff'), 'failed');
  assert.equal(phase('BackOff', 'Back-off pulling image "nginx:nope"'), 'backoff');
  assert.equal(phase('ErrImageNeverPull', 'Container image "x" is not present with pull policy of Never'), 'failed');
  // The same reasons about something else are not pulls.
  assert.equal(phase('BackOff', 'Back-off restarting failed container app in pod web-0'), undefined);
  assert.equal(phase('Failed', 'Error: failed to create containerd task'), undefined);
  assert.equal(phase('Started', 'Started container app'), undefined);
});

test('a pull event belongs to the container its fieldPath names, init and ephemeral too', () => {
  const app = core('Pulled', 'Container image "nginx:1.27" already present on machine', '2026-11-30T03:01:00Z', { fieldPath: 'spec.containers{app}' });
  const appPulling = core('Pulling', 'Pulling image "nginx:1.27"', '2026-11-30T03:00:00Z', { fieldPath: 'spec.containers{app}' });
  const side = core('Pulled', 'Successfully pulled image "busybox:1.36"', '2026-11-30T03:02:00Z', { fieldPath: 'spec.containers{side}' });
  const init = core('Pulling', 'Pulling image "alpine:3"', '2026-11-30T02:59:00Z', { fieldPath: 'spec.initContainers{setup}' });
  // An app container whose name starts like another's is still another.
  const appx = core('Pulling', 'Pulling image "x:1"', '2026-11-30T03:00:30Z', { fieldPath: 'spec.containers{app-x}' });
  const podLevel = core('Pulled', 'no fieldPath', '2026-11-30T03:03:00Z');
  const all = [side, app, podLevel, init, appx, appPulling];
  assert.deepEqual(pullStory(all, 'app').map((s) => [s.phase, s.event.id]), [
    ['pulling', appPulling.id],
    ['present', app.id],
  ]);
  assert.deepEqual(pullStory(all, 'side').map((s) => s.event.id), [side.id]);
  assert.deepEqual(pullStory(all, 'setup').map((s) => s.event.id), [init.id]);
  assert.deepEqual(pullStory(all, 'nobody'), []);
});
