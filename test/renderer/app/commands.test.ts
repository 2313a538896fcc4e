// Save snapshot while Redact is on: a snapshot is the cluster's objects, not
// the redacted model, so the page says so and asks first, in its language;
// without a yes nothing is asked of the session or saved.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ConfirmText } from '../../../renderer/app/dialogs.ts';
import { runCommand, type CommandHost } from '../../../renderer/app/commands.ts';
import { translator } from '../../../renderer/app/strings.ts';

function host(redacted: boolean, answer: boolean | undefined) {
  const asked: ConfirmText[] = [];
  const calls: string[] = [];
  const notices: string[] = [];
  const errors: string[] = [];
  const h = {
    api: {
      shell: 'electron',
      invoke: async (channel: string) => {
        calls.push(channel);
        if (channel === 'snapshot:get') return { fileName: 'acme-prod.json', text: '{}' };
        if (channel === 'file:save') return { saved: true, path: '/home/me/acme-prod.json' };
        throw new Error(`unexpected ${channel}`);
      },
    },
    doc: undefined,
    t: () => translator('ko'),
    sourceName: () => 'cluster-abc123',
    callouts: () => [],
    notice: (text: string) => notices.push(text),
    error: (text: string) => errors.push(text),
    redacted: () => redacted,
    ...(answer === undefined ? {} : { confirm: async (text: ConfirmText) => (asked.push(text), answer) }),
  } as unknown as CommandHost;
  return { h, asked, calls, notices, errors };
}

test('Save while redacted asks first, in the page’s language; no saves nothing', async () => {
  const t = translator('ko');
  const no = host(true, false);
  await runCommand(no.h, 'save-snapshot');
  assert.deepEqual(no.asked, [{ title: t('redact.save.title'), body: t('redact.save.body'), ok: t('redact.save.ok'), cancel: t('dialog.cancel') }]);
  assert.match(no.asked[0].body, /익명 처리되지 않습니다/);
  assert.deepEqual(no.calls, [], 'the session is not even asked for the snapshot');
  assert.deepEqual(no.notices, [t('redact.save.cancelled')]);

  // A page that cannot ask saves nothing either.
  const cannot = host(true, undefined);
  await runCommand(cannot.h, 'save-snapshot');
  assert.deepEqual(cannot.calls, []);

  const yes = host(true, true);
  await runCommand(yes.h, 'save-snapshot');
  assert.deepEqual(yes.calls, ['snapshot:get', 'file:save']);
  assert.deepEqual(yes.notices, [t('redact.save.saved')], 'said saved and not redacted, without the file’s place');
  assert.deepEqual(yes.errors, []);
});

test('Save without Redact asks nothing and says where it saved', async () => {
  const plain = host(false, false);
  await runCommand(plain.h, 'save-snapshot');
  assert.deepEqual(plain.asked, []);
  assert.deepEqual(plain.calls, ['snapshot:get', 'file:save']);
  assert.deepEqual(plain.notices, [translator('ko')('notice.saved', { path: '/home/me/acme-prod.json' })]);
});
