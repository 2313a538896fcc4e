// Serialises a DOM subtree as XML. linkedom's own serialiser follows HTML
// rules (it leaves "<" and "&" raw inside attribute values), which is not
// well-formed XML; resvg, browsers opening a .svg file and XML tools all need
// the strict form, so the export writes it itself.

const XML_NAME = /^[A-Za-z_][\w.:-]*$/;
// Characters XML 1.0 forbids outright, including unpaired surrogates.
// eslint-disable-next-line no-control-regex
const INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const NEEDS_TEXT_ESCAPE = /[&<>\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;
const NEEDS_ATTR_ESCAPE = /[&<>"\t\n\r\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\ufffe\uffff]/;

export function escapeText(value: string): string {
  if (!NEEDS_TEXT_ESCAPE.test(value)) return value;
  return value.replace(INVALID, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function escapeAttribute(value: string): string {
  if (!NEEDS_ATTR_ESCAPE.test(value)) return value;
  return escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;');
}

export interface MinimalNode {
  nodeType: number;
  nodeValue?: string | null;
  childNodes?: ArrayLike<MinimalNode>;
  localName?: string | null;
  tagName?: string;
  attributes?: ArrayLike<{ name: string; value: string }>;
}

const ELEMENT = 1;
const TEXT = 3;
const CDATA = 4;

/** XML for `node`; `rootAttributes` are added to the outermost element when it lacks them. */
export function serializeXml(node: MinimalNode, rootAttributes: Record<string, string> = {}): string {
  const out: string[] = [];
  write(node, out, rootAttributes, undefined);
  return out.join('');
}

/**
 * serializeXml with holes: an element for which `hole` is true is left out
 * and stands in the result in its place, for the caller to fill with XML of
 * its own (see renderSvgChunks). Runs of text are joined.
 */
export function serializeXmlParts<N extends MinimalNode>(node: N, rootAttributes: Record<string, string>, hole: (element: N) => boolean): (string | N)[] {
  const out: (string | N)[] = [];
  write(node, out, rootAttributes, hole as (element: MinimalNode) => boolean);
  const parts: (string | N)[] = [];
  let run: string[] = [];
  for (const part of out) {
    if (typeof part === 'string') {
      run.push(part);
      continue;
    }
    if (run.length > 0) parts.push(run.join(''));
    run = [];
    parts.push(part);
  }
  if (run.length > 0) parts.push(run.join(''));
  return parts;
}

function write<N extends MinimalNode>(node: N, out: (string | N)[], extra: Record<string, string>, hole: ((element: MinimalNode) => boolean) | undefined): void {
  if (node.nodeType === TEXT || node.nodeType === CDATA) {
    out.push(escapeText(node.nodeValue ?? ''));
    return;
  }
  if (node.nodeType !== ELEMENT) return;
  const name = node.localName || node.tagName || '';
  if (!XML_NAME.test(name)) return;
  if (hole?.(node)) {
    out.push(node);
    return;
  }
  out.push('<', name);
  const seen = new Set<string>();
  const attrs = node.attributes ?? [];
  for (let i = 0; i < attrs.length; i++) {
    const a = attrs[i];
    if (!XML_NAME.test(a.name) || seen.has(a.name)) continue;
    seen.add(a.name);
    out.push(' ', a.name, '="', escapeAttribute(String(a.value)), '"');
  }
  for (const [k, v] of Object.entries(extra)) {
    if (!seen.has(k) && XML_NAME.test(k)) out.push(' ', k, '="', escapeAttribute(v), '"');
  }
  const children = node.childNodes ?? [];
  if (!children.length) {
    out.push('/>');
    return;
  }
  out.push('>');
  for (let i = 0; i < children.length; i++) write(children[i] as N, out, {}, hole);
  out.push('</', name, '>');
}
