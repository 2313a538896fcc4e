// The one error a snapshot file can be refused with. Its message is shown to
// the user as is, so it always names the file and, when known, where in it the
// problem is: a line and column for syntax errors, an item path for objects.
// Parts of it come from the file (its name, a kind, a YAML tag), and the CLI
// prints it to a terminal, so control and direction-changing characters are
// written as \uXXXX escapes instead of being sent to the terminal.

import { printable } from '../common/printable.ts';

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
    super(printable(`${details.file}${where(details)}: ${cut(problem)}`));
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

export { printable };

/** Problems quote the file (a YAML tag, a parser's excerpt): a long quote is cut. */
const MAX_PROBLEM = 500;

function cut(problem: string): string {
  return problem.length > MAX_PROBLEM ? `${problem.slice(0, MAX_PROBLEM)}…` : problem;
}
