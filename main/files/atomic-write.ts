// Every file the app writes goes through here, so that a reader never sees
// half a file and nobody else's file is ever written by mistake or by design.
//
// The data goes to a temporary file beside the target, which is then renamed
// over it: a crash or a full disk leaves the old file as it was. The
// temporary name is random and the file is created exclusively, because the
// folder may be shared (an export to /tmp): with a predictable name, or an
// open that reuses what is there, someone could plant a symlink at that name
// and make the app write wherever it points.
//
// When the target itself is a symlink, the rename replaces the link with a
// regular file and leaves the file it pointed to untouched. That is on
// purpose: writing through the link would let whoever can plant one at the
// output name choose what gets overwritten.
//
// The mode applies to the new file, less the umask, like any newly created
// file. It is not copied from the file being replaced: who may read a file
// depends on what is in it now (see PRIVATE_MODE), not on what was there.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

/** For files that may hold cluster details or are nobody else's business: owner only. */
export const PRIVATE_MODE = 0o600;
/** What any program's new file gets (0o644 under the usual umask). */
export const DEFAULT_MODE = 0o666;

export interface AtomicWriteOptions {
  /** Permission bits for the new file, before the umask. DEFAULT_MODE when left out. */
  mode?: number;
  /** Base name for the temporary file. Tests set it to plant something at the name the helper will try. */
  tempName?: () => string;
}

/** Fresh names to try when something is already at one; more means someone is planting them. */
const ATTEMPTS = 5;

// O_EXCL: the open fails if anything is at the name, even a dangling symlink,
// so a planted file is never reused and a planted link never followed.
// O_NOFOLLOW in addition for file systems that honour O_EXCL loosely; Windows
// has no such flag (and no symlinks without privileges), so there it is 0.
const TEMP_FLAGS = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0);

function randomTempName(): string {
  return `.kube-anatomy-${randomBytes(12).toString('hex')}.tmp`;
}

/** A fresh name helps only when the failure was that something already sits at this one. */
function nameTaken(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'EEXIST' || code === 'ELOOP';
}

function failure(file: string, error: unknown): Error {
  return new Error(`cannot write ${file}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

/** Writes `data` to `file` in one step; throws an error naming `file` and leaves no temporary file behind. */
export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  await writeFileAtomicChunks(file, [data], options);
}

export type Chunks = Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/** Small chunks are gathered up to this many characters, so a source of tiny strings is not one system call each. */
const GATHER_CHARS = 1 << 20;

/**
 * The same for data too large to hold as one string or buffer (V8 strings end
 * at about 512 MiB; a picture of 100,000 pods comes near): the chunks are
 * written as they come, strings as UTF-8, and the target appears only once the
 * last one is on disk. An error thrown by the chunk source itself is passed on
 * as it was, after the temporary file is removed; the target stays as it was.
 * Resolves to the number of bytes written.
 */
export async function writeFileAtomicChunks(file: string, chunks: Chunks, options: AtomicWriteOptions = {}): Promise<number> {
  const dir = path.dirname(file);
  const { handle, temp } = await openTemp(file, options);
  let bytes = 0;
  let sourceFailed = false;
  try {
    try {
      const gathered: string[] = [];
      let gatheredChars = 0;
      const flush = async (): Promise<void> => {
        if (gathered.length === 0) return;
        const buffer = Buffer.from(gathered.join(''), 'utf8');
        gathered.length = 0;
        gatheredChars = 0;
        await writeAll(handle, buffer);
        bytes += buffer.length;
      };
      const iterator = iterate(chunks);
      for (;;) {
        let next: IteratorResult<string | Uint8Array>;
        try {
          next = await iterator.next();
        } catch (error) {
          sourceFailed = true;
          throw error;
        }
        if (next.done) break;
        const chunk = next.value;
        if (typeof chunk === 'string') {
          gathered.push(chunk);
          gatheredChars += chunk.length;
          if (gatheredChars >= GATHER_CHARS) await flush();
        } else {
          await flush();
          await writeAll(handle, chunk);
          bytes += chunk.length;
        }
      }
      await flush();
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsp.rename(temp, file);
  } catch (error) {
    await fsp.unlink(temp).catch(() => {});
    throw sourceFailed ? error : failure(file, error);
  }
  await syncDir(dir);
  return bytes;
}

function iterate(chunks: Chunks): AsyncIterator<string | Uint8Array> | Iterator<string | Uint8Array> {
  return Symbol.asyncIterator in chunks ? chunks[Symbol.asyncIterator]() : chunks[Symbol.iterator]();
}

/** FileHandle.write may write less than asked (a full pipe, a signal): go on until all of it is out. */
async function writeAll(handle: fsp.FileHandle, data: Uint8Array): Promise<void> {
  for (let offset = 0; offset < data.length; ) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset);
    if (bytesWritten === 0) throw new Error('the file system accepted no more data');
    offset += bytesWritten;
  }
}

/**
 * The same, synchronously: for the window state, saved while the window closes,
 * when the process may end before an asynchronous write lands.
 */
export function writeFileAtomicSync(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): void {
  const dir = path.dirname(file);
  const { fd, temp } = openTempSync(file, options);
  try {
    try {
      fs.writeFileSync(fd, data);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
  } catch (error) {
    try {
      fs.unlinkSync(temp);
    } catch {
      // Already gone, or the folder went away: nothing left to clean.
    }
    throw failure(file, error);
  }
  syncDirSync(dir);
}

async function openTemp(file: string, options: AtomicWriteOptions): Promise<{ handle: fsp.FileHandle; temp: string }> {
  for (let attempt = 1; ; attempt++) {
    const temp = path.join(path.dirname(file), (options.tempName ?? randomTempName)());
    try {
      return { handle: await fsp.open(temp, TEMP_FLAGS, options.mode ?? DEFAULT_MODE), temp };
    } catch (error) {
      if (!nameTaken(error) || attempt === ATTEMPTS) throw failure(file, error);
    }
  }
}

function openTempSync(file: string, options: AtomicWriteOptions): { fd: number; temp: string } {
  for (let attempt = 1; ; attempt++) {
    const temp = path.join(path.dirname(file), (options.tempName ?? randomTempName)());
    try {
      return { fd: fs.openSync(temp, TEMP_FLAGS, options.mode ?? DEFAULT_MODE), temp };
    } catch (error) {
      if (!nameTaken(error) || attempt === ATTEMPTS) throw failure(file, error);
    }
  }
}

// The rename survives a power cut only once the folder's entry is on disk.
// Windows cannot open a folder for that; the data is in place either way, so
// a failure here does not fail the write.
async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await fsp.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // See above.
  }
}

function syncDirSync(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // See syncDir.
  }
}
