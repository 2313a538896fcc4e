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

/**
 * A sentence with a piece of code in it ("이 단계의 링크: #tour=3"): `said` is the
 * sentence in the page's language with its `{<placeholder>}` left unfilled; the
 * words become text and the code a <code translate="no">, HTML's mark for text
 * that is not to be translated (which the Korean page check respects).
 */
export function withCode(doc: Document, said: string, placeholder: string, code: string): Node[] {
  const mark = `{${placeholder}}`;
  const at = said.indexOf(mark);
  const codeNode = doc.createElement('code');
  codeNode.setAttribute('translate', 'no');
  codeNode.textContent = code;
  if (at < 0) return [doc.createTextNode(`${said} `), codeNode];
  return [doc.createTextNode(said.slice(0, at)), codeNode, doc.createTextNode(said.slice(at + mark.length))].filter((n) => n.textContent !== '');
}
