// A snapshot file on disk, watched: when the file changes (an editor saves it,
// a script rewrites it), the view follows. A malformed new version keeps the
// previous objects on screen and reports the problem through the connection
// state, so a half-written file never blanks the view. Standard input (`-`)
// and pipes (`<(kubectl …)`, a FIFO) are read too, as streams, and only once:
// there is nothing to watch, and what was read is all there is.

import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, statSync, watch, type FSWatcher, type Stats } from 'node:fs';
import { open, readFile, stat, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { constants as zlibConstants, createDeflateRaw, createInflateRaw, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { ConnectionState } from '../contract/api.ts';
import { message, MessageError, textOf, type Message } from '../i18n/index.ts';
import { StreamedBuild } from '../model/build.ts';
import type { ClusterObjects, KubeObject } from '../model/kube.ts';
import type { WithEvents } from '../model/events.ts';
import type { AnatomyModel, ModelSource } from '../model/types.ts';
import { collectGarbage, collectGarbageIfGrown } from '../snapshot/collect-garbage.ts';
import { decodeSnapshotBytes } from '../snapshot/encoding.ts';
import { projectObject } from '../snapshot/project.ts';
import type { ListKey } from '../snapshot/resources.ts';
import { systemClock, type Clock, type TimerHandle } from '../common/clock.ts';
import type { ObjectSource, SourceHandlers } from '../source/object-source.ts';
import { filterByNamespace, keptByNamespace } from './filter.ts';

/**
 * Larger files are refused before reading. A kind-shaped cluster of 100,000
 * pods is about 440 MiB of compact JSON, read in pieces (parseStream); the same
 * in kubectl's indented JSON is about twice that.
 */
export const MAX_SNAPSHOT_FILE_BYTES = 512 * 1024 * 1024;

/** Pieces a file is read in when it is parsed as it is read. */
const CHUNK_BYTES = 1024 * 1024;

/** The file name that stands for standard input: `--snapshot -`. */
export const STDIN = '-';

/** What standard input goes by as a snapshot: in messages, and as the source's name. */
const STDIN_NAME = 'stdin';

/**
 * The name a snapshot path goes by (its messages, its source): the file's own
 * name, or "stdin" for standard input.
 */
export function snapshotInputName(file: string): string {
  return file === STDIN ? STDIN_NAME : path.basename(path.resolve(file));
}

/** A snapshot path made absolute, standard input ("-") as it is. */
export function resolveSnapshotPath(file: string): string {
  return file === STDIN ? STDIN : path.resolve(file);
}

/**
 * Whether what a path names is read as a stream, once: standard input, a
 * pipe (a FIFO, or `<(…)`'s /dev/fd/63) or a character device. Its size is
 * not known before reading, and once read it cannot be read again.
 */
function isStream(info: Stats): boolean {
  return info.isFIFO() || info.isCharacterDevice();
}

/** isStream of the path now, without reading it; false when it cannot be looked at (a read then says why). */
export function isStreamInput(file: string): boolean {
  if (file === STDIN) return true;
  try {
    return isStream(statSync(file));
  } catch {
    return false;
  }
}

/** Standard input, to read a snapshot from (tests give their own). */
let stdinStream: () => AsyncIterable<Uint8Array> = () => process.stdin;

/** For tests: what `-` reads instead of the process's standard input; returns the previous one. */
export function setSnapshotStdin(open: () => AsyncIterable<Uint8Array>): () => AsyncIterable<Uint8Array> {
  const previous = stdinStream;
  stdinStream = open;
  return previous;
}

/**
 * A stream's pieces, refused with the file's limit (MAX_SNAPSHOT_FILE_BYTES;
 * tests give a smaller one) once they add up to more: a stream says its size
 * only by being read to its end.
 */
export async function* withinLimit(chunks: AsyncIterable<Uint8Array>, shown: string, limit = MAX_SNAPSHOT_FILE_BYTES): AsyncGenerator<Uint8Array> {
  let bytes = 0;
  for await (const chunk of chunks) {
    bytes += chunk.length;
    if (bytes > limit) {
      throw unreadable(shown, message('errors.snapshotFile.tooLargeStream', { limit: mib(limit), command: 'jq -c .' }));
    }
    yield chunk;
  }
}

/**
 * Offered each object as it is read (parseSnapshotStream's `take`): true
 * takes it, and the parsed lists leave it out.
 */
export type TakeObject = (key: ListKey, item: KubeObject) => boolean;

export interface SnapshotFileOptions {
  parse(text: string, fileName: string): ClusterObjects;
  /**
   * Parses the file as it is read, never holding its whole text; when absent, the text is read and given to parse().
   * `take`, when given, is offered each object as it is read (parseSnapshotStream's option); a parser may ignore it.
   */
  parseStream?(chunks: AsyncIterable<Uint8Array>, fileName: string, take?: TakeObject): Promise<ClusterObjects>;
  /**
   * The objects a changed file delivers are kept only as far as the model
   * reads them (snapshot/project.ts), as they are read: they are only built
   * from, and `again` (which they come with) reads them whole for a save.
   */
  project?: boolean;
  /**
   * Re-read on change (default true). A file not watched is read once (the
   * command line's reads): it keeps neither a digest nor a copy of its bytes,
   * so the `again` its objects come with rejects.
   */
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
   * A read that kept no copy (`copy` false) rejects.
   */
  again(take?: TakeObject): Promise<ClusterObjects>;
}

/** Objects read between looks at how much the heap has grown (collect-garbage.ts). */
const GC_EVERY = 256;
/** Objects from which a read is worth a last full collection: one takes some 100 ms at 100,000 pods, nothing at the demo's size. */
const LARGE_READ = 10_000;

/** Fast compression: the copy is made while the file is parsed, and only its size matters. */
const COPY_LEVEL = zlibConstants.Z_BEST_SPEED;

/**
 * Reads and parses a snapshot file (or standard input, STDIN, or a pipe, read
 * as a stream within the same limit); throws an Error whose message names the
 * file. `fingerprint`: whether a file parsed as it is read needs one (hashing
 * 440 MiB costs a second; a single read has no use for it). `take` is
 * offered the objects of this read as they are read (not those of again()).
 * `copy`: whether to keep the compressed copy again() reads; a single read
 * (the export) has no use for it either, and compressing 440 MiB costs as
 * much as hashing it.
 */
export async function readSnapshotFile(
  file: string,
  parsers: Pick<SnapshotFileOptions, 'parse' | 'parseStream'>,
  fingerprint = true,
  take?: TakeObject,
  copy = true,
): Promise<ReadSnapshot> {
  const fileName = snapshotInputName(file);
  // Standard input is named as the reader names it; a file by its path, as given.
  const shown = file === STDIN ? STDIN_NAME : file;
  let streamed = file === STDIN;
  if (!streamed) {
    try {
      const info = await stat(file);
      streamed = isStream(info);
      if (!info.isFile() && !streamed) throw unreadable(file, message('errors.snapshotFile.notFile'));
      if (info.size > MAX_SNAPSHOT_FILE_BYTES && !streamed) {
        throw unreadable(file, message('errors.snapshotFile.tooLarge', { size: mib(info.size), limit: mib(MAX_SNAPSHOT_FILE_BYTES), command: 'jq -c .' }));
      }
    } catch (error) {
      if (error instanceof MessageError) throw error;
      throw unreadable(file, messageOf(error));
    }
  }
  // A regular file's size was checked above; a stream's is counted as it comes.
  const pieces = (): AsyncIterable<Uint8Array> => {
    const from = file === STDIN ? stdinStream() : createReadStream(file, { highWaterMark: CHUNK_BYTES });
    return streamed ? withinLimit(from, shown) : from;
  };
  const { parseStream } = parsers;
  if (parseStream) {
    const hash = fingerprint ? createHash('sha256') : undefined;
    // Compressed on zlib's thread while this one parses; waiting for it when it falls behind bounds what queues up.
    const deflate = copy ? createDeflateRaw({ level: COPY_LEVEL }) : undefined;
    const parts: Buffer[] = [];
    deflate?.on('data', (part: Buffer) => parts.push(part));
    const copied = deflate ? once(deflate, 'end') : undefined;
    const chunks = (async function* () {
      for await (const chunk of pieces()) {
        hash?.update(chunk);
        if (deflate && !deflate.write(chunk)) await once(deflate, 'drain');
        yield chunk;
      }
    })();
    let objects: ClusterObjects;
    try {
      objects = await (take ? parseStream(chunks, fileName, take) : parseStream(chunks, fileName));
      deflate?.end();
      await copied;
    } catch (error) {
      deflate?.destroy();
      // A SnapshotError already names the file; a read error does not.
      if ((error as NodeJS.ErrnoException).code !== undefined) throw unreadable(shown, messageOf(error));
      throw error;
    }
    const compressed = deflate ? Buffer.concat(parts) : undefined;
    parts.length = 0;
    const again = (take?: TakeObject) => {
      if (!compressed) return notKept(fileName);
      const copy = Readable.from([compressed]).pipe(createInflateRaw({ chunkSize: CHUNK_BYTES }));
      return take ? parseStream(copy, fileName, take) : parseStream(copy, fileName);
    };
    return hash ? { fingerprint: `sha256:${hash.digest('hex')}`, objects, again } : { objects, again };
  }
  let text: string;
  try {
    // Bytes, then text by their byte order mark: UTF-16 is read too (snapshot/encoding.ts).
    text = decodeSnapshotBytes(streamed ? await gather(pieces()) : await readFile(file));
  } catch (error) {
    if (error instanceof MessageError) throw error;
    throw unreadable(shown, messageOf(error));
  }
  // parse() throws SnapshotError with a message that already names the file.
  const objects = parsers.parse(text, fileName);
  const compressed = copy ? deflateRawSync(text, { level: COPY_LEVEL }) : undefined;
  const again = async () => (compressed ? parsers.parse(inflateRawSync(compressed).toString('utf8'), fileName) : notKept(fileName));
  return { fingerprint: text, objects, again };
}

async function gather(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

function notKept(fileName: string): Promise<never> {
  return Promise.reject(new Error(`${fileName} was read once and its bytes were not kept, so it cannot be read again`));
}

export interface ReadSnapshotModel {
  /** As ReadSnapshot's. */
  fingerprint?: string;
  /** buildModel of the file's objects, filtered by the source's namespaces. */
  model: AnatomyModel;
  /** The file's objects, whole, read again from the compressed copy (ReadSnapshot.again). */
  again(): Promise<ClusterObjects>;
  /** The model of the same objects for another namespace filter, built as the copy is read again. */
  modelFor(source: ModelSource): Promise<AnatomyModel>;
  /** The events the file was saved with (main/model/events.ts WithEvents), beside the objects. */
  events?: KubeObject[];
}

export interface ModelReadOptions {
  /** Whether a digest of the file is needed (readSnapshotFile's `fingerprint`; default true). */
  fingerprint?: boolean;
  /** Whether again() and modelFor() are needed (readSnapshotFile's `copy`; default true). */
  copy?: boolean;
  /**
   * Full collections while reading, whenever the heap has grown well past what
   * was alive (collect-garbage.ts). The export's choice, which collects at each
   * step anyway: at 100,000 pods in serve, they took ~4 s under load for a peak
   * hardly lower (0.90-0.93 GB against 0.91-0.97 GB, test/bench/main-memory.ts).
   */
  collectWhileReading?: boolean;
  /**
   * A last full collection once the model is built, which compacts the heap
   * and hands the pages freed back (`flavor: last-resort`; 1-2.5 s at 100,000
   * pods on a busy machine): for a process that goes on holding the model. In
   * serve at 100,000 pods, RSS after the read 0.88 GB instead of 1.0 GB, and
   * the peak once a page has the model 1.05 GB instead of 1.15 GB. Only after
   * a large read (LARGE_READ objects).
   */
  returnMemory?: boolean;
}

/**
 * Reads a snapshot file into its model, built as the file is read: each node
 * and pod goes into the model as it comes (StreamedBuild) and is not kept, so
 * the objects of 100,000 pods (some 470 MiB of heap) never exist beside their
 * model (some 520 MiB): serve of such a file peaks at about 0.9 GB where it
 * took 1.3 GB (test/bench/main-memory.ts). The model is buildModel of the objects
 * filterByNamespace keeps for `source.namespaces`, whichever parser reads the
 * file (one that ignores `take` hands every object over at the end).
 */
export async function readSnapshotFileModel(
  file: string,
  parsers: Pick<SnapshotFileOptions, 'parse' | 'parseStream'>,
  source: ModelSource,
  options: ModelReadOptions = {},
): Promise<ReadSnapshotModel> {
  let first: ReadSnapshot | undefined;
  let events: KubeObject[] | undefined;
  const model = await buildAsRead(source, options, async (take) => {
    first = await readSnapshotFile(file, parsers, options.fingerprint ?? true, take, options.copy ?? true);
    events = (first.objects as WithEvents<ClusterObjects>).events;
    return first.objects;
  });
  const { fingerprint, again } = first as unknown as ReadSnapshot;
  // The lists read whole (claims, volumes…) are built into the model; they need not stay with again().
  first = undefined;
  const result: ReadSnapshotModel = {
    model,
    again: () => again(),
    modelFor: (other) => buildAsRead(other, options, again),
  };
  if (fingerprint !== undefined) result.fingerprint = fingerprint;
  if (events !== undefined && events.length > 0) result.events = events;
  return result;
}

/** The model of what `read` reads, each node and pod built as it is offered (see readSnapshotFileModel). */
async function buildAsRead(source: ModelSource, options: ModelReadOptions, read: (take: TakeObject) => Promise<ClusterObjects>): Promise<AnatomyModel> {
  const build = new StreamedBuild();
  const { namespaces } = source;
  let taken = 0;
  const take: TakeObject = (key, item) => {
    // What is alive grows to the model; what was read to make it is garbage: keep the heap near the first.
    if (++taken % GC_EVERY === 0 && options.collectWhileReading) collectGarbageIfGrown();
    if (key === 'nodes') build.addNode(item);
    // A pod of another namespace is taken too: the filter would drop it, and then it is never held.
    else if (key === 'pods') {
      if (keptByNamespace('pods', item, namespaces)) build.addPod(item);
    } else return false;
    return true;
  };
  const objects = await read(take);
  const model = build.finish(filterByNamespace(objects, namespaces), source);
  // All but the model (and the compressed copy) is garbage now: collected, and its pages handed back, so
  // that the process's resident size starts from the model when pages connect.
  if (taken >= LARGE_READ && options.returnMemory) collectGarbage('return');
  return model;
}

/** The name a snapshot file's source (and its model) goes by. */
export function snapshotFileSource(file: string, namespaces: readonly string[] = []): ModelSource {
  return { kind: 'snapshot', name: snapshotInputName(file), namespaces: [...namespaces] };
}

/**
 * readSnapshotFile whose objects are projected as they are read, to what the
 * model reads of them (snapshot/project.ts): a changed file's objects are only
 * built from, and the full ones need not be held on top of the model shown.
 */
async function readProjected(file: string, parsers: Pick<SnapshotFileOptions, 'parse' | 'parseStream'>, fingerprint: boolean): Promise<ReadSnapshot> {
  const taken: Record<ListKey, KubeObject[]> = { nodes: [], pods: [], persistentVolumeClaims: [], persistentVolumes: [], namespaces: [] };
  const read = await readSnapshotFile(file, parsers, fingerprint, (key, item) => {
    taken[key].push(projectObject(key, item));
    return true;
  });
  const objects: ClusterObjects = { ...read.objects };
  for (const key of Object.keys(taken) as ListKey[]) {
    const rest = read.objects[key];
    // A list the file had (its objects were taken, or the file names it empty), in file order: taken ones came first.
    if (rest !== undefined) objects[key] = [...taken[key], ...rest.map((item) => projectObject(key, item))];
  }
  return { ...read, objects };
}

/** The fingerprint readSnapshotFile gives a file parsed as it is read, without parsing it; undefined when it cannot be read. */
async function fileDigest(file: string): Promise<string | undefined> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(file, 'r');
    const hash = createHash('sha256');
    // One buffer read into again and again: a stream's new buffer for each piece lives until V8 next
    // collects, and a large file's pieces (some 150 MiB of them seen) would add to the process's peak.
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
    return `sha256:${hash.digest('hex')}`;
  } catch {
    // readSnapshotFile then reads it and says what is wrong.
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

function mib(bytes: number): string {
  return `${Math.round(bytes / 1024 / 1024)} MiB`;
}

export function createSnapshotFileSource(file: string, options: SnapshotFileOptions): ObjectSource {
  const absolute = resolveSnapshotPath(file);
  const fileName = snapshotInputName(absolute);
  /**
   * Standard input or a pipe: read once, never watched. What the caller read
   * first (initialFingerprint), or this source's first read, is all there is;
   * a later start (a retry) has nothing new to read.
   */
  let streamed: boolean | undefined;
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
    if (streamed && shown) {
      if (current === generation && handlers) handlers.state(okState());
      return;
    }
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
      const { fingerprint, objects, again } = await (options.project
        ? readProjected(absolute, options, options.watch !== false)
        : readSnapshotFile(absolute, options, options.watch !== false, undefined, options.watch !== false));
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
      const state: ConnectionState = { phase: 'failed', reason: `${messageOf(error)}${kept}` };
      // The app's own words (a snapshot error, an unreadable file) in the page's language; anyone else's as written.
      if (error instanceof MessageError) state.said = shown ? message('errors.snapshotFile.stillShown', { error: error.said }) : error.said;
      handlers.state(state);
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
    description: snapshotFileSource(absolute),
    start(next) {
      handlers = next;
      generation += 1;
      if (options.initialFingerprint !== undefined && lastFingerprint === undefined) {
        lastFingerprint = options.initialFingerprint;
        shown = true;
      }
      if (!shown) next.state({ phase: 'connecting', detail: message('conn.detail.reading', { file: fileName }) });
      streamed ??= isStreamInput(absolute);
      if (options.watch !== false && !watcher && !streamed) {
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

/** A snapshot file the OS would not give: its name, and the OS's text (or the app's reason) inside. */
function unreadable(file: string, error: string | Message): MessageError {
  const said = message('errors.snapshotFile.unreadable', { file, error });
  return new MessageError(said, textOf('en', said));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
