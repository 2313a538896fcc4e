// The built renderer as a fixed table of URL paths, made once at start-up by
// listing dist/renderer. A request is answered only when its path is exactly
// one of these keys, so no URL, however encoded, can name any other file:
// there is no path arithmetic to get wrong, and no directory listing.

import { readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RENDERER_CONTENT_TYPES } from '../common/content-types.ts';

// The browser also gets the fonts' licence text, which the app window never asks for.
const CONTENT_TYPES: Readonly<Record<string, string>> = { ...RENDERER_CONTENT_TYPES, '.txt': 'text/plain; charset=utf-8' };

export interface StaticFile {
  file: string;
  contentType: string;
}

const MAX_FILES = 2000;

/** Lists `root` (regular files of known types, no dot-files, no symlinks out of it). */
export function listStaticFiles(root: string): Map<string, StaticFile> {
  const base = realpathSync(root);
  const files = new Map<string, StaticFile>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full, `${prefix}${entry.name}/`);
      } else if (entry.isFile()) {
        const contentType = CONTENT_TYPES[path.extname(entry.name).toLowerCase()];
        if (!contentType) continue;
        if (files.size >= MAX_FILES) throw new Error(`${root} holds more than ${MAX_FILES} files; is it really the built renderer?`);
        files.set(`${prefix}${entry.name}`, { file: full, contentType });
      }
      // Symlinks and anything else are left out on purpose.
    }
  };
  walk(base, '/');
  if (!files.has('/index.html')) {
    throw new Error(`${path.join(root, 'index.html')} is missing: build the renderer first (npm run build)`);
  }
  files.set('/', files.get('/index.html')!);
  return files;
}

/** dist/renderer, whether this code runs from source (main/server/) or bundled (dist/cli/). */
export function defaultRendererRoot(): string {
  const candidates = [new URL('./renderer/', import.meta.url), new URL('../../dist/renderer/', import.meta.url)];
  for (const candidate of candidates) {
    const dir = fileURLToPath(candidate);
    try {
      if (statSync(path.join(dir, 'index.html')).isFile()) return dir;
    } catch {
      // try the next one
    }
  }
  return fileURLToPath(candidates[candidates.length - 1]);
}
