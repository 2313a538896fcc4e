// Writes the current language into the static parts of index.html, which
// carry their string ids in data-i18n (text) and data-i18n-<attribute>.

import { isMessageId } from '../../main/i18n/index.ts';
import type { StringId, Translate } from './strings.ts';

const ATTRS = ['title', 'aria-label', 'aria-roledescription', 'placeholder'] as const;

function isStringId(id: string | undefined): id is StringId {
  return isMessageId(id);
}

export function applyStrings(root: ParentNode, t: Translate, lang: string): void {
  for (const node of Array.from(root.querySelectorAll<HTMLElement>('[data-i18n]'))) {
    const id = node.dataset.i18n;
    if (isStringId(id)) node.textContent = t(id);
  }
  for (const attr of ATTRS) {
    for (const node of Array.from(root.querySelectorAll<HTMLElement>(`[data-i18n-${attr}]`))) {
      const id = node.getAttribute(`data-i18n-${attr}`) ?? undefined;
      if (isStringId(id)) node.setAttribute(attr, t(id));
    }
  }
  const doc = (root as Node).ownerDocument ?? (root as Document);
  doc.documentElement?.setAttribute('lang', lang);
}
