// The one translation table: every id has an English and a Korean text that
// name the same values, and Korean texts keep Latin letters only for the
// terms Korean Kubernetes writing keeps (test/fixtures/i18n-words.ts).
// The type of catalog() already refuses a missing Korean id at compile time;
// this checks what a type cannot: empty texts, placeholders, stray English.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { allMessageIds, isMessageId, say, textOf, translator } from '../../../main/i18n/index.ts';
import { uiCatalog } from '../../../main/i18n/catalogs/ui.ts';
import { pictureCatalog } from '../../../main/i18n/catalogs/picture.ts';
import { modelCatalog } from '../../../main/i18n/catalogs/model.ts';
import { errorsCatalog } from '../../../main/i18n/catalogs/errors.ts';
import { interfaceEnglish } from '../../fixtures/i18n-words.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every id has a non-empty English and Korean text with the same placeholders', () => {
  const ids = allMessageIds();
  assert.ok(ids.length > 300, `the table holds every part's texts (${ids.length} ids)`);
  const problems: string[] = [];
  for (const id of ids) {
    const en = textOf('en', { id });
    const ko = textOf('ko', { id });
    if (en.trim() === '' || en === id) problems.push(`${id}: no English`);
    if (ko.trim() === '' || ko === id) problems.push(`${id}: no Korean`);
    if (placeholders(en).join() !== placeholders(ko).join()) problems.push(`${id}: English names {${placeholders(en)}}, Korean {${placeholders(ko)}}`);
  }
  assert.deepEqual(problems, []);
});

// The interface, the picture and the model's words. The teaching texts (lenses, tour, quiz) name
// example images and products (nginx, Docker Hub) that no word list can tell from English; the
// end-to-end test reads what they show against the model's own names.
test('Korean interface and picture texts are Korean: Latin letters only for the terms Korean Kubernetes writing keeps', () => {
  const problems: string[] = [];
  for (const [id, text] of [uiCatalog, pictureCatalog, modelCatalog, errorsCatalog].flatMap((c) => Object.entries(c.ko))) {
    // Placeholders are filled with the cluster's values, which stay as written.
    const ko = text.replace(/\{\w+\}/g, ' ');
    const english = interfaceEnglish(ko);
    if (english.length) problems.push(`${id}: ${english.join(', ')} in "${ko}"`);
  }
  assert.deepEqual(problems, []);
});

test('a message from the wire is checked, not trusted', () => {
  const ko = translator('ko');
  assert.equal(say(ko, { id: 'pic.count.pods', params: { n: 3 } }), '파드 3개');
  // Only plain values fill placeholders; a value is never read as a template.
  assert.equal(say(ko, { id: 'gap.said', params: { text: '{text} <b>' } }), '{text} <b>');
  assert.equal(say(ko, { id: 'pic.count.pods', params: { n: { toString: () => 'x' } } }), '파드 {n}개');
  assert.equal(say(ko, 'a source\'s own words'), 'a source\'s own words');
  assert.equal(say(ko, { id: 'no.such.id' }), 'no.such.id');
  for (const junk of [undefined, null, 42, {}, { id: 7 }]) assert.equal(say(ko, junk), '');
  assert.equal(isMessageId('pic.count.pods'), true);
  assert.equal(isMessageId('toString'), false);
  // A value that is a message is said in the same language (a place inside a reason); a nest too deep says its id.
  const where = { id: 'conn.whereServer', params: { name: 'lab', server: 'https://10.0.0.1:6443' } };
  assert.equal(say(ko, { id: 'conn.detail.connectingTo', params: { where } }), '컨텍스트 "lab" (https://10.0.0.1:6443)에 연결하는 중');
  assert.equal(textOf('en', { id: 'conn.detail.connectingTo', params: { where } }), 'connecting to context "lab" (https://10.0.0.1:6443)');
  let deep: unknown = where;
  for (let i = 0; i < 5; i++) deep = { id: 'conn.detail.connectingTo', params: { where: deep } };
  assert.ok(say(ko, deep).includes('{where}'), 'nesting stops');
});

test('a language has one translator, the same function each time it is asked for (what was made with it is told apart by it)', () => {
  assert.equal(translator('en'), translator('en'));
  assert.equal(translator('ko'), translator('ko'));
  assert.notEqual(translator('en'), translator('ko'));
  assert.equal(translator('ko')('ns.all'), '모든 네임스페이스');
});
