// The renderer's whole state. Everything the UI shows is derived from this.

import type { ConnectionState, ContextList, LoadProgress, SessionState } from '../../main/contract/api.ts';
import type { AnatomyModel } from '../../main/model/types.ts';
import type { DetailView, Target } from './details/types.ts';
import type { ModelIndex } from './model-index.ts';
import type { SearchResult } from './search.ts';
import type { Lang, LangSetting } from './strings.ts';
import type { ThemeName, ThemePreference } from './theme.ts';

export interface AppState {
  session?: SessionState;
  /** The browser page's link to its server while it is down; shown instead of the session's connection. */
  link?: ConnectionState;
  model?: AnatomyModel;
  revision: number;
  index?: ModelIndex;
  progress?: LoadProgress;
  contexts?: ContextList;
  query: string;
  search: SearchResult | null;
  /** Position in search.matches that Enter last zoomed to; -1 before the first Enter. */
  matchCursor: number;
  selection?: Target;
  /** The last details shown for the selection, kept when the object disappears. */
  lastDetails?: DetailView;
  selectionGone: boolean;
  themePreference: ThemePreference;
  theme: ThemeName;
  langSetting: LangSetting;
  lang: Lang;
  detailsOpen: boolean;
  error?: string;
  notice?: string;
  /** The Redact toggle is on: the chrome shows pseudonyms, or says what it hides (redaction.ts). */
  redacted?: boolean;
}
