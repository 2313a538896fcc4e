// What of an image's anatomy may leave the registry client for a screen or a
// terminal: the env variables are shown by name only, so the build steps that
// set them (ENV, and the build args BuildKit records before a RUN) lose their
// values too. Both the app's Image section and `kube-anatomy image` use it.

import type { ImageAnatomy } from './types.ts';

const PAIR = /([A-Za-z_][A-Za-z0-9_.-]*)=("(?:[^"\\]|\\.)*"|'[^']*'|\S+)/g;

/**
 * A build step as the page may show it: the values of ENV steps and of the
 * build args BuildKit records before a RUN (`RUN |2 A=1 B=2 …`) replaced by
 * "…", as the env variables themselves are shown by name only.
 */
export function maskStep(text: string): string {
  const env = /^(.*?\bENV\s+)(.*)$/s.exec(text);
  if (env) {
    const rest = env[2];
    // ENV KEY value (the legacy form) or ENV KEY=value …
    const masked = /^[A-Za-z_][A-Za-z0-9_.-]*=/.test(rest) ? rest.replace(PAIR, '$1=…') : rest.replace(/^(\S+)\s+.*$/s, '$1 …');
    return env[1] + masked;
  }
  const args = /^((?:RUN\s+)?\|(\d+)\s+)(.*)$/s.exec(text);
  if (args) {
    let left = Number(args[2]);
    const rest = args[3].replace(PAIR, (all, name: string) => (left-- > 0 ? `${name}=…` : all));
    return args[1] + rest;
  }
  return text;
}

/** The anatomy with every build step's env and build-arg values replaced by "…". */
export function withoutEnvValues(anatomy: ImageAnatomy): ImageAnatomy {
  const step = <T extends { createdBy?: string }>(s: T): T => (s.createdBy === undefined ? s : { ...s, createdBy: maskStep(s.createdBy) });
  return { ...anatomy, layers: anatomy.layers.map(step), history: anatomy.history.map(step) };
}
