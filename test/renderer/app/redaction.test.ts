// The page's redaction as the chrome uses it: namespaces shown by the model's
// pseudonyms and taken back to the real ones for the session, and the status
// bar's words that may name the cluster hidden while redacted.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { message } from '../../../main/i18n/index.ts';
import { createRedaction } from '../../../renderer/app/redaction.ts';
import { connectionText } from '../../../renderer/app/status-text.ts';
import { withoutReason } from '../../../renderer/app/statusbar.ts';
import { translator } from '../../../renderer/app/strings.ts';
import { sampleModel } from '../../fixtures/anatomy-models.ts';

const key = (n: number) => new Uint8Array(n).fill(7);

test('namespaces: themselves while off; the redacted model’s pseudonyms while on, and back to the real ones', () => {
  const model = { ...sampleModel(), namespaces: ['shop', 'kube-system', 'billing'] };
  const redaction = createRedaction(key);
  assert.equal(redaction.namespace('shop'), 'shop');
  redaction.set(true);
  const shown = redaction.view(model).namespaces;
  assert.deepEqual(model.namespaces.map((n) => redaction.namespace(n)), shown, 'the filter’s names are the picture’s');
  assert.match(shown[0], /^ns-[0-9a-f]{6}/);
  assert.equal(shown[1], 'kube-system', 'the namespaces Kubernetes makes stay');
  assert.deepEqual(shown.map((n) => redaction.realNamespace(n)), model.namespaces);
  // One the session chose that the model no longer lists (a filter set before) goes back too.
  assert.equal(redaction.realNamespace(redaction.namespace('gone-ns')), 'gone-ns');
  redaction.set(false);
  assert.equal(redaction.namespace('shop'), 'shop');
  assert.equal(redaction.realNamespace(shown[0]), 'shop', 'a choice made while on still goes back after');
});

test('the status bar hides a reason or a detail that may name the server, the context or a file, in the page’s language', () => {
  for (const lang of ['en', 'ko'] as const) {
    const t = translator(lang);
    const hidden = t('redact.hidden');
    const failed = connectionText(withoutReason({ phase: 'failed', reason: 'connect ECONNREFUSED https://acme-prod.example:6443' }, t), t);
    assert.equal(failed.detail, hidden);
    const retrying = connectionText(withoutReason({ phase: 'reconnecting', reason: 'acme-prod down', said: message('conn.reason.kubeconfigUnreadable', { error: 'acme' }), attempt: 2, retryInMs: 3000 }, t), t);
    assert.ok(retrying.detail.includes(hidden) && !retrying.detail.includes('acme'), retrying.detail);
    const connecting = connectionText(withoutReason({ phase: 'connecting', detail: message('conn.detail.connectingTo', { where: 'acme-prod' }) }, t), t);
    assert.equal(connecting.detail, hidden);
    // Reading the kubeconfig names nothing, and stays said.
    const reading = withoutReason({ phase: 'connecting', detail: message('conn.detail.kubeconfig') }, t);
    assert.equal(connectionText(reading, t).detail, t('conn.detail.kubeconfig'));
  }
});
