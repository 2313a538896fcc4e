// Copying the picture (issue 11, item 7): PNG or SVG onto the clipboard
// through the page's own navigator.clipboard, in the desktop window (whose
// session grants clipboard-sanitized-write to our page only, security.ts) and
// in a browser where it allows it. Browsers allow it only in a secure context
// (https, or http on 127.0.0.1 or localhost, which count as trustworthy) and
// during a user's gesture; anything else is said plainly, never a silent no.

import { message, MessageError, type MessageId } from '../../main/i18n/index.ts';

export type CopyFormat = 'png' | 'svg';

type ClipboardWindow = Pick<Window, 'isSecureContext' | 'location'> & {
  navigator: { clipboard?: Pick<Clipboard, 'write'> };
  ClipboardItem?: typeof ClipboardItem & { supports?: (type: string) => boolean };
};

/** Why this page cannot copy images, or undefined when it may try. */
export function clipboardProblem(win: ClipboardWindow | null | undefined): MessageError | undefined {
  if (!win) return new MessageError(message('paper.error.noClipboard'), 'no window');
  if (win.isSecureContext === false) {
    const origin = win.location?.origin ?? '';
    return new MessageError(message('paper.error.insecure', { origin }), `not a secure context: ${origin}`);
  }
  if (typeof win.navigator.clipboard?.write !== 'function' || typeof win.ClipboardItem !== 'function') {
    return new MessageError(message('paper.error.noClipboard'), 'no navigator.clipboard.write or ClipboardItem');
  }
  return undefined;
}

/**
 * The clipboard items of a copy. A PNG is handed over as a promise, so the
 * user's gesture is still current when write() is called. An SVG goes as
 * image/svg+xml where the browser takes it (Chromium 124 and later), and as
 * text beside it, which every editor and chat box pastes.
 */
export function clipboardData(format: CopyFormat, png: () => Promise<Blob>, svgText: string, supports: (type: string) => boolean): Record<string, Blob | Promise<Blob>> {
  if (format === 'png') return { 'image/png': png() };
  const text = new Blob([svgText], { type: 'text/plain' });
  return supports('image/svg+xml') ? { 'image/svg+xml': new Blob([svgText], { type: 'image/svg+xml' }), 'text/plain': text } : { 'text/plain': text };
}

/** Copies the picture; resolves with the notice to show, rejects with a MessageError the page says. */
export async function copyPicture(win: ClipboardWindow | null | undefined, format: CopyFormat, png: () => Promise<Blob>, svgText: string): Promise<MessageId> {
  const problem = clipboardProblem(win);
  if (problem) throw problem;
  const Item = win!.ClipboardItem!;
  const supports = (type: string) => (typeof Item.supports === 'function' ? Item.supports(type) : false);
  try {
    await win!.navigator.clipboard!.write([new Item(clipboardData(format, png, svgText, supports))]);
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    if (name === 'NotAllowedError' || name === 'SecurityError') throw new MessageError(message('paper.error.denied'), String((error as Error).message));
    throw error;
  }
  return format === 'png' ? 'paper.notice.copiedPng' : 'paper.notice.copiedSvg';
}
