// Runs the app's live source against the test cluster and keeps what a page
// would show, by the path a change takes in the app: the source's deltas go
// through the session's model pipeline (the model's state updated in place,
// each change a patch against the revision before) and the page's model feed
// (the patches applied to its copy). Also every connection state the source
// reported, in order, and each time the page's model was not what the full
// build of the same objects gives.

import { isDeepStrictEqual } from 'node:util';
import type { ConnectionState } from '../../main/contract/api.ts';
import { loadKubeconfig } from '../../main/cluster/kubeconfig.ts';
import { createLiveSource, type LiveSourceOptions } from '../../main/cluster/live-source.ts';
import type { Delta } from '../../main/model/delta.ts';
import { buildModel } from '../../main/model/index.ts';
import type { ClusterObjects } from '../../main/model/kube.ts';
import type { AnatomyModel } from '../../main/model/types.ts';
import { filterByNamespace } from '../../main/session/filter.ts';
import { ModelPipeline } from '../../main/session/model-pipeline.ts';
import type { ObjectSource } from '../../main/source/object-source.ts';
import { createModelFeed, type ModelFeed } from '../../renderer/app/model-feed.ts';
import { waitFor } from './harness.ts';

export type CollectorOptions = Omit<Partial<LiveSourceOptions>, 'access'>;

export class ModelCollector {
  readonly source: ObjectSource;
  /** Every state the source reported, oldest first. */
  readonly states: ConnectionState[] = [];
  objects: ClusterObjects | undefined;
  /** The page's model: whole models and patches applied in turn. */
  model: AnatomyModel | undefined;
  deliveries = 0;
  /** Changes that reached the page as patches, and models sent whole. */
  patches = 0;
  wholeModels = 0;
  /** Deliveries after which the page's model differed from the full build of the objects. */
  readonly drift: string[] = [];
  feed: ModelFeed | undefined;
  readonly #dispose: () => void;

  private constructor(source: ObjectSource, dispose: () => void) {
    this.source = source;
    this.#dispose = dispose;
  }

  /** Starts a live source on the kubeconfig's current context. */
  static start(kubeconfig: string, options: CollectorOptions = {}): ModelCollector {
    const access = loadKubeconfig({ kubeconfigFlag: kubeconfig }).access();
    const source = createLiveSource({ coalesceMs: 50, ...options, access });
    const pipelineRef: { current?: ModelPipeline } = {};
    const collector = new ModelCollector(source, () => {
      pipelineRef.current?.stop();
      access.dispose();
    });
    const namespaces = source.description.namespaces;
    const feed = createModelFeed({
      fetch: async () => pipeline.update,
      show: (update) => {
        collector.model = update.model;
      },
    });
    collector.feed = feed;
    // The session's coalescing is the live source's here (coalesceMs above): the pipeline builds each delivery at once.
    const pipeline = new ModelPipeline({
      build: buildModel,
      namespaces: () => namespaces,
      coalesceMs: 0,
      onModel: (update, patch) => {
        if (patch) {
          collector.patches += 1;
          feed.patch(patch);
        } else {
          collector.wholeModels += 1;
          feed.model(update);
        }
      },
    });
    pipelineRef.current = pipeline;
    const stream = {};
    let deltas: Delta[] = [];
    source.start({
      deltas: (batch) => {
        for (const d of batch) deltas.push(d);
      },
      objects: (objects) => {
        collector.objects = objects;
        const change = { stream, deltas };
        deltas = [];
        pipeline.show(objects, source.description, true, change);
        collector.deliveries += 1;
        const full = buildModel(filterByNamespace(objects, namespaces), { ...source.description, namespaces });
        if (!isDeepStrictEqual(collector.model, full)) collector.drift.push(`delivery ${collector.deliveries}: the page's model is not the full build of the objects`);
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
