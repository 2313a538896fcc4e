// The pieces of a pod the lenses (lenses.ts) and the quiz (quiz.ts) both talk
// about, defined once so that the two never disagree on what a running
// container or a shared volume is, nor on how a target names its pod.

import { isInjectedVolume } from '../../main/model/injected.ts';
import type { ContainerModel, NodeModel, PodModel, VolumeModel } from '../../main/model/types.ts';
import type { LensTarget } from './concepts.ts';

/** A list, or none for missing or odd data (a lens never throws on a broken model). */
export function arr<T>(v: T[] | undefined | null): T[] {
  return Array.isArray(v) ? v : [];
}

/** namespace/name: how pods are named in sentences, subjects and shared claims. */
export function podName(p: PodModel): string {
  return `${p.namespace}/${p.name}`;
}

/** Containers that run beside each other (init containers finish before the others start; ephemeral ones are visitors). */
export function running(p: PodModel): ContainerModel[] {
  return arr(p.containers).filter((c) => c.group === 'app' || c.group === 'sidecar');
}

/** A volume two or more of its pod's containers mount, leaving out the token volume Kubernetes injects. */
export function isSharedVolume(v: VolumeModel): boolean {
  return v.shared === true && arr(v.mountedBy).length >= 2 && !isInjectedVolume(v);
}

export const podTarget = (p: PodModel): LensTarget => ({ kind: 'pod', uid: p.uid });
export const nodeTarget = (n: NodeModel): LensTarget => ({ kind: 'node', uid: n.uid });
// A container or volume target names its pod (within): showing it then lays out that pod only, not the whole containers level.
export const containerTarget = (p: PodModel, c: ContainerModel): LensTarget => ({ kind: 'container', uid: c.uid, within: p.uid });
export const volumeTarget = (p: PodModel, v: VolumeModel): LensTarget => ({ kind: 'volume', uid: v.uid, within: p.uid });
