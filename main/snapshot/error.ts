// The one error a snapshot file can be refused with. Its message is shown to
// the user as is, so it always names the file and, when known, where in it the
// problem is: a line and column for syntax errors, an item path for objects.
// Parts of it come from the file (its name, a kind, a YAML tag), and the CLI
// prints it to a terminal, so control and direction-changing characters are
// written as \uXXXX escapes instead of being sent to the terminal.

import { printable } from '../common/printable.ts';
import { message, MessageError, textOf, type Message } from '../i18n/index.ts';

export interface SnapshotErrorDetails {
  file: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
  /** Where in the decoded data, e.g. "items[3]" or "document 2". */
  item?: string;
}

/**
 * `message` is the English sentence (the CLI prints it); `said` the same as a
 * message the page says in its language (errors.snapshot.*), with the file's
 * name, its paths and a parser's own text inside as written.
 */
export class SnapshotError extends MessageError {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly item?: string;

  /** `problem`: what is wrong, as a message (errors.snapshot.*); a bare string is someone else's text, said as written. */
  constructor(problem: string | Message, details: SnapshotErrorDetails) {
    const what: Message = typeof problem === 'string' ? message('errors.generic', { text: cut(problem) }) : problem;
    const english = typeof problem === 'string' ? cut(problem) : cut(textOf('en', problem));
    const at = whereSaid(details);
    const said = at ? message('errors.snapshot.inAt', { file: details.file, where: at, problem: what }) : message('errors.snapshot.in', { file: details.file, problem: what });
    super(said, printable(`${details.file}${where(details)}: ${english}`));
    this.name = 'SnapshotError';
    this.file = details.file;
    if (details.line !== undefined) this.line = details.line;
    if (details.column !== undefined) this.column = details.column;
    if (details.item !== undefined) this.item = details.item;
  }
}

/** A file's size as read.ts has always written it: bytes below a MiB, whole MiB above. */
export function byteSize(n: number): Message {
  return n < 1024 * 1024 ? message('errors.size.bytes', { n }) : message('errors.size.mib', { n: Math.round(n / 1024 / 1024) });
}

/** A value the reader found where an object or array should be: null, nothing, an array, a string… */
export function valueSaid(v: unknown): Message {
  if (v === null) return message('errors.value.null');
  if (v === undefined) return message('errors.value.nothing');
  if (Array.isArray(v)) return message('errors.value.array');
  const t = typeof v;
  if (t === 'object' || t === 'string' || t === 'number' || t === 'boolean') return message(`errors.value.${t}`);
  return message('errors.value.other', { type: t });
}

/**
 * valueSaid, with a number's or a boolean's value as read: YAML reads `0x1F`
 * as the number 31 and `true` as a boolean, which "a number" would not show.
 */
export function scalarSaid(v: unknown): Message {
  if (typeof v === 'number') return message('errors.value.numberIs', { value: String(v) });
  if (typeof v === 'boolean') return message('errors.value.booleanIs', { value: String(v) });
  return valueSaid(v);
}

function where({ line, column, item }: SnapshotErrorDetails): string {
  const parts: string[] = [];
  if (item !== undefined) parts.push(item);
  if (line !== undefined) parts.push(column !== undefined ? `line ${line}, column ${column}` : `line ${line}`);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** The same place as where(), as a message: "document 2" is the reader's word (read.ts placeOf), the path after it the file's. */
function whereSaid({ line, column, item }: SnapshotErrorDetails): Message | string | undefined {
  const at = line === undefined ? undefined : column !== undefined ? message('errors.snapshot.lineColumn', { line, column }) : message('errors.snapshot.line', { line });
  let inData: Message | string | undefined = item;
  const document = item === undefined ? null : /^document (\d+)(?:, (.+))?$/s.exec(item);
  if (document) {
    const n = Number(document[1]);
    inData = document[2] === undefined ? message('errors.snapshot.document', { n }) : message('errors.snapshot.documentItem', { n, item: document[2] });
  }
  if (inData !== undefined && at) return message('errors.snapshot.itemAt', { item: inData, line: at });
  return inData ?? at;
}

export { printable };

/** Problems quote the file (a YAML tag, a parser's excerpt): a long quote is cut. */
const MAX_PROBLEM = 500;

function cut(problem: string): string {
  return problem.length > MAX_PROBLEM ? `${problem.slice(0, MAX_PROBLEM)}…` : problem;
}
