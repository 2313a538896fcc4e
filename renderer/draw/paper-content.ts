// What a picture for paper says besides the drawing (issue 11): the legend of
// what this picture uses, the footer (its source and time) and its alt text.
// Pure: worked out from the model and the layout passed in, in the picture's
// language, so a selected or redacted model gives a legend, a footer and an
// alt text of just that part, with the redacted names.

import type { AnatomyModel, PodModel } from '../../main/model/types.ts';
import type { Lang } from '../../main/i18n/index.ts';
import { wordsFor, type Translate } from '../layout/words.ts';
import { cleanLabel } from '../layout/text.ts';
import { podTone } from '../layout/status.ts';
import type { ClusterLayout, InjectedVolumes, StatusTone } from '../layout/types.ts';
import { STATUS_TONES } from './status-marks.ts';
import { isInjectedVolume } from '../../main/model/injected.ts';
import type { EventsTable } from '../../main/model/events-table.ts';

export interface PaperOptions {
  /** The legend of what the picture uses. Default on. */
  legend?: boolean;
  /** The footer: source and time. Default on. */
  footer?: boolean;
  /** A title above the picture; none when absent or blank. */
  title?: string;
  /** A caption under the title; none when absent or blank. */
  caption?: string;
  /** The time the footer gives (the caller's clock); the footer gives none without it. */
  time?: Date;
  /** How the layout treated the injected kube-api-access volumes, which the legend then says. */
  injected?: InjectedVolumes;
  /** The events of what is drawn, as a table under the picture (export --events); none when absent. */
  events?: EventsTable;
}

export type LegendEntry =
  | { kind: 'status'; tone: StatusTone; text: string }
  | { kind: 'role'; role: 'control-plane' | 'worker'; text: string }
  | { kind: 'shared' | 'mount' | 'read-only' | 'claim' | 'injected'; text: string };

export interface AltText {
  /** The <title>: the picture's title, or what it is of. */
  title: string;
  /** The <desc>: the picture in words: counts, statuses, what is shared. */
  desc: string;
}

export interface PaperContent {
  lang: Lang;
  title?: string;
  caption?: string;
  /** Empty when the legend is off. */
  legend: LegendEntry[];
  /** Absent when the footer is off. */
  footer?: string;
  /** The events table under the picture (renderer/draw/paper-events.ts); absent without --events. */
  events?: EventsTable;
  alt: AltText;
}

/** Longest title and caption kept; a longer one is cut with an ellipsis. */
export const MAX_TITLE = 200;
export const MAX_CAPTION = 400;

function given(text: string | undefined, max: number): string | undefined {
  const clean = cleanLabel(text).trim();
  if (!clean) return undefined;
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

export function paperContent(model: AnatomyModel, layout: ClusterLayout, options: PaperOptions = {}): PaperContent {
  const lang: Lang = layout.lang ?? 'en';
  const t = wordsFor(lang);
  const title = given(options.title, MAX_TITLE);
  const caption = given(options.caption, MAX_CAPTION);
  return {
    lang,
    ...(title ? { title } : {}),
    ...(caption ? { caption } : {}),
    legend: options.legend === false ? [] : legendOf(layout, options.injected, t),
    ...(options.footer === false ? {} : { footer: footerOf(model, options.time, t) }),
    ...(options.events ? { events: options.events } : {}),
    alt: altText(model, lang, { title, caption, injected: options.injected, events: options.events }),
  };
}

/** The entries of what the layout draws, in a fixed order: statuses, roles, then volumes. */
export function legendOf(layout: ClusterLayout, injected: InjectedVolumes | undefined, t: Translate): LegendEntry[] {
  const tones = new Set<StatusTone>();
  for (const p of layout.pods) tones.add(p.tone);
  for (const c of layout.containers) tones.add(c.tone);
  const entries: LegendEntry[] = STATUS_TONES.filter((tone) => tones.has(tone)).map((tone) => ({ kind: 'status', tone, text: t(`paper.status.${tone}`) }));
  const roles = new Set(layout.nodes.map((n) => n.role));
  if (roles.has('control-plane')) entries.push({ kind: 'role', role: 'control-plane', text: t('paper.role.controlPlane') });
  if (roles.has('worker')) entries.push({ kind: 'role', role: 'worker', text: t('paper.role.worker') });
  if (layout.volumes.some((v) => v.shared)) entries.push({ kind: 'shared', text: t('paper.legend.shared') });
  if (layout.connectors.length > 0) entries.push({ kind: 'mount', text: t('paper.legend.mount') });
  if (layout.connectors.some((c) => c.readOnly)) entries.push({ kind: 'read-only', text: t('paper.legend.readOnly') });
  if (layout.volumes.some((v) => v.claim)) entries.push({ kind: 'claim', text: t('paper.legend.claim') });
  if (injected === 'collapsed' || injected === 'hidden') {
    entries.push({ kind: 'injected', text: t(injected === 'collapsed' ? 'paper.legend.injectedCollapsed' : 'paper.legend.injectedHidden') });
  }
  return entries;
}

/** "cluster kind-kind, namespaces default, web", from the model's own source (redacted, if the model is). */
export function sourceWords(model: AnatomyModel, t: Translate): string {
  const source = model.source;
  const name = cleanLabel(source?.name) || t('pic.header.unnamed');
  const kind = source?.kind === 'snapshot' || source?.kind === 'demo' ? source.kind : 'cluster';
  const named = kind === 'demo' ? t('paper.source.demo') : t(kind === 'snapshot' ? 'paper.source.snapshot' : 'paper.source.cluster', { name });
  // A redacted model's footer and alt text say so (main/model/redact.ts).
  const base = source?.redacted === true ? t('redact.source', { source: named }) : named;
  const namespaces = Array.isArray(source?.namespaces) ? source.namespaces.map((n) => cleanLabel(n)).filter(Boolean) : [];
  return namespaces.length ? t('paper.source.namespaces', { source: base, list: namespaces.join(', ') }) : base;
}

/** A time as every reader reads it, whatever the language: 2026-12-01 21:40 UTC. */
export function footerTime(time: Date): string {
  return `${time.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The footer's words: the source and the time (or none, without a usable time); the app's export says the same. */
export function footerOf(model: AnatomyModel, time: Date | undefined, t: Translate): string {
  const source = sourceWords(model, t);
  return time && Number.isFinite(time.getTime()) ? t('paper.footer', { source, time: footerTime(time) }) : t('paper.footer.noTime', { source });
}

/** At most this many shared volumes are named one by one; the rest are counted. */
export const ALT_SHARED_LISTED = 10;
/** At most this many pods or containers are named in one sentence. */
const ALT_NAMES_LISTED = 8;

function count(t: Translate, n: number, one: Parameters<Translate>[0], many: Parameters<Translate>[0]): string {
  return n === 1 ? t(one) : t(many, { n });
}

function names(t: Translate, list: readonly string[]): string {
  const clean = list.map((n) => cleanLabel(n));
  if (clean.length <= ALT_NAMES_LISTED) return clean.join(', ');
  return t('paper.alt.andMore', { list: clean.slice(0, ALT_NAMES_LISTED).join(', '), n: clean.length - ALT_NAMES_LISTED });
}

/**
 * The picture in words: what it is of, how many nodes and pods, their
 * statuses, and which volumes are shared by which containers or pods. Read
 * from the model the picture is drawn from, in the picture's language.
 */
export function altText(model: AnatomyModel, lang: Lang, given: { title?: string; caption?: string; injected?: InjectedVolumes; events?: EventsTable } = {}): AltText {
  const t = wordsFor(lang);
  const source = sourceWords(model, t);
  const nodes = Array.isArray(model.nodes) ? model.nodes : [];
  const unscheduled = Array.isArray(model.unscheduled) ? model.unscheduled : [];
  const pods: PodModel[] = [...nodes.flatMap((n) => (Array.isArray(n.pods) ? n.pods : [])), ...unscheduled];
  const containers = pods.reduce((sum, p) => sum + (Array.isArray(p.containers) ? p.containers.length : 0), 0);
  const controlPlane = nodes.filter((n) => n.role === 'control-plane').length;
  const sentences: string[] = [];
  if (given.caption) sentences.push(given.caption);
  sentences.push(
    t('paper.alt.counts', {
      source,
      nodes: count(t, nodes.length, 'pic.count.node', 'pic.count.nodes'),
      controlPlane,
      workers: count(t, nodes.length - controlPlane, 'paper.alt.worker', 'paper.alt.workers'),
      pods: count(t, pods.length, 'pic.count.pod', 'pic.count.pods'),
      containers: count(t, containers, 'pic.count.container', 'pic.count.containers'),
    }),
  );
  const byTone = new Map<StatusTone, number>();
  for (const p of pods) {
    const tone = podTone(p);
    byTone.set(tone, (byTone.get(tone) ?? 0) + 1);
  }
  if (byTone.size > 0) {
    const list = STATUS_TONES.filter((tone) => byTone.has(tone)).map((tone) => t('paper.alt.status', { n: byTone.get(tone)!, status: t(`paper.alt.tone.${tone}`) }));
    sentences.push(t('paper.alt.statuses', { list: list.join(', ') }));
  }
  if (unscheduled.length > 0) sentences.push(t('paper.alt.unscheduled', { pods: count(t, unscheduled.length, 'pic.count.pod', 'pic.count.pods') }));

  // Sentences only for the volumes named; the rest are counted (a big cluster has thousands).
  const shared: string[] = [];
  let sharedCount = 0;
  // The token volume Kubernetes injects into nearly every pod is shared by all its containers:
  // named one by one it would bury the volumes the picture is about, so it is counted.
  let injected = 0;
  for (const pod of pods) {
    for (const v of Array.isArray(pod.volumes) ? pod.volumes : []) {
      if (!v.shared) continue;
      if (isInjectedVolume(v)) {
        injected++;
        continue;
      }
      if (sharedCount++ >= ALT_SHARED_LISTED) continue;
      const by = (Array.isArray(v.mountedBy) ? v.mountedBy : []).map((m) => m.container);
      shared.push(t('paper.alt.sharedVolume', { volume: cleanLabel(v.name), pod: `${cleanLabel(pod.namespace)}/${cleanLabel(pod.name)}`, containers: names(t, [...new Set(by)]) }));
    }
  }
  for (const c of Array.isArray(model.sharedClaims) ? model.sharedClaims : []) {
    if (sharedCount++ >= ALT_SHARED_LISTED) continue;
    shared.push(t('paper.alt.sharedClaim', { claim: `${cleanLabel(c.namespace)}/${cleanLabel(c.claim)}`, pods: names(t, c.pods) }));
  }
  if (sharedCount === 0) sentences.push(t('paper.alt.noneShared'));
  else {
    sentences.push(...shared);
    if (sharedCount > ALT_SHARED_LISTED) sentences.push(t('paper.alt.more', { n: sharedCount - ALT_SHARED_LISTED }));
  }
  if (injected > 0 && given.injected !== 'hidden') sentences.push(t('paper.alt.injected', { pods: count(t, injected, 'pic.count.pod', 'pic.count.pods') }));
  if (given.events) sentences.push(eventsSentence(given.events, t));
  const named = cleanLabel(model.source?.name) || t('pic.header.unnamed');
  const title = t('pic.svg.title', { source: model.source?.redacted === true ? t('redact.source', { source: named }) : named });
  return { title: given.title ?? title, desc: sentences.join(' ') };
}

/** What the events table under the picture holds, in one sentence (export --events). */
function eventsSentence(table: EventsTable, t: Translate): string {
  if (table.state === 'none') return t('eventsTable.alt.none');
  if (table.state !== 'ok') return t(table.state === 'forbidden' ? 'eventsTable.forbidden' : 'eventsTable.unavailable');
  if (table.total === 0) return t('eventsTable.alt.empty');
  return t('eventsTable.alt', { shown: table.rows.length, total: table.total, warnings: table.warnings });
}
