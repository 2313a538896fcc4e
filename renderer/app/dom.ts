// The only way the app builds DOM: elements with attributes and text. There
// is deliberately no HTML-string path, so cluster data cannot become markup.
// Every text a person reads (content, title, aria-label) shows invisible
// format characters as markers, so a bidi override in a name cannot make it
// read as another name.

import { showInvisible } from '../../main/common/printable.ts';

/** Attributes read by people (or to them), as opposed to values and keys the code looks up. */
const READ_ATTRS = new Set(['title', 'aria-label', 'placeholder', 'alt']);

export interface ElOptions {
  class?: string;
  text?: string;
  attrs?: Record<string, string | number | boolean | undefined | null>;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  doc: Document,
  tag: K,
  options: ElOptions = {},
  children: Array<Node | null | undefined | false> = [],
): HTMLElementTagNameMap[K] {
  const node = doc.createElement(tag);
  if (options.class) node.className = options.class;
  if (options.text !== undefined) node.textContent = showInvisible(options.text);
  for (const [name, value] of Object.entries(options.attrs ?? {})) {
    if (name.toLowerCase() === 'style' || name.toLowerCase().startsWith('on')) continue;
    if (value === undefined || value === null || value === false) continue;
    const text = value === true ? '' : String(value);
    node.setAttribute(name, READ_ATTRS.has(name.toLowerCase()) ? showInvisible(text) : text);
  }
  for (const c of children) if (c) node.appendChild(c);
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(doc: Document, id: string): T {
  const found = doc.getElementById(id);
  if (!found) throw new Error(`kube-anatomy: #${id} is missing from index.html`);
  return found as T;
}

export function setText(node: Element, text: string): void {
  const shown = showInvisible(text);
  if (node.textContent !== shown) node.textContent = shown;
}

export function setTitle(node: HTMLElement, text: string): void {
  const shown = showInvisible(text);
  if (node.title !== shown) node.title = shown;
}

export function show(node: HTMLElement, visible: boolean): void {
  node.hidden = !visible;
}
