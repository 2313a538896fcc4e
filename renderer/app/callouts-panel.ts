// Callouts in the app (issue 11, item 4): numbered notes pinned to objects.
// N (or the panel's button) adds one to the selected object; the panel lists
// them, each with its text to edit, Delete, and for a note whose object went
// away (a rollout replaced the pod) Pin to selection or Leave here. The
// markers sit in a layer of the zoomed viewport, over whichever renderer
// draws, and keep their size on screen. The notes live in the page for the
// session, go into the snapshot when it is saved (snapshot:get), and come
// back with an opened snapshot's model (model.callouts).
//
// A note's text is the user's (or a file's): it reaches the page only as a
// text field's value, and through dom.ts's el as text and attribute values.

import type { AnatomyModel } from '../../main/model/types.ts';
import {
  addCallout,
  calloutObject,
  editCallout,
  freeCallout,
  MAX_CALLOUT_TEXT,
  MAX_CALLOUTS,
  removeCallout,
  repinCallout,
  resolveCallouts,
  type Callout,
  type CalloutObject,
  type ResolvedCallout,
} from '../../main/model/callouts.ts';
import type { ClusterLayout } from '../layout/types.ts';
import { wordsFor } from '../layout/words.ts';
import { drawCalloutsOnExport, paintCalloutMarkers, placeCallouts, type PlacedCallout } from '../draw/callouts.ts';
import { themeByName, type ThemeName } from '../draw/theme.ts';
import type { Target } from './details/types.ts';
import { el, setText, setTitle } from './dom.ts';
import type { Translate } from './strings.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';

export interface CalloutsHost {
  doc: Document;
  /** Where the panel goes (the stage). */
  parent: HTMLElement;
  /** The zoomed group the drawing lives in: the markers' layer goes in it, over the picture. */
  viewport: SVGGElement;
  model(): AnatomyModel | undefined;
  selection(): Target | undefined;
  layout(): ClusterLayout | undefined;
  /** The view's zoom: markers are drawn at 1/k so they keep their size on screen. */
  scale(): number;
  theme(): ThemeName;
  t(): Translate;
  notice(text: string): void;
}

export interface CalloutsPanel {
  /** A model was shown: notes resolved again on it; `fresh` (another source) takes the model's own notes instead. */
  modelShown(model: AnatomyModel, fresh: boolean): void;
  /** The picture was laid out or drawn again: markers placed on the new boxes. */
  redraw(): void;
  /** The view zoomed: markers keep their size on screen. */
  moved(): void;
  /** Adds a note to the selected object and puts the cursor in its text. */
  add(): void;
  langChanged(): void;
  selectionChanged(): void;
  /** The notes as they stand, for Save. */
  list(): Callout[];
  /** An export's drawing with the notes on it and listed beside it (a copy), or the drawing itself without notes. */
  forExport<D extends { svg: SVGSVGElement; width: number; height: number }>(drawing: D, layout: ClusterLayout): D;
}

export function createCalloutsPanel(host: CalloutsHost): CalloutsPanel {
  const { doc } = host;
  let callouts: Callout[] = [];
  let resolved: ResolvedCallout[] = [];
  let placed: PlacedCallout[] = [];
  /** What the panel's rows last showed (renderPanel), so they are made again only when it changes. */
  let rowsShape = '';
  /** Where each pinned note's marker last stood on its object: a note whose object goes stays there. */
  const lastAt = new Map<number, { x: number; y: number }>();
  /** The model.callouts array last taken, so a repeat of the same (patches keep it) is not taken again. */
  let adopted: readonly Callout[] | undefined;

  const layer = doc.createElementNS(SVG_NS, 'g') as SVGGElement;
  layer.setAttribute('data-testid', 'callout-layer');

  const heading = el(doc, 'h2', { class: 'callouts-heading' });
  const addButton = el(doc, 'button', { class: 'btn callouts-add', attrs: { type: 'button', 'data-testid': 'callout-add' } });
  addButton.addEventListener('click', () => add());
  const list = el(doc, 'ol', { class: 'callouts-list' });
  const panel = el(doc, 'section', { class: 'callouts-panel', attrs: { id: 'callouts-panel', 'data-testid': 'callouts-panel' } }, [
    el(doc, 'div', { class: 'callouts-head' }, [heading, addButton]),
    list,
  ]);
  host.parent.appendChild(panel);

  function selected(): CalloutObject | undefined {
    const target = host.selection();
    const model = host.model();
    if (!target || !model) return undefined;
    const kind = target.kind;
    if (kind !== 'node' && kind !== 'pod' && kind !== 'container' && kind !== 'volume') return undefined;
    return calloutObject(model, kind, target.uid);
  }

  function resolve(): void {
    const model = host.model();
    const before = new Map(resolved.map((r) => [r.callout.n, r.state]));
    resolved = model ? resolveCallouts(callouts, model) : callouts.map((c) => ({ callout: c, state: c.target ? ('detached' as const) : ('free' as const) }));
    const gone: number[] = [];
    callouts = resolved.map((r) => {
      // A note whose object just went away stays where it stood, dashed, until it is moved.
      if (r.state === 'detached' && before.get(r.callout.n) === 'pinned') {
        gone.push(r.callout.n);
        const at = lastAt.get(r.callout.n);
        if (!r.callout.at && at) r.callout = { ...r.callout, at: { ...at } };
      }
      return r.callout;
    });
    if (gone.length > 0 && model) host.notice(host.t()('callout.detachedNotice', { n: gone.join(', ') }));
  }

  function paintLayer(): void {
    const layout = host.layout();
    placed = layout ? placeCallouts(layout, resolved) : [];
    // Only where a marker stood on its object's box: a redraw before the notes are resolved on a new model
    // finds no box for a note whose object went, and must not forget where it was.
    for (const p of placed) if (p.state === 'pinned' && p.uid !== undefined && p.at) lastAt.set(p.n, p.at);
    if (!layer.parentNode || layer.nextSibling) host.viewport.appendChild(layer);
    paintCalloutMarkers(layer, placed, themeByName(host.theme()), host.t(), { scale: host.scale() });
  }

  function describe(r: ResolvedCallout, t: Translate): string {
    const target = r.callout.target;
    const where = target ? { kind: t(`callout.kind.${target.kind}`), key: r.object?.key ?? target.key } : undefined;
    if (r.state === 'free' || !where) return t('callout.free');
    if (r.state === 'detached') return `${t('callout.detached')} · ${t('callout.wasOn', where)}`;
    return t('callout.on', where);
  }

  function button(label: string, aria: string, action: () => void, testid: string): HTMLButtonElement {
    const b = el(doc, 'button', { class: 'btn', text: label, attrs: { type: 'button', 'aria-label': aria, 'data-testid': testid } });
    b.addEventListener('click', action);
    return b;
  }

  function renderPanel(): void {
    const t = host.t();
    setText(heading, t('callout.panel'));
    setText(addButton, t('callout.addButton'));
    setTitle(addButton, t('callout.add'));
    addButton.disabled = !selected() || callouts.length >= MAX_CALLOUTS;
    panel.hidden = callouts.length === 0;
    const canPin = !!selected();
    // The rows are made again only when what they show changed, not at every model a live cluster sends:
    // a note being typed keeps its field, its caret and any composition in progress.
    const shape = JSON.stringify([t('callout.delete'), canPin, resolved.map((r) => [r.callout.n, r.state, describe(r, t), !!placed.find((p) => p.n === r.callout.n)?.at])]);
    if (shape === rowsShape) {
      for (const r of resolved) {
        const input = list.querySelector<HTMLInputElement>(`li[data-callout-n="${r.callout.n}"] input`);
        if (input && input !== doc.activeElement && input.value !== r.callout.text) input.value = r.callout.text;
      }
      return;
    }
    rowsShape = shape;
    const focused = doc.activeElement;
    const typing = focused instanceof HTMLInputElement && list.contains(focused) ? focused : null;
    const focusedN = typing?.closest('li')?.getAttribute('data-callout-n');
    const caret = typing ? [typing.selectionStart ?? typing.value.length, typing.selectionEnd ?? typing.value.length] : null;
    const rows = resolved.map((r) => {
      const c = r.callout;
      const input = el(doc, 'input', { attrs: { type: 'text', maxlength: MAX_CALLOUT_TEXT, placeholder: t('callout.placeholder'), 'aria-label': t('callout.label', { n: c.n }), 'data-testid': 'callout-text' } });
      input.value = c.text;
      input.addEventListener('input', () => {
        callouts = editCallout(callouts, c.n, input.value);
        resolve();
        paintLayer();
      });
      const actions = el(doc, 'span', { class: 'callout-actions' });
      if (r.state !== 'pinned' || canPin) {
        const pin = button(t('callout.repin'), t('callout.repinLabel', { n: c.n }), () => repin(c.n), 'callout-repin');
        pin.disabled = !canPin;
        actions.appendChild(pin);
      }
      const at = placed.find((p) => p.n === c.n)?.at;
      if (r.state === 'detached' && at) actions.appendChild(button(t('callout.leave'), t('callout.leaveLabel', { n: c.n }), () => leave(c.n, at), 'callout-leave'));
      actions.appendChild(button(t('callout.delete'), t('callout.deleteLabel', { n: c.n }), () => remove(c.n), 'callout-delete'));
      return el(doc, 'li', { attrs: { 'data-callout-n': c.n, 'data-callout-state': r.state } }, [
        el(doc, 'span', { class: 'callout-badge', text: String(c.n) }),
        input,
        el(doc, 'span', { class: 'callout-where', text: describe(r, t) }),
        actions,
      ]);
    });
    list.replaceChildren(...rows);
    // The note being typed keeps the cursor, where it was in the text.
    const again = focusedN ? list.querySelector<HTMLInputElement>(`li[data-callout-n="${Number(focusedN)}"] input`) : null;
    if (again && caret) {
      again.focus();
      again.setSelectionRange(caret[0]!, caret[1]!);
    }
  }

  function changed(): void {
    resolve();
    paintLayer();
    renderPanel();
  }

  function add(): void {
    const object = selected();
    const t = host.t();
    if (!object) {
      host.notice(t('callout.selectFirst'));
      return;
    }
    if (callouts.length >= MAX_CALLOUTS) {
      host.notice(t('callout.full', { max: MAX_CALLOUTS }));
      return;
    }
    callouts = addCallout(callouts, object);
    changed();
    const n = callouts[callouts.length - 1]!.n;
    list.querySelector<HTMLInputElement>(`li[data-callout-n="${n}"] input`)?.focus();
  }

  function repin(n: number): void {
    const object = selected();
    if (!object) return;
    callouts = repinCallout(callouts, n, object);
    changed();
  }

  function leave(n: number, at: { x: number; y: number }): void {
    callouts = freeCallout(callouts, n, at);
    changed();
  }

  function remove(n: number): void {
    callouts = removeCallout(callouts, n);
    changed();
  }

  renderPanel();

  return {
    modelShown(model, fresh) {
      const own = model.callouts;
      // Another source is another picture: its own notes (a saved snapshot's), or none. The same source
      // keeps the notes made here, unless its model brings other notes (the snapshot file saved again).
      if (fresh || (own !== undefined && own !== adopted && JSON.stringify(own) !== JSON.stringify(adopted ?? []))) {
        callouts = own ? own.map((c) => ({ ...c })) : [];
        resolved = [];
        lastAt.clear();
      }
      if (own !== undefined || fresh) adopted = own;
      changed();
    },
    redraw() {
      paintLayer();
    },
    moved() {
      if (placed.length > 0) paintCalloutMarkers(layer, placed, themeByName(host.theme()), host.t(), { scale: host.scale() });
    },
    add,
    langChanged() {
      paintLayer();
      renderPanel();
    },
    selectionChanged() {
      renderPanel();
    },
    list: () => callouts.map((c) => ({ ...c })),
    forExport(drawing, layout) {
      if (resolved.length === 0) return drawing;
      const copy = drawing.svg.cloneNode(true) as SVGSVGElement;
      const size = drawCalloutsOnExport(copy, layout, resolved, themeByName(host.theme()), wordsFor(layout.lang));
      return { ...drawing, svg: copy, width: size.width, height: size.height };
    },
  };
}
