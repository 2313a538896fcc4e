// The summarized model a page is sent above SUMMARY_FROM_PODS pods: what it
// keeps (all the overview, search and layout read), what it drops, that a
// smaller model goes untouched, that it is much smaller, and that summarized
// patches keep a summarized model what the whole one summarized would be.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyDeltas, emptyModelState } from '../../../main/model/apply.ts';
import { buildModel } from '../../../main/model/build.ts';
import type { Delta } from '../../../main/model/delta.ts';
import { applyPatch, type ModelPatch } from '../../../main/model/patch.ts';
import { isSummarized, SUMMARY_FROM_PODS, summarizeModel, summarizeModelPatch, summarizePatch, summarizePod } from '../../../main/model/summary.ts';
import type { AnatomyModel, ContainerModel, ModelSource, PodModel } from '../../../main/model/types.ts';
import { generateClusterObjects } from '../../bench/generate.ts';
import { random } from '../../fixtures/random.ts';
import { DeltaGen } from './delta-gen.ts';

const SOURCE: ModelSource = { kind: 'snapshot', name: 'summary', namespaces: [] };

function allPods(model: AnatomyModel): PodModel[] {
  return [...model.nodes.flatMap((n) => n.pods), ...model.unscheduled];
}

/** A pod with everything set: owner, IPs, conditions, volumes, and containers with ports, mounts, resources and IDs. */
function richPod(): PodModel {
  const container: ContainerModel = {
    uid: 'p1/app/web',
    name: 'web',
    group: 'app',
    image: {
      raw: 'nginx:1.27',
      registry: 'docker.io',
      repository: 'library/nginx',
      owner: 'library',
      name: 'nginx',
      tag: '1.27',
      defaulted: { registry: true, owner: true, tag: false },
      official: true,
      canonical: 'docker.io/library/nginx:1.27',
    },
    imageID: 'docker.io/library/nginx@sha256:aa',
    resolvedDigest: 'sha256:aa',
    resolvedDigestKind: 'repo-digest',
    containerID: 'containerd://abc',
    state: { kind: 'running', startedAt: '2026-11-01T08:00:00Z' },
    lastState: { kind: 'terminated', reason: 'OOMKilled', exitCode: 137 },
    ready: true,
    started: true,
    restartCount: 3,
    ports: [{ name: 'http', containerPort: 80, protocol: 'TCP' }],
    resources: { requests: { cpu: '100m' }, limits: { memory: '128Mi' } },
    mounts: [{ volume: 'html', mountPath: '/usr/share/nginx/html', readOnly: true }],
    command: ['nginx', '-g', 'daemon off;'],
  };
  return {
    uid: 'p1',
    name: 'web-0',
    namespace: 'shop',
    nodeName: 'w1',
    phase: 'Running',
    status: 'Running',
    ready: true,
    readyContainers: 1,
    totalContainers: 1,
    restarts: 3,
    qosClass: 'Burstable',
    owner: { kind: 'StatefulSet', name: 'web', uid: 'ss1' },
    podIP: '10.244.1.7',
    podIPs: ['10.244.1.7', 'fd00::7'],
    hostIP: '172.18.0.3',
    hostIPs: ['172.18.0.3'],
    hostNetwork: false,
    static: false,
    conditions: [{ type: 'Ready', status: 'True', lastTransitionTime: '2026-11-01T08:00:00Z' }],
    labels: { app: 'web' },
    serviceAccountName: 'web',
    priorityClassName: 'high',
    restartPolicy: 'Always',
    creationTimestamp: '2026-11-01T07:59:00Z',
    containers: [container, { ...container, uid: 'p1/init/setup', name: 'setup', group: 'init', started: undefined }],
    volumes: [{ uid: 'p1/volume/html', name: 'html', type: 'emptyDir', typeName: 'emptyDir', detail: 'emptyDir', mountedBy: [], shared: false, sharedWithPods: [] }],
  };
}

describe('summarizePod', () => {
  it('keeps every field the overview, search and layout read', () => {
    const pod = richPod();
    const s = summarizePod(pod);
    for (const key of ['uid', 'name', 'namespace', 'nodeName', 'phase', 'status', 'ready', 'readyContainers', 'totalContainers', 'restarts', 'qosClass', 'owner', 'podIP', 'podIPs', 'hostIP', 'hostIPs', 'hostNetwork', 'static', 'labels', 'serviceAccountName', 'priorityClassName', 'restartPolicy', 'creationTimestamp'] as const) {
      assert.deepEqual(s[key], pod[key], key);
    }
    assert.equal(s.summary, true);
    assert.deepEqual(
      s.containers.map((c) => [c.uid, c.name, c.group, c.image, c.state, c.ready, c.started, c.restartCount]),
      pod.containers.map((c) => [c.uid, c.name, c.group, c.image, c.state, c.ready, c.started, c.restartCount]),
    );
    assert.equal('started' in s.containers[1]!, false, 'a started that was not there is not added');
  });

  it('drops conditions, volumes and the containers\' ports, mounts, resources, IDs, last state and command', () => {
    const pod = richPod();
    const s = summarizePod(pod);
    assert.deepEqual(s.conditions, []);
    assert.deepEqual(s.volumes, []);
    for (const c of s.containers) {
      assert.deepEqual(Object.keys(c).sort(), ['group', 'image', 'mounts', 'name', 'ports', 'ready', 'resources', 'restartCount', 'state', 'uid', ...('started' in c ? ['started'] : [])].sort());
      assert.deepEqual([c.ports, c.mounts, c.resources], [[], [], { requests: {}, limits: {} }]);
    }
    assert.deepEqual(pod, richPod(), 'the pod given is left as it was');
  });
});

describe('summarizeModel', () => {
  // One build shared by the tests below: 20,001 pods take a second or two to build.
  const whole = buildModel(generateClusterObjects({ nodes: 200, pods: SUMMARY_FROM_PODS + 1, seed: 8 }), SOURCE);

  it('summarizes every pod of a model above the threshold, scheduled or not, and leaves the model as it was', () => {
    assert.equal(whole.stats.pods, SUMMARY_FROM_PODS + 1);
    const before = JSON.stringify(whole);
    const s = summarizeModel(whole);
    assert.ok(s !== whole);
    const pods = allPods(s);
    assert.equal(pods.length, allPods(whole).length);
    assert.ok(pods.every((p) => p.summary === true && p.volumes.length === 0 && p.conditions.length === 0));
    assert.ok(pods.map((p) => p.uid).join() === allPods(whole).map((p) => p.uid).join(), 'the same pods in the same places');
    const withoutPods = (m: AnatomyModel) => JSON.stringify({ ...m, nodes: m.nodes.map((n) => ({ ...n, pods: [] })), unscheduled: [] });
    assert.ok(withoutPods(s) === withoutPods(whole), 'all but the pods is as it was');
    assert.ok(JSON.stringify(whole) === before, 'the model given is left as it was');
  });

  it('returns a model at or below the threshold itself', () => {
    const node = whole.nodes.find((n) => n.pods.length > 0)!;
    const at: AnatomyModel = {
      ...whole,
      nodes: whole.nodes.map((n) => (n === node ? { ...n, pods: n.pods.slice(1) } : n)),
      stats: { ...whole.stats, pods: SUMMARY_FROM_PODS },
    };
    // ok(===), not equal: a failure must not print two 20,000-pod models.
    assert.ok(summarizeModel(at) === at, 'the same object');
    assert.equal(isSummarized(at), false);
  });

  // 2.18 times with the generator's pods (4.1 KB whole, 1.9 KB summarized):
  // the containers' images, kept whole, are 0.55 KB of what is left.
  it('makes the JSON at least 2 times smaller', () => {
    const wholeBytes = JSON.stringify(whole).length;
    const summaryBytes = JSON.stringify(summarizeModel(whole)).length;
    assert.ok(wholeBytes >= 2 * summaryBytes, `whole ${wholeBytes} bytes, summarized ${summaryBytes}`);
  });

  it('summarizes a full patch\'s model by its own size', () => {
    const full = summarizeModelPatch({ kind: 'full', model: whole }, false);
    assert.ok(full.kind === 'full' && allPods(full.model).every((p) => p.summary === true));
    const small = { kind: 'full' as const, model: { ...whole, nodes: [], unscheduled: [], stats: { ...whole.stats, pods: 0 } } };
    assert.ok(summarizeModelPatch(small, true) === small, 'a small full patch goes as it is');
  });
});

describe('summarized patches', () => {
  /**
   * Over random delta sequences: the summarized patch applied to the model
   * pages have gives what they would be sent whole. `fromPods` stands in for
   * the threshold so that small clusters cross it; a patch that crosses it
   * goes as a whole model (the session's rule), so only the others are checked.
   */
  function check(fromPods: number, seeds: number): number {
    let checked = 0;
    for (let seed = 1; seed <= seeds; seed++) {
      const gen = new DeltaGen(seed);
      const r = random(seed ^ 0x50aa);
      let state = emptyModelState({ kind: 'cluster', name: 'summary', namespaces: [] });
      for (let step = 0; step < 40; step++) {
        const batch: Delta[] = [];
        for (let i = 0, n = 1 + Math.floor(r() * 4); i < n; i++) batch.push(...gen.next());
        const before = state.model;
        const applied = applyDeltas(state, batch);
        const after = applied.state.model;
        const was = isSummarized(before, fromPods);
        if (applied.patch.kind === 'full' || was === isSummarized(after, fromPods)) {
          const sent: ModelPatch = summarizeModelPatch(applied.patch, was, fromPods);
          assert.deepStrictEqual(applyPatch(summarizeModel(before, fromPods), sent), summarizeModel(after, fromPods), `seed ${seed}, step ${step}`);
          if (applied.patch.kind === 'changes' && applied.patch.pods.some((c) => c.pod)) checked += 1;
        }
        state = applied.state;
      }
    }
    return checked;
  }

  it('lead a summarized model where the whole one, summarized, goes', () => {
    assert.ok(check(-1, 40) > 100, 'summarized patches with pods in them were checked');
  });

  it('leave a model below the threshold whole, and cross it only as full patches', () => {
    assert.ok(check(2, 40) > 50);
  });

  it('carry their update along (summarizePatch)', () => {
    const pod = richPod();
    const update = { baseRevision: 4, revision: 5, patch: { kind: 'changes' as const, pods: [{ uid: pod.uid, pod }, { uid: 'gone', from: 'w1' }], nodes: [] } };
    assert.equal(summarizePatch(update, false), update);
    const s = summarizePatch(update, true);
    assert.deepEqual([s.baseRevision, s.revision], [4, 5]);
    assert.deepEqual(s.patch.pods, [{ uid: pod.uid, pod: summarizePod(pod) }, { uid: 'gone', from: 'w1' }]);
    assert.equal(update.patch.pods[0]!.pod, pod, 'the update given is left as it was');
  });
});
