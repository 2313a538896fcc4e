// The teaching hooks of issue 12 (item 3): which of an object's events tell a
// lens's story. C1 (the control plane looks after the workers) shows a pod's
// scheduling: the scheduler binding it to a node, or saying why it could not.
// C7 and C10 (images stay on the node; a pull fetches the layers) show the
// kubelet pulling a container's image. Pure: events in, story lines out; the
// words are message ids the page translates. Notes are the cluster's text.

import { fieldPathContainer, oldestFirst, type ClusterEvent } from '../../main/model/events.ts';

/** The scheduler's reasons (kube-scheduler's Scheduled and FailedScheduling; also any other scheduler that uses them). */
const SCHEDULING_REASONS = new Set(['Scheduled', 'FailedScheduling']);

/** An event of the scheduler placing (or failing to place) a pod: about the pod itself, not one of its containers. */
export function isSchedulingEvent(e: ClusterEvent): boolean {
  return e.regarding.kind === 'Pod' && SCHEDULING_REASONS.has(e.reason) && fieldPathContainer(e.regarding.fieldPath) === undefined;
}

export type SchedulingStep =
  | { kind: 'scheduled'; node?: string; event: ClusterEvent }
  | { kind: 'failed'; event: ClusterEvent };

/** The node a Scheduled note names: "Successfully assigned ns/pod to node-1". */
export function scheduledNode(note: string): string | undefined {
  const m = /\bto (\S+?)\.?\s*$/.exec(note);
  return m ? m[1] : undefined;
}

/** A pod's scheduling story from its events, oldest first; `nodeName` (the pod's spec) names the node when a note does not. */
export function schedulingStory(events: Iterable<ClusterEvent>, nodeName?: string): SchedulingStep[] {
  const steps: SchedulingStep[] = [];
  for (const e of [...events].filter(isSchedulingEvent).sort(oldestFirst)) {
    if (e.reason === 'Scheduled') {
      const node = scheduledNode(e.note) ?? (nodeName || undefined);
      steps.push(node === undefined ? { kind: 'scheduled', event: e } : { kind: 'scheduled', node, event: e });
    } else steps.push({ kind: 'failed', event: e });
  }
  return steps;
}

/**
 * Why a pod still waits for a node: the note of its last FailedScheduling,
 * when nothing scheduled it after that and it has no node; otherwise undefined.
 */
export function pendingReason(story: readonly SchedulingStep[], nodeName: string | undefined): string | undefined {
  if (nodeName) return undefined;
  const last = story[story.length - 1];
  return last?.kind === 'failed' ? last.event.note : undefined;
}

/** What a pull event says happened to the image. */
export type PullPhase = 'pulling' | 'pulled' | 'present' | 'failed' | 'backoff';

/**
 * The kubelet's image-pull phase an event reports, or undefined when it is
 * not about pulling. The kubelet reuses some reasons: "Failed" is also a
 * container that would not start, "BackOff" also a restart's back-off, so
 * for those the note decides.
 */
export function pullPhase(e: ClusterEvent): PullPhase | undefined {
  switch (e.reason) {
    case 'Pulling':
      return 'pulling';
    case 'Pulled':
      return /already present on machine/i.test(e.note) ? 'present' : 'pulled';
    case 'ErrImageNeverPull':
    case 'InspectFailed':
      return 'failed';
    case 'Failed':
      return /pull image|ErrImagePull|ImagePullBackOff|ErrImageNeverPull|InvalidImageName/i.test(e.note) ? 'failed' : undefined;
    case 'BackOff':
      return /pulling image/i.test(e.note) ? 'backoff' : undefined;
    default:
      return undefined;
  }
}

export interface PullStep {
  phase: PullPhase;
  event: ClusterEvent;
}

/**
 * The pull events of one container of a pod, oldest first: only those whose
 * `regarding.fieldPath` names that container (`spec.containers{name}`,
 * `spec.initContainers{name}`, `spec.ephemeralContainers{name}`); a pod's
 * events that name no container are not about any one image.
 */
export function pullStory(events: Iterable<ClusterEvent>, container: string): PullStep[] {
  const steps: PullStep[] = [];
  for (const e of [...events].sort(oldestFirst)) {
    if (e.regarding.kind !== 'Pod' || fieldPathContainer(e.regarding.fieldPath) !== container) continue;
    const phase = pullPhase(e);
    if (phase) steps.push({ phase, event: e });
  }
  return steps;
}
