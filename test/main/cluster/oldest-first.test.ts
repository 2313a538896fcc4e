import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { OldestFirst } from '../../../main/cluster/oldest-first.ts';
import { random } from '../../fixtures/random.ts';

describe('OldestFirst', () => {
  it('gives keys back oldest first, equal ages in the order stored, a key replaced by its new age and a deleted one never', () => {
    const o = new OldestFirst();
    o.set('a', 5);
    o.set('b', 1);
    o.set('c', 5);
    o.set('d', 3);
    o.set('b', 9);
    o.delete('d');
    assert.equal(o.size, 3);
    assert.equal(o.age('b'), 9);
    assert.deepEqual([o.popOldest(), o.popOldest(), o.popOldest(), o.popOldest()], ['a', 'c', 'b', undefined]);
    assert.equal(o.size, 0);
  });

  it('matches a sort over many random changes (stale entries are rebuilt away)', () => {
    const r = random(3);
    const o = new OldestFirst();
    const ref = new Map<string, { age: number; seq: number }>();
    let seq = 0;
    for (let step = 0; step < 20_000; step++) {
      const key = `k${Math.floor(r() * 300)}`;
      const x = r();
      if (x < 0.6) {
        const age = Math.floor(r() * 50);
        o.set(key, age);
        ref.set(key, { age, seq: seq++ });
      } else if (x < 0.8) {
        o.delete(key);
        ref.delete(key);
      } else {
        let want: string | undefined;
        let best: { age: number; seq: number } | undefined;
        for (const [k, v] of ref) if (!best || v.age < best.age || (v.age === best.age && v.seq < best.seq)) [want, best] = [k, v];
        if (want !== undefined) ref.delete(want);
        assert.equal(o.popOldest(), want, `step ${step}`);
      }
      assert.equal(o.size, ref.size);
    }
  });
});
