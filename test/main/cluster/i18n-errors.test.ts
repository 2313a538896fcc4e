// The cluster layer's reasons a user meets most (server down, no answer, credentials
// refused) also travel as messages, so the Korean page says them in Korean with the
// OS's and the server's own text kept; the English reason stays describeError's.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateConnection } from '../../../main/cluster/connection-state.ts';
import { ApiStatusError, CredentialError, describeError, errorSaid, KubeconfigError, RequestTimeoutError, StoppedError, WatchDroppedError, WatchIdleError, type ErrorPlace } from '../../../main/cluster/errors.ts';
import type { ReflectorStatus } from '../../../main/cluster/reflector.ts';
import { message, textOf, translator } from '../../../main/i18n/index.ts';
import { connectionText } from '../../../renderer/app/status-text.ts';
import { interfaceEnglish, wordsOfValues } from '../../fixtures/i18n-words.ts';

const place: ErrorPlace = { context: 'kind-kind', server: 'https://127.0.0.1:6443', resource: 'pods', action: 'list' };
const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });

function korean(text: string, values: string[]): void {
  assert.match(text, /[\uac00-\ud7a3]/, text);
  assert.deepEqual(interfaceEnglish(text, wordsOfValues(values)), [], text);
}

describe('cluster errors as messages', () => {
  it('a refused connection, a timeout and refused credentials are said in Korean, keeping the server, context and OS text', () => {
    const ko = textOf('ko', errorSaid(refused, place)!);
    korean(ko, ['kind-kind', 'https://127.0.0.1:6443', 'connect ECONNREFUSED']);
    assert.ok(ko.includes('connect ECONNREFUSED 127.0.0.1:6443') && ko.includes('https://127.0.0.1:6443') && ko.includes('kind-kind'), ko);
    // The English message is describeError's sentence, capitalized as the banner starts it.
    const en = textOf('en', errorSaid(refused, place)!);
    assert.equal(en.charAt(0).toLowerCase() + en.slice(1), describeError(refused, place));

    korean(textOf('ko', errorSaid(new RequestTimeoutError(30_000), place)!), ['kind-kind', 'https://127.0.0.1:6443', new RequestTimeoutError(30_000).message]);
    const unauthorized = new ApiStatusError(401, 'Unauthorized', 'Unauthorized', 'Unauthorized');
    korean(textOf('ko', errorSaid(unauthorized, place)!), ['kind-kind', 'https://127.0.0.1:6443', 'Unauthorized']);
  });

  it('the rarer ones too (TLS, 403, 404, 410, 5xx, a cut or silent watch, credentials): Korean by the word rules, English word for word describeError', () => {
    const tls = (code: string, text: string) => Object.assign(new Error(text), { code });
    const cases: { error: unknown; at?: ErrorPlace; values: string[] }[] = [
      { error: tls('CERT_HAS_EXPIRED', 'certificate has expired'), values: ['CERT_HAS_EXPIRED'] },
      { error: tls('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate'), values: ['DEPTH_ZERO_SELF_SIGNED_CERT'] },
      { error: tls('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), values: ['UNABLE_TO_VERIFY_LEAF_SIGNATURE'] },
      { error: tls('ERR_TLS_CERT_ALTNAME_INVALID', "Hostname/IP does not match certificate's altnames"), values: ['ERR_TLS_CERT_ALTNAME_INVALID'] },
      { error: tls('ERR_SSL_WRONG_VERSION_NUMBER', 'wrong version number'), values: ['ERR_SSL_WRONG_VERSION_NUMBER'] },
      { error: tls('ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED', 'alert certificate required'), values: ['ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED'] },
      { error: tls('ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', 'alert bad certificate'), values: ['ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE'] },
      { error: tls('ERR_OSSL_PEM_NO_START_LINE', 'error:0480006C:PEM routines::no start line'), values: ['error:0480006C:PEM routines::no start line', 'ERR_OSSL_PEM_NO_START_LINE'] },
      { error: tls('CERT_REVOKED', 'certificate revoked'), values: ['certificate revoked', 'CERT_REVOKED'] },
      { error: new ApiStatusError(403, 'Forbidden', 'Forbidden', 'pods is forbidden: User "x" cannot list resource "pods"'), values: ['pods is forbidden: User "x" cannot list resource "pods"'] },
      { error: new ApiStatusError(403, 'Forbidden'), at: { ...place, namespace: 'shop', action: 'watch' }, values: ['shop'] },
      { error: new ApiStatusError(403, 'Forbidden'), at: { context: 'kind-kind', server: 'https://127.0.0.1:6443' }, values: [] },
      { error: new ApiStatusError(404, 'Not Found'), values: [] },
      { error: new ApiStatusError(404, 'Not Found'), at: { context: 'kind-kind', server: 'https://127.0.0.1:6443' }, values: [] },
      { error: new ApiStatusError(410, 'Gone', 'Expired'), values: [] },
      { error: new ApiStatusError(410, 'Gone', 'Expired'), at: { context: 'kind-kind', server: 'https://127.0.0.1:6443' }, values: [] },
      { error: new ApiStatusError(503, 'Service Unavailable', 'ServiceUnavailable', 'the server is shutting down'), values: ['503 Service Unavailable: the server is shutting down'] },
      { error: new WatchDroppedError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' })), values: ['socket hang up'] },
      { error: new WatchIdleError(90_000), values: [] },
      { error: new WatchIdleError(1500), at: { context: 'kind-kind', server: 'https://127.0.0.1:6443' }, values: [] },
      { error: new CredentialError('tokenFile /t of user u is empty'), values: ['tokenFile /t of user u is empty'] },
      { error: new Error('something odd'), values: ['something odd'] },
    ];
    for (const { error, at = place, values } of cases) {
      const m = errorSaid(error, at);
      assert.ok(m, String(error));
      const en = textOf('en', m);
      const english = describeError(error, at);
      assert.ok(en === english || en.charAt(0).toLowerCase() + en.slice(1) === english, `${en}\n${english}`);
      korean(textOf('ko', m), ['kind-kind', 'https://127.0.0.1:6443', 'pods', 'objects', ...values]);
    }
  });

  it("an exec plugin's failure is said in words of the catalog, its label too", () => {
    const plugin = message('errors.exec.plugin', { command: 'aws', user: 'eks' });
    const failed = new CredentialError('exec credential plugin "aws" (user eks) failed with exit code 1: token expired', message('errors.exec.exitCode', { plugin, code: 1, stderr: ': token expired' }));
    const m = errorSaid(failed, place)!;
    assert.equal(textOf('en', m), describeError(failed, place));
    korean(textOf('ko', m), ['kind-kind', 'aws', 'eks', 'token expired']);
  });

  it('a stopped source and a kubeconfig error have no message: the first is never shown, the second is shown as written', () => {
    assert.equal(errorSaid(new StoppedError(), place), undefined);
    assert.equal(errorSaid(new KubeconfigError('bad'), place), undefined);
  });

  it('the connection state carries the message to the status bar', () => {
    const status: ReflectorStatus = {
      phase: 'retrying',
      reason: describeError(refused, place),
      said: errorSaid(refused, place)!,
      attempt: 1,
      retryInMs: 1000,
      hopeless: false,
    };
    const state = aggregateConnection({ statuses: [status], wasLive: false, serverAnswered: false });
    assert.equal(state.phase, 'failed');
    const detail = connectionText(state as Parameters<typeof connectionText>[0], translator('ko')).detail;
    korean(detail, ['kind-kind', 'https://127.0.0.1:6443', 'connect ECONNREFUSED']);
    assert.equal(connectionText(state as Parameters<typeof connectionText>[0], translator('en')).detail, textOf('en', status.said!));
    assert.equal(state.phase === 'failed' && state.reason, describeError(refused, place), 'the English reason is as before');
  });
});
