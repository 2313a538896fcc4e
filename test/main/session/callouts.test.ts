// The page's Save sends its callouts with snapshot:get; the request check reads
// them as a snapshot's are read, but refuses a bad one instead of cutting it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateRequest, RequestError } from '../../../main/session/validate.ts';
import { HOSTILE_SCRIPT } from '../../fixtures/anatomy-models.ts';

test('snapshot:get takes callouts, checked: good ones pass as they are, a bad one is refused with where and what', () => {
  const callouts = [{ n: 1, text: HOSTILE_SCRIPT, target: { kind: 'pod', uid: 'u', key: 'shop/web-0' } }];
  assert.deepEqual(validateRequest('snapshot:get', { format: 'json', callouts }), { format: 'json', callouts });
  assert.deepEqual(validateRequest('snapshot:get', { format: 'yaml' }), { format: 'yaml' });
  assert.throws(() => validateRequest('snapshot:get', { format: 'json', callouts: 'x' }), (e: Error) => e instanceof RequestError && /callouts must be an array/.test(e.message));
  assert.throws(
    () => validateRequest('snapshot:get', { format: 'json', callouts: [{ n: 1, text: 'a', target: { kind: 'service', key: 'x' } }] }),
    (e: Error) => e instanceof RequestError && /snapshot:get: callouts\[0\]: target must be/.test(e.message),
  );
  assert.throws(() => validateRequest('snapshot:get', { format: 'json', callouts: [{ n: 1, text: 'a'.repeat(501), at: { x: 0, y: 0 } }] }), /longer than 500/);
  assert.throws(() => validateRequest('snapshot:get', { format: 'json', notes: [] }), /unexpected field "notes"/);
});
