// Manifests and configs on disk, named by their digest. What a digest names
// never changes, so an entry never goes stale; each one is checked against
// its name again when read (a damaged or planted file is a miss, and is
// removed). Over the size cap, the entries read least recently go first.
// Beside them, tags.json remembers which digest each tag named when last
// asked: never an answer (tags move), only which request to make first.
// Files are the user's own (0600): a private image's manifest is nobody
// else's business. Tags are never cached (they move); tokens never touch disk.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sha256Hex } from '../common/hmac.ts';

/** Owner only, as main/files' PRIVATE_MODE; not imported, since that module (and what it loads) is not needed for a cache. */
const PRIVATE_MODE = 0o600;

export const DEFAULT_CACHE_CAP = 64 * 1024 * 1024;
/** Tags remembered in tags.json; past this the oldest are forgotten. */
export const MAX_TAG_HINTS = 1000;
const TAG_HINTS = 'tags.json';
const NAME = /^(sha256|sha512)-([a-f0-9]{64}|[a-f0-9]{128})$/;

/** $KUBE_ANATOMY_REGISTRY_CACHE, else the user's cache folder (as bin.mjs finds it) /kube-anatomy/registry. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.KUBE_ANATOMY_REGISTRY_CACHE && path.isAbsolute(env.KUBE_ANATOMY_REGISTRY_CACHE)) return env.KUBE_ANATOMY_REGISTRY_CACHE;
  const home = os.homedir();
  let base: string;
  if (process.platform === 'win32') base = env.LOCALAPPDATA || path.join(home, 'AppData', 'Local');
  else if (process.platform === 'darwin') base = path.join(home, 'Library', 'Caches');
  else base = env.XDG_CACHE_HOME && path.isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : path.join(home, '.cache');
  return path.join(base, 'kube-anatomy', 'registry');
}

/** Past this, node:crypto hashes faster than our own SHA-256 (main/common/hmac.ts), by more than loading it costs. */
const SMALL_BYTES = 64 * 1024;

/**
 * sha256 or sha512 of the bytes, as "algorithm:hex"; undefined for another
 * algorithm. node:crypto is loaded only for sha512 or a large input: loading
 * it takes longer than a whole answer from a local registry (main/common/hmac.ts says why).
 */
export function digestOf(bytes: Uint8Array, algorithm: string): string | undefined {
  if (algorithm !== 'sha256' && algorithm !== 'sha512') return undefined;
  if (algorithm === 'sha256' && bytes.length <= SMALL_BYTES) return `sha256:${sha256Hex(bytes)}`;
  return `${algorithm}:${process.getBuiltinModule('node:crypto').createHash(algorithm).update(bytes).digest('hex')}`;
}

/** A name no other put in this process uses; 'wx' refuses a file already there, whoever made it. */
let puts = 0;
const tempName = (): string => `.tmp-${process.pid}-${Date.now().toString(36)}-${(puts++).toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export function matchesDigest(bytes: Uint8Array, digest: string): boolean {
  const algorithm = digest.slice(0, digest.indexOf(':'));
  return digestOf(bytes, algorithm) === digest.toLowerCase();
}

export class DigestCache {
  /**
   * The folder's size at the last count plus what this instance wrote since,
   * so that a put reads the whole folder only the first time and when that
   * sum passes the cap (another process's writes count at its own next put).
   */
  private counted: number | undefined;
  /** The folder was made (or found) by this instance's last put. */
  private made = false;

  constructor(
    readonly dir: string,
    readonly capBytes: number = DEFAULT_CACHE_CAP,
  ) {}

  /** tags.json as read (once per instance) and as this instance changed it. */
  private hints: Map<string, string> | undefined;

  /** Whether an entry for the digest is here (not checked: get() checks what it reads). */
  has(digest: string): boolean {
    const file = this.file(digest);
    return file !== undefined && fs.existsSync(file);
  }

  /** The digest `tag` (registry/repository:tag) named when last asked, if remembered and well-formed. */
  tagHint(tag: string): string | undefined {
    const digest = this.readHints().get(tag);
    return digest !== undefined && this.file(digest) !== undefined ? digest : undefined;
  }

  /** Remembers what `tag` names now; written at once, the oldest forgotten past MAX_TAG_HINTS. A cache that cannot be written only forgets. */
  rememberTag(tag: string, digest: string): void {
    const hints = this.readHints();
    if (hints.get(tag) === digest) return;
    hints.delete(tag);
    hints.set(tag, digest);
    for (const oldest of hints.keys()) {
      if (hints.size <= MAX_TAG_HINTS) break;
      hints.delete(oldest);
    }
    this.write(path.join(this.dir, TAG_HINTS), JSON.stringify(Object.fromEntries(hints)));
  }

  private readHints(): Map<string, string> {
    if (this.hints) return this.hints;
    this.hints = new Map();
    try {
      const read: unknown = JSON.parse(fs.readFileSync(path.join(this.dir, TAG_HINTS), 'utf8'));
      if (read && typeof read === 'object' && !Array.isArray(read)) {
        for (const [tag, digest] of Object.entries(read)) if (typeof digest === 'string') this.hints.set(tag, digest);
      }
    } catch {
      // None yet, or unreadable: nothing remembered.
    }
    return this.hints;
  }

  private file(digest: string): string | undefined {
    const name = digest.toLowerCase().replace(':', '-');
    return NAME.test(name) ? path.join(this.dir, name) : undefined;
  }

  get(digest: string): Buffer | undefined {
    const file = this.file(digest);
    if (!file) return undefined;
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(file);
    } catch {
      return undefined;
    }
    if (!matchesDigest(bytes, digest)) {
      fs.rmSync(file, { force: true });
      return undefined;
    }
    // Read recently: the last to go when the cap is reached.
    const now = new Date();
    try {
      fs.utimesSync(file, now, now);
    } catch {
      // Only the eviction order suffers.
    }
    return bytes;
  }

  /**
   * Stores bytes already checked against the digest. A cache that cannot be
   * written is no cache, never an error. Written as write() writes, but
   * not synced as main/files does for the user's files: every read checks the
   * digest, so an entry a crash cut short is only a miss, and the six syncs of
   * an answer cost more than the answer (about 10 ms here, far more on a busy disk).
   */
  async put(digest: string, bytes: Uint8Array): Promise<void> {
    const file = this.file(digest);
    if (!file || bytes.length > this.capBytes || !this.write(file, bytes)) return;
    if (this.counted !== undefined) this.counted += bytes.length;
    try {
      if (this.counted === undefined || this.counted > this.capBytes) this.counted = this.prune();
    } catch {
      // The folder went away meanwhile: made again at the next put.
      this.made = false;
    }
  }

  /**
   * Writes one file of the cache whole or not at all: a fresh name (exclusive
   * create, so nothing planted there is reused), renamed into place. False
   * when it cannot be written (a read-only or full disk): the answer is still
   * right, only the next one slower.
   */
  private write(file: string, data: string | Uint8Array): boolean {
    const temp = path.join(this.dir, tempName());
    try {
      if (!this.made) fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      this.made = true;
      fs.writeFileSync(temp, data, { flag: 'wx', mode: PRIVATE_MODE });
      fs.renameSync(temp, file);
      return true;
    } catch {
      this.made = false;
      try {
        fs.rmSync(temp, { force: true });
      } catch {
        // Not even a folder there: nothing was written either.
      }
      return false;
    }
  }

  /** Removes the least recently read entries until the folder is within the cap; the bytes left. */
  prune(): number {
    let entries: { file: string; size: number; mtime: number }[] = [];
    for (const name of fs.readdirSync(this.dir)) {
      if (!NAME.test(name)) continue;
      try {
        const st = fs.statSync(path.join(this.dir, name));
        entries.push({ file: path.join(this.dir, name), size: st.size, mtime: st.mtimeMs });
      } catch {
        // Removed meanwhile by another process.
      }
    }
    let total = entries.reduce((sum, e) => sum + e.size, 0);
    if (total <= this.capBytes) return total;
    entries = entries.sort((a, b) => a.mtime - b.mtime);
    for (const e of entries) {
      if (total <= this.capBytes) break;
      fs.rmSync(e.file, { force: true });
      total -= e.size;
    }
    return total;
  }
}
