// The one error a snapshot file can be refused with. Its message is shown to
// the user as is, so it always names the file and, when known, where in it the
// problem is: a line and column for syntax errors, an item path for objects.

export interface SnapshotErrorDetails {
  file: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  /** Where in the decoded data, e.g. "items[3]" or "document 2". */
  item?: string;
}

export class SnapshotError extends Error {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly item?: string;

  constructor(problem: string, details: SnapshotErrorDetails) {
    super(`${details.file}${where(details)}: ${problem}`);
    this.name = 'SnapshotError';
    this.file = details.file;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
    if (details.item !== undefined) this.item = details.item;
  }
}

function where({ line, column, item }: SnapshotErrorDetails): string {
  const parts: string[] = [];
  if (item !== undefined) parts.push(item);
  if (line !== undefined) parts.push(column !== undefined ? `line ${line}, column ${column}` : `line ${line}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
