// A sentence with code in it: the words as text in the page's language, the code
// in <code translate="no"> (which the Korean page check leaves out), never as HTML.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHTML } from 'linkedom';
import { translator } from '../../../main/i18n/index.ts';
import { withCode } from '../../../renderer/app/i18n-dom.ts';

const { document } = parseHTML('<!doctype html><html><body><p id="p"></p></body></html>');

test('a tour step\'s link: Korean words, the link as code not to translate', () => {
  const p = document.getElementById('p')!;
  p.replaceChildren(...withCode(document, translator('ko')('tour.link'), 'link', '#tour=3'));
  assert.equal(p.textContent, '이 단계의 링크: #tour=3');
  const code = p.querySelector('code')!;
  assert.equal(code.getAttribute('translate'), 'no');
  assert.equal(code.textContent, '#tour=3');
  assert.equal(p.firstChild!.textContent, '이 단계의 링크: ');
});

test('the code is text, whatever it holds; a sentence without the placeholder still shows it after', () => {
  const p = document.getElementById('p')!;
  p.replaceChildren(...withCode(document, 'see', 'link', '<img src=x onerror=alert(1)>'));
  assert.equal(p.querySelector('img'), null);
  assert.equal(p.textContent, 'see <img src=x onerror=alert(1)>');
  p.replaceChildren(...withCode(document, translator('en')('quiz.link'), 'link', '#quiz=7'));
  assert.equal(p.innerHTML, 'Link to this quiz: <code translate="no">#quiz=7</code>');
});

test('the app\'s own reasons for a failure are messages: a snapshot file too large is refused in the page\'s language', async () => {
  const { pickSnapshot, MAX_SNAPSHOT_BYTES } = await import('../../../renderer/app/files.ts');
  const { MessageError, say } = await import('../../../main/i18n/index.ts');
  const listeners = new Map<string, () => void>();
  const input = {
    files: [{ name: 'big.json', size: MAX_SNAPSHOT_BYTES + 1 }],
    value: '',
    addEventListener: (type: string, fn: () => void) => listeners.set(type, fn),
    removeEventListener: (type: string) => listeners.delete(type),
    click: () => listeners.get('change')?.(),
  };
  const error: unknown = await pickSnapshot(input as unknown as HTMLInputElement).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof MessageError);
  assert.equal(say(translator('ko'), error.said), 'big.json 파일이 200 MiB보다 큽니다');
  // English stays the error's own message, for logs.
  assert.equal(error.message, 'big.json is larger than 200 MiB');
});
