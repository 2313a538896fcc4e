// Deterministic stand-ins for what a cluster makes up at random: uids, digests,
// container ids, the suffixes of generated names. All derive from a salt and a
// key, so the demo (and the benchmark generator, with a seed in the salt) come
// out byte-identical on every run.

import { createHash } from 'node:crypto';

export interface Ids {
  /** 64 hex digits. */
  hex(key: string): string;
  /** An RFC 4122 version-4-shaped uid. */
  uid(key: string): string;
  /** A suffix like the ones generateName and pod-template-hash use ("7hmfx"). */
  suffix(key: string, length: number): string;
  /** A plausible metadata.resourceVersion. */
  resourceVersion(key: string): string;
}

// Kubernetes' random-name alphabet: no vowels, no 0/1/3, so no words and no lookalikes.
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export function makeIds(salt: string): Ids {
  const hex = (key: string): string => createHash('sha256').update(`${salt}\u0000${key}`).digest('hex');
  return {
    hex,
    uid(key) {
      const h = hex(`uid:${key}`);
      const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    suffix(key, length) {
      const h = hex(`suffix:${key}`);
      let out = '';
      for (let i = 0; i < length; i++) out += ALPHABET[parseInt(h.slice(i * 2, i * 2 + 2), 16) % ALPHABET.length];
      return out;
    },
    resourceVersion(key) {
      return String(400 + (parseInt(hex(`rv:${key}`).slice(0, 8), 16) % 60000));
    },
  };
}

/** An RFC 3339 time, `seconds` after `iso`, without milliseconds as the API server writes it. */
export function later(iso: string, seconds: number): string {
  return new Date(Date.parse(iso) + seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
