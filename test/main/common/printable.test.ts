import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { printable, printableLines, showInvisible } from '../../../main/common/printable.ts';

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

describe('showInvisible', () => {
  it('writes bidi controls and other invisible format characters as visible markers', () => {
    assert.equal(showInvisible('x\u202Egnp.sh'), 'x‹U+202E›gnp.sh');
    assert.equal(showInvisible('\u202A\u202B\u202C\u202D\u2066\u2067\u2068\u2069'), '‹U+202A›‹U+202B›‹U+202C›‹U+202D›‹U+2066›‹U+2067›‹U+2068›‹U+2069›');
    assert.equal(showInvisible('a\u200Bb\u200Fc\uFEFFd\u00ADe'), 'a‹U+200B›b‹U+200F›c‹U+FEFF›d‹U+00AD›e');
    // Tag characters spell hidden text; they are one code point beyond the BMP each.
    assert.equal(showInvisible('ok\u{E0041}'), 'ok‹U+E0041›');
  });
  it('leaves visible text alone, Korean and controls included (those are cleaned elsewhere)', () => {
    for (const text of ['파드 10.244.0.3 — ok', 'kube-system/coredns', 'a\nb', '']) assert.equal(showInvisible(text), text);
  });
});
