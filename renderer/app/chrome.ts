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
  /** A namespace as the page shows it (its pseudonym while Redact is on, the model's): the session says the real ones. */
  namespace?: (real: string) => string;
}

export type PaintChrome = (s: AppState, changed: ReadonlySet<keyof AppState>, t: Translate) => void;

export function createChrome(doc: Document, parts: ChromeParts): PaintChrome {
  const { topbar, nsFilter, statusBar, dialogs } = parts;
  const shownNamespace = parts.namespace ?? ((real: string) => real);
  const announcer = doc.getElementById('announcer');
  const workspace = byId(doc, 'workspace');
  const detailsToggle = byId(doc, 'details-toggle');
  const emptyState = byId(doc, 'empty-state');
  const emptyText = byId(doc, 'empty-text');
  const emptyRetry = byId(doc, 'empty-retry');
  const any = (changed: ReadonlySet<keyof AppState>, ...keys: Array<keyof AppState>) => keys.some((k) => changed.has(k));

  return (s, changed, t) => {
    if (changed.has('lang')) applyStrings(doc, t, s.lang);
    // Redact toggled: what was said aloud or shown briefly under the other names goes.
    if (changed.has('redacted')) {
      if (announcer) setText(announcer, '');
      dialogs.notice(undefined);
    }
    if (any(changed, 'session', 'model', 'lang', 'redacted')) {
      topbar.renderSource(s.session, s.model?.source, t);
      // The model's namespaces are already as shown; the session's choice is in real names.
      const available = Array.isArray(s.model?.namespaces) ? s.model.namespaces : [];
      const selected = Array.isArray(s.session?.namespaces) ? s.session.namespaces.map(shownNamespace) : Array.isArray(s.model?.source?.namespaces) ? s.model.source.namespaces : [];
      nsFilter.update(available, selected, t);
    }
    if (any(changed, 'contexts', 'session', 'lang', 'redacted')) topbar.renderContexts(s.contexts, s.session, t, s.redacted === true);
    if (any(changed, 'session', 'model', 'progress', 'link', 'lang', 'redacted')) {
      // Nothing the session says reaches a page whose own link is down.
      const conn = s.link ?? s.session?.connection;
      statusBar.render(conn, s.model, s.progress, t, s.redacted === true);
      show(emptyState, !s.model);
      // A failure's reason may quote the server, the context or a file: not shown while redacted.
      const reason = conn?.phase === 'failed' && typeof conn.reason === 'string' ? (s.redacted ? t('redact.error.hidden') : conn.reason) : undefined;
      setText(emptyText, reason ?? t('empty.waiting'));
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
    // An error's words may quote a name (a context, a file, a namespace): hidden while redacted, and back after.
    if (any(changed, 'error', 'redacted')) dialogs.error(s.error && s.redacted ? t('redact.error.hidden') : s.error);
    if (changed.has('notice')) dialogs.notice(s.notice);
    if (changed.has('theme')) applyTheme(doc, s.theme);
  };
}
