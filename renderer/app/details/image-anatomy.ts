// The registry's half of a container's Image section: its layers, platform,
// what it runs, whether its node has it, and whether its tag has moved.
// Asked (image:get) once when a container's details first show, kept per
// container, image and running digest, so the panel's repaint on every model
// change never asks again. One element per container is kept and filled in
// place when the answer comes: the rest of the panel is not painted again.
// While it is asked, the loading text follows the registry client's steps
// (the 'image-stage' event): the tag, the index, the platform's manifest, the
// config. Every value from the registry or the cluster reaches the DOM as text
// or an attribute value (dom.ts el), never as markup.

import type { ImageAnswer, ImageRequest, ImageStage, ImageStageEvent } from '../../../main/contract/image.ts';
import type { ContainerModel } from '../../../main/model/types.ts';
import { el } from '../dom.ts';
import type { Lang, Translate } from '../strings.ts';
import { humanBytes } from '../units.ts';
import { str } from './common.ts';
import { errorText } from '../status-text.ts';

export interface ImageAnatomyOptions {
  /** image:get */
  ask(req: ImageRequest): Promise<ImageAnswer>;
  /** Subscribes to the 'image-stage' event (how far an image:get in flight has come); returns the unsubscribe. */
  stages?(listener: (event: ImageStageEvent) => void): () => void;
  /** How many containers' answers are kept (the most recently shown). */
  keep?: number;
}

export interface ImageAnatomyTarget {
  podUid: string;
  container: ContainerModel;
}

export interface ImageAnatomySection {
  /** The element to put in the container's Image section; asks the registry the first time. */
  element(target: ImageAnatomyTarget, t: Translate, lang: Lang): HTMLElement;
  /** How many image:get calls were made, for tests. */
  calls(): number;
}

type Shown = { kind: 'loading'; stage?: ImageStage; platform?: string } | { kind: 'answer'; answer: ImageAnswer } | { kind: 'failed'; error: unknown };

const STAGES: ReadonlySet<string> = new Set<ImageStage>(['tag', 'index', 'manifest', 'config']);

interface Entry {
  req: ImageRequest;
  container: ContainerModel;
  shown: Shown;
  node: HTMLElement;
  /** What the node was last filled for: the state and the language. */
  filled?: { shown: Shown; lang: Lang };
  t: Translate;
  lang: Lang;
}

const short = (digest: string | undefined): string => {
  const d = str(digest);
  const colon = d.indexOf(':');
  return colon > 0 ? `${d.slice(0, colon + 1)}${d.slice(colon + 1, colon + 13)}` : d.slice(0, 19);
};

export function createImageAnatomy(doc: Document, options: ImageAnatomyOptions): ImageAnatomySection {
  const keep = Math.max(1, options.keep ?? 32);
  const entries = new Map<string, Entry>();
  let calls = 0;

  // A stage for a container whose answer is still awaited: its loading text moves on.
  options.stages?.((event) => {
    if (!event || typeof event !== 'object' || !STAGES.has(event.stage)) return;
    for (const entry of entries.values()) {
      if (entry.shown.kind !== 'loading' || entry.req.podUid !== event.podUid || entry.req.container !== event.container) continue;
      entry.shown = typeof event.platform === 'string' ? { kind: 'loading', stage: event.stage, platform: event.platform } : { kind: 'loading', stage: event.stage };
      fill(entry);
    }
  });

  function ask(entry: Entry, force: boolean): void {
    calls += 1;
    entry.shown = { kind: 'loading' };
    fill(entry);
    const req: ImageRequest = force ? { ...entry.req, ask: true } : entry.req;
    let reply: Promise<ImageAnswer>;
    try {
      reply = Promise.resolve(options.ask(req));
    } catch (error) {
      reply = Promise.reject(error);
    }
    reply.then(
      (answer) => settle(entry, answer && typeof answer === 'object' ? { kind: 'answer', answer } : { kind: 'failed', error: '' }),
      // Kept as it came: said when shown, in the page's language then (errorText).
      (error: unknown) => settle(entry, { kind: 'failed', error }),
    );
  }

  function settle(entry: Entry, shown: Shown): void {
    entry.shown = shown;
    // Filled whether or not it shows now: shown later, it is ready.
    fill(entry);
  }

  function fill(entry: Entry): void {
    if (entry.filled && entry.filled.shown === entry.shown && entry.filled.lang === entry.lang) return;
    entry.filled = { shown: entry.shown, lang: entry.lang };
    const { t } = entry;
    const node = entry.node;
    const shown = entry.shown;
    const state = shown.kind === 'answer' ? shown.answer.state : shown.kind === 'failed' ? 'error' : 'loading';
    node.dataset.imageState = state;
    node.setAttribute('aria-busy', String(state === 'loading'));
    const parts: Array<Node | null> = [el(doc, 'h4', { class: 'image-anatomy-heading', text: t('image.heading') })];
    if (shown.kind === 'loading') {
      const image = entry.container.image;
      parts.push(el(doc, 'p', { class: 'note note-info image-progress', text: t('image.loading', { registry: str(image?.registry), image: `${str(image?.repository)}${image?.tag ? `:${image.tag}` : image?.digest ? `@${short(image.digest)}` : ''}` }), attrs: { role: 'status' } }));
      if (shown.stage) parts.push(el(doc, 'p', { class: 'row-note image-stage', text: stageText(t, shown.stage, shown.platform, str(image?.tag) || 'latest'), attrs: { 'data-stage': shown.stage, 'aria-live': 'polite' } }));
    } else if (shown.kind === 'failed') {
      // The call's own error (in the page's language when it is the app's, else as written), inside a sentence; no words of ours in English when there was none.
      const said = errorText(shown.error, t);
      parts.push(errorBlock(entry, said ? t('image.error.call', { message: said }) : t('image.error.noAnswer'), undefined));
    } else {
      const a = shown.answer;
      if (a.state === 'not-asked') {
        const button = el(doc, 'button', { class: 'btn btn-small', text: t('image.ask'), attrs: { type: 'button', 'data-testid': 'image-ask' } });
        button.addEventListener('click', () => ask(entry, true));
        parts.push(el(doc, 'p', { class: 'note note-info', text: t(a.source === 'demo' ? 'image.notAsked.demo' : 'image.notAsked.snapshot') }), button);
      } else if (a.state === 'unavailable') {
        parts.push(el(doc, 'p', { class: 'note note-info', text: t(`image.unavailable.${a.reason}`) }), a.detail ? el(doc, 'p', { class: 'row-note', text: a.detail }) : null);
      } else if (a.state === 'error') {
        const headline = t(`image.error.${a.kind}`);
        parts.push(errorBlock(entry, headline, a));
      } else {
        parts.push(...anatomyParts(doc, a, t));
      }
    }
    node.replaceChildren(...parts.filter((p): p is Node => !!p));
  }

  function errorBlock(entry: Entry, headline: string, a: Extract<ImageAnswer, { state: 'error' }> | undefined): HTMLElement {
    const { t } = entry;
    const retry = el(doc, 'button', { class: 'btn btn-small', text: t('image.retry'), attrs: { type: 'button', 'data-testid': 'image-retry' } });
    retry.addEventListener('click', () => ask(entry, true));
    return el(doc, 'div', { class: 'image-error', attrs: { 'data-error-kind': a?.kind ?? 'call' } }, [
      el(doc, 'p', { class: 'note note-warn', text: headline, attrs: { role: 'note' } }),
      a ? el(doc, 'p', { class: 'row-note', text: a.message }) : null,
      a?.retryAfterSeconds !== undefined ? el(doc, 'p', { class: 'row-note', text: t('image.error.wait', { seconds: a.retryAfterSeconds }) }) : null,
      retry,
    ]);
  }

  return {
    element(target, t, lang) {
      const c = target.container;
      const key = `${target.podUid}\n${str(c.name)}\n${str(c.image?.raw)}\n${str(c.imageID)}`;
      let entry = entries.get(key);
      if (entry) {
        entries.delete(key);
        entries.set(key, entry);
        entry.container = c;
      } else {
        entry = { req: { podUid: target.podUid, container: str(c.name) }, container: c, shown: { kind: 'loading' }, node: el(doc, 'div', { class: 'image-anatomy', attrs: { 'data-testid': 'image-anatomy' } }), t, lang };
        entries.set(key, entry);
        while (entries.size > keep) entries.delete(entries.keys().next().value!);
        ask(entry, false);
      }
      entry.t = t;
      entry.lang = lang;
      fill(entry);
      return entry.node;
    },
    calls: () => calls,
  };
}

/** The step the registry client is at, in words: the tag, the index, the (platform's) manifest, the config. */
function stageText(t: Translate, stage: ImageStage, platform: string | undefined, tag: string): string {
  if (stage === 'tag') return t('image.stage.tag', { tag });
  if (stage === 'manifest') return platform ? t('image.stage.manifest.platform', { platform }) : t('image.stage.manifest');
  return t(stage === 'index' ? 'image.stage.index' : 'image.stage.config');
}

function row(doc: Document, label: string, value: string, extra: { mono?: boolean; note?: string; tone?: string; attrs?: Record<string, string> } = {}): HTMLElement[] {
  return [
    el(doc, 'dt', { text: label }),
    el(doc, 'dd', { attrs: extra.attrs }, [
      el(doc, 'span', { class: `value${extra.mono ? ' mono' : ''}${extra.tone ? ` tone-${extra.tone}` : ''}`, text: value }),
      extra.note ? el(doc, 'div', { class: 'row-note', text: extra.note }) : null,
    ]),
  ];
}

type Anatomy = Extract<ImageAnswer, { state: 'anatomy' }>;

function anatomyParts(doc: Document, a: Anatomy, t: Translate): Node[] {
  const x = a.anatomy;
  const r = x.reference;
  const parts: Node[] = [];

  // registry / owner / name : tag @ digest, each part marked, the defaults faded (C8, C9, C10).
  const piece = (part: 'registry' | 'owner' | 'name' | 'tag' | 'digest', text: string, defaulted: boolean, title?: string) =>
    el(doc, 'span', {
      class: `image-part${defaulted ? ' image-part-defaulted' : ''}`,
      text,
      attrs: { 'data-part': part, 'data-defaulted': defaulted ? 'true' : undefined, title: defaulted ? t('image.defaulted', { part: t(`image.part.${part}`) }) : (title ?? t(`image.part.${part}`)) },
    });
  const sep = (s: string) => el(doc, 'span', { class: 'image-sep', text: s, attrs: { 'aria-hidden': 'true' } });
  const digest = r.digest ?? x.index?.digest ?? x.manifest.digest;
  const line = el(doc, 'p', { class: 'image-breakdown mono', attrs: { 'aria-label': t('image.breakdown') } }, [
    piece('registry', r.registry, r.defaulted.registry),
    sep(' / '),
    ...(r.owner !== undefined ? [piece('owner', r.owner, r.defaulted.owner), sep(' / ')] : []),
    piece('name', r.name, false),
    ...(r.tag !== undefined ? [sep(' : '), piece('tag', r.tag, r.defaulted.tag)] : []),
    sep(' @ '),
    piece('digest', short(digest), false, digest),
  ]);
  parts.push(line);
  if (r.defaulted.registry || r.defaulted.owner || r.defaulted.tag) parts.push(el(doc, 'p', { class: 'row-note', text: t('image.defaultedLegend') }));

  const p = x.platform;
  const rows = el(doc, 'dl', { class: 'rows' }, [
    ...row(doc, t('image.platform'), `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}`, {
      mono: true,
      note: a.platformFrom === 'node' && a.nodeCache ? t('image.platform.node', { node: a.nodeCache.node }) : a.platformFrom === 'machine' ? t('image.platform.machine') : undefined,
      attrs: { 'data-platform': `${p.os}/${p.architecture}${p.variant ? `/${p.variant}` : ''}` },
    }),
    ...(x.index ? row(doc, t('image.index'), x.index.platforms.join(', '), { mono: true, note: x.index.digest }) : []),
    ...row(doc, t('image.manifest'), short(x.manifest.digest), { mono: true, note: x.manifest.digest }),
  ]);
  parts.push(rows);

  // Layers in build order, each with the step that made it; steps that made none marked.
  parts.push(el(doc, 'h4', { class: 'image-anatomy-sub', text: t('image.layers') }));
  parts.push(el(doc, 'p', { class: 'row-note', text: t('image.layers.summary', { n: x.layers.length, size: humanBytes(x.totalSize) }) }));
  const list = el(doc, 'ul', { class: 'image-layers' });
  const named = new Set<number>();
  const steps = x.history.some((h) => h.layer !== undefined) ? x.history : x.layers.map((_, i) => ({ empty: false, layer: i }) as Anatomy['anatomy']['history'][number]);
  const layerItem = (i: number, createdBy: string | undefined) => {
    const layer = x.layers[i];
    named.add(i);
    const shared = a.sharedWith[i] ?? [];
    return el(doc, 'li', { class: 'image-layer', attrs: { 'data-layer': layer.digest, 'data-size': layer.size, 'data-shared': shared.length > 0 ? 'true' : undefined } }, [
      el(doc, 'span', { class: 'image-layer-n', text: String(i + 1) }),
      el(doc, 'span', { class: 'image-layer-digest mono', text: short(layer.digest), attrs: { title: layer.digest } }),
      el(doc, 'span', { class: 'image-layer-size', text: humanBytes(layer.size) }),
      el(doc, 'span', { class: 'image-layer-step mono', text: (createdBy ?? layer.createdBy ?? '').replace(/\s+/g, ' ').trim(), attrs: { title: t('image.layer.step') } }),
      shared.length > 0 ? el(doc, 'span', { class: 'row-note image-layer-shared', text: t('image.layer.shared', { images: shared.join(', ') }) }) : null,
    ]);
  };
  for (const step of steps) {
    if (step.layer !== undefined && x.layers[step.layer] && !named.has(step.layer)) list.appendChild(layerItem(step.layer, step.createdBy));
    else if (step.empty) {
      list.appendChild(
        el(doc, 'li', { class: 'image-layer image-layer-empty', attrs: { 'data-empty': 'true', title: t('image.layer.emptyNote') } }, [
          el(doc, 'span', { class: 'image-layer-n', text: '·' }),
          el(doc, 'span', { class: 'image-layer-digest', text: t('image.layer.empty') }),
          el(doc, 'span', { class: 'image-layer-size', text: '' }),
          el(doc, 'span', { class: 'image-layer-step mono', text: str(step.createdBy).replace(/\s+/g, ' ').trim() }),
        ]),
      );
    }
  }
  x.layers.forEach((_, i) => {
    if (!named.has(i)) list.appendChild(layerItem(i, undefined));
  });
  parts.push(list);

  const c = x.config;
  const words = (v: string[] | undefined) => (v && v.length > 0 ? v.join(' ') : t('image.none'));
  const drift = x.tagCheck;
  const driftText = drift
    ? drift.state === 'same'
      ? t('image.drift.same', { tag: drift.tag })
      : drift.state === 'moved'
        ? t('image.drift.moved', { tag: drift.tag, now: short(drift.tagDigest), running: short(drift.runningDigest) })
        : t('image.drift.unknown', { reason: str(drift.reason) })
    : t(`image.drift.${a.driftUnknown ?? 'no-running-digest'}`);
  const cache = a.nodeCache;
  const more = el(doc, 'dl', { class: 'rows' }, [
    ...row(doc, t('image.total'), t('image.total.value', { size: humanBytes(x.totalSize) }), { attrs: { 'data-total-bytes': String(x.totalSize) } }),
    ...row(doc, t('image.entrypoint'), words(c.entrypoint), { mono: true }),
    ...row(doc, t('image.cmd'), words(c.cmd), { mono: true }),
    ...row(doc, t('image.user'), c.user ? c.user : t('image.user.root'), { mono: !!c.user }),
    ...(c.workingDir ? row(doc, t('image.workdir'), c.workingDir, { mono: true }) : []),
    ...row(doc, t('image.ports'), c.exposedPorts.length > 0 ? c.exposedPorts.join(', ') : t('image.none'), { mono: c.exposedPorts.length > 0 }),
    ...row(doc, t('image.env'), c.envNames.length > 0 ? c.envNames.join(', ') : t('image.none'), { mono: c.envNames.length > 0, note: t('image.env.note'), attrs: { 'data-env-names': 'true' } }),
    ...(cache
      ? [
          ...row(doc, t('image.cache', { node: cache.node }), t(`image.cache.${cache.held}`), {
            tone: cache.held === 'digest' ? 'ok' : cache.held === 'tag' ? 'warn' : undefined,
            note: cache.heldSizeBytes !== undefined ? t('image.cache.size', { size: humanBytes(cache.heldSizeBytes) }) : undefined,
            attrs: { 'data-node-cache': cache.held },
          }),
          ...row(doc, t('image.pull'), cache.pullBytes === 0 && cache.held === 'digest' ? t('image.pull.nothing') : t('image.pull.value', { size: humanBytes(cache.pullBytes) }), {
            note: cache.sharedBytes > 0 ? t('image.pull.shared', { size: humanBytes(cache.sharedBytes) }) : undefined,
            attrs: { 'data-pull-bytes': String(cache.pullBytes) },
          }),
        ]
      : []),
    ...row(doc, t('image.drift'), driftText, {
      mono: false,
      tone: drift?.state === 'same' ? 'ok' : drift?.state === 'moved' ? 'warn' : 'muted',
      attrs: { 'data-drift': drift?.state ?? 'unknown' },
    }),
  ]);
  parts.push(more);
  parts.push(el(doc, 'p', { class: 'row-note image-sizes', text: t('image.sizes') }));
  if (x.warnings.length > 0) {
    parts.push(el(doc, 'p', { class: 'row-note', text: t('image.notes') }));
    for (const w of x.warnings.slice(0, 20)) parts.push(el(doc, 'p', { class: 'note note-info', text: w }));
  }
  parts.push(el(doc, 'p', { class: 'row-note image-fetched', text: t('image.fetched', { cached: x.fetched.cached, network: x.fetched.network }) }));
  return parts;
}
