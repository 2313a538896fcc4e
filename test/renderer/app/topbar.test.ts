import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namespaceSummary } from '../../../renderer/app/namespace-filter.ts';
import { search } from '../../../renderer/app/search.ts';
import { translator } from '../../../renderer/app/strings.ts';
import { searchCountText } from '../../../renderer/app/topbar.ts';
import { padBox } from '../../../renderer/app/zoom.ts';
import { sampleModel } from '../../fixtures/anatomy-models.ts';

const t = translator('en');

test('search count text', () => {
  const model = sampleModel();
  assert.equal(searchCountText(null, -1, t), '');
  assert.equal(searchCountText(search(model, 'nothing-here'), -1, t), 'No matches');
  assert.equal(searchCountText(search(model, 'app=web'), -1, t), '1 match');
  assert.equal(searchCountText(search(model, 'shop'), -1, t), '3 matches');
  assert.equal(searchCountText(search(model, 'shop'), 1, t), '2 / 3 matches');
});

test('namespace filter summary', () => {
  assert.equal(namespaceSummary([], t), 'All namespaces');
  assert.equal(namespaceSummary(['shop'], t), 'Namespace shop');
  assert.equal(namespaceSummary(['a', 'b'], t), '2 namespaces');
  assert.equal(namespaceSummary(['a', 'b'], translator('ko')), '네임스페이스 2개');
});

test('padBox grows small boxes around their centre and leaves big ones', () => {
  assert.deepEqual(padBox({ x: 100, y: 100, width: 20, height: 20 }, 360, 240), { x: -70, y: -10, width: 360, height: 240 });
  assert.deepEqual(padBox({ x: 0, y: 0, width: 500, height: 300 }, 360, 240), { x: 0, y: 0, width: 500, height: 300 });
});

test('Enter walks the matches forward and wraps; Shift+Enter walks back', async () => {
  const { nextCursor } = await import('../../../renderer/app/search-box.ts');
  assert.equal(nextCursor(-1, 3, false), 0);
  assert.equal(nextCursor(0, 3, false), 1);
  assert.equal(nextCursor(2, 3, false), 0);
  assert.equal(nextCursor(-1, 3, true), 2);
  assert.equal(nextCursor(0, 3, true), 2);
  assert.equal(nextCursor(2, 3, true), 1);
  assert.equal(nextCursor(5, 3, false), 0, 'a stale cursor after the matches shrank starts over');
  assert.equal(nextCursor(0, 0, false), -1);
});
