// A pod's one-word status and its READY and RESTARTS numbers, computed the way
// kubectl's `get pods` columns are, so the drawing says what users already know.
// kubectl walks init containers first (the first unfinished one names the
// status), then app containers from last to first (so the first container's
// problem wins), and finally lets a deletion override everything.

import { arr, num, obj, str, text } from './read.ts';
import type { Obj } from './read.ts';

export interface PodStatusSummary {
  status: string;
  readyContainers: number;
  totalContainers: number;
  restarts: number;
}

export interface PodStatusContext {
  /**
   * The pod's node stopped reporting (its Ready condition is Unknown). The
   * kubelet can no longer update the pod, so a "Running" pod is shown as
   * NotReady rather than trusted; the node controller marks it not ready too.
   */
  nodeUnreachable?: boolean;
}

const NODE_LOST = 'NodeLost';

function terminalPhase(phase: string): boolean {
  return phase === 'Succeeded' || phase === 'Failed';
}

function conditionTrue(status: Obj, type: string): boolean {
  for (const c of arr(status.conditions)) {
    const o = obj(c);
    if (o && o.type === type) return o.status === 'True';
  }
  return false;
}

function terminatedReason(t: Obj, prefix: string): string {
  const reason = text(t.reason);
  if (reason !== undefined) return prefix + reason;
  const signal = num(t.signal) ?? 0;
  return signal !== 0 ? `${prefix}Signal:${signal}` : `${prefix}ExitCode:${num(t.exitCode) ?? 0}`;
}

export function podStatus(spec: Obj, status: Obj, metadata: Obj, ctx: PodStatusContext = {}): PodStatusSummary {
  const phase = text(status.phase) ?? '';
  let reason = text(status.reason) ?? phase;

  for (const c of arr(status.conditions)) {
    const o = obj(c);
    if (o && o.type === 'PodScheduled' && o.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  // Only entries the model can show (objects with a name) count, so READY matches the drawing.
  let initCount = 0;
  const sidecars = new Set<string>();
  for (const c of arr(spec.initContainers)) {
    const o = obj(c);
    const name = o && str(o.name);
    if (!o || name === undefined) continue;
    initCount++;
    if (o.restartPolicy === 'Always') sidecars.add(name);
  }
  let appCount = 0;
  for (const c of arr(spec.containers)) if (str(obj(c)?.name) !== undefined) appCount++;
  const totalContainers = appCount + sidecars.size;

  let readyContainers = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let initializing = false;
  const initStatuses = arr(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = obj(initStatuses[i]);
    if (!cs) continue;
    const count = num(cs.restartCount) ?? 0;
    const isSidecar = sidecars.has(str(cs.name) ?? '');
    restarts += count;
    if (isSidecar) sidecarRestarts += count;
    const state = obj(cs.state) ?? {};
    const terminated = obj(state.terminated);
    const waiting = obj(state.waiting);
    if (terminated && (num(terminated.exitCode) ?? 0) === 0) continue;
    if (isSidecar && cs.started === true) {
      if (cs.ready === true) readyContainers++;
      continue;
    }
    if (terminated) reason = terminatedReason(terminated, 'Init:');
    else if (waiting && text(waiting.reason) !== undefined && waiting.reason !== 'PodInitializing') reason = `Init:${text(waiting.reason)}`;
    else reason = `Init:${i}/${initCount}`;
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(status, 'Initialized')) {
    restarts = sidecarRestarts;
    let hasRunning = false;
    const statuses = arr(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = obj(statuses[i]);
      if (!cs) continue;
      restarts += num(cs.restartCount) ?? 0;
      const state = obj(cs.state) ?? {};
      const waiting = obj(state.waiting);
      const terminated = obj(state.terminated);
      if (waiting && text(waiting.reason) !== undefined) reason = text(waiting.reason) as string;
      else if (terminated) reason = terminatedReason(terminated, '');
      else if (cs.ready === true && obj(state.running)) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      reason = conditionTrue(status, 'Ready') ? 'Running' : 'NotReady';
    }
  }

  // Unlike kubectl, a failed pod's own reason (Evicted, NodeAffinity, Shutdown…)
  // beats its containers' reasons: since 1.26 an evicted pod's containers often
  // end as ContainerStatusUnknown, which hides why the pod is gone.
  const podReason = text(status.reason);
  if (phase === 'Failed' && podReason !== undefined) reason = podReason;

  const deleting = text(metadata.deletionTimestamp) !== undefined;
  if (deleting && podReason === NODE_LOST) reason = 'Unknown';
  else if (deleting && !terminalPhase(phase)) reason = 'Terminating';
  else if (ctx.nodeUnreachable && reason === 'Running') reason = 'NotReady';

  return { status: reason === '' ? 'Unknown' : reason, readyContainers, totalContainers, restarts };
}
