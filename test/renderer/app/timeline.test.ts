// The Record button on linkedom, against a stand-in API: a recording full at
// its size limit says so and offers the save; a save that fails leaves the
// recording with the session (the button asks for its text again), and only a
// finished save tells the session to let it go.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseHTML } from 'linkedom';
import type { AnatomyApi, SessionState } from '../../../main/contract/api.ts';
import type { AppState } from '../../../renderer/app/state.ts';
import { createStore } from '../../../renderer/app/store.ts';
import { translator } from '../../../renderer/app/strings.ts';
import { installTimeline } from '../../../renderer/app/timeline.ts';

const MB = 1024 * 1024;

function session(recording: SessionState['recording']): SessionState {
  const state: SessionState = {
    source: { kind: 'cluster', name: 'prod', namespaces: [] },
    connection: { phase: 'live' } as SessionState['connection'],
    namespaces: [],
    revision: 1,
  };
  if (recording) state.recording = recording;
  return state;
}

test('a full recording says so on the Record button and is kept by the session until its save went through', async () => {
  const { document } = parseHTML('<!doctype html><html><body><div><button id="export-button"></button></div><div id="statusbar"></div></body></html>');
  const calls: string[] = [];
  let failSave = true;
  const api = {
    shell: 'electron',
    async invoke(channel: string, req?: { data?: string }) {
      calls.push(channel);
      if (channel === 'record:stop') return { fileName: 'prod.karec', text: 'the recording' };
      if (channel === 'file:save') {
        assert.equal(req?.data, 'the recording');
        if (failSave) throw new Error('disk full');
        return { saved: true, path: '/tmp/prod.karec' };
      }
      if (channel === 'record:saved') return session(undefined);
      throw new Error(`unexpected ${channel}`);
    },
  } as unknown as AnatomyApi;
  const store = createStore({ session: session({ changes: 812, bytes: 64 * MB - 100, full: true, stopped: true }), lang: 'en' } as unknown as AppState);
  const errors: string[] = [];
  const notices: string[] = [];
  const { recordButton } = installTimeline({ doc: document as unknown as Document, api, store, t: () => translator('en'), notice: (s) => notices.push(s), error: (s) => errors.push(s) });

  assert.equal(recordButton.hidden, false);
  assert.equal(recordButton.textContent, 'Recording stopped: full at 64 MB. Save it (812 changes)');
  assert.equal(recordButton.dataset.state, 'full');

  // The save fails: the session is not told, so it keeps the recording and the button still offers it.
  recordButton.click();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(calls, ['record:stop', 'file:save']);
  assert.match(errors.join(), /Could not save the recording: disk full/);
  assert.equal(store.get().session?.recording?.full, true);

  // Again: the same text is asked for, saved, and the session lets it go.
  failSave = false;
  recordButton.click();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(calls, ['record:stop', 'file:save', 'record:stop', 'file:save', 'record:saved']);
  assert.equal(store.get().session?.recording, undefined);
  assert.equal(recordButton.textContent, '● Record');
  assert.match(notices.join(), /prod\.karec/);

  // Stopped after a failed save, not full: the button offers the save.
  store.set({ session: session({ changes: 3, bytes: 900, stopped: true }) });
  assert.equal(recordButton.textContent, 'Save the recording (3 changes)');
  assert.equal(translator('ko')('record.full', { mb: 64, changes: 812 }), '녹화가 멈췄습니다: 64MB가 다 찼습니다. 저장하기(변경 812개)');
});

test('a cancelled save dialog asks: keep leaves the recording with the session, discard lets it go', async () => {
  const { document } = parseHTML('<!doctype html><html><body><div><button id="export-button"></button></div><div id="statusbar"></div></body></html>');
  const calls: string[] = [];
  const api = {
    shell: 'electron',
    async invoke(channel: string) {
      calls.push(channel);
      if (channel === 'record:stop') return { fileName: 'prod.karec', text: 'the recording' };
      if (channel === 'file:save') return { saved: false };
      if (channel === 'record:saved') return session(undefined);
      throw new Error(`unexpected ${channel}`);
    },
  } as unknown as AnatomyApi;
  const store = createStore({ session: session({ changes: 5, bytes: 900 }), lang: 'en' } as unknown as AppState);
  const asked: string[] = [];
  let answer = false;
  const notices: string[] = [];
  const { recordButton } = installTimeline({
    doc: document as unknown as Document,
    api,
    store,
    t: () => translator('en'),
    notice: (s) => notices.push(s),
    error: (s) => assert.fail(s),
    confirm: async (text) => (asked.push(text.body), answer),
  });

  recordButton.click();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(calls, ['record:stop', 'file:save'], 'kept: the session is not told to let it go');
  assert.match(asked[0]!, /5 changes/);
  assert.match(notices.join(), /kept/);
  assert.ok(store.get().session?.recording, 'the recording is still there');

  answer = true;
  recordButton.click();
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(calls, ['record:stop', 'file:save', 'record:stop', 'file:save', 'record:saved']);
  assert.equal(store.get().session?.recording, undefined);
});
