// What the model reads of each object, and nothing else: a snapshot read for
// a view keeps its objects only until the model is built (main/model), and
// most of a pod is never looked at there (env, probes, security contexts,
// tolerations, each container status's image and mounts, annotations…).
// Projecting each object as it is read keeps the objects of 100,000 pods
// small beside the model they are built into.
//
// The projection keeps the shape: a plain object is narrowed to the fields
// listed, an array's items are projected alike, and any other value (a
// string where an object belongs, an array where an object belongs: hostile
// or broken input) is kept as it is, so the model reads exactly what it
// would have read of the whole object. buildModel of projected objects
// deep-equals buildModel of the objects (test/main/snapshot/project.test.ts,
// which also traces every field the model reads and fails when one is not
// kept here).

import { MIRROR_ANNOTATION } from '../model/node.ts';
import { MAX_ENTRIES } from '../model/read.ts';
import type { ClusterObjects, KubeObject } from '../model/kube.ts';
import type { ListKey } from './resources.ts';

/**
 * `true`: the value whole. An object: a plain object keeps only these
 * fields, each projected by its own shape. `[shape]`: an array's items each
 * projected by `shape`. A function: the projection of the value, computed.
 */
export type Shape = true | { readonly [field: string]: Shape } | readonly [Shape] | ((value: unknown) => unknown);

/**
 * The pod's annotations only tell the model whether the pod is a static
 * pod's mirror (main/model/pod.ts): one key, read as record() reads it (the
 * first MAX_ENTRIES string entries).
 */
function mirrorAnnotation(value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  let entries = 0;
  for (const key of Object.keys(value)) {
    if (entries >= MAX_ENTRIES) break;
    const v = value[key];
    if (typeof v !== 'string') continue;
    entries++;
    if (key === MIRROR_ANNOTATION) return { [MIRROR_ANNOTATION]: v };
  }
  return {};
}

const CONDITION: Shape = { type: true, status: true, reason: true, message: true, lastTransitionTime: true };

const CONTAINER: Shape = {
  name: true,
  image: true,
  restartPolicy: true,
  command: true,
  ports: true,
  volumeMounts: true,
  resources: { requests: true, limits: true },
};

const CONTAINER_STATUS: Shape = {
  name: true,
  state: true,
  lastState: true,
  ready: true,
  restartCount: true,
  started: true,
  imageID: true,
  containerID: true,
};

const POD: Shape = {
  metadata: {
    name: true,
    namespace: true,
    uid: true,
    labels: true,
    annotations: mirrorAnnotation,
    ownerReferences: true,
    creationTimestamp: true,
    deletionTimestamp: true,
  },
  spec: {
    nodeName: true,
    hostNetwork: true,
    serviceAccountName: true,
    serviceAccount: true,
    priorityClassName: true,
    restartPolicy: true,
    volumes: true,
    initContainers: [CONTAINER],
    containers: [CONTAINER],
    ephemeralContainers: [CONTAINER],
  },
  status: {
    phase: true,
    reason: true,
    conditions: [CONDITION],
    podIP: true,
    podIPs: true,
    hostIP: true,
    hostIPs: true,
    qosClass: true,
    initContainerStatuses: [CONTAINER_STATUS],
    containerStatuses: [CONTAINER_STATUS],
    ephemeralContainerStatuses: [CONTAINER_STATUS],
  },
};

const NODE: Shape = {
  metadata: { name: true, uid: true, labels: true, creationTimestamp: true },
  spec: { podCIDRs: true, podCIDR: true, unschedulable: true, taints: true },
  status: { conditions: [CONDITION], addresses: true, images: true, capacity: true, allocatable: true, nodeInfo: true },
};

const CLAIM: Shape = {
  metadata: { name: true, namespace: true, uid: true },
  spec: { accessModes: true, storageClassName: true, resources: { requests: true }, volumeName: true },
  status: { phase: true, accessModes: true, capacity: true },
};

/** A volume's source is whichever field of its spec is an object, so the spec stays whole. */
const VOLUME: Shape = {
  metadata: { name: true, uid: true },
  spec: true,
  status: { phase: true },
};

const NAMESPACE: Shape = { metadata: { name: true } };

/** Each list's shape, as main/model reads its objects. */
export const MODEL_SHAPES: Readonly<Record<ListKey, Shape>> = {
  nodes: NODE,
  pods: POD,
  persistentVolumeClaims: CLAIM,
  persistentVolumes: VOLUME,
  namespaces: NAMESPACE,
};

/** `value` narrowed to `shape` (see Shape); the value itself where the shape is whole or does not fit. */
export function project(value: unknown, shape: Shape): unknown {
  if (shape === true) return value;
  if (typeof shape === 'function') return shape(value);
  if (isShapeArray(shape)) {
    if (!Array.isArray(value)) return value;
    const item = shape[0];
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) out[i] = project(value[i], item);
    return out;
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const field in shape) {
    // Own fields only, as the model reads them; the names are this file's, never `__proto__`.
    if (Object.hasOwn(value, field)) out[field] = project(value[field], shape[field] as Shape);
  }
  return out;
}

/** An object of a list, as the model reads it. */
export function projectObject(key: ListKey, item: KubeObject): KubeObject {
  return project(item, MODEL_SHAPES[key]) as KubeObject;
}

/** Every list projected (gaps as they are): what the model is built from when nothing else needs the objects. */
export function projectObjects(objects: ClusterObjects): ClusterObjects {
  const out: ClusterObjects = { ...objects };
  for (const key of Object.keys(MODEL_SHAPES) as ListKey[]) {
    const list = objects[key];
    if (Array.isArray(list)) out[key] = list.map((item) => projectObject(key, item));
  }
  return out;
}

function isShapeArray(shape: Shape): shape is readonly [Shape] {
  return Array.isArray(shape);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
