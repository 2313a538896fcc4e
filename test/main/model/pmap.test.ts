// The persistent map under the incremental model: against a plain Map as the
// reference, over random sets and deletes in random batches, every version
// made stays as it was when later drafts write; a draft reads its own writes;
// a sealed draft refuses writes; and a write copies only the part of the tree
// over its key, so a version shares every other leaf with the one before.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PMap } from '../../../main/model/pmap.ts';
import { random } from '../../fixtures/random.ts';

const sorted = <V>(entries: Iterable<[string, V]>) => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

test('every version equals its reference Map, whatever was written after it', () => {
  const rand = random(42);
  let map = PMap.empty<number>();
  const versions: { map: PMap<number>; reference: Map<string, number> }[] = [{ map, reference: new Map() }];
  let reference = new Map<string, number>();
  for (let batch = 0; batch < 300; batch++) {
    const draft = map.edit();
    const next = new Map(reference);
    const writes = Math.floor(rand() * 40);
    for (let i = 0; i < writes; i++) {
      // Keys from a pool of 3,000, so that sets overwrite and deletes find keys as often as not.
      const key = `ns/pod-${Math.floor(rand() * 3000)}`;
      if (rand() < 0.3) {
        draft.delete(key);
        next.delete(key);
      } else {
        const value = Math.floor(rand() * 1e6);
        draft.set(key, value);
        next.set(key, value);
      }
      assert.equal(draft.get(key), next.get(key), 'a draft reads its own writes');
      assert.equal(draft.has(key), next.has(key));
      assert.equal(draft.size, next.size);
    }
    map = draft.done();
    reference = next;
    versions.push({ map, reference });
  }
  assert.ok(reference.size > 1000, `the pool filled: ${reference.size} keys`);
  for (const [i, v] of versions.entries()) {
    assert.equal(v.map.size, v.reference.size, `version ${i}: size`);
    assert.deepEqual(sorted(v.map.entries()), sorted(v.reference.entries()), `version ${i}: entries`);
    assert.deepEqual([...v.map.keys()].sort(), [...v.reference.keys()].sort());
    for (const [key, value] of v.reference) assert.equal(v.map.get(key), value);
    assert.equal(v.map.get('ns/never'), undefined);
    assert.equal(v.map.has('ns/never'), false);
  }
});

test('a draft with no writes gives back its base; a sealed draft refuses writes', () => {
  const base = PMap.empty<string>().edit();
  base.set('a', 'x');
  const map = base.done();
  assert.equal(map.edit().done(), map);
  assert.throws(() => base.set('b', 'y'), /written after done/);
  assert.throws(() => base.delete('a'), /written after done/);
  assert.equal(map.get('a'), 'x', 'the refused writes changed nothing');
  const draft = map.edit();
  draft.delete('missing');
  assert.equal(draft.done(), map, 'deleting what is not there writes nothing');
});

test('a write copies only what lies over its key: the versions share every other leaf', () => {
  const draft = PMap.empty<number>().edit();
  for (let i = 0; i < 100_000; i++) draft.set(`uid-${i}`, i);
  const before = draft.done();
  const changing = before.edit();
  changing.set('uid-7', -7);
  const after = changing.done();
  const leaves = (map: PMap<number>) => map.root.flatMap((middle) => (middle ?? []).filter((leaf) => leaf !== undefined));
  const old = new Set(leaves(before));
  const fresh = leaves(after).filter((leaf) => !old.has(leaf));
  assert.equal(fresh.length, 1, 'one leaf copied');
  assert.ok(fresh[0]!.size < 100, `a leaf holds a few dozen of 100,000 entries, not hundreds: ${fresh[0]!.size}`);
  assert.equal(after.root.filter((middle, i) => middle !== before.root[i]).length, 1, 'one middle array copied');
  assert.equal(before.get('uid-7'), 7);
  assert.equal(after.get('uid-7'), -7);
});
