// The top bar: what is shown (source and its kind, the demo notice), which
// context, and the search box with its match count.

import type { ContextList, SessionState } from '../../main/contract/api.ts';
import type { ModelSource } from '../../main/model/types.ts';
import { byId, el, setText, setTitle, show } from './dom.ts';
import type { SearchResult } from './search.ts';
import type { Translate } from './strings.ts';
import { say } from '../../main/i18n/index.ts';

export interface Topbar {
  renderSource(session: SessionState | undefined, modelSource: ModelSource | undefined, t: Translate): void;
  /** Redacted: the kubeconfig's contexts have no pseudonyms in the model, so the picker says they are hidden. */
  renderContexts(list: ContextList | undefined, session: SessionState | undefined, t: Translate, redacted?: boolean): void;
  renderSearch(result: SearchResult | null, cursor: number, t: Translate): void;
}

export interface TopbarEvents {
  useContext(name: string): void;
}

export function searchCountText(result: SearchResult | null, cursor: number, t: Translate): string {
  if (!result) return '';
  const n = result.matches.length;
  if (n === 0) return t('search.none');
  const index = cursor >= 0 && cursor < n ? `${cursor + 1} / ` : '';
  return n === 1 ? t('search.oneMatch', { index }) : t('search.matches', { index, count: n.toLocaleString('en-US') });
}

export function createTopbar(doc: Document, events: TopbarEvents): Topbar {
  const source = byId(doc, 'source');
  const sourceKind = byId(doc, 'source-kind');
  const sourceName = byId(doc, 'source-name');
  const demo = byId(doc, 'demo-banner');
  const demoReason = byId(doc, 'demo-reason');
  const select = byId<HTMLSelectElement>(doc, 'context-select');
  const count = byId(doc, 'search-count');
  let contextsKey = '';

  select.addEventListener('change', () => {
    if (select.value) events.useContext(select.value);
  });

  return {
    renderSource(session, modelSource, t) {
      // A redacted model's source is its pseudonym: the session's would name the real context.
      const src = modelSource?.redacted === true ? modelSource : (session?.source ?? modelSource);
      const kind = src?.kind ?? 'none';
      source.dataset.kind = kind;
      setText(sourceKind, kind === 'cluster' ? t('source.cluster') : kind === 'snapshot' ? t('source.snapshot') : kind === 'demo' ? t('source.demo') : '—');
      const name = typeof src?.name === 'string' && src.name ? src.name : t('source.none');
      setText(sourceName, kind === 'demo' && name === 'demo' ? t('source.demoName') : name);
      setTitle(source, [name, typeof src?.server === 'string' ? src.server : ''].filter(Boolean).join('\n'));
      show(demo, kind === 'demo');
      // The session's message in the page's language; a bare English reason only from an older session.
      setText(demoReason, modelSource?.redacted === true ? '' : session?.demoSaid ? say(t, session.demoSaid) : typeof session?.demoReason === 'string' ? session.demoReason : '');
      setTitle(demoReason, demoReason.textContent ?? '');
    },
    renderContexts(list, session, t, redacted = false) {
      if (redacted) {
        const hidden = t('redact.contexts.hidden');
        if (contextsKey === `\u0001${hidden}`) return;
        contextsKey = `\u0001${hidden}`;
        // No other context can be chosen by a name the page does not show; Redact off gives the list back.
        select.replaceChildren(el(doc, 'option', { text: hidden, attrs: { value: '' } }));
        select.value = '';
        select.disabled = true;
        setTitle(select, hidden);
        return;
      }
      if (contextsKey.startsWith('\u0001')) setTitle(select, '');
      const contexts = Array.isArray(list?.contexts) ? list.contexts.filter((c) => c && typeof c.name === 'string') : [];
      const current = session?.context ?? (session?.source.kind === 'cluster' ? session.source.name : undefined);
      const key = contexts.map((c) => c.name).join('\n') + '\u0000' + (current ?? '') + t('context.placeholder');
      const value = current && contexts.some((c) => c.name === current) ? current : '';
      if (key === contextsKey) {
        // The user may have picked a context that could not be used: show the one in use again.
        if (select.value !== value) select.value = value;
        return;
      }
      contextsKey = key;
      const options: HTMLOptionElement[] = [];
      if (contexts.length === 0) options.push(el(doc, 'option', { text: t('context.none'), attrs: { value: '' } }));
      else if (!current || !contexts.some((c) => c.name === current)) {
        options.push(el(doc, 'option', { text: t('context.placeholder'), attrs: { value: '', disabled: true } }));
      }
      for (const c of contexts.slice(0, 500)) {
        const option = el(doc, 'option', { text: c.name, attrs: { value: c.name, title: [c.cluster, c.server, c.file].filter(Boolean).join(' · ') } });
        options.push(option);
      }
      select.replaceChildren(...options);
      select.value = value;
      select.disabled = contexts.length === 0;
    },
    renderSearch(result, cursor, t) {
      setText(count, searchCountText(result, cursor, t));
      count.dataset.state = !result ? 'idle' : result.matches.length ? 'found' : 'none';
    },
  };
}
