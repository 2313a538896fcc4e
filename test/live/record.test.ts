// A recording of the test cluster through a scale-up, a pod deletion and an
// API server restart, made by the command a user runs (`kube-anatomy record`
// in its own process, ended with Ctrl+C), replays to the model built from
// `kubectl get nodes,pods,pvc,pv,namespaces -A -o json` at the end. The file
// is read while it is being written too (its last line may be cut short),
// which is how the test knows the recording has caught up.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { after, before, describe } from 'node:test';
import { buildModel } from '../../main/model/build.ts';
import type { ClusterObjects } from '../../main/model/kube.ts';
import type { AnatomyModel, ModelSource } from '../../main/model/types.ts';
import { storeObjects } from '../../main/model/store.ts';
import { openRecording } from '../../main/record/reader.ts';
import { normalizeEvent } from '../../main/model/events.ts';
import { apply, ctl, kubectl, live, liveTest, lockCluster, ROOT, uniqueName, waitFor, type LiveEnv } from './harness.ts';
import { deploymentObject, eventCount, exactlyRunning, metaOf, namespaceObject, podsIn, removeNamespace } from './objects.ts';
import { describeDiff, diffFacts, modelFacts, readTruth, truthFacts, type Truth } from './truth.ts';
import { CLI_NODE_ARGS } from '../fixtures/cli.ts';

const SOURCE: ModelSource = { kind: 'cluster', name: 'truth', namespaces: [] };

function truthModel(truth: Truth): AnatomyModel {
  const objects: ClusterObjects = { gaps: [], nodes: truth.nodes, pods: truth.pods, persistentVolumeClaims: truth.pvcs, persistentVolumes: truth.pvs, namespaces: truth.namespaces } as ClusterObjects;
  return buildModel(objects, SOURCE);
}

/** The model at the recording's last complete line, built under the same source as the truth's. */
async function recordedModel(file: string): Promise<AnatomyModel> {
  const recording = await openRecording(file);
  const model = await recording.modelAt(recording.duration);
  return { ...model, source: SOURCE };
}

/** kubectl's events in a namespace, in the terms compared: reason, type, note, count, the object. */
async function kubectlEventFacts(env: LiveEnv, ns: string): Promise<string[]> {
  const out = JSON.parse(await kubectl(env, ['get', 'events', '-n', ns, '-o', 'json'])) as { items: Record<string, any>[] };
  return out.items
    .map((e) => {
      const o = e.involvedObject ?? {};
      return JSON.stringify([e.metadata.uid, e.reason, e.type, e.message, eventCount(e), o.kind, o.namespace, o.name, o.uid, o.fieldPath ?? null]);
    })
    .sort();
}

/** The recording's events in that namespace at its last line, in the same terms. */
async function recordedEventFacts(file: string, ns: string): Promise<string[]> {
  const recording = await openRecording(file);
  const events = (await recording.eventsAt(recording.duration)) ?? [];
  return events
    .map((raw) => normalizeEvent(raw))
    .filter((e) => e !== undefined && (e.regarding.namespace ?? '') === ns)
    .map((e) => JSON.stringify([e!.id, e!.reason, e!.type, e!.note, e!.count, e!.regarding.kind, e!.regarding.namespace, e!.regarding.name, e!.regarding.uid, e!.regarding.fieldPath ?? null]))
    .sort();
}

describe('record and replay', () => {
  const ns = uniqueName('live-record');
  let release: (() => void) | undefined;
  let dir: string | undefined;
  let child: ChildProcess | undefined;

  before(async () => {
    if (!live) return;
    release = await lockCluster('record.test.ts');
    dir = mkdtempSync(path.join(os.tmpdir(), 'live-record-'));
    await apply(live, namespaceObject(ns), deploymentObject(ns, 'rec', 2));
  });

  after(async () => {
    child?.kill('SIGKILL');
    try {
      if (live) {
        await ctl(live, 'start-apiserver');
        await removeNamespace(live, ns);
      }
    } finally {
      if (dir) rmSync(dir, { recursive: true, force: true });
      release?.();
    }
  });

  /** Waits until the recording, read as it is written, shows what kubectl shows, `extra` holding of the truth too. */
  async function caughtUp(env: LiveEnv, file: string, what: string, extra: (truth: Truth) => true | string): Promise<void> {
    await waitFor(
      async () => {
        const truth = await readTruth(env);
        const more = extra(truth);
        if (more !== true) return `the cluster is not there yet: ${more}`;
        const diff = describeDiff(diffFacts(truthFacts(truth), modelFacts(await recordedModel(file))));
        return diff === '' ? true : diff;
      },
      { what: `the recording to show kubectl's view: ${what}`, timeoutMs: 180_000, intervalMs: 1000 },
    );
  }

  liveTest('a recording through a scale-up, a pod deletion and an API server restart replays to kubectl\'s final view', async (env, t) => {
    const file = path.join(dir!, 'cluster.karec');
    let stderr = '';
    child = spawn(
      process.execPath,
      [...CLI_NODE_ARGS, 'record', '--kubeconfig', env.kubeconfig, '--out', file],
      { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    await waitFor(() => /recording context/.test(stderr) || `not recording yet: ${stderr.slice(-300)}`, { what: 'the recording to start', timeoutMs: 120_000 });
    await caughtUp(env, file, 'at the start', (truth) => exactlyRunning(truth, ns, 'rec', 2));

    await kubectl(env, ['-n', ns, 'scale', 'deployment/rec', '--replicas=4']);
    await caughtUp(env, file, 'after the scale-up', (truth) => exactlyRunning(truth, ns, 'rec', 4));

    const victim = metaOf(podsIn(await readTruth(env), ns, 'rec')[0]);
    await kubectl(env, ['-n', ns, 'delete', 'pod', String(victim.name), '--wait=false']);
    await caughtUp(env, file, 'after the pod deletion', (truth) =>
      truth.pods.some((p) => metaOf(p).uid === victim.uid) ? `pod ${String(victim.name)} still exists` : exactlyRunning(truth, ns, 'rec', 4),
    );

    await ctl(env, 'restart-apiserver');
    await kubectl(env, ['-n', ns, 'scale', 'deployment/rec', '--replicas=3']);
    await caughtUp(env, file, 'after the API server restart', (truth) => exactlyRunning(truth, ns, 'rec', 3));
    assert.match(stderr, /retrying/, 'the recording went through the restart');

    // The recording carries the cluster's events (issue 12): at its last line, the namespace's are kubectl's.
    await waitFor(
      async () => {
        const want = await kubectlEventFacts(env, ns);
        const recorded = await recordedEventFacts(file, ns);
        if (want.length === 0) return 'kubectl shows no events yet';
        return isDeepStrictEqual(recorded, want) ? true : `recorded ${recorded.length} events, kubectl ${want.length}: ${JSON.stringify(recorded.filter((e) => !want.includes(e)).slice(0, 2))} / ${JSON.stringify(want.filter((e) => !recorded.includes(e)).slice(0, 2))}`;
      },
      { what: "the recording's events to be kubectl's", timeoutMs: 60_000, intervalMs: 1000 },
    );

    const before = truthModel(await readTruth(env));
    child.kill('SIGINT');
    assert.equal(await exited, 0, stderr);
    const afterward = truthModel(await readTruth(env));
    t.diagnostic(stderr.split('\n').filter((l) => /wrote|retrying/.test(l)).join('\n'));

    const recording = await openRecording(file);
    assert.equal(recording.ended, true, 'Ctrl+C closed the recording with its end line');
    assert.ok(recording.changes > 10, `changes recorded (${recording.changes})`);
    const replayed = await recordedModel(file);
    // The cluster may have moved between the last look and Ctrl+C (a heartbeat): the model at one of the two looks.
    if (!isDeepStrictEqual(replayed, before)) assert.deepEqual(replayed, afterward, 'the replayed final model equals buildModel of kubectl get -o json');
    // Replaying every change from the first state agrees with seeking to the end.
    const first = await recording.storeAfter(0);
    const { store } = await recording.changesFrom(first, 0, recording.changes);
    assert.deepEqual(buildModel(storeObjects(store), SOURCE), replayed);
  });
});
