// The registry client's disk cache: entries named by digest, checked when
// read, owner only, and kept under a size cap by dropping what was read least
// recently.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { DigestCache, digestOf, MAX_TAG_HINTS } from '../../../main/registry/cache.ts';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ka-digest-cache-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const entry = (text: string) => {
  const bytes = Buffer.from(text.padEnd(100, '.'));
  return { bytes, digest: digestOf(bytes, 'sha256')! };
};
/** Sets when an entry was last read, instead of waiting for the clock to move. */
const readAt = (digest: string, seconds: number) => {
  const t = new Date(Date.parse('2026-12-01T00:00:00Z') + seconds * 1000);
  fs.utimesSync(path.join(dir, digest.replace(':', '-')), t, t);
};

describe('registry digest cache', () => {
  it('gives back what was put, by digest, owner-only, and nothing for a name that is no digest', async () => {
    const cache = new DigestCache(path.join(dir, 'c'), 10_000);
    const a = entry('a');
    await cache.put(a.digest, a.bytes);
    assert.deepEqual(cache.get(a.digest), a.bytes);
    assert.equal(fs.statSync(path.join(dir, 'c')).mode & 0o077, 0);
    assert.equal(fs.statSync(path.join(dir, 'c', a.digest.replace(':', '-'))).mode & 0o077, 0);
    assert.equal(cache.get('sha256:../../etc/passwd'), undefined);
    assert.equal(cache.get(entry('never put').digest), undefined);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'c')).filter((n) => n.startsWith('.tmp')), []);
  });

  it('drops an entry whose content is not its digest', async () => {
    const cache = new DigestCache(dir, 10_000);
    const a = entry('a');
    await cache.put(a.digest, a.bytes);
    fs.writeFileSync(path.join(dir, a.digest.replace(':', '-')), 'planted');
    assert.equal(cache.get(a.digest), undefined);
    assert.equal(fs.existsSync(path.join(dir, a.digest.replace(':', '-'))), false);
  });

  it('over its cap, drops what was read least recently first', async () => {
    const cache = new DigestCache(dir, 350);
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map(entry);
    for (const [i, e] of [a, b, c].entries()) {
      await cache.put(e.digest, e.bytes);
      readAt(e.digest, i);
    }
    // a was read last: b is now the least recently read.
    readAt(a.digest, 10);
    await cache.put(d.digest, d.bytes);
    assert.ok(cache.get(a.digest));
    assert.equal(cache.get(b.digest), undefined);
    assert.ok(cache.get(c.digest));
    assert.ok(cache.get(d.digest));
  });

  it('remembers what a tag named, owner only, for the next instance; ignores what is no digest, forgets the oldest past its cap', () => {
    const a = entry('a');
    const b = entry('b');
    const cache = new DigestCache(dir, 10_000);
    assert.equal(cache.tagHint('reg/x:1'), undefined);
    cache.rememberTag('reg/x:1', a.digest);
    cache.rememberTag('reg/y:1', b.digest);
    assert.equal(fs.statSync(path.join(dir, 'tags.json')).mode & 0o077, 0);
    const next = new DigestCache(dir, 10_000);
    assert.equal(next.tagHint('reg/x:1'), a.digest);
    assert.equal(next.has(a.digest), false, 'a hint is not an entry');
    // A planted or broken file is nothing remembered, never an error.
    fs.writeFileSync(path.join(dir, 'tags.json'), JSON.stringify({ 'reg/x:1': '../../etc/passwd', 'reg/y:1': 7 }));
    assert.equal(new DigestCache(dir, 10_000).tagHint('reg/x:1'), undefined);
    fs.writeFileSync(path.join(dir, 'tags.json'), '{');
    assert.equal(new DigestCache(dir, 10_000).tagHint('reg/x:1'), undefined);
    const many = new DigestCache(dir, 10_000);
    for (let i = 0; i <= MAX_TAG_HINTS; i++) many.rememberTag(`reg/x:${i}`, a.digest);
    const kept = JSON.parse(fs.readFileSync(path.join(dir, 'tags.json'), 'utf8')) as Record<string, string>;
    assert.equal(Object.keys(kept).length, MAX_TAG_HINTS);
    assert.equal(kept['reg/x:0'], undefined, 'the oldest went first');
  });

  it('never fails the answer when it cannot write', async () => {
    const file = path.join(dir, 'not-a-folder');
    fs.writeFileSync(file, '');
    const cache = new DigestCache(file, 10_000);
    const a = entry('a');
    await cache.put(a.digest, a.bytes);
    assert.equal(cache.get(a.digest), undefined);
    cache.rememberTag('reg/x:1', a.digest);
    assert.equal(cache.has(a.digest), false);
  });
});
