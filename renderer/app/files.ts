// Getting bytes in and out: the Electron shell saves through the main
// process (which asks where with a dialog); the browser downloads through a
// blob URL. Snapshots come in through a hidden file input.

import { encodingOf } from '../../main/common/byte-order-mark.ts';
import type { AnatomyApi, ExportFormat } from '../../main/contract/api.ts';
import { message, MessageError } from '../../main/i18n/index.ts';
import { bytesToBase64 } from './export.ts';

export interface SaveRequest {
  name: string;
  kind: ExportFormat | 'snapshot';
  data: string | Blob;
  mime: string;
}

/** Saves and returns the path when the shell reports one; false when the user cancelled. */
export async function saveFile(api: AnatomyApi, doc: Document, req: SaveRequest): Promise<{ saved: boolean; path?: string }> {
  if (api.shell === 'electron') {
    const isText = typeof req.data === 'string';
    const data = isText ? (req.data as string) : bytesToBase64(new Uint8Array(await (req.data as Blob).arrayBuffer()));
    return api.invoke('file:save', { suggestedName: req.name, kind: req.kind, data, encoding: isText ? 'utf8' : 'base64' });
  }
  const blob = typeof req.data === 'string' ? new Blob([req.data], { type: req.mime }) : req.data;
  const url = URL.createObjectURL(blob);
  const a = doc.createElement('a');
  a.href = url;
  a.download = req.name;
  a.hidden = true;
  doc.body.appendChild(a);
  a.click();
  a.remove();
  // Give the download a moment to start before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
  return { saved: true };
}

/** Snapshot files are JSON or YAML text; anything larger is refused before reading. */
export const MAX_SNAPSHOT_BYTES = 200 * 1024 * 1024;

/**
 * A snapshot file's text: UTF-16 when it starts with a byte-order mark (what
 * Windows PowerShell 5.1 writes for `kubectl … > file`), else UTF-8, the mark
 * dropped either way (main/snapshot/encoding.ts reads files by the same mark).
 */
export function decodeSnapshotText(bytes: Uint8Array): string {
  return new TextDecoder(encodingOf(bytes) ?? 'utf-8').decode(bytes);
}

/** Opens the file picker and resolves with the chosen file's name and text (undefined if none was chosen). */
export function pickSnapshot(input: HTMLInputElement): Promise<{ name: string; text: string } | undefined> {
  return new Promise((resolve, reject) => {
    const onChange = () => {
      input.removeEventListener('change', onChange);
      input.removeEventListener('cancel', onCancel);
      const file = input.files?.[0];
      input.value = '';
      if (!file) return resolve(undefined);
      if (file.size > MAX_SNAPSHOT_BYTES) {
        const mib = MAX_SNAPSHOT_BYTES / 1024 / 1024;
        return reject(new MessageError(message('error.fileTooLarge', { name: file.name, mib }), `${file.name} is larger than ${mib} MiB`));
      }
      file.arrayBuffer().then((bytes) => resolve({ name: file.name, text: decodeSnapshotText(new Uint8Array(bytes)) }), reject);
    };
    const onCancel = () => {
      input.removeEventListener('change', onChange);
      input.removeEventListener('cancel', onCancel);
      resolve(undefined);
    };
    input.addEventListener('change', onChange);
    input.addEventListener('cancel', onCancel);
    input.click();
  });
}
