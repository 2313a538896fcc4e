// One ObjectSource for a source choice (as the command line names it), for
// callers that read a source without a session, such as `kube-anatomy export`.
// A cluster choice here does not fall back to the demo: a headless export of
// the demo when the user asked for their cluster would be a silent lie.

import os from 'node:os';
import type { SourceChoice } from './source-choice.ts';
import { defaultDeps } from './default-deps.ts';
import { chooseContext, isContext } from './cluster-connection.ts';
import { textOf } from '../i18n/index.ts';
import { createSnapshotFileSource } from './snapshot-file.ts';
import { createStaticSource } from './static-source.ts';
import type { ObjectSource } from '../source/object-source.ts';

export interface OpenSourceOptions {
  namespaces: string[];
  env: Record<string, string | undefined>;
  home?: string;
  /** Follow changes (snapshot files are watched, clusters watched); false for one read. */
  watch: boolean;
  /** A cluster's events too (source.events), for export --events; not read by default. */
  events?: boolean;
}

export async function openSource(choice: SourceChoice, options: OpenSourceOptions): Promise<ObjectSource> {
  const namespaces = [...options.namespaces];
  switch (choice.kind) {
    case 'demo':
      return createStaticSource({ kind: 'demo', name: 'demo', namespaces }, defaultDeps.loadDemo());
    case 'snapshot': {
      const { parseSnapshot: parse, parseSnapshotStream: parseStream } = defaultDeps;
      const source = createSnapshotFileSource(choice.file, { parse, ...(parseStream ? { parseStream } : {}), watch: options.watch });
      return withNamespaces(source, namespaces);
    }
    case 'cluster': {
      const input = { env: options.env, home: options.home ?? os.homedir(), ...(choice.kubeconfig !== undefined ? { kubeconfig: choice.kubeconfig } : {}) };
      const list = await defaultDeps.loadContexts(input);
      const context = chooseContext(list, { ...input, context: choice.context });
      // The CLI says it in English.
      if (!isContext(context)) throw new Error(textOf('en', context));
      // The commands draw objects only: no event list and watch for them, unless asked (export --events, record);
      // and nothing is drawn for those to wait for (live-source.ts EVENTS_AFTER_MS): they are listed at the first delivery.
      return defaultDeps.createLiveSource({ ...input, context: context.name, namespaces, events: options.events === true, eventsAfterMs: 0 });
    }
  }
}

function withNamespaces(source: ObjectSource, namespaces: string[]): ObjectSource {
  return {
    description: { ...source.description, namespaces },
    start: (handlers) => source.start(handlers),
    stop: () => source.stop(),
  };
}
