// The containers of one pod, from its spec joined by name with its statuses.
// Init containers and native sidecars both live in spec.initContainers (a
// sidecar is one with restartPolicy Always). The kubelet starts them strictly
// in spec order, each sidecar before the init containers listed after it, so
// that order is kept within each group even though the model lists all plain
// init containers before all sidecars.

import { parseImageRef, parseImageID } from './image.ts';
import { arr, bool, fitted, num, obj, record, str, strings, text } from './read.ts';
import type { Obj } from './read.ts';
import { containerUid } from './uids.ts';
import type { ContainerGroup, ContainerModel, ContainerPort, ContainerState, VolumeMount } from './types.ts';

export const NO_STATUS = 'no status yet';
export const NO_STATE = 'state not reported';

function statusesByName(list: unknown): Map<string, Obj> {
  const byName = new Map<string, Obj>();
  for (const item of arr(list)) {
    const o = obj(item);
    const name = o && str(o.name);
    if (o && name !== undefined && !byName.has(name)) byName.set(name, o);
  }
  return byName;
}

export function readState(v: unknown): ContainerState | undefined {
  const state = obj(v);
  if (!state) return undefined;
  const terminated = obj(state.terminated);
  if (terminated) {
    const out: ContainerState = { kind: 'terminated' };
    const reason = text(terminated.reason);
    const message = text(terminated.message);
    const startedAt = text(terminated.startedAt);
    const finishedAt = text(terminated.finishedAt);
    const exitCode = num(terminated.exitCode);
    const signal = num(terminated.signal);
    if (reason !== undefined) out.reason = reason;
    if (message !== undefined) out.message = message;
    if (startedAt !== undefined) out.startedAt = startedAt;
    if (finishedAt !== undefined) out.finishedAt = finishedAt;
    if (exitCode !== undefined) out.exitCode = exitCode;
    if (signal !== undefined && signal !== 0) out.signal = signal;
    return out;
  }
  const running = obj(state.running);
  if (running) {
    const out: ContainerState = { kind: 'running' };
    const startedAt = text(running.startedAt);
    if (startedAt !== undefined) out.startedAt = startedAt;
    return out;
  }
  const waiting = obj(state.waiting);
  if (waiting) {
    const out: ContainerState = { kind: 'waiting' };
    const reason = text(waiting.reason);
    const message = text(waiting.message);
    if (reason !== undefined) out.reason = reason;
    if (message !== undefined) out.message = message;
    return out;
  }
  return undefined;
}

function readPorts(v: unknown): ContainerPort[] {
  const ports: ContainerPort[] = [];
  for (const item of arr(v)) {
    const p = obj(item);
    const containerPort = p && num(p.containerPort);
    if (!p || containerPort === undefined) continue;
    const port: ContainerPort = { containerPort, protocol: text(p.protocol, 16) ?? 'TCP' };
    const name = text(p.name);
    const hostPort = num(p.hostPort);
    const hostIP = text(p.hostIP);
    if (name !== undefined) port.name = name;
    if (hostPort !== undefined && hostPort !== 0) port.hostPort = hostPort;
    if (hostIP !== undefined) port.hostIP = hostIP;
    ports.push(port);
  }
  return fitted(ports);
}

function readMounts(v: unknown): VolumeMount[] {
  const mounts: VolumeMount[] = [];
  for (const item of arr(v)) {
    const m = obj(item);
    const volume = m && text(m.name);
    const mountPath = m && str(m.mountPath);
    if (!m || volume === undefined || mountPath === undefined) continue;
    const mount: VolumeMount = { volume, mountPath, readOnly: bool(m.readOnly) ?? false };
    const subPath = text(m.subPath) ?? text(m.subPathExpr);
    if (subPath !== undefined) mount.subPath = subPath;
    mounts.push(mount);
  }
  return fitted(mounts);
}

function readContainer(podUid: string, group: ContainerGroup, spec: Obj, name: string, status: Obj | undefined): ContainerModel {
  const resources = obj(spec.resources) ?? {};
  const container: ContainerModel = {
    uid: containerUid(podUid, group, name),
    name,
    group,
    image: parseImageRef(str(spec.image) ?? ''),
    state: readState(status?.state) ?? { kind: 'unknown', reason: status ? NO_STATE : NO_STATUS },
    ready: status?.ready === true,
    restartCount: num(status?.restartCount) ?? 0,
    ports: readPorts(spec.ports),
    resources: { requests: record(resources.requests), limits: record(resources.limits) },
    mounts: readMounts(spec.volumeMounts),
  };
  if (status) {
    const imageID = text(status.imageID);
    if (imageID !== undefined) {
      container.imageID = imageID;
      const parsed = parseImageID(imageID);
      if (parsed) {
        container.resolvedDigest = parsed.digest;
        container.resolvedDigestKind = parsed.kind;
      }
    }
    const containerID = text(status.containerID);
    if (containerID !== undefined) container.containerID = containerID;
    const lastState = readState(status.lastState);
    if (lastState) container.lastState = lastState;
    const started = bool(status.started);
    if (started !== undefined) container.started = started;
  }
  if (Array.isArray(spec.command)) container.command = strings(spec.command);
  return container;
}

/** All containers of a pod in model order: init, sidecar, app, ephemeral. */
export function readContainers(podUid: string, spec: Obj, status: Obj): ContainerModel[] {
  const initStatuses = statusesByName(status.initContainerStatuses);
  const init: ContainerModel[] = [];
  const sidecar: ContainerModel[] = [];
  const app: ContainerModel[] = [];
  const ephemeral: ContainerModel[] = [];
  // Names are unique within a pod; a repeated one (hostile input) is dropped so uids stay unique.
  const seen = new Set<string>();
  const add = (list: ContainerModel[], group: ContainerGroup, item: unknown, statuses: Map<string, Obj>): void => {
    const c = obj(item);
    const name = c && text(c.name);
    if (!c || name === undefined || seen.has(`${group}/${name}`)) return;
    seen.add(`${group}/${name}`);
    list.push(readContainer(podUid, group, c, name, statuses.get(name)));
  };
  for (const item of arr(spec.initContainers)) {
    const isSidecar = obj(item)?.restartPolicy === 'Always';
    add(isSidecar ? sidecar : init, isSidecar ? 'sidecar' : 'init', item, initStatuses);
  }
  const appStatuses = statusesByName(status.containerStatuses);
  for (const item of arr(spec.containers)) add(app, 'app', item, appStatuses);
  const ephemeralStatuses = statusesByName(status.ephemeralContainerStatuses);
  for (const item of arr(spec.ephemeralContainers)) add(ephemeral, 'ephemeral', item, ephemeralStatuses);
  return fitted([...init, ...sidecar, ...app, ...ephemeral]);
}
