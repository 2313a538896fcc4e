// A pod as the browser mode's WebSocket carries it in a large model's parts
// (main/contract/wire.ts), and back. Lossless: podFromWire(JSON of
// podToWire(p)) is JSON of p, key order included, for any pod the model
// makes and for pods changed from those in the ways the tests try (other
// keys, orders, values, malformed lists). Not for a pod built otherwise
// whose container or volume holds one of the page's signs as a value of its
// own in an object (a uid or resolvedDigest of 0, an image as a string, a
// condition as an array): the page takes it for what it stands for. Two fields are left for
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
import { linkMounts } from './mounts.ts';
import { obj } from './read.ts';
import { containerUid, volumeUid } from './uids.ts';
import type { Condition, ContainerModel, ImageRef, PodModel, VolumeModel, VolumeUse } from './types.ts';

/** What a malformed pod on the wire is reported as: the page says why, never crashes. */
export class WireError extends Error {
  override name = 'WireError';
}

/** A container's or volume's uid on the wire when it is the one made from its pod's uid and its names. */
const DERIVED_UID = 0;
/** A container's resolvedDigest on the wire when it is what follows the last '@' of its imageID. */
const DERIVED_DIGEST = 0;
/** A condition's lastTransitionTime on the wire when it is the condition's before it. */
const DERIVED_TIME = 0;
/** In a whole pod as its values: a volume's mountedBy and shared, when they are what the pod's containers' mounts make (mounts.ts). */
const DERIVED_USES = 0;
/** In a whole pod as its values: podIP or hostIP, when it is the first of podIPs or hostIPs. */
const DERIVED_IP = 0;
/** In a whole pod as its values: a container's resources, when it asks for and is limited to nothing. */
const NO_RESOURCES = 0;

/** The pod as it goes on the wire: a copy whose containers, volumes and conditions are in their wire forms; the pod given is left as it was. */
export function podToWire(pod: PodModel): unknown {
  const summary = pod.summary === true;
  const values = podValues(pod);
  if (values) return values;
  const containers =
    Array.isArray(pod.containers) && pod.containers.length > 0
      ? pod.containers.map((c) => (summary && isSummary(c) && summaryValues(pod.uid, c, c.image)) || containerToWire(pod.uid, c))
      : pod.containers;
  const volumes = Array.isArray(pod.volumes) && pod.volumes.length > 0 ? pod.volumes.map((v) => volumeToWire(pod.uid, v)) : pod.volumes;
  const conditions = Array.isArray(pod.conditions) && pod.conditions.length > 0 ? conditionsToWire(pod.conditions) : pod.conditions;
  if (containers === pod.containers && volumes === pod.volumes && conditions === pod.conditions) return pod;
  // Spread, then the same keys set again: each stays where the pod has it.
  return { ...pod, conditions, containers, volumes };
}

function volumeToWire(podUid: string, v: VolumeModel): unknown {
  return typeof v === 'object' && v !== null && typeof v.name === 'string' && v.uid === volumeUid(podUid, v.name) ? { ...v, uid: DERIVED_UID } : v;
}

/**
 * Each condition of type, status and lastTransitionTime (or type and status),
 * those keys in that order and strings, as its values; its time as 0 when it
 * is the condition's before it (a pod's conditions mostly change together).
 */
function conditionsToWire(conditions: readonly Condition[]): unknown[] {
  const out = new Array<unknown>(conditions.length);
  let before: unknown;
  for (let i = 0; i < conditions.length; i++) {
    const c = conditions[i];
    out[i] = c;
    const time = typeof c === 'object' && c !== null ? c.lastTransitionTime : undefined;
    if (typeof c === 'object' && c !== null && typeof c.type === 'string' && typeof c.status === 'string') {
      const keys = Object.keys(c);
      if (keys[0] === 'type' && keys[1] === 'status') {
        if (keys.length === 2) out[i] = [c.type, c.status];
        else if (keys.length === 3 && keys[2] === 'lastTransitionTime' && typeof time === 'string') out[i] = [c.type, c.status, time === before ? DERIVED_TIME : time];
      }
    }
    before = time;
  }
  return out;
}

/** The conditions a page gets from their wire form (conditionsToWire's), made again in place. */
function conditionsFromWire(podUid: string, conditions: unknown[]): void {
  let before: unknown;
  for (let i = 0; i < conditions.length; i++) {
    const c: unknown = conditions[i];
    if (Array.isArray(c)) {
      const [type, status, time] = c;
      const timeOk = typeof time === 'string' || (time === DERIVED_TIME && typeof before === 'string');
      if ((c.length !== 2 && c.length !== 3) || typeof type !== 'string' || typeof status !== 'string' || (c.length === 3 && !timeOk)) {
        throw new WireError(`pod ${podUid}: a condition as values must be 2 or 3 strings (a time of 0 is the condition's before it, which must have one)`);
      }
      conditions[i] = c.length === 2 ? { type, status } : { type, status, lastTransitionTime: time === DERIVED_TIME ? before : time };
    }
    const made = conditions[i];
    before = typeof made === 'object' && made !== null ? (made as Condition).lastTransitionTime : undefined;
  }
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
  return isEmptyArray(c.ports) && isEmptyArray(c.mounts) && asksForNothing(c.resources);
}

/** Resources of requests and limits, in that order, both empty: what containerSummary gives, and NO_RESOURCES stands for. */
function asksForNothing(r: unknown): boolean {
  return typeof r === 'object' && r !== null && Object.keys(r).join() === 'requests,limits' && isEmptyObject((r as { requests: unknown }).requests) && isEmptyObject((r as { limits: unknown }).limits);
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
  const uid = c.uid === containerUid(podUid, c.group, c.name) ? DERIVED_UID : c.uid;
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
    uid: uid === DERIVED_UID ? containerUid(podUid, group, name) : uid,
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
    containers[i] = summaryValues(podUid, c, c.image) ?? containerSummary(c, c.uid === containerUid(podUid, c.group, c.name) ? DERIVED_UID : c.uid, isParsedImage(c.image) ? c.image.raw : c.image);
  }
  // As podToWire would send the summarized pod: its values when its keys allow them (a summary key it had stays where it was).
  // A value the summary replaces may be one the pod's own keys could not go as values with (conditions left undefined): then the summary's keys decide.
  const bits = shapeBits(pod, POD_KEYS, POD_MORE) ?? shapeBits({ ...pod, conditions: [], volumes: [], containers, summary: true }, POD_KEYS, POD_MORE);
  const values = bits === undefined ? undefined : valuesOf(pod, bits | SUMMARY_BIT, [], containers, []);
  return values ?? { ...pod, conditions: [], volumes: [], containers, summary: true };
}

function containerToWire(podUid: string, c: ContainerModel): unknown {
  // Not a container (null, an array): as it is, for the page to refuse.
  if (!isRecord(c)) return c;
  const out: Record<string, unknown> = {};
  // Key by key, so that the wire form has the container's own key order.
  for (const key of Object.keys(c) as Array<keyof ContainerModel>) {
    const value = c[key];
    if (key === 'uid' && value === containerUid(podUid, c.group, c.name)) out.uid = DERIVED_UID;
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
  if (Array.isArray(value)) return podFromValues(value);
  if (typeof value !== 'object' || value === null) throw new WireError(`a pod must be an object or its values, got ${describe(value)}`);
  const pod = value as Record<string, unknown>;
  if (typeof pod.uid !== 'string') throw new WireError(`a pod's uid must be a string, got ${describe(pod.uid)}`);
  const containers = pod.containers;
  if (!Array.isArray(containers)) throw new WireError(`pod ${pod.uid}: containers must be an array, got ${describe(containers)}`);
  for (let i = 0; i < containers.length; i++) {
    const c: unknown = containers[i];
    containers[i] = Array.isArray(c) ? summaryFromValues(pod.uid, c) : containerFromObject(pod.uid, c);
  }
  const volumes = pod.volumes;
  if (volumes !== undefined && !Array.isArray(volumes)) throw new WireError(`pod ${pod.uid}: volumes must be an array, got ${describe(volumes)}`);
  for (const v of volumes ?? []) {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new WireError(`pod ${pod.uid}: a volume must be an object, got ${describe(v)}`);
    volumeFromObject(pod.uid, v as Record<string, unknown>);
  }
  const conditions = pod.conditions;
  if (conditions !== undefined && !Array.isArray(conditions)) throw new WireError(`pod ${pod.uid}: conditions must be an array, got ${describe(conditions)}`);
  if (conditions) conditionsFromWire(pod.uid, conditions);
  return value as PodModel;
}

/** A container sent as an object (containerToWire's), completed in place. */
function containerFromObject(podUid: string, c: unknown): Record<string, unknown> {
  if (typeof c !== 'object' || c === null || Array.isArray(c)) throw new WireError(`pod ${podUid}: a container must be an object or its values, got ${describe(c)}`);
  const container = c as Record<string, unknown>;
  if (container.uid === DERIVED_UID) {
    if (typeof container.group !== 'string' || typeof container.name !== 'string') {
      throw new WireError(`pod ${podUid}: a container whose uid is left to the page needs a group and a name`);
    }
    container.uid = containerUid(podUid, container.group, container.name);
  }
  if (typeof container.image === 'string') container.image = parseImageRef(container.image);
  if (container.resolvedDigest === DERIVED_DIGEST) container.resolvedDigest = digestLeftOut(podUid, container.imageID);
  return container;
}

/** The resolvedDigest left to the page: what follows the last '@' of the imageID. */
function digestLeftOut(podUid: string, imageID: unknown): string {
  const digest = typeof imageID === 'string' ? digestIn(imageID) : undefined;
  if (digest === undefined) throw new WireError(`pod ${podUid}: a container whose resolvedDigest is left to the page needs an imageID with '@'`);
  return digest;
}

/** A volume sent as an object (volumeToWire's), completed in place. */
function volumeFromObject(podUid: string, volume: Record<string, unknown>): void {
  if (volume.uid !== DERIVED_UID) return;
  if (typeof volume.name !== 'string') throw new WireError(`pod ${podUid}: a volume whose uid is left to the page needs a name`);
  volume.uid = volumeUid(podUid, volume.name);
}

// ------------------------------------------------------------ a whole pod as its values

// A whole pod goes as its values, [bits, ...], in the key order pod.ts,
// container.ts and volume.ts make (and apply.ts keeps), when it has those keys
// in that order: the keys every such object has, then those of the optional
// ones it has, in their order, which `bits` names (1 << their index). The
// page puts the values back under their keys, in that order; anything else
// goes as an object, as above. Its key names were a third of a whole pod's
// bytes. Within it, besides the uids, images and digests above:
//  - a container's resources go as 0 when they ask for and are limited to nothing;
//  - a volume's mountedBy and shared go as 0 when they are what linkMounts makes
//    of the pod's containers' mounts (they always are for a built pod);
//  - podIP and hostIP go as 0 when they are the first of podIPs and hostIPs.
// The parts of the test cluster's 5,332 pods went from 11.7 to 7.4 MB.

const POD_KEYS = ['uid', 'name', 'namespace', 'phase', 'status', 'ready', 'readyContainers', 'totalContainers', 'restarts', 'podIPs', 'hostIPs', 'hostNetwork', 'static', 'conditions', 'labels', 'containers', 'volumes'] as const;
const POD_MORE = ['nodeName', 'qosClass', 'owner', 'podIP', 'hostIP', 'scheduling', 'serviceAccountName', 'priorityClassName', 'restartPolicy', 'creationTimestamp', 'deletionTimestamp', 'summary'] as const;
/** The bit of `summary` (true): a summarized pod's containers as values are summaryValues', not containerValues'. */
const SUMMARY_BIT = 1 << POD_MORE.indexOf('summary');
const CONTAINER_KEYS = ['uid', 'name', 'group', 'image', 'state', 'ready', 'restartCount', 'ports', 'resources', 'mounts'] as const;
const CONTAINER_MORE = ['imageID', 'resolvedDigest', 'resolvedDigestKind', 'containerID', 'lastState', 'started', 'command'] as const;
const VOLUME_KEYS = ['uid', 'name', 'type', 'typeName', 'detail', 'source', 'mountedBy', 'shared', 'sharedWithPods'] as const;
const VOLUME_MORE = ['claim', 'sharedWithPodsTotal'] as const;

type Loose = Record<string, unknown>;

/**
 * Which of `more` the object has, as bits, when its keys are `keys` in that
 * order and then some of `more` in theirs, and none of its values is
 * undefined, a function or a symbol (JSON leaves such a key out of an object
 * but writes null in an array); otherwise undefined.
 */
function shapeBits(o: object, keys: readonly string[], more: readonly string[]): number | undefined {
  const own = Object.keys(o);
  if (own.length < keys.length) return undefined;
  for (let i = 0; i < keys.length; i++) if (own[i] !== keys[i]) return undefined;
  let bits = 0;
  let next = 0;
  for (let i = keys.length; i < own.length; i++) {
    while (next < more.length && more[next] !== own[i]) next++;
    if (next === more.length) return undefined;
    bits |= 1 << next++;
  }
  for (const key of own) {
    const type = typeof (o as Loose)[key];
    if (type === 'undefined' || type === 'function' || type === 'symbol') return undefined;
  }
  return bits;
}

/** An object, not null or an array (read.ts's obj). */
const isRecord = (v: unknown): boolean => obj(v) !== undefined;

/**
 * The mountedBy and shared that linkMounts makes for volumes of these names
 * from the containers' mounts, as the server compares them and the page makes
 * them again; undefined when a name is not a string or a container cannot be read.
 */
function usesMade(volumes: ReadonlyArray<{ name?: unknown }>, containers: readonly ContainerModel[]): Array<Pick<VolumeModel, 'name' | 'mountedBy' | 'shared'>> | undefined {
  if (!volumes.every((v) => typeof v.name === 'string') || !containers.every(mountsKnown)) return undefined;
  const made = volumes.map((v) => ({ name: v.name as string, mountedBy: [] as VolumeUse[], shared: false }));
  linkMounts(made, containers);
  return made;
}

/** Whether linkMounts can read the container: a name and a group that are strings (its uses are told apart by them), and mounts that are objects. */
function mountsKnown(c: ContainerModel): boolean {
  return isRecord(c) && typeof c.name === 'string' && typeof c.group === 'string' && Array.isArray(c.mounts) && c.mounts.every(isRecord);
}

function bitCount(bits: number): number {
  let n = 0;
  for (let b = bits; b !== 0; b &= b - 1) n++;
  return n;
}

/** The values' bits, checked: an integer naming only optional keys there are, with a value for each. */
function checkedBits(podUid: string, what: string, values: unknown[], keys: number, more: number): number {
  const bits = values[0];
  if (typeof bits !== 'number' || !Number.isInteger(bits) || bits < 0 || bits >= 1 << more) throw new WireError(`${podUid === '' ? 'a pod' : `pod ${podUid}`}: ${what} as values must begin with the bits of its optional keys, got ${describe(bits)}`);
  const want = 1 + keys + bitCount(bits);
  if (values.length !== want) throw new WireError(`${podUid === '' ? 'a pod' : `pod ${podUid}`}: ${what} as values must have ${want} of them, got ${values.length}`);
  return bits;
}

/** The pod as its values, or undefined when its keys, or a value the page would make again, do not allow it. */
function podValues(pod: PodModel): unknown[] | undefined {
  const bits = shapeBits(pod, POD_KEYS, POD_MORE);
  if (bits === undefined || !Array.isArray(pod.containers) || !Array.isArray(pod.volumes) || !Array.isArray(pod.conditions)) return undefined;
  // In a pod as values an array is a container's or a volume's values: anything not an object goes in an object pod, as it is.
  if (!pod.containers.every(isRecord) || !pod.volumes.every(isRecord)) return undefined;
  const summary = (bits & SUMMARY_BIT) !== 0;
  // A summary key of another value than true, which the page would take for a whole pod's or a summarized one's.
  if (summary && pod.summary !== true) return undefined;
  const containers = new Array<unknown>(pod.containers.length);
  for (let i = 0; i < containers.length; i++) {
    const c = pod.containers[i]!;
    containers[i] = (summary ? isSummary(c) && summaryValues(pod.uid, c, c.image) : containerValues(pod.uid, c)) || containerToWire(pod.uid, c);
  }
  return valuesOf(pod, bits, conditionsToWire(pod.conditions), containers, volumesToWire(pod));
}

/** The pod's values with `bits`, its conditions, containers and volumes as given, its IPs as 0 where they are the first of their lists. */
function valuesOf(pod: PodModel, bits: number, conditions: unknown[], containers: unknown[], volumes: unknown[]): unknown[] | undefined {
  const record = pod as unknown as Loose;
  const out: unknown[] = [bits];
  for (const key of POD_KEYS) out.push(key === 'conditions' ? conditions : key === 'containers' ? containers : key === 'volumes' ? volumes : record[key]);
  for (let i = 0; i < POD_MORE.length; i++) {
    if ((bits & (1 << i)) === 0) continue;
    const key = POD_MORE[i]!;
    const value = key === 'summary' ? true : record[key];
    if (key === 'podIP' || key === 'hostIP') {
      if (value === DERIVED_IP) return undefined;
      const list: unknown = key === 'podIP' ? pod.podIPs : pod.hostIPs;
      const first: unknown = Array.isArray(list) ? list[0] : undefined;
      out.push(typeof value === 'string' && value === first ? DERIVED_IP : value);
    } else out.push(value);
  }
  return out;
}

function containerValues(podUid: string, c: ContainerModel): unknown[] | undefined {
  const bits = shapeBits(c, CONTAINER_KEYS, CONTAINER_MORE);
  if (bits === undefined || typeof c.name !== 'string' || typeof c.group !== 'string' || typeof c.image !== 'object') return undefined;
  // A value that is the page's sign for one it makes: the container goes as an object.
  if ((c.uid as unknown) === DERIVED_UID || (c.resources as unknown) === NO_RESOURCES || (c.resolvedDigest as unknown) === DERIVED_DIGEST) return undefined;
  const out: unknown[] = [
    bits,
    c.uid === containerUid(podUid, c.group, c.name) ? DERIVED_UID : c.uid,
    c.name,
    c.group,
    isParsedImage(c.image) ? c.image.raw : c.image,
    c.state,
    c.ready,
    c.restartCount,
    c.ports,
    asksForNothing(c.resources) ? NO_RESOURCES : c.resources,
    c.mounts,
  ];
  const record = c as unknown as Loose;
  for (let i = 0; i < CONTAINER_MORE.length; i++) {
    if ((bits & (1 << i)) === 0) continue;
    const key = CONTAINER_MORE[i]!;
    const value = record[key];
    out.push(key === 'resolvedDigest' && typeof c.imageID === 'string' && digestIn(c.imageID) === value ? DERIVED_DIGEST : value);
  }
  return out;
}

/** The pod's volumes on the wire, as values where they can be, their uses left to the page where it makes them the same. */
function volumesToWire(pod: PodModel): unknown[] {
  const volumes = pod.volumes;
  const made = usesMade(volumes, pod.containers);
  const out = new Array<unknown>(volumes.length);
  for (let i = 0; i < volumes.length; i++) out[i] = volumeValues(pod.uid, volumes[i]!, made?.[i]) ?? volumeToWire(pod.uid, volumes[i]!);
  return out;
}

function volumeValues(podUid: string, v: VolumeModel, made: Pick<VolumeModel, 'mountedBy' | 'shared'> | undefined): unknown[] | undefined {
  const bits = shapeBits(v, VOLUME_KEYS, VOLUME_MORE);
  if (bits === undefined || typeof v.name !== 'string') return undefined;
  if ((v.uid as unknown) === DERIVED_UID || (v.mountedBy as unknown) === DERIVED_USES || (v.shared as unknown) === DERIVED_USES) return undefined;
  const derived = made !== undefined && made.shared === v.shared && JSON.stringify(made.mountedBy) === JSON.stringify(v.mountedBy);
  const out: unknown[] = [
    bits,
    v.uid === volumeUid(podUid, v.name) ? DERIVED_UID : v.uid,
    v.name,
    v.type,
    v.typeName,
    v.detail,
    v.source,
    derived ? DERIVED_USES : v.mountedBy,
    derived ? DERIVED_USES : v.shared,
    v.sharedWithPods,
  ];
  const record = v as unknown as Loose;
  for (let i = 0; i < VOLUME_MORE.length; i++) if (bits & (1 << i)) out.push(record[VOLUME_MORE[i]!]);
  return out;
}

/** A pod from its values (podValues' or summaryToWire's). */
function podFromValues(values: unknown[]): PodModel {
  const uid = values[1];
  if (typeof uid !== 'string') throw new WireError(`a pod's uid must be a string, got ${describe(uid)}`);
  const bits = checkedBits(uid, 'a pod', values, POD_KEYS.length, POD_MORE.length);
  const pod: Loose = {
    uid,
    name: values[2],
    namespace: values[3],
    phase: values[4],
    status: values[5],
    ready: values[6],
    readyContainers: values[7],
    totalContainers: values[8],
    restarts: values[9],
    podIPs: values[10],
    hostIPs: values[11],
    hostNetwork: values[12],
    static: values[13],
    conditions: values[14],
    labels: values[15],
    containers: values[16],
    volumes: values[17],
  };
  let next = 1 + POD_KEYS.length;
  for (let i = 0; i < POD_MORE.length; i++) if (bits & (1 << i)) pod[POD_MORE[i]!] = values[next++];
  for (const [key, list] of [['podIP', pod.podIPs], ['hostIP', pod.hostIPs]] as const) {
    if (pod[key] !== DERIVED_IP) continue;
    const first: unknown = Array.isArray(list) ? list[0] : undefined;
    if (typeof first !== 'string') throw new WireError(`pod ${uid}: a ${key} left to the page needs a first address in ${key}s`);
    pod[key] = first;
  }
  const { containers, volumes, conditions } = pod;
  if (!Array.isArray(containers)) throw new WireError(`pod ${uid}: containers must be an array, got ${describe(containers)}`);
  if (!Array.isArray(volumes)) throw new WireError(`pod ${uid}: volumes must be an array, got ${describe(volumes)}`);
  if (!Array.isArray(conditions)) throw new WireError(`pod ${uid}: conditions must be an array, got ${describe(conditions)}`);
  const summary = (bits & SUMMARY_BIT) !== 0;
  if (summary && pod.summary !== true) throw new WireError(`pod ${uid}: a pod as values with a summary key must have it true, got ${describe(pod.summary)}`);
  for (let i = 0; i < containers.length; i++) {
    const c: unknown = containers[i];
    containers[i] = !Array.isArray(c) ? containerFromObject(uid, c) : summary ? summaryFromValues(uid, c) : containerFromValues(uid, c);
  }
  // The volumes, sent as values, whose uses are left to the page (an object's mountedBy of 0 is its own).
  let leftToPage: number[] | undefined;
  for (let i = 0; i < volumes.length; i++) {
    const v: unknown = volumes[i];
    if (Array.isArray(v)) {
      const volume = volumeFromValues(uid, v);
      volumes[i] = volume;
      if (volume.mountedBy === DERIVED_USES) (leftToPage ??= []).push(i);
    } else if (typeof v === 'object' && v !== null) volumeFromObject(uid, v as Loose);
    else throw new WireError(`pod ${uid}: a volume must be an object or its values, got ${describe(v)}`);
  }
  if (leftToPage) usesFromMounts(uid, volumes as Loose[], containers as ContainerModel[], leftToPage);
  conditionsFromWire(uid, conditions);
  return pod as unknown as PodModel;
}

function containerFromValues(podUid: string, values: unknown[]): Loose {
  const bits = checkedBits(podUid, 'a container', values, CONTAINER_KEYS.length, CONTAINER_MORE.length);
  const [, uid, name, group, image, state, ready, restartCount, ports, resources, mounts] = values;
  if (uid === DERIVED_UID && (typeof name !== 'string' || typeof group !== 'string')) throw new WireError(`pod ${podUid}: a container whose uid is left to the page needs a group and a name`);
  const out: Loose = {
    uid: uid === DERIVED_UID ? containerUid(podUid, group as string, name as string) : uid,
    name,
    group,
    image: typeof image === 'string' ? parseImageRef(image) : image,
    state,
    ready,
    restartCount,
    ports,
    resources: resources === NO_RESOURCES ? { requests: {}, limits: {} } : resources,
    mounts,
  };
  let next = 1 + CONTAINER_KEYS.length;
  for (let i = 0; i < CONTAINER_MORE.length; i++) if (bits & (1 << i)) out[CONTAINER_MORE[i]!] = values[next++];
  if (out.resolvedDigest === DERIVED_DIGEST) out.resolvedDigest = digestLeftOut(podUid, out.imageID);
  return out;
}

function volumeFromValues(podUid: string, values: unknown[]): Loose {
  const bits = checkedBits(podUid, 'a volume', values, VOLUME_KEYS.length, VOLUME_MORE.length);
  const [, uid, name, type, typeName, detail, source, mountedBy, shared, sharedWithPods] = values;
  if (uid === DERIVED_UID && typeof name !== 'string') throw new WireError(`pod ${podUid}: a volume whose uid is left to the page needs a name`);
  if ((mountedBy === DERIVED_USES) !== (shared === DERIVED_USES)) throw new WireError(`pod ${podUid}: a volume's mountedBy and shared are left to the page together, or neither`);
  const out: Loose = { uid: uid === DERIVED_UID ? volumeUid(podUid, name as string) : uid, name, type, typeName, detail, source, mountedBy, shared, sharedWithPods };
  let next = 1 + VOLUME_KEYS.length;
  for (let i = 0; i < VOLUME_MORE.length; i++) if (bits & (1 << i)) out[VOLUME_MORE[i]!] = values[next++];
  return out;
}

/** The volumes' mountedBy and shared left to the page, made from the containers' mounts as linkMounts made them. */
function usesFromMounts(podUid: string, volumes: Loose[], containers: ContainerModel[], which: readonly number[]): void {
  const made = usesMade(volumes, containers);
  if (!made) throw new WireError(`pod ${podUid}: volumes whose uses are left to the page need names, and containers with a name, a group and mounts that are objects`);
  for (const i of which) {
    volumes[i]!.mountedBy = made[i]!.mountedBy;
    volumes[i]!.shared = made[i]!.shared;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value;
}
