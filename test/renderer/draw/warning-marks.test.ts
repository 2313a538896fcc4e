// The warning mark on pods with recent Warning events, on linkedom: set on the
// pods named (data-warning, a <title> and an aria-label in the page's words),
// taken off pods no longer named, never on what is not a pod.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import { markWarnings } from '../../../renderer/draw/warning-marks.ts';

function drawing() {
  const { document } = parseHTML(
    '<!doctype html><html><body><svg xmlns="http://www.w3.org/2000/svg" id="d"><g class="ka-pod" data-kind="pod" data-uid="p1"><rect/></g><g class="ka-pod" data-kind="pod" data-uid="p2"><rect/></g><g class="ka-node" data-kind="node" data-uid="n1"></g></svg></body></html>',
  );
  const svg = document.getElementById('d') as unknown as Element;
  const find = (uid: string) => {
    const element = svg.querySelector(`[data-uid="${uid}"]`);
    return element ? { element, width: 100 } : undefined;
  };
  return { svg, find, el: (uid: string) => svg.querySelector(`[data-uid="${uid}"]`)! };
}

test('marks the pods named, with a tooltip and a label, and unmarks the others', () => {
  const { svg, find, el } = drawing();
  assert.equal(markWarnings(svg, new Set(['p1', 'n1', 'gone']), find, 'Recent warning events'), 1);
  assert.equal(el('p1').getAttribute('data-warning'), 'true');
  const mark = el('p1').querySelector('.ka-warning-mark')!;
  assert.equal(mark.getAttribute('aria-label'), 'Recent warning events');
  assert.equal(mark.getAttribute('role'), 'img');
  assert.equal(mark.querySelector('title')?.textContent, 'Recent warning events');
  assert.equal(mark.getAttribute('transform'), 'translate(85,3)');
  assert.equal(el('n1').getAttribute('data-warning'), null, 'a node is never marked');
  // Again in Korean, then for another pod: one mark each, the old one gone.
  markWarnings(svg, new Set(['p1']), find, '최근 경고 이벤트');
  assert.equal(el('p1').querySelectorAll('.ka-warning-mark').length, 1);
  assert.equal(el('p1').querySelector('title')?.textContent, '최근 경고 이벤트');
  markWarnings(svg, new Set(['p2']), find, 'Recent warning events');
  assert.equal(el('p1').getAttribute('data-warning'), null);
  assert.equal(el('p1').querySelector('.ka-warning-mark'), null);
  assert.equal(el('p2').getAttribute('data-warning'), 'true');
  assert.equal(markWarnings(svg, new Set(), find, ''), 0);
  assert.equal(svg.querySelectorAll('[data-warning], .ka-warning-mark').length, 0);
});
