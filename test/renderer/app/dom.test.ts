import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { el, setText, setTitle } from '../../../renderer/app/dom.ts';

const { document } = parseHTML('<!doctype html><html><body><p id="p"></p></body></html>');
const doc = document as unknown as Document;
const RLO = '\u202E';

test('text and the attributes people read show invisible format characters; values and keys stay as they are', () => {
  const option = el(doc, 'option', { text: `ctx${RLO}1`, attrs: { value: `ctx${RLO}1`, title: `file${RLO}`, 'aria-label': `a${RLO}`, 'data-ns': `ns${RLO}` } });
  assert.equal(option.textContent, 'ctx‹U+202E›1');
  assert.equal(option.getAttribute('title'), 'file‹U+202E›');
  assert.equal(option.getAttribute('aria-label'), 'a‹U+202E›');
  // The value is sent back to the session and the key looks the namespace up.
  assert.equal(option.getAttribute('value'), `ctx${RLO}1`);
  assert.equal(option.getAttribute('data-ns'), `ns${RLO}`);

  const p = doc.getElementById('p') as HTMLElement;
  setText(p, `reason${RLO}`);
  setTitle(p, `why\u2066`);
  assert.equal(p.textContent, 'reason‹U+202E›');
  assert.equal(p.title, 'why‹U+2066›');
});
