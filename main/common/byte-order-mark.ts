// Which Unicode encoding a text file's first bytes name by their byte order
// mark: UTF-16 (little- or big-endian) when they start with one, else UTF-8.
// Windows PowerShell 5.1 writes a command's output to a file as UTF-16LE with
// a mark (`kubectl get … > cluster.json`). Shared by the snapshot readers
// (main/snapshot/encoding.ts) and the page's Open (renderer/app/files.ts).

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * The encoding the first bytes name by their byte order mark: UTF-16 when
 * they start with one (FF FE, FE FF), UTF-8 otherwise; undefined while fewer
 * than two bytes have come and they could still be the start of one.
 */
export function encodingOf(head: Uint8Array): TextEncodingName | undefined {
  if (head.length === 0) return undefined;
  const [a, b] = [head[0], head[1]];
  if (head.length === 1) return a === 0xff || a === 0xfe ? undefined : 'utf-8';
  if (a === 0xff && b === 0xfe) return 'utf-16le';
  if (a === 0xfe && b === 0xff) return 'utf-16be';
  return 'utf-8';
}
