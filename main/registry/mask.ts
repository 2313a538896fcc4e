// What of an image's anatomy may leave the registry client for a screen or a
// terminal: the env variables are shown by name only, so the build steps that
// set them (ENV, and the build args BuildKit records before a RUN) lose their
// values too. Both the app's Image section and `kube-anatomy image` use it.

import type { ImageAnatomy } from './types.ts';

const NAME_AT = /(^|\s)([A-Za-z_][A-Za-z0-9_.-]*)=/g;
/** Where BuildKit's shell-form command starts after a RUN's build args. */
const SHELL = /\s(?:\/bin\/sh -c|cmd \/S \/C)\s/;

/**
 * The first `count` NAME=value pairs of text with their values as "…". BuildKit
 * writes values unquoted, spaces and all, so a value runs to the next NAME=,
 * and the last one to `end` (where the command starts); a quoted value to its
 * closing quote. Hiding too much is the safe side: a value must not show.
 */
function maskPairs(text: string, count: number, end: number | undefined): string {
  const pairs: { name: string; at: number; valueAt: number; quotedEnd?: number }[] = [];
  NAME_AT.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (pairs.length < count && (m = NAME_AT.exec(text))) {
    const at = m.index + m[1].length;
    if (end !== undefined && at >= end) break;
    const valueAt = m.index + m[0].length;
    const quote = text[valueAt];
    let quotedEnd: number | undefined;
    if (quote === '"' || quote === "'") {
      let i = valueAt + 1;
      while (i < text.length && text[i] !== quote) i += quote === '"' && text[i] === '\\' ? 2 : 1;
      quotedEnd = Math.min(i + 1, text.length);
      NAME_AT.lastIndex = quotedEnd;
    }
    pairs.push({ name: m[2], at, valueAt, quotedEnd });
  }
  if (pairs.length === 0) return text;
  let out = text.slice(0, pairs[0].at);
  pairs.forEach((pair, i) => {
    const next = pairs[i + 1];
    let valueEnd: number;
    if (pair.quotedEnd !== undefined) valueEnd = pair.quotedEnd;
    else if (next) valueEnd = next.at - 1;
    else if (end !== undefined) valueEnd = end;
    else {
      // No known end (a RUN in exec form): up to the next space, the best that can be told.
      const space = text.slice(pair.valueAt).search(/\s/);
      valueEnd = space < 0 ? text.length : pair.valueAt + space;
    }
    out += `${pair.name}=…${next ? text.slice(valueEnd, next.at) : ''}`;
    if (!next) out += text.slice(valueEnd);
  });
  return out;
}

/**
 * A build step as the page may show it: the values of ENV steps and of the
 * build args BuildKit records before a RUN (`RUN |2 A=1 B=2 …`) replaced by
 * "…", as the env variables themselves are shown by name only.
 */
export function maskStep(text: string): string {
  const env = /^(.*?\bENV\s+)(.*)$/s.exec(text);
  if (env) {
    const rest = env[2];
    // ENV KEY=value … (values to the end: nothing follows them) or ENV KEY value (the legacy form).
    const masked = /^[A-Za-z_][A-Za-z0-9_.-]*=/.test(rest) ? maskPairs(rest, Infinity, rest.length) : rest.replace(/^(\S+)\s+.*$/s, '$1 …');
    return env[1] + masked;
  }
  const args = /^((?:RUN\s+)?\|(\d+)\s+)(.*)$/s.exec(text);
  if (args) {
    const rest = args[3];
    const shell = SHELL.exec(rest);
    return args[1] + maskPairs(rest, Number(args[2]), shell ? shell.index : undefined);
  }
  return text;
}

/** The anatomy with every build step's env and build-arg values replaced by "…". */
export function withoutEnvValues(anatomy: ImageAnatomy): ImageAnatomy {
  const step = <T extends { createdBy?: string }>(s: T): T => (s.createdBy === undefined ? s : { ...s, createdBy: maskStep(s.createdBy) });
  return { ...anatomy, layers: anatomy.layers.map(step), history: anatomy.history.map(step) };
}
