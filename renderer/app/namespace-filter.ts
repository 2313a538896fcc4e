// The namespace filter: all namespaces, or a chosen set. Clicks are batched
// briefly so ticking three namespaces asks the session once, not three times.

import { byId, el, setText, setTitle } from './dom.ts';
import type { Translate } from './strings.ts';

export interface NamespaceFilter {
  update(available: readonly string[], selected: readonly string[], t: Translate): void;
}

const MAX_LISTED = 1000;
const BATCH_MS = 450;

export function namespaceSummary(selected: readonly string[], t: Translate): string {
  if (selected.length === 0) return t('ns.all');
  if (selected.length === 1) return t('ns.one', { name: selected[0] });
  return t('ns.some', { count: selected.length });
}

export function createNamespaceFilter(doc: Document, apply: (namespaces: string[]) => Promise<void>): NamespaceFilter {
  const summary = byId(doc, 'namespace-summary');
  const list = byId(doc, 'namespace-list');
  const all = byId<HTMLInputElement>(doc, 'namespace-all');
  const search = byId<HTMLInputElement>(doc, 'namespace-search');
  const popover = byId(doc, 'namespace-popover');
  const button = byId(doc, 'namespace-button');

  let available: string[] = [];
  let chosen = new Set<string>();
  let pending: ReturnType<typeof setTimeout> | undefined;
  let listedKey = '';
  let lastT: Translate | undefined;

  const flush = () => {
    pending = undefined;
    const namespaces = [...chosen].sort();
    apply(namespaces).catch(() => {});
  };
  const schedule = () => {
    if (pending) clearTimeout(pending);
    pending = setTimeout(flush, BATCH_MS);
    paintChecks();
    if (lastT) {
      setText(summary, namespaceSummary([...chosen], lastT));
      setTitle(button, [...chosen].join(', ') || lastT('ns.all'));
    }
  };

  function paintChecks(): void {
    // Written only where it differs: each write is a style invalidation (:checked), and a live model updates this often.
    const none = chosen.size === 0;
    if (all.checked !== none) all.checked = none;
    for (const box of Array.from(list.querySelectorAll<HTMLInputElement>('input[type=checkbox]'))) {
      const on = chosen.has(box.value);
      if (box.checked !== on) box.checked = on;
    }
  }
  /** What update() was last given: a live model updates with the same namespaces, choice and words at nearly every change. */
  let given: { ns: readonly string[]; selected: string; t: Translate } | undefined;

  function filterList(): void {
    const q = search.value.trim().toLowerCase();
    for (const item of Array.from(list.children) as HTMLElement[]) {
      item.hidden = !!q && !(item.dataset.ns ?? '').toLowerCase().includes(q);
    }
  }

  all.addEventListener('change', () => {
    chosen = new Set();
    schedule();
  });
  list.addEventListener('change', (e) => {
    const box = e.target as HTMLInputElement;
    if (box.type !== 'checkbox') return;
    if (box.checked) chosen.add(box.value);
    else chosen.delete(box.value);
    schedule();
  });
  search.addEventListener('input', filterList);
  popover.addEventListener('toggle', (e) => {
    const open = (e as ToggleEvent).newState === 'open';
    button.setAttribute('aria-expanded', String(open));
    if (open) {
      placeBelow(button, popover);
      search.focus();
    } else if (pending) {
      clearTimeout(pending);
      flush();
    }
  });

  return {
    update(ns, selected, t) {
      const selectedKey = selected.join('\n');
      // The same as last time, and the choice shown is that one (or the user is choosing): nothing to do.
      if (given && given.ns === ns && given.selected === selectedKey && given.t === t && (pending || sameChoice(chosen, selected))) return;
      given = { ns, selected: selectedKey, t };
      lastT = t;
      available = [...new Set([...ns, ...selected].filter((n) => typeof n === 'string' && n))].sort();
      if (!pending) chosen = new Set(selected);
      const key = available.join('\n');
      if (key !== listedKey) {
        listedKey = key;
        list.replaceChildren(
          ...available.slice(0, MAX_LISTED).map((name) =>
            el(doc, 'label', { class: 'ns-option', attrs: { 'data-ns': name } }, [
              el(doc, 'input', { attrs: { type: 'checkbox', value: name } }),
              el(doc, 'span', { class: 'mono', text: name }),
            ]),
          ),
        );
        filterList();
      }
      paintChecks();
      setText(summary, namespaceSummary([...chosen], t));
      setTitle(button, [...chosen].join(', ') || t('ns.all'));
    },
  };
}

function sameChoice(chosen: ReadonlySet<string>, selected: readonly string[]): boolean {
  return chosen.size === new Set(selected).size && selected.every((n) => chosen.has(n));
}

/** Popovers live in the top layer; put this one under its button (CSSOM, allowed by the CSP). */
export function placeBelow(anchor: HTMLElement, popover: HTMLElement, align: 'start' | 'end' = 'start'): void {
  const r = anchor.getBoundingClientRect();
  const view = anchor.ownerDocument.defaultView;
  const vw = view?.innerWidth ?? 1024;
  popover.style.position = 'fixed';
  popover.style.margin = '0';
  popover.style.top = `${Math.round(r.bottom + 6)}px`;
  if (align === 'end') {
    popover.style.left = 'auto';
    popover.style.right = `${Math.max(8, Math.round(vw - r.right))}px`;
  } else {
    popover.style.right = 'auto';
    popover.style.left = `${Math.max(8, Math.round(Math.min(r.left, vw - 300)))}px`;
  }
}
