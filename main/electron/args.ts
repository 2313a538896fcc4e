// The desktop app's own command-line flags. Electron's argv also carries
// Chromium switches and the app path (and, under test, Playwright's
// --inspect/--remote-debugging-port), so unknown flags are ignored here rather
// than refused as the CLI does; conflicting source flags are reported.

import { parseArgs } from 'node:util';
import type { SourceChoice } from '../session/source-choice.ts';

export interface AppArgs {
  source: SourceChoice;
  /** Overrides userData (window state, single-instance lock): separate profiles for tests. */
  userDataDir?: string;
  /** What was wrong with the flags; the app starts anyway, with the default source. */
  problems: string[];
}

const options = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  snapshot: { type: 'string' },
  demo: { type: 'boolean' },
  'user-data-dir': { type: 'string' },
} as const;

export function parseAppArgs(argv: readonly string[]): AppArgs {
  const problems: string[] = [];
  const { values } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true });
  const str = (key: keyof typeof options): string | undefined => {
    const v = values[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v === '') {
      problems.push(`--${key} needs a value`);
      return undefined;
    }
    return v;
  };
  const kubeconfig = str('kubeconfig');
  const context = str('context');
  const snapshot = str('snapshot');
  const userDataDir = str('user-data-dir');
  const demo = values.demo === true;

  const chosen = [snapshot !== undefined && '--snapshot', demo && '--demo', context !== undefined && '--context'].filter(Boolean);
  let source: SourceChoice;
  if (chosen.length > 1) {
    problems.push(`${chosen.join(' and ')} cannot be combined; using the current context`);
    source = { kind: 'cluster', ...(kubeconfig !== undefined ? { kubeconfig } : {}) };
  } else if (snapshot !== undefined) {
    source = { kind: 'snapshot', file: snapshot };
  } else if (demo) {
    source = { kind: 'demo' };
  } else {
    source = { kind: 'cluster', ...(kubeconfig !== undefined ? { kubeconfig } : {}), ...(context !== undefined ? { context } : {}) };
  }
  return { source, ...(userDataDir !== undefined ? { userDataDir } : {}), problems };
}
