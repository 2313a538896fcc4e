// `export --redact` as a user runs it (issue 11's test: "a redacted export
// keeps the same structure and contains no original name, IP or registry").
// What is secret is worked out here from the raw objects of the snapshot, not
// by redact.ts: every name, namespace, uid, address, label, and each image's
// registry, repository parts, tag and digest. None may appear anywhere in the
// file; the picture's semantic elements (data-kind) stay as many, with the same
// statuses, roles and shared flags.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { parseImageRef } from '../../../main/model/index.ts';
import { KUBERNETES_NAMESPACES } from '../../../main/model/redact.ts';
import { REPO_ROOT as ROOT, runCli } from '../../fixtures/cli.ts';

const KIND = path.join(ROOT, 'test/fixtures/model/kind');

// A fixed footer time, so two exports of one model with one key are the same file.
const cli = (args: string[]) => runCli(args, { SOURCE_DATE_EPOCH: '1764547200' });

const items = (file: string) => (JSON.parse(readFileSync(path.join(KIND, file), 'utf8')) as { items: unknown[] }).items;

/** Fields of the raw objects that hold the cluster's own names and addresses. */
const NAMED = new Set([
  'name', 'namespace', 'uid', 'nodeName', 'claimName', 'volumeName', 'secretName', 'serviceAccountName', 'serviceAccount', 'podIP', 'hostIP', 'ip',
  'address', 'podCIDR', 'podCIDRs', 'containerID', 'storageClassName', 'generateName', 'mountPath', 'server', 'driver', 'volumeHandle',
]);
/** Values Kubernetes itself writes that the redaction keeps (versions, OS, architecture, roles), where a label or tag repeats them. */
const KEPT_FIELDS = new Set(['kubeletVersion', 'kubeProxyVersion', 'osImage', 'kernelVersion', 'operatingSystem', 'architecture', 'containerRuntimeVersion']);
const IMAGE_FIELDS = new Set(['image', 'imageID']);
const kubernetesKey = (k: string) => /^([a-z0-9.-]+\.)?(kubernetes\.io|k8s\.io)\//.test(k);

/** Every secret string of the raw objects: the values of NAMED fields, labels and annotations, and each image's parts. */
function secretsOf(objects: unknown[], sourceName: string): Set<string> {
  const out = new Set<string>([sourceName]);
  const kept = new Set<string>(['control-plane', 'worker']);
  const image = (ref: string) => {
    const at = ref.lastIndexOf('@');
    const bare = ref.replace(/^[a-z-]+:\/\//, '');
    // A bare image ID (sha256:…) is a digest, not a repository.
    if (/^[a-z0-9]+:[0-9a-f]{32,}$/.test(bare)) return void out.add(bare.split(':')[1]);
    const r = parseImageRef(bare);
    out.add(r.registry);
    for (const seg of r.repository.split('/')) out.add(seg);
    if (r.tag && r.tag !== 'latest') out.add(r.tag);
    if (r.digest) out.add(r.digest.split(':')[1]);
    if (at >= 0) out.add(ref.slice(at + 1).split(':')[1] ?? '');
  };
  const walk = (v: unknown, key: string): void => {
    if (typeof v === 'string') {
      if (KEPT_FIELDS.has(key)) kept.add(v);
      if (NAMED.has(key)) out.add(v);
      if (IMAGE_FIELDS.has(key)) image(v);
    } else if (Array.isArray(v)) for (const x of v) walk(x, key);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === 'labels' || k === 'annotations') {
          // Labels Kubernetes sets (kubernetes.io/os=linux) say what the kept fields say; the others are the cluster's.
          for (const [lk, lv] of Object.entries(x as Record<string, string>)) if (!kubernetesKey(lk)) out.add(lk).add(lv);
        } else if (k === 'ports' || k === 'items' || k === 'sources') {
          // A port's name (http) and a projected file's path (token, namespace) are words the picture's own markup has;
          // the unit test's deep walk checks they are pseudonyms.
          continue;
        } else walk(x, k);
      }
    }
  };
  walk(objects, '');
  for (const k of kept) out.delete(k);
  // Kubernetes' own words, kept: its namespaces, and the parts of paths every pod has.
  for (const kept of [...KUBERNETES_NAMESPACES, 'latest', 'kubernetes.io', 'serviceaccount']) out.delete(kept);
  // Short words could be found by chance inside a pseudonym's hex or the picture's own words; those of 4 and more are checked.
  for (const s of out) if (s.length < 4) out.delete(s);
  return out;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * The file holds the string as a name of its own: not inside a longer name (a
 * volume "data" is not found in the markup's data-kind, nor "node" in ka-node).
 * A name that leaked is still found: drawn as text, in an attribute, or in a sentence.
 */
function holds(text: string, s: string): boolean {
  const x = s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');
  return new RegExp(`(^|[^A-Za-z0-9_.-])${escape(x)}($|[^A-Za-z0-9_-])`).test(text);
}

interface Drawn {
  root: Element;
  count: Record<string, number>;
  /** Per element of a kind, in document order, what must not change: status, role, group, type, shared, tone. */
  shape: string[];
  names: string[];
}

function read(svgText: string): Drawn {
  const { document } = parseHTML(`<html><body>${svgText.replace(/^<\?xml[^>]*>/, '')}</body></html>`);
  const count: Record<string, number> = {};
  const shape: string[] = [];
  const names: string[] = [];
  for (const el of document.querySelectorAll('[data-kind]')) {
    const kind = el.getAttribute('data-kind') ?? '';
    count[kind] = (count[kind] ?? 0) + 1;
    shape.push(['data-kind', 'data-status', 'data-role', 'data-group', 'data-type', 'data-shared', 'data-host-network', 'data-read-only'].map((a) => el.getAttribute(a) ?? '').join('|'));
    for (const a of ['data-name', 'data-namespace', 'data-uid', 'data-ip']) if (el.hasAttribute(a)) names.push(el.getAttribute(a) ?? '');
  }
  return { root: document.querySelector('svg') as Element, count, shape, names };
}

describe('export --redact', () => {
  let dir: string;
  let snapshot: string;
  let secrets: Set<string>;
  let plain: Drawn;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ka-redact-'));
    const all = ['nodes.json', 'pods.json', 'pvcs.json', 'pvs.json', 'namespaces.json'].flatMap(items);
    snapshot = path.join(dir, 'kind-prod-cluster.json');
    writeFileSync(snapshot, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: all }));
    secrets = secretsOf(all, 'kind-prod-cluster.json');
    const out = path.join(dir, 'plain.svg');
    const r = cli(['export', '--snapshot', snapshot, '--detail', 'containers', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    plain = read(readFileSync(out, 'utf8'));
    // Kinds stay: a label value "node" (tier: node) is found as data-kind="node" in any picture.
    for (const kind of Object.keys(plain.count)) secrets.delete(kind);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the plain export holds the secrets (so the check below can fail)', () => {
    const text = readFileSync(path.join(dir, 'plain.svg'), 'utf8');
    const found = [...secrets].filter((s) => holds(text, s));
    assert.ok(found.length > 30, `only ${found.length} secrets in the plain picture`);
    for (const kind of ['registry.k8s.io', 'docker.io', 'kind-worker', '10.244.1.']) assert.ok(text.includes(kind), kind);
  });

  it('contains no original name, IP or registry anywhere in the file, and keeps the structure', () => {
    const out = path.join(dir, 'redacted.svg');
    const r = cli(['export', '--snapshot', snapshot, '--detail', 'containers', '--redact', '--alt', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const text = readFileSync(out, 'utf8');
    assert.deepEqual([...secrets].filter((s) => holds(text, s)), []);
    // The alt text beside it, and the picture's own <desc> and footer, are made of the redacted model too.
    const md = readFileSync(out.replace(/\.svg$/, '.md'), 'utf8');
    assert.deepEqual([...secrets].filter((s) => holds(md, s)), []);
    assert.match(md, /\(redacted\)/);
    assert.match(text, /<desc>[^<]*\(redacted\)/);
    assert.match(text, /data-role="footer"[^]*?\(redacted\)/);
    // The log line names the pseudonym, not the file.
    assert.doesNotMatch(r.stderr, /kind-prod-cluster/);
    // Nor any IPv4 address of the cluster, whatever field it came from.
    const ips = new Set([...readFileSync(snapshot, 'utf8').matchAll(/\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b/g)].map((m) => m[0]));
    assert.ok(ips.size > 5);
    assert.deepEqual([...ips].filter((ip) => new RegExp(`(^|[^\\d.])${ip.replaceAll('.', '\\.')}($|[^\\d])`).test(text)), []);

    const drawn = read(text);
    assert.equal(drawn.root.getAttribute('data-redacted'), 'true');
    assert.equal(plain.root.getAttribute('data-redacted'), null);
    assert.match(drawn.root.querySelector('title')?.textContent ?? '', /\(redacted\)/);
    assert.match(drawn.root.getAttribute('aria-label') ?? '', /\(redacted\)/);
    assert.ok(plain.count.node > 0 && plain.count.pod > 10 && plain.count.container > 10 && plain.count.volume > 10, JSON.stringify(plain.count));
    assert.deepEqual(drawn.count, plain.count);
    // The same statuses, roles, groups, types and shared flags, element by element: the order is by pseudonym, so compared as sorted lists.
    assert.deepEqual([...drawn.shape].sort(), [...plain.shape].sort());
  });

  it('--redact-key keeps the pseudonyms across exports; without it each export has its own', () => {
    const key = path.join(dir, 'redact.key');
    const a = path.join(dir, 'a.svg');
    const b = path.join(dir, 'b.svg');
    const c = path.join(dir, 'c.svg');
    const first = cli(['export', '--snapshot', snapshot, '--redact', '--redact-key', key, '--out', a]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stderr, /wrote a new redaction key to .*redact\.key/);
    if (process.platform !== 'win32') assert.equal(statSync(key).mode & 0o777, 0o600);
    assert.match(readFileSync(key, 'utf8'), /^[0-9a-f]{64}\n$/);
    assert.equal(cli(['export', '--snapshot', snapshot, '--redact', '--redact-key', key, '--out', b]).code, 0);
    assert.equal(readFileSync(a, 'utf8'), readFileSync(b, 'utf8'));
    assert.equal(cli(['export', '--snapshot', snapshot, '--redact', '--out', c]).code, 0);
    const names = (file: string) => new Set(read(readFileSync(file, 'utf8')).names);
    const shared = [...names(a)].filter((n) => n !== '' && names(c).has(n) && !KUBERNETES_NAMESPACES.has(n));
    assert.ok(names(a).size > 20);
    // Pseudonyms are 6 hex digits (24 bits), so two random keys can, rarely, give one name of a and an
    // unrelated name of c the same pseudonym (CI once met vol-9de12a twice). One key for both would share
    // every name; a tenth is far above chance and far below that.
    assert.ok(shared.length < names(a).size / 10, `${shared.length} of ${names(a).size} names shared: ${shared.slice(0, 5).join(', ')}`);
  });

  it('a bad key file is an error naming it; --redact-key alone is a usage error', () => {
    const bad = path.join(dir, 'bad.key');
    writeFileSync(bad, 'not a key\n');
    const r = cli(['export', '--snapshot', snapshot, '--redact', '--redact-key', bad, '--out', path.join(dir, 'x.svg')]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, new RegExp(`--redact-key ${bad.replaceAll('.', '\\.')}: not a key file`));
    const short = path.join(dir, 'short.key');
    writeFileSync(short, 'abcd\n');
    assert.match(cli(['export', '--snapshot', snapshot, '--redact', '--redact-key', short, '--out', path.join(dir, 'x.svg')]).stderr, /the key is 2 bytes; at least 16/);
    const open = path.join(dir, 'open.key');
    writeFileSync(open, `${'ab'.repeat(32)}\n`);
    chmodSync(open, 0o644);
    const warned = cli(['export', '--snapshot', snapshot, '--redact', '--redact-key', open, '--out', path.join(dir, 'x.svg')]);
    assert.equal(warned.code, 0, warned.stderr);
    assert.match(warned.stderr, /can be read by others/);
    const missingFolder = path.join(dir, 'nowhere', 'k.key');
    const m = cli(['export', '--snapshot', snapshot, '--redact', '--redact-key', missingFolder, '--out', path.join(dir, 'x.svg')]);
    assert.equal(m.code, 1);
    assert.match(m.stderr, /--redact-key .*nowhere.*k\.key: cannot create the key file: its folder does not exist/);
    const alone = cli(['export', '--snapshot', snapshot, '--redact-key', bad, '--out', path.join(dir, 'x.svg')]);
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /--redact-key FILE keeps the pseudonyms of --redact/);
  });
});
