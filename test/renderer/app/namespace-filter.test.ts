import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { createNamespaceFilter } from '../../../renderer/app/namespace-filter.ts';
import { translator } from '../../../renderer/app/strings.ts';

const t = translator('en');

function page() {
  const { document } = parseHTML(`<!doctype html><html><body>
    <button id="namespace-button"><span id="namespace-summary"></span></button>
    <div id="namespace-popover"><input id="namespace-search"><input type="checkbox" id="namespace-all" checked><div id="namespace-list"></div></div>
  </body></html>`);
  const list = document.getElementById('namespace-list')!;
  let queries = 0;
  const query = list.querySelectorAll.bind(list);
  list.querySelectorAll = ((s: string) => (queries++, query(s))) as typeof list.querySelectorAll;
  return { document, list, queries: () => queries };
}

test('the namespace filter shows the namespaces and the choice, and leaves its checkboxes alone while a live model brings the same again', () => {
  const { document, list, queries } = page();
  const filter = createNamespaceFilter(document as unknown as Document, async () => {});
  const ns = ['shop', 'default', 'kube-system'];
  filter.update(ns, ['shop'], t);
  const boxes = () => Array.from(list.querySelectorAll<HTMLInputElement>('input[type=checkbox]')).map((b) => `${b.value}:${b.checked}`);
  assert.deepEqual(boxes(), ['default:false', 'kube-system:false', 'shop:true']);
  assert.equal(document.getElementById('namespace-summary')!.textContent, 'Namespace shop');
  const before = queries();
  // A new model with the same namespaces (the same list) and the same choice (a list made again): nothing done.
  for (let i = 0; i < 5; i++) filter.update(ns, ['shop'], t);
  assert.equal(queries(), before, 'no checkbox read or written');
  // Another choice: shown.
  filter.update(ns, ['default', 'shop'], t);
  assert.deepEqual(boxes(), ['default:true', 'kube-system:false', 'shop:true']);
  assert.equal(document.getElementById('namespace-summary')!.textContent, '2 namespaces');
  // A namespace more: listed.
  filter.update([...ns, 'zeta'], ['default', 'shop'], t);
  assert.deepEqual(boxes(), ['default:true', 'kube-system:false', 'shop:true', 'zeta:false']);
});
