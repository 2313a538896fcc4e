// `kube-anatomy export --lang ko`, run as a user runs it: the picture's words
// are Korean (band titles, counts, states, tooltips, the root's label), the
// cluster's names and values are as in the English picture, and no interface
// English is left in its text or its title and aria-label attributes.

import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseHTML } from 'linkedom';
import { buildModel } from '../../../main/model/build.ts';
import { loadDemo } from '../../../main/snapshot/demo-asset.ts';
import { interfaceEnglish, wordsOfValues } from '../../fixtures/i18n-words.ts';
import { runCli } from '../../fixtures/cli.ts';


const cli = runCli;

/** Every text the picture shows or says: its text nodes, and its title and aria-label attributes. */
function picturesWords(svgText: string): { root: Element; texts: string[] } {
  const { document } = parseHTML(`<html><body>${svgText.replace(/^<\?xml[^>]*>/, '')}</body></html>`);
  const root = document.querySelector('svg')!;
  const texts: string[] = [];
  for (const el of [root, ...Array.from(root.querySelectorAll('*'))]) {
    for (const attr of ['aria-label', 'title']) {
      const v = el.getAttribute(attr);
      if (v) texts.push(v);
    }
    for (const n of Array.from(el.childNodes)) if (n.nodeType === 3 && n.textContent?.trim()) texts.push(n.textContent);
  }
  return { root, texts };
}

describe('export --lang', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'ka-export-lang-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('draws the demo in Korean, with the cluster\'s values as in English and no interface English', () => {
    const ko = path.join(dir, 'ko.svg');
    const en = path.join(dir, 'en.svg');
    for (const [file, extra] of [[ko, ['--lang', 'ko']], [en, []]] as const) {
      const r = cli(['export', '--demo', '--detail', 'containers', '-o', file, ...extra]);
      assert.equal(r.code, 0, r.stderr);
    }
    const korean = picturesWords(readFileSync(ko, 'utf8'));
    const english = picturesWords(readFileSync(en, 'utf8'));
    assert.equal(korean.root.getAttribute('lang'), 'ko');
    assert.equal(english.root.getAttribute('lang'), null);
    assert.match(korean.root.getAttribute('aria-label') ?? '', /^demo의 Kube Anatomy: 노드 \d+개, 파드 \d+개/);
    assert.ok(korean.texts.some((t) => /^워커 노드 · 노드 \d+개 · 파드 \d+개$/.test(t)), 'the workers band is titled in Korean');
    assert.ok(english.texts.some((t) => /^Workers · \d+ nodes · \d+ pods$/.test(t)), 'and in English by default');
    // The same objects with the same names, IPs and statuses.
    const facts = (svg: string) => {
      const { document } = parseHTML(`<html><body>${svg.replace(/^<\?xml[^>]*>/, '')}</body></html>`);
      return Array.from(document.querySelectorAll('g[data-uid]')).map((g) => ['data-uid', 'data-name', 'data-ip', 'data-status'].map((a) => g.getAttribute(a)).join(' '));
    };
    assert.deepEqual(facts(readFileSync(ko, 'utf8')), facts(readFileSync(en, 'utf8')));
    const values = wordsOfValues(buildModel(loadDemo(), { kind: 'demo', name: 'demo', namespaces: [] }));
    const left = korean.texts.flatMap((t) => interfaceEnglish(t, values).map((w) => `${w} in "${t}"`));
    assert.deepEqual(left, []);
  });

  it('lays a PNG out in Korean too', () => {
    const sizes: number[] = [];
    for (const lang of ['en', 'ko']) {
      const file = path.join(dir, `${lang}.png`);
      const r = cli(['export', '--demo', '--detail', 'pods', '--scale', '1', '-o', file, '--lang', lang]);
      assert.equal(r.code, 0, r.stderr);
      sizes.push(readFileSync(file).length);
    }
    // Other words are other pixels (a PNG holds no text to read back).
    assert.notEqual(sizes[0], sizes[1]);
  });

  it('refuses a language it has no words for, saying which it has', () => {
    const r = cli(['export', '--demo', '-o', path.join(dir, 'x.svg'), '--lang', 'fr']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--lang fr: use en or ko/);
  });
});
