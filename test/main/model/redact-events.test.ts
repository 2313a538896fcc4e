// The events table under --redact (main/model/redact-events.ts): the names of
// a row are the pseudonyms of the redacted picture, a message is shown only
// in a known form with its names redacted, and nothing of the cluster's own
// strings is left anywhere in the table.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventsTable, type EventsTable } from '../../../main/model/events-table.ts';
import { redactEventsTable, redactMessage, CUT } from '../../../main/model/redact-events.ts';
import { createRedactor } from '../../../main/model/redact.ts';
import { readSnapshotModelAndEvents } from '../../../main/cli/objects.ts';
import { clusterEvents, hostileEvents, writeEventsSnapshot, SECRETS } from '../../fixtures/events-snapshot.ts';

const KEY = new Uint8Array(32).fill(7);

let dir: string;
before(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'redact-events-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function redacted() {
  const file = writeEventsSnapshot(dir, [...clusterEvents(), ...hostileEvents()]);
  const { model, events } = await readSnapshotModelAndEvents(file, []);
  const r = createRedactor(KEY);
  const part = r.model(model);
  const table = redactEventsTable(eventsTable(model, events!), r, model, part);
  assert.equal(table.state, 'ok');
  return { r, model, part, table: table as Extract<EventsTable, { state: 'ok' }> };
}

/** Names that stand for themselves in these tests: each redacted by its kind. */
const names = {
  image: (s: string) => `IMG(${s})`,
  container: (s: string) => `CTR(${s})`,
  pod: (s: string) => `POD(${s})`,
  namespace: (s: string) => `NS(${s})`,
  node: (s: string) => `NODE(${s})`,
  volume: (s: string) => `VOL(${s})`,
  claim: (s: string) => `PVC(${s})`,
};

describe('redactMessage', () => {
  it('redacts each name of a known form by its kind, and keeps the words, numbers and durations', () => {
    const cases: [string, string][] = [
      ['Successfully assigned shop/web-0 to node-a', 'Successfully assigned NS(shop)/POD(web-0) to NODE(node-a)'],
      ['Pulling image "reg.example/team/app:v1"', 'Pulling image "IMG(reg.example/team/app:v1)"'],
      ['Successfully pulled image "nginx:1.27" in 1.2s (3m1.5s including waiting). Image size: 123 bytes.', 'Successfully pulled image "IMG(nginx:1.27)" in 1.2s (3m1.5s including waiting). Image size: 123 bytes.'],
      ['Container image "nginx" already present on machine', 'Container image "IMG(nginx)" already present on machine'],
      ['Created container: app', 'Created container: CTR(app)'],
      ['Started container app', 'Started container CTR(app)'],
      ['Back-off restarting failed container app in pod web-0_shop(0a6e1f3c-7b2d-4e59-8c1a-93f4d2b6e701)', `Back-off restarting failed container CTR(app) in pod POD(web-0)_NS(shop)(${CUT})`],
      ['Node n1 status is now: NodeHasSufficientMemory', 'Node NODE(n1) status is now: NodeHasSufficientMemory'],
      ['Node n1 event: Registered Node n1 in Controller', 'Node NODE(n1) event: Registered Node NODE(n1) in Controller'],
      ['Failed to pull image "r.example/x:1": rpc error: 401 https://auth.r.example/token?scope=repository%3Ax', `Failed to pull image "IMG(r.example/x:1)": ${CUT}`],
      ['Liveness probe failed: Get "http://10.0.0.1:80/": refused', `Liveness probe failed: ${CUT}`],
      ['MountVolume.SetUp failed for volume "cfg" : configmap "secret-name" not found', `MountVolume.SetUp failed for volume "VOL(cfg)" : ${CUT}`],
      [
        '0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had untolerated taint {team: blue}, 1 Insufficient example.com/gpu, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.',
        `0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 1 node(s) had untolerated taint {${CUT}}, ${CUT}, 2 Insufficient cpu. preemption: 0/3 nodes are available: 3 No preemption victims found for incoming pod.`,
      ],
      ['0/1 nodes are available: persistentvolumeclaim "data" not found.', '0/1 nodes are available: persistentvolumeclaim "PVC(data)" not found.'],
      ['Starting kubelet.', 'Starting kubelet.'],
    ];
    for (const [message, want] of cases) assert.equal(redactMessage(message, names), want, message);
  });

  it('hides a message of any other form, whatever it holds', () => {
    for (const message of ['bound to shop/data-0', 'synced from 10.1.2.3', 'Scaled up replica set web-5d9 to 1', 'Started container app and more', 'Created container app\nsecret', '<script>x</script>', '']) {
      assert.equal(redactMessage(message, names), undefined, message);
    }
  });
});

describe('redactEventsTable', () => {
  it('leaves no name, address, registry or reporter of the cluster anywhere in the table', async () => {
    const { table } = await redacted();
    const text = JSON.stringify(table);
    for (const secret of SECRETS) assert.ok(!text.includes(secret), `${secret} is in ${text}`);
    assert.ok(!/<script|\u001b|\u0007/.test(text), 'a hostile reason or message is gone');
  });

  it('names each row by the pseudonyms of the redacted picture, and points at its elements there', async () => {
    const { r, part, table } = await redacted();
    const web = part.nodes.flatMap((n) => n.pods).find((p) => p.name === r.name('pod', 'web-0'))!;
    const pulled = table.rows.find((row) => row.reason === 'Pulled')!;
    assert.deepEqual(pulled.object, { kind: 'pod', namespace: r.name('namespace', 'storefront'), name: web.name, container: r.name('container', 'nginx-main') });
    assert.equal(pulled.uid, web.containers[0]!.uid);
    assert.equal(pulled.message, `Successfully pulled image "${web.containers[0]!.image.raw}" in 1.2s (1.2s including waiting). Image size: 12345 bytes.`);
    assert.equal(pulled.reporter, `kubelet, ${r.name('node', 'worker-alpha')}`);
    const scheduled = table.rows.find((row) => row.reason === 'Scheduled')!;
    assert.equal(scheduled.uid, web.uid);
    assert.equal(scheduled.reporter, 'default-scheduler', 'an instance that is no drawn node is left out');
    const bound = table.rows.find((row) => row.reason === 'VolumeBound')!;
    assert.deepEqual(bound.object, { kind: 'pv', name: r.name('pv', 'pvc-7f1e2d3c') });
    assert.equal(bound.uid, web.volumes.find((v) => v.claim)!.uid);
  });

  it('counts the messages it hides, and says a hostile reason as a cut', async () => {
    const { table } = await redacted();
    const hidden = table.rows.filter((row) => row.messageHidden);
    assert.equal(table.hidden, hidden.length);
    assert.deepEqual(hidden.map((row) => row.reason).sort(), ['Huge', 'ProvisioningSucceeded', 'VolumeBound', CUT, CUT, CUT]);
    assert.ok(hidden.every((row) => row.message === ''));
    // An operator's own reporter chose its reason and message (a reason such as "AcmeProdPayrollDb" is as telling as a name).
    assert.ok(!JSON.stringify(table).includes('Custom'), "an operator's own reason is cut, as its name is left out");
  });

  it("drops the API server's words of a refusal", () => {
    const r = createRedactor(KEY);
    const model = { nodes: [], unscheduled: [] } as never;
    assert.deepEqual(redactEventsTable({ state: 'forbidden', message: 'User "alice@corp" cannot list events' }, r, model, model), { state: 'forbidden' });
    assert.deepEqual(redactEventsTable({ state: 'none' }, r, model, model), { state: 'none' });
  });
});
