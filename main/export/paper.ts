// The paper around an exported picture (legend, title, caption, footer, alt
// text), for the CLI: the options and limits, the alt text and the Markdown
// file `--alt` writes beside the image.

import path from 'node:path';
import type { AnatomyModel } from '../model/types.ts';
import type { Lang } from '../i18n/index.ts';
import { altText, type AltText, type PaperOptions } from '../../renderer/draw/paper-content.ts';

export { MAX_CAPTION, MAX_TITLE, type AltText, type PaperOptions } from '../../renderer/draw/paper-content.ts';
export { THEME_NAMES, isThemeName, type ThemeName } from '../../renderer/draw/theme.ts';

/** The alt text of the picture drawn from `model`: the same words as its <title> and <desc>. */
export function exportAltText(model: AnatomyModel, lang: Lang, paper: Pick<PaperOptions, 'title' | 'caption' | 'injected' | 'events'> = {}): AltText {
  return altText(model, lang, { title: paper.title?.trim() || undefined, caption: paper.caption?.trim() || undefined, injected: paper.injected, events: paper.events });
}

/** picture.svg → picture.md, in the same folder. */
export function altMarkdownPath(image: string): string {
  const ext = path.extname(image);
  return `${ext ? image.slice(0, -ext.length) : image}.md`;
}

// What Markdown (CommonMark and GitHub's) reads as syntax anywhere in a line: emphasis, code, links
// (a '(' is only a link's after an unescaped ']'), HTML and entities, strikethrough, table cells.
// A heading, list or quote marker counts only at the start of a line, where it is escaped too.
const MARKDOWN_SPECIAL = /[\\`*_[\]<>~&|]/g;

/** Text that Markdown shows as written: cluster names may hold any character. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(MARKDOWN_SPECIAL, '\\$&')
    .replace(/^(\s*)([-=+#])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}

/** A link target that stays one token: spaces, parentheses and non-ASCII characters percent-encoded. */
function linkTarget(file: string): string {
  return encodeURIComponent(file).replace(/[()'!*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The .md beside an image: the image with its alt text, then the description. */
export function altMarkdown(alt: AltText, imageFile: string): string {
  return `![${escapeMarkdown(alt.title)}](${linkTarget(imageFile)})\n\n${escapeMarkdown(alt.desc)}\n`;
}
