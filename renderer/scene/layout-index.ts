// The layout's flat lists grouped the way a drawing walks them: nodes by
// band, pods by node (or the unscheduled row), containers, volumes and mount
// connectors by pod. The scene (scene.ts) and the SVG drawing
// (renderer/draw/entities.ts) both walk the layout through it.

import { UNSCHEDULED_RUN } from '../layout/runs.ts';
import type { ContainerBox, MountConnector, NodeBox, PodBox, VolumeBox } from '../layout/types.ts';

export interface LayoutIndex {
  nodesByBand: Map<string, NodeBox[]>;
  podsByParent: Map<string, PodBox[]>;
  containersByPod: Map<string, ContainerBox[]>;
  volumesByPod: Map<string, VolumeBox[]>;
  connectorsByPod: Map<string, MountConnector[]>;
}

/** Key of the pod list of the unscheduled band in podsByParent (and of its run, podRunsOf). */
export const UNSCHEDULED_PARENT = UNSCHEDULED_RUN;

/**
 * Groups `list` by `keyOf` into `map`, in order. A layout lists each grid's
 * boxes together, so the list of a key is looked up once per run of it, not
 * once per box (100,000 lookups at 100,000 pods).
 */
function group<T>(map: Map<string, T[]>, list: readonly T[], keyOf: (value: T) => string): void {
  let key: string | undefined;
  let into: T[] | undefined;
  for (const value of list) {
    const k = keyOf(value);
    if (into === undefined || k !== key) {
      key = k;
      into = map.get(k);
      if (!into) map.set(k, (into = []));
    }
    into.push(value);
  }
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
  group(index.nodesByBand, layout.nodes, (n) => n.band);
  group(index.podsByParent, layout.pods, (p) => p.nodeUid ?? UNSCHEDULED_PARENT);
  group(index.containersByPod, layout.containers, (c) => c.podUid);
  group(index.volumesByPod, layout.volumes, (v) => v.podUid);
  group(index.connectorsByPod, layout.connectors, (c) => c.podUid);
  return index;
}
