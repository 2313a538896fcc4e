// ModelPipeline.showBuilt: a model built as its objects were read (a large
// snapshot file), shown without the objects; a save and a namespace change
// read them again.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModelUpdate } from '../../../main/contract/api.ts';
import { buildModel } from '../../../main/model/index.ts';
import type { ClusterObjects } from '../../../main/model/kube.ts';
import type { ModelSource } from '../../../main/model/types.ts';
import { filterByNamespace } from '../../../main/session/filter.ts';
import { ModelPipeline } from '../../../main/session/model-pipeline.ts';
import { node, objectsOf, pod } from '../../fixtures/session/objects.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';

const FILE: ModelSource = { kind: 'snapshot', name: 'big.json', namespaces: [] };
const OBJECTS: ClusterObjects = objectsOf([
  node('n1', '10.0.0.1'),
  pod({ name: 'a', namespace: 'team-a', node: 'n1', ip: '10.1.0.1' }),
  pod({ name: 'b', namespace: 'team-b', node: 'n1', ip: '10.1.0.2' }),
]);

function pipeline(namespaces: { current: string[] }) {
  const models: ModelUpdate[] = [];
  let builds = 0;
  const pipe = new ModelPipeline({
    build: (o, s) => {
      builds += 1;
      return buildModel(o, s);
    },
    namespaces: () => namespaces.current,
    coalesceMs: 100,
    clock: new FakeClock(),
    onModel: (u) => models.push(u),
  });
  let reads = 0;
  const again = async () => {
    reads += 1;
    return structuredClone(OBJECTS);
  };
  return { models, pipe, again, builds: () => builds, reads: () => reads };
}

test('a model built for the filter in force is shown at once, as it is, and the objects are read again only to save them', async () => {
  const namespaces = { current: ['team-a'] };
  const { models, pipe, again, builds, reads } = pipeline(namespaces);
  const model = buildModel(filterByNamespace(OBJECTS, ['team-a']), { ...FILE, namespaces: ['team-a'] });
  pipe.showBuilt(model, FILE, again);
  assert.equal(models.length, 1, 'shown at once');
  assert.equal(models[0]?.model, model, 'the model itself, not built again');
  assert.equal(models[0]?.revision, 1);
  assert.equal(builds(), 0);
  assert.equal(pipe.source, FILE);
  assert.equal(reads(), 0);
  assert.deepEqual(await pipe.shown(), filterByNamespace(OBJECTS, ['team-a']), 'a save gets the filtered objects, read again');
  assert.equal(reads(), 1);

  namespaces.current = ['team-b'];
  await pipe.refilter();
  assert.equal(models.length, 2);
  assert.deepEqual(models[1]?.model, buildModel(filterByNamespace(OBJECTS, ['team-b']), { ...FILE, namespaces: ['team-b'] }));
  assert.equal(models[1]?.revision, 2);
});

test('a model built for another filter than the one in force now is built again from the objects read again', async () => {
  const namespaces = { current: ['team-b'] };
  const { models, pipe, again, builds } = pipeline(namespaces);
  pipe.showBuilt(buildModel(OBJECTS, FILE), FILE, again);
  assert.equal(models.length, 0, 'not shown: it is the model of another filter');
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(models.length, 1);
  assert.equal(builds(), 1);
  assert.deepEqual(models[0]?.model, buildModel(filterByNamespace(OBJECTS, ['team-b']), { ...FILE, namespaces: ['team-b'] }));
});
