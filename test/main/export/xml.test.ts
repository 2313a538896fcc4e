import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHTML } from 'linkedom';
import { escapeAttribute, escapeText, serializeXml } from '../../../main/export/xml.ts';
import { parseStrictXml, textOf } from './strict-xml.ts';

describe('XML escaping', () => {
  it('escapes markup characters in text and attributes', () => {
    assert.equal(escapeText('<a & b>'), '&lt;a &amp; b&gt;');
    assert.equal(escapeAttribute('"><img src=x>&'), '&quot;&gt;&lt;img src=x&gt;&amp;');
    assert.equal(escapeAttribute('a\nb\tc'), 'a&#10;b&#9;c');
    assert.equal(escapeText('plain'), 'plain');
  });

  it('drops characters XML cannot carry', () => {
    assert.equal(escapeText('a\u0000b\u0008c\ud800d'), 'abcd');
    assert.equal(escapeText('😀'), '😀');
  });
});

describe('serializeXml', () => {
  it('writes strict XML where linkedom\'s HTML serialiser would not', () => {
    const { document } = parseHTML('<html><body></body></html>');
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    const g = document.createElementNS('http://www.w3.org/2000/svg', 'g');
    g.setAttribute('data-name', '"><img src=x onerror=alert(1)>&amp;');
    const text = document.createElementNS('http://www.w3.org/2000/svg', 'text');
    text.textContent = '<script>alert(1)</script> & more';
    g.appendChild(text);
    svg.appendChild(g);
    // linkedom leaves "<" and "&" raw in attributes: not well-formed XML.
    assert.throws(() => parseStrictXml(svg.toString()));
    const xml = serializeXml(svg as never, { xmlns: 'http://www.w3.org/2000/svg' });
    const root = parseStrictXml(xml);
    assert.equal(root.name, 'svg');
    assert.equal(root.attrs.get('xmlns'), 'http://www.w3.org/2000/svg');
    const gEl = root.children[0] as ReturnType<typeof parseStrictXml>;
    assert.equal(gEl.attrs.get('data-name'), '"><img src=x onerror=alert(1)>&amp;');
    assert.equal(textOf(gEl), '<script>alert(1)</script> & more');
  });
});
