// The words the picture shows for each kind of object, before fitting.
// Everything here returns cleaned single-line strings.

import type { ContainerModel, ImageRef, NodeModel, PodModel, VolumeModel } from '../../main/model/types.ts';
import type { Translate } from '../../main/i18n/index.ts';
import { sourceText } from '../../main/model/volume.ts';
import { cleanLabel } from './text.ts';

/** "3 pods", "파드 3개": a count of a kind of object, in the picture's language. */
export function countLabel(t: Translate, n: number, kind: 'node' | 'pod' | 'container' | 'volume'): string {
  return n === 1 ? t(`pic.count.${kind}`) : t(`pic.count.${kind}s`, { n });
}

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

export function containerStateLabel(c: ContainerModel, t: Translate): string {
  const state = c.state ?? { kind: 'unknown' };
  let text: string;
  switch (state.kind) {
    case 'running':
      text = t(c.group === 'ephemeral' ? 'pic.state.running' : c.ready ? 'pic.state.runningReady' : 'pic.state.runningNotReady');
      break;
    case 'waiting': {
      const reason = cleanLabel(state.reason);
      text = reason ? t('pic.state.waitingReason', { reason }) : t('pic.state.waiting');
      break;
    }
    case 'terminated': {
      // The reason (Completed, OOMKilled…) is the kubelet's word and stays as written.
      const reason = cleanLabel(state.reason) || t('pic.state.terminated');
      text = typeof state.exitCode === 'number' ? t('pic.state.exit', { reason, code: state.exitCode }) : reason;
      break;
    }
    default:
      text = t('pic.state.unknown');
  }
  const restarts = Number(c.restartCount) || 0;
  if (restarts > 0) text = restarts === 1 ? t('pic.state.restart', { state: text }) : t('pic.state.restarts', { state: text, n: restarts });
  return text;
}

export function groupLabel(c: ContainerModel, t: Translate): string {
  switch (c.group) {
    case 'init':
    case 'sidecar':
    case 'ephemeral':
      return t(`pic.group.${c.group}`);
    default:
      return '';
  }
}

export function runtimeLabel(node: NodeModel): string {
  const rt = node.runtime;
  if (rt && (rt.name || rt.version)) return cleanLabel(`${rt.name ?? ''} ${rt.version ?? ''}`);
  return cleanLabel(node.info?.containerRuntimeVersion);
}

/** "InternalIP 172.18.0.2 · podCIDR 10.244.1.0/24". */
export function nodeNetworkLine(node: NodeModel, t: Translate): string {
  const ip = cleanLabel(node.internalIP);
  const cidrs = Array.isArray(node.podCIDRs) ? node.podCIDRs.map(cleanLabel).filter(Boolean) : [];
  return t('pic.node.network', { ip: ip || '—', cidrs: cidrs.length ? cidrs.join(', ') : '—' });
}

/** "containerd 2.1.3 · kubelet v1.33.1 · linux/amd64". */
export function nodeSystemLine(node: NodeModel, t: Translate): string {
  const parts: string[] = [];
  const rt = runtimeLabel(node);
  if (rt) parts.push(rt);
  const kubelet = cleanLabel(node.info?.kubeletVersion);
  if (kubelet) parts.push(`kubelet ${kubelet}`);
  const os = cleanLabel(node.info?.operatingSystem);
  const arch = cleanLabel(node.info?.architecture);
  if (os || arch) parts.push([os, arch].filter(Boolean).join('/'));
  if (node.inferred) parts.push(t('pic.node.inferred'));
  return parts.join(' · ') || t('pic.node.runtimeUnknown');
}

/**
 * The node's roles as kubectl's ROLES column shows them (every
 * node-role.kubernetes.io/<role> label and kubernetes.io/role, sorted, or
 * <none>). The node's band, not this label, says control plane or worker.
 */
export function nodeRolesLabel(node: NodeModel, t: Translate): string {
  const roles = Array.isArray(node.roles) ? node.roles.map(cleanLabel).filter(Boolean) : [];
  return roles.length ? roles.join(',') : t('pic.node.rolesNone');
}

/** Ready / NotReady / Unknown as kubectl's STATUS column prints them (values, not words of ours). */
export function nodeReadyLabel(node: NodeModel, t: Translate): string {
  if (node.inferred) return t('pic.node.readyUnknown');
  const s = node.ready?.status;
  const ready = s === 'True' ? 'Ready' : s === 'False' ? 'NotReady' : t('pic.node.statusUnknown');
  return node.unschedulable ? t('pic.node.cordoned', { ready }) : ready;
}

/** The IP a pod is reachable at: its own, or the node's when it shares the host network. */
export function podAddress(pod: PodModel, node?: NodeModel): string {
  const own = cleanLabel(pod.podIP);
  if (own) return own;
  if (pod.hostNetwork) return cleanLabel(pod.hostIP) || cleanLabel(node?.internalIP);
  return '';
}

export function podTooltip(pod: PodModel, ip: string, t: Translate): string {
  const lines = [
    t('pic.pod.tip.title', { namespace: cleanLabel(pod.namespace), name: cleanLabel(pod.name) }),
    t('pic.pod.tip.status', { status: cleanLabel(pod.status) || t('pic.unknown'), ready: Number(pod.readyContainers) || 0, total: Number(pod.totalContainers) || 0 }),
    ip ? t(pod.hostNetwork ? 'pic.pod.tip.hostIP' : 'pic.pod.tip.ip', { ip }) : t('pic.pod.tip.noIP'),
  ];
  if (Array.isArray(pod.podIPs) && pod.podIPs.length > 1) lines.push(t('pic.pod.tip.ips', { list: pod.podIPs.map(cleanLabel).join(', ') }));
  if (pod.nodeName) lines.push(t('pic.pod.tip.node', { name: cleanLabel(pod.nodeName) }));
  if (pod.owner) lines.push(t('pic.pod.tip.owner', { kind: cleanLabel(pod.owner.kind), name: cleanLabel(pod.owner.name) }));
  if (pod.scheduling?.message) lines.push(t('pic.pod.tip.scheduling', { message: cleanLabel(pod.scheduling.message) }));
  return lines.join('\n');
}

/**
 * Where a volume's files come from: "configMap web-config", "claim data-db-0"
 * (컨피그맵 web-config, 퍼시스턴트 볼륨 클레임 data-db-0). The model gives the
 * source as messages (volume.source.*), said here in the picture's language;
 * a hand-made model without them is described by its English `detail`.
 */
export function volumeSource(v: VolumeModel, t: Translate): string {
  if (Array.isArray(v.source) && v.source.length > 0) {
    const said = cleanLabel(sourceText(t, v.source));
    if (said) return said;
  }
  return cleanLabel(v.detail) || cleanLabel(v.type === 'other' ? v.typeName : v.type);
}

export function volumeDetail(v: VolumeModel, t: Translate): string {
  const source = volumeSource(v, t);
  const others = Array.isArray(v.sharedWithPods) ? v.sharedWithPods.length : 0;
  const detail = others === 0 ? source : others === 1 ? t('pic.volume.otherPod', { detail: source }) : t('pic.volume.otherPods', { detail: source, n: others });
  // A picture of a part of the cluster: the claim's users it does not draw.
  const outside = positiveCount(v.podsOutside);
  if (!outside) return detail;
  return outside === 1 ? t('pic.volume.outsidePod', { detail }) : t('pic.volume.outsidePods', { detail, n: outside });
}

/** A count from the model, or 0 for anything that is not a positive whole number. */
export function positiveCount(value: unknown): number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : 0;
}

export function mountLabel(mountPath: unknown, readOnly: boolean, t: Translate): string {
  const path = cleanLabel(mountPath) || '?';
  return readOnly ? t('pic.mount.readOnly', { path }) : path;
}
