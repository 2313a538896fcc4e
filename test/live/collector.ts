// Runs the app's live source against the test cluster and keeps what a session
// would show: the model built from the latest objects, and every connection
// state the source reported, in order.

import type { ConnectionState } from '../../main/contract/api.ts';
import { loadKubeconfig } from '../../main/cluster/kubeconfig.ts';
import { createLiveSource, type LiveSourceOptions } from '../../main/cluster/live-source.ts';
import { buildModel } from '../../main/model/index.ts';
import type { ClusterObjects } from '../../main/model/kube.ts';
import type { AnatomyModel } from '../../main/model/types.ts';
import type { ObjectSource } from '../../main/source/object-source.ts';
import { waitFor } from './harness.ts';

export type CollectorOptions = Omit<Partial<LiveSourceOptions>, 'access'>;

export class ModelCollector {
  readonly source: ObjectSource;
  /** Every state the source reported, oldest first. */
  readonly states: ConnectionState[] = [];
  objects: ClusterObjects | undefined;
  model: AnatomyModel | undefined;
  deliveries = 0;
  readonly #dispose: () => void;

  private constructor(source: ObjectSource, dispose: () => void) {
    this.source = source;
    this.#dispose = dispose;
  }

  /** Starts a live source on the kubeconfig's current context. */
  static start(kubeconfig: string, options: CollectorOptions = {}): ModelCollector {
    const access = loadKubeconfig({ kubeconfigFlag: kubeconfig }).access();
    const source = createLiveSource({ coalesceMs: 50, ...options, access });
    const collector = new ModelCollector(source, () => access.dispose());
    source.start({
      objects: (objects) => {
        collector.objects = objects;
        collector.model = buildModel(objects, source.description);
        collector.deliveries += 1;
      },
      state: (state) => {
        collector.states.push(state);
      },
    });
    return collector;
  }

  get state(): ConnectionState | undefined {
    return this.states.at(-1);
  }

  /** The phases seen from index `from` on, e.g. ["live", "reconnecting", "live"]. */
  phases(from = 0): string[] {
    return this.states.slice(from).map((s) => s.phase);
  }

  /** Waits until the last reported state has this phase. */
  async waitForPhase(phase: ConnectionState['phase'], timeoutMs = 120_000): Promise<void> {
    await waitFor(() => this.state?.phase === phase || `state is ${JSON.stringify(this.state)}; phases so far ${this.phases().join(' → ')}`, {
      what: `the live source to be ${phase}`,
      timeoutMs,
    });
  }

  async stop(): Promise<void> {
    await this.source.stop();
    this.#dispose();
  }
}
