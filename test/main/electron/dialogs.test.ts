import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createFileSaver, safeFileName, validateSaveRequest, type SaveDialogLike } from '../../../main/electron/dialogs.ts';
import { translator, type Lang } from '../../../main/i18n/index.ts';

function saver(answer: { canceled: boolean; filePath?: string }, lang?: Lang) {
  const asked: Parameters<SaveDialogLike['showSaveDialog']>[] = [];
  const written: { file: string; data: Uint8Array | string; mode: number }[] = [];
  const window = { id: 'main-window' };
  const save = createFileSaver({
    dialog: {
      async showSaveDialog(...args) {
        asked.push(args);
        return answer;
      },
    },
    getWindow: () => window,
    defaultDir: () => '/home/u/Documents',
    writeFile: async (file, data, { mode }) => void written.push({ file, data, mode }),
    ...(lang ? { t: () => translator(lang) } : {}),
  });
  return { save, asked, written, window };
}

describe('file:save', () => {
  it('titles the dialog and names its file types in the page\'s language', async () => {
    const { save, asked } = saver({ canceled: true }, 'ko');
    await save({ suggestedName: 'kind.json', kind: 'snapshot', data: '{}', encoding: 'utf8' });
    assert.equal(asked[0][1].title, '스냅샷 저장');
    assert.deepEqual(asked[0][1].filters, [{ name: '스냅샷 (JSON 또는 YAML)', extensions: ['json', 'yaml', 'yml', 'karec', 'jsonl'] }]);
    const en = saver({ canceled: true });
    await en.save({ suggestedName: 'kind.svg', kind: 'svg', data: '<svg/>', encoding: 'utf8' });
    assert.equal(en.asked[0][1].title, 'Export SVG');
  });

  it('asks where, then writes the decoded bytes there', async () => {
    const { save, asked, written, window } = saver({ canceled: false, filePath: '/tmp/out/cluster.png' });
    const res = await save({ suggestedName: 'kind.png', kind: 'png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47]).toString('base64'), encoding: 'base64' });
    assert.deepEqual(res, { saved: true, path: '/tmp/out/cluster.png' });
    assert.equal(asked.length, 1);
    assert.equal(asked[0][0], window);
    assert.equal(asked[0][1].defaultPath, path.join('/home/u/Documents', 'kind.png'));
    assert.deepEqual(asked[0][1].filters, [{ name: 'PNG image', extensions: ['png'] }]);
    assert.equal(written.length, 1);
    assert.equal(written[0].file, '/tmp/out/cluster.png');
    assert.deepEqual([...(written[0].data as Uint8Array)], [0x89, 0x50, 0x4e, 0x47]);
  });

  it('writes text as text', async () => {
    const { save, written } = saver({ canceled: false, filePath: '/tmp/a.svg' });
    await save({ suggestedName: 'a.svg', kind: 'svg', data: '<svg/>', encoding: 'utf8' });
    assert.equal(written[0].data, '<svg/>');
  });

  it('keeps a snapshot private and a picture readable like any new file', async () => {
    const { save, written } = saver({ canceled: false, filePath: '/tmp/a' });
    await save({ suggestedName: 's.json', kind: 'snapshot', data: '{}', encoding: 'utf8' });
    await save({ suggestedName: 'a.svg', kind: 'svg', data: '<svg/>', encoding: 'utf8' });
    await save({ suggestedName: 'a.png', kind: 'png', data: '', encoding: 'base64' });
    assert.deepEqual(
      written.map((w) => w.mode),
      [0o600, 0o666, 0o666],
    );
  });

  it('writes nothing when the user cancels', async () => {
    const { save, written } = saver({ canceled: true });
    assert.deepEqual(await save({ suggestedName: 'a.svg', kind: 'svg', data: '<svg/>', encoding: 'utf8' }), { saved: false });
    const empty = saver({ canceled: false, filePath: '' });
    assert.deepEqual(await empty.save({ suggestedName: 'a.svg', kind: 'svg', data: '<svg/>', encoding: 'utf8' }), { saved: false });
    assert.equal(written.length + empty.written.length, 0);
  });

  it('rejects malformed requests before any dialog', async () => {
    const { save, asked } = saver({ canceled: false, filePath: '/tmp/x' });
    for (const req of [
      null,
      'x',
      { suggestedName: 'a', kind: 'exe', data: '', encoding: 'utf8' },
      { suggestedName: 'a', kind: 'svg', data: 5, encoding: 'utf8' },
      { suggestedName: 'a', kind: 'svg', data: '', encoding: 'latin1' },
      { suggestedName: 'a'.repeat(300), kind: 'svg', data: '', encoding: 'utf8' },
      { suggestedName: 'a', kind: 'png', data: 'not base64!', encoding: 'base64' },
    ]) {
      await assert.rejects(save(req), TypeError, JSON.stringify(req)?.slice(0, 50));
    }
    assert.equal(asked.length, 0);
  });
});

describe('safeFileName', () => {
  it('keeps a plain name and adds the kind extension when missing', () => {
    assert.equal(safeFileName('kind-2026-11-30.svg', 'svg'), 'kind-2026-11-30.svg');
    assert.equal(safeFileName('kind', 'png'), 'kind.png');
    assert.equal(safeFileName('kind.yaml', 'snapshot'), 'kind.yaml');
    assert.equal(safeFileName('kind-2026-12-01T2200.karec', 'snapshot'), 'kind-2026-12-01T2200.karec');
    assert.equal(safeFileName('kind.exe', 'snapshot'), 'kind.exe.json');
  });
  it('strips folders, reserved characters and leading dots', () => {
    assert.equal(safeFileName('../../etc/passwd', 'svg'), 'passwd.svg');
    assert.equal(safeFileName('C:\\Windows\\x.svg', 'svg'), 'x.svg');
    assert.equal(safeFileName('..', 'svg'), 'cluster.svg');
    assert.equal(safeFileName('.bashrc', 'snapshot'), 'bashrc.json');
    assert.equal(safeFileName('a<b>:c|d?.png', 'png'), 'a_b__c_d_.png');
    assert.equal(safeFileName('a\u0000b\nc.svg', 'svg'), 'a_b_c.svg');
    assert.equal(safeFileName('', 'snapshot'), 'cluster-snapshot.json');
  });
  it('validateSaveRequest returns only the known fields', () => {
    const req = validateSaveRequest({ suggestedName: 'a', kind: 'svg', data: '', encoding: 'utf8', extra: 1, __proto__: { x: 1 } });
    assert.deepEqual(Object.keys(req).sort(), ['data', 'encoding', 'kind', 'suggestedName']);
  });
});
