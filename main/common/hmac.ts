// SHA-256 and HMAC-SHA256 (FIPS 180-4, RFC 2104) in plain script: the
// redaction (main/model/redact.ts) names every object by a keyed hash, and it
// runs where no Node crypto exists (the page) and must answer synchronously for
// thousands of names a model; Web Crypto's digest is asynchronous only. The
// registry client checks small manifests and configs with it too: loading
// node:crypto (some 20 modules of its own) costs more than hashing a few
// kilobytes here (main/registry/cache.ts digestOf).

const K = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

const W = new Uint32Array(64);

/** One 64-byte block of `data` at `offset` into the state `h`. */
function compress(h: Uint32Array, data: Uint8Array, offset: number): void {
  for (let i = 0; i < 16; i++) {
    const j = offset + i * 4;
    W[i] = (data[j] << 24) | (data[j + 1] << 16) | (data[j + 2] << 8) | data[j + 3];
  }
  for (let i = 16; i < 64; i++) {
    const a = W[i - 15];
    const b = W[i - 2];
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3);
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10);
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
  }
  let a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
  for (let i = 0; i < 64; i++) {
    const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
    const ch = (e & f) ^ (~e & g);
    const t1 = (k + S1 + ch + K[i] + W[i]) | 0;
    const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
    const maj = (a & b) ^ (a & c) ^ (b & c);
    const t2 = (S0 + maj) | 0;
    k = g;
    g = f;
    f = e;
    e = (d + t1) | 0;
    d = c;
    c = b;
    b = a;
    a = (t1 + t2) | 0;
  }
  h[0] = (h[0] + a) | 0;
  h[1] = (h[1] + b) | 0;
  h[2] = (h[2] + c) | 0;
  h[3] = (h[3] + d) | 0;
  h[4] = (h[4] + e) | 0;
  h[5] = (h[5] + f) | 0;
  h[6] = (h[6] + g) | 0;
  h[7] = (h[7] + k) | 0;
}

const H = new Uint32Array(8);
let TAIL = new Uint8Array(128);

/** The digest of `data` continuing from state `start`, which has already taken `before` bytes (whole blocks), left in H. */
function finish(start: Uint32Array, before: number, data: Uint8Array, length = data.length): void {
  const h = H;
  h.set(start);
  const whole = length - (length % 64);
  for (let off = 0; off < whole; off += 64) compress(h, data, off);
  const tailLength = length - whole;
  const tail = TAIL;
  const size = tailLength + 9 > 64 ? 128 : 64;
  tail.fill(0, 0, size);
  for (let i = 0; i < tailLength; i++) tail[i] = data[whole + i];
  tail[tailLength] = 0x80;
  const bits = (before + length) * 8;
  const high = Math.floor(bits / 0x100000000);
  const low = bits >>> 0;
  for (let i = 0; i < 4; i++) tail[size - 8 + i] = (high >>> (24 - 8 * i)) & 255;
  for (let i = 0; i < 4; i++) tail[size - 4 + i] = (low >>> (24 - 8 * i)) & 255;
  for (let off = 0; off < size; off += 64) compress(h, tail, off);
}

/** H as 32 bytes, into `out`. */
function stateBytes(out: Uint8Array): Uint8Array {
  for (let i = 0; i < 8; i++) {
    const v = H[i];
    out[i * 4] = v >>> 24;
    out[i * 4 + 1] = (v >>> 16) & 255;
    out[i * 4 + 2] = (v >>> 8) & 255;
    out[i * 4 + 3] = v & 255;
  }
  return out;
}

const START = Uint32Array.from(INITIAL);

/** The SHA-256 of the bytes (an HMAC key longer than a block). */
function sha256(data: Uint8Array): Uint8Array {
  finish(START, 0, data);
  return stateBytes(new Uint8Array(32));
}

/** The SHA-256 of the bytes, as 64 lower-case hex digits. */
export function sha256Hex(data: Uint8Array): string {
  finish(START, 0, data);
  return stateHex(H);
}

/** UTF-8 bytes of a string (pure code has no TextEncoder); a lone surrogate becomes U+FFFD, as TextEncoder does. */
export function utf8(text: string): Uint8Array {
  let ascii = true;
  for (let i = 0; i < text.length && ascii; i++) ascii = text.charCodeAt(i) < 0x80;
  if (ascii) {
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        i++;
      } else c = 0xfffd;
    } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return Uint8Array.from(out);
}

/** A keyed hash: the 32 bytes of HMAC-SHA256(key, text as UTF-8), as 64 lower-case hex digits. */
export type KeyedHash = (text: string) => string;

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
/** The inner digest of an HMAC, kept here rather than allocated per call. */
const INNER = new Uint8Array(32);
let ASCII = new Uint8Array(256);

/** The state H as hex. */
function stateHex(h: Uint32Array): string {
  let out = '';
  for (let i = 0; i < 8; i++) {
    const v = h[i];
    out += HEX[v >>> 24] + HEX[(v >>> 16) & 255] + HEX[(v >>> 8) & 255] + HEX[v & 255];
  }
  return out;
}

/** HMAC-SHA256 with `key`; the key's inner and outer blocks are hashed once, not per call. */
export function hmacSha256(key: Uint8Array): KeyedHash {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? sha256(key) : key);
  const pad = (byte: number): Uint32Array => {
    const padded = block.map((b) => b ^ byte);
    const h = Uint32Array.from(INITIAL);
    compress(h, padded, 0);
    return h;
  };
  const inner = pad(0x36);
  const outer = pad(0x5c);
  // Many short names a model: no allocation but the answer's string (the garbage collector cost more than the hashing).
  return (text) => {
    let data: Uint8Array;
    let length = text.length;
    let ascii = true;
    for (let i = 0; i < length && ascii; i++) ascii = text.charCodeAt(i) < 0x80;
    if (ascii) {
      if (ASCII.length < length) ASCII = new Uint8Array(length * 2);
      for (let i = 0; i < length; i++) ASCII[i] = text.charCodeAt(i);
      data = ASCII;
    } else {
      data = utf8(text);
      length = data.length;
    }
    finish(inner, 64, data, length);
    finish(outer, 64, stateBytes(INNER));
    return stateHex(H);
  };
}
