import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { ClusterObjects } from '../../../main/model/kube.ts';
import { openSource } from '../../../main/session/open-source.ts';
import type { ObjectSource } from '../../../main/source/object-source.ts';
import { listText, smallCluster } from '../../fixtures/session/objects.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'anatomy-open-source-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

function first(source: ObjectSource): Promise<ClusterObjects> {
  return new Promise((resolve, reject) => {
    source.start({
      objects: resolve,
      state: (s) => {
        if (s.phase === 'failed') reject(new Error(s.reason));
      },
    });
  });
}

test('the demo and a snapshot file deliver their objects once, described with the namespaces', async () => {
  const demo = await openSource({ kind: 'demo' }, { namespaces: ['kube-system'], env: {}, watch: false });
  assert.deepEqual(demo.description, { kind: 'demo', name: 'demo', namespaces: ['kube-system'] });
  assert.ok(((await first(demo)).pods ?? []).length > 0);
  await demo.stop();

  const file = path.join(dir, 'small.json');
  await writeFile(file, listText(smallCluster()));
  const snapshot = await openSource({ kind: 'snapshot', file }, { namespaces: [], env: {}, watch: false });
  assert.deepEqual(snapshot.description, { kind: 'snapshot', name: 'small.json', namespaces: [] });
  assert.equal((await first(snapshot)).pods?.length, 5);
  await snapshot.stop();
});

test('a snapshot that cannot be read fails with the file named', async () => {
  const source = await openSource({ kind: 'snapshot', file: path.join(dir, 'missing.json') }, { namespaces: [], env: {}, watch: false });
  await assert.rejects(first(source), /Could not read snapshot .*missing\.json/);
  await source.stop();
});

test('a cluster choice with no kubeconfig is an error, not the demo', async () => {
  await assert.rejects(openSource({ kind: 'cluster' }, { namespaces: [], env: {}, home: dir, watch: false }), /kubeconfig/i);
  await assert.rejects(
    openSource({ kind: 'cluster', kubeconfig: path.join(dir, 'nope') }, { namespaces: [], env: {}, home: dir, watch: false }),
    /nope/,
  );
});
