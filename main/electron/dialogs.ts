// The `file:save` handler: asks where with the system save dialog, then writes
// the bytes the renderer produced. The renderer only suggests a name; the
// folder and final name are the user's choice in the dialog, so a page cannot
// write anywhere on its own.

import path from 'node:path';
import type { InvokeRequest, InvokeResponse } from '../contract/api.ts';
import { DEFAULT_MODE, PRIVATE_MODE } from '../files/atomic-write.ts';
import { translator, type Translate } from '../i18n/index.ts';

type SaveRequest = InvokeRequest<'file:save'>;
type SaveResponse = InvokeResponse<'file:save'>;

export interface SaveDialogLike {
  showSaveDialog(
    window: unknown,
    options: { title: string; defaultPath: string; filters: { name: string; extensions: string[] }[]; properties: string[] },
  ): Promise<{ canceled: boolean; filePath?: string }>;
}

export interface SaveDeps {
  /** Read at call time (not destructured) so a test can stub dialog.showSaveDialog. */
  dialog: SaveDialogLike;
  getWindow(): unknown;
  /** Folder the dialog starts in, e.g. app.getPath('documents'). */
  defaultDir(): string;
  /** Replaces the file in one step (main/files/atomic-write.ts), created with `mode` less the umask. */
  writeFile(file: string, data: Uint8Array | string, options: { mode: number }): Promise<void>;
  /** The words of the page's language (it says it with menu:lang), asked per dialog; English when not given. */
  t?(): Translate;
}

/** Exports can be large PNGs; anything beyond this is a bug or an attack, not a picture. */
export const MAX_SAVE_BYTES = 256 * 1024 * 1024;

// A snapshot holds the cluster's objects as read (environment values,
// annotations, images, addresses), so it is kept private like a kubeconfig;
// a picture is an ordinary file, made to be shared.
const KINDS = {
  svg: { ext: 'svg', filter: { name: 'save.filter.svg', extensions: ['svg'] }, title: 'save.title.svg', mode: DEFAULT_MODE },
  png: { ext: 'png', filter: { name: 'save.filter.png', extensions: ['png'] }, title: 'save.title.png', mode: DEFAULT_MODE },
  snapshot: { ext: 'json', filter: { name: 'save.filter.snapshot', extensions: ['json', 'yaml', 'yml', 'karec', 'jsonl'] }, title: 'save.title.snapshot', mode: PRIVATE_MODE },
} as const;

/** Checks a `file:save` request from the page; throws a TypeError naming the bad field. */
export function validateSaveRequest(req: unknown): SaveRequest {
  if (typeof req !== 'object' || req === null) throw new TypeError('file:save: expected an object');
  const { suggestedName, kind, data, encoding } = req as Record<string, unknown>;
  if (typeof suggestedName !== 'string' || suggestedName.length > 255) throw new TypeError('file:save: suggestedName must be a string of at most 255 characters');
  if (kind !== 'svg' && kind !== 'png' && kind !== 'snapshot') throw new TypeError('file:save: kind must be svg, png or snapshot');
  if (encoding !== 'utf8' && encoding !== 'base64') throw new TypeError('file:save: encoding must be utf8 or base64');
  if (typeof data !== 'string') throw new TypeError('file:save: data must be a string');
  if (data.length > (encoding === 'base64' ? Math.ceil((MAX_SAVE_BYTES * 4) / 3) + 4 : MAX_SAVE_BYTES)) throw new TypeError('file:save: data is too large');
  if (encoding === 'base64' && !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) throw new TypeError('file:save: data is not base64');
  return { suggestedName, kind, data, encoding };
}

/**
 * A plain file name from the page's suggestion: no folders, no control or
 * reserved characters, the kind's extension.
 */
export function safeFileName(suggested: string, kind: SaveRequest['kind']): string {
  const spec = KINDS[kind];
  let name = path.basename(suggested.replace(/\\/g, '/'))
    .replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_')
    .replace(/^[.\s]+|[.\s]+$/g, '')
    .slice(0, 120);
  if (name === '') name = kind === 'snapshot' ? 'cluster-snapshot' : 'cluster';
  const allowed: readonly string[] = spec.filter.extensions;
  const ext = path.extname(name).slice(1).toLowerCase();
  return allowed.includes(ext) ? name : `${name}.${spec.ext}`;
}

export function createFileSaver(deps: SaveDeps) {
  return async (raw: unknown): Promise<SaveResponse> => {
    const req = validateSaveRequest(raw);
    const spec = KINDS[req.kind];
    const t = deps.t?.() ?? translator('en');
    const result = await deps.dialog.showSaveDialog(deps.getWindow(), {
      title: t(spec.title),
      defaultPath: path.join(deps.defaultDir(), safeFileName(req.suggestedName, req.kind)),
      filters: [{ name: t(spec.filter.name), extensions: [...spec.filter.extensions] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    if (result.canceled || typeof result.filePath !== 'string' || result.filePath === '') return { saved: false };
    const bytes = req.encoding === 'base64' ? new Uint8Array(Buffer.from(req.data, 'base64')) : req.data;
    await deps.writeFile(result.filePath, bytes, { mode: spec.mode });
    return { saved: true, path: result.filePath };
  };
}
