// lazyObjects: ClusterObjects whose lists are made when first read, once, and
// otherwise read like a plain object's (the live source hands these over with
// every change; the session reads them only to build a model whole).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lazyObjects, type KubeObject } from '../../../main/model/kube.ts';
import { filterByNamespace } from '../../../main/session/filter.ts';

const pod = (name: string, namespace = 'shop'): KubeObject => ({ kind: 'Pod', metadata: { name, namespace } });

test('makes a list when it is first read, once, and a list without a maker is not there', () => {
  let made = 0;
  const objects = lazyObjects([{ resource: 'nodes', reason: 'forbidden', message: 'nodes is forbidden' }], {
    pods: () => {
      made++;
      return [pod('a'), pod('b', 'lab')];
    },
    namespaces: () => [],
  });
  assert.equal(made, 0, 'nothing copied until read');
  assert.ok('pods' in objects && !('nodes' in objects));
  assert.equal(objects.nodes, undefined);
  assert.equal(made, 0, '`in` reads no list');
  assert.equal(objects.pods?.length, 2);
  assert.equal(objects.pods, objects.pods, 'the same array each read');
  assert.equal(made, 1);
});

test('spreads, serializes and filters as the plain object of the same lists', () => {
  const lists = { pods: [pod('a'), pod('b', 'lab')], namespaces: [] as KubeObject[] };
  const plain = { gaps: [], ...lists };
  const lazy = lazyObjects([], { pods: () => lists.pods, namespaces: () => lists.namespaces });
  assert.deepEqual({ ...lazy }, plain);
  assert.equal(JSON.stringify(lazy), JSON.stringify(plain));
  assert.deepEqual(structuredClone(lazy), plain);
  assert.deepEqual(filterByNamespace(lazy, ['lab']), filterByNamespace(plain, ['lab']));
  // A list set takes the place of the one made.
  lazy.pods = [pod('c')];
  assert.deepEqual(lazy.pods, [pod('c')]);
  lazy.pods = undefined;
  assert.equal(lazy.pods, undefined);
});
