// The layout's flat lists grouped the way a drawing walks them: nodes by
// band, pods by node (or the unscheduled row), containers, volumes and mount
// connectors by pod. The scene (scene.ts) and the SVG drawing
// (renderer/draw/entities.ts) both walk the layout through it.

import type { ContainerBox, MountConnector, NodeBox, PodBox, VolumeBox } from '../layout/types.ts';

export interface LayoutIndex {
  nodesByBand: Map<string, NodeBox[]>;
  podsByParent: Map<string, PodBox[]>;
  containersByPod: Map<string, ContainerBox[]>;
  volumesByPod: Map<string, VolumeBox[]>;
  connectorsByPod: Map<string, MountConnector[]>;
}

/** Key of the pod list of the unscheduled band in podsByParent. */
export const UNSCHEDULED_PARENT = '';

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function indexLayout(layout: {
  nodes: NodeBox[];
  pods: PodBox[];
  containers: ContainerBox[];
  volumes: VolumeBox[];
  connectors: MountConnector[];
}): LayoutIndex {
  const index: LayoutIndex = {
    nodesByBand: new Map(),
    podsByParent: new Map(),
    containersByPod: new Map(),
    volumesByPod: new Map(),
    connectorsByPod: new Map(),
  };
  for (const n of layout.nodes) push(index.nodesByBand, n.band, n);
  for (const p of layout.pods) push(index.podsByParent, p.nodeUid ?? UNSCHEDULED_PARENT, p);
  for (const c of layout.containers) push(index.containersByPod, c.podUid, c);
  for (const v of layout.volumes) push(index.volumesByPod, v.podUid, v);
  for (const c of layout.connectors) push(index.connectorsByPod, c.podUid, c);
  return index;
}
