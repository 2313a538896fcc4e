// Repaints the chrome around the drawing (top bar, filters, status bar,
// banners, panel visibility, theme) for the parts of the state that changed.

import { byId, setText, show } from './dom.ts';
import type { Dialogs } from './dialogs.ts';
import { applyStrings } from './i18n-dom.ts';
import type { NamespaceFilter } from './namespace-filter.ts';
import { writeSetting } from './settings.ts';
import type { AppState } from './state.ts';
import type { StatusBar } from './statusbar.ts';
import type { Translate } from './strings.ts';
import { applyTheme } from './theme.ts';
import type { Topbar } from './topbar.ts';

export interface ChromeParts {
  topbar: Topbar;
  nsFilter: NamespaceFilter;
  statusBar: StatusBar;
  dialogs: Dialogs;
}

export type PaintChrome = (s: AppState, changed: ReadonlySet<keyof AppState>, t: Translate) => void;

export function createChrome(doc: Document, parts: ChromeParts): PaintChrome {
  const { topbar, nsFilter, statusBar, dialogs } = parts;
  const workspace = byId(doc, 'workspace');
  const detailsToggle = byId(doc, 'details-toggle');
  const emptyState = byId(doc, 'empty-state');
  const emptyText = byId(doc, 'empty-text');
  const emptyRetry = byId(doc, 'empty-retry');
  const any = (changed: ReadonlySet<keyof AppState>, ...keys: Array<keyof AppState>) => keys.some((k) => changed.has(k));

  return (s, changed, t) => {
    if (changed.has('lang')) applyStrings(doc, t, s.lang);
    if (any(changed, 'session', 'model', 'lang')) {
      topbar.renderSource(s.session, s.model?.source, t);
      const available = Array.isArray(s.model?.namespaces) ? s.model.namespaces : [];
      const selected = Array.isArray(s.session?.namespaces) ? s.session.namespaces : Array.isArray(s.model?.source?.namespaces) ? s.model.source.namespaces : [];
      nsFilter.update(available, selected, t);
    }
    if (any(changed, 'contexts', 'session', 'lang')) topbar.renderContexts(s.contexts, s.session, t);
    if (any(changed, 'session', 'model', 'progress', 'link', 'lang')) {
      // Nothing the session says reaches a page whose own link is down.
      const conn = s.link ?? s.session?.connection;
      statusBar.render(conn, s.model, s.progress, t);
      show(emptyState, !s.model);
      setText(emptyText, conn?.phase === 'failed' && typeof conn.reason === 'string' ? conn.reason : t('empty.waiting'));
      emptyState.dataset.phase = conn?.phase ?? 'connecting';
      // Retry asks the session for its source again, which cannot mend the page's link.
      show(emptyRetry, !s.link && conn?.phase === 'failed');
    }
    if (any(changed, 'search', 'matchCursor', 'lang')) topbar.renderSearch(s.search, s.matchCursor, t);
    if (changed.has('detailsOpen')) {
      workspace.classList.toggle('details-closed', !s.detailsOpen);
      detailsToggle.setAttribute('aria-expanded', String(s.detailsOpen));
      writeSetting('details', s.detailsOpen ? null : 'closed');
    }
    if (changed.has('error')) dialogs.error(s.error);
    if (changed.has('notice')) dialogs.notice(s.notice);
    if (changed.has('theme')) applyTheme(doc, s.theme);
  };
}
