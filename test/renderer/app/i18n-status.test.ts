// The status bar says the page's own link to the kube-anatomy server in the page's
// language: the bridge sends a message (link.*) beside its English reason.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { message, translator } from '../../../main/i18n/index.ts';
import { connectionText } from '../../../renderer/app/status-text.ts';
import { interfaceEnglish, wordsOfValues } from '../../fixtures/i18n-words.ts';

test('a lost, unreachable or closed link is said in Korean, the server\'s own reason kept', () => {
  const ko = translator('ko');
  const reason = 'too far behind: 12.3 MiB of replies queued (limit 8 MiB); reload the page';
  const states = [
    { phase: 'reconnecting' as const, reason: 'lost the connection to the kube-anatomy server', said: message('link.lost'), attempt: 1, retryInMs: 1000 },
    { phase: 'reconnecting' as const, reason: 'cannot reach…', said: message('link.unreachable', { host: '127.0.0.1:7777' }), attempt: 2, retryInMs: 2000 },
    { phase: 'failed' as const, reason: 'The kube-anatomy server closed…', said: message('link.closed', { reason }) },
  ];
  for (const state of states) {
    const { detail } = connectionText(state, ko);
    assert.match(detail, /[\uac00-\ud7a3]/, detail);
    assert.deepEqual(interfaceEnglish(detail, wordsOfValues([reason])), [], detail);
  }
  assert.ok(connectionText(states[2], ko).detail.includes(reason));
  // Without a message the reason is someone else's text, shown as written.
  assert.equal(connectionText({ phase: 'failed', reason: 'x509: certificate has expired' }, ko).detail, 'x509: certificate has expired');
});
