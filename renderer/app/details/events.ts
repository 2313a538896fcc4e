// An object's events at the end of its details (events:get): a node's, a
// pod's, a container's (its pod's, less those about another container), a
// claim's and its volume's. Asked when the details show it, and asked again
// when the 'events' event names the object while its element is still in the
// panel; an element no longer shown is forgotten, so a closed panel asks
// nothing. Reason, note and reporter are the cluster's text: they reach the
// DOM only as text (dom.ts el), never as markup.

import type { EventsChanged } from '../../../main/contract/api.ts';
import { regardingKey, type ClusterEvent, type EventsAnswer, type EventTarget } from '../../../main/model/events.ts';
import { el } from '../dom.ts';
import type { Translate } from '../strings.ts';
import { timestamp } from './common.ts';
import { note as noteElement } from './panel.ts';
import { errorText } from '../status-text.ts';
import type { IndexEntry } from '../model-index.ts';

export interface EventsSectionOptions {
  /** events:get */
  ask(target: EventTarget): Promise<EventsAnswer>;
  /** Subscribes to the 'events' event; returns the unsubscribe. */
  changes?(listener: (event: EventsChanged) => void): () => void;
  /** For the times' ages. */
  now?(): number;
  /** Events listed at most; the rest are counted. */
  max?: number;
}

export interface EventsSection {
  /** The element for one object's events, `heading` its title; asks the first time, and again when they change while shown. */
  element(target: EventTarget, heading: string, t: Translate): HTMLElement;
  /** How many events:get calls were made, for tests. */
  calls(): number;
  /** Hears every answer a shown object's section is filled with (the teaching hooks read the same answer, event-story.ts); returns the unsubscribe. */
  onAnswer(listener: (target: EventTarget, answer: EventsAnswer) => void): () => void;
}

type Shown = { kind: 'asking' } | { kind: 'answer'; answer: EventsAnswer } | { kind: 'failed'; error: unknown };

interface Entry {
  target: EventTarget;
  key: string;
  node: HTMLElement;
  shown: Shown;
  heading: string;
  t: Translate;
  /** The answer in flight, so a late one does not overwrite a newer. */
  asked: number;
}

const DEFAULT_MAX = 100;
/** Objects whose answers are kept. */
const KEEP = 8;

export function createEventsSection(doc: Document, options: EventsSectionOptions): EventsSection {
  const entries = new Map<string, Entry>();
  const max = options.max ?? DEFAULT_MAX;
  const now = options.now ?? (() => Date.now());
  let calls = 0;
  const answered = new Set<(target: EventTarget, answer: EventsAnswer) => void>();

  options.changes?.((event) => {
    if (!event || !Array.isArray(event.changed)) return;
    const changed = new Set(event.changed);
    for (const [id, entry] of entries) {
      // Not in the panel any more: forget it, and ask afresh when it shows again.
      if (!entry.node.isConnected) {
        entries.delete(id);
        continue;
      }
      if (changed.has(entry.key)) ask(entry);
    }
  });

  function ask(entry: Entry): void {
    calls += 1;
    const n = ++entry.asked;
    options.ask(entry.target).then(
      (answer) => {
        if (n !== entry.asked) return;
        entry.shown = { kind: 'answer', answer };
        fill(entry);
      },
      (error: unknown) => {
        if (n !== entry.asked) return;
        entry.shown = { kind: 'failed', error };
        fill(entry);
      },
    );
  }

  function fill(entry: Entry): void {
    const { node, t } = entry;
    const body: (Node | null)[] = [el(doc, 'h3', { text: entry.heading })];
    const shown = entry.shown;
    node.dataset.state = shown.kind === 'answer' ? shown.answer.state : shown.kind;
    if (shown.kind === 'asking') body.push(note('info', t('events.loading')));
    else if (shown.kind === 'failed') body.push(note('warn', t('events.failed', { message: errorText(shown.error, t) })));
    else {
      const a = shown.answer;
      if (a.state === 'loading') body.push(note('info', t('events.loading')));
      else if (a.state === 'none') body.push(note('info', t('events.none')));
      else if (a.state === 'forbidden') body.push(note('warn', t('events.forbidden', { message: a.message })));
      else if (a.state === 'unavailable') body.push(note('warn', t('events.unavailable', { message: a.message })));
      else if (a.events.length === 0) body.push(note('info', t('events.empty')));
      else {
        const list = el(doc, 'ol', { class: 'events-list' });
        for (const e of a.events.slice(0, max)) list.appendChild(item(e, t));
        body.push(list);
        if (a.events.length > max) body.push(note('info', t('events.more', { n: a.events.length - max })));
      }
    }
    node.replaceChildren(...body.filter((b): b is Node => b !== null));
    if (shown.kind === 'answer') for (const listener of answered) listener(entry.target, shown.answer);
  }

  const note = (kind: 'info' | 'warn', text: string): HTMLElement => noteElement(doc, { kind, text });

  function item(e: ClusterEvent, t: Translate): HTMLElement {
    const warning = e.type === 'Warning';
    const typeWord = e.type === 'Warning' || e.type === 'Normal' ? t(`events.type.${e.type}`) : e.type;
    const head = el(doc, 'div', { class: 'event-head' }, [
      el(doc, 'span', { class: `event-type tone-${warning ? 'warn' : 'muted'}`, text: typeWord }),
      el(doc, 'span', { class: 'event-reason mono', text: e.reason }),
      e.count > 1 ? el(doc, 'span', { class: 'event-count', text: t('events.count', { n: e.count }), attrs: { title: t('events.count.title', { n: e.count }) } }) : null,
    ]);
    const times: string[] = [];
    if (e.first && e.first !== e.last) times.push(t('events.first', { when: timestamp(e.first, now(), t) }));
    if (e.last) times.push(t('events.last', { when: timestamp(e.last, now(), t) }));
    if (e.reporter) times.push(t('events.by', { reporter: e.reporter }));
    return el(doc, 'li', { class: `event${warning ? ' event-warning' : ''}`, attrs: { 'data-type': e.type, 'data-reason': e.reason } }, [
      head,
      e.note ? el(doc, 'div', { class: 'event-note', text: e.note }) : null,
      el(doc, 'div', { class: 'event-meta', text: times.join(' · ') }),
    ]);
  }

  return {
    element(target, heading, t) {
      const id = targetKey(target);
      let entry = entries.get(id);
      // Most recently shown last; the few beyond KEEP go (a panel shows at most two at once).
      if (entry) entries.delete(id);
      else {
        const node = el(doc, 'section', { class: 'details-section details-events', attrs: { 'data-section': 'events', 'data-events-kind': target.kind } });
        entry = { target, key: regardingKey(target.kind, target.namespace, target.name), node, shown: { kind: 'asking' }, heading, t, asked: 0 };
        ask(entry);
      }
      entries.set(id, entry);
      for (const old of entries.keys()) if (entries.size > KEEP) entries.delete(old);
      // Repainted in the page's language (the panel is painted again on a language change).
      entry.t = t;
      entry.heading = heading;
      fill(entry);
      return entry.node;
    },
    calls: () => calls,
    onAnswer(listener) {
      answered.add(listener);
      return () => answered.delete(listener);
    },
  };
}

/** The key a target's section is filed under (event-story.ts finds its story by the same key). */
export function targetKey(target: EventTarget): string {
  return JSON.stringify([target.kind, target.namespace ?? '', target.name, target.uid ?? '', target.container ?? '']);
}

/**
 * The objects whose events a selected thing's details show, with their
 * headings: a node's, a pod's, a container's (within its pod), and for a
 * claim's volume the claim's and its bound volume's. Node events name the
 * node's uid loosely (kubelets often put its name there), so nodes are asked
 * by name alone.
 */
export function eventTargets(entry: IndexEntry | undefined, t: Translate): { target: EventTarget; heading: string }[] {
  if (!entry) return [];
  const heading = t('events.title');
  switch (entry.kind) {
    case 'node':
      return entry.node.inferred ? [] : [{ target: { kind: 'Node', name: entry.node.name }, heading }];
    case 'pod':
      return [{ target: { kind: 'Pod', namespace: entry.pod.namespace, name: entry.pod.name, uid: entry.pod.uid }, heading }];
    case 'container':
      return [{ target: { kind: 'Pod', namespace: entry.pod.namespace, name: entry.pod.name, uid: entry.pod.uid, container: entry.container.name }, heading }];
    case 'volume': {
      const claim = entry.volume.claim;
      if (!claim) return [];
      const out = [{ target: { kind: 'PersistentVolumeClaim', namespace: claim.namespace, name: claim.name } as EventTarget, heading: t('events.titleOf', { what: claim.name }) }];
      if (claim.pv) out.push({ target: { kind: 'PersistentVolume', name: claim.pv.name }, heading: t('events.titleOf', { what: claim.pv.name }) });
      return out;
    }
  }
}
