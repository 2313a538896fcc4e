// A pod's wire form for a large model's parts (main/model/wire.ts): lossless
// (the JSON of what the page makes of it is the JSON of the pod, key order
// included) on generated clusters, whole and summarized, and on pods whose
// images and container uids are not what buildModel makes, which must go
// whole; smaller where it can be; a malformed one is refused with why.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildModel } from '../../../main/model/build.ts';
import { parseImageRef } from '../../../main/model/image.ts';
import { summarizeModel, summarizePod } from '../../../main/model/summary.ts';
import type { AnatomyModel, PodModel } from '../../../main/model/types.ts';
import { podFromWire, podToWire, summaryToWire, WireError } from '../../../main/model/wire.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { random } from '../../fixtures/random.ts';

function allPods(model: AnatomyModel): PodModel[] {
  return [...model.nodes.flatMap((n) => n.pods), ...model.unscheduled];
}

/** What a page gets of a pod: its wire form through JSON, made whole again. */
function roundTrip(pod: PodModel): PodModel {
  return podFromWire(JSON.parse(JSON.stringify(podToWire(pod))));
}

const REFS = ['nginx', 'nginx:latest', 'busybox@sha256:' + 'a'.repeat(64), 'localhost:5000/a/b/c:1', 'Bad Ref', '', ' padded', 'ghcr.io/x/y:1@sha256:' + 'b'.repeat(64), '[::1]:5000/x'];

/** A pod changed the ways a model could differ from what buildModel makes, by a seeded choice. */
function scramble(pod: PodModel, next: () => number): PodModel {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  return {
    ...pod,
    containers: pod.containers.map((c) => {
      const image = parseImageRef(pick(REFS));
      switch (Math.floor(next() * 8)) {
        case 0:
          return { ...c, image }; // another reference, still parseImageRef's
        case 1:
          return { ...c, image: { ...image, canonical: 'edited' } }; // changed after the parse
        case 2:
          return { ...c, image: { ...image, defaulted: { ...image.defaulted, tag: !image.defaulted.tag } } };
        case 3: {
          const { canonical, ...rest } = image;
          return { ...c, image: { canonical, ...rest } }; // same values, another key order
        }
        case 4:
          return { ...c, uid: `${c.uid}-renamed` }; // not the uid buildModel gives
        case 5:
          return { ...c, image: { ...image, extra: 1 } as typeof image };
        case 6:
          // A resolvedDigest that is not what its imageID holds, or an imageID without '@'.
          return next() < 0.5 ? { ...c, resolvedDigest: 'sha256:' + 'c'.repeat(64) } : { ...c, imageID: 'sha256:' + 'd'.repeat(64) };
        default:
          return c;
      }
    }),
    volumes: pod.volumes.map((v) => {
      switch (Math.floor(next() * 4)) {
        case 0:
          return { ...v, uid: `${v.uid}-renamed` }; // not the uid buildModel gives
        case 1:
          return { ...v, name: `${v.name}-2` }; // the uid no longer follows from the name
        default:
          return v;
      }
    }),
    conditions: pod.conditions.map((c) => {
      switch (Math.floor(next() * 6)) {
        case 0:
          return { ...c, reason: 'Because' }; // a fourth key
        case 1: {
          const { type, ...rest } = c;
          return { ...rest, type }; // another key order
        }
        case 2: {
          const { lastTransitionTime: _time, ...rest } = c;
          return rest; // type and status only
        }
        case 3:
          return { ...c, lastTransitionTime: undefined }; // a key JSON leaves out
        default:
          return c;
      }
    }),
  };
}

describe('a pod on the wire', () => {
  it('comes back as JSON of the pod itself, key order included, on generated clusters whole and summarized', () => {
    for (const seed of [1, 2, 3]) {
      const model = buildModel(generateClusterObjects({ nodes: 3, pods: 60, seed }), { kind: 'snapshot', name: 'wire', namespaces: [] });
      for (const m of [model, summarizeModel(model, 0)]) {
        for (const pod of allPods(m)) assert.equal(JSON.stringify(roundTrip(pod)), JSON.stringify(pod), pod.name);
      }
    }
  });

  it('comes back the same when images, uids, digests and conditions are not what buildModel makes (random changes)', () => {
    const model = buildModel(generateClusterObjects({ nodes: 2, pods: 40, seed: 9 }), { kind: 'snapshot', name: 'wire', namespaces: [] });
    const next = random(42);
    let whole = 0;
    for (let round = 0; round < 20; round++) {
      for (const pod of allPods(model)) {
        const changed = scramble(pod, next);
        const wire = JSON.stringify(podToWire(changed));
        whole += (wire.match(/"canonical"/g) ?? []).length;
        assert.equal(JSON.stringify(podFromWire(JSON.parse(wire))), JSON.stringify(changed), pod.name);
      }
    }
    assert.ok(whole > 0, 'some images went whole');
  });

  it('summarized in one step (summaryToWire) is JSON-equal to podToWire of summarizePod, on generated and randomly changed pods', () => {
    const next = random(7);
    for (const seed of [1, 2]) {
      const model = buildModel(generateClusterObjects({ nodes: 3, pods: 60, seed }), { kind: 'snapshot', name: 'wire', namespaces: [] });
      for (let round = 0; round < 5; round++) {
        for (const pod of allPods(model)) {
          const changed = round === 0 ? pod : scramble(pod, next);
          const before = JSON.stringify(changed);
          const wire = JSON.stringify(summaryToWire(changed));
          assert.equal(wire, JSON.stringify(podToWire(summarizePod(changed))), pod.name);
          assert.equal(JSON.stringify(podFromWire(JSON.parse(wire))), JSON.stringify(summarizePod(changed)), `${pod.name}: back as the summarized pod`);
          assert.equal(JSON.stringify(changed), before, 'the pod given is left as it was');
        }
      }
    }
  });

  it('leaves the pod given as it was', () => {
    const pod = allPods(buildModel(generateClusterObjects({ nodes: 1, pods: 5, seed: 4 }), { kind: 'snapshot', name: 'wire', namespaces: [] }))[3]!;
    const before = JSON.stringify(pod);
    podToWire(pod);
    assert.equal(JSON.stringify(pod), before);
  });

  it("is smaller: a built pod's images go as their references and its containers' uids as 0", () => {
    const model = buildModel(generateClusterObjects({ nodes: 2, pods: 100, seed: 5 }), { kind: 'snapshot', name: 'wire', namespaces: [] });
    const pods = allPods(model);
    const wire = pods.map((p) => podToWire(p) as { containers: Array<{ uid: unknown; image: unknown }> });
    for (const p of wire) for (const c of p.containers) assert.deepEqual([c.uid, typeof c.image], [0, 'string']);
    const bytes = (xs: unknown[]) => JSON.stringify(xs).length;
    assert.ok(bytes(wire) < 0.9 * bytes(pods), `${bytes(wire)} against ${bytes(pods)}`);
  });

  it("sends a built pod's volume uids and repo digests as 0, and its conditions as their values", () => {
    const model = buildModel(generateClusterObjects({ nodes: 2, pods: 100, seed: 5 }), { kind: 'snapshot', name: 'wire', namespaces: [] });
    const pods = allPods(model);
    let volumes = 0;
    let digests = 0;
    let conditions = 0;
    for (const pod of pods) {
      const wire = podToWire(pod) as { volumes: Array<{ uid: unknown }>; conditions: unknown[]; containers: Array<{ resolvedDigest?: unknown; resolvedDigestKind?: string }> };
      for (const v of wire.volumes) assert.equal(v.uid, 0, pod.name), volumes++;
      pod.conditions.forEach((c, i) => {
        // Those with a reason or a message go as they are.
        const plain = Object.keys(c).join() === 'type,status,lastTransitionTime';
        assert.equal(Array.isArray(wire.conditions[i]), plain, `${pod.name}: ${JSON.stringify(wire.conditions[i])}`);
        if (plain) conditions++;
      });
      for (const c of wire.containers) if (c.resolvedDigestKind === 'repo-digest') assert.equal(c.resolvedDigest, 0, pod.name), digests++;
    }
    assert.ok(volumes > 50 && conditions > 200 && digests > 50, `volumes ${volumes}, conditions ${conditions}, digests ${digests}`);
    const bytes = (xs: unknown[]) => JSON.stringify(xs).length;
    assert.ok(bytes(pods.map(podToWire)) < 0.8 * bytes(pods), `${bytes(pods.map(podToWire))} against ${bytes(pods)}`);
  });

  it("sends a summarized pod's containers as their values, smaller again, and back as the summary", () => {
    const model = buildModel(generateClusterObjects({ nodes: 2, pods: 100, seed: 5 }), { kind: 'snapshot', name: 'wire', namespaces: [] });
    const summarized = allPods(summarizeModel(model, 0));
    const whole = allPods(model);
    const wire = whole.map((p) => summaryToWire(p) as { containers: unknown[][] });
    for (const p of wire) {
      for (const c of p.containers) {
        assert.ok(Array.isArray(c), 'a container as its values');
        assert.deepEqual([c[0], typeof c[3], c.length >= 7 && c.length <= 8], [0, 'string', true]);
      }
    }
    // Against the same summaries with their containers as objects (podToWire before values).
    const asObjects = summarized.map((p) => ({ ...p, containers: p.containers.map((c) => ({ ...c, uid: 0, image: (c.image as { raw: string }).raw })) }));
    const bytes = (xs: unknown[]) => JSON.stringify(xs).length;
    assert.ok(bytes(wire) < 0.8 * bytes(asObjects), `${bytes(wire)} against ${bytes(asObjects)}`);
    wire.forEach((p, i) => assert.equal(JSON.stringify(podFromWire(JSON.parse(JSON.stringify(p)))), JSON.stringify(summarized[i]), summarized[i]!.name));
  });

  it('sends a summarized container as an object when its values would not come back the same', () => {
    const model = summarizeModel(buildModel(generateClusterObjects({ nodes: 1, pods: 8, seed: 6 }), { kind: 'snapshot', name: 'wire', namespaces: [] }), 0);
    const pod = allPods(model).find((p) => p.containers.length > 0)!;
    const [first] = pod.containers;
    const odd: Array<[string, Record<string, unknown>]> = [
      ['no state', { ...first, state: undefined }],
      ['no ready', { ...first, ready: undefined }],
      ['a port', { ...first, ports: [{ containerPort: 80 }] }],
      ['a mount', { ...first, mounts: [{ volume: 'v', mountPath: '/v' }] }],
      ['a request', { ...first, resources: { requests: { cpu: '1' }, limits: {} } }],
      ['a key more', { ...first, extra: 1 }],
      ['another key order', Object.fromEntries([['name', first!.name], ...Object.entries(first!).filter(([key]) => key !== 'name')])],
      ['no name', { ...first, name: undefined }],
    ];
    for (const [what, container] of odd) {
      const changed = { ...pod, containers: [container as unknown as PodModel['containers'][number]] };
      const wire = podToWire(changed) as { containers: unknown[] };
      assert.ok(!Array.isArray(wire.containers[0]), `${what}: as an object`);
      if (what !== 'no name') assert.equal(JSON.stringify(podFromWire(JSON.parse(JSON.stringify(wire)))), JSON.stringify(changed), `${what}: back the same`);
    }
  });

  it('refuses what is not a pod on the wire, saying what is wrong', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /a pod must be an object, got null/],
      [[], /a pod must be an object, got an array/],
      [{ uid: 1, containers: [] }, /uid must be a string, got number/],
      [{ uid: 'p', containers: {} }, /pod p: containers must be an array, got object/],
      [{ uid: 'p', containers: ['x'] }, /pod p: a container must be an object or its values, got string/],
      [{ uid: 'p', containers: [{ uid: 0, name: 'a' }] }, /pod p: a container whose uid is left to the page needs a group and a name/],
      [{ uid: 'p', containers: [[0, 'a', 'app', 'x', {}, true]] }, /pod p: a container as values must have 7 or 8 of them, got 6/],
      [{ uid: 'p', containers: [[0, 'a', 'app', 'x', {}, true, 0, true, 1]] }, /must have 7 or 8 of them, got 9/],
      [{ uid: 'p', containers: [[0, 1, 'app', 'x', {}, true, 0]] }, /pod p: a container as values needs a group and a name/],
      [{ uid: 'p', containers: [{ uid: 'c', imageID: 'sha256:abc', resolvedDigest: 0 }] }, /pod p: a container whose resolvedDigest is left to the page needs an imageID with '@'/],
      [{ uid: 'p', containers: [], volumes: {} }, /pod p: volumes must be an array, got object/],
      [{ uid: 'p', containers: [], volumes: ['v'] }, /pod p: a volume must be an object, got string/],
      [{ uid: 'p', containers: [], volumes: [], conditions: 'Ready' }, /pod p: conditions must be an array, got string/],
      [{ uid: 'p', containers: [], volumes: [{ uid: 0 }] }, /pod p: a volume whose uid is left to the page needs a name/],
      [{ uid: 'p', containers: [], volumes: [], conditions: [['Ready']] }, /pod p: a condition as values must be 2 or 3 strings/],
      [{ uid: 'p', containers: [], volumes: [], conditions: [['Ready', 'True', 5]] }, /pod p: a condition as values must be 2 or 3 strings/],
    ];
    for (const [value, message] of cases) assert.throws(() => podFromWire(value), (e: unknown) => e instanceof WireError && message.test(e.message));
  });
});
