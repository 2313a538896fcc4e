// A deliberately strict, tiny XML parser for tests: it accepts only what the
// export should produce (an optional declaration, one root element, quoted
// attributes, the five predefined entities and character references) and
// throws on anything else, including raw "<" or "&" in text or attributes.
// Independent of linkedom, so it can catch linkedom's own serialising mistakes.

export interface XmlElement {
  name: string;
  attrs: Map<string, string>;
  children: Array<XmlElement | string>;
}

const NAME = /^[A-Za-z_][\w.:-]*/;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string, where: number): string {
  if (raw.includes('<')) throw new Error(`raw "<" at ${where}`);
  return raw.replace(/&([^;]*);?/g, (m, body: string) => {
    if (!m.endsWith(';')) throw new Error(`unterminated "&" at ${where}`);
    if (body in ENTITIES) return ENTITIES[body];
    const num = /^#(\d+)$/.exec(body) ?? /^#x([0-9a-fA-F]+)$/.exec(body);
    if (!num) throw new Error(`unknown entity &${body}; at ${where}`);
    return String.fromCodePoint(parseInt(num[1], body[1] === 'x' ? 16 : 10));
  });
}

export function parseStrictXml(xml: string): XmlElement {
  let i = 0;
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) throw new Error('unterminated declaration');
    i = end + 2;
  }
  const skipSpace = () => {
    while (i < xml.length && /\s/.test(xml[i])) i++;
  };
  skipSpace();
  const root = element();
  skipSpace();
  if (i !== xml.length) throw new Error(`content after the root element at ${i}`);
  return root;

  function element(): XmlElement {
    if (xml[i] !== '<') throw new Error(`expected "<" at ${i}`);
    i++;
    const name = NAME.exec(xml.slice(i, i + 200))?.[0];
    if (!name) throw new Error(`bad element name at ${i}`);
    i += name.length;
    const attrs = new Map<string, string>();
    for (;;) {
      const before = i;
      skipSpace();
      if (xml.startsWith('/>', i)) {
        i += 2;
        return { name, attrs, children: [] };
      }
      if (xml[i] === '>') {
        i++;
        break;
      }
      if (i === before) throw new Error(`expected whitespace before attribute at ${i}`);
      const attr = NAME.exec(xml.slice(i, i + 200))?.[0];
      if (!attr) throw new Error(`bad attribute name at ${i}`);
      i += attr.length;
      if (xml[i] !== '=' || xml[i + 1] !== '"') throw new Error(`attribute ${attr} not ="quoted" at ${i}`);
      const end = xml.indexOf('"', i + 2);
      if (end < 0) throw new Error(`unterminated attribute ${attr}`);
      if (attrs.has(attr)) throw new Error(`duplicate attribute ${attr} at ${i}`);
      attrs.set(attr, decode(xml.slice(i + 2, end), i));
      i = end + 1;
    }
    const children: Array<XmlElement | string> = [];
    for (;;) {
      if (i >= xml.length) throw new Error(`unclosed <${name}>`);
      if (xml.startsWith('</', i)) {
        const end = xml.indexOf('>', i);
        const closing = xml.slice(i + 2, end).trim();
        if (closing !== name) throw new Error(`</${closing}> closes <${name}> at ${i}`);
        i = end + 1;
        return { name, attrs, children };
      }
      if (xml[i] === '<') {
        children.push(element());
        continue;
      }
      const next = xml.indexOf('<', i);
      const end = next < 0 ? xml.length : next;
      children.push(decode(xml.slice(i, end), i));
      i = end;
    }
  }
}

/** All elements of the tree, depth first. */
export function allElements(root: XmlElement): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (el: XmlElement) => {
    out.push(el);
    for (const c of el.children) if (typeof c !== 'string') walk(c);
  };
  walk(root);
  return out;
}

export function textOf(el: XmlElement): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}
