// The model's public API: build a model from Kubernetes objects, and the pieces
// other parts (CLI, snapshot loader, tests) reuse on their own.

export { buildModel, NODE_NOT_FOUND, NODE_NOT_READABLE } from './build.ts';
export { parseImageRef, parseImageID, digestFromImageID, DEFAULT_REGISTRY } from './image.ts';
export type { ImageIDKind } from './image.ts';
export { parseContainerRuntime } from './runtime.ts';
export { podStatus } from './status.ts';
export type { PodStatusContext, PodStatusSummary } from './status.ts';
export { CONSEQUENCES } from './gaps.ts';
export { MODEL_SCHEMA } from './types.ts';
export type * from './types.ts';
export type { ClusterObjects, KubeObject } from './kube.ts';
export { applyDelta, applyDeltas, emptyModelState, modelStateFrom } from './apply.ts';
export type { Applied, ModelState } from './apply.ts';
export { OBJECT_LISTS, objectKey, relistDeltas, resourceVersionOf, sameVersion } from './delta.ts';
export type { Delta, GapsDelta, ObjectDelta, ObjectList } from './delta.ts';
export { applyPatch, isEmptyPatch, mergePatches } from './patch.ts';
export type { ModelChanges, ModelPatch, ModelReplacement, NodeChange, NodeHeader, PodChange } from './patch.ts';
export { emptyStore, storeObjects } from './store.ts';
export type { ObjectStore } from './store.ts';
export { parseSelector, selectModel, selectorText, SelectionError, SelectorSyntaxError, SELECTOR_FORMS } from './select.ts';
export type { Selector } from './select.ts';
