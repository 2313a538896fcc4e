// The layout writes the picture's words in one language, chosen by the caller
// (LayoutOptions.lang), because it measures them to fit boxes: a Korean label
// is wider than its English one. The words themselves are message ids of the
// one table (main/i18n/catalogs/picture.ts).

import { translator, type Lang, type Translate } from '../../main/i18n/index.ts';

export type { Lang, Translate };

/** One translator per language, kept: caches of measured words are keyed by it. */
const WORDS: Readonly<Record<Lang, Translate>> = { en: translator('en'), ko: translator('ko') };

/** The words of a layout whose caller named no language. */
export const ENGLISH: Translate = WORDS.en;

export function wordsFor(lang: Lang | undefined): Translate {
  return lang === 'ko' ? WORDS.ko : ENGLISH;
}
