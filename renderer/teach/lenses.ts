// The concept lenses: for each of C1–C11, what on the model shows the idea,
// as real examples (uids to highlight, sentences filled in with real names and
// values), best teaching example first. Pure and total: a model with nothing
// to show for a concept gives no examples and says what is missing; a lens
// never throws on odd data. Names and values from the cluster travel only as
// message parameters, so the page puts them into the DOM as text.

import { message, type Message } from '../../main/i18n/message.ts';
import { cachedImageRef } from '../../main/model/image.ts';
import type { AnatomyModel, ContainerModel, ImageRef, NodeImage, NodeModel, PodModel, VolumeModel } from '../../main/model/types.ts';
import { CONCEPT_IDS, type ConceptExample, type ConceptId, type LensResult, type LensTarget } from './concepts.ts';
import { arr, containerTarget, isSharedVolume, nodeTarget, podName, podTarget, running, volumeTarget } from './parts.ts';

export { isSharedVolume };

/** The kubelet's default --node-status-max-images: a node's status.images is cut to this many. */
export const KUBELET_IMAGE_LIST_LIMIT = 50;

/** How many names a sentence lists before it ends with "…" (the count is said beside it). */
const LIST_MAX = 4;

interface Ctx {
  model: AnatomyModel;
  nodes: NodeModel[];
  /** Every pod, scheduled ones first (in node order), then the unscheduled. */
  pods: PodModel[];
  nodeOf: Map<string, NodeModel>;
}

function ctxOf(model: AnatomyModel): Ctx {
  const nodes = arr(model?.nodes);
  const pods: PodModel[] = [];
  const nodeOf = new Map<string, NodeModel>();
  for (const n of nodes) {
    for (const p of arr(n.pods)) {
      pods.push(p);
      nodeOf.set(p.uid, n);
    }
  }
  pods.push(...arr(model?.unscheduled));
  return { model, nodes, pods, nodeOf };
}

// ------------------------------------------------------------------ helpers

/** The first names of a list, joined; "…" says there are more (the sentence gives the count). Names only what it shows. */
function list<T>(items: readonly T[], name: (t: T) => string = String): string {
  const shown = items.slice(0, LIST_MAX).map(name).join(', ');
  return items.length > LIST_MAX ? `${shown}, …` : shown;
}

const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease', 'local-path-storage']);

/** Workloads teach better than the cluster's own plumbing. */
function isSystem(p: PodModel): boolean {
  return SYSTEM_NAMESPACES.has(p.namespace);
}

/** Sorts by score, highest first; ties keep model order. */
function best<T>(items: T[], score: (t: T) => number): T[] {
  return items
    .map((item, i) => ({ item, i, s: score(item) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.item);
}

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '?';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(v >= 100 ? 0 : 1)} ${units[u]}`;
}

/** sha256:56440c9159da… : enough to tell digests apart in a sentence. */
export function shortDigest(d: string): string {
  const colon = d.indexOf(':');
  return colon >= 0 && d.length > colon + 13 ? `${d.slice(0, colon + 13)}…` : d;
}

function resourceText(r: Record<string, string> | undefined): string {
  return Object.entries(r ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
}

function result(concept: ConceptId, examples: ConceptExample[], notes: Message[] = []): LensResult {
  const r: LensResult = {
    concept,
    title: message(`lens.${concept}.title`),
    summary: message(`lens.${concept}.summary`),
    examples,
    notes,
  };
  if (!examples.length) r.missing = message(`lens.${concept}.missing`);
  return r;
}

function summarizedNote(ctx: Ctx): Message[] {
  return ctx.pods.some((p) => p.summary) ? [message('lens.note.summarized')] : [];
}

// ------------------------------------------------------------------ C1

function c1(ctx: Ctx): LensResult {
  const planes = ctx.nodes.filter((n) => n.role === 'control-plane');
  const workers = ctx.nodes.filter((n) => n.role !== 'control-plane');
  const examples = planes.map((n): ConceptExample => {
    const statics = arr(n.pods).filter((p) => p.static);
    const says: Message[] = [];
    if (statics.length) says.push(message('lens.C1.statics', { node: n.name, count: statics.length, pods: list(statics, (p) => p.name) }));
    else says.push(message('lens.C1.plane', { node: n.name }));
    if (workers.length) says.push(message('lens.C1.workers', { count: workers.length, nodes: list(workers, (w) => w.name) }));
    else says.push(message('lens.C1.alone', { node: n.name }));
    says.push(message('lens.C1.nesting'));
    return { focus: nodeTarget(n), targets: [nodeTarget(n), ...statics.map(podTarget), ...workers.map(nodeTarget)], says };
  });
  const notes = !planes.length && workers.length ? [message('lens.C1.hidden', { count: workers.length })] : [];
  // The plane with the most static pods shows the idea best.
  return result('C1', best(examples, (e) => e.targets.filter((t) => t.kind === 'pod').length), notes);
}

// ------------------------------------------------------------------ C2

function c2(ctx: Ctx): LensResult {
  const examples: Array<{ e: ConceptExample; score: number }> = [];
  for (const p of ctx.pods) {
    const containers = arr(p.containers);
    if (containers.length < 2) continue;
    const node = ctx.nodeOf.get(p.uid);
    const says: Message[] = [
      message(node ? 'lens.C2.pod' : 'lens.C2.unscheduled', {
        pod: p.name,
        count: containers.length,
        containers: list(containers, (c) => c.name),
        node: node?.name ?? '',
      }),
    ];
    for (const c of containers) {
      if (c.group === 'init') says.push(message('lens.C2.init', { container: c.name }));
      else if (c.group === 'sidecar') says.push(message('lens.C2.sidecar', { container: c.name }));
      else if (c.group === 'ephemeral') says.push(message('lens.C2.ephemeral', { container: c.name }));
    }
    const score = (isSystem(p) ? 0 : 100) + (p.status === 'Running' ? 10 : 0) + running(p).length;
    examples.push({ e: { focus: podTarget(p), targets: [podTarget(p)], says }, score });
  }
  return result('C2', best(examples, (x) => x.score).map((x) => x.e));
}

// ------------------------------------------------------------------ C3

/** The container others reach, and the port it declares (a declared containerPort when there is one). */
function listener(p: PodModel): { to: ContainerModel; from: ContainerModel; port?: number } | undefined {
  const live = running(p);
  if (live.length < 2) return undefined;
  const withPort = best(
    live.filter((c) => arr(c.ports).some((x) => Number.isFinite(x.containerPort))),
    (c) => (c.group === 'app' ? 1 : 0),
  );
  const to = withPort[0] ?? live[0];
  const from = live.find((c) => c !== to)!;
  const port = arr(to.ports).find((x) => Number.isFinite(x.containerPort))?.containerPort;
  return { to, from, port };
}

function c3(ctx: Ctx): LensResult {
  const examples: Array<{ e: ConceptExample; score: number }> = [];
  for (const p of ctx.pods) {
    if (!p.podIP) continue;
    const node = ctx.nodeOf.get(p.uid);
    const ips = arr(p.podIPs);
    const shared = !p.hostNetwork && running(p).length >= 2;
    const dual = ips.length >= 2;
    if (!shared && !p.hostNetwork && !dual) continue;
    const says: Message[] = [];
    let score = isSystem(p) ? 0 : 5;
    if (shared) {
      const live = running(p);
      says.push(message('lens.C3.shared', { pod: p.name, count: live.length, ip: p.podIP }));
      const l = listener(p);
      if (l && l.port !== undefined) says.push(message('lens.C3.localhostPort', { from: l.from.name, to: l.to.name, port: l.port }));
      else if (l) says.push(message('lens.C3.localhost', { from: l.from.name, to: l.to.name }));
      score += 100 + (l?.port !== undefined ? 20 : 0);
    }
    if (p.hostNetwork) {
      says.push(message('lens.C3.hostNetwork', { pod: p.name, ip: p.podIP, node: node?.name ?? p.nodeName ?? '' }));
      score += 30;
    }
    if (dual) {
      says.push(message('lens.C3.dualStack', { pod: p.name, count: ips.length, ips: ips.join(', ') }));
      score += 40;
    }
    examples.push({ e: { focus: podTarget(p), targets: [podTarget(p)], says }, score });
  }
  if (!examples.length) {
    // Only single-container pods: each still has an IP of its own.
    for (const p of ctx.pods) {
      if (!p.podIP) continue;
      const c = arr(p.containers)[0];
      examples.push({
        e: { focus: podTarget(p), targets: [podTarget(p)], says: [message('lens.C3.single', { pod: p.name, ip: p.podIP, container: c?.name ?? '' })] },
        score: isSystem(p) ? 0 : 1,
      });
    }
  }
  return result('C3', best(examples, (x) => x.score).map((x) => x.e), summarizedNote(ctx));
}

// ------------------------------------------------------------------ C4

/**
 * A container the kubelet's checks have something to say about: restarted, or started and not ready.
 * An ephemeral container (kubectl debug) has no readiness and is always reported ready: false, so
 * only its restarts count.
 */
export function isUnhealthy(p: PodModel, c: ContainerModel): boolean {
  if (!p.nodeName || c.group === 'init') return false;
  return (Number(c.restartCount) || 0) > 0 || (c.group !== 'ephemeral' && !c.ready && c.state?.kind !== 'terminated');
}

function c4(ctx: Ctx): LensResult {
  const volumes: Array<{ e: ConceptExample; score: number }> = [];
  const health: ConceptExample[] = [];
  const healthy: Array<{ e: ConceptExample; score: number }> = [];
  for (const p of ctx.pods) {
    const containers = arr(p.containers);
    for (const v of arr(p.volumes)) {
      if (!isSharedVolume(v)) continue;
      const users = arr(v.mountedBy);
      const says: Message[] = [
        message('lens.C4.sharedVolume', { pod: p.name, volume: v.name, type: v.type, count: users.length, containers: list(users, (u) => u.container) }),
      ];
      for (const u of users) says.push(message(u.readOnly ? 'lens.C4.mountReadOnly' : 'lens.C4.mount', { container: u.container, path: u.mountPath }));
      const mounted = containers.filter((c) => users.some((u) => u.container === c.name && u.group === c.group));
      volumes.push({
        e: { focus: volumeTarget(p, v), targets: [volumeTarget(p, v), ...mounted.map((c) => containerTarget(p, c))], says },
        score: (isSystem(p) ? 0 : 10) + (v.type === 'emptyDir' ? 5 : 0),
      });
    }
    const sick = containers.filter((c) => isUnhealthy(p, c));
    // Readiness and restarts are the kubelet's care for every container, not only a failing one: the
    // healthy ones say so too ("nginx: ready, 0 restarts"), after the examples with something to show.
    const well = p.nodeName ? running(p).filter((c) => c.ready && c.state?.kind === 'running' && !isUnhealthy(p, c)) : [];
    if (well.length) {
      healthy.push({
        e: {
          focus: containerTarget(p, well[0]),
          targets: well.map((c) => containerTarget(p, c)),
          says: well.map((c) => message('lens.C4.healthy', { container: c.name, pod: p.name, restarts: Number(c.restartCount) || 0 })),
        },
        score: isSystem(p) ? 0 : 1,
      });
    }
    if (sick.length) {
      health.push({
        focus: containerTarget(p, sick[0]),
        targets: sick.map((c) => containerTarget(p, c)),
        says: sick.map((c) =>
          message(c.ready ? 'lens.C4.restarted' : 'lens.C4.notReady', {
            container: c.name,
            pod: p.name,
            restarts: Number(c.restartCount) || 0,
            state: c.state?.reason ?? c.state?.kind ?? '',
          }),
        ),
      });
    }
  }
  const claims: ConceptExample[] = [];
  const byName = new Map(ctx.pods.map((p) => [podName(p), p] as const));
  for (const claim of arr(ctx.model?.sharedClaims)) {
    const pods = arr(claim.pods)
      .map((n) => byName.get(n))
      .filter((p): p is PodModel => !!p);
    if (pods.length < 2) continue;
    const targets: LensTarget[] = [];
    for (const p of pods) {
      for (const v of arr(p.volumes)) if (v.claim && v.claim.name === claim.claim && (v.claim.namespace || p.namespace) === claim.namespace) targets.push(volumeTarget(p, v));
    }
    // A summarized model (over 20,000 pods) sends pods without their volumes while its claim list is
    // complete: the pods themselves show the claim then, so the example still highlights its focus.
    if (targets.length === 0) targets.push(...pods.map(podTarget));
    claims.push({
      focus: targets[0],
      targets,
      says: [message('lens.C4.sharedClaim', { claim: claim.claim, count: pods.length, pods: list(pods, (p) => p.name) })],
    });
  }
  const examples = [...best(volumes, (x) => x.score).map((x) => x.e), ...claims, ...health, ...best(healthy, (x) => x.score).map((x) => x.e)];
  const notes = [message('lens.C4.injected'), ...summarizedNote(ctx)];
  return result('C4', examples, notes);
}

// ------------------------------------------------------------------ C5

export function hasResources(c: ContainerModel): boolean {
  return Object.keys(c.resources?.requests ?? {}).length > 0 || Object.keys(c.resources?.limits ?? {}).length > 0;
}

function c5(ctx: Ctx): LensResult {
  const containers: Array<{ e: ConceptExample; score: number }> = [];
  for (const p of ctx.pods) {
    const node = ctx.nodeOf.get(p.uid);
    for (const c of arr(p.containers)) {
      if (!hasResources(c)) continue;
      const requests = resourceText(c.resources.requests);
      const limits = resourceText(c.resources.limits);
      const id = requests && limits ? 'lens.C5.both' : requests ? 'lens.C5.requests' : 'lens.C5.limits';
      const says: Message[] = [message(id, { container: c.name, pod: p.name, requests, limits })];
      if (node?.info?.kernelVersion) says.push(message('lens.C5.sharesKernel', { container: c.name, node: node.name, kernel: node.info.kernelVersion }));
      containers.push({
        e: { focus: containerTarget(p, c), targets: [containerTarget(p, c)], says },
        score: (requests && limits ? 10 : 0) + (isSystem(p) ? 0 : 5) + (c.group === 'app' ? 1 : 0),
      });
    }
  }
  const nodes: ConceptExample[] = [];
  for (const n of ctx.nodes) {
    const kernel = n.info?.kernelVersion;
    if (!kernel) continue;
    const count = arr(n.pods).reduce((s, p) => s + arr(p.containers).length, 0);
    nodes.push({
      focus: nodeTarget(n),
      targets: [nodeTarget(n)],
      says: [message('lens.C5.kernel', { node: n.name, kernel, os: n.info?.osImage ?? n.info?.operatingSystem ?? '?', count })],
    });
  }
  const ranked = best(containers, (x) => x.score).map((x) => x.e);
  // The best container first, then the nodes whose kernel it shares, then the other containers.
  const examples = [...ranked.slice(0, 1), ...nodes, ...ranked.slice(1)];
  return result('C5', examples, summarizedNote(ctx));
}

// ------------------------------------------------------------------ C6

function c6(ctx: Ctx): LensResult {
  const examples: ConceptExample[] = [];
  const kinds = new Set<string>();
  for (const n of ctx.nodes) {
    const rt = n.runtime;
    if (!rt || !rt.raw) continue;
    const name = rt.name || rt.raw;
    kinds.add(name);
    examples.push({
      focus: nodeTarget(n),
      targets: [nodeTarget(n)],
      says: [message(rt.version ? 'lens.C6.node' : 'lens.C6.nodeRaw', { node: n.name, runtime: name, version: rt.version, raw: rt.raw, kubelet: n.info?.kubeletVersion ?? '?' })],
    });
  }
  const notes = kinds.size > 1 ? [message('lens.C6.mixed', { count: kinds.size, runtimes: [...kinds].join(', ') })] : [];
  // A cluster that mixes runtimes teaches the idea best: the rarer one first.
  const count = (e: ConceptExample) => examples.filter((x) => x.says[0].params?.runtime === e.says[0].params?.runtime).length;
  return result('C6', best(examples, (e) => -count(e)), notes);
}

// ------------------------------------------------------------------ C7

/** How an image of the cache is called in a sentence: by a tag when it has one (a digest name reads worse). */
function imageName(names: string[] | undefined): string {
  const all = arr(names);
  return all.find((n) => !n.includes('@')) ?? all[0] ?? '?';
}

/** The forms a container's image may be listed under in a node's cache: as written, canonical, and by each digest it has. */
function imageKeys(c: ContainerModel): string[] {
  const img = c.image;
  const keys = [img?.raw, img?.canonical];
  if (img?.digest) keys.push(`${img.registry}/${img.repository}@${img.digest}`);
  if (img && c.resolvedDigest && c.resolvedDigestKind !== 'image-id') keys.push(`${img.registry}/${img.repository}@${c.resolvedDigest}`);
  return keys.filter((k): k is string => !!k);
}

/**
 * The same forms for each name a node lists, mapped to the image's index. Nodes on Docker list
 * short names (nginx:1.25, nginx@sha256:…), containerd full ones: both are compared canonical.
 */
function cacheKeys(images: NodeImage[]): Map<string, number> {
  const keys = new Map<string, number>();
  images.forEach((image, i) => {
    for (const name of arr(image.names)) {
      if (typeof name !== 'string' || !name) continue;
      keys.set(name, i);
      const ref = cachedImageRef(name);
      if (ref.invalid) continue;
      keys.set(ref.canonical, i);
      if (ref.digest) keys.set(`${ref.registry}/${ref.repository}@${ref.digest}`, i);
    }
  });
  return keys;
}

export function cacheFull(n: NodeModel): boolean {
  return arr(n.images).length >= KUBELET_IMAGE_LIST_LIMIT;
}

function c7(ctx: Ctx): LensResult {
  const examples: Array<{ e: ConceptExample; score: number }> = [];
  let anyFull = false;
  for (const n of ctx.nodes) {
    const images = arr(n.images);
    if (!images.length) continue;
    const total = images.reduce((s, i) => s + (Number(i.sizeBytes) || 0), 0);
    const largest = images.reduce((a, b) => ((Number(b.sizeBytes) || 0) > (Number(a.sizeBytes) || 0) ? b : a));
    const says: Message[] = [
      message('lens.C7.cache', { node: n.name, count: images.length, size: formatBytes(total), image: imageName(largest.names), imageSize: formatBytes(Number(largest.sizeBytes) || 0) }),
    ];
    const used = new Set<number>();
    const listed = cacheKeys(images);
    let example: { c: ContainerModel; p: PodModel; size: number } | undefined;
    for (const p of arr(n.pods)) {
      for (const c of arr(p.containers)) {
        if (c.state?.kind !== 'running') continue;
        const at = imageKeys(c).map((k) => listed.get(k)).find((i) => i !== undefined);
        if (at === undefined) continue;
        used.add(at);
        if (!example || (isSystem(example.p) && !isSystem(p))) example = { c, p, size: Number(images[at].sizeBytes) || 0 };
      }
    }
    if (example) says.push(message('lens.C7.running', { container: example.c.name, pod: example.p.name, image: example.c.image?.raw ?? '?', size: formatBytes(example.size) }));
    const full = cacheFull(n);
    if (full) {
      anyFull = true;
      // A cut list cannot tell what is not cached; call nothing uncached or unused.
      says.push(message('lens.C7.full', { node: n.name, count: images.length }));
    } else {
      const unused = images.filter((_, i) => !used.has(i));
      if (unused.length) {
        const big = unused[0];
        says.push(message('lens.C7.unused', { node: n.name, count: unused.length, image: imageName(big.names), size: formatBytes(Number(big.sizeBytes) || 0) }));
      } else says.push(message('lens.C7.allUsed', { node: n.name }));
    }
    examples.push({ e: { focus: nodeTarget(n), targets: [nodeTarget(n)], says }, score: (example ? 1 : 0) + (full ? 0 : 2) });
  }
  const notes = [message(anyFull ? 'lens.C7.limitReached' : 'lens.C7.limit', { limit: KUBELET_IMAGE_LIST_LIMIT })];
  return result('C7', best(examples, (x) => x.score).map((x) => x.e), notes);
}

// ------------------------------------------------------------------ C8–C11: images, grouped by reference

interface ImageUse {
  image: ImageRef;
  uses: Array<{ p: PodModel; c: ContainerModel }>;
}

function imageUses(ctx: Ctx, keep: (img: ImageRef, c: ContainerModel) => boolean): ImageUse[] {
  const by = new Map<string, ImageUse>();
  for (const p of ctx.pods) {
    for (const c of arr(p.containers)) {
      const img = c.image;
      if (!img || typeof img.raw !== 'string' || !keep(img, c)) continue;
      let u = by.get(img.raw);
      if (!u) by.set(img.raw, (u = { image: img, uses: [] }));
      u.uses.push({ p, c });
    }
  }
  return [...by.values()];
}

function usedBy(u: ImageUse): Message {
  if (u.uses.length === 1) return message('lens.image.usedByOne', { container: u.uses[0].c.name, pod: u.uses[0].p.name });
  return message('lens.image.usedBy', { count: u.uses.length, containers: list(u.uses, ({ p, c }) => `${c.name} (${p.name})`) });
}

function imageExample(u: ImageUse, says: Message[]): ConceptExample {
  const first = u.uses[0];
  return { focus: containerTarget(first.p, first.c), targets: u.uses.map(({ p, c }) => containerTarget(p, c)), says: [...says, usedBy(u)] };
}

function c8(ctx: Ctx): LensResult {
  const uses = imageUses(ctx, (img) => !img.invalid);
  const examples = best(uses, (u) => {
    const d = u.image.defaulted ?? { registry: false, owner: false, tag: false };
    return (d.registry ? 4 : 0) + (d.owner ? 4 : 0) + (d.tag ? 1 : 0) + (u.uses.some(({ p }) => !isSystem(p)) ? 2 : 0);
  }).map((u) => {
    const img = u.image;
    const d = img.defaulted ?? { registry: false, owner: false, tag: false };
    const params = { raw: img.raw, registry: img.registry, owner: img.owner ?? '', name: img.name, tag: img.tag ?? '', digest: img.digest ? shortDigest(img.digest) : '' };
    const says: Message[] = [message(img.owner ? (img.tag ? 'lens.C8.parts' : 'lens.C8.partsDigest') : img.tag ? 'lens.C8.partsNoOwner' : 'lens.C8.partsNoOwnerDigest', params)];
    if (d.registry) says.push(message('lens.C8.defaultRegistry', params));
    if (d.owner) says.push(message('lens.C8.defaultOwner', params));
    if (d.tag) says.push(message('lens.C8.defaultTag', params));
    if (!d.registry && !d.owner && !d.tag) says.push(message('lens.C8.written', params));
    return imageExample(u, says);
  });
  return result('C8', examples);
}

function c9(ctx: Ctx): LensResult {
  const uses = imageUses(ctx, (img) => !!img.tagWarning);
  const examples = best(uses, (u) => (u.image.tagWarning === 'missing' ? 2 : 1) + (u.uses.some(({ p }) => !isSystem(p)) ? 2 : 0)).map((u) =>
    imageExample(u, [message(u.image.tagWarning === 'missing' ? 'lens.C9.missingTag' : 'lens.C9.latest', { raw: u.image.raw, canonical: u.image.canonical })]),
  );
  return result('C9', examples);
}

function c10(ctx: Ctx): LensResult {
  const uses = imageUses(ctx, (img, c) => !!img.digest || !!c.resolvedDigest);
  const examples = best(uses, (u) => (u.image.digest ? 10 : 0) + (u.uses.some(({ p }) => !isSystem(p)) ? 2 : 0)).map((u) => {
    const img = u.image;
    const resolved = u.uses.find(({ c }) => c.resolvedDigest)?.c;
    const says: Message[] = [];
    if (img.digest) {
      says.push(message('lens.C10.pinned', { raw: img.raw, digest: shortDigest(img.digest) }));
      if (resolved?.resolvedDigest && resolved.resolvedDigestKind !== 'image-id') {
        says.push(message(resolved.resolvedDigest === img.digest ? 'lens.C10.sameDigest' : 'lens.C10.otherDigest', { digest: shortDigest(resolved.resolvedDigest) }));
      }
    } else if (resolved?.resolvedDigest) {
      const kind = resolved.resolvedDigestKind === 'image-id' ? 'lens.C10.imageId' : 'lens.C10.resolved';
      says.push(message(kind, { raw: img.raw, tag: img.tag ?? 'latest', digest: shortDigest(resolved.resolvedDigest) }));
    }
    return imageExample(u, says);
  });
  // The layers themselves come from the registry, in a container's details (details/image-anatomy.ts).
  return result('C10', examples, [message('image.lens.C10')]);
}

function c11(ctx: Ctx): LensResult {
  const uses = imageUses(ctx, (img) => img.official === true);
  const examples = best(uses, (u) => (u.uses.some(({ p }) => !isSystem(p)) ? 2 : 0) + u.uses.length / 1000).map((u) =>
    imageExample(u, [message('lens.C11.official', { raw: u.image.raw, name: u.image.name, canonical: u.image.canonical })]),
  );
  return result('C11', examples, [message('lens.C11.search')]);
}

// ------------------------------------------------------------------ entry points

const LENSES: Record<ConceptId, (ctx: Ctx) => LensResult> = { C1: c1, C2: c2, C3: c3, C4: c4, C5: c5, C6: c6, C7: c7, C8: c8, C9: c9, C10: c10, C11: c11 };

export function lensFor(concept: ConceptId, model: AnatomyModel): LensResult {
  const lens = LENSES[concept];
  if (!lens) throw new Error(`lensFor: unknown concept ${JSON.stringify(concept)} (expected one of ${CONCEPT_IDS.join(', ')})`);
  return lens(ctxOf(model));
}

/** Every target of every example, once each (first seen first): what the view highlights. */
export function lensTargets(result: Pick<LensResult, 'examples'>): LensTarget[] {
  const seen = new Set<string>();
  const out: LensTarget[] = [];
  for (const e of result.examples) {
    for (const t of e.targets) {
      if (seen.has(t.uid)) continue;
      seen.add(t.uid);
      out.push(t);
    }
  }
  return out;
}
