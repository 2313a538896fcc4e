// The status the kubelet writes for a pod: conditions, IPs, and one status per
// container for the way it is doing (running, finished, crash-looping).

import { expandImage } from './image.ts';
import { later } from './ids.ts';
import type { Ids } from './ids.ts';
import type { ContainerInput, ContainerRun, Mount, Placement, PodInput } from './pod.ts';
import { qosClass, specResources } from './qos.ts';

export const TOKEN_MOUNT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount';

export function podStatus(
  input: PodInput,
  all: ContainerInput[],
  uid: string,
  tokenVolume: string | undefined,
  ids: Ids,
): Record<string, unknown> {
  const t0 = input.createdAt;
  const qos = qosClass(all);
  if (!input.node) {
    return {
      conditions: [
        {
          lastProbeTime: null,
          lastTransitionTime: t0,
          message: input.unschedulable ?? '0/1 nodes are available',
          reason: 'Unschedulable',
          status: 'False',
          type: 'PodScheduled',
        },
      ],
      phase: 'Pending',
      qosClass: qos,
    };
  }
  const node = input.node;
  const started = later(t0, 2);
  const initStatuses = (input.initContainers ?? []).map((c, i) =>
    containerStatus(c, c.restartPolicy === 'Always' ? { state: 'running' } : { state: 'completed' }, i, input, uid, tokenVolume, ids),
  );
  const offset = initStatuses.length;
  const appStatuses = input.containers.map((c, i) => containerStatus(c, c.run ?? { state: 'running' }, offset + i, input, uid, tokenVolume, ids));
  const succeeded = input.containers.every((c) => c.run?.state === 'completed');
  const notReady = [...(input.initContainers ?? []).filter((c) => c.restartPolicy === 'Always'), ...input.containers]
    .filter((c) => (c.run ?? { state: 'running' }).state !== 'running')
    .map((c) => c.name);
  const readyAt = later(t0, 4 + all.length * 2);
  const readyCondition = (type: string): Record<string, unknown> =>
    succeeded
      ? { lastProbeTime: null, lastTransitionTime: later(readyAt, 60), observedGeneration: 1, reason: 'PodCompleted', status: 'False', type }
      : notReady.length > 0
        ? {
            lastProbeTime: null,
            lastTransitionTime: later(readyAt, 90),
            message: `containers with unready status: [${notReady.join(' ')}]`,
            observedGeneration: 1,
            reason: 'ContainersNotReady',
            status: 'False',
            type,
          }
        : { lastProbeTime: null, lastTransitionTime: readyAt, observedGeneration: 1, status: 'True', type };
  const hostNetwork = input.hostNetwork === true;
  const podIPs = hostNetwork ? node.hostIPs : (input.podIPs ?? []);
  return {
    conditions: [
      {
        lastProbeTime: null,
        lastTransitionTime: succeeded ? later(readyAt, 61) : started,
        observedGeneration: 1,
        status: succeeded ? 'False' : 'True',
        type: 'PodReadyToStartContainers',
      },
      {
        lastProbeTime: null,
        lastTransitionTime: later(started, initStatuses.length * 2),
        observedGeneration: 1,
        status: 'True',
        type: 'Initialized',
      },
      readyCondition('Ready'),
      readyCondition('ContainersReady'),
      { lastProbeTime: null, lastTransitionTime: t0, observedGeneration: 1, status: 'True', type: 'PodScheduled' },
    ],
    containerStatuses: appStatuses,
    hostIP: node.hostIPs[0],
    hostIPs: node.hostIPs.map((ip) => ({ ip })),
    ...(initStatuses.length > 0 ? { initContainerStatuses: initStatuses } : {}),
    observedGeneration: 1,
    phase: succeeded ? 'Succeeded' : 'Running',
    ...(podIPs.length > 0 ? { podIP: podIPs[0], podIPs: podIPs.map((ip) => ({ ip })) } : {}),
    qosClass: qos,
    startTime: later(t0, 1),
  };
}

function containerStatus(
  c: ContainerInput,
  run: ContainerRun,
  index: number,
  pod: PodInput,
  podUid: string,
  tokenVolume: string | undefined,
  ids: Ids,
): Record<string, unknown> {
  const node = pod.node as Placement;
  const image = expandImage(c.image);
  const digest = image.digest ?? `sha256:${ids.hex(`image:${image.repository}:${image.tag ?? ''}`)}`;
  const restarts = run.state === 'crashloop' ? run.restarts : 0;
  const containerID = `${node.runtime}://${ids.hex(`container:${podUid}/${c.name}/${restarts}`)}`;
  const startedAt = later(pod.createdAt, 3 + index * 2);
  const mounts: Mount[] = [...(c.mounts ?? [])];
  if (tokenVolume) mounts.push({ name: tokenVolume, mountPath: TOKEN_MOUNT_PATH, readOnly: true });
  let state: Record<string, unknown>;
  let lastState: Record<string, unknown> = {};
  let ready = true;
  let started: boolean | undefined = true;
  if (run.state === 'running') {
    state = { running: { startedAt } };
  } else if (run.state === 'completed') {
    // A finished init container counts as ready (and ends before the next one
    // starts); a finished app container does not.
    const isInit = (pod.initContainers ?? []).includes(c);
    state = {
      terminated: { containerID, exitCode: 0, finishedAt: later(startedAt, isInit ? 1 : 12), reason: 'Completed', startedAt },
    };
    ready = isInit;
    started = false;
  } else {
    const lastStart = later(pod.createdAt, 60 * 14);
    state = {
      waiting: {
        message: `back-off 5m0s restarting failed container=${c.name} pod=${pod.name}_${pod.namespace}(${podUid})`,
        reason: 'CrashLoopBackOff',
      },
    };
    lastState = {
      terminated: { containerID, exitCode: run.exitCode, finishedAt: later(lastStart, 2), reason: 'Error', startedAt: lastStart },
    };
    ready = false;
    started = false;
  }
  const resources = specResources(c);
  return {
    ...(Object.keys(resources).length > 0 ? { allocatedResources: (resources as { requests?: unknown }).requests ?? {} } : {}),
    containerID,
    image: image.reported,
    imageID: `${image.repository}@${digest}`,
    lastState,
    name: c.name,
    ready,
    ...(Object.keys(resources).length > 0 ? { resources } : {}),
    restartCount: restarts,
    ...(started !== undefined ? { started } : {}),
    state,
    volumeMounts: mounts.map((m) => ({
      mountPath: m.mountPath,
      name: m.name,
      ...(m.readOnly ? { readOnly: true, recursiveReadOnly: 'Disabled' } : {}),
    })),
  };
}
