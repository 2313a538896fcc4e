// image:get: the anatomy of the image one container runs, from its registry.
// The session looks the container up in its whole model, takes the platform
// from the pod's node and the running digest from the container's imageID,
// and asks the registry client (loaded on first use, with its disk cache).
// One container at a time, when its details open: a manifest GET counts as a
// pull on Docker Hub, so nothing here ever walks the cluster's images.
//
// Every failure is an answer with a state, never a thrown error, and nothing
// here waits on the model pipeline: the drawing goes on while the registry
// answers. Credentials stay inside the registry client; an answer holds only
// what ImageAnatomy holds, which never carries one.

import path from 'node:path';
import type { Clock } from '../common/clock.ts';
import type { ImageAnswer, ImageErrorKind, ImageRequest, ImageStage, ImageStageEvent, NodeCacheView } from '../contract/image.ts';
import type { ModelUpdate } from '../contract/api.ts';
import { parseImageRef } from '../model/image.ts';
import type { ContainerModel, ImageRef, ModelSource, NodeModel, PodModel } from '../model/types.ts';
import type { RegistryErrorKind } from '../registry/errors.ts';
import type { AnatomyOptions } from '../registry/client.ts';
import type { Platform } from '../registry/platform.ts';
import type { ImageAnatomy } from '../registry/types.ts';
import { withoutEnvValues } from '../registry/mask.ts';

/** What the session needs of a registry client (a fake in tests). */
export interface ImageRegistry {
  anatomy(reference: ImageRef, options: AnatomyOptions): Promise<ImageAnatomy>;
  close?(): void;
}

export interface ImageLookupOptions {
  model(): ModelUpdate | null;
  source(): ModelSource | undefined;
  env: Record<string, string | undefined>;
  home: string;
  /** A registry of the caller's own (tests); else the real client, made on first use. */
  registry?: ImageRegistry;
  clock?: Clock;
  /** Per request to the registry; the app's default is shorter than the CLI's. */
  timeoutMs?: number;
  /** Told how far each question in flight has come, once for every container waiting on it (the 'image-stage' event). */
  onStage?: (event: ImageStageEvent) => void;
}

/** A question to the registry, in flight (at -1) or answered at `at`. */
interface Asked {
  at: number;
  answer: Promise<ImageAnatomy>;
  /** The containers waiting on it, by pod uid and name: each is told the stages. */
  waiting: Map<string, { podUid: string; container: string }>;
  /** The last stage reached, for a container that joins the question late. */
  stage?: { stage: ImageStage; platform?: string };
}

/** Answers kept in memory: a container opened again within this long is not asked again. */
const FRESH_MS = 60_000;
const MAX_REMEMBERED = 256;

interface Known {
  /** Names this image is listed by: registry/repository:tag and registry/repository@digest forms. */
  keys: Set<string>;
  layers: string[];
  ref: string;
}

export class ImageLookups {
  readonly #options: ImageLookupOptions;
  #registry: Promise<ImageRegistry> | undefined;
  /** In flight or recently answered, by image, platform and running digest. */
  readonly #answers = new Map<string, Asked>();
  /** Every manifest fetched this session, for the layers a node shares between images. */
  readonly #known = new Map<string, Known>();

  constructor(options: ImageLookupOptions) {
    this.#options = options;
  }

  close(): void {
    const registry = this.#registry;
    this.#registry = undefined;
    void registry?.then((r) => r.close?.(), () => {});
  }

  async answer(req: ImageRequest): Promise<ImageAnswer> {
    const found = this.#find(req);
    if ('state' in found) return found;
    const { pod, container, node } = found;
    const image = container.image;
    const ref = image.raw;
    if (image.invalid) return { state: 'unavailable', reason: 'invalid-ref', ref, detail: image.invalid };
    const source = this.#options.source()?.kind;
    if ((source === 'snapshot' || source === 'demo') && !req.ask) return { state: 'not-asked', ref, source };

    const fromNode = platformOf(node);
    const platform = fromNode ?? (await machinePlatform());
    // Only a repo digest can be compared with what the tag names; an image id is the config's digest.
    const running = container.resolvedDigestKind === 'repo-digest' ? container.resolvedDigest : undefined;
    let anatomy: ImageAnatomy;
    try {
      anatomy = await this.#ask(image, platform, running, req.ask === true, { podUid: req.podUid, container: req.container });
    } catch (error) {
      return errorAnswer(ref, error);
    }
    this.#remember(image, anatomy);
    const view = withoutEnvValues(anatomy);
    const answer: Extract<ImageAnswer, { state: 'anatomy' }> = {
      state: 'anatomy',
      ref,
      platformFrom: fromNode ? 'node' : 'machine',
      anatomy: view,
      sharedWith: anatomy.layers.map(() => []),
    };
    if (!anatomy.tagCheck) answer.driftUnknown = !image.tag ? 'digest-only' : container.resolvedDigestKind === 'image-id' ? 'image-id' : 'no-running-digest';
    if (node) {
      const others = this.#othersOn(node, pod, container, anatomy);
      answer.sharedWith = anatomy.layers.map((l) => others.filter((o) => o.layers.includes(l.digest)).map((o) => o.ref));
      answer.nodeCache = nodeCache(node, image, anatomy, running, answer.sharedWith);
    }
    return answer;
  }

  #find(req: ImageRequest): { pod: PodModel; container: ContainerModel; node: NodeModel | undefined } | Extract<ImageAnswer, { state: 'unavailable' }> {
    const model = this.#options.model()?.model;
    if (model) {
      for (const node of [...model.nodes, undefined]) {
        for (const pod of node ? node.pods : model.unscheduled) {
          if (pod.uid !== req.podUid) continue;
          const container = pod.containers.find((c) => c.name === req.container);
          if (!container) return { state: 'unavailable', reason: 'no-container' };
          return { pod, container, node };
        }
      }
    }
    return { state: 'unavailable', reason: 'no-pod' };
  }

  async #ask(image: ImageRef, platform: Platform, running: string | undefined, again: boolean, asker: { podUid: string; container: string }): Promise<ImageAnatomy> {
    const now = (this.#options.clock ?? Date).now();
    const key = `${image.canonical}\n${platform.os}/${platform.architecture}/${platform.variant ?? ''}\n${running ?? ''}`;
    const kept = this.#answers.get(key);
    const askerKey = `${asker.podUid}\n${asker.container}`;
    // A retry (or "Ask the registry" again) asks anew unless the same question is still in flight.
    if (kept && kept.at === -1) {
      // Joins the question: told the stage it has reached, and the ones to come.
      if (!kept.waiting.has(askerKey)) {
        kept.waiting.set(askerKey, asker);
        if (kept.stage) this.#tell(asker, kept.stage);
      }
      return kept.answer;
    }
    if (kept && !again && now - kept.at < FRESH_MS) return kept.answer;
    const registry = (this.#registry ??= this.#makeRegistry());
    // The registry calls it later, once the entry below is made; once answered, no one is waiting.
    const onStage = (stage: ImageStage, chosen?: Platform): void => {
      entry.stage = chosen ? { stage, platform: `${chosen.os}/${chosen.architecture}${chosen.variant ? `/${chosen.variant}` : ''}` } : { stage };
      for (const waiting of entry.waiting.values()) this.#tell(waiting, entry.stage);
    };
    // Kept before anything is awaited, so a second look at once joins this question.
    const entry: Asked = {
      at: -1,
      answer: registry.then((r) => r.anatomy(image, running ? { platform, runningDigest: running, onStage } : { platform, onStage })),
      waiting: new Map([[askerKey, asker]]),
    };
    this.#answers.set(key, entry);
    while (this.#answers.size > MAX_REMEMBERED) this.#answers.delete(this.#answers.keys().next().value!);
    entry.answer.then(
      () => {
        entry.at = (this.#options.clock ?? Date).now();
        entry.waiting.clear();
      },
      // A failure is not kept: the next look asks again.
      () => {
        entry.at = 0;
        entry.waiting.clear();
        if (this.#answers.get(key) === entry) this.#answers.delete(key);
      },
    );
    return entry.answer;
  }

  #tell(asker: { podUid: string; container: string }, stage: { stage: ImageStage; platform?: string }): void {
    try {
      this.#options.onStage?.({ ...asker, ...stage });
    } catch {
      // A listener's failure costs only the loading text.
    }
  }

  async #makeRegistry(): Promise<ImageRegistry> {
    if (this.#options.registry) return this.#options.registry;
    // Loaded on first use: a session that never opens a container's image never loads the client.
    const [{ RegistryClient }, { DigestCache, defaultCacheDir }] = await Promise.all([import('../registry/client.ts'), import('../registry/cache.ts')]);
    const env = this.#options.env as NodeJS.ProcessEnv;
    return new RegistryClient({
      cache: new DigestCache(defaultCacheDir(env)),
      timeoutMs: this.#options.timeoutMs ?? 10_000,
      // The answer waits no longer than this for a 429: past it, the error says when to try again.
      maxRetryAfterMs: 10_000,
      env,
      dockerConfigDir: env.DOCKER_CONFIG || path.join(this.#options.home, '.docker'),
      ...(this.#options.clock ? { clock: this.#options.clock } : {}),
    });
  }

  #remember(image: ImageRef, anatomy: ImageAnatomy): void {
    const keys = new Set(imageKeys(image));
    const base = `${image.registry}/${image.repository}`;
    if (anatomy.index) keys.add(`${base}@${anatomy.index.digest}`);
    keys.add(`${base}@${anatomy.manifest.digest}`);
    const id = `${base}@${anatomy.manifest.digest}`;
    const known = this.#known.get(id);
    if (known) for (const k of keys) known.keys.add(k);
    else this.#known.set(id, { keys, layers: anatomy.layers.map((l) => l.digest), ref: image.raw });
    while (this.#known.size > MAX_REMEMBERED) this.#known.delete(this.#known.keys().next().value!);
  }

  /** Other images known (fetched) that the node holds or runs, each with its layers. */
  #othersOn(node: NodeModel, pod: PodModel, container: ContainerModel, anatomy: ImageAnatomy): Known[] {
    const onNode = new Set<string>();
    for (const entry of node.images) for (const name of entry.names) for (const k of nameKeys(name)) onNode.add(k);
    for (const p of node.pods) {
      for (const c of p.containers) {
        if (p.uid === pod.uid && c.name === container.name) continue;
        for (const k of imageKeys(c.image)) onNode.add(k);
        if (c.resolvedDigestKind === 'repo-digest' && c.resolvedDigest) onNode.add(`${c.image.registry}/${c.image.repository}@${c.resolvedDigest}`);
      }
    }
    const self = `${container.image.registry}/${container.image.repository}@${anatomy.manifest.digest}`;
    return [...this.#known.entries()].filter(([id, k]) => id !== self && [...k.keys].some((key) => onNode.has(key))).map(([, k]) => k);
  }
}

/** The names a reference is listed by on a node: registry/repository:tag and registry/repository@digest. */
export function imageKeys(image: ImageRef): string[] {
  const base = `${image.registry}/${image.repository}`;
  const keys: string[] = [];
  if (image.tag && !(image.defaulted.tag && image.digest)) keys.push(`${base}:${image.tag}`);
  if (image.digest) keys.push(`${base}@${image.digest}`);
  return keys;
}

/** A node.status.images name, normalized the way pod specs are (docker.io/library/ added). */
function nameKeys(name: string): string[] {
  const ref = parseImageRef(name);
  return ref.invalid ? [] : imageKeys(ref);
}

function platformOf(node: NodeModel | undefined): Platform | undefined {
  const os = node?.info?.operatingSystem;
  const architecture = node?.info?.architecture;
  return os && architecture ? { os, architecture } : undefined;
}

async function machinePlatform(): Promise<Platform> {
  const { hostPlatform } = await import('../registry/platform.ts');
  return hostPlatform(process.platform, process.arch);
}

function nodeCache(node: NodeModel, image: ImageRef, anatomy: ImageAnatomy, running: string | undefined, sharedWith: string[][]): NodeCacheView {
  const base = `${image.registry}/${image.repository}`;
  const digests = new Set([anatomy.manifest.digest, anatomy.index?.digest, running, image.digest].filter((d): d is string => !!d).map((d) => `${base}@${d}`));
  const tagKey = image.tag ? `${base}:${image.tag}` : undefined;
  let held: NodeCacheView['held'] = 'no';
  let heldSizeBytes: number | undefined;
  for (const entry of node.images) {
    const keys = entry.names.flatMap(nameKeys);
    if (keys.some((k) => digests.has(k))) {
      held = 'digest';
      heldSizeBytes = entry.sizeBytes;
      break;
    }
    if (held === 'no' && tagKey && keys.includes(tagKey)) {
      held = 'tag';
      heldSizeBytes = entry.sizeBytes;
    }
  }
  const sharedBytes = anatomy.layers.reduce((sum, l, i) => sum + (sharedWith[i].length > 0 ? l.size : 0), 0);
  const out: NodeCacheView = { node: node.name, held, pullBytes: held === 'digest' ? 0 : anatomy.totalSize - sharedBytes, sharedBytes };
  if (heldSizeBytes !== undefined) out.heldSizeBytes = heldSizeBytes;
  return out;
}

const KINDS: ReadonlySet<RegistryErrorKind> = new Set(['unreachable', 'timeout', 'auth', 'not-found', 'rate-limited', 'too-large', 'invalid', 'redirects', 'unsupported', 'http']);

function errorAnswer(ref: string, error: unknown): ImageAnswer {
  const e = error as { kind?: unknown; message?: unknown; name?: unknown };
  const known = e && e.name === 'RegistryError' && KINDS.has(e.kind as RegistryErrorKind);
  const kind: ImageErrorKind = known ? (e.kind as ImageErrorKind) : 'internal';
  const message = typeof e?.message === 'string' ? e.message.slice(0, 2000) : String(error).slice(0, 2000);
  const answer: Extract<ImageAnswer, { state: 'error' }> = { state: 'error', ref, kind, message };
  // The transport's sentence says how long the registry asked to wait.
  const wait = kind === 'rate-limited' ? /asks to wait (\d+) s/.exec(message) : null;
  if (wait) answer.retryAfterSeconds = Number(wait[1]);
  return answer;
}

