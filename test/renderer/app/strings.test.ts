import { test } from 'node:test';
import assert from 'node:assert/strict';
import { en, format, ko, langFor, resolveLang, translator } from '../../../renderer/app/strings.ts';

test('format fills known placeholders and leaves others', () => {
  assert.equal(format('Loading {resource} {loaded}', { resource: 'pods', loaded: '1,500' }), 'Loading pods 1,500');
  assert.equal(format('{a} {b}', { a: 1 }), '1 {b}');
  // No prototype lookups.
  assert.equal(format('{toString}', {}), '{toString}');
});

test('language follows navigator.language unless set', () => {
  assert.equal(langFor('ko-KR'), 'ko');
  assert.equal(langFor('en-US'), 'en');
  assert.equal(langFor('fr'), 'en');
  assert.equal(langFor(undefined), 'en');
  assert.equal(resolveLang('auto', 'ko'), 'ko');
  assert.equal(resolveLang('en', 'ko'), 'en');
});

test('the app reads the one table: Korean for every interface id', () => {
  const t = translator('ko');
  assert.equal(t('ns.all'), '모든 네임스페이스');
  assert.equal(t('row.podIP'), '파드 IP');
  assert.equal(t('counts.pods', { n: 3 }), '파드 3');
  assert.deepEqual(Object.keys(ko).sort(), Object.keys(en).sort());
});

test('the Korean table only uses ids of the English table, with the same placeholders', () => {
  for (const [id, text] of Object.entries(ko)) {
    assert.ok(id in en, `unknown id ${id}`);
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    assert.deepEqual(names(text!), names(en[id as keyof typeof en]), `placeholders of ${id}`);
  }
});
