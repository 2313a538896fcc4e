// The concept lenses in the page: a picker in the top bar (and the keys L then
// 1–9, 0 for C10, - for C11), the picture's highlight (canvas.setLens), and a
// side panel that explains the idea in the user's language with the cluster's
// own examples; clicking one selects it and zooms to it. Esc closes the lens
// (app.ts's escape). Every text from the cluster reaches the DOM as text.
//
// showLens is the API the tour and deep links drive (renderer/app/tour-panel.ts,
// deep-link.ts): showLens('C3') opens a lens, showLens('C3', 2) also shows its
// third example, showLens(null) closes it.

import { systemClock, type Clock, type TimerHandle } from '../../main/common/clock.ts';
import { textOf, type Lang, type Message } from '../../main/i18n/index.ts';
import type { AnatomyModel } from '../../main/model/types.ts';
import { CONCEPT_IDS, isConceptId, type ConceptId, type LensResult, type LensTarget } from '../teach/concepts.ts';
import { lensFor, lensTargets } from '../teach/lenses.ts';
import type { LensPoint } from '../draw/lens-overlay.ts';
import type { Target } from './details/types.ts';
import { isTypingTarget } from './keyboard.ts';
import { el as domEl, setText, setTitle } from './dom.ts';

/** How long a live source's models must stop changing before the other lenses are worked out ahead. */
export const WARM_AFTER_MS = 2000;

/** Examples listed in the panel; the rest are highlighted in the picture and counted. */
export const PANEL_EXAMPLES = 12;

/** The key after L that picks each lens: 1–9, then 0 and - (the keyboard's top row). */
export const LENS_KEYS: Readonly<Record<string, ConceptId>> = {
  '1': 'C1', '2': 'C2', '3': 'C3', '4': 'C4', '5': 'C5', '6': 'C6', '7': 'C7', '8': 'C8', '9': 'C9', '0': 'C10', '-': 'C11',
};

export interface LensPanelHost {
  model(): AnatomyModel | undefined;
  lang(): Lang;
  /** Highlights the targets in the picture, or clears the highlight. */
  highlight(points: readonly LensPoint[] | null): void;
  /** Selects an example's object and zooms to it. */
  show(target: Target): void;
  /** A modal dialog owns the keyboard. */
  keyboardBlocked?(): boolean;
  /** How injected volumes are shown, and the toggle's way to change it. */
  injected?(): 'collapsed' | 'full';
  setInjected?(mode: 'collapsed' | 'full'): void;
  /** Time for waiting out a stream of live models (tests pass a fake one). */
  clock?: Clock;
}

export interface ShowLensOptions {
  /** Select and zoom to the example (true), or only mark it and highlight it alone (false: the tour zooms itself). */
  zoom?: boolean;
  /**
   * Leave the picker showing the user's own lens (the tour's steps: the tour gives that lens back when
   * it closes). A <select> that shows another option in the same frame as a change in the picture
   * made Chromium lay the large SVG out again, whole, several times: 1–3 s a tour step at 5,000 pods
   * with the pods' names shown, against some 40 ms without it.
   */
  keepPicker?: boolean;
}

export interface LensPanel {
  /**
   * Opens a lens (or closes it with null); with `example`, also shows that example, and the
   * picture highlights that example alone. Returns what the lens found.
   */
  showLens(id: ConceptId | null, example?: number, options?: ShowLensOptions): LensResult | null;
  /** What lens `id` finds on `model`, worked out once per model (the tour asks through this too). */
  lensOn(id: ConceptId, model: AnatomyModel): LensResult;
  active(): ConceptId | null;
  result(): LensResult | null;
  /** The model or the language changed: the lens is worked out and told again. */
  refresh(): void;
  /** Called after every change of lens (id null: closed). */
  onChange(listener: (id: ConceptId | null, result: LensResult | null) => void): void;
  readonly panel: HTMLElement;
  readonly picker: HTMLSelectElement;
}

/** The points of each lens result, made once: the picture places a points array it has seen on the same layout once (placeLens). */
const POINTS = new WeakMap<LensResult, readonly LensPoint[]>();

/** Every target with its concept, for the picture; the same array for the same result (never change it). */
export function lensPoints(result: LensResult): readonly LensPoint[] {
  let points = POINTS.get(result);
  if (!points) POINTS.set(result, (points = lensTargets(result).map((t: LensTarget) => ({ kind: t.kind, uid: t.uid, within: t.within, concepts: [result.concept] }))));
  return points;
}

/** The points of one example of a result (the tour's step), made once per result and example, as lensPoints. */
const SPOTS = new WeakMap<LensResult, Map<string, readonly LensPoint[]>>();
function spotPoints(result: LensResult, example: LensResult['examples'][number]): readonly LensPoint[] {
  let byExample = SPOTS.get(result);
  if (!byExample) SPOTS.set(result, (byExample = new Map()));
  const key = `${example.focus.kind}:${example.focus.uid}`;
  let points = byExample.get(key);
  if (!points) byExample.set(key, (points = lensPoints({ ...result, examples: [example] })));
  return points;
}

// Through dom.ts, whose text shows invisible format characters as markers: a bidi override in an
// image or a name from the cluster cannot make an example read as another.
function el<K extends keyof HTMLElementTagNameMap>(doc: Document, tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  return domEl(doc, tag, { class: cls, text });
}

export function createLensPanel(doc: Document, host: LensPanelHost): LensPanel {
  const win = doc.defaultView!;
  let active: ConceptId | null = null;
  let shown: LensResult | null = null;
  /** The example shown, by its focus (kind and uid): an index would move to another example when a live model reorders them. */
  let current: string | undefined;
  /** The example showLens was asked for (by its focus): the picture highlights it alone while it is in the lens's result. */
  let spot: string | undefined;
  /** What the panel says, to leave it (and the keyboard focus on an example) alone when a live model changes none of it. */
  let written: string | undefined;
  const listeners: Array<(id: ConceptId | null, result: LensResult | null) => void> = [];
  const say = (m: Message) => textOf(host.lang(), m);

  // ---- the picker, in the top bar before the spacer
  const picker = el(doc, 'select', 'select lens-select');
  picker.id = 'lens-select';
  picker.setAttribute('data-testid', 'lens-select');
  const pickerWrap = el(doc, 'label', 'field field-select lens-field');
  const pickerLabel = el(doc, 'span', 'field-label');
  pickerWrap.append(pickerLabel, picker);
  const spacer = doc.querySelector('.topbar-row .spacer');
  if (spacer?.parentNode) spacer.parentNode.insertBefore(pickerWrap, spacer);
  else doc.body.appendChild(pickerWrap);
  // The injected volumes' toggle, beside the picker: pressed means shown in full.
  const injectedButton = el(doc, 'button', 'btn lens-injected');
  injectedButton.type = 'button';
  injectedButton.id = 'injected-toggle';
  injectedButton.setAttribute('data-testid', 'injected-toggle');
  if (host.injected && host.setInjected) {
    pickerWrap.after(injectedButton);
    injectedButton.addEventListener('click', () => {
      host.setInjected!(host.injected!() === 'collapsed' ? 'full' : 'collapsed');
      paintInjected();
    });
  }
  function paintInjected(): void {
    const collapsed = host.injected?.() !== 'full';
    injectedButton.setAttribute('aria-pressed', String(!collapsed));
    setText(injectedButton, say({ id: collapsed ? 'lens.injected.expand' : 'lens.injected.collapse' }));
  }
  picker.addEventListener('change', () => {
    const v = picker.value;
    api.showLens(isConceptId(v) ? v : null);
  });

  // ---- the panel, over the drawing's upper right corner. Fixed in the body, not inside the stage:
  // any layout inside the stage lays the SVG root out again, which at 5,000 pods took ~80 ms a switch.
  const panel = el(doc, 'aside', 'lens-panel');
  panel.id = 'lens-panel';
  panel.setAttribute('data-testid', 'lens-panel');
  panel.setAttribute('role', 'region');
  panel.hidden = true;
  doc.body.appendChild(panel);
  const stage = doc.getElementById('stage');
  function place(): void {
    if (!stage || panel.hidden) return;
    const r = stage.getBoundingClientRect();
    panel.style.top = `${Math.round(r.top + 12)}px`;
    panel.style.right = `${Math.round(win.innerWidth - r.right + 12)}px`;
    panel.style.maxHeight = `${Math.max(120, Math.round(Math.min(r.height * 0.6, 520)))}px`;
  }
  win.addEventListener('resize', place);

  let pickerLang: Lang | undefined;
  function paintPicker(): void {
    pickerLang = host.lang();
    paintInjected();
    setText(pickerLabel, say({ id: 'lens.picker.label' }));
    picker.setAttribute('aria-label', say({ id: 'lens.picker.label' }));
    const options: HTMLOptionElement[] = [el(doc, 'option', undefined, say({ id: 'lens.picker.none' }))];
    options[0].value = '';
    for (const id of CONCEPT_IDS) {
      const o = el(doc, 'option', undefined, say({ id: 'lens.picker.option', params: { id, title: say({ id: `lens.${id}.title` }) } }));
      o.value = id;
      options.push(o);
    }
    picker.replaceChildren(...options);
    picker.value = active ?? '';
  }

  const exampleKey = (e: { focus: LensTarget }): string => `${e.focus.kind}:${e.focus.uid}`;

  function signature(): string {
    const r = shown!;
    return JSON.stringify([active, host.lang(), r.title, r.summary, r.missing, r.notes, r.examples.length, r.examples.slice(0, PANEL_EXAMPLES).map((e) => [exampleKey(e), e.says])]);
  }

  function markCurrent(): void {
    for (const b of Array.from(panel.querySelectorAll('.lens-example'))) b.toggleAttribute('aria-current', `${b.getAttribute('data-kind')}:${b.getAttribute('data-uid')}` === current);
  }

  function paintPanel(): void {
    if (!active || !shown) {
      written = undefined;
      panel.hidden = true;
      panel.removeAttribute('data-concept-panel');
      panel.replaceChildren();
      return;
    }
    const r = shown;
    const said = signature();
    if (said === written && !panel.hidden) return markCurrent();
    written = said;
    const opening = panel.hidden;
    panel.hidden = false;
    if (opening) place();
    panel.setAttribute('data-concept-panel', active);
    panel.setAttribute('aria-label', say({ id: 'lens.panel.label', params: { id: active } }));
    const header = el(doc, 'div', 'lens-header');
    const heading = el(doc, 'div', 'lens-heading-wrap');
    heading.append(el(doc, 'div', 'lens-kind', say({ id: 'lens.panel.label', params: { id: active } })), el(doc, 'h2', 'lens-title', say(r.title)));
    const close = el(doc, 'button', 'btn btn-icon lens-close', '×');
    close.type = 'button';
    close.setAttribute('aria-label', say({ id: 'lens.panel.close' }));
    setTitle(close, say({ id: 'lens.panel.close' }));
    close.addEventListener('click', () => api.showLens(null));
    header.append(heading, close);
    const body = el(doc, 'div', 'lens-body');
    body.append(el(doc, 'p', 'lens-summary', say(r.summary)));
    if (r.missing) body.append(el(doc, 'p', 'lens-missing', say(r.missing)));
    if (r.examples.length) {
      body.append(el(doc, 'h3', 'lens-section', say({ id: 'lens.panel.examples' })));
      const list = el(doc, 'ol', 'lens-examples');
      r.examples.slice(0, PANEL_EXAMPLES).forEach((e, i) => {
        const item = el(doc, 'li');
        const button = el(doc, 'button', 'lens-example');
        button.type = 'button';
        button.setAttribute('data-example', String(i));
        button.setAttribute('data-kind', e.focus.kind);
        button.setAttribute('data-uid', e.focus.uid);
        setTitle(button, say({ id: 'lens.panel.example', params: { index: i + 1 } }));
        if (exampleKey(e) === current) button.setAttribute('aria-current', 'true');
        for (const m of e.says) button.append(el(doc, 'span', 'lens-say', say(m)));
        button.addEventListener('click', () => showExample(i));
        item.append(button);
        list.append(item);
      });
      body.append(list);
      if (r.examples.length > PANEL_EXAMPLES) body.append(el(doc, 'p', 'lens-more', say({ id: 'lens.panel.more', params: { count: r.examples.length - PANEL_EXAMPLES } })));
    }
    if (r.notes.length) {
      body.append(el(doc, 'h3', 'lens-section', say({ id: 'lens.panel.notes' })));
      const notes = el(doc, 'ul', 'lens-notes');
      for (const n of r.notes) notes.append(el(doc, 'li', undefined, say(n)));
      body.append(notes);
    }
    // The lenses whose story the details tell from events (details/event-story.ts) say where to find it.
    const story = active === 'C1' ? 'story.hint.C1' : active === 'C7' || active === 'C10' ? 'story.hint.pull' : undefined;
    if (story) body.append(el(doc, 'p', 'lens-story', say({ id: story })));
    body.append(el(doc, 'p', 'lens-keys', say({ id: 'lens.panel.keys' })));
    panel.replaceChildren(header, body);
  }

  function showExample(i: number, zoom = true): void {
    const e = shown?.examples[i];
    if (!e) return;
    current = exampleKey(e);
    markCurrent();
    if (zoom) host.show({ kind: e.focus.kind, uid: e.focus.uid });
  }

  // A model is never changed in place (a patch makes a new one): what a lens found on it holds while it is shown.
  const found = new WeakMap<AnatomyModel, Map<ConceptId, LensResult>>();
  function lensOn(id: ConceptId, model: AnatomyModel): LensResult {
    let byId = found.get(model);
    if (!byId) found.set(model, (byId = new Map()));
    let r = byId.get(id);
    if (!r) byId.set(id, (r = lensFor(id, model)));
    return r;
  }

  // While a lens is open, the others are worked out on the same model when the page is idle, one
  // per idle period: the next switch finds its lens made (at 5,000 pods one takes 10–50 ms).
  // A live source makes a new model at every patch: warming again for each cost up to 0.5 s of CPU a
  // patch at 5,000 pods. The first model of a source is warmed at once; later ones once the models
  // have stopped changing for WARM_AFTER_MS.
  const clock = host.clock ?? systemClock;
  let warming: AnatomyModel | undefined;
  let warmedSource: string | undefined;
  let warmTimer: TimerHandle | undefined;
  function warmOthers(model: AnatomyModel): void {
    const idle = (win as Window & { requestIdleCallback?: (cb: () => void) => number }).requestIdleCallback;
    if (!idle || warming === model) return;
    const source = JSON.stringify([model.source?.kind, model.source?.name, model.source?.server]);
    clock.clearTimeout(warmTimer);
    warmTimer = undefined;
    if (source === warmedSource) {
      warmTimer = clock.setTimeout(() => {
        warmTimer = undefined;
        const now = host.model();
        if (now && active) startWarming(idle, now);
      }, WARM_AFTER_MS);
      return;
    }
    warmedSource = source;
    startWarming(idle, model);
  }
  function startWarming(idle: (cb: () => void) => number, model: AnatomyModel): void {
    if (warming === model) return;
    warming = model;
    const next = (): void => {
      if (warming !== model || !active || host.model() !== model) return;
      const id = CONCEPT_IDS.find((c) => !found.get(model)?.has(c));
      if (!id) return;
      lensOn(id, model);
      idle.call(win, next);
    };
    idle.call(win, next);
  }

  function compute(): void {
    const model = host.model();
    shown = active && model ? lensOn(active, model) : null;
    if (shown && model) warmOthers(model);
    const spotted = spot === undefined ? undefined : shown?.examples.find((e) => exampleKey(e) === spot);
    host.highlight(!shown ? null : spotted ? spotPoints(shown, spotted) : lensPoints(shown));
  }

  const api: LensPanel = {
    panel,
    picker,
    lensOn,
    showLens(id, example, options) {
      const next = isConceptId(id) ? id : null;
      if (next !== active) current = undefined;
      active = next;
      spot = undefined;
      const model = host.model();
      if (active && model && example !== undefined) {
        const examples = lensOn(active, model).examples;
        const e = examples[Math.max(0, Math.min(examples.length - 1, Math.floor(example)))];
        if (e) spot = exampleKey(e);
      }
      compute();
      if (!options?.keepPicker && picker.value !== (active ?? '')) picker.value = active ?? '';
      paintPanel();
      if (example !== undefined && shown) showExample(Math.max(0, Math.min(shown.examples.length - 1, Math.floor(example))), options?.zoom !== false);
      for (const l of listeners) l(active, shown);
      return shown;
    },
    active: () => active,
    result: () => shown,
    refresh() {
      if (pickerLang !== host.lang()) paintPicker();
      if (active) compute();
      paintPanel();
    },
    onChange(listener) {
      listeners.push(listener);
    },
  };

  // ---- keys: L, then the lens's key. Listens before the app's shortcuts (capture), which then see the key as taken.
  let armed = false;
  doc.addEventListener(
    'keydown',
    (e) => {
      if (e.defaultPrevented || e.isComposing || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target) || host.keyboardBlocked?.()) {
        armed = false;
        return;
      }
      if (armed) {
        armed = false;
        const id = LENS_KEYS[e.key];
        if (!id) return;
        e.preventDefault();
        e.stopPropagation();
        api.showLens(active === id ? null : id);
        return;
      }
      if (e.key === 'l' || e.key === 'L') {
        armed = true;
        e.preventDefault();
      }
    },
    true,
  );
  win.addEventListener('blur', () => (armed = false));

  paintPicker();
  return api;
}
