import { test } from 'node:test';
import assert from 'node:assert/strict';
import { jsonErrorOffset, lineColumn } from '../../../main/snapshot/json-error.ts';

test('valid JSON has no error offset', () => {
  for (const text of ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\n\\u00e9"]} ', '"s"', '0']) {
    assert.equal(jsonErrorOffset(text), -1, text);
    assert.doesNotThrow(() => JSON.parse(text));
  }
});

test('the offset of the first error', () => {
  const cases: [string, number][] = [
    ['{"a": tru}', 6], // a bad literal
    ['{"a": 1,}', 8], // trailing comma
    ['{"a" 1}', 5], // missing colon
    ['{"a": 1 "b": 2}', 8], // missing comma
    ['[1, 2', 5], // unexpected end
    ['{"a": "x\ty"}', 8], // raw control character in a string
    ['{"a": "\\q"}', 7], // bad escape
    ['{a: 1}', 1], // unquoted key
    ['{} {}', 3], // trailing data
    ['[01]', 2], // leading zero: "0" parses, then "1" is unexpected
    ['', 0],
  ];
  for (const [text, offset] of cases) {
    assert.throws(() => JSON.parse(text), SyntaxError, text);
    assert.equal(jsonErrorOffset(text), offset, text);
  }
});

test('deep nesting does not overflow the stack', () => {
  const text = `${'['.repeat(200_000)}${']'.repeat(199_999)}`;
  assert.equal(jsonErrorOffset(text), text.length);
});

test('lineColumn is 1-based', () => {
  const text = 'ab\ncd\n\nef';
  assert.deepEqual(lineColumn(text, 0), { line: 1, column: 1 });
  assert.deepEqual(lineColumn(text, 2), { line: 1, column: 3 });
  assert.deepEqual(lineColumn(text, 3), { line: 2, column: 1 });
  assert.deepEqual(lineColumn(text, 7), { line: 4, column: 1 });
  assert.deepEqual(lineColumn(text, text.length), { line: 4, column: 3 });
});
