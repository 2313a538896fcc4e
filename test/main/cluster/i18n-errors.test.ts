// The cluster layer's reasons a user meets most (server down, no answer, credentials
// refused) also travel as messages, so the Korean page says them in Korean with the
// OS's and the server's own text kept; the English reason stays describeError's.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aggregateConnection } from '../../../main/cluster/connection-state.ts';
import { ApiStatusError, describeError, errorSaid, RequestTimeoutError, WatchDroppedError, type ErrorPlace } from '../../../main/cluster/errors.ts';
import type { ReflectorStatus } from '../../../main/cluster/reflector.ts';
import { textOf, translator } from '../../../main/i18n/index.ts';
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

  it('other errors have no message and are shown as written', () => {
    assert.equal(errorSaid(new WatchDroppedError('cut'), place), undefined);
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
