// A snapshot file the OS will not give is said in the page's language: the
// error's English is the CLI's "Could not read snapshot FILE: …" word for word,
// its message keeps the file and the OS's text as written.

import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { MessageError, textOf } from '../../../main/i18n/index.ts';
import { readSnapshotFile } from '../../../main/session/snapshot-file.ts';
import { parseSnapshot } from '../../../main/snapshot/read.ts';
import { interfaceEnglish, wordsOfValues } from '../../fixtures/i18n-words.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'ka-snapshot-i18n-'));

async function failure(file: string): Promise<MessageError> {
  const error = await readSnapshotFile(file, { parse: (text, name) => parseSnapshot(text, name).objects }).then(
    () => assert.fail('read'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof MessageError, String(error));
  assert.equal(textOf('en', error.said), error.message);
  return error;
}

function korean(text: string, values: string[]): void {
  assert.match(text, /[\uac00-\ud7a3]/, text);
  assert.deepEqual(interfaceEnglish(text, wordsOfValues(values)), [], text);
}

test('a missing file and a directory: the file and the OS text as written, the rest in Korean', async () => {
  const missing = path.join(dir, 'gone.json');
  const gone = await failure(missing);
  assert.match(gone.message, new RegExp(`^Could not read snapshot ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: ENOENT`));
  const os = gone.message.slice(gone.message.indexOf('ENOENT'));
  korean(textOf('ko', gone.said), [missing, os]);
  const notFile = await failure(dir);
  assert.equal(notFile.message, `Could not read snapshot ${dir}: not a regular file`);
  korean(textOf('ko', notFile.said), [dir]);
});
