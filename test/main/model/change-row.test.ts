// changeRow: a row of pods with its changes is the kept pods and the
// arrivals, sorted. Checked against that definition (filter, append, sort) on
// seeded random rows: pods changed in place, moved in and out, renamed under
// the same uid, new, the same pod twice among the arrivals, and uids removed
// that the row does not hold.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changeRow, comparePods, type RowChange } from '../../../main/model/patch.ts';
import type { PodModel } from '../../../main/model/types.ts';

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pod = (uid: string, namespace: string, name: string, ip: string): PodModel => ({ uid, namespace, name, podIP: ip }) as unknown as PodModel;

/** The definition: the kept pods, then the arrivals, sorted. */
function reference(row: readonly PodModel[], change: RowChange): PodModel[] {
  const out = row.filter((p) => !change.removed.has(p.uid));
  out.push(...change.added);
  return change.added.length > 0 ? out.sort(comparePods) : out;
}

test('is the kept pods and the arrivals, sorted, for 2,000 random rows and changes', () => {
  const next = random(7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!;
  let inPlace = 0;
  for (let round = 0; round < 2000; round++) {
    const size = Math.floor(next() * 40);
    const row: PodModel[] = [];
    for (let i = 0; i < size; i++) row.push(pod(`u${round}-${i}`, pick(['a', 'b', 'kube-system']), `p${Math.floor(next() * 30)}`, `10.0.0.${i}`));
    row.sort(comparePods);
    const change: RowChange = { removed: new Set(), added: [] };
    for (const p of row) {
      const r = next();
      if (r < 0.15) {
        change.removed.add(p.uid);
        change.added.push(pod(p.uid, p.namespace, p.name, `10.9.0.${round % 250}`));
        inPlace++;
      } else if (r < 0.2) change.removed.add(p.uid);
      else if (r < 0.23) {
        // The same uid under another name: not its slot.
        change.removed.add(p.uid);
        change.added.push(pod(p.uid, p.namespace, `${p.name}-x`, p.podIP as string));
      }
    }
    for (let i = 0, n = Math.floor(next() * 4); i < n; i++) change.added.push(pod(`new${round}-${i}`, pick(['a', 'b']), `p${Math.floor(next() * 30)}`, '10.1.0.1'));
    if (next() < 0.05) change.removed.add('not-in-this-row');
    if (next() < 0.05 && change.added.length > 0) change.added.push(change.added[0]!);
    const before = row.slice();
    assert.deepStrictEqual(changeRow(row, change), reference(row, change), `round ${round}`);
    assert.deepStrictEqual(row, before, 'the row it was given is left as it was');
  }
  assert.ok(inPlace > 1000, `pods changed in place: ${inPlace}`);
});

test('a pod changed in place is the new object in the old slot', () => {
  const row = [pod('1', 'a', 'x', '10.0.0.1'), pod('2', 'a', 'y', '10.0.0.2'), pod('3', 'b', 'x', '10.0.0.3')];
  const changed = pod('2', 'a', 'y', '10.0.0.9');
  const out = changeRow(row, { removed: new Set(['2']), added: [changed] });
  assert.deepEqual(out.map((p) => p.uid), ['1', '2', '3']);
  assert.equal(out[1], changed);
  assert.notEqual(out, row);
});
