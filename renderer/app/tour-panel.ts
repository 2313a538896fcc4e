// The guided tour's panel: one step of C1–C11 at a time, over the picture.
// Each step zooms to the lens's best example on the current model, asks the
// lens to highlight it, and says what to look at; a step the model has no
// example for says so and offers the same step on the demo. → and ← step,
// Esc leaves. Every text is a message put into the DOM as text.

import { textOf, type Lang, type Message } from '../../main/i18n/index.ts';
import type { AnatomyModel } from '../../main/model/types.ts';
import type { ConceptId, LensTarget } from '../teach/concepts.ts';
import { clampStep, TOUR_LENGTH, tourStep, type LensFn, type TourStep } from '../teach/tour.ts';
import { el } from './dom.ts';
import { withCode } from './i18n-dom.ts';
import { isTypingTarget } from './keyboard.ts';

export interface TourHost {
  model(): AnatomyModel | undefined;
  lang(): Lang;
  /** Highlights a concept's example (the lens API); null clears it. A step keeps the picker at the user's lens (lens-panel.ts keepPicker). */
  showLens(concept: ConceptId | null, exampleIndex?: number, options?: { keepPicker?: boolean }): void;
  /** The lens open now, given back when the tour closes. */
  activeLens?(): ConceptId | null;
  /** The lens panel's cached lens, so a step is not worked out twice per model (default: lensFor, uncached). */
  lens?: LensFn;
  /** Moves the view to the step's example: flying there, or at once (`jump`, see tourJumps). */
  zoomTo(target: LensTarget, options?: { jump?: boolean }): void;
  /** What draws the picture now, how many pods, and whether motion is to be reduced (default: none known, the view flies). */
  motion?(): TourMotion;
  /** Runs `then` once the frame being drawn now is on screen (default: an animation frame, then a task). */
  afterFrame?(then: () => void): void;
  /** Switches the source to the demo cluster. */
  useDemo(): void;
  /** A modal dialog owns the keyboard. */
  blocked(): boolean;
  /** The tour opened or closed (e.g. to close the quiz). */
  changed?(open: boolean): void;
}

/** What decides how the view moves to a step's example. */
export interface TourMotion {
  renderer: 'svg' | 'canvas';
  pods: number;
  /** The user asked for reduced motion (prefers-reduced-motion). */
  reducedMotion: boolean;
}

/**
 * Above this many pods drawn as SVG, a step jumps to its example rather than
 * flying there. Each frame of a flight moves every element of the SVG and
 * each new scale lays all its text out again: at 5,000 pods a frame took
 * 0.6–0.9 s, so the 450 ms flight showed as a few stalls, not a motion. The
 * canvas draws only what is on screen and keeps the flight.
 */
export const TOUR_JUMP_SVG_PODS = 1000;

/** Whether a step's move to its example is one jump (no animation). */
export function tourJumps(motion: TourMotion | undefined): boolean {
  if (!motion) return false;
  return motion.reducedMotion || (motion.renderer === 'svg' && motion.pods > TOUR_JUMP_SVG_PODS);
}

export interface TourPanel {
  open(step: number): void;
  close(): void;
  isOpen(): boolean;
  step(): number;
  /** A model was shown: the step is worked out again, and zoomed to when its example changed. */
  modelShown(): void;
  /** The language changed. */
  render(): void;
}

export function createTourPanel(doc: Document, parent: HTMLElement, host: TourHost): TourPanel {
  const panel = el(doc, 'section', { class: 'teach-panel tour-panel', attrs: { id: 'tour-panel', 'data-testid': 'tour-panel', tabindex: '-1' } });
  panel.hidden = true;
  parent.appendChild(panel);
  let current = 0; // 0: closed
  let shown: TourStep | undefined;
  let zoomedTo: string | undefined;
  /** The lens the user had open before the tour, opened again when it closes. */
  let lensBefore: ConceptId | null = null;
  /** What the card shows, to leave it (and the focus in it) alone when a live model changes nothing it says. */
  let written: string | undefined;

  const text = (m: Message) => textOf(host.lang(), m);

  function compute(): void {
    const model = host.model();
    shown = model ? tourStep(model, current, host.lens) : undefined;
  }

  /** Zooms and highlights when the example (or the step) differs from what is on screen. */
  function focus(force: boolean): void {
    if (!shown) return;
    const key = `${shown.number}:${shown.example?.focus.uid ?? ''}`;
    if (!force && key === zoomedTo) return;
    zoomedTo = key;
    // The lens highlights the step's own example; the tour zooms to it itself. (The lens's own zoom to an
    // example would open the containers level for a container, laying a large cluster out again.)
    host.showLens(shown.concept, shown.example ? shown.exampleIndex : undefined, { keepPicker: true });
    const target = shown.example?.focus;
    if (!target) return;
    // The step (panel and highlight) is painted first; the camera moves after that frame, since on a
    // large SVG the move costs far more than the step itself.
    const move = () => {
      if (zoomedTo === key) host.zoomTo(target, { jump: tourJumps(host.motion?.()) });
    };
    if (host.afterFrame) return host.afterFrame(move);
    const win = doc.defaultView;
    if (typeof win?.requestAnimationFrame !== 'function') return move();
    win.requestAnimationFrame(() => win.setTimeout(move, 0));
  }

  function render(): void {
    if (!current) return;
    const step = shown;
    written = signature();
    panel.dataset.tourStep = String(current);
    panel.dataset.tourConcept = step?.concept ?? '';
    panel.dataset.tourExample = step?.example ? 'yes' : 'no';
    panel.setAttribute('aria-label', `${text({ id: 'tour.title' })} ${current} / ${TOUR_LENGTH}`);
    const head = el(doc, 'div', { class: 'teach-head' }, [
      el(doc, 'span', { class: 'teach-kicker', text: text({ id: 'tour.title' }) }),
      el(doc, 'span', { class: 'teach-counter', text: text({ id: 'tour.counter', params: { n: current, total: TOUR_LENGTH } }), attrs: { 'data-testid': 'tour-counter' } }),
      el(doc, 'button', { class: 'btn btn-icon btn-small teach-close', text: '×', attrs: { type: 'button', 'data-tour': 'close', title: text({ id: 'tour.close' }), 'aria-label': text({ id: 'tour.close' }) } }),
    ]);
    const body: Array<Node | false> = [];
    if (step) {
      body.push(el(doc, 'h2', { class: 'teach-title', text: `${step.concept} · ${text(step.title)}` }));
      body.push(el(doc, 'p', { class: 'teach-summary', text: text(step.summary) }));
      body.push(el(doc, 'p', { class: 'teach-look', text: text(step.look) }));
      if (step.says.length) body.push(el(doc, 'ul', { class: 'teach-says' }, step.says.map((m) => el(doc, 'li', { text: text(m) }))));
      if (step.notes.length) body.push(el(doc, 'ul', { class: 'teach-notes' }, step.notes.map((m) => el(doc, 'li', { text: text(m) }))));
      if (step.missing) {
        body.push(el(doc, 'div', { class: 'teach-missing', attrs: { 'data-testid': 'tour-missing' } }, step.missing.map((m) => el(doc, 'p', { text: text(m) }))));
        if (host.model()?.source.kind !== 'demo') {
          body.push(el(doc, 'button', { class: 'btn btn-small', text: text({ id: 'tour.onDemo' }), attrs: { type: 'button', 'data-tour': 'demo', 'data-testid': 'tour-demo' } }));
        }
      }
    }
    const last = current === TOUR_LENGTH;
    const foot = el(doc, 'div', { class: 'teach-foot' }, [
      el(doc, 'button', { class: 'btn btn-small', text: `← ${text({ id: 'tour.prev' })}`, attrs: { type: 'button', 'data-tour': 'prev', disabled: current === 1 } }),
      el(doc, 'span', { class: 'teach-hint' }, withCode(doc, text({ id: 'tour.link' }), 'link', `#tour=${current}`)),
      el(doc, 'button', { class: 'btn btn-small btn-primary', text: last ? text({ id: 'tour.finish' }) : `${text({ id: 'tour.next' })} →`, attrs: { type: 'button', 'data-tour': last ? 'close' : 'next' } }),
    ]);
    panel.replaceChildren(head, ...body.filter((n): n is Node => !!n), foot, el(doc, 'p', { class: 'teach-hint', text: text({ id: 'tour.keys' }) }));
  }

  function signature(): string {
    return JSON.stringify([current, host.lang(), host.model()?.source.kind, shown?.title, shown?.summary, shown?.says, shown?.notes, shown?.missing]);
  }

  function go(step: number): void {
    const was = current;
    if (!was) lensBefore = host.activeLens?.() ?? null;
    current = clampStep(step);
    compute();
    panel.hidden = false;
    render();
    focus(current !== was);
    if (!was) host.changed?.(true);
  }

  function close(): void {
    if (!current) return;
    current = 0;
    shown = undefined;
    zoomedTo = undefined;
    written = undefined;
    panel.hidden = true;
    delete panel.dataset.tourStep;
    panel.replaceChildren();
    host.showLens(lensBefore);
    lensBefore = null;
    host.changed?.(false);
  }

  panel.addEventListener('click', (e) => {
    const action = (e.target as Element | null)?.closest?.('[data-tour]')?.getAttribute('data-tour');
    if (action === 'next') go(current + 1);
    else if (action === 'prev') go(current - 1);
    else if (action === 'close') close();
    else if (action === 'demo') host.useDemo();
  });

  // Before the app's own keys (capture), which would pan the picture with the arrows.
  doc.addEventListener(
    'keydown',
    (e) => {
      if (!current || e.defaultPrevented || e.isComposing || e.altKey || e.ctrlKey || e.metaKey) return;
      // Typing in a field keeps its own keys (Esc there clears the search, not the tour).
      if (host.blocked() || isTypingTarget(e.target)) return;
      if (e.key === 'ArrowRight') {
        if (current < TOUR_LENGTH) go(current + 1);
      } else if (e.key === 'ArrowLeft') {
        if (current > 1) go(current - 1);
      } else if (e.key === 'Escape') close();
      else return;
      e.preventDefault();
      e.stopPropagation();
    },
    true,
  );

  return {
    open: (step) => go(step),
    close,
    isOpen: () => current > 0,
    step: () => current,
    modelShown() {
      if (!current) return;
      compute();
      if (signature() !== written) render();
      focus(false);
    },
    render,
  };
}
