import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_STRING, arr, bool, num, obj, record, str, strings, text } from '../../../main/model/read.ts';

test('str keeps strings, cuts long ones and rejects other types', () => {
  assert.equal(str('pod'), 'pod');
  assert.equal(str(''), '');
  assert.equal(str(5), undefined);
  assert.equal(str(null), undefined);
  assert.equal(str('x'.repeat(MAX_STRING + 10))?.length, 64 * 1024);
  assert.equal(str('abcdef', 3), 'abc');
  assert.equal(text(''), undefined);
  assert.equal(text('a'), 'a');
});

test('num, bool, obj and arr accept only their own type', () => {
  assert.equal(num(3), 3);
  assert.equal(num('3'), undefined);
  assert.equal(num(Number.NaN), undefined);
  assert.equal(num(Infinity), undefined);
  assert.equal(bool(true), true);
  assert.equal(bool('true'), undefined);
  assert.deepEqual(obj({ a: 1 }), { a: 1 });
  assert.equal(obj([]), undefined);
  assert.equal(obj(null), undefined);
  assert.equal(obj('x'), undefined);
  assert.deepEqual(arr([1]), [1]);
  assert.deepEqual(arr({ length: 1 }), []);
  assert.deepEqual(strings(['a', 1, null, 'b']), ['a', 'b']);
  assert.deepEqual(strings('a'), []);
});

test('record keeps string values only and treats __proto__ as a plain key', () => {
  const input = JSON.parse('{"__proto__": "polluted", "app": "web", "n": 1, "o": {"a": 1}, "constructor": "c"}');
  const r = record(input);
  assert.deepEqual(Object.keys(r), ['__proto__', 'app', 'constructor']);
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
  assert.equal(r.app, 'web');
  assert.equal(Object.getOwnPropertyDescriptor(r, '__proto__')?.value, 'polluted');
  assert.equal(({} as Record<string, unknown>).polluted, undefined);
  assert.deepEqual(record('x'), {});
  assert.deepEqual(record(null), {});
  const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`k${i}`, 'v']));
  assert.equal(Object.keys(record(many)).length, 1024);
});
