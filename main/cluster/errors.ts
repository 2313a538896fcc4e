// Errors of the cluster access layer, and the one place that turns any of them
// (ours, Node's socket/TLS errors, API server Status answers) into a sentence a
// user can act on: what failed, against which server, for which context,
// resource or file. Messages never include credentials.

import { printable } from '../common/printable.ts';
import { message, MessageError, textOf, type Message } from '../i18n/index.ts';

/**
 * A problem with a kubeconfig file or with the choice of context. Given as a
 * message (errors.kubeconfig.*), its English is that message's English text;
 * given as a string, it is said as written.
 */
export class KubeconfigError extends MessageError {
  override name = 'KubeconfigError';
  readonly file?: string;
  readonly line?: number;
  constructor(said: Message | string, where: { file?: string; line?: number } = {}) {
    const english = typeof said === 'string' ? said : textOf('en', said);
    super(typeof said === 'string' ? message('errors.generic', { text: said }) : said, english);
    this.file = where.file;
    this.line = where.line;
  }
}

/**
 * Getting credentials failed: an exec plugin, a token file, a certificate file.
 * Retrying is pointless until the user fixes something, so the source reports
 * these as `failed`.
 */
export class CredentialError extends MessageError {
  override name = 'CredentialError';
  /** `said`: the same in words of the app's catalog; without it the English is someone else's text, said as written. */
  constructor(english: string, said?: Message) {
    super(said ?? message('errors.generic', { text: english }), english);
  }

  /** One in the app's words: its English (the CLI's and the logs') is the message's English text. */
  static said(m: Message): CredentialError {
    return new CredentialError(textOf('en', m), m);
  }
}

/** The API server answered with an HTTP error status (or an ERROR watch event). */
export class ApiStatusError extends Error {
  override name = 'ApiStatusError';
  /** HTTP status code (or the Status object's code for watch ERROR events). */
  readonly status: number;
  /** Status.reason, e.g. "Forbidden", "Expired", "Gone". */
  readonly reason?: string;
  /** Status.message verbatim (bounded), e.g. `pods is forbidden: User "x" cannot list…`. */
  readonly apiMessage?: string;
  constructor(status: number, statusText: string, reason?: string, apiMessage?: string) {
    super(apiMessage ? `${status} ${statusText}: ${apiMessage}` : `${status} ${statusText}`);
    this.status = status;
    this.reason = reason;
    this.apiMessage = apiMessage;
  }
}

/** No response headers (or no list body) within the request timeout. */
export class RequestTimeoutError extends Error {
  override name = 'RequestTimeoutError';
  readonly timeoutMs: number;
  constructor(timeoutMs: number) {
    super(`no answer within ${formatSeconds(timeoutMs)}`);
    this.timeoutMs = timeoutMs;
  }
}

/** An open watch received nothing at all for longer than the server's own timeout allows. */
export class WatchIdleError extends Error {
  override name = 'WatchIdleError';
  readonly idleMs: number;
  constructor(idleMs: number) {
    super(`no data for ${formatSeconds(idleMs)}`);
    this.idleMs = idleMs;
  }
}

/** A watch stream that was open (HTTP 200) broke before the server ended it. */
export class WatchDroppedError extends Error {
  override name = 'WatchDroppedError';
  constructor(cause: unknown) {
    super(errorMessage(cause), { cause });
  }
}

/** Thrown into pending work when the source is stopped; never reported. */
export class StoppedError extends Error {
  override name = 'StoppedError';
  constructor() {
    super('stopped');
  }
}

export type ErrorKind =
  | 'network'
  | 'tls'
  | 'timeout'
  | 'dropped'
  | 'unauthorized'
  | 'forbidden'
  | 'not-found'
  | 'gone'
  | 'server'
  | 'credentials'
  | 'config'
  | 'stopped'
  | 'other';

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'ECONNABORTED',
  'EADDRNOTAVAIL',
  'UND_ERR_SOCKET',
]);

const TLS_EXPLANATIONS: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: "the server's certificate is not signed by the cluster's certificate-authority",
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: "the server's certificate is not signed by the cluster's certificate-authority",
  UNABLE_TO_GET_ISSUER_CERT: "the server's certificate is not signed by the cluster's certificate-authority",
  SELF_SIGNED_CERT_IN_CHAIN: "the server's certificate is not signed by the cluster's certificate-authority",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the server's certificate is self-signed and not the cluster's certificate-authority",
  CERT_HAS_EXPIRED: "the server's certificate has expired",
  CERT_NOT_YET_VALID: "the server's certificate is not valid yet (check the clock)",
  ERR_TLS_CERT_ALTNAME_INVALID: "the server's certificate does not name this host (see tls-server-name)",
  ERR_SSL_WRONG_VERSION_NUMBER: 'the server did not answer with TLS (is it plain http?)',
};

export function errorCode(err: unknown): string | undefined {
  const code = err !== null && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

/** The innermost cause of a wrapped error (Node's fetch-like wrappers, our WatchDroppedError). */
function rootCause(err: unknown): unknown {
  let current = err;
  for (let i = 0; i < 5; i++) {
    if (current instanceof WatchDroppedError || !(current instanceof Error) || current.cause === undefined) break;
    current = current.cause;
  }
  return current;
}

export function classifyError(err: unknown): ErrorKind {
  if (err instanceof StoppedError) return 'stopped';
  if (err instanceof KubeconfigError) return 'config';
  if (err instanceof CredentialError) return 'credentials';
  if (err instanceof ApiStatusError) {
    if (err.status === 401) return 'unauthorized';
    if (err.status === 403) return 'forbidden';
    if (err.status === 404) return 'not-found';
    if (err.status === 410) return 'gone';
    return 'server';
  }
  if (err instanceof RequestTimeoutError || err instanceof WatchIdleError) return 'timeout';
  if (err instanceof WatchDroppedError) return 'dropped';
  const cause = rootCause(err);
  const code = errorCode(cause);
  if (
    code &&
    (code in TLS_EXPLANATIONS || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_') || code.startsWith('ERR_OSSL_') || code.includes('CERT'))
  ) {
    return 'tls';
  }
  if (code && NETWORK_CODES.has(code)) return 'network';
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') return 'credentials';
  return 'other';
}

/** Errors that retrying cannot fix until the user changes something (credentials, certificates, kubeconfig). */
export function isHopeless(err: unknown): boolean {
  const kind = classifyError(err);
  return kind === 'unauthorized' || kind === 'credentials' || kind === 'tls' || kind === 'config';
}

/** Where an error happened, for the sentence. */
export interface ErrorPlace {
  context: string;
  /** API server URL, already stripped of any user info. */
  server: string;
  resource?: string;
  namespace?: string;
  action?: 'list' | 'watch';
}

const MAX_MESSAGE = 600;

function bounded(text: string): string {
  const oneLine = printable(text.replace(/\s+/g, ' ').trim());
  return oneLine.length > MAX_MESSAGE ? `${oneLine.slice(0, MAX_MESSAGE)}…` : oneLine;
}

function what(place: ErrorPlace): string {
  if (!place.resource) return 'contact the API server';
  const scope = place.namespace ? ` in namespace ${place.namespace}` : '';
  return `${place.action ?? 'list'} ${place.resource}${scope}`;
}

/** One clear sentence for any error of this layer, naming context, server and resource. */
export function describeError(err: unknown, place: ErrorPlace): string {
  const ctx = `context ${place.context}`;
  const kind = classifyError(err);
  const cause = rootCause(err);
  const message = bounded(errorMessage(cause));
  switch (kind) {
    case 'network':
      return `cannot reach ${place.server} (${ctx}): ${message}`;
    case 'tls': {
      const code = errorCode(cause) ?? '';
      const explanation =
        TLS_EXPLANATIONS[code] ??
        tlsAlertExplanation(code) ??
        (code.startsWith('ERR_OSSL_') ? `a certificate or key of the context cannot be loaded (${message})` : message);
      return `TLS connection to ${place.server} failed (${ctx}): ${explanation} [${code || message}]`;
    }
    case 'timeout':
      if (err instanceof WatchIdleError) {
        return `the watch of ${place.resource ?? 'objects'} on ${place.server} went silent (${ctx}): ${message}`;
      }
      return `${place.server} did not answer (${ctx}) when trying to ${what(place)}: ${message}`;
    case 'dropped':
      return `the watch of ${place.resource ?? 'objects'} on ${place.server} was cut (${ctx}): ${message}`;
    case 'unauthorized': {
      const api = err instanceof ApiStatusError && err.apiMessage ? `: ${bounded(err.apiMessage)}` : '';
      return `${place.server} rejected the credentials of ${ctx} (401 Unauthorized${api})`;
    }
    case 'forbidden': {
      const api = err instanceof ApiStatusError && err.apiMessage ? `: ${bounded(err.apiMessage)}` : '';
      return `not allowed to ${what(place)} on ${place.server} (${ctx}, 403 Forbidden${api})`;
    }
    case 'not-found':
      return `${place.server} does not serve ${place.resource ?? 'this resource'} (${ctx}, 404 Not Found)`;
    case 'gone':
      return `the ${place.resource ?? 'object'} list on ${place.server} expired (${ctx}, 410 Gone); listing again`;
    case 'server':
      return `${place.server} answered ${message} when trying to ${what(place)} (${ctx})`;
    case 'credentials': {
      const code = errorCode(cause);
      const file = cause !== null && typeof cause === 'object' ? (cause as { path?: unknown }).path : undefined;
      if (code && typeof file === 'string') return `cannot read ${file} for ${ctx}: ${message}`;
      return `${message} (${ctx})`;
    }
    case 'config':
      return message;
    case 'stopped':
      return 'stopped';
    default:
      return `could not ${what(place)} on ${place.server} (${ctx}): ${message}`;
  }
}

/**
 * The same sentence as describeError, as a message the page says in its
 * language (cluster.error.*, errors.cluster.*); the OS's and the server's text
 * stays as written inside. Undefined only for a stopped source, which is never
 * reported, and for a kubeconfig error, whose text the page shows as written.
 */
export function errorSaid(err: unknown, place: ErrorPlace): Message | undefined {
  const cause = rootCause(err);
  const error = bounded(errorMessage(cause));
  const at = { server: place.server, context: place.context };
  const api = err instanceof ApiStatusError && err.apiMessage ? bounded(err.apiMessage) : '';
  switch (classifyError(err)) {
    case 'network':
      return message('cluster.error.network', { ...at, error });
    case 'tls': {
      const code = errorCode(cause) ?? '';
      return message('errors.cluster.tls', { ...at, explanation: tlsExplanationSaid(code, error), code: code || error });
    }
    case 'timeout':
      if (err instanceof WatchIdleError) {
        return message('errors.cluster.silent', { ...at, resource: place.resource ?? 'objects', seconds: secondsOf(err.idleMs) });
      }
      return message('cluster.error.timeout', { ...at, error });
    case 'dropped':
      return message('errors.cluster.dropped', { ...at, resource: place.resource ?? 'objects', error });
    case 'unauthorized':
      return api ? message('cluster.error.unauthorizedSaid', { ...at, api }) : message('cluster.error.unauthorized', at);
    case 'forbidden':
      return api ? message('errors.cluster.forbiddenSaid', { ...at, what: whatSaid(place), api }) : message('errors.cluster.forbidden', { ...at, what: whatSaid(place) });
    case 'not-found':
      return place.resource ? message('errors.cluster.notFound', { ...at, resource: place.resource }) : message('errors.cluster.notFoundAny', at);
    case 'gone':
      return place.resource ? message('errors.cluster.gone', { ...at, resource: place.resource }) : message('errors.cluster.goneAny', at);
    case 'server':
      return message('errors.cluster.server', { ...at, error, what: whatSaid(place) });
    case 'credentials': {
      const code = errorCode(cause);
      const file = cause !== null && typeof cause === 'object' ? (cause as { path?: unknown }).path : undefined;
      if (code && typeof file === 'string') return message('errors.cluster.fileUnreadable', { file, context: place.context, error });
      // A credential error of our own (an exec plugin's) says itself; the OS's or a plugin's text stays as written.
      return message('errors.cluster.credentials', { error: cause instanceof MessageError ? cause.said : error, context: place.context });
    }
    case 'config':
    case 'stopped':
      return undefined;
    default:
      return message('errors.cluster.other', { ...at, error, what: whatSaid(place) });
  }
}

/** what() as a message: the action and resource, in the page's language. */
function whatSaid(place: ErrorPlace): Message {
  if (!place.resource) return message('errors.what.contact');
  const watch = place.action === 'watch';
  return place.namespace
    ? message(watch ? 'errors.what.watchIn' : 'errors.what.listIn', { resource: place.resource, namespace: place.namespace })
    : message(watch ? 'errors.what.watch' : 'errors.what.list', { resource: place.resource });
}

const TLS_SAID: Record<string, 'errors.tls.notSigned' | 'errors.tls.selfSigned' | 'errors.tls.expired' | 'errors.tls.notYetValid' | 'errors.tls.altName' | 'errors.tls.notTls'> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'errors.tls.notSigned',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'errors.tls.notSigned',
  UNABLE_TO_GET_ISSUER_CERT: 'errors.tls.notSigned',
  SELF_SIGNED_CERT_IN_CHAIN: 'errors.tls.notSigned',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'errors.tls.selfSigned',
  CERT_HAS_EXPIRED: 'errors.tls.expired',
  CERT_NOT_YET_VALID: 'errors.tls.notYetValid',
  ERR_TLS_CERT_ALTNAME_INVALID: 'errors.tls.altName',
  ERR_SSL_WRONG_VERSION_NUMBER: 'errors.tls.notTls',
};

/** The TLS explanation of describeError, as a message. */
function tlsExplanationSaid(code: string, error: string): Message {
  const known = TLS_SAID[code];
  if (known) return message(known);
  if (code.includes('CERTIFICATE_REQUIRED')) return message('errors.tls.certRequired');
  if (code.includes('ALERT_BAD_CERTIFICATE') || code.includes('ALERT_UNKNOWN_CA') || code.includes('ALERT_CERTIFICATE')) return message('errors.tls.clientCertRefused');
  if (code.startsWith('ERR_OSSL_')) return message('errors.tls.keyUnloadable', { error });
  return message('errors.tls.asWritten', { error });
}

function secondsOf(ms: number): string {
  const s = ms / 1000;
  return Number.isInteger(s) ? String(s) : s.toFixed(1);
}

function tlsAlertExplanation(code: string): string | undefined {
  if (code.includes('CERTIFICATE_REQUIRED')) return 'the server requires a client certificate and the kubeconfig user has none';
  if (code.includes('ALERT_BAD_CERTIFICATE') || code.includes('ALERT_UNKNOWN_CA') || code.includes('ALERT_CERTIFICATE')) {
    return 'the server did not accept the client certificate';
  }
  return undefined;
}

/**
 * A server URL fit to show and log: user info (user:password@) removed, and its
 * query and fragment masked whole, since some setups put a token there
 * (https://host:6443/?token=…), even as a bare word (?s3cr3t).
 */
export function sanitizeServer(server: string): string {
  const mask = '***';
  try {
    const url = new URL(server);
    url.username = '';
    url.password = '';
    if (url.search) url.search = mask;
    if (url.hash) url.hash = mask;
    return url.toString().replace(/\/$/, '');
  } catch {
    return server.replace(/\/\/[^/@]*@/, '//').replace(/[?#].*$/s, `?${mask}`);
  }
}

export function formatSeconds(ms: number): string {
  const s = ms / 1000;
  return `${Number.isInteger(s) ? s : s.toFixed(1)} s`;
}
