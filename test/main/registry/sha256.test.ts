// SHA-256 in JavaScript (main/common/hmac.ts) against node:crypto, and the digests the
// registry client checks (cache.ts digestOf), which use it for small inputs.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { sha256Hex } from '../../../main/common/hmac.ts';
import { digestOf, matchesDigest } from '../../../main/registry/cache.ts';
import { random } from '../../fixtures/random.ts';

const reference = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function bytesOf(length: number, next: () => number): Uint8Array {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(next() * 256);
  return out;
}

describe('sha256Hex', () => {
  it('gives the standard answers (FIPS 180-4 examples)', () => {
    const text = (s: string) => new TextEncoder().encode(s);
    assert.equal(sha256Hex(text('')), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    assert.equal(sha256Hex(text('abc')), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(sha256Hex(text('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')), '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1');
  });

  it('agrees with node:crypto for every length around the block edges, and for random contents', () => {
    const next = random(10);
    for (let length = 0; length <= 300; length++) {
      const bytes = bytesOf(length, next);
      assert.equal(sha256Hex(bytes), reference(bytes), `length ${length}`);
    }
    for (const length of [1000, 4095, 4096, 65_535, 65_536, 100_003]) {
      const bytes = bytesOf(length, next);
      assert.equal(sha256Hex(bytes), reference(bytes), `length ${length}`);
    }
  });

  it('reads a view into a larger buffer, not the buffer around it', () => {
    const whole = bytesOf(200, random(11));
    const view = whole.subarray(13, 150);
    assert.equal(sha256Hex(view), reference(view));
    assert.equal(sha256Hex(Buffer.from(view)), reference(view));
  });
});

describe('digestOf', () => {
  it('names small and large inputs, sha256 and sha512, as node:crypto does', () => {
    const next = random(12);
    for (const length of [0, 3000, 64 * 1024 + 1, 300_000]) {
      const bytes = Buffer.from(bytesOf(length, next));
      assert.equal(digestOf(bytes, 'sha256'), `sha256:${reference(bytes)}`);
      assert.equal(digestOf(bytes, 'sha512'), `sha512:${createHash('sha512').update(bytes).digest('hex')}`);
      assert.ok(matchesDigest(bytes, `sha256:${reference(bytes)}`));
    }
    assert.equal(digestOf(Buffer.from('x'), 'md5'), undefined);
    assert.equal(matchesDigest(Buffer.from('x'), `sha256:${reference(Buffer.from('y'))}`), false);
  });
});
