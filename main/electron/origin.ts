// Where our pages live. The renderer is served from a custom, standard, secure
// scheme instead of file:// so it has a real origin of its own (file:// pages
// share one origin with every file on the disk), so the CSP travels as a
// response header, and so every trust check below compares against one value.

export const APP_SCHEME = 'app';
export const APP_HOST = 'kube-anatomy';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * True when `url` is one of our pages. Compares scheme and host rather than
 * `URL.origin`, which is "null" for schemes Node's URL parser does not know.
 */
export function isAppUrl(url: unknown): boolean {
  if (typeof url !== 'string' || url.length === 0 || url.length > 8192) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === '' && parsed.port === '';
}

/** Same document, ignoring only the fragment (in-page anchors are not navigation). */
export function isSameDocument(a: string, b: string): boolean {
  try {
    const ua = new URL(a);
    const ub = new URL(b);
    ua.hash = '';
    ub.hash = '';
    return ua.href === ub.href;
  } catch {
    return false;
  }
}
