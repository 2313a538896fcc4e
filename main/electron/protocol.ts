// Serves the built renderer (dist/renderer) on app://kube-anatomy/. Only
// regular files under that folder, of the types the renderer is made of, are
// served; every response carries the CSP. Path traversal is refused before
// any file is touched, and again after symlinks are resolved.

import path from 'node:path';
import { APP_HOST, APP_SCHEME } from './origin.ts';
import { CONTENT_SECURITY_POLICY } from './security.ts';
import { RENDERER_CONTENT_TYPES } from '../common/content-types.ts';

/**
 * For protocol.registerSchemesAsPrivileged, which must run before the app is
 * ready. standard: a real origin and relative URLs; secure: a secure context
 * (the clipboard API needs one); supportFetchAPI and corsEnabled: the page's
 * module script and its fetch of our own fonts go through Chromium's fetch
 * path, which refuses schemes without them. No bypassCSP, no service workers.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true },
} as const;

const CONTENT_TYPES = RENDERER_CONTENT_TYPES;

export const RESPONSE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * The file a URL names under `root`, or undefined when the URL is not ours or
 * would leave `root`. Pure: does not touch the file system.
 */
export function resolveAppFile(root: string, url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username || parsed.password || parsed.port) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  if (pathname === '' || pathname === '/') pathname = '/index.html';
  // Decoding can produce separators and dot segments the URL parser never saw
  // (%2F, %5C, %2e%2e%2f), so judge the decoded form, segment by segment.
  if (pathname.includes('\0') || pathname.includes('\\') || pathname.length > 1024) return undefined;
  const segments = pathname.split('/').slice(1);
  if (segments.some((s) => s === '' || s === '.' || s === '..' || s.includes(':'))) return undefined;
  const base = path.resolve(root);
  const file = path.resolve(base, ...segments);
  if (!isInside(base, file)) return undefined;
  if (!(path.extname(file).toLowerCase() in CONTENT_TYPES)) return undefined;
  return file;
}

function isInside(base: string, file: string): boolean {
  const rel = path.relative(base, file);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

export interface ProtocolFs {
  realpath(file: string): Promise<string>;
  stat(file: string): Promise<{ isFile(): boolean }>;
  readFile(file: string): Promise<Uint8Array>;
}

/** The handler for protocol.handle: a fetch-style Request in, a Response out. */
export function createAppProtocolHandler(root: string, fs: ProtocolFs) {
  let realRoot: Promise<string> | undefined;
  return async (request: { url: string; method?: string }): Promise<Response> => {
    const method = (request.method ?? 'GET').toUpperCase();
    if (method !== 'GET' && method !== 'HEAD') return plain(405, 'method not allowed');
    const file = resolveAppFile(root, request.url);
    if (file === undefined) return plain(404, 'not found');
    try {
      realRoot ??= fs.realpath(path.resolve(root));
      const [base, real] = await Promise.all([realRoot, fs.realpath(file)]);
      if (!isInside(base, real) || !(await fs.stat(real)).isFile()) return plain(404, 'not found');
      const body = method === 'HEAD' ? null : await fs.readFile(real);
      const type = CONTENT_TYPES[path.extname(file).toLowerCase()];
      return new Response(body, { status: 200, headers: { ...RESPONSE_HEADERS, 'Content-Type': type } });
    } catch {
      return plain(404, 'not found');
    }
  };
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { ...RESPONSE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}
