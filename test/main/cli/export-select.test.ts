// `export --select` as a user runs it: the SVG, read back by its semantic
// attributes, holds exactly the chosen pods with their containers and volumes,
// inside their nodes' frames, and nothing else of the cluster. What "the
// chosen pods" are is worked out here from the raw objects, not by select.ts.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { REPO_ROOT as ROOT, runCli } from '../../fixtures/cli.ts';

const KIND = path.join(ROOT, 'test/fixtures/model/kind');

const cli = runCli;

interface RawPod {
  metadata: { name: string; namespace: string; labels?: Record<string, string> };
  spec: { nodeName?: string; containers: { name: string }[]; initContainers?: { name: string }[]; ephemeralContainers?: { name: string }[]; volumes?: { name: string; persistentVolumeClaim?: { claimName: string } }[] };
}
interface RawNode {
  metadata: { name: string; labels?: Record<string, string> };
}

const items = (file: string) => (JSON.parse(readFileSync(path.join(KIND, file), 'utf8')) as { items: unknown[] }).items;
const rawPods = items('pods.json') as RawPod[];
const rawNodes = items('nodes.json') as RawNode[];
const isControlPlane = (n: RawNode) => Object.hasOwn(n.metadata.labels ?? {}, 'node-role.kubernetes.io/control-plane');
const keyOf = (p: RawPod) => `${p.metadata.namespace}/${p.metadata.name}`;

interface Drawn {
  /** node name → the pods drawn in it ("" for the unscheduled band). */
  frames: Map<string, string[]>;
  /** pod key → its containers and volumes, by name. */
  pods: Map<string, { containers: string[]; volumes: string[] }>;
  volumes: Element[];
  nodes: Element[];
  text: string;
}

function read(svgText: string): Drawn {
  const { document } = parseHTML(`<html><body>${svgText.replace(/^<\?xml[^>]*>/, '')}</body></html>`);
  const frames = new Map<string, string[]>();
  const nodes = [...document.querySelectorAll('g[data-kind="node"]')];
  for (const n of nodes) frames.set(n.getAttribute('data-name') ?? '', []);
  const pods = new Map<string, { containers: string[]; volumes: string[] }>();
  for (const g of document.querySelectorAll('g[data-kind="pod"]')) {
    const key = `${g.getAttribute('data-namespace')}/${g.getAttribute('data-name')}`;
    const node = g.parentElement?.closest('g[data-kind="node"]')?.getAttribute('data-name') ?? '';
    if (!frames.has(node)) frames.set(node, []);
    frames.get(node)!.push(key);
    const inPod = (kind: string) => [...g.querySelectorAll(`g[data-kind="${kind}"]`)].map((e) => e.getAttribute('data-name') ?? '').sort();
    pods.set(key, { containers: inPod('container'), volumes: inPod('volume') });
  }
  for (const list of frames.values()) list.sort();
  return { frames, pods, nodes, volumes: [...document.querySelectorAll('g[data-kind="volume"]')], text: svgText };
}

/** What the picture of these raw pods must hold: their nodes (and the control plane's) framing exactly them. */
function expected(chosen: RawPod[], wholeNodes: string[] = []) {
  const frames = new Map<string, string[]>();
  for (const n of rawNodes) {
    const pods = rawPods.filter((p) => p.spec.nodeName === n.metadata.name && (wholeNodes.includes(n.metadata.name) || chosen.includes(p)));
    if (pods.length || isControlPlane(n) || wholeNodes.includes(n.metadata.name)) frames.set(n.metadata.name, pods.map(keyOf).sort());
  }
  const unscheduled = chosen.filter((p) => !p.spec.nodeName);
  if (unscheduled.length) frames.set('', unscheduled.map(keyOf).sort());
  const all = [...frames.values()].flat();
  const pods = new Map(
    all.map((key) => {
      const p = rawPods.find((r) => keyOf(r) === key)!;
      return [key, { containers: [...(p.spec.initContainers ?? []), ...p.spec.containers, ...(p.spec.ephemeralContainers ?? [])].map((c) => c.name).sort(), volumes: (p.spec.volumes ?? []).map((v) => v.name).sort() }];
    }),
  );
  return { frames, pods };
}

describe('kube-anatomy export --select', () => {
  let dir: string;
  let snapshot: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kube-anatomy-select-'));
    snapshot = path.join(dir, 'kind.json');
    const all = ['nodes.json', 'pods.json', 'pvcs.json', 'pvs.json', 'namespaces.json'].flatMap(items);
    writeFileSync(snapshot, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: all }));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('draws exactly the chosen pods, in their nodes, with their containers and volumes, and nothing else', () => {
    const out = path.join(dir, 'part.svg');
    const writer = 'default/report-writer-5c4f8d9b7-abcde';
    const r = cli(['export', '--snapshot', snapshot, '--select', `pod:${writer}`, '--select', 'label:app=web', '--select', 'ns:local-path-storage', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const chosen = rawPods.filter((p) => keyOf(p) === writer || p.metadata.labels?.app === 'web' || p.metadata.namespace === 'local-path-storage');
    assert.equal(chosen.length, 3);
    const drawn = read(readFileSync(out, 'utf8'));
    const want = expected(chosen);
    assert.deepEqual(drawn.frames, want.frames, 'the chosen pods, each in its node; the control plane framed; no other node');
    assert.deepEqual(drawn.pods, want.pods, 'each pod with all its containers and volumes');
    assert.match(r.stderr, /: 2 nodes, 3 pods,/);

    // Nothing of the pods left out: not as a pod, nor a name in a tooltip or a label.
    for (const p of rawPods.filter((x) => !chosen.includes(x))) assert.ok(!drawn.text.includes(p.metadata.name), `${keyOf(p)} is not in the picture`);

    // The claim the writer shares with the reader, who is left out, says so.
    const reports = drawn.volumes.find((v) => v.getAttribute('data-name') === 'reports')!;
    assert.equal(reports.getAttribute('data-claim'), 'default/shared-reports');
    assert.equal(reports.getAttribute('data-pods-outside'), '1');
    assert.match(reports.textContent ?? '', /\+1 pod outside/);
    assert.equal(drawn.volumes.filter((v) => v.hasAttribute('data-pods-outside')).length, 1, 'only that claim is shared');
    // The control plane's frame holds the provisioner and says how many it leaves out.
    const cp = drawn.nodes.find((n) => n.getAttribute('data-name') === 'kind-control-plane')!;
    const cpPods = rawPods.filter((p) => p.spec.nodeName === 'kind-control-plane').length;
    assert.equal(cp.getAttribute('data-pods-outside'), String(cpPods - 1));
    assert.match(drawn.text, /part of the cluster/);
  });

  it('node:NAME draws the whole node; the claim shared across the selection is not outside', () => {
    const out = path.join(dir, 'node.svg');
    const r = cli(['export', '--snapshot', snapshot, '--select', 'node:kind-worker2', '--select', 'pod:default/report-writer-5c4f8d9b7-abcde', '--lang', 'ko', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const chosen = rawPods.filter((p) => p.metadata.name === 'report-writer-5c4f8d9b7-abcde');
    const drawn = read(readFileSync(out, 'utf8'));
    const want = expected(chosen, ['kind-worker2']);
    assert.deepEqual(drawn.frames, want.frames);
    assert.deepEqual(drawn.pods, want.pods);
    assert.equal(drawn.volumes.filter((v) => v.hasAttribute('data-pods-outside')).length, 0, 'reader and writer are both drawn');
    assert.equal(drawn.nodes.find((n) => n.getAttribute('data-name') === 'kind-worker2')!.hasAttribute('data-pods-outside'), false);
    assert.match(drawn.text, /클러스터의 일부/);
  });

  it('a selector that matches nothing fails, naming it, and writes no file', () => {
    const out = path.join(dir, 'none.svg');
    const r = cli(['export', '--snapshot', snapshot, '--select', 'node:kind-worker', '--select', 'node:nowhere', '--out', out]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /nothing matches node:nowhere/);
    assert.equal(existsSync(out), false);
    // The namespace filter comes first: kube-system is not there to select from.
    const filtered = cli(['export', '--snapshot', snapshot, '-n', 'default', '--select', 'ns:kube-system', '--out', out]);
    assert.equal(filtered.code, 1);
    assert.match(filtered.stderr, /nothing matches ns:kube-system/);
  });

  it('a selector written wrongly is a usage error listing the accepted forms', () => {
    const r = cli(['export', '--demo', '--select', 'deployment:web', '--out', path.join(dir, 'x.svg')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--select deployment:web: expected node:NAME, pod:NAMESPACE\/NAME, ns:NAMESPACE or label:KEY=VALUE/);
    assert.equal(cli(['serve', '--demo', '--select', 'node:x']).code, 2, 'serve does not take --select');
  });
});
