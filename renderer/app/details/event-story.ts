// The teaching hooks on events in the details panel (issue 12, item 3): with
// the C1 lens on, a pod's details tell how the control plane's scheduler
// placed it (or why it could not); a container's Image section lists the
// kubelet's pulls of its image, and with C7 or C10 on says what a pull
// teaches. They read the answers the events section is filled with
// (events.ts onAnswer): no events:get of their own. Notes are the cluster's
// text, shown as text and marked translate="no".

import type { ClusterEvent, EventsAnswer, EventTarget } from '../../../main/model/events.ts';
import type { ContainerModel, PodModel } from '../../../main/model/types.ts';
import type { ConceptId } from '../../teach/concepts.ts';
import { pendingReason, pullStory, schedulingStory, type PullPhase } from '../../teach/event-story.ts';
import { el } from '../dom.ts';
import type { Translate } from '../strings.ts';
import { str, timestamp } from './common.ts';
import { targetKey, type EventsSection } from './events.ts';
import { note as noteElement } from './panel.ts';
import type { DetailNote } from './types.ts';

export interface EventStories {
  /** The C1 section of a pod's details: its scheduling story, filled when the pod's events come. */
  scheduling(pod: PodModel, t: Translate): HTMLElement;
  /** The kubelet's pulls of a container's image, for its Image section; `lens` the concept shown (C7/C10 add their words). */
  pulls(pod: PodModel, container: ContainerModel, t: Translate, lens: ConceptId | null): HTMLElement;
}

/** Elements kept (the most recently shown): a panel shows one pod or one container at a time. */
const KEEP = 8;

interface Shown {
  node: HTMLElement;
  answer?: EventsAnswer;
  fill(): void;
}

export function podTarget(pod: PodModel, container?: string): EventTarget {
  const target: EventTarget = { kind: 'Pod', namespace: str(pod.namespace), name: str(pod.name), uid: str(pod.uid) };
  if (container !== undefined) target.container = container;
  return target;
}

export function createEventStories(doc: Document, section: Pick<EventsSection, 'onAnswer'>, now: () => number = () => Date.now()): EventStories {
  const shown = new Map<string, Shown>();
  section.onAnswer((target, answer) => {
    for (const prefix of ['s', 'p']) {
      const entry = shown.get(`${prefix}${targetKey(target)}`);
      if (!entry || entry.answer === answer) continue;
      entry.answer = answer;
      entry.fill();
    }
  });

  function keep(key: string, make: () => HTMLElement, fill: (entry: Shown) => void): HTMLElement {
    const entry: Shown = shown.get(key) ?? { node: make(), fill: () => {} };
    // Most recently shown last; the few beyond KEEP go.
    shown.delete(key);
    shown.set(key, entry);
    for (const old of shown.keys()) if (shown.size > KEEP) shown.delete(old);
    // This call's fill (its words, its lens) is the one an answer repaints with.
    entry.fill = () => fill(entry);
    entry.fill();
    return entry.node;
  }

  const events = (answer: EventsAnswer | undefined): ClusterEvent[] | undefined => (answer?.state === 'ok' ? answer.events : undefined);
  const cluster = (text: string, cls: string) => el(doc, 'div', { class: cls, text, attrs: { translate: 'no' } });
  const meta = (e: ClusterEvent, t: Translate): HTMLElement => {
    const parts: string[] = [];
    if (e.last) parts.push(t('events.last', { when: timestamp(e.last, now(), t) }));
    if (e.count > 1) parts.push(t('events.count', { n: e.count }));
    const node = el(doc, 'div', { class: 'event-meta', text: parts.join(' · ') });
    if (e.reporter) node.append(parts.length ? ' · ' : '', el(doc, 'span', { text: t('events.by', { reporter: e.reporter }), attrs: { translate: 'no' } }));
    return node;
  };
  const note = (kind: DetailNote['kind'], text: string) => noteElement(doc, { kind, text });

  return {
    scheduling(pod, t) {
      const target = podTarget(pod);
      return keep(
        `s${targetKey(target)}`,
        () => el(doc, 'section', { class: 'details-section details-story', attrs: { 'data-section': 'scheduling-story', 'data-concept-story': 'C1' } }),
        (entry) => {
          const body: Node[] = [el(doc, 'h3', { text: t('story.scheduling.title') }), note('teach', t('story.scheduling.lead'))];
          const list = events(entry.answer);
          entry.node.dataset.state = entry.answer?.state ?? 'asking';
          if (pod.static) body.push(note('info', t('story.scheduling.static')));
          else if (list) {
            const story = schedulingStory(list, pod.nodeName);
            const waiting = pendingReason(story, pod.nodeName);
            if (waiting !== undefined) body.push(note('warn', t('story.scheduling.pending')), cluster(waiting, 'story-reason event-note'));
            else if (!pod.nodeName && story.length === 0) body.push(note('warn', t('story.scheduling.waiting')));
            if (story.length === 0 && pod.nodeName) body.push(note('info', t('story.scheduling.none')));
            if (story.length) {
              const ol = el(doc, 'ol', { class: 'events-list story-list' });
              for (const step of story) {
                const e = step.event;
                const says =
                  step.kind === 'scheduled'
                    ? step.node !== undefined
                      ? t('story.scheduling.scheduled', { node: step.node })
                      : t('story.scheduling.scheduledNoNode')
                    : t('story.scheduling.failed');
                ol.appendChild(
                  el(doc, 'li', { class: `event${e.type === 'Warning' ? ' event-warning' : ''}`, attrs: { 'data-reason': e.reason, 'data-type': e.type, 'data-event-id': e.id } }, [
                    el(doc, 'div', { class: 'event-head', text: says }),
                    step.kind === 'failed' && e.note ? cluster(e.note, 'event-note') : null,
                    meta(e, t),
                  ]),
                );
              }
              body.push(ol);
            }
          }
          // Asking, or events not readable: the events section below says which.
          entry.node.replaceChildren(...body);
        },
      );
    },
    pulls(pod, container, t, lens) {
      const name = str(container.name);
      const target = podTarget(pod, name);
      return keep(
        `p${targetKey(target)}`,
        () => el(doc, 'div', { class: 'image-pulls', attrs: { 'data-testid': 'image-pulls' } }),
        (entry) => {
          const list = events(entry.answer);
          const story = list ? pullStory(list, name) : [];
          const teaching = lens === 'C7' || lens === 'C10' ? lens : null;
          entry.node.dataset.state = entry.answer?.state ?? 'asking';
          if (teaching) entry.node.dataset.conceptStory = teaching;
          else delete entry.node.dataset.conceptStory;
          // Nothing to say outside the lenses until there is a pull to show.
          if (story.length === 0 && !(teaching && list)) {
            entry.node.hidden = true;
            entry.node.replaceChildren();
            return;
          }
          entry.node.hidden = false;
          const body: Node[] = [el(doc, 'h4', { text: t('story.pull.title') })];
          if (teaching) body.push(note('teach', t(teaching === 'C7' ? 'story.pull.C7' : 'story.pull.C10')));
          if (story.length === 0) body.push(note('info', t('story.pull.none')));
          else {
            const ol = el(doc, 'ol', { class: 'events-list pull-list' });
            for (const { phase, event: e } of story) {
              const bad = phase === 'failed' || phase === 'backoff';
              ol.appendChild(
                el(doc, 'li', { class: `event${bad ? ' event-warning' : ''}`, attrs: { 'data-phase': phase, 'data-reason': e.reason, 'data-event-id': e.id } }, [
                  el(doc, 'div', { class: 'event-head' }, [el(doc, 'span', { class: `event-type tone-${bad ? 'bad' : phase === 'present' ? 'muted' : 'ok'}`, text: t(PHASE_WORDS[phase]) })]),
                  e.note ? cluster(e.note, 'event-note') : null,
                  meta(e, t),
                ]),
              );
            }
            body.push(ol);
          }
          entry.node.replaceChildren(...body);
        },
      );
    },
  };
}

const PHASE_WORDS = {
  pulling: 'story.pull.pulling',
  pulled: 'story.pull.pulled',
  present: 'story.pull.present',
  failed: 'story.pull.failed',
  backoff: 'story.pull.backoff',
} as const satisfies Record<PullPhase, string>;
