// One read of a source for commands that draw once (export): start the source,
// take its first complete set of objects, stop it. Live clusters, snapshots and
// the demo all go through the same ObjectSource interface the app watches.

import { systemClock, type Clock } from '../common/clock.ts';
import { textOf } from '../i18n/index.ts';
import type { ClusterObjects } from '../model/kube.ts';
import type { AnatomyModel, ModelSource } from '../model/types.ts';
import { parseSnapshot, parseSnapshotStream } from '../snapshot/read.ts';
import { readSnapshotFileModel, resolveSnapshotPath, snapshotFileSource, type TakeObject } from '../session/snapshot-file.ts';
import type { ObjectSource } from '../source/object-source.ts';
import type { SourceChoice } from '../session/source-choice.ts';
import { openSource } from '../session/open-source.ts';
import type { KubeObject } from '../model/kube.ts';
import { readEventsOnce, type EventsRead } from './events.ts';

export interface ReadOptions {
  namespaces: string[];
  timeoutMs: number;
  log: (line: string) => void;
  /** Also read the source's events once (export --events), within another timeoutMs. */
  events?: boolean;
}

export async function readObjectsOnce(choice: SourceChoice, options: ReadOptions): Promise<{ objects: ClusterObjects; source: ModelSource; events?: EventsRead }> {
  const source = await openSource(choice, { namespaces: options.namespaces, env: process.env, watch: false, events: options.events });
  try {
    const objects = await firstObjects(source, options);
    if (!options.events) return { objects, source: source.description };
    return { objects, source: source.description, events: await readEventsOnce(source.events, options.timeoutMs, undefined, options.namespaces) };
  } finally {
    await source.stop();
  }
}

/**
 * The model of a snapshot file, built as the file is read
 * (readSnapshotFileModel): the objects of 100,000 pods (some 400 MB) are never
 * held beside their model. The same model as buildModel of the objects the
 * snapshot source delivers.
 */
export async function readSnapshotModel(file: string, namespaces: string[]): Promise<AnatomyModel> {
  return (await readSnapshotModelAndEvents(file, namespaces)).model;
}

/** readSnapshotModel's model, and the raw events the file was saved with (none: undefined). */
export async function readSnapshotModelAndEvents(file: string, namespaces: string[]): Promise<{ model: AnatomyModel; events?: KubeObject[] }> {
  const parsers = {
    parse: (text: string, name: string) => parseSnapshot(text, name).objects,
    parseStream: async (chunks: AsyncIterable<Uint8Array>, name: string, take?: TakeObject) => (await parseSnapshotStream(chunks, name, take ? { take } : {})).objects,
  };
  // The export collects as it goes (and hands the memory back once it has drawn, export.ts).
  // Standard input ("-") stays as it is: it is no path.
  const absolute = resolveSnapshotPath(file);
  const { model, events } = await readSnapshotFileModel(absolute, parsers, snapshotFileSource(absolute, namespaces), { fingerprint: false, copy: false, collectWhileReading: true });
  return events ? { model, events } : { model };
}

export function firstObjects(
  source: ObjectSource,
  options: Pick<ReadOptions, 'timeoutMs' | 'log'>,
  clock: Clock = systemClock,
): Promise<ClusterObjects> {
  return new Promise((resolve, reject) => {
    let lastProgress = 0;
    const timer = clock.setTimeout(() => {
      const seconds = Math.round(options.timeoutMs / 1000);
      // A hung exec plugin holds up every request: name it, not the API server that was never asked.
      const waiting = source.waitingFor?.();
      reject(new Error(`${describe(source)}: ${waiting ? `${textOf('en', waiting)} did not answer` : 'no complete answer'} within ${seconds} s (raise --timeout)`));
    }, options.timeoutMs);
    source.start({
      objects(objects) {
        clock.clearTimeout(timer);
        resolve(objects);
      },
      state(state) {
        if (state.phase === 'failed') {
          clock.clearTimeout(timer);
          reject(new Error(state.reason));
        } else if (state.phase === 'reconnecting') {
          options.log(`${describe(source)}: ${state.reason}; retrying (attempt ${state.attempt})`);
        }
      },
      progress(progress) {
        // Large clusters take a while: say how far along the read is, at most once a second.
        const now = clock.now();
        if (progress.done || now - lastProgress < 1000) return;
        lastProgress = now;
        options.log(`reading ${progress.resource}: ${progress.loaded}${progress.total !== undefined ? ` of ${progress.total}` : ''}…`);
      },
    });
  });
}

function describe(source: ObjectSource): string {
  const d = source.description;
  return d.kind === 'cluster' ? `context ${d.name}${d.server ? ` (${d.server})` : ''}` : `${d.kind} ${d.name}`;
}
