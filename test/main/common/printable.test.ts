import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { printable, printableLines } from '../../../main/common/printable.ts';

describe('printable', () => {
  it('escapes C0, DEL, C1 and bidi overrides, and leaves other text alone', () => {
    assert.equal(printable('a\u001b[31mred\u0007'), 'a\\u001b[31mred\\u0007');
    assert.equal(printable('x\u009by\u007f'), 'x\\u009by\\u007f');
    assert.equal(printable('abc\u202edef\u2066'), 'abc\\u202edef\\u2066');
    assert.equal(printable('파드 10.244.0.3 — ok'), '파드 10.244.0.3 — ok');
  });
  it('uses a replacement when one is given', () => {
    assert.equal(printable('a\nb\u001bc', '?'), 'a?b?c');
  });
  it('keeps line breaks in multi-line messages but nothing else', () => {
    assert.equal(printableLines('one\u001b]0;t\u0007\ntwo\r'), 'one\\u001b]0;t\\u0007\ntwo\\u000d');
  });
});
