// Objects a snapshot holds twice are reported in the page's language: each
// duplicate gap carries `said`, whose English is the gap's message word for
// word (read.test.ts checks that English), and whose Korean keeps the file's
// places, kinds, names and uids as written.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textOf } from '../../../main/i18n/index.ts';
import { parseSnapshot } from '../../../main/snapshot/read.ts';
import { checkedMessage } from '../../../main/contract/error.ts';
import { interfaceEnglish, wordsOfValues } from '../../fixtures/i18n-words.ts';

const pod = (name: string, uid: string) => ({ kind: 'Pod', apiVersion: 'v1', metadata: { name, namespace: 'default', uid } });
const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });

function duplicateGap(items: unknown[]) {
  const gaps = parseSnapshot(list(items), 'dup.json').objects.gaps.filter((g) => g.reason === 'duplicate');
  assert.equal(gaps.length, 1);
  const gap = gaps[0];
  assert.ok(gap.said, 'the gap carries its message');
  assert.equal(textOf('en', gap.said), gap.message);
  // Shallow enough to survive the wire's check.
  assert.deepEqual(checkedMessage(gap.said), gap.said);
  return { message: gap.message, ko: textOf('ko', gap.said) };
}

function korean(text: string, values: string[]): void {
  assert.match(text, /[\uac00-\ud7a3]/, text);
  assert.deepEqual(interfaceEnglish(text, wordsOfValues(values)), [], text);
}

test('one uid repeated: said in Korean with the places, the uid and the first item as written', () => {
  const { message, ko } = duplicateGap(Array.from({ length: 21 }, (_, i) => pod(`web-${i}`, 'one-uid')));
  assert.match(message, /^20 Pods dropped as duplicates: items\[1\], .* and 15 more repeat the uid "one-uid" of items\[0\] \(Pod default\/web-0\)$/);
  korean(ko, ['Pod', 'items[1], items[2], items[3], items[4], items[5]', 'one-uid', 'items[0]', 'default/web-0']);
  assert.ok(ko.includes('one-uid') && ko.includes('items[0]') && ko.includes('15개'), ko);
});

test('one name repeated, and more groups than are shown: each group and how many more, in Korean', () => {
  const items = [0, 1, 2, 3].flatMap((n) => [pod(`a-${n}`, `u-${n}`), pod(`a-${n}`, `v-${n}`)]);
  const { message, ko } = duplicateGap(items);
  assert.match(message, /^4 Pods dropped as duplicates: items\[1\] repeats Pod default\/a-0 of items\[0\]; .*; and 1 more$/);
  korean(ko, ['Pod', 'items[0]', 'items[1]', 'items[2]', 'items[3]', 'items[4]', 'items[5]', 'default/a-0', 'default/a-1', 'default/a-2']);
  assert.ok(ko.includes('그 밖에 1개'), ko);
  const single = duplicateGap([pod('x', 'u'), pod('x', 'v')]);
  assert.equal(single.message, '1 Pod dropped as a duplicate: items[1] repeats Pod default/x of items[0]');
  korean(single.ko, ['Pod', 'items[0]', 'items[1]', 'default/x']);
});
