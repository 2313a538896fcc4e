// The command as a user runs it: a separate process, its exit code, what it
// prints and the file it writes.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { loadDemo } from '../../../main/snapshot/index.ts';
import { runCli } from '../../fixtures/cli.ts';


const cli = runCli;

function podsIn(svgText: string) {
  const { document } = parseHTML(`<html><body>${svgText.replace(/^<\?xml[^>]*>/, '')}</body></html>`);
  return [...document.querySelectorAll('g[data-kind="pod"]')].map((g) => ({
    name: g.getAttribute('data-name'),
    namespace: g.getAttribute('data-namespace'),
    ip: g.getAttribute('data-ip'),
    node: g.parentElement?.closest('g[data-kind="node"]')?.getAttribute('data-name') ?? null,
  }));
}

interface RawPod {
  metadata: { name: string; namespace: string };
  spec: { nodeName?: string };
  status: { podIP?: string };
}

describe('kube-anatomy export', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kube-anatomy-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('draws the demo to SVG with every pod inside its node and with its IP', () => {
    const out = path.join(dir, 'demo.svg');
    const r = cli(['export', '--demo', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /wrote .*demo\.svg .*3 nodes, \d+ pods/);
    const drawn = podsIn(readFileSync(out, 'utf8'));
    const pods = loadDemo().pods as unknown as RawPod[];
    assert.equal(drawn.length, pods.length);
    for (const pod of pods) {
      const d = drawn.find((x) => x.name === pod.metadata.name && x.namespace === pod.metadata.namespace);
      assert.ok(d, `pod ${pod.metadata.namespace}/${pod.metadata.name} is drawn`);
      assert.equal(d.node, pod.spec.nodeName ?? null, `${pod.metadata.name} sits in its node`);
      assert.equal(d.ip || undefined, pod.status.podIP, `${pod.metadata.name} shows its IP`);
    }
  });

  it('writes a PNG from the same drawing, at the requested scale', () => {
    const out = path.join(dir, 'demo.png');
    const r = cli(['export', '--demo', '--out', out, '--scale', '1']);
    assert.equal(r.code, 0, r.stderr);
    const png = readFileSync(out);
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const svg = cli(['export', '--demo', '--out', path.join(dir, 'same.svg')]);
    assert.equal(svg.code, 0, svg.stderr);
    const width = Number(readFileSync(path.join(dir, 'same.svg'), 'utf8').match(/<svg[^>]*\swidth="([\d.]+)"/)?.[1]);
    assert.equal(png.readUInt32BE(16), Math.round(width), 'PNG width equals the SVG width at scale 1');
  });

  it('exports a snapshot file and keeps only the namespaces asked for', () => {
    const snap = path.join(dir, 'snap.json');
    writeFileSync(snap, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [...loadDemo().nodes!, ...loadDemo().pods!] }));
    const out = path.join(dir, 'ks.svg');
    const r = cli(['export', '--snapshot', snap, '-n', 'kube-system', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const drawn = podsIn(readFileSync(out, 'utf8'));
    assert.ok(drawn.length > 0);
    assert.deepEqual([...new Set(drawn.map((p) => p.namespace))], ['kube-system']);
  });

  it('refuses a malformed snapshot naming the file and line, and writes nothing', () => {
    const snap = path.join(dir, 'broken.json');
    writeFileSync(snap, '{\n  "apiVersion": "v1",\n  "kind": "List"\n  "items": []\n}\n');
    const out = path.join(dir, 'never.svg');
    const r = cli(['export', '--snapshot', snap, '--out', out]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /broken\.json/);
    assert.match(r.stderr, /line 4/);
    assert.equal(existsSync(out), false);
  });

  it('refuses an output it cannot write before reading anything', () => {
    const r = cli(['export', '--demo', '--out', path.join(dir, 'missing-folder', 'x.svg')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /cannot write .*x\.svg: the folder .*missing-folder does not exist/);
    const folder = cli(['export', '--demo', '--out', dir]);
    assert.equal(folder.code, 2, 'a folder is not an .svg/.png name');
  });

  it('says which kubeconfig is missing', () => {
    const r = cli(['export', '--kubeconfig', path.join(dir, 'nope.yaml'), '--out', path.join(dir, 'k.svg')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /nope\.yaml/);
  });

  it('says which cluster cannot be reached, and does not fall back to the demo', () => {
    const kubeconfig = path.join(dir, 'unreachable.yaml');
    writeFileSync(
      kubeconfig,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{ name: c, cluster: { server: "https://127.0.0.1:1", insecure-skip-tls-verify: true } }]',
        'users: [{ name: u, user: { token: abc } }]',
        'contexts: [{ name: gone, context: { cluster: c, user: u } }]',
        'current-context: gone',
      ].join('\n'),
    );
    const out = path.join(dir, 'u.svg');
    const r = cli(['export', '--kubeconfig', kubeconfig, '--out', out, '--timeout', '20']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /127\.0\.0\.1:1/);
    assert.match(r.stderr, /gone/);
    assert.equal(existsSync(out), false);
  });

  it('gives usage errors exit code 2', () => {
    const r = cli(['export', '--demo']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /needs --out/);
    assert.match(r.stderr, /Usage: kube-anatomy/);
  });
});

describe('kube-anatomy contexts', () => {
  it('lists contexts with the current one marked and no credentials', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kube-anatomy-ctx-'));
    try {
      const file = path.join(dir, 'config');
      writeFileSync(
        file,
        [
          'apiVersion: v1',
          'kind: Config',
          'clusters: [{ name: kind-kind, cluster: { server: "https://127.0.0.1:6443" } }, { name: prod, cluster: { server: "https://prod.example:6443" } }]',
          'users: [{ name: admin, user: { token: s3cr3t-token } }]',
          'contexts: [{ name: kind-kind, context: { cluster: kind-kind, user: admin } }, { name: prod, context: { cluster: prod, user: admin, namespace: web } }]',
          'current-context: prod',
        ].join('\n'),
      );
      const r = cli(['contexts', '--kubeconfig', file]);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.split('\n');
      assert.match(lines[0], /^CURRENT\s+NAME\s+CLUSTER\s+USER\s+NAMESPACE\s+SERVER$/);
      assert.match(r.stdout, /^\s+kind-kind\s+kind-kind\s+admin\s+https:\/\/127\.0\.0\.1:6443$/m);
      assert.match(r.stdout, /^\*\s+prod\s+prod\s+admin\s+web\s+https:\/\/prod\.example:6443$/m);
      assert.doesNotMatch(r.stdout, /s3cr3t/);
      const json = JSON.parse(cli(['contexts', '--kubeconfig', file, '--json']).stdout);
      assert.equal(json.current, 'prod');
      assert.equal(json.contexts.length, 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('masks user info and the query of a server URL', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kube-anatomy-ctx-'));
    try {
      const file = path.join(dir, 'config');
      writeFileSync(
        file,
        [
          'clusters: [{ name: q, cluster: { server: "https://admin:hunter2@q.example:6443/?token=abc123" } }]',
          'contexts: [{ name: q, context: { cluster: q } }]',
        ].join('\n'),
      );
      for (const args of [[], ['--json']]) {
        const r = cli(['contexts', '--kubeconfig', file, ...args]);
        assert.equal(r.code, 0, r.stderr);
        assert.match(r.stdout, /https:\/\/q\.example:6443\/\?\*\*\*/);
        assert.doesNotMatch(r.stdout + r.stderr, /abc123|hunter2/);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
