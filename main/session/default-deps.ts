// The real modules behind SessionDeps.
//
// The cluster modules (and @kubernetes/client-node behind them, most of the
// start-up time of the command line) load on first use: an export of the demo
// or of a snapshot never needs them. Every path to a live source lists the
// contexts first, which is what loads them.

import { buildModel } from '../model/index.ts';
import { loadDemo, parseSnapshot, parseSnapshotStream, writeSnapshot } from '../snapshot/index.ts';
import type { KubeconfigInput, SessionDeps } from './deps.ts';

type ClusterModules = {
  kubeconfig: typeof import('../cluster/kubeconfig.ts');
  liveSource: typeof import('../cluster/live-source.ts');
};

let cluster: ClusterModules | undefined;

async function loadCluster(): Promise<ClusterModules> {
  cluster ??= {
    kubeconfig: await import('../cluster/kubeconfig.ts'),
    liveSource: await import('../cluster/live-source.ts'),
  };
  return cluster;
}

function inputsOf(input: KubeconfigInput) {
  return {
    home: input.home,
    ...(input.env.KUBECONFIG !== undefined ? { kubeconfigEnv: input.env.KUBECONFIG } : {}),
    ...(input.kubeconfig !== undefined ? { kubeconfigFlag: input.kubeconfig } : {}),
  };
}

export const defaultDeps: SessionDeps = {
  buildModel,
  loadDemo,
  parseSnapshot: (text, fileName) => parseSnapshot(text, fileName).objects,
  parseSnapshotStream: async (chunks, fileName, take) => (await parseSnapshotStream(chunks, fileName, take ? { take } : {})).objects,
  writeSnapshot: (objects, format, meta) => writeSnapshot(objects, format, meta),
  loadContexts: async (input) => (await loadCluster()).kubeconfig.loadKubeconfig(inputsOf(input)).list,
  // The kubeconfig is read again for the source: it may have changed since the
  // list was shown (a new token, a renamed context), and the files are small.
  createLiveSource: (input) => {
    if (!cluster) throw new Error('internal: the contexts must be listed before a live source is created');
    const access = cluster.kubeconfig.loadKubeconfig(inputsOf(input)).access(input.context);
    // The session's model pipeline holds the one coalescing window; a second one here would stack on it.
    return cluster.liveSource.createLiveSource({ access, namespaces: input.namespaces, coalesceMs: 0, clock: input.clock, ...(input.events === false ? { eventsCoalesceMs: false } : {}), ...(input.eventsAfterMs !== undefined ? { eventsAfterMs: input.eventsAfterMs } : {}) });
  },
};
