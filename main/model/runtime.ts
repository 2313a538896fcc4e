// The container runtime a kubelet reports in nodeInfo.containerRuntimeVersion,
// written as "<runtime>://<version>" (containerd://1.7.18, cri-o://1.30.2,
// docker://27.0.3 behind cri-dockerd, or anything a CRI shim chooses).

import type { ContainerRuntime, RuntimeKind } from './types.ts';

const KINDS: ReadonlyMap<string, RuntimeKind> = new Map([
  ['containerd', 'containerd'],
  ['cri-o', 'cri-o'],
  ['crio', 'cri-o'],
  ['docker', 'docker'],
]);

export function parseContainerRuntime(raw: string): ContainerRuntime {
  const value = typeof raw === 'string' ? raw : '';
  const sep = value.indexOf('://');
  if (sep < 0) {
    // No scheme: keep the text so it can still be shown, but claim nothing about it.
    return { kind: 'other', name: '', version: '', raw: value };
  }
  const name = value.slice(0, sep);
  return { kind: KINDS.get(name.toLowerCase()) ?? 'other', name, version: value.slice(sep + 3), raw: value };
}
