// What a user reads or hears on the page, for the Korean page checks (i18n*.test.ts):
// text nodes (hidden ones too) and the title, aria-label and placeholder attributes.
// Code shown as code (a deep link, a field path) is marked translate="no", as HTML
// says for text that is not to be translated, and is left out here rather than
// widening the word allow-list.

import type { Page } from 'playwright-core';
import { interfaceEnglish } from '../fixtures/i18n-words.ts';

/** A script in a string: tsx would wrap named functions written here in a helper the page does not have. */
const PAGE_TEXTS = `(() => {
  const out = [];
  const where = (el) => el.localName + (el.id ? '#' + el.id : '') + (el.getAttribute('data-kind') ? '[' + el.getAttribute('data-kind') + ']' : '');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (n.nodeType === Node.TEXT_NODE) {
      const parent = n.parentElement;
      if (parent.closest('script, style, [translate="no"]')) continue;
      const text = (n.textContent || '').trim();
      if (text) out.push({ where: where(parent), text });
      continue;
    }
    if (n.closest('[translate="no"]')) continue;
    for (const attr of ['title', 'aria-label', 'placeholder']) {
      const v = (n.getAttribute(attr) || '').trim();
      if (v) out.push({ where: where(n) + '@' + attr, text: v });
    }
  }
  out.push({ where: 'document.title', text: document.title });
  return out;
})()`;

export function pageTexts(page: Page): Promise<{ where: string; text: string }[]> {
  return page.evaluate(PAGE_TEXTS);
}

/** Each word of interface English on the page, with where it is; `values` are the cluster's own words. */
export async function englishOn(page: Page, values: ReadonlySet<string>): Promise<string[]> {
  const texts = await pageTexts(page);
  return texts.flatMap(({ where, text }) => interfaceEnglish(text, values).map((w) => `${w} in ${where}: "${text.slice(0, 120)}"`));
}
