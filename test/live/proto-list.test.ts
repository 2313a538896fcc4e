// The pod list asked for in protobuf, against the real API server: read into
// objects, it equals the same list asked for as JSON at the same resource
// version, pod for pod and field for field (managedFields aside, which the
// store drops either way), and its pages are asked for ahead from their heads.

import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { loadKubeconfig } from '../../main/cluster/kubeconfig.ts';
import { continueInProtoHead, decodePodList } from '../../main/cluster/proto/decode.ts';
import { ApiStatusError } from '../../main/cluster/errors.ts';
import { KubeTransport, type BinaryList } from '../../main/cluster/transport.ts';
import { live, liveTest, lockCluster } from './harness.ts';

describe('pod list in protobuf against the API server', () => {
  let release: (() => void) | undefined;
  let transport: KubeTransport | undefined;

  before(async () => {
    if (!live) return;
    release = await lockCluster('proto-list.test.ts');
    transport = new KubeTransport(loadKubeconfig({ kubeconfigFlag: live.kubeconfig }).access());
  });

  after(() => {
    transport?.close();
    release?.();
  });

  liveTest('every pod read from protobuf equals its JSON, and the pages are asked for ahead', async () => {
    const t = transport!;
    let decoded = 0;
    const heads: (string | undefined)[] = [];
    const binary: BinaryList = {
      decode: (body) => {
        decoded += 1;
        return decodePodList(body);
      },
      continueInHead: (head) => {
        const token = continueInProtoHead(head);
        heads.push(token);
        return token;
      },
    };
    const signal = new AbortController().signal;
    const items: Record<string, unknown>[] = [];
    let resourceVersion = '';
    let pages = 0;
    for await (const page of t.listPages('/api/v1/pods', { limit: '7' }, signal, binary)) {
      const p = page as { metadata: { resourceVersion: string }; items: Record<string, unknown>[] };
      if (pages === 0) resourceVersion = p.metadata.resourceVersion;
      pages += 1;
      items.push(...p.items);
    }
    assert.ok(items.length >= 30, `the seeded cluster's pods, got ${items.length}`);
    assert.ok(pages >= 5, `paged, ${pages} pages`);
    assert.equal(decoded, pages, 'every page came as protobuf and was read as such');
    assert.ok(heads.filter((h) => h !== undefined).length >= pages - 2, `the continue token read from the heads: ${heads.length} heads, ${heads.filter(Boolean).length} with a token`);

    // The same list, as JSON, at the resource version the paged list was read at.
    const json = (await t.getJson('/api/v1/pods', { resourceVersion, resourceVersionMatch: 'Exact' }, signal)) as { items: Record<string, unknown>[] };
    for (const item of json.items) delete (item['metadata'] as Record<string, unknown>)['managedFields'];
    assert.equal(items.length, json.items.length);
    const byUid = new Map(json.items.map((i) => [(i['metadata'] as { uid: string }).uid, i]));
    for (const item of items) {
      const uid = (item['metadata'] as { uid: string }).uid;
      const { namespace, name } = item['metadata'] as { namespace: string; name: string };
      assert.deepEqual(item, byUid.get(uid), `${namespace}/${name}`);
    }
  });

  liveTest("an error to a list that accepted protobuf says the server's words, not its bytes", async (env) => {
    const binary: BinaryList = { decode: decodePodList, continueInHead: continueInProtoHead };
    const denied = new KubeTransport(loadKubeconfig({ kubeconfigFlag: env.kubeconfigNoAccess }).access());
    try {
      const pages = denied.listPages('/api/v1/pods', { limit: '7' }, new AbortController().signal, binary);
      await assert.rejects(pages.next(), (err: unknown) => {
        assert.ok(err instanceof ApiStatusError, String(err));
        assert.equal(err.status, 403);
        assert.equal(err.reason, 'Forbidden');
        assert.match(err.apiMessage ?? '', /^pods is forbidden: User "[^"]+" cannot list resource "pods"/);
        return true;
      });
    } finally {
      denied.close();
    }
  });
});
