// The interface's words live in the one translation table (main/i18n, catalog
// catalogs/ui.ts), which the drawing and the exports read too. This module
// keeps the names the app has always imported, and the page's language choice.

import { LANGS, translator as tableTranslator, type Lang, type MessageId, type Translate } from '../../main/i18n/index.ts';
import { uiCatalog } from '../../main/i18n/catalogs/ui.ts';

export { format, LANGS, type Lang, type Translate } from '../../main/i18n/index.ts';

export const en = uiCatalog.en;
export const ko = uiCatalog.ko;

export type StringId = MessageId;
export type LangSetting = Lang | 'auto';

/** The language for a browser language tag ("ko-KR" → ko); English otherwise. */
export function langFor(tag: unknown): Lang {
  const base = typeof tag === 'string' ? tag.toLowerCase().split(/[-_]/)[0] : '';
  return (LANGS as readonly string[]).includes(base) ? (base as Lang) : 'en';
}

export function resolveLang(setting: LangSetting, navigatorLanguage: unknown): Lang {
  return setting === 'auto' ? langFor(navigatorLanguage) : setting;
}

export function translator(lang: Lang): Translate {
  return tableTranslator(lang);
}
