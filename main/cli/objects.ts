// One read of a source for commands that draw once (export): start the source,
// take its first complete set of objects, stop it. Live clusters, snapshots and
// the demo all go through the same ObjectSource interface the app watches.

import path from 'node:path';
import { systemClock, type Clock } from '../common/clock.ts';
import { textOf } from '../i18n/index.ts';
import type { ClusterObjects } from '../model/kube.ts';
import type { AnatomyModel, ModelSource } from '../model/types.ts';
import { parseSnapshot, parseSnapshotStream } from '../snapshot/read.ts';
import { readSnapshotFileModel, snapshotFileSource, type TakeObject } from '../session/snapshot-file.ts';
import type { ObjectSource } from '../source/object-source.ts';
import type { SourceChoice } from '../session/source-choice.ts';
import { openSource } from '../session/open-source.ts';

export interface ReadOptions {
  namespaces: string[];
  timeoutMs: number;
  log: (line: string) => void;
}

export async function readObjectsOnce(choice: SourceChoice, options: ReadOptions): Promise<{ objects: ClusterObjects; source: ModelSource }> {
  const source = await openSource(choice, { namespaces: options.namespaces, env: process.env, watch: false });
  try {
    const objects = await firstObjects(source, options);
    return { objects, source: source.description };
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
  const parsers = {
    parse: (text: string, name: string) => parseSnapshot(text, name).objects,
    parseStream: async (chunks: AsyncIterable<Uint8Array>, name: string, take?: TakeObject) => (await parseSnapshotStream(chunks, name, take ? { take } : {})).objects,
  };
  // The export collects as it goes (and hands the memory back once it has drawn, export.ts).
  const absolute = path.resolve(file);
  return (await readSnapshotFileModel(absolute, parsers, snapshotFileSource(absolute, namespaces), { fingerprint: false, copy: false, collectWhileReading: true })).model;
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
