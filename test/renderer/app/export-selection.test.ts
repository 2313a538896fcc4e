// What "Export selection" takes: the selected object (a container or volume
// stands for its pod), else the search's matches, else nothing, with its menu
// items disabled and the reason shown; and the part drawn is that part alone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { buildModel } from '../../../main/model/build.ts';
import { translator } from '../../../main/i18n/index.ts';
import { drawSelection, paintSelectionItems, selectorsFor } from '../../../renderer/app/export-selection.ts';
import { search } from '../../../renderer/app/search.ts';
import { loadCluster, node, pod, source } from '../../main/model/fixtures.ts';

const model = buildModel(loadCluster('kind'), source('kind'));
const db = pod(model, 'default', 'db-0');

test('the selected pod, or the pod of a selected container or volume', () => {
  const want = [{ kind: 'pods', keys: ['default/db-0'] }];
  assert.deepEqual(selectorsFor({ model, selection: { kind: 'pod', uid: db.uid }, search: null }), want);
  assert.deepEqual(selectorsFor({ model, selection: { kind: 'container', uid: db.containers[0].uid }, search: null }), want);
  assert.deepEqual(selectorsFor({ model, selection: { kind: 'volume', uid: db.volumes[0].uid }, search: null }), want);
});

test('a selected node is taken whole; the selection comes before the search', () => {
  const worker = node(model, 'kind-worker');
  assert.deepEqual(selectorsFor({ model, selection: { kind: 'node', uid: worker.uid }, search: search(model, 'app=web') }), [{ kind: 'node', name: 'kind-worker' }]);
});

test('with no selection, the search\'s matches: nodes whole, pods by key', () => {
  assert.deepEqual(selectorsFor({ model, search: search(model, 'app=web') }), [{ kind: 'pods', keys: ['default/web-7d9c8b6f5-kx2lp'] }]);
  assert.deepEqual(selectorsFor({ model, search: search(model, 'kind-worker2') }), [{ kind: 'node', name: 'kind-worker2' }]);
  const both = { terms: [], matches: [{ kind: 'node' as const, uid: node(model, 'kind-worker2').uid }, { kind: 'pod' as const, uid: db.uid }], hits: new Set<string>(), context: new Set<string>() };
  assert.deepEqual(selectorsFor({ model, search: both }), [{ kind: 'node', name: 'kind-worker2' }, { kind: 'pods', keys: ['default/db-0'] }]);
});

test('nothing selected, nothing found, or a selection gone: nothing to export', () => {
  assert.equal(selectorsFor({ model, search: null }), undefined);
  assert.equal(selectorsFor({ model, search: search(model, 'no-such-thing') }), undefined);
  assert.equal(selectorsFor({ model, selection: { kind: 'pod', uid: 'gone' }, search: null }), undefined);
  assert.equal(selectorsFor({ search: null, selection: { kind: 'pod', uid: db.uid } }), undefined);
});

test('the menu items are disabled with the reason, in the page\'s language, and enabled when there is a part', () => {
  const { document } = parseHTML(
    '<div><button data-command="export-selection-svg"></button><button data-command="export-selection-png"></button><p id="export-selection-reason"></p></div>',
  );
  const items = [...document.querySelectorAll('button')];
  paintSelectionItems(document as unknown as Document, { model, search: null }, translator('ko'));
  assert.ok(items.every((b) => b.disabled && b.getAttribute('title') === '그 부분만 내보내려면 노드나 파드를 선택하거나 검색하세요.'));
  assert.equal(document.getElementById('export-selection-reason')!.hidden, false);
  paintSelectionItems(document as unknown as Document, { model, selection: { kind: 'pod', uid: db.uid }, search: null }, translator('en'));
  assert.ok(items.every((b) => !b.disabled && !b.hasAttribute('title')));
  assert.equal(document.getElementById('export-selection-reason')!.hidden, true);
});

test('the part is drawn alone: that pod in its node, the control plane framed', () => {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const drawn = drawSelection({ model, selection: { kind: 'pod', uid: db.uid }, search: null }, document as unknown as Document, { theme: 'light', lang: 'en', injected: 'full' });
  const pods = [...drawn.svg.querySelectorAll('g[data-kind=pod]')].map((g) => g.getAttribute('data-name'));
  const nodes = [...drawn.svg.querySelectorAll('g[data-kind=node]')].map((g) => g.getAttribute('data-name'));
  assert.deepEqual(pods, ['db-0']);
  assert.deepEqual(nodes, ['kind-control-plane', 'kind-worker2']);
  assert.ok(drawn.width > 100 && drawn.height > 100);
  assert.throws(() => drawSelection({ model, search: null }, document as unknown as Document, { theme: 'light', lang: 'en', injected: 'full' }), /nothing is selected/);
});
