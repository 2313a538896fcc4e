// Pod lists in the API server's protobuf encoding, read into the objects the
// same list's JSON parses to: field numbers as k8s.io/api gives them, JSON's
// rules for unset and empty fields, the types whose JSON is not their
// protobuf's shape, and a clear refusal of what the table cannot read.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { continueInProtoHead, decodePodList, decodeStatus, ProtoDecodeError, rfc3339 } from '../../../main/cluster/proto/decode.ts';
import { MESSAGE, MESSAGES } from '../../../main/cluster/proto/pod-schema.ts';
import { fixture } from '../../fixtures/fake-apiserver.ts';
import { encodeMessage, encodePodList, envelope, Writer } from '../../fixtures/proto-encode.ts';

/** The field number at a JSON path from Pod, by the table (for fields deeper than the ones written out by hand). */
function numbers(...path: string[]): number[] {
  let m: number = MESSAGE.Pod;
  const out: number[] = [];
  for (const name of path) {
    const f = MESSAGES[m]!.find((spec) => spec[1] === name);
    assert.ok(f, `${name} is in the table`);
    out.push(f[0]);
    m = f[5];
  }
  return out;
}

/** A PodList of one pod, its bytes written by hand. */
function listOf(pod: (w: Writer) => void, meta: (w: Writer) => void = () => {}): Buffer {
  return envelope('PodList', new Writer().message(1, meta).message(2, pod).done());
}

describe('decodePodList', () => {
  it('reads a pod with the field numbers of k8s.io/api into the JSON the server writes', () => {
    const startedAt = Date.parse('2026-12-04T10:00:00Z') / 1000;
    const body = listOf(
      (pod) =>
        pod
          .message(1, (meta) =>
            meta
              .string(1, 'web-0')
              .string(3, 'shop')
              .string(5, 'uid-1')
              .string(6, '42')
              .message(8, (t) => t.int(1, startedAt).int(2, 500))
              .message(11, (e) => e.string(1, 'app').string(2, 'web'))
              .message(13, (o) => o.string(1, 'ReplicaSet').string(3, 'web-7d9').string(4, 'uid-rs').string(5, 'apps/v1').int(6, 1))
              // managedFields: skipped whole, whatever they hold
              .message(17, (f) => f.string(1, 'kubectl').raw(9, Buffer.from([0xff, 0xfe, 0x00]))),
          )
          .message(2, (spec) =>
            spec
              .message(1, (v) => v.string(1, 'cache').message(2, (src) => src.message(2, () => {})))
              .message(2, (c) =>
                c
                  .string(1, 'nginx')
                  .string(2, 'nginx:1.25')
                  .message(6, (p) => p.int(3, 80).string(4, 'TCP'))
                  .message(8, (r) => r.message(1, (e) => e.string(1, 'cpu').message(2, (q) => q.string(1, '500m'))))
                  .message(9, (m) => m.string(1, 'cache').string(3, '/cache')),
              )
              .string(10, 'worker-1'),
          )
          .message(3, (status) =>
            status
              .string(1, 'Running')
              .string(6, '10.244.1.5')
              .message(8, (cs) =>
                cs
                  .string(1, 'nginx')
                  .message(2, (state) => state.message(2, (run) => run.message(1, (t) => t.int(1, startedAt))))
                  .message(3, () => {})
                  .int(4, 1)
                  .int(5, 2)
                  .string(6, 'docker.io/library/nginx:1.25')
                  .string(7, '')
                  .int(9, 1),
              ),
          ),
      (meta) => meta.string(2, '1234'),
    );
    const list = decodePodList(body);
    assert.equal(list.kind, 'PodList');
    assert.equal(list.apiVersion, 'v1');
    assert.deepEqual(list.metadata, { resourceVersion: '1234' });
    assert.equal(list.items.length, 1);
    const pod = list.items[0] as Record<string, Record<string, unknown>>;
    assert.deepEqual(pod['metadata'], {
      name: 'web-0',
      namespace: 'shop',
      uid: 'uid-1',
      resourceVersion: '42',
      // JSON has seconds only; the nanos are dropped as the server drops them
      creationTimestamp: '2026-12-04T10:00:00Z',
      labels: { app: 'web' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9', uid: 'uid-rs', controller: true }],
    });
    const spec = pod['spec']!;
    assert.equal(spec['nodeName'], 'worker-1');
    // VolumeSource is inline in JSON: its emptyDir sits beside the name.
    assert.deepEqual(spec['volumes'], [{ name: 'cache', emptyDir: {} }]);
    assert.deepEqual(spec['containers'], [
      {
        name: 'nginx',
        image: 'nginx:1.25',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        resources: { limits: { cpu: '500m' } },
        volumeMounts: [{ name: 'cache', mountPath: '/cache' }],
      },
    ]);
    const status = pod['status']!;
    assert.equal(status['phase'], 'Running');
    assert.equal(status['podIP'], '10.244.1.5');
    assert.deepEqual(status['containerStatuses'], [
      {
        name: 'nginx',
        state: { running: { startedAt: '2026-12-04T10:00:00Z' } },
        // a struct JSON always writes, empty; ready and restartCount too; imageID even when empty
        lastState: {},
        ready: true,
        restartCount: 2,
        image: 'docker.io/library/nginx:1.25',
        imageID: '',
        started: true,
      },
    ]);
  });

  it('writes what JSON always writes when the protobuf leaves it out, and leaves out what JSON omits', () => {
    const list = decodePodList(listOf((pod) => pod.message(1, (m) => m.string(1, 'bare').string(3, 'ns').string(6, ''))));
    assert.deepEqual(list.items, [{ metadata: { name: 'bare', namespace: 'ns' }, spec: { containers: null }, status: {} }]);
  });

  it('reads negative numbers, sent sign-extended to 64 bits, and int-or-string either way', () => {
    const [spec, sc, runAsUser] = numbers('spec', 'securityContext', 'runAsUser');
    // Probe's handler is inline in JSON ('' here) and a message of its own in protobuf.
    const [, containers, probe, handler, httpGet, port] = numbers('spec', 'containers', 'readinessProbe', '', 'httpGet', 'port');
    const probing = (value: (w: Writer) => void) => (c: Writer) => c.message(probe!, (p) => p.message(handler!, (h) => h.message(httpGet!, (g) => g.message(port!, value))));
    const body = listOf((pod) =>
      pod.message(spec!, (s) =>
        s
          .message(sc!, (x) => x.int(runAsUser!, -5))
          .message(containers!, (c) => probing((i) => i.int(1, 1).string(3, 'http'))(c.string(1, 'a')))
          .message(containers!, (c) => probing((i) => i.int(2, 8080))(c.string(1, 'b'))),
      ),
    );
    const pod = decodePodList(body).items[0] as { spec: { securityContext: { runAsUser: number }; containers: { readinessProbe: { httpGet: { port: unknown } } }[] } };
    assert.equal(pod.spec.securityContext.runAsUser, -5);
    assert.deepEqual(
      pod.spec.containers.map((c) => c.readinessProbe.httpGet.port),
      ['http', 8080],
    );
  });

  it('writes null for an unset pointer that JSON does not omit, and reads fields whose tags name no opt or rep', () => {
    // GRPCAction.service is a *string without omitempty; LinuxContainerUser's uid is tagged "varint,1,name=uid".
    const [, containers, probe, handler, grpc, service] = numbers('spec', 'containers', 'livenessProbe', '', 'grpc', 'service');
    const [status, statuses, user, linux, uid] = numbers('status', 'containerStatuses', 'user', 'linux', 'uid');
    const body = listOf((pod) =>
      pod
        .message(2, (s) => s.message(containers!, (c) => c.string(1, 'a').message(probe!, (p) => p.message(handler!, (h) => h.message(grpc!, (g) => g.int(1, 9000))))))
        .message(status!, (st) => st.message(statuses!, (cs) => cs.string(1, 'a').message(user!, (u) => u.message(linux!, (l) => l.int(uid!, 1000).int(uid! + 1, 3000))))),
    );
    assert.equal(service, 2);
    const pod = decodePodList(body).items[0] as { spec: { containers: { livenessProbe: unknown }[] }; status: { containerStatuses: { user: unknown }[] } };
    assert.deepEqual(pod.spec.containers[0]!.livenessProbe, { grpc: { port: 9000, service: null } });
    assert.deepEqual(pod.status.containerStatuses[0]!.user, { linux: { uid: 1000, gid: 3000 } });
  });

  it('reads every pod of the fixtures back as it was written', () => {
    for (const name of ['pods-page-1.json', 'pods-page-2.json', 'pods-page-3.json', 'pods-shop.json', 'pods-team-a.json']) {
      const json = fixture(name) as { metadata: Record<string, unknown>; items: Record<string, unknown>[] };
      const list = decodePodList(encodePodList(json));
      assert.equal(list.items.length, json.items.length, name);
      json.items.forEach((item, i) => assertWithin(item, list.items[i], `${name} items[${i}]`));
      assert.equal(list.metadata['continue'], json.metadata['continue'], name);
    }
  });

  it('reads many short strings, repeated and not, ASCII and not, each as written, however often the short-string cache is overwritten', () => {
    // 6,000 distinct names of a few lengths overwrite every slot of the short-string cache many times over,
    // so two different strings in one slot must each still come out as written; the namespace and node repeat.
    // Names of 47-50 bytes too, about the cache's limit of 48 (a 48-byte name is cached, a 49-byte one is not), twice each.
    const edge = (n: number, i: number) => `${'e'.repeat(n - String(i).length - 1)}-${i}`;
    const names = Array.from({ length: 6000 }, (_, i) => (i % 7 === 0 ? `ünïcode-${i}` : i % 11 === 0 ? edge(47 + (i % 4), i % 22) : `pod-${i.toString(36)}`));
    assert.ok([47, 48, 49, 50].every((n) => names.some((name) => name.length === n)));
    const longName = 'x'.repeat(200);
    const items = names.map((name, i) => ({ metadata: { name, namespace: i % 2 ? 'shop' : longName, uid: `u${i}` }, spec: { nodeName: `node-${i % 3}`, containers: [] }, status: {} }));
    const json = { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '7' }, items };
    const read = decodePodList(encodePodList(json)).items as { metadata: { name: string; namespace: string; uid: string }; spec: { nodeName: string } }[];
    assert.deepEqual(read.map((p) => p.metadata.name), names);
    assert.deepEqual(read.map((p) => p.metadata.uid), names.map((_, i) => `u${i}`));
    assert.deepEqual(read.map((p) => p.metadata.namespace), names.map((_, i) => (i % 2 ? 'shop' : longName)));
    assert.deepEqual(read.map((p) => p.spec.nodeName), names.map((_, i) => `node-${i % 3}`));
    // Read again, with the cache as the first read left it.
    assert.deepEqual(decodePodList(encodePodList(json)).items, read);
  });

  it('refuses a field the table does not know, so that the list is read as JSON instead', () => {
    const body = listOf((pod) => pod.message(1, (m) => m.string(1, 'p').string(999, 'from a newer server')));
    assert.throws(() => decodePodList(body), (err: unknown) => err instanceof ProtoDecodeError && /field 999/.test(err.message));
  });

  it('refuses a body cut short, another kind, and a body that is not protobuf', () => {
    const whole = encodePodList(fixture('pods-page-1.json') as { items: unknown[] });
    for (const cut of [whole.length - 1, Math.floor(whole.length / 2), 9]) {
      assert.throws(() => decodePodList(whole.subarray(0, cut)), ProtoDecodeError, `cut at ${cut}`);
    }
    assert.throws(() => decodePodList(envelope('NodeList', new Writer().done())), /a NodeList where a PodList was asked for/);
    assert.throws(() => decodePodList(Buffer.from('{"kind":"PodList"}')), /without the protobuf prefix/);
  });
});

describe('decodeStatus', () => {
  it("reads an error's Status, which the server sends in protobuf to a request that accepted it", () => {
    const status = new Writer().message(1, () => {}).string(2, 'Failure').string(3, 'pods is forbidden: User "x" cannot list resource "pods"').string(4, 'Forbidden').message(5, (d) => d.string(2, 'pods')).int(6, 403).done();
    assert.deepEqual(decodeStatus(envelope('Status', status)), { status: 'Failure', message: 'pods is forbidden: User "x" cannot list resource "pods"', reason: 'Forbidden', code: 403 });
  });

  it('says nothing of another kind, a body cut short, or JSON', () => {
    assert.equal(decodeStatus(encodePodList({ items: [] })), undefined);
    const status = envelope('Status', new Writer().string(3, 'a long message that is cut').done());
    assert.equal(decodeStatus(status.subarray(0, status.length - 5)), undefined);
    assert.equal(decodeStatus(Buffer.from('{"kind":"Status"}')), undefined);
  });
});

describe('rfc3339', () => {
  it('writes seconds as Go writes a metav1.Time, leap days and the ends of the range included', () => {
    const seconds = [0, 1, 59, 86399, 86400, 951782400, 951868800, 1709164800, 4107542400, -1, -86401, -62135596800, 253402300799];
    // and a day's worth of steps across four centuries
    for (let s = -2208988800; s < 10413792000; s += 86400 * 97 + 3671) seconds.push(s);
    for (const s of seconds) assert.equal(rfc3339(s), `${new Date(s * 1000).toISOString().slice(0, 19)}Z`, String(s));
    assert.throws(() => rfc3339(253402300800), ProtoDecodeError);
    assert.throws(() => rfc3339(1.5), ProtoDecodeError);
  });
});

describe('continueInProtoHead', () => {
  const page = fixture('pods-page-1.json') as { metadata: { continue: string }; items: unknown[] };
  const body = encodePodList(page);

  it('reads the continue token from the list metadata at the head of the body', () => {
    assert.ok(page.metadata.continue);
    assert.equal(continueInProtoHead(body.subarray(0, 4096)), page.metadata.continue);
  });

  it('says nothing when the head is too short, the list has no token, or it is not protobuf', () => {
    assert.equal(continueInProtoHead(body.subarray(0, 12)), undefined);
    assert.equal(continueInProtoHead(encodePodList({ metadata: { resourceVersion: '9' }, items: page.items })), undefined);
    assert.equal(continueInProtoHead(Buffer.from('{"metadata":{"continue":"x"}}')), undefined);
  });

  it('is the same token the whole list reads', () => {
    const raw = encodeMessage(MESSAGE.PodList, { metadata: { resourceVersion: '5', continue: 'tok', remainingItemCount: 3 }, items: [] }).done();
    assert.equal(continueInProtoHead(envelope('PodList', raw)), 'tok');
    assert.deepEqual(decodePodList(envelope('PodList', raw)).metadata, { resourceVersion: '5', continue: 'tok', remainingItemCount: 3 });
  });
});

/** Every value `expected` holds is in `actual` at the same place (`actual` may add what JSON always writes). */
function assertWithin(expected: unknown, actual: unknown, where: string): void {
  if (expected === null || typeof expected !== 'object') {
    assert.deepEqual(actual, expected, where);
    return;
  }
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where} is a list`);
    assert.equal(actual.length, expected.length, `${where}'s length`);
    expected.forEach((e, i) => assertWithin(e, actual[i], `${where}[${i}]`));
    return;
  }
  assert.ok(actual !== null && typeof actual === 'object', `${where} is an object`);
  for (const [key, value] of Object.entries(expected)) {
    if (key === 'managedFields' || key === 'kind' || key === 'apiVersion') continue;
    assertWithin(value, (actual as Record<string, unknown>)[key], `${where}.${key}`);
  }
}
