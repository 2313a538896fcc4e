// Redaction for sharing (issue 11, item 5): the same model with everything
// that came from the cluster replaced by a pseudonym, so a picture can be put
// in notes or slides without its names, addresses or registries.
//
// Pure, and keyed: each pseudonym is HMAC-SHA256(key, kind + input), so the
// same name gives the same pseudonym within a redactor (and across exports
// with the same key), and nobody without the key can confirm a guess such as
// "is pod-3fa2c1 web-0?". The key comes from the caller (a random one per
// export, a key file, or the page's session key): this module only hashes.
//
// What stays, because it is the anatomy rather than the cluster's identity:
// kinds, counts, phases and statuses, condition types and reasons, roles,
// shared flags, groups, restart counts, exit codes, ports and protocols,
// resource quantities, timestamps, image flags (defaulted parts, official,
// latest), node OS, architecture, kernel and OS image (they name a build many
// machines share, and C5 teaches the shared kernel), kubelet and runtime
// versions, volume and PV source types (keys of the API), the namespaces Kubernetes makes itself, label and taint keys in
// Kubernetes' own kubernetes.io and k8s.io domains (roles come from them), and
// the "latest" tag. Everything else a string field holds is a pseudonym, and
// free text from the cluster (condition and state messages, a gap's API
// message, a volume source's own words) is dropped or replaced: it may quote
// any name.
//
// Every object is built again field by field, never spread from the input, so
// a field added to the model later is left out until it is handled here (the
// deep-walk test in test/main/model/redact.test.ts also fails on it).
//
// Pseudonyms keep the structure: names keep a readable shape (pod-3fa2c1,
// ns-9bc0de, registry-41aa07.example), a kube-api-access- volume keeps its
// prefix (the view collapses those), IPv4 and IPv6 addresses are mapped prefix
// by prefix (two pods of one /24 stay in one /24; private ranges stay private),
// CIDRs stay networks, digests stay sha256: and 64 hex, uids keep their shape.
// A redactor remembers what it gave: two inputs whose hashes begin alike get
// longer pseudonyms, so two names never share one.

import { hmacSha256, type KeyedHash } from '../common/hmac.ts';
import { message, type Message, type MessageParams } from '../i18n/index.ts';
import { cachedImageRef, parseImageRef } from './image.ts';
import { sourceText } from './volume.ts';
import { containerUid, volumeUid } from './uids.ts';
import { translator } from '../i18n/index.ts';
import type {
  AccessGap,
  AnatomyModel,
  ClaimModel,
  Condition,
  ConditionSummary,
  ContainerModel,
  ContainerPort,
  ContainerState,
  ImageRef,
  ModelSource,
  NodeAddress,
  NodeImage,
  NodeInfo,
  NodeModel,
  OwnerRef,
  PersistentVolumeModel,
  PodModel,
  SharedClaim,
  Taint,
  VolumeModel,
  VolumeMount,
  VolumeUse,
} from './types.ts';

/** Fewest key bytes a redactor takes: less than 128 bits could be guessed. */
export const MIN_KEY_BYTES = 16;

/** The namespaces Kubernetes makes in every cluster: its vocabulary, not the cluster's names. */
export const KUBERNETES_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

const INJECTED_PREFIX = 'kube-api-access-';

export interface Redactor {
  model(model: AnatomyModel): AnatomyModel;
  /** One pod, with the same pseudonyms as its model's (a pod asked for alone, object:get). */
  pod(pod: PodModel): PodModel;
  /** A name of the given kind as the redacted model names it (a search, a selection). */
  name(kind: NameKind, name: string): string;
  /** An image reference as written in a spec, as the redacted model writes it (an event's quoted image). */
  imageRef(raw: string): string;
  /** The uid a redacted uid stands for, when this redactor gave it (to ask the session for the object). */
  originalUid(uid: string): string | undefined;
  /** Callouts (main/model/callouts.ts) pinned by the real names, pinned by the pseudonyms instead. */
  callouts<C extends CalloutLike>(list: readonly C[]): C[];
  /** The other way: callouts pinned by this redactor's pseudonyms, pinned by the names they stand for (others as they are). */
  restoreCallouts<C extends CalloutLike>(list: readonly C[]): C[];
}

export type NameKind = 'cluster' | 'node' | 'pod' | 'container' | 'volume' | 'claim' | 'pv' | 'namespace';

/** A redactor keyed by `key` (random bytes, at least MIN_KEY_BYTES) or by a keyed hash already made. */
export function createRedactor(key: Uint8Array | KeyedHash): Redactor {
  if (key instanceof Uint8Array && key.length < MIN_KEY_BYTES) throw new Error(`redaction key too short: ${key.length} bytes, at least ${MIN_KEY_BYTES}`);
  const r = new Redaction(key instanceof Uint8Array ? hmacSha256(key) : key);
  return {
    model: (m) => r.model(m),
    pod: (p) => r.pod(p),
    name: (kind, name) => r.nameOf(kind, name),
    imageRef: (raw) => r.image(parseImageRef(raw)).raw,
    originalUid: (uid) => r.originalUid(uid),
    callouts: (list) => list.map((c) => r.callout(c) as typeof c),
    restoreCallouts: (list) => list.map((c) => r.restoreCallout(c) as typeof c),
  };
}

/** The model redacted with a redactor of its own. */
export function redactModel(model: AnatomyModel, key: Uint8Array | KeyedHash): AnatomyModel {
  return createRedactor(key).model(model);
}

/** A callout (main/model/callouts.ts) as far as redaction reads it: what it is pinned to, by uid and key. */
export interface CalloutLike {
  n: number;
  target?: { kind: string; uid?: string; key: string };
  text: string;
  detached?: true;
  at?: { x: number; y: number };
}

// ---------------------------------------------------------------- helpers on plain values

const arr = <T>(v: readonly T[] | undefined | null): readonly T[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): v is string => typeof v === 'string';
const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const DIGEST = /^([a-z0-9]+(?:[.+_-][a-z0-9]+)*):([0-9a-fA-F]{32,})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Keys in Kubernetes' own domains (node-role.kubernetes.io/control-plane, topology.k8s.io/zone): vocabulary. */
function kubernetesKey(key: string): boolean {
  const slash = key.indexOf('/');
  if (slash < 0) return false;
  const domain = key.slice(0, slash);
  return /(^|\.)(kubernetes\.io|k8s\.io)$/.test(domain);
}

class Redaction {
  private readonly memo = new Map<string, string>();
  private readonly given = new Set<string>();
  private readonly hexes = new Map<string, string>();
  /** Volume details by their redacted source, said once: most pods' volumes have the same few. */
  private readonly details = new Map<string, string>();
  private readonly english = translator('en');
  /** Objects already redacted, by identity: a live model's patches share every node and pod they leave alone. */
  private readonly nodes = new WeakMap<NodeModel, NodeModel>();
  private readonly pods = new WeakMap<PodModel, PodModel>();
  private readonly uids = new Map<string, string>();
  /** What each pseudonym stands for, to pin the page's notes back to the real names. */
  private readonly names = new Map<string, string>();

  constructor(private readonly hash: KeyedHash) {}

  /** The keyed hash of kind and input in hex, kept: an IP's prefixes and a name's hex are asked for again and again. */
  private hashOf(kind: string, input: string): string {
    const k = `${kind}\u0000${input}`;
    let h = this.hexes.get(k);
    if (h === undefined) {
      h = this.hash(k);
      if (this.hexes.size > 500_000) this.hexes.clear();
      this.hexes.set(k, h);
    }
    return h;
  }

  /**
   * A pseudonym `<prefix><hex><suffix>` for an input of a kind: the same for
   * the same input, never the same for two inputs (a longer hex when the first
   * 6 digits of two hashes agree).
   */
  private pseudonym(kind: string, input: string, prefix: string, suffix = '', digits = 6): string {
    if (input === '') return '';
    const k = `${kind}\u0000${input}`;
    const known = this.memo.get(k);
    if (known !== undefined) return known;
    const hex = this.hashOf(kind, input);
    let out = '';
    for (let n = digits; n <= hex.length; n += 2) {
      out = `${prefix}${hex.slice(0, n)}${suffix}`;
      if (!this.given.has(`${kind}\u0000${out}`)) break;
    }
    this.given.add(`${kind}\u0000${out}`);
    this.memo.set(k, out);
    this.names.set(out, input);
    return out;
  }

  nameOf(kind: NameKind, name: string): string {
    switch (kind) {
      case 'namespace':
        return this.ns(name);
      case 'volume':
        return this.volumeName(name);
      default:
        return this.pseudonym(kind, name, `${PREFIX[kind]}-`);
    }
  }

  private ns(name: string): string {
    return KUBERNETES_NAMESPACES.has(name) ? name : this.pseudonym('namespace', name, 'ns-');
  }

  private node(name: string): string {
    return this.pseudonym('node', name, 'node-');
  }

  private volumeName(name: string): string {
    // The view collapses kube-api-access-* volumes; the suffix Kubernetes makes is 5 characters.
    if (name.startsWith(INJECTED_PREFIX)) return this.pseudonym('volume', name, INJECTED_PREFIX, '', 5);
    return this.pseudonym('volume', name, 'vol-');
  }

  private value(kind: string, text: string, prefix = `${kind}-`): string {
    return this.pseudonym(kind, text, prefix);
  }

  /** "namespace/name" of a pod. */
  private podRef(ref: string): string {
    const slash = ref.indexOf('/');
    return slash < 0 ? this.pseudonym('pod', ref, 'pod-') : `${this.ns(ref.slice(0, slash))}/${this.pseudonym('pod', ref.slice(slash + 1), 'pod-')}`;
  }

  private uid(uid: string): string {
    if (uid === '') return uid;
    // The model's own stand-ins when an object had no uid.
    const k = `uid\u0000${uid}`;
    const known = this.memo.get(k);
    if (known !== undefined) return known;
    let out: string;
    if (uid.startsWith('inferred:')) out = `inferred:${this.node(uid.slice(9))}`;
    else if (uid.startsWith('node:')) out = `node:${this.node(uid.slice(5))}`;
    else if (!UUID.test(uid) && uid.includes('/')) out = this.podRef(uid);
    else {
      const h = this.hashOf('uid', uid);
      out = `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
    }
    this.memo.set(k, out);
    this.uids.set(out, uid);
    return out;
  }

  originalUid(uid: string): string | undefined {
    return this.uids.get(uid);
  }

  /** A path, segment by segment, so two mounts of one folder stay one folder. */
  private path(path: string): string {
    if (path === '' || path === '?') return path;
    return path
      .split('/')
      .map((seg) => (seg === '' || seg === '.' || seg === '..' ? seg : this.pseudonym('path', seg, 'dir-', '', 4)))
      .join('/');
  }

  private hostname(host: string): string {
    return this.pseudonym('host', host.toLowerCase(), 'host-', '.example');
  }

  // ---------------------------------------------------------------- addresses

  /** An IP (v4 or v6) prefix-preservingly, anything else as a host name. */
  address(address: string): string {
    if (address === '' || address === '?') return address;
    const v4 = this.ipv4(address);
    if (v4 !== undefined) return v4;
    if (address.includes(':')) {
      const v6 = this.ipv6(address);
      if (v6 !== undefined) return v6;
    }
    return this.hostname(address);
  }

  /** A CIDR: the address mapped, its host bits cleared again, the length kept. */
  cidr(cidr: string): string {
    const slash = cidr.indexOf('/');
    if (slash < 0) return this.address(cidr);
    const bits = Number(cidr.slice(slash + 1));
    const ip = cidr.slice(0, slash);
    const v4 = parseIPv4(ip);
    if (v4 && Number.isInteger(bits) && bits >= 0 && bits <= 32) return `${formatIPv4(clearHost(this.mapBytes('ip4', v4, keptBitsV4(v4)), bits))}/${bits}`;
    const v6 = parseIPv6(ip);
    if (v6 && Number.isInteger(bits) && bits >= 0 && bits <= 128) return `${formatIPv6(clearHost(this.mapBytes('ip6', v6, keptBitsV6(v6)), bits))}/${bits}`;
    return this.pseudonym('cidr', cidr, 'net-');
  }

  private ipv4(text: string): string | undefined {
    const bytes = parseIPv4(text);
    return bytes ? formatIPv4(this.mapBytes('ip4', bytes, keptBitsV4(bytes))) : undefined;
  }

  private ipv6(text: string): string | undefined {
    const bytes = parseIPv6(text);
    if (!bytes) return undefined;
    // An IPv4-mapped address (::ffff:a.b.c.d) maps its IPv4 part as that address.
    if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) {
      return `::ffff:${formatIPv4(this.mapBytes('ip4', bytes.slice(12), keptBitsV4(bytes.slice(12))))}`;
    }
    return formatIPv6(this.mapBytes('ip6', bytes, keptBitsV6(bytes)));
  }

  /**
   * Prefix-preserving: byte i is XORed with a keyed byte of the bytes before
   * it, so two addresses that share their first n bits still do, and the map
   * is one-to-one. The first `kept` bits stay (10/8 stays 10/8).
   */
  private mapBytes(kind: string, bytes: Uint8Array, kept: number): Uint8Array {
    const out = new Uint8Array(bytes.length);
    let prefix = '';
    for (let i = 0; i < bytes.length; i++) {
      const keptHere = Math.max(0, Math.min(8, kept - i * 8));
      const mask = 0xff >> keptHere;
      out[i] = mask === 0 ? bytes[i] : bytes[i] ^ (parseInt(this.hashOf(kind, prefix).slice(0, 2), 16) & mask);
      prefix += `${bytes[i]}.`;
    }
    return out;
  }

  // ---------------------------------------------------------------- images

  private registry(registry: string): string {
    const colon = registry.lastIndexOf(':');
    const port = colon > 0 && /^\d+$/.test(registry.slice(colon + 1)) && !registry.endsWith(']') ? registry.slice(colon) : '';
    return this.pseudonym('registry', registry.toLowerCase(), 'registry-', `.example${port}`);
  }

  private repository(repository: string): string {
    const segments = repository.split('/');
    return segments.map((s, i) => (i === segments.length - 1 ? this.pseudonym('image', s, 'image-') : this.pseudonym('owner', s, 'owner-'))).join('/');
  }

  private tag(tag: string): string {
    return tag === 'latest' ? tag : this.pseudonym('tag', tag, 'tag-');
  }

  /** A digest keeps its algorithm and length: sha256: and 64 hex. */
  digest(digest: string): string {
    const m = DIGEST.exec(digest);
    if (!m) return this.pseudonym('digest', digest, 'digest-');
    const k = `digest\u0000${digest}`;
    const known = this.memo.get(k);
    if (known !== undefined) return known;
    let hex = '';
    for (let i = 0; hex.length < m[2].length; i++) hex += this.hashOf('digest', `${i}:${digest}`);
    const out = `${m[1]}:${hex.slice(0, m[2].length)}`;
    this.memo.set(k, out);
    return out;
  }

  image(ref: ImageRef): ImageRef {
    if (ref.invalid !== undefined) {
      const raw = this.pseudonym('image', ref.raw, 'image-');
      return {
        raw,
        registry: this.registry(ref.registry),
        repository: raw,
        name: raw,
        defaulted: { registry: !!ref.defaulted?.registry, owner: !!ref.defaulted?.owner, tag: !!ref.defaulted?.tag },
        official: false,
        canonical: raw,
        // The parser's reason quotes the reference.
        invalid: 'the image reference could not be read',
      };
    }
    const registry = this.registry(ref.registry);
    const repository = this.repository(ref.repository);
    const segments = repository.split('/');
    const name = segments[segments.length - 1];
    const owner = segments.length > 1 ? segments.slice(0, -1).join('/') : undefined;
    const tag = ref.tag !== undefined ? this.tag(ref.tag) : undefined;
    const digest = ref.digest !== undefined ? this.digest(ref.digest) : undefined;
    const defaulted = { registry: !!ref.defaulted?.registry, owner: !!ref.defaulted?.owner, tag: !!ref.defaulted?.tag };
    // Written as the original was: the parts the defaults filled in stay unwritten.
    const raw =
      (defaulted.registry ? '' : `${registry}/`) +
      (defaulted.owner || owner === undefined ? name : repository) +
      (tag !== undefined && !defaulted.tag ? `:${tag}` : '') +
      (digest !== undefined ? `@${digest}` : '');
    const out: ImageRef = {
      raw,
      registry,
      repository,
      name,
      defaulted,
      official: !!ref.official,
      canonical: `${registry}/${repository}${tag !== undefined ? `:${tag}` : ''}${digest !== undefined ? `@${digest}` : ''}`,
    };
    if (owner !== undefined) out.owner = owner;
    if (tag !== undefined) out.tag = tag;
    if (digest !== undefined) out.digest = digest;
    if (ref.tagWarning === 'missing' || ref.tagWarning === 'latest') out.tagWarning = ref.tagWarning;
    return out;
  }

  /** A name in a node's image cache, written out in full, so it compares canonically with the containers' images. */
  private cachedImage(name: string): string {
    const ref = cachedImageRef(name);
    return ref.invalid !== undefined ? this.pseudonym('image', name, 'image-') : this.image(ref).canonical;
  }

  /** containerStatuses[].imageID: [scheme://][reference@]digest. */
  private imageID(id: string): string {
    const scheme = /^[a-z-]+:\/\//.exec(id)?.[0] ?? '';
    const rest = id.slice(scheme.length);
    const at = rest.lastIndexOf('@');
    if (at < 0) return scheme + this.digest(rest);
    const ref = cachedImageRef(rest.slice(0, at));
    const name = ref.invalid !== undefined ? this.pseudonym('image', rest.slice(0, at), 'image-') : `${this.registry(ref.registry)}/${this.repository(ref.repository)}`;
    return `${scheme}${name}@${this.digest(rest.slice(at + 1))}`;
  }

  /** containerd://<64 hex>: the runtime kept, the id another 64 hex. */
  private containerID(id: string): string {
    const m = /^([a-z0-9.+-]+:\/\/)?(.*)$/.exec(id) as RegExpExecArray;
    const hex = this.hashOf('container-id', id);
    return `${m[1] ?? ''}${/^[0-9a-f]+$/.test(m[2]) ? (hex + this.hashOf('container-id+', id)).slice(0, Math.max(1, Math.min(128, m[2].length))) : `id-${hex.slice(0, 12)}`}`;
  }

  // ---------------------------------------------------------------- the model

  model(model: AnatomyModel): AnatomyModel {
    const out: AnatomyModel = {
      schema: model.schema,
      source: this.source(model.source),
      nodes: arr(model.nodes).map((n) => this.nodeModel(n)),
      unscheduled: arr(model.unscheduled).map((p) => this.pod(p)),
      sharedClaims: arr(model.sharedClaims).map((c) => this.sharedClaim(c)),
      namespaces: arr(model.namespaces).map((n) => this.ns(n)),
      gaps: arr(model.gaps).map((g) => this.gap(g)),
      stats: { nodes: model.stats.nodes, pods: model.stats.pods, containers: model.stats.containers, volumes: model.stats.volumes },
    };
    const callouts = (model as { callouts?: unknown }).callouts;
    if (Array.isArray(callouts)) (out as { callouts?: unknown }).callouts = (callouts as CalloutLike[]).map((c) => this.callout(c));
    return out;
  }

  /** A note pinned by this redactor's pseudonyms, pinned again by what they stand for; a part it did not give stays. */
  restoreCallout(c: CalloutLike): CalloutLike {
    const out: CalloutLike = { n: c.n, text: c.text };
    if (c.target) {
      const back = (s: string) => this.names.get(s) ?? s;
      const target: CalloutLike['target'] & object = { kind: c.target.kind, key: c.target.key.split('/').map(back).join('/') };
      if (str(c.target.uid)) {
        const uid = c.target.uid;
        const whole = this.uids.get(uid);
        if (whole !== undefined) target.uid = whole;
        else {
          // A container's or volume's uid: <pod uid>/<group>/<name>.
          const parts = uid.split('/');
          const name = parts.pop() as string;
          const group = parts.pop();
          const pod = parts.join('/');
          target.uid = group !== undefined && this.uids.has(pod) ? `${this.uids.get(pod)}/${group}/${back(name)}` : uid;
        }
      }
      out.target = target;
    }
    if (c.detached === true) out.detached = true;
    if (c.at) out.at = { x: c.at.x, y: c.at.y };
    return out;
  }

  /**
   * A note keeps its number, place and text (the author's own words, which
   * the redaction cannot read for names: the author redacts them), and is
   * pinned to the same object under its pseudonyms.
   */
  callout(c: CalloutLike): CalloutLike {
    const out: CalloutLike = { n: c.n, text: c.text };
    if (c.target) {
      const target: CalloutLike['target'] & object = { kind: c.target.kind, key: this.calloutKey(c.target.kind, c.target.key) };
      if (str(c.target.uid)) target.uid = this.calloutUid(c.target.kind, c.target.uid);
      out.target = target;
    }
    if (c.detached === true) out.detached = true;
    if (c.at) out.at = { x: c.at.x, y: c.at.y };
    return out;
  }

  private calloutKey(kind: string, key: string): string {
    const parts = key.split('/');
    switch (kind) {
      case 'node':
        return this.node(key);
      case 'pod':
        return this.podRef(key);
      case 'claim':
        return parts.length === 2 ? `${this.ns(parts[0])}/${this.pseudonym('claim', parts[1], 'claim-')}` : this.pseudonym('claim', key, 'claim-');
      case 'container':
      case 'volume': {
        if (parts.length !== 3) return this.pseudonym('key', key, 'object-');
        const name = kind === 'container' ? this.containerName(parts[2]) : this.volumeName(parts[2]);
        return `${this.ns(parts[0])}/${this.pseudonym('pod', parts[1], 'pod-')}/${name}`;
      }
      default:
        return this.pseudonym('key', key, 'object-');
    }
  }

  /** A container's uid is <pod uid>/<group>/<name>, a volume's <pod uid>/volume/<name>: each part as the model's. */
  private calloutUid(kind: string, uid: string): string {
    if (kind !== 'container' && kind !== 'volume') return this.uid(uid);
    const parts = uid.split('/');
    if (parts.length < 3) return this.uid(uid);
    const name = parts[parts.length - 1];
    const group = parts[parts.length - 2];
    const pod = this.uid(parts.slice(0, -2).join('/'));
    return `${pod}/${group}/${kind === 'container' ? this.containerName(name) : this.volumeName(name)}`;
  }

  private source(source: ModelSource): ModelSource {
    const out: ModelSource = { kind: source.kind, name: this.pseudonym('cluster', source.name, 'cluster-'), namespaces: arr(source.namespaces).map((n) => this.ns(n)), redacted: true };
    if (source.selected === true) out.selected = true;
    if (str(source.server)) out.server = this.server(source.server);
    return out;
  }

  /** An API server URL: scheme and port kept, the host a pseudonym. */
  private server(url: string): string {
    const m = /^([a-z][a-z0-9+.-]*:\/\/)(\[[^\]]*\]|[^/:]*)(:\d+)?/i.exec(url);
    if (!m) return this.pseudonym('server', url, 'server-', '.example');
    return `${m[1]}${this.pseudonym('server', m[2].toLowerCase(), 'server-', '.example')}${m[3] ?? ''}`;
  }

  private gap(gap: AccessGap): AccessGap {
    // The API's sentence may name a user, a namespace or an object; the consequence a source wrote itself too.
    const out: AccessGap = { resource: gap.resource, reason: gap.reason, message: `${gap.resource} ${gap.reason}` };
    const c = gap.consequence;
    if (c && typeof c === 'object' && str(c.id) && c.id.startsWith('gap.consequence.') && c.params === undefined) out.consequence = message(c.id);
    return out;
  }

  private labels(labels: Record<string, string> | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(labels ?? {})) out[this.labelKey(k)] = this.pseudonym('label-value', v, 'value-');
    return out;
  }

  private labelKey(key: string): string {
    if (kubernetesKey(key)) return key;
    const slash = key.indexOf('/');
    if (slash < 0) return this.pseudonym('label-key', key, 'key-');
    return `${this.pseudonym('label-domain', key.slice(0, slash), 'domain-', '.example')}/${this.pseudonym('label-key', key.slice(slash + 1), 'key-')}`;
  }

  /** Resource names: cpu, memory, hugepages-2Mi stay; an extended resource of a vendor's domain is a pseudonym. */
  private resources(list: Record<string, string> | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(list ?? {})) out[k.includes('/') ? this.labelKey(k) : k] = v;
    return out;
  }

  private condition(c: Condition): Condition {
    const out: Condition = { type: c.type, status: c.status };
    if (str(c.reason)) out.reason = c.reason;
    if (str(c.lastTransitionTime)) out.lastTransitionTime = c.lastTransitionTime;
    return out;
  }

  private summary(c: ConditionSummary): ConditionSummary {
    const out: ConditionSummary = { status: c.status };
    if (str(c.reason)) out.reason = c.reason;
    return out;
  }

  private taint(t: Taint): Taint {
    const out: Taint = { key: this.labelKey(t.key), effect: t.effect };
    if (str(t.value)) out.value = this.pseudonym('label-value', t.value, 'value-');
    return out;
  }

  private nodeAddress(a: NodeAddress): NodeAddress {
    // kind and kubeadm nodes report their name as their Hostname: the same pseudonym as the node.
    const address = a.type === 'Hostname' ? this.node(a.address) : this.address(a.address);
    return { type: a.type, address };
  }

  private nodeInfo(info: NodeInfo): NodeInfo {
    const out: NodeInfo = {};
    for (const k of ['kubeletVersion', 'kubeProxyVersion', 'osImage', 'kernelVersion', 'operatingSystem', 'architecture', 'containerRuntimeVersion'] as const) {
      if (str(info[k])) out[k] = info[k];
    }
    return out;
  }

  private nodeImage(image: NodeImage): NodeImage {
    return { names: arr(image.names).map((n) => this.cachedImage(n)), sizeBytes: image.sizeBytes };
  }

  private nodeModel(n: NodeModel): NodeModel {
    let out = this.nodes.get(n);
    if (!out) this.nodes.set(n, (out = this.nodeFields(n)));
    return out;
  }

  private nodeFields(n: NodeModel): NodeModel {
    const out: NodeModel = {
      uid: this.uid(n.uid),
      name: this.node(n.name),
      role: n.role,
      roles: [...arr(n.roles)],
      inferred: n.inferred,
      addresses: arr(n.addresses).map((a) => this.nodeAddress(a)),
      podCIDRs: arr(n.podCIDRs).map((c) => this.cidr(c)),
      ready: this.summary(n.ready),
      conditions: arr(n.conditions).map((c) => this.condition(c)),
      unschedulable: n.unschedulable,
      taints: arr(n.taints).map((t) => this.taint(t)),
      images: arr(n.images).map((i) => this.nodeImage(i)),
      capacity: this.resources(n.capacity),
      allocatable: this.resources(n.allocatable),
      labels: this.labels(n.labels),
      pods: arr(n.pods).map((p) => this.pod(p)),
    };
    if (n.controlPlaneBy !== undefined) out.controlPlaneBy = n.controlPlaneBy;
    if (str(n.internalIP)) out.internalIP = this.address(n.internalIP);
    if (n.info) out.info = this.nodeInfo(n.info);
    if (n.runtime) out.runtime = { kind: n.runtime.kind, name: n.runtime.name, version: n.runtime.version, raw: n.runtime.raw };
    if (str(n.creationTimestamp)) out.creationTimestamp = n.creationTimestamp;
    if (typeof n.podsOutside === 'number') out.podsOutside = n.podsOutside;
    return out;
  }

  private owner(o: OwnerRef): OwnerRef {
    const name = o.kind === 'Node' ? this.node(o.name) : this.pseudonym(`owner:${o.kind}`, o.name, `${OWNER_PREFIX[o.kind] ?? 'owner'}-`);
    const out: OwnerRef = { kind: o.kind, name };
    if (str(o.uid)) out.uid = this.uid(o.uid);
    return out;
  }

  pod(p: PodModel): PodModel {
    let out = this.pods.get(p);
    if (!out) this.pods.set(p, (out = this.podFields(p)));
    return out;
  }

  private podFields(p: PodModel): PodModel {
    const uid = this.uid(p.uid);
    const out: PodModel = {
      uid,
      name: this.pseudonym('pod', p.name, 'pod-'),
      namespace: this.ns(p.namespace),
      phase: p.phase,
      status: p.status,
      ready: p.ready,
      readyContainers: p.readyContainers,
      totalContainers: p.totalContainers,
      restarts: p.restarts,
      podIPs: arr(p.podIPs).map((ip) => this.address(ip)),
      hostIPs: arr(p.hostIPs).map((ip) => this.address(ip)),
      hostNetwork: p.hostNetwork,
      static: p.static,
      conditions: arr(p.conditions).map((c) => this.condition(c)),
      labels: this.labels(p.labels),
      containers: arr(p.containers).map((c) => this.container(p, uid, c)),
      volumes: arr(p.volumes).map((v) => this.volume(p, uid, v)),
    };
    if (str(p.nodeName)) out.nodeName = this.node(p.nodeName);
    if (p.qosClass !== undefined) out.qosClass = p.qosClass;
    if (p.owner) out.owner = this.owner(p.owner);
    if (str(p.podIP)) out.podIP = this.address(p.podIP);
    if (str(p.hostIP)) out.hostIP = this.address(p.hostIP);
    if (p.scheduling) out.scheduling = this.summary(p.scheduling);
    if (str(p.serviceAccountName)) out.serviceAccountName = p.serviceAccountName === 'default' ? 'default' : this.pseudonym('sa', p.serviceAccountName, 'sa-');
    if (str(p.priorityClassName)) out.priorityClassName = SYSTEM_PRIORITY.has(p.priorityClassName) ? p.priorityClassName : this.pseudonym('priority', p.priorityClassName, 'priority-');
    if (str(p.restartPolicy)) out.restartPolicy = p.restartPolicy;
    if (str(p.creationTimestamp)) out.creationTimestamp = p.creationTimestamp;
    if (str(p.deletionTimestamp)) out.deletionTimestamp = p.deletionTimestamp;
    if (p.summary === true) out.summary = true;
    return out;
  }

  private containerName(name: string): string {
    return this.pseudonym('container', name, 'ctr-');
  }

  private container(pod: PodModel, podUid: string, c: ContainerModel): ContainerModel {
    const name = this.containerName(c.name);
    const out: ContainerModel = {
      uid: c.uid === containerUid(pod.uid, c.group, c.name) ? containerUid(podUid, c.group, name) : this.uid(c.uid),
      name,
      group: c.group,
      image: this.image(c.image),
      state: this.state(c.state),
      ready: c.ready,
      restartCount: c.restartCount,
      ports: arr(c.ports).map((port) => this.port(port)),
      resources: { requests: this.resources(c.resources?.requests), limits: this.resources(c.resources?.limits) },
      mounts: arr(c.mounts).map((m) => this.mount(m)),
    };
    if (str(c.imageID)) out.imageID = this.imageID(c.imageID);
    if (str(c.resolvedDigest)) out.resolvedDigest = this.digest(c.resolvedDigest);
    if (c.resolvedDigestKind !== undefined) out.resolvedDigestKind = c.resolvedDigestKind;
    if (str(c.containerID)) out.containerID = this.containerID(c.containerID);
    if (c.lastState) out.lastState = this.state(c.lastState);
    if (c.started !== undefined) out.started = c.started;
    if (Array.isArray(c.command)) out.command = c.command.map((a) => this.pseudonym('arg', a, 'arg-'));
    return out;
  }

  private state(s: ContainerState): ContainerState {
    // A reason is the kubelet's word (CrashLoopBackOff, OOMKilled); a message may quote anything.
    const out: ContainerState = { kind: s.kind };
    if (str(s.reason)) out.reason = s.reason;
    if (str(s.startedAt)) out.startedAt = s.startedAt;
    if (str(s.finishedAt)) out.finishedAt = s.finishedAt;
    if (typeof s.exitCode === 'number') out.exitCode = s.exitCode;
    if (typeof s.signal === 'number') out.signal = s.signal;
    return out;
  }

  private port(p: ContainerPort): ContainerPort {
    const out: ContainerPort = { containerPort: p.containerPort, protocol: p.protocol };
    if (str(p.name)) out.name = this.pseudonym('port', p.name, 'port-', '', 4);
    if (typeof p.hostPort === 'number') out.hostPort = p.hostPort;
    if (str(p.hostIP)) out.hostIP = this.address(p.hostIP);
    return out;
  }

  private mount(m: VolumeMount): VolumeMount {
    const out: VolumeMount = { volume: this.volumeName(m.volume), mountPath: this.path(m.mountPath), readOnly: m.readOnly };
    if (str(m.subPath)) out.subPath = this.path(m.subPath);
    return out;
  }

  private use(u: VolumeUse): VolumeUse {
    const out: VolumeUse = { container: this.containerName(u.container), group: u.group, mountPath: this.path(u.mountPath), readOnly: u.readOnly };
    if (str(u.subPath)) out.subPath = this.path(u.subPath);
    return out;
  }

  private volume(pod: PodModel, podUid: string, v: VolumeModel): VolumeModel {
    const name = this.volumeName(v.name);
    const source = v.source ? v.source.map((m) => this.sourceMessage(m)) : undefined;
    const out: VolumeModel = {
      uid: v.uid === volumeUid(pod.uid, v.name) ? volumeUid(podUid, name) : this.uid(v.uid),
      name,
      type: v.type,
      // A spec key of the pod API (iscsi, cephfs…): the API server keeps no other, so it is vocabulary.
      typeName: v.typeName,
      detail: source ? this.detail(source) : v.type,
      mountedBy: arr(v.mountedBy).map((u) => this.use(u)),
      shared: v.shared,
      sharedWithPods: arr(v.sharedWithPods).map((r) => this.podRef(r)),
    };
    if (source) out.source = source;
    if (v.claim) out.claim = this.claim(v.claim);
    if (typeof v.sharedWithPodsTotal === 'number') out.sharedWithPodsTotal = v.sharedWithPodsTotal;
    if (typeof v.podsOutside === 'number') out.podsOutside = v.podsOutside;
    return out;
  }

  private detail(source: readonly Message[]): string {
    const key = source.map((m) => `${m.id}\u0001${m.params ? Object.values(m.params).join('\u0001') : ''}`).join('\u0000');
    let d = this.details.get(key);
    if (d === undefined) {
      d = sourceText(this.english, source);
      if (this.details.size > 100_000) this.details.clear();
      this.details.set(key, d);
    }
    return d;
  }

  /** A volume source's message, each value by what it is; a value this does not know is a pseudonym. */
  private sourceMessage(m: Message): Message {
    if (!m || typeof m !== 'object' || !str(m.id)) return message('volume.source.said', { text: 'source' });
    if (!m.params) return message(m.id);
    const params: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(m.params as MessageParams)) {
      if (typeof v === 'number') params[k] = v;
      else if (!str(v)) params[k] = '?';
      else params[k] = this.sourceParam(m.id, k, v);
    }
    return message(m.id, params);
  }

  private sourceParam(id: string, key: string, v: string): string {
    if (v === '?') return v;
    switch (`${id} ${key}`) {
      case 'volume.source.configMap name':
        return this.pseudonym('configmap', v, 'cm-');
      case 'volume.source.secret name':
        return this.pseudonym('secret', v, 'secret-');
      case 'volume.source.claim name':
      case 'volume.source.ephemeralClaim name':
        return this.pseudonym('claim', v, 'claim-');
      case 'volume.source.hostPath path':
      case 'volume.source.hostPath.typed path':
      case 'volume.source.nfs path':
        return this.path(v);
      case 'volume.source.hostPath.typed kind':
      case 'volume.source.emptyDir.medium medium':
      case 'volume.source.emptyDir.mediumSize medium':
      case 'volume.source.emptyDir.size size':
      case 'volume.source.emptyDir.mediumSize size':
        return v;
      case 'volume.source.downwardAPI.paths paths':
        return v
          .split(', ')
          .map((p) => this.path(p))
          .join(', ');
      case 'volume.source.csi driver':
        return this.pseudonym('driver', v, 'driver-', '.example');
      case 'volume.source.nfs server':
        return this.address(v);
      case 'volume.source.image reference': {
        const ref = cachedImageRef(v);
        return ref.invalid !== undefined ? this.pseudonym('image', v, 'image-') : this.image(ref).raw;
      }
      default:
        return this.pseudonym('source', v, 'source-');
    }
  }

  private claim(c: ClaimModel): ClaimModel {
    const out: ClaimModel = {
      name: this.pseudonym('claim', c.name, 'claim-'),
      namespace: this.ns(c.namespace),
      found: c.found,
      accessModes: [...arr(c.accessModes)],
    };
    if (str(c.phase)) out.phase = c.phase;
    if (str(c.storageClassName)) out.storageClassName = this.pseudonym('class', c.storageClassName, 'class-');
    if (str(c.requested)) out.requested = c.requested;
    if (str(c.capacity)) out.capacity = c.capacity;
    if (str(c.volumeName)) out.volumeName = this.pseudonym('pv', c.volumeName, 'pv-');
    if (c.pv) out.pv = this.pv(c.pv);
    return out;
  }

  private pv(pv: PersistentVolumeModel): PersistentVolumeModel {
    const out: PersistentVolumeModel = {
      name: this.pseudonym('pv', pv.name, 'pv-'),
      accessModes: [...arr(pv.accessModes)],
      // A spec key of the PV API, as a volume's typeName is.
      sourceType: pv.sourceType,
      detail: this.pvDetail(pv),
    };
    if (str(pv.phase)) out.phase = pv.phase;
    if (str(pv.capacity)) out.capacity = pv.capacity;
    if (str(pv.storageClassName)) out.storageClassName = this.pseudonym('class', pv.storageClassName, 'class-');
    if (str(pv.reclaimPolicy)) out.reclaimPolicy = pv.reclaimPolicy;
    return out;
  }

  /** claim.ts's detail of each source type, of the redacted parts. */
  private pvDetail(pv: PersistentVolumeModel): string {
    const d = pv.detail;
    if (d === '' || d === pv.sourceType) return d;
    switch (pv.sourceType) {
      case 'hostPath':
      case 'local':
        return this.path(d);
      case 'nfs': {
        const colon = d.indexOf(':/');
        return colon < 0 ? this.pseudonym('source', d, 'source-') : `${this.address(d.slice(0, colon))}:${this.path(d.slice(colon + 1))}`;
      }
      case 'csi': {
        const space = d.indexOf(' ');
        const driver = this.pseudonym('driver', space < 0 ? d : d.slice(0, space), 'driver-', '.example');
        return space < 0 ? driver : `${driver} ${this.pseudonym('handle', d.slice(space + 1), 'handle-')}`;
      }
      default:
        return this.pseudonym('source', d, 'source-');
    }
  }

  private sharedClaim(c: SharedClaim): SharedClaim {
    return { namespace: this.ns(c.namespace), claim: this.pseudonym('claim', c.claim, 'claim-'), pods: arr(c.pods).map((r) => this.podRef(r)) };
  }
}

const PREFIX: Record<Exclude<NameKind, 'namespace' | 'volume'>, string> = {
  cluster: 'cluster',
  node: 'node',
  pod: 'pod',
  container: 'ctr',
  claim: 'claim',
  pv: 'pv',
};

/** The priority classes every cluster has. */
const SYSTEM_PRIORITY: ReadonlySet<string> = new Set(['system-cluster-critical', 'system-node-critical']);

const OWNER_PREFIX: Record<string, string> = { ReplicaSet: 'rs', StatefulSet: 'sts', DaemonSet: 'ds', Job: 'job', CronJob: 'cronjob', Deployment: 'deploy' };


// ---------------------------------------------------------------- IP text

function parseIPv4(text: string): Uint8Array | undefined {
  const m = IPV4.exec(text);
  if (!m) return undefined;
  const bytes = m.slice(1).map(Number);
  return bytes.every((b) => b <= 255) ? Uint8Array.from(bytes) : undefined;
}

function formatIPv4(b: Uint8Array): string {
  return `${b[0]}.${b[1]}.${b[2]}.${b[3]}`;
}

/** Bits of an IPv4 address that stay, so a private address stays private and a loopback a loopback. */
function keptBitsV4(b: Uint8Array): number {
  if (b[0] === 10 || b[0] === 127 || b[0] === 0) return 8;
  if (b[0] === 172 && (b[1] & 0xf0) === 16) return 12;
  if ((b[0] === 192 && b[1] === 168) || (b[0] === 169 && b[1] === 254)) return 16;
  if (b[0] === 100 && (b[1] & 0xc0) === 64) return 10;
  if (b[0] === 255 && b[1] === 255 && b[2] === 255 && b[3] === 255) return 32;
  return 0;
}

function keptBitsV6(b: Uint8Array): number {
  if (b.every((x, i) => (i < 15 ? x === 0 : x <= 1))) return 128; // :: and ::1
  if (b[0] === 0xfe && (b[1] & 0xc0) === 0x80) return 10; // link-local
  if ((b[0] & 0xfe) === 0xfc) return 8; // unique local (fd…)
  if ((b[0] & 0xe0) === 0x20) return 3; // global unicast stays global
  return 0;
}

function clearHost(b: Uint8Array, bits: number): Uint8Array {
  const out = Uint8Array.from(b);
  for (let i = 0; i < out.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    out[i] &= (0xff << (8 - keep)) & 0xff;
  }
  return out;
}

function parseIPv6(text: string): Uint8Array | undefined {
  const zone = text.indexOf('%');
  const s = zone >= 0 ? text.slice(0, zone) : text;
  if (!/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const p = pieces[i];
      if (i === pieces.length - 1 && p.includes('.')) {
        const v4 = parseIPv4(p);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(p)) out.push(parseInt(p, 16));
      else return undefined;
    }
    return out;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const all = [...head, ...new Array<number>(fill).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((g, i) => {
    bytes[i * 2] = g >> 8;
    bytes[i * 2 + 1] = g & 0xff;
  });
  return bytes;
}

/** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as ::. */
function formatIPv6(b: Uint8Array): string {
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((b[i] << 8) | b[i + 1]);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (xs: number[]) => xs.map((x) => x.toString(16)).join(':');
  return best < 0 ? hex(g) : `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}
