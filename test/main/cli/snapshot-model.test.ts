// `kube-anatomy export --snapshot` models the file as it reads it
// (readSnapshotModel): nodes and pods go into the model one by one and are
// not kept. The model must be the one the snapshot source and buildModel give
// for the same file, namespace filter included, and a bad file must be
// refused with the same message.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readSnapshotModel } from '../../../main/cli/objects.ts';
import { buildModel } from '../../../main/model/index.ts';
import type { ClusterObjects } from '../../../main/model/kube.ts';
import { filterByNamespace } from '../../../main/session/filter.ts';
import { openSource } from '../../../main/session/open-source.ts';
import { parseSnapshot } from '../../../main/snapshot/read.ts';
import { writeSnapshot } from '../../../main/snapshot/write.ts';
import { compactSnapshotChunks, generateClusterObjects } from '../../bench/generate.ts';

/** The model as export built it before: the snapshot source's objects, filtered, then buildModel. */
async function throughSource(file: string, namespaces: string[]) {
  const source = await openSource({ kind: 'snapshot', file }, { namespaces, env: {}, watch: false });
  try {
    const objects = await new Promise<ClusterObjects>((resolve, reject) =>
      source.start({ objects: resolve, state: (s) => (s.phase === 'failed' ? reject(new Error(s.reason)) : undefined), progress: () => {} }),
    );
    return buildModel(filterByNamespace(objects, namespaces), source.description);
  } finally {
    await source.stop();
  }
}

describe('readSnapshotModel', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kube-anatomy-snapshot-model-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const objects = generateClusterObjects({ nodes: 5, pods: 300, seed: 21 });
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('gives the model the snapshot source gives, for compact JSON, kubectl\'s indented JSON, YAML, and pods before nodes', async () => {
    const podsFirst = { ...objects, nodes: undefined, pods: undefined };
    const list = JSON.parse(writeSnapshot(podsFirst, 'json')) as { items: unknown[] };
    list.items = [...(objects.pods ?? []), ...list.items, ...(objects.nodes ?? [])];
    const files = [
      write('compact.json', [...compactSnapshotChunks(objects)].join('')),
      write('indented.json', writeSnapshot(objects, 'json')),
      write('cluster.yaml', writeSnapshot(objects, 'yaml')),
      write('pods-first.json', JSON.stringify(list)),
    ];
    for (const file of files) {
      for (const namespaces of [[], ['team-01', 'kube-system']]) {
        const model = await readSnapshotModel(file, namespaces);
        assert.deepEqual(model, await throughSource(file, namespaces), `${path.basename(file)} ${namespaces.join(',')}`);
        assert.ok(model.stats.pods > 0);
      }
    }
    // Filtered for real: only the namespaces asked for.
    const filtered = await readSnapshotModel(files[0]!, ['team-01']);
    assert.ok(filtered.nodes.every((n) => n.pods.every((p) => p.namespace === 'team-01')));
    assert.ok(filtered.stats.pods < (await readSnapshotModel(files[0]!, [])).stats.pods);
  });

  it('reports the gaps of a snapshot without nodes, and repeats by place, as the source does', async () => {
    const pods = objects.pods ?? [];
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...pods.slice(0, 20), pods[3], pods[4]] });
    const file = write('no-nodes.json', text);
    const model = await readSnapshotModel(file, []);
    assert.deepEqual(model, await throughSource(file, []));
    assert.ok(model.gaps.some((g) => g.resource === 'nodes'));
    assert.ok(model.gaps.some((g) => g.reason === 'duplicate' && /items\[20\]/.test(g.message)));
    assert.deepEqual(parseSnapshot(text, 'no-nodes.json').objects.gaps.map((g) => g.resource).sort(), model.gaps.map((g) => g.resource).filter((r) => r !== 'namespaces').sort());
  });

  it('refuses a broken or missing file with the source\'s message', async () => {
    const broken = write('broken.json', '{"kind":"List","items":[\n{"kind":"Pod","metadata":{"name":"a" "x":1}}]}');
    const message = /^broken\.json \(line 2, column 38\): is not valid JSON: Expected ',' or '}' after property value$/;
    // One at a time: a second read started beside the first rejected while the first was awaited, unhandled.
    for (const read of [() => readSnapshotModel(broken, []), () => throughSource(broken, [])]) {
      await assert.rejects(read(), (error: Error) => (assert.match(error.message, message), true));
    }
    await assert.rejects(readSnapshotModel(path.join(dir, 'missing.json'), []), /Could not read snapshot .*missing\.json: ENOENT/);
  });
});
