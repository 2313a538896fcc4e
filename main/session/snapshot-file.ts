// A snapshot file on disk, watched: when the file changes (an editor saves it,
// a script rewrites it), the view follows. A malformed new version keeps the
// previous objects on screen and reports the problem through the connection
// state, so a half-written file never blanks the view.

import { watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ConnectionState } from '../contract/api.ts';
import type { ClusterObjects } from '../model/kube.ts';
import { systemClock, type Clock, type TimerHandle } from '../common/clock.ts';
import type { ObjectSource, SourceHandlers } from '../source/object-source.ts';

/** Larger files are refused before reading: a snapshot of a big cluster is tens of MB. */
export const MAX_SNAPSHOT_FILE_BYTES = 256 * 1024 * 1024;

export interface SnapshotFileOptions {
  parse(text: string, fileName: string): ClusterObjects;
  /** Re-read on change (default true). */
  watch?: boolean;
  /** Quiet time after the last change before re-reading; editors write in several steps. */
  debounceMs?: number;
  /** Text already read and shown (by the caller's first read): not delivered again. */
  initialText?: string;
  clock?: Clock;
}

/** Reads and parses a snapshot file; throws an Error whose message names the file. */
export async function readSnapshotFile(file: string, parse: SnapshotFileOptions['parse']): Promise<{ text: string; objects: ClusterObjects }> {
  const fileName = path.basename(file);
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > MAX_SNAPSHOT_FILE_BYTES) {
      throw new Error(`${info.size} bytes is more than the ${MAX_SNAPSHOT_FILE_BYTES / 1024 / 1024} MiB a snapshot may have`);
    }
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Could not read snapshot ${file}: ${messageOf(error)}`);
  }
  // parse() throws SnapshotError with a message that already names the file.
  return { text, objects: parse(text, fileName) };
}

export function createSnapshotFileSource(file: string, options: SnapshotFileOptions): ObjectSource {
  const absolute = path.resolve(file);
  const fileName = path.basename(absolute);
  const debounceMs = options.debounceMs ?? 150;
  const clock = options.clock ?? systemClock;
  let watcher: FSWatcher | undefined;
  let timer: TimerHandle | undefined;
  let handlers: SourceHandlers | undefined;
  let lastText: string | undefined;
  let reading: Promise<void> | undefined;
  let again = false;
  let generation = 0;
  let watchingSince: string | undefined;

  // A watched file follows its changes, so it counts as live; one we cannot
  // watch (or were told not to) is a static picture.
  const okState = (): ConnectionState => (watcher && watchingSince ? { phase: 'live', since: watchingSince } : { phase: 'static' });

  async function load(current: number): Promise<void> {
    try {
      const { text, objects } = await readSnapshotFile(absolute, options.parse);
      if (current !== generation || !handlers) return;
      if (text === lastText) {
        handlers.state(okState());
        return;
      }
      lastText = text;
      handlers.state(okState());
      handlers.objects(objects);
    } catch (error) {
      if (current !== generation || !handlers) return;
      const kept = lastText === undefined ? '' : ' The view still shows the previous version.';
      handlers.state({ phase: 'failed', reason: `${messageOf(error)}${kept}` });
    }
  }

  // One read at a time; changes during a read cause exactly one more read.
  function reload(): void {
    if (reading) {
      again = true;
      return;
    }
    const current = generation;
    reading = load(current).finally(() => {
      reading = undefined;
      if (again && handlers) {
        again = false;
        reload();
      }
    });
  }

  function schedule(): void {
    clock.clearTimeout(timer);
    timer = clock.setTimeout(reload, debounceMs);
  }

  return {
    description: { kind: 'snapshot', name: fileName, namespaces: [] },
    start(next) {
      handlers = next;
      generation += 1;
      if (lastText === undefined) lastText = options.initialText;
      if (lastText === undefined) next.state({ phase: 'connecting', detail: `reading ${fileName}` });
      if (options.watch !== false && !watcher) {
        // Watch the directory, not the file: saving by rename replaces the
        // file's inode, and a watch on the old inode would go quiet.
        try {
          watcher = watch(path.dirname(absolute), { persistent: false }, (_event, changed) => {
            if (changed === null || changed === fileName) schedule();
          });
          watcher.on('error', () => {
            watcher?.close();
            watcher = undefined;
          });
          watchingSince = new Date(clock.now()).toISOString();
        } catch {
          // Not watchable (e.g. a special file system): the snapshot still loads, it just won't follow edits.
          watcher = undefined;
        }
      }
      reload();
    },
    async stop() {
      generation += 1;
      handlers = undefined;
      clock.clearTimeout(timer);
      watcher?.close();
      watcher = undefined;
      await reading;
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
