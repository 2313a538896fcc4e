// Which links may leave the app for the system browser. The renderer shows
// links to Kubernetes documentation; anything else (another host, file:,
// javascript:, a custom scheme that starts a local program) stays closed,
// whether it arrives as a `link:open` call, a clicked link or window.open.

import { printable } from '../common/printable.ts';

/** Hosts we open, each optionally limited to paths under a prefix. */
export const LINK_ALLOW_LIST: readonly { host: string; pathPrefix?: string }[] = [
  { host: 'kubernetes.io' },
  { host: 'github.com', pathPrefix: '/kube-anatomy/' },
];

const MAX_LINK_LENGTH = 2048;

/** The normalized link to open, or undefined when it is not on the list. */
export function allowedExternalLink(href: unknown): string | undefined {
  if (typeof href !== 'string' || href.length === 0 || href.length > MAX_LINK_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  // user:pass@ and odd ports are how look-alike links hide where they go.
  if (url.username !== '' || url.password !== '' || url.port !== '') return undefined;
  const host = url.hostname.toLowerCase();
  const entry = LINK_ALLOW_LIST.find((e) => e.host === host);
  if (!entry) return undefined;
  if (entry.pathPrefix !== undefined && !url.pathname.startsWith(entry.pathPrefix)) return undefined;
  return url.href;
}

export interface ShellLike {
  openExternal(url: string): Promise<void>;
}

/** The `link:open` handler: opens allowed links, refuses the rest with an error the page sees. */
export function createLinkOpener(shell: ShellLike, log: (message: string) => void = () => {}) {
  return async (req: unknown): Promise<void> => {
    const href = typeof req === 'object' && req !== null ? (req as { href?: unknown }).href : undefined;
    const allowed = allowedExternalLink(href);
    if (allowed === undefined) {
      log(`link:open refused: ${describe(href)}`);
      throw new Error('this link is not on the list of links the app opens');
    }
    await shell.openExternal(allowed);
  };
}

/** A short, printable description of an untrusted value for the log. */
export function describe(value: unknown): string {
  if (typeof value !== 'string') return `(${typeof value})`;
  const flat = printable(value, '?');
  return JSON.stringify(flat.length > 200 ? `${flat.slice(0, 200)}…` : flat);
}
