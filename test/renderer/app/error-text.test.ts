// A failed call's words on the page (renderer/app/status-text.ts errorText): every
// call's error arrives as a MessageError (main/contract/error.ts), said in the
// page's language with the server's or the OS's text inside as written.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { errorFromWire } from '../../../main/contract/error.ts';
import { message, MessageError } from '../../../main/i18n/index.ts';
import { errorText, gapsText } from '../../../renderer/app/status-text.ts';
import { buildGaps } from '../../../main/model/gaps.ts';
import type { ClusterObjects } from '../../../main/model/kube.ts';
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

test("a gap's reason is said in the page's language when the source gave it as a message; a snapshot's junk is dropped", () => {
  const ko = translator('ko');
  const objects = {
    nodes: [],
    gaps: [
      { resource: 'pods', reason: 'unavailable', message: 'https://10.0.0.1:6443 does not serve pods (context lab, 404 Not Found)', said: { id: 'errors.cluster.notFound', params: { server: 'https://10.0.0.1:6443', context: 'lab', resource: 'pods' } } },
      { resource: 'persistentvolumeclaims', reason: 'unavailable', message: 'as written', said: { id: 'no.such.id' } },
      { resource: 'persistentvolumes', reason: 'unavailable', message: 'also as written', said: { id: 'errors.gap.notRead', params: { resource: { toString: () => 'x' } } } },
    ],
  } as unknown as ClusterObjects;
  const gaps = buildGaps(objects, []);
  assert.deepEqual(gaps[0]?.said, { id: 'errors.cluster.notFound', params: { server: 'https://10.0.0.1:6443', context: 'lab', resource: 'pods' } });
  assert.equal(gaps[1]?.said, undefined);
  assert.equal(gaps[2]?.said, undefined);
  const lines = gapsText(gaps, ko)!.title.split('\n');
  assert.match(lines[0]!, /^pods: https:\/\/10\.0\.0\.1:6443이\(가\) pods을\(를\) 제공하지 않습니다/);
  assert.deepEqual(interfaceEnglish(lines[0]!, new Set(['pods', 'https', 'lab'])), [], lines[0]);
  assert.match(lines[1]!, /^persistentvolumeclaims: as written/);
});
