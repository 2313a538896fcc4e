// A failed call's words on the page (renderer/app/status-text.ts errorText): every
// call's error arrives as a MessageError (main/contract/error.ts), said in the
// page's language with the server's or the OS's text inside as written.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorFromWire } from '../../../main/contract/error.ts';
import { message, MessageError } from '../../../main/i18n/index.ts';
import { errorText } from '../../../renderer/app/status-text.ts';
import { translator } from '../../../renderer/app/strings.ts';
import { interfaceEnglish } from '../../fixtures/i18n-words.ts';

test("a call's error is said in the page's language; someone else's text stays as written", () => {
  const ko = translator('ko');
  const en = translator('en');
  const refused = new MessageError(message('errors.session.noContext', { name: 'lab', files: '/home/u/.kube/config' }), 'There is no context named "lab" in /home/u/.kube/config.');
  const korean = errorText(refused, ko);
  assert.match(korean, /[\uac00-\ud7a3]/, korean);
  assert.deepEqual(interfaceEnglish(korean, new Set(['lab', 'home', 'u', 'kube', 'config'])), [], korean);
  assert.equal(errorText(refused, en), refused.message);
  // From the wire with a message no catalog vouches for: the raw text, as text.
  assert.equal(errorText(errorFromWire('<img src=x onerror=alert(1)>', { id: 'nope' }), ko), '오류: <img src=x onerror=alert(1)>');
  assert.equal(errorText(new Error('EACCES'), ko), 'EACCES');
  assert.equal(errorText('plain', ko), 'plain');
});
