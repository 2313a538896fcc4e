// The key of an export's pseudonyms (--redact, --redact-key FILE): a fresh
// random one for each export, or the one a key file keeps, so that the same
// cluster redacted twice gives the same names. The file is created when
// missing, owner only, and never replaced: a key changed under a set of
// pictures would make their pseudonyms disagree.

import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { constants } from 'node:fs';
import path from 'node:path';
import { PRIVATE_MODE } from '../files/atomic-write.ts';
import { MIN_KEY_BYTES } from '../model/redact.ts';

/** Bytes of a key this writes: 256 bits. */
export const KEY_BYTES = 32;
/** A key file is one line of hex; anything much longer is not one. */
const MAX_KEY_FILE = 4096;

/** A random key for one export. */
export function randomRedactKey(): Uint8Array {
  return new Uint8Array(randomBytes(KEY_BYTES));
}

/**
 * The key a file holds, or a new one written to it when nothing is there.
 * Errors name the file and what is wrong with it.
 */
export async function loadRedactKey(file: string, log: (line: string) => void = () => {}): Promise<Uint8Array> {
  const where = path.resolve(file);
  try {
    return await readKey(where, log);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomRedactKey();
  try {
    await createKeyFile(where, key);
    log(`wrote a new redaction key to ${where} (owner only): keep it to give later exports the same pseudonyms`);
    return key;
  } catch (error) {
    // Another export created it first: take that one, so both agree.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKey(where, log);
    throw new Error(`--redact-key ${where}: cannot create the key file: ${describe(error)}`, { cause: error });
  }
}

async function readKey(file: string, log: (line: string) => void): Promise<Uint8Array> {
  let info;
  try {
    info = await fs.stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw error;
    throw new Error(`--redact-key ${file}: cannot read the key file: ${describe(error)}`, { cause: error });
  }
  if (info.isDirectory()) throw new Error(`--redact-key ${file}: is a folder, not a key file`);
  if (!info.isFile()) throw new Error(`--redact-key ${file}: is not a regular file`);
  if (info.size > MAX_KEY_FILE) throw new Error(`--redact-key ${file}: ${info.size} bytes is too long for a key file (one line of ${KEY_BYTES * 2} hex digits)`);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`--redact-key ${file}: cannot read the key file: ${describe(error)}`, { cause: error });
  }
  const hex = text.trim();
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length % 2 !== 0) {
    throw new Error(`--redact-key ${file}: not a key file: expected one line of hex digits (${KEY_BYTES * 2}, as kube-anatomy writes it)`);
  }
  if (hex.length < MIN_KEY_BYTES * 2) throw new Error(`--redact-key ${file}: the key is ${hex.length / 2} bytes; at least ${MIN_KEY_BYTES}`);
  if (process.platform !== 'win32' && (info.mode & 0o077) !== 0) {
    log(`warning: ${file} can be read by others (mode ${(info.mode & 0o777).toString(8)}); whoever has the key can check guesses of the names: chmod 600 ${file}`);
  }
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** Written beside the target and linked into place: link() never replaces, so a key already there (or planted) wins. */
async function createKeyFile(file: string, key: Uint8Array): Promise<void> {
  const temp = path.join(path.dirname(file), `.kube-anatomy-key-${randomBytes(12).toString('hex')}.tmp`);
  const handle = await fs.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0), PRIVATE_MODE);
  try {
    await handle.writeFile(`${Buffer.from(key).toString('hex')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.link(temp, file);
  } finally {
    await fs.rm(temp, { force: true });
  }
}

function describe(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'its folder does not exist';
  if (code === 'EACCES' || code === 'EPERM') return 'no permission';
  if (code === 'EROFS') return 'the file system is read-only';
  return error instanceof Error ? error.message : String(error);
}
