import assert from 'node:assert/strict';
import { test } from 'node:test';
import { filterByNamespace, isNamespaceName, normalizeNamespaces } from '../../../main/session/filter.ts';
import { objectsOf, smallCluster } from '../../fixtures/session/objects.ts';

test('namespace names follow RFC 1123 labels', () => {
  for (const ok of ['default', 'kube-system', 'a', 'a1', '1a', 'x'.repeat(63)]) assert.equal(isNamespaceName(ok), true, ok);
  for (const bad of ['', 'Default', '-a', 'a-', 'a_b', 'a.b', 'x'.repeat(64), '__proto__', 5, null]) assert.equal(isNamespaceName(bad), false, String(bad));
});

test('normalizeNamespaces sorts and dedupes', () => {
  assert.deepEqual(normalizeNamespaces(['b', 'a', 'b']), ['a', 'b']);
});

test('filterByNamespace keeps pods and claims of the namespaces, and everything cluster-scoped', () => {
  const objects = objectsOf(smallCluster());
  objects.persistentVolumeClaims = [
    { metadata: { name: 'c1', namespace: 'shop' } },
    { metadata: { name: 'c2', namespace: 'default' } },
    { metadata: null },
  ];
  objects.pods!.push({ metadata: { name: 'odd', namespace: 7 } }, { metadata: 'x' });
  const out = filterByNamespace(objects, ['shop']);
  assert.deepEqual(out.pods!.map((p) => (p.metadata as { name: string }).name), ['web-0', 'web-1']);
  assert.deepEqual(out.persistentVolumeClaims!.map((p) => (p.metadata as { name: string }).name), ['c1']);
  assert.equal(out.nodes, objects.nodes);
  assert.equal(out.namespaces, objects.namespaces);
  assert.equal(filterByNamespace(objects, []), objects);
  assert.equal(filterByNamespace({ gaps: [] }, ['shop']).pods, undefined, 'an unreadable list stays unreadable');
});
