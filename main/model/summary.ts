// What a page is sent of a large model. Above SUMMARY_FROM_PODS pods the page
// never lays out containers or volumes (renderer/layout/lod.ts caps the
// canvas at 20,000 containers), so of each pod it needs only what the
// overview, search and the pod's header show. The rest (conditions, volumes,
// containers' ports, mounts, resources and IDs) is most of a pod's JSON: at
// 100,000 pods the whole model was 387 MB on the wire, seconds to serialize
// and parse and most of the page's heap. The details panel asks for the one
// object it shows whole (object:get). The session keeps its own model whole.
// Pure: no Node, no DOM.

import type { ModelChanges, ModelPatch } from './patch.ts';
import type { AnatomyModel, ContainerModel, PodModel } from './types.ts';

/** Models with more pods than this go to a page summarized; at or below it, whole. */
export const SUMMARY_FROM_PODS = 20_000;

/** Whether a model of this size goes to a page summarized. `fromPods` is for tests of small models. */
export function isSummarized(model: AnatomyModel, fromPods = SUMMARY_FROM_PODS): boolean {
  return model.stats.pods > fromPods;
}

/**
 * The model as a page is sent it: the model itself (the same object) at or
 * below SUMMARY_FROM_PODS pods, else a copy whose every pod is summarizePod's.
 * The model given is left as it was.
 */
export function summarizeModel(model: AnatomyModel, fromPods = SUMMARY_FROM_PODS): AnatomyModel {
  if (!isSummarized(model, fromPods)) return model;
  return {
    ...model,
    nodes: model.nodes.map((node) => ({ ...node, pods: node.pods.map(summarizePod) })),
    unscheduled: model.unscheduled.map(summarizePod),
  };
}

/**
 * An update (the contract's ModelUpdate, which main/model may not import) as
 * a page is sent it: the update itself when its model goes whole, else a new
 * one with the model summarizeModel's. Made when sent and not kept: a page
 * sent the model in parts has each pod summarized as its part is made
 * (main/contract/wire.ts), so no summarized copy of 100,000 pods (about
 * 105 MiB) lives beside the session's model.
 */
export function summarizeUpdate<U extends { model: AnatomyModel }>(update: U, fromPods = SUMMARY_FROM_PODS): U {
  const model = summarizeModel(update.model, fromPods);
  return model === update.model ? update : { ...update, model };
}

/**
 * A pod with what the overview, search, layout and the panel's header use:
 * every field but conditions and volumes (emptied), and containers reduced to
 * their identity, image, state and counts. Marked `summary: true` so the page
 * knows to ask for the whole pod before showing details.
 */
export function summarizePod(pod: PodModel): PodModel {
  return { ...pod, conditions: [], volumes: [], containers: pod.containers.map(summarizeContainer), summary: true };
}

function summarizeContainer(c: ContainerModel): ContainerModel {
  // Whole image: search matches the reference and the panel's header shows it.
  return containerSummary(c, c.uid, c.image);
}

/**
 * A container's summary with `uid` and `image` in their places as given:
 * summarizeContainer's, and main/model/wire.ts's summaryToWire with their
 * wire forms, so that a summarized pod's wire form is its summary.
 */
export function containerSummary<U, I>(c: ContainerModel, uid: U, image: I): Omit<ContainerModel, 'uid' | 'image'> & { uid: U; image: I } {
  // Listed field by field rather than spread and deleted: a field added to
  // ContainerModel later stays off the wire until someone decides it is needed.
  const out: Omit<ContainerModel, 'uid' | 'image'> & { uid: U; image: I } = {
    uid,
    name: c.name,
    group: c.group,
    image,
    state: c.state,
    ready: c.ready,
    restartCount: c.restartCount,
    ports: [],
    mounts: [],
    resources: { requests: {}, limits: {} },
  };
  if (c.started !== undefined) out.started = c.started;
  return out;
}

/** A patch of the model as a page is sent it; `summarized`: whether the model it applies to is. A full patch's model decides for itself. */
export function summarizeModelPatch(patch: ModelChanges, summarized: boolean): ModelChanges;
export function summarizeModelPatch(patch: ModelPatch, summarized: boolean, fromPods?: number): ModelPatch;
export function summarizeModelPatch(patch: ModelPatch, summarized: boolean, fromPods = SUMMARY_FROM_PODS): ModelPatch {
  if (patch.kind === 'full') {
    const model = summarizeModel(patch.model, fromPods);
    return model === patch.model ? patch : { kind: 'full', model };
  }
  if (!summarized) return patch;
  return { ...patch, pods: patch.pods.map((c) => (c.pod ? { ...c, pod: summarizePod(c.pod) } : c)) };
}

/**
 * A patch update (the contract's ModelPatchUpdate, which main/model may not
 * import) as a page is sent it. `summarized` is whether the model the
 * patch applies to was sent summarized; the update itself when it was not.
 * The caller sends the whole model instead when the patch crosses
 * SUMMARY_FROM_PODS, as the pods it leaves alone would stay as they were.
 */
export function summarizePatch<U extends { patch: ModelChanges }>(update: U, summarized: boolean): U {
  const patch = summarizeModelPatch(update.patch, summarized);
  return patch === update.patch ? update : { ...update, patch };
}
