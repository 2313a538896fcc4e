// What a reflector keeps of an object: everything but metadata.managedFields,
// which nothing reads and which are often most of a pod's bytes (a store of
// 100,000 pods holds them all, and the main process's collector walks them).
// Dropped from list items and from watch events alike, so the store, its
// deltas and a saved snapshot never carry them; the rest is kept as it came.

import assert from 'node:assert/strict';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import { loadKubeconfig } from '../../../main/cluster/kubeconfig.ts';
import { Reflector } from '../../../main/cluster/reflector.ts';
import { RESOURCES } from '../../../main/cluster/resources.ts';
import { KubeTransport } from '../../../main/cluster/transport.ts';
import { systemClock } from '../../../main/common/clock.ts';
import type { ObjectDelta } from '../../../main/model/delta.ts';
import type { KubeObject } from '../../../main/model/kube.ts';
import { FakeApiServer, TLS_DIR } from '../../fixtures/fake-apiserver.ts';
import { eventually, FAST, tempDir, writeKubeconfig } from './helpers/harness.ts';

const PODS = '/api/v1/pods';
const RESOURCE = RESOURCES.find((r) => r.name === 'pods')!;

let server: FakeApiServer;
let tmp: ReturnType<typeof tempDir>;
let stop: (() => Promise<void>) | undefined;

const MANAGED = [{ manager: 'kubelet', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:status': { 'f:podIP': {} } } }];

/** A pod as the API server sends it, managedFields among its metadata (not last, as some servers order them). */
function pod(name: string, rv: number): KubeObject {
  return {
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, resourceVersion: String(rv), managedFields: MANAGED, labels: { app: name } },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
    status: { podIP: '10.0.0.1' },
  } as KubeObject;
}

/** The pod as the store should hold it: the same without managedFields. */
function withoutManaged(object: KubeObject): KubeObject {
  const { managedFields: _, ...metadata } = object.metadata as Record<string, unknown>;
  return { ...object, metadata };
}

describe('what a reflector keeps of an object', () => {
  before(() => {
    tmp = tempDir();
  });
  after(() => tmp.cleanup());
  afterEach(async () => {
    await stop?.();
    stop = undefined;
    await server.close();
  });

  it('drops managedFields from listed objects and watch events, and keeps the rest as it came', async () => {
    server = await FakeApiServer.start();
    const listed = [pod('a', 10), pod('b', 11)];
    // Items of a list come without kind and apiVersion; the reflector adds them back.
    const items = listed.map(({ kind: _k, apiVersion: _a, ...rest }) => rest);
    server.setList(PODS, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '100' }, items: structuredClone(items) });
    const file = writeKubeconfig(tmp.dir, { server: server.url, cluster: { 'certificate-authority': path.join(TLS_DIR, 'ca.crt') } });
    const transport = new KubeTransport(loadKubeconfig({ kubeconfigFlag: file }).access(), { requestTimeoutMs: 3000 });
    const deltas: ObjectDelta[] = [];
    const reflector = new Reflector(
      transport,
      RESOURCE,
      undefined,
      { changed: () => {}, deltas: (batch) => deltas.push(...batch), status: () => {}, progress: () => {} },
      { context: 'test', pageSize: 500, backoff: FAST.backoff, clock: systemClock, watchTimeoutSeconds: () => 60, watchIdleGraceMs: 30_000 },
    );
    reflector.start();
    stop = async () => {
      await reflector.stop();
      transport.close();
    };
    await eventually('listed', () => reflector.synced);
    await eventually('watch open', () => server.openWatches(PODS) === 1);
    const changed = pod('a', 200);
    const added = pod('c', 201);
    server.publish(PODS, { type: 'MODIFIED', object: structuredClone(changed) });
    server.publish(PODS, { type: 'ADDED', object: structuredClone(added) });
    server.publish(PODS, { type: 'DELETED', object: structuredClone(pod('b', 202)) });
    await eventually('watched', () => reflector.lastResourceVersion === '202');

    const byName = (list: KubeObject[]) => [...list].sort((x, y) => String((x.metadata as { name: string }).name).localeCompare(String((y.metadata as { name: string }).name)));
    assert.deepEqual(byName(reflector.items() ?? []), [withoutManaged(changed), withoutManaged(added)]);
    assert.equal(deltas.length, 5, 'two added by the list, then modified, added, deleted');
    for (const d of deltas) assert.ok(!('managedFields' in (d.object.metadata as object)), `a ${d.type} delta carries no managedFields`);
    assert.deepEqual(deltas.at(-1), { type: 'deleted', resource: 'pods', object: withoutManaged(pod('b', 202)) });
  });
});
