// The desktop app's own command-line flags. Electron's argv also carries
// Chromium switches and the app path (and, under test, Playwright's
// --inspect/--remote-debugging-port), so unknown flags are ignored here rather
// than refused as the CLI does; conflicting source flags are reported.

import { parseArgs } from 'node:util';
import type { SourceChoice } from '../session/source-choice.ts';
import { APP_ENTRY_URL } from './origin.ts';

export interface AppArgs {
  source: SourceChoice;
  /** Overrides userData (window state, single-instance lock): separate profiles for tests. */
  userDataDir?: string;
  /**
   * --view '#lens=C3': a deep link the window opens with, "#" included. Only
   * its characters are checked here; the page parses it and says what is wrong.
   */
  view?: string;
  /** What was wrong with the flags; the app starts anyway, with the default source. */
  problems: string[];
}

const options = {
  kubeconfig: { type: 'string' },
  context: { type: 'string' },
  snapshot: { type: 'string' },
  demo: { type: 'boolean' },
  'user-data-dir': { type: 'string' },
  view: { type: 'string' },
} as const;

/** The characters a deep link needs (keys, values, = and &, percent-escapes); nothing that could end the URL's fragment. */
const VIEW = /^#?[A-Za-z0-9=&%._~-]{0,512}$/;

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
  const rawView = str('view');
  let view: string | undefined;
  if (rawView !== undefined) {
    if (VIEW.test(rawView)) view = rawView.startsWith('#') ? rawView : `#${rawView}`;
    else problems.push(`--view takes a link such as '#lens=C3' or '#tour=1&lang=ko' (letters, digits, = & % . _ ~ -); ignored`);
  }
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
  return { source, ...(userDataDir !== undefined ? { userDataDir } : {}), ...(view !== undefined && view !== '#' ? { view } : {}), problems };
}

/** The page the window loads: the app's entry, with the --view link as its fragment. */
export function entryUrl(view: string | undefined): string {
  return view ? `${APP_ENTRY_URL}${view}` : APP_ENTRY_URL;
}
