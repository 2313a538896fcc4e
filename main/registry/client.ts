// The registry client: an image reference in, its anatomy out, on the OCI
// distribution API. Asked on demand, for one image at a time, never for every
// image of a cluster (a manifest GET counts as a pull on Docker Hub).
//
//   HEAD  /v2/<repo>/manifests/<tag>       what the tag names now (no pull on Docker Hub),
//                                          when what it named last time is cached
//   GET   /v2/<repo>/manifests/<digest>    the index or manifest, unless cached
//   GET   /v2/<repo>/manifests/<tag>       instead of both, when nothing of the tag is cached
//   GET   /v2/<repo>/manifests/<digest>    the platform's manifest, from an index
//   GET   /v2/<repo>/blobs/<config>        the config: history, entrypoint, env names
//
// Layer blobs are never fetched: their digests, sizes and media types are in
// the manifest, and the step that made each is in the config's history.
// Every answer is untrusted: size-limited, parsed defensively, and checked
// against the digest that names it.

import { parseImageRef } from '../model/image.ts';
import type { ImageRef } from '../model/types.ts';
import { systemClock, type Clock } from '../common/clock.ts';
import { Authorizer, privateHint } from './auth.ts';
import { DigestCache, digestOf, matchesDigest } from './cache.ts';
import { credentialsFor, type Credential, type CredentialOptions } from './credentials.ts';
import { RegistryError } from './errors.ts';
import { choosePlatform, formatPlatform, normalizePlatform, platformMatches, type Platform } from './platform.ts';
import { headerText, Transport, type Reply, type TransportOptions } from './transport.ts';
import { MEDIA, type HistoryStep, type ImageAnatomy, type ImageStage, type LayerAnatomy, type TagCheck } from './types.ts';

/** Manifests and configs past this are refused: real ones are a few kilobytes. */
export const MAX_DOCUMENT_BYTES = 4 * 1024 * 1024;
/** How long "no credentials for this host" is believed: long enough for one answer's requests, short enough for a `docker login` then Retry. */
export const CREDENTIAL_MISS_MS = 10_000;

const MANIFEST_ACCEPT = [MEDIA.ociIndex, MEDIA.dockerList, MEDIA.ociManifest, MEDIA.dockerManifest].join(', ');
const INDEX_TYPES = new Set<string>([MEDIA.ociIndex, MEDIA.dockerList]);
const MANIFEST_TYPES = new Set<string>([MEDIA.ociManifest, MEDIA.dockerManifest]);
const CONFIG_TYPES = new Set<string>([MEDIA.ociConfig, MEDIA.dockerConfig]);
const SCHEMA1 = /application\/vnd\.docker\.distribution\.manifest\.v1/;
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/;

export interface RegistryClientOptions extends TransportOptions, CredentialOptions {
  /** The disk cache; null for none. */
  cache?: DigestCache | null;
  /** Where credentials come from; docker's config.json and helpers unless a test gives its own. */
  credentials?: (registry: string) => Promise<Credential | undefined>;
}

export interface AnatomyOptions {
  platform: Platform;
  /**
   * The digest a container runs (containerStatuses[].imageID's repo digest),
   * to tell whether the tag has moved since. A digest in the reference is used
   * when this is left out.
   */
  runningDigest?: string;
  /**
   * Told as each step starts, in order: tag (the HEAD), index or manifest
   * (what the tag or digest names), manifest with its platform (after an
   * index), config. A step the cache answers passes as quickly.
   */
  onStage?: (stage: ImageStage, platform?: Platform) => void;
}

interface Document {
  digest: string;
  mediaType: string;
  bytes: Buffer;
  json: Record<string, unknown>;
}

/** docker.io is an alias; the API lives at registry-1.docker.io. */
export function endpointOf(registry: string): string {
  return registry === 'docker.io' ? 'registry-1.docker.io' : registry;
}

export class RegistryClient {
  private readonly transport: Transport;
  private readonly auth: Authorizer;
  private readonly cache: DigestCache | null;
  private readonly clock: Clock;
  /** Per host: a found credential until the registry refuses it; "none" or a failed lookup for CREDENTIAL_MISS_MS only. */
  private readonly credentialMemo = new Map<string, { at: number; answer: Promise<Credential | undefined> }>();

  constructor(options: RegistryClientOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.transport = new Transport(options);
    this.cache = options.cache === undefined ? null : options.cache;
    const read = options.credentials ?? ((registry: string) => credentialsFor(registry, options));
    this.auth = new Authorizer(this.transport, this.clock, (host) => this.credential(host, read));
  }

  /** Ends kept-alive connections so a command can exit. */
  close(): void {
    this.transport.close();
  }

  private credential(host: string, read: (registry: string) => Promise<Credential | undefined>): Promise<Credential | undefined> {
    // A helper is a process: one lookup serves the requests of an answer. But a miss is not kept long (the user may `docker login` and retry), nor a credential the registry refused.
    const now = this.clock.now();
    const memo = this.credentialMemo.get(host);
    if (memo && (memo.at === Infinity || now - memo.at < CREDENTIAL_MISS_MS)) return memo.answer;
    const entry = { at: now, answer: read(host === 'registry-1.docker.io' ? 'docker.io' : host) };
    this.credentialMemo.set(host, entry);
    entry.answer.then(
      (found) => {
        if (found) entry.at = Infinity;
      },
      () => {},
    );
    return entry.answer;
  }

  async anatomy(reference: string | ImageRef, options: AnatomyOptions): Promise<ImageAnatomy> {
    const ref = typeof reference === 'string' ? parseImageRef(reference) : reference;
    if (ref.invalid) throw new RegistryError('invalid', `"${ref.raw}" is not an image reference: ${ref.invalid}`);
    const platform = normalizePlatform(options.platform);
    const host = endpointOf(ref.registry);
    const repo = ref.repository;
    const warnings: string[] = [];
    // One per answer, so answers asked side by side (the app's) keep their own counts and waits.
    const ask: Ask = { host, repo, counts: { cached: 0, network: 0 }, waits: [] };

    // What the tag names now: from a HEAD, or (a registry that does not say) from the GET itself.
    const stage = (step: ImageStage, chosen?: Platform): void => {
      try {
        options.onStage?.(step, chosen);
      } catch {
        // Only the loading text is lost: the answer goes on.
      }
    };
    let top: Document;
    let tagDigest: string | undefined;
    let tagType: string | undefined;
    if (ref.digest) {
      stage('manifest');
      top = await this.manifest(ask, ref.digest, ref.digest);
    } else {
      const tag = ref.tag ?? 'latest';
      const tagKey = `${ref.registry}/${repo}:${tag}`;
      const hint = this.cache?.tagHint(tagKey);
      stage('tag');
      if (hint !== undefined && this.cache?.has(hint)) {
        // What the tag named last time is here: a HEAD (no pull on Docker Hub) tells whether it still does.
        const head = await this.head(ask, tag);
        tagDigest = head.digest;
        tagType = head.mediaType;
        // The HEAD's media type says whether an index comes; a registry that gives none is read as a manifest until it shows otherwise.
        stage(tagType !== undefined && INDEX_TYPES.has(tagType) ? 'index' : 'manifest');
        top = head.digest ? await this.manifest(ask, head.digest, head.digest) : await this.manifest(ask, tag, undefined);
      } else {
        // Nothing of it here: a GET by tag is the one pull a HEAD then a GET by digest would also be, in one request.
        top = await this.manifest(ask, tag, undefined);
        tagType = top.mediaType;
      }
      tagDigest ??= top.digest;
      this.cache?.rememberTag(tagKey, top.digest);
    }

    let index: ImageAnatomy['index'];
    let manifest = top;
    if (INDEX_TYPES.has(top.mediaType)) {
      const entries = indexEntries(top, `the index ${top.digest}`);
      const chosen = choosePlatform(entries.map((e) => e.platform), platform);
      const choice = chosen.at >= 0 ? entries[chosen.at] : undefined;
      const platforms = entries.filter((e) => e.platform && e.platform.os !== 'unknown').map((e) => formatPlatform(normalizePlatform(e.platform!)));
      index = { digest: top.digest, mediaType: top.mediaType, platforms };
      if (!choice) {
        throw new RegistryError('not-found', `${ref.registry}/${repo} has no ${formatPlatform(platform)} image; its index has ${platforms.length > 0 ? platforms.join(', ') : 'no platforms'}`);
      }
      // As containerd would pull: another platform the node runs too (arm/v7 on arm64, 386 on amd64); said, since it is not the node's own.
      if (chosen.fallback) warnings.push(`the index has no ${formatPlatform(platform)} image; showing ${formatPlatform(normalizePlatform(choice.platform!))}, which such a node runs too and containerd would pull`);
      stage('manifest', choice.platform ? normalizePlatform(choice.platform) : platform);
      manifest = await this.manifest(ask, choice.digest, choice.digest, choice.size);
      if (!MANIFEST_TYPES.has(manifest.mediaType)) throw new RegistryError('unsupported', `the ${formatPlatform(platform)} entry of ${ref.registry}/${repo} is ${manifest.mediaType}, not an image manifest`);
    }

    const { config: configDescriptor, layers: layerDescriptors } = manifestParts(manifest);
    stage('config');
    const config = await this.config(ask, configDescriptor);
    const { layers, history } = pairHistory(layerDescriptors, config.json, warnings);
    const described = imageConfig(config.json, warnings);
    const configPlatform = configPlatformOf(config.json);
    if (configPlatform && !index && !platformMatches(configPlatform, platform)) {
      warnings.push(`the image is ${formatPlatform(normalizePlatform(configPlatform))}, not ${formatPlatform(platform)}: a single-platform image is what every node gets`);
    }

    let tagCheck: TagCheck | undefined;
    const running = options.runningDigest ?? ref.digest;
    if (running && ref.tag && !(ref.defaulted.tag && options.runningDigest === undefined)) {
      const resolved = { index: index?.digest, manifest: manifest.digest, indexEntries: index ? indexEntries(top, '').map((e) => e.digest) : [] };
      // Resolved by tag: what it names was just asked. Pinned by digest: the tag is asked now.
      tagCheck = ref.digest === undefined ? await this.compare(ask, ref.tag, running, tagDigest ?? top.digest, tagType, resolved) : await this.tagCheck(ask, ref.tag, running, resolved);
    }

    warnings.push(...ask.waits);
    const refOut: ImageAnatomy['reference'] = { raw: ref.raw, registry: ref.registry, repository: ref.repository, name: ref.name, defaulted: { ...ref.defaulted } };
    if (ref.owner !== undefined) refOut.owner = ref.owner;
    if (ref.tag !== undefined) refOut.tag = ref.tag;
    if (ref.digest !== undefined) refOut.digest = ref.digest;
    const result: ImageAnatomy = {
      reference: refOut,
      endpoint: host,
      manifest: { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.bytes.length },
      platform: configPlatform ? normalizePlatform(configPlatform) : platform,
      config: { digest: config.digest, mediaType: configDescriptor.mediaType, size: config.bytes.length, ...described },
      layers,
      history,
      totalSize: layers.reduce((sum, l) => sum + l.size, 0),
      warnings,
      fetched: { ...ask.counts },
    };
    if (index) result.index = index;
    if (tagCheck) result.tagCheck = tagCheck;
    return result;
  }

  private async tagCheck(ask: Ask, tag: string, running: string, resolved: Resolved): Promise<TagCheck> {
    const head = await this.head(ask, tag);
    if (!head.digest) return { tag, runningDigest: running, state: 'unknown', reason: `${ask.host} did not say which digest the tag names (no Docker-Content-Digest on a HEAD)` };
    return this.compare(ask, tag, running, head.digest, head.mediaType, resolved);
  }

  /**
   * Like with like: a runtime reports either the index's digest or the
   * platform manifest's, so the tag is unmoved when it names the running
   * digest, or an index that holds it.
   */
  private async compare(ask: Ask, tag: string, running: string, tagDigest: string, tagType: string | undefined, resolved: Resolved): Promise<TagCheck> {
    const base = { tag, tagDigest, runningDigest: running };
    if (!DIGEST.test(running)) return { ...base, state: 'unknown', reason: `"${running}" is not a sha256 or sha512 digest` };
    if (tagDigest === running) return { ...base, state: 'same' };
    // The running digest is the platform manifest of the index the tag still names.
    if (tagDigest === resolved.index && resolved.indexEntries.includes(running)) return { ...base, state: 'same' };
    if (running === resolved.index && tagDigest === resolved.manifest) return { ...base, state: 'same' };
    if (tagType === undefined || INDEX_TYPES.has(tagType)) {
      // The tag names an index not yet read: it holds the running manifest, or the tag moved.
      try {
        const doc = await this.manifest(ask, tagDigest, tagDigest);
        if (INDEX_TYPES.has(doc.mediaType)) return { ...base, state: indexEntries(doc, '').some((e) => e.digest === running) ? 'same' : 'moved' };
      } catch (error) {
        return { ...base, state: 'unknown', reason: `the index the tag names could not be read: ${(error as Error).message}` };
      }
    }
    return { ...base, state: 'moved' };
  }

  /** An authorized request; a refusal forgets the host's credential lookup, so the next ask reads config.json and helpers anew. */
  private async request(ask: Ask, path: string, spec: RequestSpec): Promise<Reply> {
    try {
      return await this.authorized(ask, path, spec);
    } catch (error) {
      if (error instanceof RegistryError && error.kind === 'auth') this.credentialMemo.delete(ask.host);
      throw error;
    }
  }

  /** The known challenge's answer first, and one retry after a 401 with a new one. */
  private async authorized(ask: Ask, path: string, spec: RequestSpec): Promise<Reply> {
    const { host, repo } = ask;
    const url = new URL(`${this.transport.base(host)}${path}`);
    const send = (authorization: string | undefined) =>
      this.transport.request(url, { method: spec.method, headers: { Accept: spec.accept, ...(authorization ? { Authorization: authorization } : {}) }, maxBytes: MAX_DOCUMENT_BYTES, what: spec.what, onWait: (line) => ask.waits.push(line) });
    let authorization = await this.auth.header(host, repo);
    let reply = await send(authorization);
    ask.counts.network++;
    if (reply.status === 401) {
      authorization = await this.auth.onUnauthorized(host, repo, headerText(reply.headers['www-authenticate']), authorization);
      if (authorization) {
        reply = await send(authorization);
        ask.counts.network++;
      }
    }
    if (reply.status === 401 || reply.status === 403) {
      const credential = await this.credentialMemo.get(host)?.answer.catch(() => undefined);
      throw new RegistryError(
        'auth',
        `${host} refused access to ${repo} (${reply.status}${registryErrorCode(reply)}): the image may be private, or may not exist${credential ? `; the credentials from ${credential.source} were not accepted` : privateHint(undefined)}`,
      );
    }
    if (reply.status === 404) throw new RegistryError('not-found', `${spec.missing ?? spec.what}: not found on ${host}${registryErrorCode(reply)}`);
    if (reply.status < 200 || reply.status >= 300) throw new RegistryError('http', `${spec.what}: ${host} answered ${reply.status}${registryErrorCode(reply)}`);
    return reply;
  }

  private async head(ask: Ask, tag: string): Promise<{ digest?: string; mediaType?: string }> {
    const reply = await this.request(ask, `/v2/${ask.repo}/manifests/${tag}`, { method: 'HEAD', accept: MANIFEST_ACCEPT, what: `the tag ${ask.repo}:${tag}` });
    const digest = headerText(reply.headers['docker-content-digest'])?.trim().toLowerCase();
    const type = headerText(reply.headers['content-type'])?.split(';')[0].trim();
    return { digest: digest && DIGEST.test(digest) ? digest : undefined, mediaType: type || undefined };
  }

  /** A manifest or index by tag or digest, checked against `expected` (its digest) when known, and against the registry's Docker-Content-Digest. */
  private async manifest(ask: Ask, reference: string, expected: string | undefined, declaredSize?: number): Promise<Document> {
    const { repo } = ask;
    const what = `the manifest ${repo}${reference.includes(':') ? '@' : ':'}${reference}`;
    if (expected !== undefined) {
      if (!DIGEST.test(expected)) throw new RegistryError('invalid', `${what}: "${expected.slice(0, 80)}" is not a sha256 or sha512 digest`);
      const cached = this.cache?.get(expected);
      if (cached) {
        ask.counts.cached++;
        return parseManifest(cached, expected, undefined, what);
      }
    }
    if (declaredSize !== undefined && declaredSize > MAX_DOCUMENT_BYTES) throw new RegistryError('too-large', `${what} is said to be ${declaredSize} bytes, over the 4 MiB this client reads`);
    // By tag, a 404 means the tag: said so, as the HEAD says it.
    const missing = expected === undefined ? `the tag ${repo}:${reference}` : undefined;
    const reply = await this.request(ask, `/v2/${repo}/manifests/${reference}`, { method: 'GET', accept: MANIFEST_ACCEPT, what, ...(missing ? { missing } : {}) });
    const body = reply.body;
    const said = headerText(reply.headers['docker-content-digest'])?.trim().toLowerCase();
    const algorithm = (expected ?? said ?? 'sha256:').split(':')[0];
    const actual = digestOf(body, algorithm) ?? digestOf(body, 'sha256')!;
    if (expected !== undefined && actual !== expected) throw new RegistryError('invalid', `${what}: the content's digest is ${actual}, not the ${expected} asked for; the registry's answer was not used`);
    if (said && DIGEST.test(said) && said.split(':')[0] === actual.split(':')[0] && said !== actual) {
      throw new RegistryError('invalid', `${what}: the content's digest is ${actual}, but the registry says ${said}; the answer was not used`);
    }
    if (declaredSize !== undefined && body.length !== declaredSize) throw new RegistryError('invalid', `${what} is ${body.length} bytes, but its index says ${declaredSize}`);
    const contentType = headerText(reply.headers['content-type'])?.split(';')[0].trim();
    const doc = parseManifest(body, actual, contentType, what);
    await this.cache?.put(actual, body);
    return doc;
  }

  private async config(ask: Ask, descriptor: Descriptor): Promise<Document> {
    const { repo } = ask;
    const what = `the config ${descriptor.digest.slice(0, 19)}… of ${repo}`;
    if (!CONFIG_TYPES.has(descriptor.mediaType)) {
      throw new RegistryError('unsupported', `${repo} is not a container image: its config is ${descriptor.mediaType.slice(0, 100)} (an OCI artifact, such as a Helm chart or a signature)`);
    }
    if (descriptor.size > MAX_DOCUMENT_BYTES) throw new RegistryError('too-large', `${what} is said to be ${descriptor.size} bytes, over the 4 MiB this client reads`);
    let bytes = this.cache?.get(descriptor.digest);
    if (bytes) ask.counts.cached++;
    else {
      const reply = await this.request(ask, `/v2/${repo}/blobs/${descriptor.digest}`, { method: 'GET', accept: `${descriptor.mediaType}, application/json;q=0.5, */*;q=0.1`, what });
      bytes = reply.body;
      if (!matchesDigest(bytes, descriptor.digest)) {
        throw new RegistryError('invalid', `${what}: the content's digest is ${digestOf(bytes, descriptor.digest.split(':')[0])}, not ${descriptor.digest}; the registry's answer was not used`);
      }
      if (bytes.length !== descriptor.size) throw new RegistryError('invalid', `${what} is ${bytes.length} bytes, but the manifest says ${descriptor.size}`);
      await this.cache?.put(descriptor.digest, bytes);
    }
    const json = parseJson(bytes, what);
    return { digest: descriptor.digest, mediaType: descriptor.mediaType, bytes, json };
  }
}

/** A request to the registry: what it is, for messages; `missing` says a 404 when `what` would not. */
interface RequestSpec {
  method: 'GET' | 'HEAD';
  accept: string;
  what: string;
  missing?: string;
}

/** One answer's requests: where to, and what they cost. */
interface Ask {
  host: string;
  repo: string;
  counts: { cached: number; network: number };
  /** Waits after a 429, as sentences for the answer's warnings. */
  waits: string[];
}

interface Resolved {
  index?: string;
  manifest: string;
  indexEntries: string[];
}

interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: Platform;
}

function registryErrorCode(reply: Reply): string {
  // The registry's error body is untrusted: only a short code in capitals is repeated.
  try {
    const code = (JSON.parse(reply.body.toString('utf8')) as { errors?: { code?: unknown }[] })?.errors?.[0]?.code;
    return typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? `, ${code}` : '';
  } catch {
    return '';
  }
}

function parseJson(bytes: Buffer, what: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new RegistryError('invalid', `${what} is not valid JSON`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new RegistryError('invalid', `${what} is JSON but not an object`);
  return value as Record<string, unknown>;
}

function parseManifest(bytes: Buffer, digest: string, contentType: string | undefined, what: string): Document {
  const json = parseJson(bytes, what);
  const declared = typeof json.mediaType === 'string' ? json.mediaType : undefined;
  if ((declared && SCHEMA1.test(declared)) || json.schemaVersion === 1 || (contentType && SCHEMA1.test(contentType))) {
    throw new RegistryError('unsupported', `${what} is a Docker schema 1 manifest, which registries stopped serving; push the image again`);
  }
  if (json.schemaVersion !== 2) throw new RegistryError('invalid', `${what} has schemaVersion ${JSON.stringify(json.schemaVersion)?.slice(0, 20)}, not 2`);
  const known = (t: string | undefined): boolean => t !== undefined && (INDEX_TYPES.has(t) || MANIFEST_TYPES.has(t));
  let mediaType: string | undefined;
  if (declared !== undefined) {
    if (!known(declared)) throw new RegistryError('invalid', `${what} has the media type ${declared.slice(0, 100)}, which is no manifest or index`);
    if (contentType !== undefined && contentType !== declared && known(contentType)) {
      throw new RegistryError('invalid', `${what} says it is ${declared} but was served as ${contentType}`);
    }
    mediaType = declared;
  } else if (contentType !== undefined && known(contentType)) mediaType = contentType;
  else if (Array.isArray(json.manifests)) mediaType = MEDIA.ociIndex; // OCI allows an index without mediaType
  else if (json.config && Array.isArray(json.layers)) mediaType = MEDIA.ociManifest;
  else throw new RegistryError('invalid', `${what} was served as ${contentType?.slice(0, 100) ?? 'no media type'}, and is neither an index nor an image manifest`);
  return { digest, mediaType, bytes, json };
}

function descriptor(value: unknown, what: string): Descriptor {
  const v = value as Record<string, unknown> | null;
  if (!v || typeof v !== 'object') throw new RegistryError('invalid', `${what} is not a descriptor`);
  const digest = typeof v.digest === 'string' ? v.digest.toLowerCase() : '';
  if (!DIGEST.test(digest)) throw new RegistryError('invalid', `${what} has no valid digest`);
  if (typeof v.size !== 'number' || !Number.isSafeInteger(v.size) || v.size < 0) throw new RegistryError('invalid', `${what} has an impossible size (${String(v.size).slice(0, 30)})`);
  if (typeof v.mediaType !== 'string' || v.mediaType.length > 255) throw new RegistryError('invalid', `${what} has no media type`);
  const out: Descriptor = { mediaType: v.mediaType, digest, size: v.size };
  const p = v.platform as Record<string, unknown> | undefined;
  if (p && typeof p === 'object' && typeof p.os === 'string' && typeof p.architecture === 'string') {
    out.platform = { os: p.os.slice(0, 32), architecture: p.architecture.slice(0, 32), variant: typeof p.variant === 'string' ? p.variant.slice(0, 32) : undefined };
  }
  return out;
}

function indexEntries(doc: Document, what: string): Descriptor[] {
  if (!Array.isArray(doc.json.manifests)) throw new RegistryError('invalid', `${what} has no manifests list`);
  if (doc.json.manifests.length > 10_000) throw new RegistryError('too-large', `${what} lists ${doc.json.manifests.length} manifests`);
  return doc.json.manifests.map((m, i) => descriptor(m, `entry ${i + 1} of ${what}`));
}

function manifestParts(doc: Document): { config: Descriptor; layers: Descriptor[] } {
  const what = `the manifest ${doc.digest}`;
  if (!Array.isArray(doc.json.layers)) throw new RegistryError('invalid', `${what} has no layers list`);
  const config = descriptor(doc.json.config, `the config of ${what}`);
  const layers = doc.json.layers.map((l, i) => descriptor(l, `layer ${i + 1} of ${what}`));
  return { config, layers };
}

function configPlatformOf(json: Record<string, unknown>): Platform | undefined {
  if (typeof json.os !== 'string' || typeof json.architecture !== 'string') return undefined;
  return { os: json.os.slice(0, 32), architecture: json.architecture.slice(0, 32), variant: typeof json.variant === 'string' ? json.variant.slice(0, 32) : undefined };
}

const str = (v: unknown, max = 4096): string | undefined => (typeof v === 'string' ? v.slice(0, max) : undefined);

/** Layers in order, each with the non-empty history step that made it; empty steps kept in the history, marked. */
export function pairHistory(descriptors: Descriptor[], config: Record<string, unknown>, warnings: string[]): { layers: LayerAnatomy[]; history: HistoryStep[] } {
  const layers: LayerAnatomy[] = descriptors.map((d) => ({ digest: d.digest, size: d.size, mediaType: d.mediaType }));
  const raw = Array.isArray(config.history) ? config.history : [];
  const history: HistoryStep[] = [];
  let next = 0;
  for (const entry of raw) {
    const e = (entry && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
    const step: HistoryStep = { empty: e.empty_layer === true };
    const createdBy = str(e.created_by);
    const created = str(e.created, 64);
    const comment = str(e.comment, 1024);
    if (createdBy !== undefined) step.createdBy = createdBy;
    if (created !== undefined) step.created = created;
    if (comment !== undefined) step.comment = comment;
    if (!step.empty) {
      if (next < layers.length) {
        step.layer = next;
        const layer = layers[next];
        if (createdBy !== undefined) layer.createdBy = createdBy;
        if (created !== undefined) layer.created = created;
        if (comment !== undefined) layer.comment = comment;
      }
      next++;
    }
    history.push(step);
  }
  if (raw.length > 0 && next !== layers.length) {
    warnings.push(`the config's history has ${next} steps that made a layer, but the manifest has ${layers.length} layers; the steps may be paired wrongly`);
  }
  const diffIds = (config.rootfs as { diff_ids?: unknown } | undefined)?.diff_ids;
  if (Array.isArray(diffIds) && diffIds.length !== layers.length) warnings.push(`the config lists ${diffIds.length} layers (rootfs.diff_ids), the manifest ${layers.length}`);
  return { layers, history };
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.every((s) => typeof s === 'string') ? v.map((s: string) => s.slice(0, 4096)) : undefined;
}

/** What a container of this image runs as: entrypoint, command, user, ports, and the names (never the values) of its env variables. */
function imageConfig(json: Record<string, unknown>, warnings: string[]): Omit<ImageAnatomy['config'], 'digest' | 'mediaType' | 'size'> {
  const c = (json.config && typeof json.config === 'object' ? json.config : {}) as Record<string, unknown>;
  const out: Omit<ImageAnatomy['config'], 'digest' | 'mediaType' | 'size'> = { exposedPorts: [], envNames: [] };
  const created = str(json.created, 64);
  if (created) out.created = created;
  const entrypoint = stringList(c.Entrypoint);
  const cmd = stringList(c.Cmd);
  if (entrypoint) out.entrypoint = entrypoint;
  if (cmd) out.cmd = cmd;
  const user = str(c.User, 256);
  if (user) out.user = user;
  const workingDir = str(c.WorkingDir, 1024);
  if (workingDir) out.workingDir = workingDir;
  if (c.ExposedPorts && typeof c.ExposedPorts === 'object') out.exposedPorts = Object.keys(c.ExposedPorts).slice(0, 1000).map((p) => p.slice(0, 64)).sort();
  if (Array.isArray(c.Env)) {
    for (const entry of c.Env.slice(0, 10_000)) {
      if (typeof entry !== 'string') continue;
      const eq = entry.indexOf('=');
      out.envNames.push((eq >= 0 ? entry.slice(0, eq) : entry).slice(0, 256));
    }
  } else if (c.Env !== undefined && c.Env !== null) warnings.push('the config\'s Env is not a list; its names are left out');
  return out;
}
