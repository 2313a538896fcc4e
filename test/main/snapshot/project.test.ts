// The projection (main/snapshot/project.ts) keeps of each object what the
// model reads. Two guards: buildModel of projected objects deep-equals
// buildModel of the objects, on the demo, generated clusters and the model
// fixtures (hostile input included); and a trace of every field buildModel
// touches, over the same objects, finds none that the projection drops, so a
// model that starts reading a new field fails here even when no fixture
// happens to differ.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { buildModel } from '../../../main/model/build.ts';
import type { ClusterObjects, KubeObject } from '../../../main/model/kube.ts';
import { MIRROR_ANNOTATION } from '../../../main/model/node.ts';
import { MAX_ENTRIES } from '../../../main/model/read.ts';
import { loadDemo } from '../../../main/snapshot/demo-asset.ts';
import { MODEL_SHAPES, project, projectObjects, type Shape } from '../../../main/snapshot/project.ts';
import type { ListKey } from '../../../main/snapshot/resources.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { fixturePath, loadCluster, source } from '../model/fixtures.ts';

const LISTS = Object.keys(MODEL_SHAPES) as ListKey[];

function clusters(): [string, ClusterObjects][] {
  return [
    ['the demo', loadDemo()],
    ['a generated cluster (seed 1)', generateClusterObjects({ nodes: 12, pods: 400, seed: 1 })],
    ['a generated cluster (seed 7)', generateClusterObjects({ nodes: 5, pods: 300, seed: 7 })],
    ['the kind fixture', loadCluster('kind')],
    ['the minikube fixture', loadCluster('minikube')],
    ['the cri-o fixture', loadCluster('crio')],
    ['the hostile fixture', JSON.parse(readFileSync(fixturePath('hostile', 'objects.json'), 'utf8')) as ClusterObjects],
  ];
}

for (const [name, objects] of clusters()) {
  test(`the model of ${name} projected equals its model`, () => {
    const whole = buildModel(objects, source('x'));
    const projected = projectObjects(objects);
    assert.deepEqual(buildModel(projected, source('x')), whole);
    // It is smaller, or there would be no point; the hostile fixture is small either way.
    if (name !== 'the hostile fixture') assert.ok(JSON.stringify(projected).length < JSON.stringify(objects).length * 0.9, 'the projection drops something');
  });
}

test('a pod is a static pod mirror only when the model would read the annotation: among the first string entries', () => {
  const mirror = (annotations: Record<string, unknown>): ClusterObjects => ({
    gaps: [],
    pods: [{ metadata: { name: 'etcd-cp', namespace: 'kube-system', uid: 'u', labels: { component: 'etcd' }, annotations }, spec: { nodeName: 'cp' } }],
  });
  const many = (n: number, value: unknown) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`a${i}`, value]));
  const cases: Record<string, unknown>[] = [
    { [MIRROR_ANNOTATION]: 'abc' },
    { other: 'x', [MIRROR_ANNOTATION]: '' },
    { ...many(MAX_ENTRIES, 'x'), [MIRROR_ANNOTATION]: 'late' },
    { ...many(MAX_ENTRIES + 5, 7), [MIRROR_ANNOTATION]: 'after numbers' },
    { [MIRROR_ANNOTATION]: 5 },
    {},
  ];
  for (const annotations of cases) {
    const objects = mirror(annotations);
    assert.deepEqual(buildModel(projectObjects(objects), source('x')), buildModel(objects, source('x')));
  }
  assert.equal(buildModel(projectObjects(mirror(cases[2]!)), source('x')).nodes[0]?.pods[0]?.static, false, 'past the entries read, it is no mirror');
  assert.equal(buildModel(projectObjects(mirror(cases[3]!)), source('x')).nodes[0]?.pods[0]?.static, true, 'entries that are no strings are not counted');
});

test('values of another shape than the projection expects are kept as they are', () => {
  const shape: Shape = { a: { b: true }, list: [{ c: true }] };
  assert.deepEqual(project({ a: 'text', list: { c: 1, d: 2 }, e: 3 }, shape), { a: 'text', list: { c: 1, d: 2 } });
  assert.deepEqual(project({ a: [{ b: 1, x: 2 }], list: [{ c: 1, d: 2 }, 5, null] }, shape), { a: [{ b: 1, x: 2 }], list: [{ c: 1 }, 5, null] });
  assert.equal(project(null, shape), null);
  // Own fields only: an own `__proto__` (JSON.parse makes one) is not listed, so it is left behind, prototype untouched.
  const parsed = JSON.parse('{"__proto__": {"b": 1}, "a": {"b": 2, "__proto__": {"x": 1}}}') as unknown;
  const out = project(parsed, shape) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(out), Object.prototype);
  assert.equal(Object.getPrototypeOf(out.a), Object.prototype);
  assert.deepEqual(out, { a: { b: 2 } });
  assert.deepEqual(project(Object.create({ a: { b: 1 } }), shape), {}, 'an inherited field is not the object\'s');
});

// ------------------------------------------------------------ the trace

/** Where a read went: field names, `[]` for any item of an array, `*` for a listing of the fields. */
type Path = string[];

/**
 * A view of `value` that records every path read through it. Arrays' own
 * machinery (length, iteration) is not a field and is not recorded.
 */
function traced(value: unknown, path: Path, reads: Map<string, Path>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  const note = (p: Path) => reads.set(p.join('\u0000'), p);
  const isArray = Array.isArray(value);
  const child = (key: string | symbol): Path | undefined => {
    if (typeof key === 'symbol') return undefined;
    if (isArray) return /^\d+$/.test(key) ? [...path, '[]'] : undefined;
    return [...path, key];
  };
  return new Proxy(value as object, {
    get(target, key, receiver) {
      const v: unknown = Reflect.get(target, key, receiver);
      const p = child(key);
      if (!p) return v;
      note(p);
      return traced(v, p, reads);
    },
    has(target, key) {
      const p = child(key);
      if (p) note(p);
      return Reflect.has(target, key);
    },
    getOwnPropertyDescriptor(target, key) {
      const p = child(key);
      if (p) note(p);
      const d = Reflect.getOwnPropertyDescriptor(target, key);
      // What is read through a descriptor is read too (Object.entries, spreads).
      return d && 'value' in d && p ? { ...d, value: traced(d.value, p, reads) } : d;
    },
    ownKeys(target) {
      if (!isArray) note([...path, '*']);
      return Reflect.ownKeys(target);
    },
  });
}

/**
 * Whether the projection keeps what a read at `path` (from the object's
 * root) sees. A computed shape (the annotations) is checked by its own test.
 */
function kept(shape: Shape, path: Path): boolean {
  let at: Shape = shape;
  for (const part of path) {
    if (at === true || typeof at === 'function') return true;
    if (Array.isArray(at)) {
      // A field read where an array belongs: such a value is kept as it is.
      if (part !== '[]') return true;
      at = at[0] as Shape;
      continue;
    }
    // An array where an object belongs is kept as it is.
    if (part === '[]') return true;
    const fields = at as Record<string, Shape>;
    if (part === '*' || !Object.hasOwn(fields, part)) return false;
    at = fields[part] as Shape;
  }
  return true;
}

test('the model reads no field of any object that the projection drops', () => {
  const dropped = new Set<string>();
  for (const [name, objects] of clusters()) {
    const reads = new Map<string, Path>();
    const input: ClusterObjects = { ...objects };
    for (const list of LISTS) {
      const items = objects[list];
      if (Array.isArray(items)) input[list] = items.map((item) => traced(item, [list], reads) as KubeObject);
    }
    buildModel(input, source('x'));
    assert.ok(reads.size > 0, `the trace saw reads of ${name}`);
    for (const path of reads.values()) {
      const [list, ...rest] = path as [ListKey, ...string[]];
      if (!kept(MODEL_SHAPES[list], rest)) dropped.add(`${path.join('.')} (${name})`);
    }
  }
  assert.deepEqual([...dropped], [], 'the model reads these, and the projection (main/snapshot/project.ts) drops them');
});

test('the trace sees a read the projection would drop', () => {
  const reads = new Map<string, Path>();
  const pod = traced({ metadata: { name: 'p' }, spec: { tolerations: [{ key: 'k' }] } }, ['pods'], reads) as { spec: { tolerations: { key: string }[] } };
  assert.equal(pod.spec.tolerations[0]?.key, 'k');
  Object.keys(pod.spec);
  const paths = [...reads.values()].map((p) => p.slice(1));
  assert.deepEqual(paths.filter((p) => !kept(MODEL_SHAPES.pods, p)), [['spec', 'tolerations'], ['spec', 'tolerations', '[]'], ['spec', 'tolerations', '[]', 'key'], ['spec', '*']]);
});
