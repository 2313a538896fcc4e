// Copying the picture: what the page says when it cannot (not a secure
// context, no clipboard API, refused), and what it puts on the clipboard.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clipboardData, clipboardProblem, copyPicture } from '../../../renderer/app/clipboard.ts';
import { MessageError, say, translator } from '../../../main/i18n/index.ts';

class FakeItem {
  constructor(readonly data: Record<string, Blob | Promise<Blob>>) {}
  static supports?: (type: string) => boolean;
}

function win(over: { secure?: boolean; origin?: string; write?: (items: FakeItem[]) => Promise<void>; item?: unknown } = {}) {
  const written: FakeItem[][] = [];
  return {
    written,
    win: {
      isSecureContext: over.secure ?? true,
      location: { origin: over.origin ?? 'http://127.0.0.1:8080' } as Location,
      navigator: { clipboard: { write: over.write ?? (async (items: FakeItem[]) => void written.push(items)) } as unknown as Clipboard },
      ClipboardItem: ('item' in over ? over.item : FakeItem) as typeof ClipboardItem,
    },
  };
}

const said = (e: unknown, lang: 'en' | 'ko' = 'en') => say(translator(lang), (e as MessageError).said);

test('a page that is not a secure context is told so, with its origin, in its language', () => {
  const problem = clipboardProblem(win({ secure: false, origin: 'http://192.168.1.20:8080' }).win);
  assert.ok(problem instanceof MessageError);
  assert.match(said(problem), /only on https, 127\.0\.0\.1 or localhost, and this page is http:\/\/192\.168\.1\.20:8080/);
  assert.match(said(problem, 'ko'), /이 페이지는 http:\/\/192\.168\.1\.20:8080입니다/);
  assert.equal(clipboardProblem(win().win), undefined, 'http://127.0.0.1 is potentially trustworthy: it may try');
  assert.match(said(clipboardProblem(win({ item: undefined }).win)), /cannot put images on the clipboard/);
});

test('PNG goes as image/png; SVG as image/svg+xml with text beside it where taken, else as text', async () => {
  const png = async () => new Blob(['png'], { type: 'image/png' });
  assert.deepEqual(Object.keys(clipboardData('png', png, '<svg/>', () => true)), ['image/png']);
  assert.deepEqual(Object.keys(clipboardData('svg', png, '<svg/>', () => true)), ['image/svg+xml', 'text/plain']);
  const text = clipboardData('svg', png, '<svg/>', () => false);
  assert.deepEqual(Object.keys(text), ['text/plain']);
  assert.equal(await (text['text/plain'] as Blob).text(), '<svg/>');
});

test('a copy writes one item and says which; a refusal is said plainly', async () => {
  const w = win();
  FakeItem.supports = (type) => type === 'image/svg+xml';
  assert.equal(await copyPicture(w.win, 'svg', async () => new Blob([]), '<svg/>'), 'paper.notice.copiedSvg');
  assert.deepEqual(Object.keys(w.written[0][0].data), ['image/svg+xml', 'text/plain']);
  assert.equal(await copyPicture(w.win, 'png', async () => new Blob([]), '<svg/>'), 'paper.notice.copiedPng');
  const refused = win({ write: async () => Promise.reject(Object.assign(new Error('Document is not focused.'), { name: 'NotAllowedError' })) });
  await assert.rejects(copyPicture(refused.win, 'png', async () => new Blob([]), ''), (e: unknown) => /refused the clipboard/.test(said(e)));
  await assert.rejects(copyPicture(win({ secure: false }).win, 'png', async () => new Blob([]), ''), (e: unknown) => /secure|https/.test(said(e)));
});
