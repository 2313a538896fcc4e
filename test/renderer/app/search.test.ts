import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizePod } from '../../../main/model/summary.ts';
import { parseQuery, search } from '../../../renderer/app/search.ts';
import { sampleModel } from '../../fixtures/anatomy-models.ts';

const uids = (q: string) => search(sampleModel(), q)?.matches.map((m) => m.uid);

test('parseQuery splits terms and reads prefixes and label selectors', () => {
  assert.deepEqual(parseQuery('  Web  app=Frontend ns:kube-system ip:10.244. image:nginx label:tier fd00::1 '), [
    { field: 'any', value: 'web' },
    { field: 'label', key: 'app', value: 'frontend' },
    { field: 'ns', value: 'kube-system' },
    { field: 'ip', value: '10.244.' },
    { field: 'image', value: 'nginx' },
    { field: 'labelKey', value: 'tier' },
    // An IPv6 address is not mistaken for a "fd00:" prefix.
    { field: 'any', value: 'fd00::1' },
  ]);
  assert.deepEqual(parseQuery(''), []);
  assert.deepEqual(parseQuery(42), []);
  assert.deepEqual(parseQuery('ns:'), []);
});

test('an empty query is no search at all', () => {
  assert.equal(search(sampleModel(), '   '), null);
});

test('name matches nodes and pods, nodes first', () => {
  // "worker" matches the node worker-1 and the pod worker-job.
  assert.deepEqual(uids('worker'), ['n-w1', 'p-job']);
});

test('label selector key=value matches only that value', () => {
  assert.deepEqual(uids('app=web'), ['p-web']);
  assert.deepEqual(uids('APP=batch'), ['p-job']);
  assert.deepEqual(uids('app=nope'), []);
});

test('a bare label key matches pods having it', () => {
  assert.deepEqual(uids('app'), ['p-job', 'p-web']);
  assert.deepEqual(uids('label:k8s-app'), ['p-proxy']);
});

test('namespace: bare term is a substring, ns: is exact', () => {
  assert.deepEqual(uids('ns:kube-system'), ['p-etcd', 'p-proxy']);
  assert.deepEqual(uids('ns:kube'), []);
  assert.deepEqual(uids('shop'), ['p-job', 'p-web', 'p-pending']);
});

test('IP prefix matches pod IPs, IPv6 too, and host-network pods by the node IP', () => {
  assert.deepEqual(uids('10.244.1.5'), ['p-web']);
  assert.deepEqual(uids('fd00:10:244:1::5'), ['p-web']);
  // 172.18.0.3 is worker-1's address and the host-network kube-proxy's.
  assert.deepEqual(uids('ip:172.18.0.3'), ['n-w1', 'p-proxy']);
});

test('image search highlights the matching container inside the pod', () => {
  const r = search(sampleModel(), 'image:fluent-bit')!;
  assert.deepEqual(r.matches, [{ kind: 'pod', uid: 'p-web' }]);
  assert.ok(r.hits.has('p-web/sidecar/log-shipper'));
  assert.ok(!r.hits.has('p-web/app/web'));
  assert.ok(r.context.has('p-web/app/web'), 'other containers of a hit pod stay undimmed');
  assert.ok(r.context.has('n-w1'), 'the node around a hit pod stays undimmed');
  assert.ok(!r.context.has('n-cp'));
});

test('all terms must match (AND)', () => {
  assert.deepEqual(uids('shop nginx'), ['p-web']);
  assert.deepEqual(uids('kube-system nginx'), []);
  assert.deepEqual(uids('node:worker-1 ns:kube-system'), ['p-proxy']);
});

test('search survives hostile model data', () => {
  const model = sampleModel();
  (model.nodes[1].pods[0] as unknown as Record<string, unknown>).labels = null;
  (model.nodes[1].pods[0] as unknown as Record<string, unknown>).containers = 'nope';
  (model as unknown as Record<string, unknown>).unscheduled = undefined;
  assert.deepEqual(search(model, 'batch')?.matches, []);
  assert.deepEqual(search(model, 'web')?.matches.map((m) => m.uid), ['p-web']);
});

test('summarized pods (large clusters: no volumes, no conditions, bare containers) are found by name, namespace, label, IP and image', () => {
  const m = sampleModel();
  for (const n of m.nodes) n.pods = n.pods.map(summarizePod);
  m.unscheduled = m.unscheduled.map(summarizePod);
  const found = (q: string) => search(m, q)?.matches.map((x) => x.uid);
  assert.deepEqual(found('web-7d9f'), ['p-web']);
  assert.deepEqual(found('app=web'), ['p-web']);
  assert.deepEqual(found('label:tier'), ['p-web']);
  assert.deepEqual(found('ns:shop app=web'), ['p-web']);
  assert.deepEqual(found('ip:10.244.1.5'), ['p-web']);
  assert.deepEqual(found('image:fluent-bit'), ['p-web']);
  assert.deepEqual(found('nginx'), search(sampleModel(), 'nginx')?.matches.map((x) => x.uid));
  // The hit pod's containers are pointed out as before; there are no volumes to point at.
  const r = search(m, 'fluent-bit')!;
  assert.ok(r.hits.has('p-web/sidecar/log-shipper'));
  assert.ok(!r.hits.has('p-web/volume/cache') && !r.context.has('p-web/volume/cache'));
  // A volume's name finds nothing in a summary (it has none): no crash, no match.
  assert.deepEqual(found('name:cache'), []);
});
