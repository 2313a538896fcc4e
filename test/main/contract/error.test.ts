// A failed call's wire form (main/contract/error.ts): what the sending side
// puts in it, and what the receiving side keeps of it. Messages from the wire
// are untrusted: anything the catalogs do not vouch for becomes the generic
// message with the raw text inside, which the page shows as text.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkedMessage, enveloped, errorFromWire, openEnvelope, rejectionError, toWireError } from '../../../main/contract/error.ts';
import { pageApi } from '../../../main/contract/bridge.ts';
import type { AnatomyApi } from '../../../main/contract/api.ts';
import { message, MessageError, say, translator } from '../../../main/i18n/index.ts';
import { interfaceEnglish } from '../../fixtures/i18n-words.ts';

const ko = translator('ko');
const said = message('errors.session.badNamespace', { name: 'Bad_NS' });

test("the app's own error travels as its English and its message; anyone else's text inside the generic message", () => {
  assert.deepEqual(toWireError(new MessageError(said, '"Bad_NS" is not a valid namespace name')), { message: '"Bad_NS" is not a valid namespace name', said });
  assert.deepEqual(toWireError(new Error('EACCES: permission denied')), {
    message: 'EACCES: permission denied',
    said: { id: 'errors.generic', params: { text: 'EACCES: permission denied' } },
  });
  assert.deepEqual(toWireError('plain'), { message: 'plain', said: { id: 'errors.generic', params: { text: 'plain' } } });
  assert.equal(toWireError(42).message, 'the call failed');
});

test('a message from the wire is kept when a catalog defines its id and its text names each param', () => {
  const error = errorFromWire('"Bad_NS" is not a valid namespace name', JSON.parse(JSON.stringify(said)));
  assert.ok(error instanceof MessageError);
  assert.deepEqual(error.said, said);
  assert.equal(error.message, '"Bad_NS" is not a valid namespace name');
  const korean = say(ko, error.said);
  assert.match(korean, /[\uac00-\ud7a3]/);
  assert.deepEqual(interfaceEnglish(korean, new Set(['bad', 'ns'])), [], korean);
  // A nested message (a place inside a reason) is checked too, and kept.
  const nested = message('errors.snapshot.inAt', { file: 'x.json', where: message('errors.snapshot.line', { line: 3 }), problem: message('errors.snapshot.empty') });
  assert.deepEqual(checkedMessage(JSON.parse(JSON.stringify(nested))), nested);
});

test('an unknown id, an unnamed param, a value that is not text or a number, or a nest too deep falls back to the raw text', () => {
  const raw = 'the server said <b>no</b>';
  const generic = { id: 'errors.generic', params: { text: raw } };
  const junk: unknown[] = [
    undefined,
    null,
    'errors.session.badNamespace',
    42,
    [],
    { id: 'no.such.id' },
    { id: 'toString' },
    { id: '__proto__' },
    { id: 'errors.session.badNamespace', params: { name: 'x', extra: 'y' } },
    { id: 'errors.session.badNamespace', params: { name: { toString: () => 'x' } } },
    { id: 'errors.session.badNamespace', params: { name: Number.NaN } },
    { id: 'errors.session.badNamespace', params: { name: 'x'.repeat(5000) } },
    { id: 'errors.session.badNamespace', params: 'name' },
    { id: 'errors.session.badNamespace', params: ['x'] },
    { id: 'errors.snapshot.in', params: { file: 'f', problem: { id: 'no.such.id' } } },
  ];
  for (const said of junk) {
    const error = errorFromWire(raw, said);
    assert.deepEqual(error.said, generic, JSON.stringify(said));
    assert.equal(error.message, raw);
  }
  let deep: unknown = { id: 'errors.snapshot.empty' };
  for (let i = 0; i < 6; i++) deep = { id: 'errors.snapshot.in', params: { file: 'f', problem: deep } };
  assert.deepEqual(errorFromWire(raw, deep).said, generic, 'nesting stops');
  // The raw text stays a value: it fills the generic text and is never read as a template.
  assert.equal(say(ko, errorFromWire('{text} {x}', undefined).said), '오류: {text} {x}');
  // No text at all, or one too long, is bounded.
  assert.equal(errorFromWire(undefined, undefined).message, 'the call failed');
  assert.equal(errorFromWire('y'.repeat(10_000), undefined).message.length, 2001);
});

test("Electron's envelope: a result, or the error as data that the page's API turns into a checked MessageError", async () => {
  assert.deepEqual(await enveloped(() => ({ a: 1 })), { ok: true, result: { a: 1 } });
  assert.deepEqual(await enveloped(() => undefined), { ok: true });
  const failed = await enveloped(() => Promise.reject(new MessageError(said, 'english')));
  assert.deepEqual(failed, { ok: false, error: { message: 'english', said } });
  assert.deepEqual(openEnvelope({ ok: true, result: 5 }), 5);
  let thrown: unknown;
  try {
    openEnvelope(failed);
  } catch (error) {
    thrown = error;
  }
  assert.ok(!(thrown instanceof Error), 'plain data, which the context bridge copies whole');
  assert.deepEqual(rejectionError(thrown).said, said);
  // Whatever else comes (no envelope at all, an Error with only its message) is the generic message.
  try {
    openEnvelope('junk');
  } catch (error) {
    thrown = error;
  }
  assert.deepEqual(rejectionError(thrown).said, { id: 'errors.generic', params: { text: 'the call failed' } });
  assert.deepEqual(rejectionError(new Error('Error invoking remote method')).said, { id: 'errors.generic', params: { text: 'Error invoking remote method' } });

  const raw: AnatomyApi = {
    shell: 'electron',
    invoke: (() => Promise.reject({ message: 'english', said })) as AnatomyApi['invoke'],
    on: () => () => {},
  };
  const page = pageApi(raw);
  await assert.rejects(page.invoke('session:get'), (error: unknown) => error instanceof MessageError && error.said.id === 'errors.session.badNamespace');
});
