// The fonts bundled in assets/fonts. Rendering with these and nothing else
// makes a PNG look the same on every machine, Hangul included.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const FONT_FILES = ['Pretendard-Regular.otf', 'Pretendard-SemiBold.otf'] as const;
export const DEFAULT_FONT_FAMILY = 'Pretendard';

/**
 * assets/fonts, found from this module whether it runs from the source tree
 * (main/export/) or from a bundle (dist/cli/); a packaged app passes its own.
 */
export function defaultFontDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.resolve(here, '../../assets/fonts'), path.resolve(here, '../assets/fonts')];
  return candidates.find((dir) => existsSync(path.join(dir, FONT_FILES[0]))) ?? candidates[0];
}

export function fontFiles(dir = defaultFontDir()): string[] {
  const files = FONT_FILES.map((f) => path.join(dir, f));
  const missing = files.filter((f) => !existsSync(f));
  if (missing.length) throw new Error(`Bundled fonts not found: ${missing.join(', ')}`);
  return files;
}
