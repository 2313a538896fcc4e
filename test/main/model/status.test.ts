// Each case is a pod as the API server reports it, with the STATUS, READY and
// RESTARTS that `kubectl get pods` prints for it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { podStatus } from '../../../main/model/status.ts';
import type { Obj } from '../../../main/model/read.ts';

const running = { running: { startedAt: '2024-09-12T08:00:00Z' } };
const waiting = (reason: string) => ({ waiting: { reason } });
const terminated = (exitCode: number, reason?: string, signal?: number) => ({ terminated: { exitCode, ...(reason ? { reason } : {}), ...(signal ? { signal } : {}) } });
const cs = (name: string, state: Obj, ready = false, restartCount = 0, started?: boolean) => ({ name, state, ready, restartCount, ...(started !== undefined ? { started } : {}) });
const readyConds = [{ type: 'Initialized', status: 'True' }, { type: 'Ready', status: 'True' }];

function status(spec: Obj, st: Obj, meta: Obj = {}, nodeUnreachable = false) {
  return podStatus(spec, st, meta, { nodeUnreachable });
}

test('a pod with no statuses yet shows its phase', () => {
  assert.deepEqual(status({ containers: [{ name: 'a' }] }, { phase: 'Pending' }), { status: 'Pending', readyContainers: 0, totalContainers: 1, restarts: 0 });
});

test('ContainerCreating, ImagePullBackOff and CrashLoopBackOff come from the waiting reason', () => {
  const spec = { containers: [{ name: 'a' }] };
  assert.equal(status(spec, { phase: 'Pending', containerStatuses: [cs('a', waiting('ContainerCreating'))] }).status, 'ContainerCreating');
  assert.equal(status(spec, { phase: 'Pending', containerStatuses: [cs('a', waiting('ImagePullBackOff'))] }).status, 'ImagePullBackOff');
  const crash = status(spec, { phase: 'Running', containerStatuses: [cs('a', waiting('CrashLoopBackOff'), false, 7)] });
  assert.deepEqual(crash, { status: 'CrashLoopBackOff', readyContainers: 0, totalContainers: 1, restarts: 7 });
});

test('Running with ready counts; the first container problem wins', () => {
  const spec = { containers: [{ name: 'a' }, { name: 'b' }] };
  assert.deepEqual(status(spec, { phase: 'Running', conditions: readyConds, containerStatuses: [cs('a', running, true, 1), cs('b', running, true, 2)] }),
    { status: 'Running', readyContainers: 2, totalContainers: 2, restarts: 3 });
  assert.equal(status(spec, { phase: 'Running', containerStatuses: [cs('a', waiting('CrashLoopBackOff')), cs('b', waiting('ImagePullBackOff'))] }).status, 'CrashLoopBackOff');
});

test('Completed and Error for finished containers', () => {
  const spec = { containers: [{ name: 'a' }] };
  assert.equal(status(spec, { phase: 'Succeeded', containerStatuses: [cs('a', terminated(0, 'Completed'))] }).status, 'Completed');
  assert.equal(status(spec, { phase: 'Failed', containerStatuses: [cs('a', terminated(1, 'Error'))] }).status, 'Error');
  assert.equal(status(spec, { phase: 'Failed', containerStatuses: [cs('a', terminated(3))] }).status, 'ExitCode:3');
  assert.equal(status(spec, { phase: 'Failed', containerStatuses: [cs('a', terminated(0, undefined, 9))] }).status, 'Signal:9');
});

test('a completed container beside a running one: Running when the pod is Ready, else NotReady', () => {
  const spec = { containers: [{ name: 'a' }, { name: 'b' }] };
  const statuses = [cs('a', running, true), cs('b', terminated(0, 'Completed'))];
  assert.equal(status(spec, { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: statuses }).status, 'Running');
  assert.equal(status(spec, { phase: 'Running', conditions: [{ type: 'Ready', status: 'False' }], containerStatuses: statuses }).status, 'NotReady');
  assert.equal(status(spec, { phase: 'Running', containerStatuses: statuses }).status, 'NotReady');
});

test('init containers: Init:i/n, Init:<reason>, Init:ExitCode', () => {
  const spec = { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'a' }] };
  const app = [cs('a', waiting('PodInitializing'))];
  assert.equal(status(spec, { phase: 'Pending', initContainerStatuses: [cs('i1', running), cs('i2', waiting('PodInitializing'))], containerStatuses: app }).status, 'Init:0/2');
  assert.equal(status(spec, { phase: 'Pending', initContainerStatuses: [cs('i1', terminated(0, 'Completed')), cs('i2', running)], containerStatuses: app }).status, 'Init:1/2');
  const crash = status(spec, { phase: 'Pending', initContainerStatuses: [cs('i1', waiting('CrashLoopBackOff'), false, 4), cs('i2', waiting('PodInitializing'))], containerStatuses: app });
  assert.deepEqual(crash, { status: 'Init:CrashLoopBackOff', readyContainers: 0, totalContainers: 1, restarts: 4 });
  assert.equal(status(spec, { phase: 'Pending', initContainerStatuses: [cs('i1', terminated(2))] }).status, 'Init:ExitCode:2');
  assert.equal(status(spec, { phase: 'Failed', initContainerStatuses: [cs('i1', terminated(1, 'Error'))] }).status, 'Init:Error');
});

test('native sidecars count toward READY and their restarts stay counted; plain init containers do not', () => {
  const spec = {
    initContainers: [{ name: 'setup' }, { name: 'proxy', restartPolicy: 'Always' }],
    containers: [{ name: 'app' }],
  };
  const st = {
    phase: 'Running',
    conditions: readyConds,
    initContainerStatuses: [cs('setup', terminated(0, 'Completed'), false, 1), cs('proxy', running, true, 2, true)],
    containerStatuses: [cs('app', running, true, 3)],
  };
  // restarts: the sidecar's 2 plus the app's 3; the finished init container's restart is history.
  assert.deepEqual(status(spec, st), { status: 'Running', readyContainers: 2, totalContainers: 2, restarts: 5 });
});

test('a sidecar that has not started yet holds initialisation', () => {
  const spec = { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }], containers: [{ name: 'app' }] };
  const st = { phase: 'Pending', initContainerStatuses: [cs('proxy', running, false, 0, false)], containerStatuses: [cs('app', waiting('PodInitializing'))] };
  assert.deepEqual(status(spec, st), { status: 'Init:0/1', readyContainers: 0, totalContainers: 2, restarts: 0 });
});

test('deletion: Terminating, or Unknown when the node was lost; finished pods keep their status', () => {
  const spec = { containers: [{ name: 'a' }] };
  const run = { phase: 'Running', conditions: readyConds, containerStatuses: [cs('a', running, true)] };
  assert.equal(status(spec, run, { deletionTimestamp: '2024-09-12T11:00:00Z' }).status, 'Terminating');
  assert.equal(status(spec, { ...run, reason: 'NodeLost' }, { deletionTimestamp: '2024-09-12T11:00:00Z' }).status, 'Unknown');
  const done = { phase: 'Succeeded', containerStatuses: [cs('a', terminated(0, 'Completed'))] };
  assert.equal(status(spec, done, { deletionTimestamp: '2024-09-12T11:00:00Z' }).status, 'Completed');
});

test('Evicted and other pod-level failure reasons win', () => {
  const spec = { containers: [{ name: 'a' }] };
  assert.equal(status(spec, { phase: 'Failed', reason: 'Evicted' }).status, 'Evicted');
  assert.equal(status(spec, { phase: 'Failed', reason: 'Evicted', containerStatuses: [cs('a', terminated(137, 'ContainerStatusUnknown'))] }).status, 'Evicted');
  assert.equal(status(spec, { phase: 'Failed', reason: 'NodeAffinity' }).status, 'NodeAffinity');
});

test('SchedulingGated from the PodScheduled condition', () => {
  const st = { phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] };
  assert.equal(status({ containers: [{ name: 'a' }] }, st).status, 'SchedulingGated');
});

test('an unreachable node turns a stale Running into NotReady, but not a finished pod', () => {
  const spec = { containers: [{ name: 'a' }] };
  const run = { phase: 'Running', conditions: readyConds, containerStatuses: [cs('a', running, true)] };
  assert.equal(status(spec, run, {}, true).status, 'NotReady');
  assert.equal(status(spec, { phase: 'Succeeded', containerStatuses: [cs('a', terminated(0, 'Completed'))] }, {}, true).status, 'Completed');
});

test('malformed statuses never throw', () => {
  assert.deepEqual(status({ containers: 'x' }, { containerStatuses: [null, 5, { state: 'x', restartCount: '9' }] }),
    { status: 'Unknown', readyContainers: 0, totalContainers: 0, restarts: 0 });
  assert.equal(status({}, { phase: 'Pending', initContainerStatuses: [{}] }).status, 'Init:0/0');
});
