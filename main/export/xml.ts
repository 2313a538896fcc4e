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

/**
 * Whether a name may be written as an element's or attribute's name. A
 * drawing uses a few dozen names, each millions of times at 100,000 pods:
 * each is tested once (a few hundred are remembered).
 */
const nameChecked = new Map<string, boolean>();
function isXmlName(name: string): boolean {
  let ok = nameChecked.get(name);
  if (ok === undefined) {
    ok = XML_NAME.test(name);
    if (nameChecked.size < 512) nameChecked.set(name, ok);
  }
  return ok;
}

/**
 * Where the XML goes: text is gathered into a string and handed out in
 * pieces of about PIECE characters (or at a hole), which costs less than a
 * string for every name, quote and value joined at the end.
 */
class XmlOut<N> {
  readonly parts: (string | N)[] = [];
  text = '';

  hole(node: N): void {
    this.flush();
    this.parts.push(node);
  }

  flush(): void {
    if (this.text.length > 0) this.parts.push(this.text);
    this.text = '';
  }
}

const PIECE = 1 << 16;
/** The names of the element being written (one element at a time: its children come after its attributes). */
const attrNames: string[] = [];

/** XML for `node`; `rootAttributes` are added to the outermost element when it lacks them. */
export function serializeXml(node: MinimalNode, rootAttributes: Record<string, string> = {}): string {
  const out = new XmlOut<MinimalNode>();
  write(node, out, rootAttributes, undefined);
  out.flush();
  return out.parts.join('');
}

/**
 * serializeXml with holes: an element for which `hole` is true is left out
 * and stands in the result in its place, for the caller to fill with XML of
 * its own (see renderSvgChunks). The text between holes comes in pieces of
 * some 64 K characters.
 */
export function serializeXmlParts<N extends MinimalNode>(node: N, rootAttributes: Record<string, string>, hole: (element: N) => boolean): (string | N)[] {
  const out = new XmlOut<N>();
  write(node, out, rootAttributes, hole as (element: MinimalNode) => boolean);
  out.flush();
  return out.parts;
}

function write<N extends MinimalNode>(node: N, out: XmlOut<N>, extra: Record<string, string> | undefined, hole: ((element: MinimalNode) => boolean) | undefined): void {
  if (node.nodeType === TEXT || node.nodeType === CDATA) {
    out.text += escapeText(node.nodeValue ?? '');
    return;
  }
  if (node.nodeType !== ELEMENT) return;
  const name = node.localName || node.tagName || '';
  if (!isXmlName(name)) return;
  if (hole?.(node)) {
    out.hole(node);
    return;
  }
  let text = '<' + name;
  // Each read once, into plain arrays: linkedom hands the attributes out through a Proxy, whose every index costs.
  const attrs = node.attributes ?? [];
  const count = attrs.length;
  const names = attrNames;
  names.length = 0;
  for (let i = 0; i < count; i++) {
    const a = attrs[i] as { name: string; value: string };
    const attr = a.name;
    // A DOM has one attribute of each name, but a node here need not be a DOM's: the first is written.
    if (!isXmlName(attr) || names.includes(attr)) continue;
    names.push(attr);
    text += ' ' + attr + '="' + escapeAttribute(String(a.value)) + '"';
  }
  if (extra) {
    for (const [k, v] of Object.entries(extra)) {
      if (isXmlName(k) && !names.includes(k)) text += ' ' + k + '="' + escapeAttribute(v) + '"';
    }
  }
  const children = node.childNodes ?? [];
  const n = children.length;
  if (n === 0) {
    out.text += text + '/>';
  } else {
    out.text += text + '>';
    for (let i = 0; i < n; i++) write(children[i] as N, out, undefined, hole);
    out.text += '</' + name + '>';
  }
  if (out.text.length >= PIECE) out.flush();
}
