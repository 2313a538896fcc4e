// Above a size, the page's model carries pods in summary (`summary: true`):
// no volumes, no conditions, containers without ports, mounts, resources or
// IDs. The details panel is where those are wanted, and only for the one pod
// in view, so it asks for that whole pod (object:get) when a summarized pod,
// one of its containers, or one of its volumes (a link out of the whole pod)
// is selected. Meanwhile, and when the call fails, the panel shows what the
// summary has, with a line saying so.
//
// The whole pod is only for the panel: it never goes into the page's model,
// which patches own. It is kept by uid with the page's model revision it is
// good for; a newer revision asks again (the pod may have changed), with at
// most one call in flight per uid. A reply for a pod no longer in view is
// dropped, so a slow reply never paints over a later selection.

import type { ContainerModel, NodeModel, PodModel, VolumeModel } from '../../../main/model/types.ts';
import { MessageError, say, type Message } from '../../../main/i18n/index.ts';
import type { IndexEntry, ModelIndex } from '../model-index.ts';
import { detailsFor } from './build.ts';
import { containerDetails } from './container.ts';
import { podDetails } from './pod.ts';
import type { DetailContext, DetailNote, DetailView, Target } from './types.ts';
import { volumeDetails } from './volume.ts';

/** The reply of object:get; null when the object is gone. */
export interface ObjectReply {
  revision: number;
  pod?: PodModel;
  node?: NodeModel;
}

export interface FullPodOptions {
  /** Asks for one whole object by uid (object:get). */
  fetch(uid: string): Promise<ObjectReply | null | undefined>;
  /** A reply came that changes what the panel shows: paint it again. */
  changed(): void;
  /** How many whole pods are kept (the most recently used). */
  keep?: number;
}

/** What the panel shows: a view, and whether its object is gone. */
export interface PanelContent {
  view: DetailView;
  gone: boolean;
}

export interface FullPods {
  /**
   * The panel's content for the selection when it belongs to a summarized
   * pod, asking for the whole pod when it is missing or older than
   * `revision`; undefined when the selection is not such a thing (the panel
   * shows the model's own details then). Called on every paint of the panel,
   * also with no selection: it is how a late reply knows it is not wanted.
   */
  details(selection: Target | undefined, index: ModelIndex | undefined, revision: number, ctx: DetailContext): PanelContent | undefined;
  /** How many calls were made, for tests. */
  calls(): number;
}

interface Cached {
  /** The page's model revision this pod is good for. */
  revision: number;
  /** The whole pod; for a gone pod, the last one seen, if any. */
  pod?: PodModel;
  node?: NodeModel;
  gone: boolean;
}

interface Failure {
  revision: number;
  /** The call's error: a message said in the page's language when it is drawn, or someone else's text. */
  message: Message | string;
}

export function isSummarized(pod: PodModel | undefined): boolean {
  return !!pod && typeof pod === 'object' && pod.summary === true;
}

function arr<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]).filter((x) => x && typeof x === 'object') : [];
}

function messageOf(error: unknown): Message | string {
  if (error instanceof MessageError) return error.said;
  return error instanceof Error ? error.message : typeof error === 'string' ? error : String(error);
}

export function createFullPods(options: FullPodOptions): FullPods {
  const keep = Math.max(1, options.keep ?? 32);
  const cache = new Map<string, Cached>();
  /** uid → the page's revision the call was made at. */
  const inFlight = new Map<string, number>();
  const failures = new Map<string, Failure>();
  /** The pod whose whole self the panel wants now. */
  let wanted: string | undefined;
  let calls = 0;

  function remember(uid: string, entry: Cached): void {
    cache.delete(uid);
    cache.set(uid, entry);
    while (cache.size > keep) cache.delete(cache.keys().next().value!);
  }

  function request(uid: string, revision: number): void {
    if (inFlight.has(uid)) return;
    inFlight.set(uid, revision);
    calls += 1;
    let reply: Promise<ObjectReply | null | undefined>;
    try {
      reply = Promise.resolve(options.fetch(uid));
    } catch (error) {
      reply = Promise.reject(error);
    }
    reply.then(
      (r) => settle(uid, revision, r, undefined),
      (error: unknown) => settle(uid, revision, undefined, messageOf(error)),
    );
  }

  function settle(uid: string, askedAt: number, reply: ObjectReply | null | undefined, error: Message | string | undefined): void {
    inFlight.delete(uid);
    // The selection moved on: this reply paints nothing, and is not kept (a later selection asks anew).
    if (wanted !== uid) return;
    // The server may be ahead of the page: its pod is then good up to the server's revision.
    const revision = reply && Number.isSafeInteger(reply.revision) ? Math.max(askedAt, reply.revision) : askedAt;
    if (error === undefined && reply === null) {
      remember(uid, { revision, pod: cache.get(uid)?.pod, node: cache.get(uid)?.node, gone: true });
      failures.delete(uid);
    } else if (error === undefined && reply && typeof reply === 'object' && reply.pod && typeof reply.pod === 'object' && reply.pod.uid === uid) {
      remember(uid, { revision, pod: reply.pod, node: reply.node && typeof reply.node === 'object' ? reply.node : undefined, gone: false });
      failures.delete(uid);
    } else {
      // The call's own error, as written; none when the reply was not the pod (the note says so in the page's language).
      failures.set(uid, { revision: askedAt, message: error ?? '' });
    }
    options.changed();
  }

  /** The summarized pod the selection belongs to, and where in it the selection is. */
  function resolve(selection: Target, index: ModelIndex): { podUid: string; entry?: IndexEntry } | undefined {
    const entry = index.get(selection.uid);
    if (entry) {
      if (entry.kind === 'pod' && isSummarized(entry.pod)) return { podUid: entry.uid, entry };
      if (entry.kind === 'container' && isSummarized(entry.pod)) return { podUid: entry.pod.uid, entry };
      return undefined;
    }
    // Not in the model: a volume (or anything else) reached through a whole pod's links.
    for (const [podUid, cached] of cache) {
      const pod = cached.pod;
      if (!pod) continue;
      const inside =
        arr<VolumeModel>(pod.volumes).some((v) => v.uid === selection.uid) || arr<ContainerModel>(pod.containers).some((c) => c.uid === selection.uid);
      // Only while its pod is still in the model, summarized; otherwise the panel's "gone" handling applies.
      const podEntry = index.get(podUid);
      if (inside && podEntry?.kind === 'pod' && isSummarized(podEntry.pod)) return { podUid };
    }
    return undefined;
  }

  /** The selection's view out of the whole pod, if it is in there. */
  function wholeView(selection: Target, pod: PodModel, node: NodeModel | undefined, index: ModelIndex, ctx: DetailContext): DetailView | undefined {
    if (pod.uid === selection.uid) return podDetails(pod, node, ctx);
    const containers = arr<ContainerModel>(pod.containers);
    let container = containers.find((c) => c.uid === selection.uid);
    if (!container) {
      // Should the whole pod number its containers otherwise, the name and group still say which.
      const entry = index.get(selection.uid);
      if (entry?.kind === 'container') container = containers.find((c) => c.name === entry.container.name && c.group === entry.container.group);
    }
    if (container) return containerDetails(container, pod, ctx);
    const volume = arr<VolumeModel>(pod.volumes).find((v) => v.uid === selection.uid);
    if (volume) return volumeDetails(volume, pod, ctx, (name) => index.pod(name));
    return undefined;
  }

  return {
    details(selection, index, revision, ctx) {
      const found = selection && index ? resolve(selection, index) : undefined;
      if (found?.podUid !== wanted) {
        // Another pod in view: a failure of the one before is asked again when it comes back.
        if (wanted) failures.delete(wanted);
        wanted = found?.podUid;
      }
      if (!found || !selection || !index) return undefined;
      const { podUid } = found;

      const cached = cache.get(podUid);
      if (cached) remember(podUid, cached);
      const failure = failures.get(podUid);
      const failed = failure && failure.revision >= revision && (!cached || cached.revision <= failure.revision);
      if ((!cached || cached.revision < revision) && !failed) request(podUid, revision);

      const podEntry = index.get(podUid);
      const node = cached?.node ?? (podEntry?.kind === 'pod' ? podEntry.node : undefined);
      const whole = cached?.pod && !failed ? wholeView(selection, cached.pod, node, index, ctx) : undefined;
      // A container the whole pod does not hold (it changed since) still has its summary.
      const view = whole ?? (found.entry ? detailsFor(found.entry, index, ctx) : cached?.pod ? wholeView(selection, cached.pod, node, index, ctx) : undefined);
      if (!view) return undefined;

      const notes: DetailNote[] = [];
      if (failed) notes.push({ kind: 'warn', text: failure.message ? ctx.t('details.fullFailed', { message: say(ctx.t, failure.message) }) : ctx.t('details.fullMissing') });
      else if (!whole && inFlight.has(podUid)) notes.push({ kind: 'info', text: ctx.t('details.fullLoading') });
      return { view: notes.length ? { ...view, notes: [...notes, ...view.notes] } : view, gone: !!cached?.gone };
    },
    calls: () => calls,
  };
}
