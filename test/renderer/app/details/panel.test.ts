import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderPanel } from '../../../../renderer/app/details/panel.ts';
import type { DetailView } from '../../../../renderer/app/details/types.ts';
import { translator } from '../../../../renderer/app/strings.ts';
import { panelDom } from '../../../fixtures/details/panel-dom.ts';


const hostile = '<img src=x onerror="globalThis.pwned=1"><b>bold</b>';
const view: DetailView = {
  kind: 'pod',
  uid: 'p1',
  title: hostile,
  subtitle: 'ns',
  status: { text: 'Running', tone: 'ok' },
  notes: [{ kind: 'info', text: hostile }],
  sections: [
    {
      id: 'overview',
      title: 'Overview',
      rows: [
        { label: hostile, value: hostile, note: hostile },
        { label: 'Node', value: 'worker-1', link: { kind: 'node', uid: 'n1' } },
      ],
      notes: [{ kind: 'teach', text: 'shared IP' }],
    },
  ],
};

test('cluster strings land as text, never as markup', () => {
  const { document, els } = panelDom();
  renderPanel(document, els, { view, gone: false, t: translator('en'), onLink: () => {}, onZoom: () => {} });
  assert.equal(els.heading.textContent, hostile);
  assert.equal(els.panel.querySelectorAll('img').length, 0);
  assert.equal(els.panel.querySelectorAll('b').length, 0);
  assert.equal(els.panel.dataset.kind, 'pod');
  assert.equal(els.kind.textContent, 'Pod');
  const dts = [...els.body.querySelectorAll('dt')].map((n) => n.textContent);
  assert.deepEqual(dts, [hostile, 'Node']);
});

test('bidi overrides and invisible characters in cluster strings are shown as markers, in text and tooltips', () => {
  const { document, els } = panelDom();
  const name = 'invoice\u202Efdp.exe';
  const tricky: DetailView = { ...view, title: name, subtitle: 'ns\u2066', sections: [{ id: 'o', title: 'Overview', rows: [{ label: 'Image', value: `registry/${name}`, note: 'a\u200Bb' }] }] };
  renderPanel(document, els, { view: tricky, gone: false, t: translator('en'), onLink: () => {}, onZoom: () => {} });
  assert.equal(els.heading.textContent, 'invoice‹U+202E›fdp.exe');
  assert.equal(els.subtitle.textContent, 'ns‹U+2066›');
  assert.doesNotMatch(els.panel.textContent ?? '', /\p{Cf}/u);
  assert.match(els.body.textContent ?? '', /registry\/invoice‹U\+202E›fdp\.exe/);
  assert.match(els.body.textContent ?? '', /a‹U\+200B›b/);
});

test('links are buttons that select their target; a deleted object shows a notice and no links', () => {
  const { document, els } = panelDom();
  const picked: unknown[] = [];
  renderPanel(document, els, { view, gone: false, t: translator('en'), onLink: (target) => picked.push(target), onZoom: () => {} });
  const link = els.body.querySelector('button.link') as HTMLButtonElement;
  assert.equal(link.textContent, 'worker-1');
  link.click();
  assert.deepEqual(picked, [{ kind: 'node', uid: 'n1' }]);

  renderPanel(document, els, { view, gone: true, t: translator('en'), onLink: () => {}, onZoom: () => {} });
  assert.equal(els.panel.dataset.state, 'gone');
  assert.equal(els.body.querySelectorAll('button.link').length, 0);
  assert.match(els.body.querySelector('.note-warn')!.textContent!, /gone/);
});

test('no selection shows the hint', () => {
  const { document, els } = panelDom();
  renderPanel(document, els, { view: undefined, gone: false, t: translator('en'), onLink: () => {}, onZoom: () => {} });
  assert.equal(els.panel.dataset.state, 'empty');
  assert.match(els.body.textContent!, /Click a node/);
});
