// A pod as the browser mode's WebSocket carries it in a large model's parts
// (main/contract/wire.ts), and back. Lossless: podFromWire(JSON of
// podToWire(p)) is JSON of p, key order included. Two fields are left for
// the page to make again, as they are what a summarized pod's bytes were most
// spent on (measured at 100,000 pods when they were left out: 1,840 B a pod,
// 178 MiB in all; without them about 1,150 B and 113 MiB, and parsed with
// them made again faster than the whole JSON):
//  - a container's image goes as its reference when parseImageRef gives back
//    the very ImageRef the model has (it always does for a built model; an
//    image changed after the parse goes whole);
//  - a container's uid goes as 0 when it is the one buildModel gives it
//    (`<pod uid>/<group>/<name>`), in its place so the key order stays.
// Three more, for a whole pod (the page takes about 25-35 ms a MB of a
// model's parts on this machine, whatever their framing: README, on models
// in parts), each only where the page makes back exactly what was left out:
//  - a volume's uid goes as 0 when it is buildModel's (`<pod uid>/volume/<name>`);
//  - a condition of just type, status and lastTransitionTime (or of just
//    type and status), strings, goes as their values, [type, status, time?];
//  - a container's resolvedDigest goes as 0 when it is what follows the last
//    '@' of its imageID (as container.ts reads it, a repo digest).
// The parts of the test cluster's 5,332 pods went from 13.5 to 11.7 MB.
// And a summarized pod's container (summary.ts's containerSummary: its
// identity, image and state; ports, mounts and resources left empty) goes as
// its values alone, [uid, name, group, image, state, ready, restartCount,
// started?], which the page puts back in that order with the empty fields:
// at 100,000 pods (500 nodes) the parts went from 1,251 to 985 B a pod
// (119.3 to 94.0 MiB, measured again before the change), and were read in
// 866 ms instead of 1.15 s (test/bench/summary.ts).
// Pure: no Node, no DOM.

import { cachedImageRef, parseImageRef } from './image.ts';
import { containerSummary } from './summary.ts';
import type { Condition, ContainerModel, ImageRef, PodModel, VolumeModel } from './types.ts';

/** What a malformed pod on the wire is reported as: the page says why, never crashes. */
export class WireError extends Error {
  override name = 'WireError';
}

/** A container's or volume's uid on the wire when it is the one made from its pod's uid and its names. */
const DERIVED_UID = 0;
/** A container's resolvedDigest on the wire when it is what follows the last '@' of its imageID. */
const DERIVED_DIGEST = 0;

/** The pod as it goes on the wire: a copy whose containers, volumes and conditions are in their wire forms; the pod given is left as it was. */
export function podToWire(pod: PodModel): unknown {
  const summary = pod.summary === true;
  const containers =
    Array.isArray(pod.containers) && pod.containers.length > 0
      ? pod.containers.map((c) => (summary && isSummary(c) && summaryValues(pod.uid, c, c.image)) || containerToWire(pod.uid, c))
      : pod.containers;
  const volumes = Array.isArray(pod.volumes) && pod.volumes.length > 0 ? pod.volumes.map((v) => volumeToWire(pod.uid, v)) : pod.volumes;
  const conditions = Array.isArray(pod.conditions) && pod.conditions.length > 0 ? pod.conditions.map(conditionToWire) : pod.conditions;
  if (containers === pod.containers && volumes === pod.volumes && conditions === pod.conditions) return pod;
  // Spread, then the same keys set again: each stays where the pod has it.
  return { ...pod, conditions, containers, volumes };
}

function volumeToWire(podUid: string, v: VolumeModel): unknown {
  return typeof v === 'object' && v !== null && typeof v.name === 'string' && v.uid === `${podUid}/volume/${v.name}` ? { ...v, uid: DERIVED_UID } : v;
}

/** A condition of type, status and lastTransitionTime (or type and status), those keys in that order and strings, as its values. */
function conditionToWire(c: Condition): unknown {
  if (typeof c !== 'object' || c === null) return c;
  const keys = Object.keys(c);
  if (typeof c.type !== 'string' || typeof c.status !== 'string' || keys[0] !== 'type' || keys[1] !== 'status') return c;
  if (keys.length === 2) return [c.type, c.status];
  if (keys.length === 3 && keys[2] === 'lastTransitionTime' && typeof c.lastTransitionTime === 'string') return [c.type, c.status, c.lastTransitionTime];
  return c;
}

/** What follows the last '@' of an imageID: the digest container.ts reads from it when it is a repo digest. */
function digestIn(imageID: string): string | undefined {
  const at = imageID.lastIndexOf('@');
  return at < 0 ? undefined : imageID.slice(at + 1);
}

/** The keys of containerSummary's container, in its order; `started` may follow. */
const SUMMARY_KEYS = ['uid', 'name', 'group', 'image', 'state', 'ready', 'restartCount', 'ports', 'mounts', 'resources'] as const;

/** Whether `c` is what containerSummary makes: those keys in that order, and ports, mounts and resources empty. */
function isSummary(c: ContainerModel): boolean {
  const keys = Object.keys(c);
  const extra = keys.length - SUMMARY_KEYS.length;
  if (extra !== 0 && !(extra === 1 && keys[keys.length - 1] === 'started')) return false;
  for (let i = 0; i < SUMMARY_KEYS.length; i++) if (keys[i] !== SUMMARY_KEYS[i]) return false;
  const r = c.resources as unknown;
  return (
    isEmptyArray(c.ports) &&
    isEmptyArray(c.mounts) &&
    typeof r === 'object' &&
    r !== null &&
    Object.keys(r).join() === 'requests,limits' &&
    isEmptyObject((r as { requests: unknown }).requests) &&
    isEmptyObject((r as { limits: unknown }).limits)
  );
}

const isEmptyArray = (v: unknown): boolean => Array.isArray(v) && v.length === 0;
const isEmptyObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;

/**
 * A summarized container as its values, [uid, name, group, image, state,
 * ready, restartCount, started?], with its uid and image in their wire forms;
 * undefined when a value would not come back the same from an array (one
 * that JSON leaves out of an object but writes as null in an array), or a
 * name or group the page could not make the uid from: it then goes as an object.
 */
function summaryValues(podUid: string, c: ContainerModel, image: ImageRef | string): unknown[] | undefined {
  if (typeof c.name !== 'string' || typeof c.group !== 'string' || c.state === undefined || c.ready === undefined || c.restartCount === undefined) return undefined;
  const uid = c.uid === `${podUid}/${c.group}/${c.name}` ? DERIVED_UID : c.uid;
  if (uid === undefined) return undefined;
  const wireImage = typeof image === 'object' && isParsedImage(image) ? image.raw : image;
  if (wireImage === undefined) return undefined;
  const out: unknown[] = [uid, c.name, c.group, wireImage, c.state, c.ready, c.restartCount];
  if (c.started !== undefined) out.push(c.started);
  return out;
}

/** A container from its values (summaryValues'), in containerSummary's key order with the empty fields. */
function summaryFromValues(podUid: string, values: unknown[]): Record<string, unknown> {
  if (values.length !== 7 && values.length !== 8) throw new WireError(`pod ${podUid}: a container as values must have 7 or 8 of them, got ${values.length}`);
  const [uid, name, group, image, state, ready, restartCount] = values;
  if (typeof name !== 'string' || typeof group !== 'string') throw new WireError(`pod ${podUid}: a container as values needs a group and a name`);
  const out: Record<string, unknown> = {
    uid: uid === DERIVED_UID ? `${podUid}/${group}/${name}` : uid,
    name,
    group,
    image: typeof image === 'string' ? parseImageRef(image) : image,
    state,
    ready,
    restartCount,
    ports: [],
    mounts: [],
    resources: { requests: {}, limits: {} },
  };
  if (values.length === 8) out.started = values[7];
  return out;
}

/**
 * podToWire(summarizePod(pod)) (main/model/summary.ts) made in one step, as
 * the server makes a large model's parts from the session's whole pods: one
 * copy of the pod and of each container instead of two, and a container's
 * fields written by summary.ts's own containerSummary rather than read key
 * by key (JSON-equal to the two steps: a property test holds them together).
 */
export function summaryToWire(pod: PodModel): unknown {
  const podUid = pod.uid;
  const list = pod.containers;
  const containers = new Array<unknown>(list.length);
  for (let i = 0; i < list.length; i++) {
    const c = list[i]!;
    containers[i] = summaryValues(podUid, c, c.image) ?? containerSummary(c, c.uid === `${podUid}/${c.group}/${c.name}` ? DERIVED_UID : c.uid, isParsedImage(c.image) ? c.image.raw : c.image);
  }
  return { ...pod, conditions: [], volumes: [], containers, summary: true };
}

function containerToWire(podUid: string, c: ContainerModel): unknown {
  const out: Record<string, unknown> = {};
  // Key by key, so that the wire form has the container's own key order.
  for (const key of Object.keys(c) as Array<keyof ContainerModel>) {
    const value = c[key];
    if (key === 'uid' && value === `${podUid}/${c.group}/${c.name}`) out.uid = DERIVED_UID;
    else if (key === 'image' && isParsedImage(c.image)) out.image = c.image.raw;
    else if (key === 'resolvedDigest' && typeof value === 'string' && typeof c.imageID === 'string' && digestIn(c.imageID) === value) out.resolvedDigest = DERIVED_DIGEST;
    else out[key] = value;
  }
  return out;
}

/** Whether parseImageRef(image.raw) is image: the same keys in the same order, the same values. */
function isParsedImage(image: ImageRef): boolean {
  if (typeof image !== 'object' || image === null || typeof image.raw !== 'string') return false;
  // parseImageRef's memoised answer, not a copy of it: 150,000 containers would make one each for nothing.
  return sameJson(cachedImageRef(image.raw), image);
}

/**
 * Equal as JSON writes them, key order included, for the flat objects an
 * ImageRef holds. A key set to undefined makes them differ (JSON would leave
 * it out): such an image goes whole, which is only less compact.
 */
function sameJson(a: object, b: object): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const key = ka[i]!;
    if (key !== kb[i]) return false;
    const x = (a as Record<string, unknown>)[key];
    const y = (b as Record<string, unknown>)[key];
    if (x === y) continue;
    if (typeof x !== 'object' || x === null || typeof y !== 'object' || y === null || Array.isArray(x) || Array.isArray(y)) return false;
    if (!sameJson(x, y)) return false;
  }
  return true;
}

/**
 * The pod a page gets from its wire form (as JSON.parse gave it; it is
 * completed in place and returned). Throws a WireError saying what is wrong
 * when it is not a pod's wire form.
 */
export function podFromWire(value: unknown): PodModel {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new WireError(`a pod must be an object, got ${describe(value)}`);
  const pod = value as Record<string, unknown>;
  if (typeof pod.uid !== 'string') throw new WireError(`a pod's uid must be a string, got ${describe(pod.uid)}`);
  const containers = pod.containers;
  if (!Array.isArray(containers)) throw new WireError(`pod ${pod.uid}: containers must be an array, got ${describe(containers)}`);
  for (let i = 0; i < containers.length; i++) {
    const c: unknown = containers[i];
    if (Array.isArray(c)) {
      containers[i] = summaryFromValues(pod.uid, c);
      continue;
    }
    if (typeof c !== 'object' || c === null) throw new WireError(`pod ${pod.uid}: a container must be an object or its values, got ${describe(c)}`);
    const container = c as Record<string, unknown>;
    if (container.uid === DERIVED_UID) {
      if (typeof container.group !== 'string' || typeof container.name !== 'string') {
        throw new WireError(`pod ${pod.uid}: a container whose uid is left to the page needs a group and a name`);
      }
      container.uid = `${pod.uid}/${container.group}/${container.name}`;
    }
    if (typeof container.image === 'string') container.image = parseImageRef(container.image);
    if (container.resolvedDigest === DERIVED_DIGEST) {
      const digest = typeof container.imageID === 'string' ? digestIn(container.imageID) : undefined;
      if (digest === undefined) throw new WireError(`pod ${pod.uid}: a container whose resolvedDigest is left to the page needs an imageID with '@'`);
      container.resolvedDigest = digest;
    }
  }
  const volumes = pod.volumes;
  if (volumes !== undefined && !Array.isArray(volumes)) throw new WireError(`pod ${pod.uid}: volumes must be an array, got ${describe(volumes)}`);
  for (const v of volumes ?? []) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new WireError(`pod ${pod.uid}: a volume must be an object, got ${describe(v)}`);
    const volume = v as Record<string, unknown>;
    if (volume.uid !== DERIVED_UID) continue;
    if (typeof volume.name !== 'string') throw new WireError(`pod ${pod.uid}: a volume whose uid is left to the page needs a name`);
    volume.uid = `${pod.uid}/volume/${volume.name}`;
  }
  const conditions = pod.conditions;
  if (conditions !== undefined && !Array.isArray(conditions)) throw new WireError(`pod ${pod.uid}: conditions must be an array, got ${describe(conditions)}`);
  for (let i = 0; Array.isArray(conditions) && i < conditions.length; i++) {
    const c: unknown = conditions[i];
    if (!Array.isArray(c)) continue;
    if ((c.length !== 2 && c.length !== 3) || !c.every((x) => typeof x === 'string')) throw new WireError(`pod ${pod.uid}: a condition as values must be 2 or 3 strings`);
    conditions[i] = c.length === 2 ? { type: c[0], status: c[1] } : { type: c[0], status: c[1], lastTransitionTime: c[2] };
  }
  return value as PodModel;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
