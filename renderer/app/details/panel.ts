// Writes a DetailView into the details panel, as text only. Rows that point
// at another object are buttons, so the panel can be walked with the keyboard.

import { el, setText } from '../dom.ts';
import type { Translate } from '../strings.ts';
import type { DetailNote, DetailRow, DetailView, Target } from './types.ts';

export interface PanelElements {
  panel: HTMLElement;
  kind: HTMLElement;
  heading: HTMLElement;
  subtitle: HTMLElement;
  body: HTMLElement;
}

export interface PanelOptions {
  view: DetailView | undefined;
  gone: boolean;
  t: Translate;
  onLink(target: Target): void;
  onZoom(target: Target): void;
  /** More for a section, put at its end (the Image section's registry part, details/image-anatomy.ts). */
  sectionExtra?(sectionId: string): Node | null | undefined;
}

/** A note paragraph (a warning is announced as a note); events.ts and event-story.ts write theirs with it too. */
export function note(doc: Document, n: DetailNote): HTMLElement {
  return el(doc, 'p', { class: `note note-${n.kind}`, text: n.text, attrs: { role: n.kind === 'warn' ? 'note' : undefined } });
}

function rowNodes(doc: Document, r: DetailRow, onLink: (t: Target) => void): HTMLElement[] {
  const dt = el(doc, 'dt', { text: r.label });
  const valueClass = `value${r.mono ? ' mono' : ''}${r.tone ? ` tone-${r.tone}` : ''}`;
  let value: HTMLElement;
  if (r.link) {
    const target = r.link;
    value = el(doc, 'button', { class: `${valueClass} link`, text: r.value, attrs: { type: 'button', 'data-link-kind': target.kind } });
    value.addEventListener('click', () => onLink(target));
  } else {
    value = el(doc, 'span', { class: valueClass, text: r.value });
  }
  const dd = el(doc, 'dd', {}, [value, r.note ? el(doc, 'div', { class: 'row-note', text: r.note }) : null]);
  return [dt, dd];
}

export function renderPanel(doc: Document, els: PanelElements, options: PanelOptions): void {
  const { view, gone, t } = options;
  els.body.replaceChildren();
  els.panel.dataset.state = view ? (gone ? 'gone' : 'shown') : 'empty';
  if (!view) {
    setText(els.kind, t('details.title'));
    setText(els.heading, '');
    setText(els.subtitle, '');
    els.panel.removeAttribute('data-kind');
    els.body.appendChild(el(doc, 'p', { class: 'details-empty', text: t('details.empty') }));
    return;
  }
  els.panel.dataset.kind = view.kind;
  setText(els.kind, t(`details.kind.${view.kind}`));
  setText(els.heading, view.title);
  setText(els.subtitle, view.subtitle ?? '');

  const top: HTMLElement[] = [];
  if (gone) top.push(note(doc, { kind: 'warn', text: t('details.deleted') }));
  const actions = el(doc, 'div', { class: 'details-actions' });
  if (view.status) {
    actions.appendChild(el(doc, 'span', { class: `status-pill${view.status.tone ? ` tone-${view.status.tone}` : ''}`, text: view.status.text }));
  }
  if (!gone) {
    const zoom = el(doc, 'button', { class: 'btn btn-small', text: t('details.zoomTo'), attrs: { type: 'button', 'data-testid': 'details-zoom' } });
    zoom.addEventListener('click', () => options.onZoom({ kind: view.kind, uid: view.uid }));
    actions.appendChild(zoom);
  }
  top.push(actions);
  for (const n of view.notes) top.push(note(doc, n));

  const sections = view.sections.map((s) => {
    const dl = el(doc, 'dl', { class: 'rows' });
    // Links out of a deleted object may point at other deleted objects: show them as plain text.
    for (const r of s.rows) for (const node of rowNodes(doc, gone ? { ...r, link: undefined } : r, options.onLink)) dl.appendChild(node);
    return el(doc, 'section', { class: 'details-section', attrs: { 'data-section': s.id } }, [
      el(doc, 'h3', { text: s.title }),
      ...(s.notes ?? []).filter((n) => n.kind === 'warn').map((n) => note(doc, n)),
      s.rows.length ? dl : null,
      ...(s.notes ?? []).filter((n) => n.kind !== 'warn').map((n) => note(doc, n)),
      gone ? null : (options.sectionExtra?.(s.id) ?? null),
    ]);
  });
  els.body.append(...top, ...sections);
}
