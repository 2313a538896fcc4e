// The browser mode's defences, in one place. The server listens on loopback,
// but any web page the user visits can still make their browser send requests
// to 127.0.0.1, and a DNS-rebinding page can even make them same-origin. So
// every request must name our exact host and port in Host and (when a browser
// says where it comes from) come from our origin, and the WebSocket, the only
// thing that carries cluster data or acts, must carry the session token.
//
// The page's own files are the public app bundle and need no token. That is
// what lets the token live nowhere but the WebSocket URL and the tab's
// sessionStorage: a cookie would do for the files, but cookies ignore ports,
// so every other server on 127.0.0.1 would receive it too.

import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export function createToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison; hashing first gives equal lengths without revealing the token's. */
export function tokenMatches(expected: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length === 0 || given.length > 256) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

export function allowedOrigins(port: number): string[] {
  return allowedHosts(port).map((host) => `http://${host}`);
}

/** The policy of the Electron window, except that the page may open its WebSocket back to us. */
export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    `connect-src 'self' ${allowedHosts(port).map((host) => `ws://${host}`).join(' ')}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Headers on every response, errors included. Deliberately no Access-Control-* header, ever. */
export function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': contentSecurityPolicy(port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'X-Frame-Options': 'DENY',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': 'no-store',
  };
}

export type Refusal = { status: 401 | 403; reason: string };

/**
 * Checks Host and Origin: what a DNS-rebinding or cross-site page cannot fake.
 * Returns why the request is refused, or undefined when it may go on.
 */
export function checkHostAndOrigin(headers: IncomingHttpHeaders, port: number): Refusal | undefined {
  const host = headers.host;
  if (typeof host !== 'string' || !allowedHosts(port).includes(host)) {
    return { status: 403, reason: `Host header must be 127.0.0.1:${port} or localhost:${port}` };
  }
  const origin = headers.origin;
  if (origin !== undefined && !allowedOrigins(port).includes(origin)) {
    return { status: 403, reason: 'requests from other origins are refused' };
  }
  return undefined;
}

/** Checks the token the WebSocket URL carries (`?token=`). */
export function checkToken(expected: string, given: string | null): Refusal | undefined {
  if (given === null) return { status: 401, reason: 'this server needs its access token: open the URL that kube-anatomy printed' };
  if (tokenMatches(expected, given)) return undefined;
  return { status: 403, reason: 'wrong access token: open the URL that kube-anatomy printed' };
}
