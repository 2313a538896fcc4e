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

test('a namespace change builds the model for the new filter as the objects are read again, when it can, not from the objects whole', async () => {
  const namespaces = { current: ['team-a'] };
  const { models, pipe, again, builds, reads } = pipeline(namespaces);
  const asked: string[][] = [];
  const modelFor = async (s: ModelSource) => {
    asked.push(s.namespaces);
    return buildModel(filterByNamespace(OBJECTS, s.namespaces), s);
  };
  pipe.showBuilt(buildModel(filterByNamespace(OBJECTS, ['team-a']), { ...FILE, namespaces: ['team-a'] }), FILE, again, modelFor);
  namespaces.current = ['team-b'];
  await pipe.refilter();
  assert.deepEqual(asked, [['team-b']]);
  assert.equal(reads(), 0, 'the objects were not read whole');
  assert.equal(builds(), 0);
  assert.equal(models.length, 2);
  assert.deepEqual(models[1]?.model, buildModel(filterByNamespace(OBJECTS, ['team-b']), { ...FILE, namespaces: ['team-b'] }));
  // And again for the next change; a save still reads the objects whole.
  namespaces.current = [];
  await pipe.refilter();
  assert.deepEqual(models[2]?.model, buildModel(OBJECTS, FILE));
  assert.deepEqual(await pipe.shown(), OBJECTS);
  assert.equal(reads(), 1);
});

test('a namespace change that another overtakes while its model is built is not shown', async () => {
  const namespaces = { current: ['team-a'] };
  const { models, pipe, again } = pipeline(namespaces);
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  const modelFor = async (s: ModelSource) => {
    await gate;
    return buildModel(filterByNamespace(OBJECTS, s.namespaces), s);
  };
  pipe.showBuilt(buildModel(filterByNamespace(OBJECTS, ['team-a']), { ...FILE, namespaces: ['team-a'] }), FILE, again, modelFor);
  namespaces.current = ['team-b'];
  const first = pipe.refilter();
  namespaces.current = [];
  const second = pipe.refilter();
  release();
  await Promise.all([first, second]);
  assert.deepEqual(
    models.map((m) => m.model.source.namespaces),
    [['team-a'], []],
    'the model for team-b, no longer asked for, never went out',
  );
});
