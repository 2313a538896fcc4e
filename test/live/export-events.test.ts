// `export --events` against the test control plane (issue 12, item 5): the
// table under the picture of a namespace holds the same events of its pods as
// `kubectl get events` (reason, type, count, the pod);
// a user who may not read events still gets the picture, with a note.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe } from 'node:test';
import { parseHTML } from 'linkedom';
import { parseCommandLine, type ExportCommand } from '../../main/cli/args.ts';
import { runExport } from '../../main/cli/export.ts';
import { apply, kubectl, live, liveTest, lockCluster, uniqueName, waitFor, type LiveEnv } from './harness.ts';
import { deploymentObject, eventCount, eventLastSeen, namespaceObject, removeNamespace } from './objects.ts';

type Json = Record<string, any>;

describe('export --events: the table against kubectl', () => {
  const ns = uniqueName('export-events');
  let release: (() => void) | undefined;
  let dir: string;

  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'live-export-events-'));
    if (!live) return;
    release = await lockCluster('export-events.test.ts');
    await apply(live, namespaceObject(ns));
    // Here, not in the first test: the forbidden test draws these pods too, and may run alone.
    await apply(live, deploymentObject(ns, 'web', 1));
    await apply(live, {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'stuck', namespace: ns },
      spec: { nodeSelector: { 'kube-anatomy.test/no-such-node': 'x' }, containers: [{ name: 'app', image: 'docker.io/library/busybox:1.36' }] },
    });
  });

  after(async () => {
    try {
      if (live) await removeNamespace(live, ns);
    } finally {
      release?.();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** The export's rows, in the terms compared, in its order. */
  async function exported(kubeconfig: string, name: string): Promise<{ rows: string[]; state: string | null; pods: number; lines: string[] }> {
    const out = path.join(dir, name);
    const lines: string[] = [];
    const command = parseCommandLine(['export', '--kubeconfig', kubeconfig, '-n', ns, '--events', '-o', out]) as ExportCommand;
    assert.equal(await runExport(command, (l) => lines.push(l)), 0);
    const { document } = parseHTML(readFileSync(out, 'utf8'));
    const rows = [...document.querySelectorAll('g[data-kind="event"]')].map((r) =>
      JSON.stringify([r.getAttribute('data-reason'), r.getAttribute('data-event-type'), r.getAttribute('data-count'), r.getAttribute('data-regarding-name')]),
    );
    return { rows, state: document.querySelector('g[data-role="events"]')?.getAttribute('data-events-state') ?? null, pods: document.querySelectorAll('g[data-kind="pod"]').length, lines };
  }

  /** kubectl's events about the namespace's pods, newest first, in the same terms. */
  async function kubectlRows(env: LiveEnv): Promise<string[]> {
    const out = JSON.parse(await kubectl(env, ['get', 'events', '-n', ns, '-o', 'json'])) as Json;
    return (out.items as Json[])
      .filter((e) => e.involvedObject?.kind === 'Pod')
      .map((e) => ({ e, t: eventLastSeen(e) }))
      .sort((a, b) => b.t - a.t)
      .map(({ e }) => JSON.stringify([e.reason, e.type, String(eventCount(e)), e.involvedObject.name]));
  }

  liveTest("a Deployment's pod and an unschedulable pod: the table's rows are kubectl's events of them", async (env) => {
    let last = '';
    await waitFor(
      async () => {
        const want = await kubectlRows(env);
        if (!want.some((r) => r.includes('"FailedScheduling"')) || !want.some((r) => r.includes('"Scheduled"'))) return `kubectl shows ${want.length} events so far`;
        const got = await exported(env.kubeconfig, 'live.svg');
        // Compared as sets: events of one second (the times' precision) sort either way.
        last = JSON.stringify({ want, got: got.rows });
        return JSON.stringify([...want].sort()) === JSON.stringify([...got.rows].sort()) || last;
      },
      { what: "the export's events to equal kubectl's" },
    );
    const { rows, lines } = await exported(env.kubeconfig, 'live.svg');
    assert.ok(rows.length >= 2, last);
    assert.ok(lines.some((l) => /^note: --events: \d+ events regard what is drawn/.test(l)), lines.join('\n'));
  });

  liveTest('without events permission: the picture, and a note that events are forbidden', async (env) => {
    const { state, pods, lines } = await exported(env.kubeconfigPodsOnly, 'forbidden.svg');
    assert.equal(state, 'forbidden');
    assert.ok(pods > 0, 'the pods are drawn');
    assert.ok(lines.some((l) => /^note: --events: events could not be read \(forbidden/.test(l)), lines.join('\n'));
  });
});
