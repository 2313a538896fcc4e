// Why the cluster is not shown travels as a message (conn.reason.*, conn.demoBecause):
// the Korean page says it in Korean, with the OS's and the server's own text kept
// as written, while the English state keeps the sentences the CLI and logs print.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { SessionState } from '../../../main/contract/api.ts';
import { textOf, translator } from '../../../main/i18n/index.ts';
import { Session } from '../../../main/session/session.ts';
import { connectionText } from '../../../renderer/app/status-text.ts';
import { interfaceEnglish, wordsOfValues } from '../../fixtures/i18n-words.ts';
import { FakeClock } from '../../fixtures/fake-clock.ts';
import { contextList, FAST, fakes, until } from './fakes.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'anatomy-reasons-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

const base = () => ({ env: {}, home: dir, ...FAST });

/** The Korean banner text, checked with the page's word rules; `values` are the cluster's and the OS's words. */
function koreanReason(state: SessionState, values: unknown): string {
  assert.ok(state.demoSaid, 'the demo reason is a message');
  const ko = textOf('ko', state.demoSaid);
  assert.match(ko, /[\uac00-\ud7a3]/, ko);
  assert.deepEqual(interfaceEnglish(ko, wordsOfValues(values)), [], ko);
  assert.equal(textOf('en', state.demoSaid), state.demoReason, 'the English state is the English message');
  return ko;
}

describe('reasons the cluster is not shown, in Korean', () => {
  test('an unreachable cluster: the banner and the status bar say it in Korean, keeping the server and the OS error', async () => {
    const f = fakes(contextList(['prod'], 'prod'));
    const session = await Session.open(base(), f.deps);
    try {
      await until(() => f.live.length === 1, 2000, 'live source');
      f.live[0].state({ phase: 'failed', reason: 'connect ECONNREFUSED 127.0.0.1:6443' });
      await until(() => session.state().demoReason !== undefined && session.state().connection.phase === 'reconnecting', 2000, 'demo reason');
      const state = session.state();
      const ko = koreanReason(state, ['prod', 'https://prod.example:6443', 'connect ECONNREFUSED 127.0.0.1:6443']);
      assert.ok(ko.includes('https://prod.example:6443') && ko.includes('connect ECONNREFUSED 127.0.0.1:6443'), ko);
      assert.ok(ko.includes('컨텍스트 "prod"'), ko);
      assert.match(state.demoReason!, /^Could not reach context "prod" \(https:\/\/prod\.example:6443\): connect ECONNREFUSED 127\.0\.0\.1:6443\. Showing the built-in demo/);

      const status = connectionText(state.connection, translator('ko'));
      assert.match(status.detail, /닿지 못했습니다: connect ECONNREFUSED 127\.0\.0\.1:6443/);
      assert.deepEqual(interfaceEnglish(status.detail, wordsOfValues(['prod', 'https://prod.example:6443', 'connect ECONNREFUSED'])), [], status.detail);
      assert.match(connectionText(state.connection, translator('en')).detail, /^Could not reach context "prod"/);
    } finally {
      await session.close();
    }
  });

  test('no kubeconfig: the Korean reason names the path it looked at', async () => {
    const f = fakes(contextList([]));
    const session = await Session.open(base(), f.deps);
    try {
      await until(() => session.state().demoReason !== undefined, 2000, 'demo reason');
      const where = path.join(dir, '.kube', 'config');
      const ko = koreanReason(session.state(), [where]);
      assert.ok(ko.includes(where), ko);
    } finally {
      await session.close();
    }
  });

  test('no answer within the connect timeout: said in Korean', async () => {
    const f = fakes(contextList(['lab'], 'lab'));
    const clock = new FakeClock();
    const session = await Session.open({ ...base(), clock }, f.deps);
    try {
      await until(() => f.live.length === 1, 2000, 'live source');
      await clock.advance(FAST.connectTimeoutMs);
      await until(() => session.state().demoReason !== undefined, 2000, 'demo reason');
      const ko = koreanReason(session.state(), ['lab', 'https://lab.example:6443']);
      assert.match(ko, /초 안에 답하지 않았습니다/);
    } finally {
      await session.close();
    }
  });
});
