// Text → decoded documents. kubectl writes JSON (`-o json`) or YAML (`-o
// yaml`); people also keep multi-document YAML streams. Everything here is
// untrusted: the text may be binary, hostile (alias bombs, custom tags,
// `__proto__` keys) or simply broken, and every refusal says where.

import { isNode, LineCounter, parseAllDocuments, visit } from 'yaml';
import type { Document } from 'yaml';
import { message } from '../i18n/index.ts';
import { ENCODING_NAMES, looksLikeUtf16 } from './encoding.ts';
import { SnapshotError } from './error.ts';
import { jsonErrorOffset, jsonProblem, lineColumn } from './json-error.ts';

/** A path into a decoded document, e.g. ['items', 3]. */
export type DataPath = (string | number)[];

export interface DecodedDocument {
  value: unknown;
  /** "document 2" when the file holds several YAML documents. */
  label?: string;
  /** The line where the value at a path starts, when the format keeps positions (YAML). */
  lineOf(path: DataPath): number | undefined;
}

/**
 * Aliases a YAML file may expand. kubectl never writes aliases; hand-written
 * files use a few. A billion-laughs file needs far more than this.
 */
export const MAX_YAML_ALIASES = 100;

/** The tags YAML's core schema resolves by itself; any other explicit tag is refused. */
const CORE_TAGS = new Set(
  ['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`),
);

// C0 controls other than tab, LF and CR (and DEL) never occur in JSON or YAML
// text; finding one means a binary file (gzip, an image, a protobuf dump…).
const BINARY = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/;

export function decodeSnapshotText(raw: string, file: string): DecodedDocument[] {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  const binary = BINARY.exec(text);
  if (binary) {
    // UTF-16 with a byte order mark is read as such (encoding.ts); what comes here as UTF-16 was not.
    if (text.startsWith('\uFFFD\uFFFD') && looksLikeUtf16((i) => text.charCodeAt(i + 2), text.length - 2)) {
      throw new SnapshotError(message('errors.snapshot.utf16ReadAsUtf8', ENCODING_NAMES), { file });
    }
    if (looksLikeUtf16((i) => text.charCodeAt(i), text.length)) throw new SnapshotError(message('errors.snapshot.utf16NoMark', ENCODING_NAMES), { file });
    throw new SnapshotError(message('errors.snapshot.binary'), {
      file,
      ...lineColumn(text, binary.index),
    });
  }
  const start = text.search(/\S/);
  if (start === -1) throw new SnapshotError(message('errors.snapshot.empty'), { file });
  const first = text[start];
  return first === '{' || first === '[' ? decodeJson(text, file) : decodeYaml(text, file);
}

function decodeJson(text: string, file: string): DecodedDocument[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const said = err instanceof Error ? err.message : String(err);
    const reported = /at position (\d+)/.exec(said);
    const offset = reported ? Number(reported[1]) : jsonErrorOffset(text);
    const problem = jsonProblem(said);
    throw new SnapshotError(message('errors.snapshot.invalidJson', { problem }), {
      file,
      ...(offset >= 0 ? lineColumn(text, offset) : {}),
    });
  }
  return [{ value, lineOf: () => undefined }];
}

function decodeYaml(text: string, file: string): DecodedDocument[] {
  const lineCounter = new LineCounter();
  const parsed = parseAllDocuments(text, {
    version: '1.2',
    schema: 'core',
    lineCounter,
    prettyErrors: false,
    uniqueKeys: true,
    // `<<: *anchor` merges the anchored map, as kubectl's YAML reader does (YAML 1.2 leaves merge keys off by default).
    merge: true,
  });
  const docs: Document.Parsed[] = Array.isArray(parsed) ? parsed : [];
  const at = (offset: number | undefined): { line?: number; column?: number } => {
    if (offset === undefined) return {};
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };

  const out: DecodedDocument[] = [];
  docs.forEach((doc, index) => {
    const label = docs.length > 1 ? `document ${index + 1}` : undefined;
    const problem = doc.errors[0];
    if (problem) {
      throw new SnapshotError(message('errors.snapshot.invalidYaml', { problem: problem.message }), { file, ...at(problem.pos[0]) });
    }
    const unresolved = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED');
    if (unresolved) {
      throw new SnapshotError(message('errors.snapshot.yamlTagUnknown', { problem: unresolved.message }), {
        file,
        ...at(unresolved.pos[0]),
      });
    }
    // Tags the parser knows (!!binary, !!set, !!timestamp…) resolve silently to
    // Buffers, Sets and Dates; Kubernetes objects are plain JSON data.
    visit(doc, {
      Node(_key, node) {
        if (node.tag !== undefined && !CORE_TAGS.has(node.tag)) {
          throw new SnapshotError(message('errors.snapshot.yamlTag', { tag: node.tag }), {
            file,
            ...at(node.range?.[0]),
          });
        }
      },
    });
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (err) {
      const text = err instanceof Error ? err.message : String(err);
      const problem = /alias count/i.test(text)
        ? message('errors.snapshot.yamlAliases', { max: MAX_YAML_ALIASES })
        : message('errors.snapshot.yamlUnreadable', { error: text });
      throw new SnapshotError(problem, { file, ...(label ? { item: label } : {}) });
    }
    // An empty document, e.g. after a trailing `---`, reads as null.
    if (value === null || value === undefined) return;
    out.push({
      value,
      ...(label ? { label } : {}),
      lineOf(path) {
        const node: unknown = doc.getIn(path, true);
        if (!isNode(node) || !node.range) return undefined;
        return lineCounter.linePos(node.range[0]).line;
      },
    });
  });
  if (out.length === 0) throw new SnapshotError(message('errors.snapshot.emptyYaml'), { file });
  return out;
}
