// A snapshot file on disk, watched: when the file changes (an editor saves it,
// a script rewrites it), the view follows. A malformed new version keeps the
// previous objects on screen and reports the problem through the connection
// state, so a half-written file never blanks the view.

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, watch, type FSWatcher } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { constants as zlibConstants, createDeflateRaw, createInflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ConnectionState } from '../contract/api.ts';
import type { ClusterObjects } from '../model/kube.ts';
import { systemClock, type Clock, type TimerHandle } from '../common/clock.ts';
import type { ObjectSource, SourceHandlers } from '../source/object-source.ts';

/**
 * Larger files are refused before reading. A kind-shaped cluster of 100,000
 * pods is about 440 MiB of compact JSON, read in pieces (parseStream); the same
 * in kubectl's indented JSON is about twice that.
 */
export const MAX_SNAPSHOT_FILE_BYTES = 512 * 1024 * 1024;

/** Pieces a file is read in when it is parsed as it is read. */
const CHUNK_BYTES = 1024 * 1024;

export interface SnapshotFileOptions {
  parse(text: string, fileName: string): ClusterObjects;
  /** Parses the file as it is read, never holding its whole text; when absent, the text is read and given to parse(). */
  parseStream?(chunks: AsyncIterable<Uint8Array>, fileName: string): Promise<ClusterObjects>;
  /** Re-read on change (default true). */
  watch?: boolean;
  /** Quiet time after the last change before re-reading; editors write in several steps. */
  debounceMs?: number;
  /** The fingerprint of what the caller's first read showed (readSnapshotFile): the same content is not delivered again. */
  initialFingerprint?: string;
  clock?: Clock;
}

export interface ReadSnapshot {
  /**
   * Equal for equal content: the text itself when it was read whole, a digest
   * when it was parsed as it was read and one was asked for, else undefined
   * (equal to nothing).
   */
  fingerprint?: string;
  objects: ClusterObjects;
  /**
   * Reads the same objects again, from a compressed copy of the file's bytes
   * taken as it was read (not from the file, which may have changed since).
   * A holder of a large snapshot can then let its objects go: 100,000 pods
   * parsed take about 500 MiB of heap, their file compressed about 40 MiB.
   */
  again(): Promise<ClusterObjects>;
}

/** Fast compression: the copy is made while the file is parsed, and only its size matters. */
const COPY_LEVEL = zlibConstants.Z_BEST_SPEED;

/**
 * Reads and parses a snapshot file; throws an Error whose message names the
 * file. `fingerprint`: whether a file parsed as it is read needs one (hashing
 * 440 MiB costs a second; a single read has no use for it).
 */
export async function readSnapshotFile(
  file: string,
  parsers: Pick<SnapshotFileOptions, 'parse' | 'parseStream'>,
  fingerprint = true,
): Promise<ReadSnapshot> {
  const fileName = path.basename(file);
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a regular file');
    if (info.size > MAX_SNAPSHOT_FILE_BYTES) {
      throw new Error(
        `it is ${mib(info.size)}, more than the ${mib(MAX_SNAPSHOT_FILE_BYTES)} a snapshot may have (compact JSON is about half the size of kubectl's indented JSON: jq -c . shrinks it)`,
      );
    }
  } catch (error) {
    throw new Error(`Could not read snapshot ${file}: ${messageOf(error)}`);
  }
  const { parseStream } = parsers;
  if (parseStream) {
    const hash = fingerprint ? createHash('sha256') : undefined;
    // Compressed on zlib's thread while this one parses; waiting for it when it falls behind bounds what queues up.
    const deflate = createDeflateRaw({ level: COPY_LEVEL });
    const copy: Buffer[] = [];
    deflate.on('data', (part: Buffer) => copy.push(part));
    const copied = once(deflate, 'end');
    const chunks = (async function* () {
      for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
        hash?.update(chunk as Buffer);
        if (!deflate.write(chunk)) await once(deflate, 'drain');
        yield chunk as Buffer;
      }
    })();
    let objects: ClusterObjects;
    try {
      objects = await parseStream(chunks, fileName);
      deflate.end();
      await copied;
    } catch (error) {
      deflate.destroy();
      // A SnapshotError already names the file; a read error does not.
      if ((error as NodeJS.ErrnoException).code !== undefined) throw new Error(`Could not read snapshot ${file}: ${messageOf(error)}`);
      throw error;
    }
    const compressed = Buffer.concat(copy);
    copy.length = 0;
    const again = () => parseStream(Readable.from([compressed]).pipe(createInflateRaw({ chunkSize: CHUNK_BYTES })), fileName);
    return hash ? { fingerprint: `sha256:${hash.digest('hex')}`, objects, again } : { objects, again };
  }
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`Could not read snapshot ${file}: ${messageOf(error)}`);
  }
  // parse() throws SnapshotError with a message that already names the file.
  const objects = parsers.parse(text, fileName);
  const compressed = deflateRawSync(text, { level: COPY_LEVEL });
  const again = async () => parsers.parse(inflateRawSync(compressed).toString('utf8'), fileName);
  return { fingerprint: text, objects, again };
}

/** The fingerprint readSnapshotFile gives a file parsed as it is read, without parsing it; undefined when it cannot be read. */
async function fileDigest(file: string): Promise<string | undefined> {
  try {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) hash.update(chunk as Buffer);
    return `sha256:${hash.digest('hex')}`;
  } catch {
    // readSnapshotFile then reads it and says what is wrong.
    return undefined;
  }
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}

export function createSnapshotFileSource(file: string, options: SnapshotFileOptions): ObjectSource {
  const absolute = path.resolve(file);
  const fileName = path.basename(absolute);
  const debounceMs = options.debounceMs ?? 150;
  const clock = options.clock ?? systemClock;
  let watcher: FSWatcher | undefined;
  let timer: TimerHandle | undefined;
  let handlers: SourceHandlers | undefined;
  let lastFingerprint: string | undefined;
  /** Objects of this file are on screen: ours, or the caller's first read (initialFingerprint). */
  let shown = false;
  let reading: Promise<void> | undefined;
  let again = false;
  let generation = 0;
  let watchingSince: string | undefined;

  // A watched file follows its changes, so it counts as live; one we cannot
  // watch (or were told not to) is a static picture.
  const okState = (): ConnectionState => (watcher && watchingSince ? { phase: 'live', since: watchingSince } : { phase: 'static' });

  async function load(current: number): Promise<void> {
    try {
      // The same bytes as shown (the first read on start, an editor touching
      // the file) need no parse: hashing 440 MiB takes a second, parsing it
      // takes seconds and as much memory again as the objects on screen.
      if (options.parseStream && lastFingerprint?.startsWith('sha256:')) {
        const digest = await fileDigest(absolute);
        if (current !== generation || !handlers) return;
        if (digest === lastFingerprint) {
          handlers.state(okState());
          return;
        }
      }
      const { fingerprint, objects, again } = await readSnapshotFile(absolute, options, options.watch !== false);
      if (current !== generation || !handlers) return;
      if (fingerprint !== undefined && fingerprint === lastFingerprint) {
        handlers.state(okState());
        return;
      }
      lastFingerprint = fingerprint;
      shown = true;
      handlers.state(okState());
      handlers.objects(objects, again);
    } catch (error) {
      if (current !== generation || !handlers) return;
      const kept = shown ? ' The view still shows the previous version.' : '';
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
      if (options.initialFingerprint !== undefined && lastFingerprint === undefined) {
        lastFingerprint = options.initialFingerprint;
        shown = true;
      }
      if (!shown) next.state({ phase: 'connecting', detail: `reading ${fileName}` });
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
