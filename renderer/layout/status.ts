// Maps Kubernetes' many status words onto the five colours the picture uses.

import type { ContainerModel, NodeModel, PodModel } from '../../main/model/types.ts';
import type { StatusTone } from './types.ts';

const FAILED = /backoff|err|fail|oom|evicted|invalid|denied|unschedulable|deadline|killed/i;
const PENDING = /^(pending|containercreating|podinitializing|init:\d+\/\d+|terminating|notready)$/i;

export function podTone(pod: PodModel): StatusTone {
  const status = typeof pod.status === 'string' ? pod.status : '';
  if (FAILED.test(status)) return 'failed';
  if (/^(completed|succeeded)$/i.test(status)) return 'done';
  if (/^running$/i.test(status)) return pod.ready ? 'ok' : 'pending';
  if (PENDING.test(status) || pod.phase === 'Pending') return 'pending';
  if (pod.phase === 'Failed') return 'failed';
  if (pod.phase === 'Succeeded') return 'done';
  return 'unknown';
}

export function containerTone(c: ContainerModel): StatusTone {
  const state = c.state ?? { kind: 'unknown' };
  switch (state.kind) {
    case 'running':
      return c.ready || c.group === 'ephemeral' ? 'ok' : 'pending';
    case 'waiting':
      return FAILED.test(state.reason ?? '') ? 'failed' : 'pending';
    case 'terminated':
      return state.exitCode === 0 || (state.exitCode === undefined && /completed/i.test(state.reason ?? '')) ? 'done' : 'failed';
    default:
      return 'unknown';
  }
}

export function nodeTone(node: NodeModel): StatusTone {
  const status = node.ready?.status;
  if (status === 'True') return 'ok';
  if (status === 'False') return 'failed';
  return 'unknown';
}
