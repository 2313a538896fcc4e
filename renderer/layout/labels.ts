// The words the picture shows for each kind of object, before fitting.
// Everything here returns cleaned single-line strings.

import type { ContainerModel, ImageRef, NodeModel, PodModel, VolumeModel } from '../../main/model/types.ts';
import { cleanLabel } from './text.ts';

/** "sha256:4c0fdaa8b634…" → "sha256:4c0fdaa8". */
export function shortDigest(digest: unknown): string {
  const d = cleanLabel(digest);
  if (!d) return '';
  const [algo, hex] = d.includes(':') ? [d.slice(0, d.indexOf(':')), d.slice(d.indexOf(':') + 1)] : ['', d];
  return algo ? `${algo}:${hex.slice(0, 8)}` : hex.slice(0, 8);
}

/** name:tag, then the digest (pinned, or else the one the runtime resolved), short. */
export function imageLabel(image: ImageRef | undefined, resolvedDigest?: string): string {
  if (!image || typeof image !== 'object') return '';
  const name = cleanLabel(image.name) || cleanLabel(image.raw);
  const tag = cleanLabel(image.tag);
  const digest = shortDigest(image.digest ?? resolvedDigest);
  let out = tag ? `${name}:${tag}` : name;
  if (digest) out += ` @${digest}`;
  return out;
}

export function containerStateLabel(c: ContainerModel): string {
  const state = c.state ?? { kind: 'unknown' };
  let text: string;
  switch (state.kind) {
    case 'running':
      text = c.group === 'ephemeral' ? 'Running' : c.ready ? 'Running · ready' : 'Running · not ready';
      break;
    case 'waiting':
      text = `Waiting${state.reason ? `: ${cleanLabel(state.reason)}` : ''}`;
      break;
    case 'terminated': {
      const reason = cleanLabel(state.reason) || 'Terminated';
      text = typeof state.exitCode === 'number' ? `${reason} (exit ${state.exitCode})` : reason;
      break;
    }
    default:
      text = 'State unknown';
  }
  const restarts = Number(c.restartCount) || 0;
  if (restarts > 0) text += ` · ${restarts} restart${restarts === 1 ? '' : 's'}`;
  return text;
}

export function groupLabel(c: ContainerModel): string {
  return c.group === 'app' ? '' : c.group;
}

export function runtimeLabel(node: NodeModel): string {
  const rt = node.runtime;
  if (rt && (rt.name || rt.version)) return cleanLabel(`${rt.name ?? ''} ${rt.version ?? ''}`);
  return cleanLabel(node.info?.containerRuntimeVersion);
}

/** "InternalIP 172.18.0.2 · podCIDR 10.244.1.0/24". */
export function nodeNetworkLine(node: NodeModel): string {
  const parts: string[] = [];
  const ip = cleanLabel(node.internalIP);
  parts.push(`InternalIP ${ip || '—'}`);
  const cidrs = Array.isArray(node.podCIDRs) ? node.podCIDRs.map(cleanLabel).filter(Boolean) : [];
  parts.push(`podCIDR ${cidrs.length ? cidrs.join(', ') : '—'}`);
  return parts.join(' · ');
}

/** "containerd 2.1.3 · kubelet v1.33.1 · linux/amd64". */
export function nodeSystemLine(node: NodeModel): string {
  const parts: string[] = [];
  const rt = runtimeLabel(node);
  if (rt) parts.push(rt);
  const kubelet = cleanLabel(node.info?.kubeletVersion);
  if (kubelet) parts.push(`kubelet ${kubelet}`);
  const os = cleanLabel(node.info?.operatingSystem);
  const arch = cleanLabel(node.info?.architecture);
  if (os || arch) parts.push([os, arch].filter(Boolean).join('/'));
  if (node.inferred) parts.push('inferred from pods');
  return parts.join(' · ') || 'runtime unknown';
}

/**
 * The node's roles as kubectl's ROLES column shows them (every
 * node-role.kubernetes.io/<role> label and kubernetes.io/role, sorted, or
 * <none>). The node's band, not this label, says control plane or worker.
 */
export function nodeRolesLabel(node: NodeModel): string {
  const roles = Array.isArray(node.roles) ? node.roles.map(cleanLabel).filter(Boolean) : [];
  return roles.length ? roles.join(',') : '<none>';
}

export function nodeReadyLabel(node: NodeModel): string {
  if (node.inferred) return 'unknown';
  const s = node.ready?.status;
  const ready = s === 'True' ? 'Ready' : s === 'False' ? 'NotReady' : 'Unknown';
  return node.unschedulable ? `${ready} · cordoned` : ready;
}

/** The IP a pod is reachable at: its own, or the node's when it shares the host network. */
export function podAddress(pod: PodModel, node?: NodeModel): string {
  const own = cleanLabel(pod.podIP);
  if (own) return own;
  if (pod.hostNetwork) return cleanLabel(pod.hostIP) || cleanLabel(node?.internalIP);
  return '';
}

export function podTooltip(pod: PodModel, ip: string): string {
  const lines = [
    `Pod ${cleanLabel(pod.namespace)}/${cleanLabel(pod.name)}`,
    `Status: ${cleanLabel(pod.status) || 'unknown'} (${Number(pod.readyContainers) || 0}/${Number(pod.totalContainers) || 0} ready)`,
    `IP: ${ip || 'none'}${pod.hostNetwork ? ' (host network)' : ''}`,
  ];
  if (Array.isArray(pod.podIPs) && pod.podIPs.length > 1) lines.push(`IPs: ${pod.podIPs.map(cleanLabel).join(', ')}`);
  if (pod.nodeName) lines.push(`Node: ${cleanLabel(pod.nodeName)}`);
  if (pod.owner) lines.push(`Owner: ${cleanLabel(pod.owner.kind)} ${cleanLabel(pod.owner.name)}`);
  if (pod.scheduling?.message) lines.push(`Scheduling: ${cleanLabel(pod.scheduling.message)}`);
  return lines.join('\n');
}

export function volumeDetail(v: VolumeModel): string {
  const detail = cleanLabel(v.detail) || cleanLabel(v.type === 'other' ? v.typeName : v.type);
  const others = Array.isArray(v.sharedWithPods) ? v.sharedWithPods.length : 0;
  return others > 0 ? `${detail} · +${others} pod${others === 1 ? '' : 's'}` : detail;
}

export function mountLabel(mountPath: unknown, readOnly: boolean): string {
  const path = cleanLabel(mountPath) || '?';
  return readOnly ? `${path} (ro)` : path;
}
