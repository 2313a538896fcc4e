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

/** The keys of a whole pod's, container's and volume's values (wire.ts), to read them by name here. */
const POD_KEYS = ['uid', 'name', 'namespace', 'phase', 'status', 'ready', 'readyContainers', 'totalContainers', 'restarts', 'podIPs', 'hostIPs', 'hostNetwork', 'static', 'conditions', 'labels', 'containers', 'volumes'];
const POD_MORE = ['nodeName', 'qosClass', 'owner', 'podIP', 'hostIP', 'scheduling', 'serviceAccountName', 'priorityClassName', 'restartPolicy', 'creationTimestamp', 'deletionTimestamp', 'summary'];
const CONTAINER_KEYS = ['uid', 'name', 'group', 'image', 'state', 'ready', 'restartCount', 'ports', 'resources', 'mounts'];
const CONTAINER_MORE = ['imageID', 'resolvedDigest', 'resolvedDigestKind', 'containerID', 'lastState', 'started', 'command'];
const VOLUME_KEYS = ['uid', 'name', 'type', 'typeName', 'detail', 'source', 'mountedBy', 'shared', 'sharedWithPods'];
const VOLUME_MORE = ['claim', 'sharedWithPodsTotal'];

/** Values as the object they stand for, as they are on the wire (nothing made again): written here apart from wire.ts's reader. */
function named(values: unknown, keys: string[], more: string[]): Record<string, unknown> {
  assert.ok(Array.isArray(values), `values, not ${JSON.stringify(values)?.slice(0, 80)}`);
  const [bits, ...rest] = values as [number, ...unknown[]];
  const names = [...keys, ...more.filter((_, i) => (bits & (1 << i)) !== 0)];
  assert.equal(rest.length, names.length, 'one value for each key');
  return Object.fromEntries(names.map((key, i) => [key, rest[i]]));
}

interface WholeOnWire {
  view: Record<string, unknown>;
  containers: Array<Record<string, unknown>>;
  volumes: Array<Record<string, unknown>>;
  conditions: unknown[];
}

/** A pod's wire form, which must be its values, read by name: its containers and volumes as they are on the wire. */
function podOnWire(pod: PodModel): { containers: unknown[]; volumes: unknown[] } & Record<string, unknown> {
  return named(JSON.parse(JSON.stringify(podToWire(pod))), POD_KEYS, POD_MORE) as { containers: unknown[]; volumes: unknown[] } & Record<string, unknown>;
}

/** A whole pod's wire form, which must be its values, with its containers and volumes as theirs. */
function wholeOnWire(pod: PodModel): WholeOnWire {
  const view = podOnWire(pod);
  return {
    view,
    containers: (view.containers as unknown[]).map((c) => named(c, CONTAINER_KEYS, CONTAINER_MORE)),
    volumes: (view.volumes as unknown[]).map((v) => named(v, VOLUME_KEYS, VOLUME_MORE)),
    conditions: view.conditions as unknown[],
  };
}

/** What a page gets of a pod: its wire form through JSON, made whole again. */
function roundTrip(pod: PodModel): PodModel {
  return podFromWire(JSON.parse(JSON.stringify(podToWire(pod))));
}

const REFS = ['nginx', 'nginx:latest', 'busybox@sha256:' + 'a'.repeat(64), 'localhost:5000/a/b/c:1', 'Bad Ref', '', ' padded', 'ghcr.io/x/y:1@sha256:' + 'b'.repeat(64), '[::1]:5000/x'];

/** A pod changed the ways a model could differ from what buildModel makes, by a seeded choice. */
function scramble(pod: PodModel, next: () => number): PodModel {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  return scramblePod({
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
        case 7:
          switch (Math.floor(next() * 3)) {
            case 0:
              return { ...c, resources: { requests: { cpu: '1' }, limits: {} } };
            case 1:
              // A mount the volumes' mountedBy does not show: theirs no longer follow from the mounts.
              return { ...c, mounts: [...c.mounts, { volume: pod.volumes[0]?.name ?? 'v', mountPath: '/more', readOnly: false }] };
            default:
              return { ...c, resources: { limits: {}, requests: {} } };
          }
        default:
          return c;
      }
    }),
    volumes: pod.volumes.map((v) => {
      switch (Math.floor(next() * 7)) {
        case 0:
          return { ...v, uid: `${v.uid}-renamed` }; // not the uid buildModel gives
        case 1:
          return { ...v, name: `${v.name}-2` }; // the uid no longer follows from the name
        case 2:
          return { ...v, shared: !v.shared }; // not what the mounts make
        case 3:
          return { ...v, mountedBy: [] };
        case 4:
          return { ...v, sharedWithPodsTotal: 9 };
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
        case 4:
          return { ...c, lastTransitionTime: '2020-01-01T00:00:00Z' }; // another time than the one before
        default:
          return c;
      }
    }),
  }, next);
}

/** The pod's own fields changed, by a seeded choice: an IP that is not the first, keys more, less or in another order. */
function scramblePod(pod: PodModel, next: () => number): PodModel {
  switch (Math.floor(next() * 8)) {
    case 0:
      return { ...pod, podIP: '10.9.9.9' };
    case 1:
      return { ...pod, hostIP: undefined };
    case 2: {
      const { owner: _owner, serviceAccountName: _account, ...rest } = pod;
      return rest;
    }
    case 3:
      return { ...pod, extra: true } as PodModel;
    case 4: {
      const { nodeName, ...rest } = pod;
      return nodeName === undefined ? pod : { ...rest, nodeName }; // an optional key out of its order
    }
    case 5:
      return { ...pod, deletionTimestamp: '2026-01-01T00:00:00Z', scheduling: { reason: 'Unschedulable' } as PodModel['scheduling'] };
    default:
      return pod;
  }
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
    let asValues = 0;
    let asObjects = 0;
    for (let round = 0; round < 20; round++) {
      for (const pod of allPods(model)) {
        const changed = scramble(pod, next);
        const wire = JSON.stringify(podToWire(changed));
        whole += (wire.match(/"canonical"/g) ?? []).length;
        if (wire.startsWith('[')) asValues++;
        else asObjects++;
        assert.equal(JSON.stringify(podFromWire(JSON.parse(wire))), JSON.stringify(changed), pod.name);
      }
    }
    assert.ok(whole > 0, 'some images went whole');
    assert.ok(asValues > 100 && asObjects > 100, `pods as values ${asValues}, as objects ${asObjects}`);
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

  it("is smaller: a built pod goes as its values, its images as their references and its containers' uids as 0", () => {
    const model = buildModel(generateClusterObjects({ nodes: 2, pods: 100, seed: 5 }), { kind: 'snapshot', name: 'wire', namespaces: [] });
    const pods = allPods(model);
    for (const pod of pods) for (const c of wholeOnWire(pod).containers) assert.deepEqual([c.uid, typeof c.image], [0, 'string']);
    const bytes = (xs: unknown[]) => JSON.stringify(xs).length;
    assert.ok(bytes(pods.map(podToWire)) < 0.6 * bytes(pods), `${bytes(pods.map(podToWire))} against ${bytes(pods)}`);
  });

  it("sends as 0 what the page makes again of a built pod: uids, repo digests, empty resources, volumes' uses, IPs that are the first, a condition's time that is the one before", () => {
    const model = buildModel(generateClusterObjects({ nodes: 2, pods: 100, seed: 5 }), { kind: 'snapshot', name: 'wire', namespaces: [] });
    const pods = allPods(model);
    const seen = { volumes: 0, uses: 0, digests: 0, resources: 0, conditions: 0, times: 0, podIPs: 0, hostIPs: 0 };
    for (const pod of pods) {
      const wire = wholeOnWire(pod);
      for (const v of wire.volumes) {
        assert.equal(v.uid, 0, pod.name), seen.volumes++;
        assert.deepEqual([v.mountedBy, v.shared], [0, 0], `${pod.name}: a volume's uses`), seen.uses++;
      }
      pod.conditions.forEach((c, i) => {
        // Those with a reason or a message go as they are.
        const plain = Object.keys(c).join() === 'type,status,lastTransitionTime';
        const sent = wire.conditions[i];
        assert.equal(Array.isArray(sent), plain, `${pod.name}: ${JSON.stringify(sent)}`);
        if (!plain) return;
        seen.conditions++;
        const sameTime = i > 0 && c.lastTransitionTime === pod.conditions[i - 1]!.lastTransitionTime;
        assert.equal((sent as unknown[])[2], sameTime ? 0 : c.lastTransitionTime, `${pod.name}: condition ${i}'s time`);
        if (sameTime) seen.times++;
      });
      wire.containers.forEach((c, i) => {
        const whole = pod.containers[i]!;
        if (whole.resolvedDigestKind === 'repo-digest') assert.equal(c.resolvedDigest, 0, pod.name), seen.digests++;
        const empty = JSON.stringify(whole.resources) === '{"requests":{},"limits":{}}';
        assert.equal(c.resources === 0, empty, `${pod.name}: ${JSON.stringify(whole.resources)}`);
        if (empty) seen.resources++;
      });
      if (pod.podIP !== undefined) assert.equal(wire.view.podIP, pod.podIP === pod.podIPs[0] ? 0 : pod.podIP), seen.podIPs++;
      if (pod.hostIP !== undefined) assert.equal(wire.view.hostIP, pod.hostIP === pod.hostIPs[0] ? 0 : pod.hostIP), seen.hostIPs++;
    }
    for (const [what, n] of Object.entries(seen)) assert.ok(n > 20, `${what}: ${n}`);
  });

  it('sends a pod, container or volume as an object when its keys are not in the order the model makes them, or a value is the sign of one the page makes', () => {
    const model = buildModel(generateClusterObjects({ nodes: 1, pods: 12, seed: 8 }), { kind: 'snapshot', name: 'wire', namespaces: [] });
    const pod = allPods(model).find((p) => p.containers.length > 0 && p.volumes.length > 0 && p.podIP !== undefined)!;
    const [c] = pod.containers;
    const [v] = pod.volumes;
    const reorder = <T extends object>(o: T, first: string): T => Object.fromEntries([[first, (o as Record<string, unknown>)[first]], ...Object.entries(o).filter(([k]) => k !== first)]) as T;
    const podCases: Array<[string, PodModel]> = [
      ['a key more', { ...pod, extra: 1 } as PodModel],
      ['another key order', reorder(pod, 'name')],
      ['a required key left out', (({ labels: _labels, ...rest }) => rest)(pod) as PodModel],
      ['a value undefined', { ...pod, qosClass: undefined }],
      ['a function for a value', { ...pod, nodeName: (() => 'n') as unknown as string }],
      ['a podIP of 0', { ...pod, podIP: 0 as unknown as string }],
      ['a summary key that is not true', { ...pod, summary: 'x' as unknown as true }],
    ];
    for (const [what, changed] of podCases) {
      const wire = JSON.parse(JSON.stringify(podToWire(changed)));
      assert.ok(!Array.isArray(wire), `${what}: the pod as an object`);
      assert.equal(JSON.stringify(podFromWire(wire)), JSON.stringify(changed), `${what}: back the same`);
    }
    // A volume or a container that is an array is no pod's: the pod goes as an object, and the page refuses it rather than read it as values.
    for (const [what, changed] of [
      ['a volume that is an array', { ...pod, volumes: [[0, 'u', 'n', 't', 'tn', 'd', 's', [], false, []]] }],
      ['a container that is an array', { ...pod, containers: [['a']] }],
      ['a container that is null', { ...pod, containers: [null] }],
    ] as unknown as Array<[string, PodModel]>) {
      const wire = JSON.parse(JSON.stringify(podToWire(changed)));
      assert.ok(!Array.isArray(wire), `${what}: the pod as an object`);
      assert.throws(() => podFromWire(wire), WireError, what);
    }
    const containerCases: Array<[string, unknown]> = [
      ['a key more', { ...c, extra: 1 }],
      ['another key order', reorder(c!, 'name')],
      ['resources of 0', { ...c, resources: 0 }],
    ];
    const volumeCases: Array<[string, unknown]> = [
      ['a key more', { ...v, extra: 1 }],
      ['another key order', reorder(v!, 'name')],
      ['mountedBy of 0', { ...v, mountedBy: 0 }],
    ];
    for (const [what, container] of containerCases) {
      const changed = { ...pod, containers: [container, ...pod.containers.slice(1)] } as PodModel;
      const wire = podOnWire(changed);
      assert.ok(!Array.isArray(wire.containers[0]), `${what}: the container as an object`);
      assert.equal(JSON.stringify(podFromWire(JSON.parse(JSON.stringify(podToWire(changed))))), JSON.stringify(changed), `${what}: back the same`);
    }
    for (const [what, volume] of volumeCases) {
      const changed = { ...pod, volumes: [volume, ...pod.volumes.slice(1)] } as PodModel;
      const wire = podOnWire(changed);
      assert.ok(!Array.isArray(wire.volumes[0]), `${what}: the volume as an object`);
      assert.equal(JSON.stringify(podFromWire(JSON.parse(JSON.stringify(podToWire(changed))))), JSON.stringify(changed), `${what}: back the same`);
    }
  });

  it("sends a summarized pod's containers as their values, smaller again, and back as the summary", () => {
    const model = buildModel(generateClusterObjects({ nodes: 2, pods: 100, seed: 5 }), { kind: 'snapshot', name: 'wire', namespaces: [] });
    const summarized = allPods(summarizeModel(model, 0));
    const whole = allPods(model);
    const wire = whole.map((p) => summaryToWire(p));
    for (const p of wire.map((values) => named(values, POD_KEYS, POD_MORE) as { containers: unknown[][]; summary: unknown })) {
      assert.equal(p.summary, true);
      for (const c of p.containers) {
        assert.ok(Array.isArray(c), 'a container as its values');
        assert.deepEqual([c[0], typeof c[3], c.length >= 7 && c.length <= 8], [0, 'string', true]);
      }
    }
    // Against the same summaries as objects, their containers too (podToWire before values).
    const asObjects = summarized.map((p) => ({ ...p, containers: p.containers.map((c) => ({ ...c, uid: 0, image: (c.image as { raw: string }).raw })) }));
    const bytes = (xs: unknown[]) => JSON.stringify(xs).length;
    assert.ok(bytes(wire) < 0.6 * bytes(asObjects), `${bytes(wire)} against ${bytes(asObjects)}`);
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
      assert.ok(!Array.isArray(podOnWire(changed).containers[0]), `${what}: as an object`);
      assert.equal(JSON.stringify(roundTrip(changed)), JSON.stringify(changed), `${what}: back the same`);
    }
  });

  it('sends, without throwing, pods whose IP lists or mounts are not what the page could make anything of, and they come back the same', () => {
    const model = buildModel(generateClusterObjects({ nodes: 1, pods: 12, seed: 8 }), { kind: 'snapshot', name: 'wire', namespaces: [] });
    const pod = allPods(model).find((p) => p.containers.length > 0 && p.volumes.length > 0 && p.podIP !== undefined && p.hostIP !== undefined)!;
    const [c] = pod.containers;
    const cases: Array<[string, PodModel]> = [
      ['podIPs null', { ...pod, podIPs: null as unknown as string[] }],
      ['podIPs a string whose first letter is the podIP', { ...pod, podIPs: '10.0.0.1' as unknown as string[], podIP: '1' }],
      ['hostIPs an object', { ...pod, hostIPs: { 0: pod.hostIP } as unknown as string[] }],
      ['a mount that is null', { ...pod, containers: [{ ...c!, mounts: [null as unknown as PodModel['containers'][number]['mounts'][number]] }] }],
      ['a container whose name is not a string', { ...pod, containers: [{ ...c!, name: 7 as unknown as string }, { ...c!, name: '7' }] }],
    ];
    for (const [what, changed] of cases) {
      assert.equal(JSON.stringify(roundTrip(changed)), JSON.stringify(changed), what);
      assert.equal(JSON.stringify(summaryToWire(changed)), JSON.stringify(podToWire(summarizePod(changed))), `${what}: summarized in one step`);
    }
    // A null volume, which no form can send (the page refuses it), still makes no error where the server sends it.
    assert.doesNotThrow(() => podToWire({ ...pod, volumes: [null as unknown as PodModel['volumes'][number]] }));
    // What the summary replaces may be undefined: in one step or two, the same.
    const bare = { ...pod, conditions: undefined as unknown as PodModel['conditions'] };
    assert.equal(JSON.stringify(summaryToWire(bare)), JSON.stringify(podToWire(summarizePod(bare))));
  });

  it('refuses what is not a pod on the wire, saying what is wrong', () => {
    const cases: Array<[unknown, RegExp]> = [
      [null, /a pod must be an object or its values, got null/],
      [[], /a pod's uid must be a string, got undefined/],
      [[0, 'p'], /pod p: a pod as values must have 18 of them, got 2/],
      [[-1, 'p'], /pod p: a pod as values must begin with the bits of its optional keys, got number/],
      [[1 << 12, 'p'], /pod p: a pod as values must begin with the bits of its optional keys/],
      [[1 << 11, 'p', ...new Array(12).fill(''), [], {}, [[0, 'c', 'app', 'x', {}, true]], [], true], /pod p: a container as values must have 7 or 8 of them, got 6/],
      [[0, 'p', ...new Array(14).fill(''), [], []], /pod p: conditions must be an array, got string/],
      [[0, 'p', ...new Array(12).fill(''), [], {}, 'x', []], /pod p: containers must be an array, got string/],
      [[0, 'p', ...new Array(12).fill(''), [], {}, [[0, 'c', 'app', 'x', {}, true, 0, [], 0]], []], /pod p: a container as values must have 11 of them, got 9/],
      [[0, 'p', ...new Array(12).fill(''), [], {}, [[0, 0, 1, 'app', 'x', {}, true, 0, [], 0, []]], []], /pod p: a container whose uid is left to the page needs a group and a name/],
      [[2, 'p', ...new Array(12).fill(''), [], {}, [[2, 'c', 'a', 'app', 'x', {}, true, 0, [], 0, [], 0]], [], 'q'], /pod p: a container whose resolvedDigest is left to the page needs an imageID with '@'/],
      [[0, 'p', ...new Array(12).fill(''), [], {}, [], [[0, 0, 'v', 'emptyDir', 'emptyDir', '', [], 0, false, []]]], /pod p: a volume's mountedBy and shared are left to the page together, or neither/],
      [[0, 'p', ...new Array(12).fill(''), [], {}, [], ['v']], /pod p: a volume must be an object or its values, got string/],
      [[8, 'p', ...new Array(8).fill(''), [], [], '', '', [], {}, [], [], 0], /pod p: a podIP left to the page needs a first address in podIPs/],
      [[1 << 11, 'p', ...new Array(12).fill(''), [], {}, [], [], false], /pod p: a pod as values with a summary key must have it true, got boolean/],
      [[0, 'p', ...new Array(12).fill(''), [], {}, [[0, 'u', 'c', 'app', 'x', {}, true, 0, [], 0, [null]]], [[0, 0, 'v', 't', 'tn', 'd', [], 0, 0, []]]], /pod p: volumes whose uses are left to the page need names, and containers with a name, a group and mounts that are objects/],
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
      [{ uid: 'p', containers: [], volumes: [], conditions: [['Ready', 'True', 0]] }, /a time of 0 is the condition's before it, which must have one/],
      [{ uid: 'p', containers: [], volumes: [], conditions: [['Ready', 'True'], ['Initialized', 'True', 0]] }, /a time of 0 is the condition's before it, which must have one/],
    ];
    for (const [value, message] of cases) assert.throws(() => podFromWire(value), (e: unknown) => e instanceof WireError && message.test(e.message));
  });
});
