// Runtime checks for every request that reaches a handler. The renderer is
// untrusted like everything else (a page could be compromised, a WebSocket
// client could be anything), so the static types of the contract are
// re-established here: a request of the wrong shape is refused with a
// sentence saying what was wrong, before any handler sees it.

import type { ExportFormat, InvokeChannel, InvokeRequest } from '../contract/api.ts';
import { isNamespaceName } from './filter.ts';
import { LANGS, message, MessageError, type Message } from '../i18n/message.ts';
import { readCallouts } from '../model/callouts.ts';

/** The English check inside a message of its own, so the page says that its request was refused in its language. */
export class RequestError extends MessageError {
  override name = 'RequestError';
  constructor(english: string, said: Message = message('errors.request.refused', { detail: english })) {
    super(said, english);
  }
}

// Kubernetes names as they may go into an API path (logs:open builds one): a
// DNS-1123 label (namespaces, containers: isNamespaceName's rule) or subdomain
// (pods). Only these letters, so no "/", "%", "." or ".." that a URL would read as a path.
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function kubeName(channel: string, value: unknown, field: 'namespace' | 'pod' | 'container'): string {
  const name = string(channel, value, field, MAX_NAME);
  const ok = field === 'pod' ? name.length <= 253 && DNS_SUBDOMAIN.test(name) : isNamespaceName(name);
  if (ok) return name;
  const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
  const rule =
    field === 'pod'
      ? 'lowercase letters, digits, "-" and "."; each part between dots starts and ends with a letter or digit; at most 253 characters'
      : 'lowercase letters, digits and "-", starting and ending with a letter or digit; at most 63 characters';
  const id = field === 'namespace' ? 'errors.request.badNamespace' : field === 'pod' ? 'errors.request.badPod' : 'errors.request.badContainer';
  throw new RequestError(`${channel}: ${field} "${shown}" is not a valid ${field} name (${rule})`, message(id, { channel, name: shown }));
}

/** The largest text or data a request may carry (a big snapshot, a PNG export). */
export const MAX_REQUEST_TEXT = 64 * 1024 * 1024;
const MAX_NAME = 1024;
const MAX_NAMESPACES = 10_000;
/** Kubernetes uids are 36 characters; the room left is for models built from snapshots with odd ones. */
const MAX_UID = 256;
/** The most log lines a page may ask for (a container keeps its last 10,000). */
const MAX_LOG_LINES = 10_000;

type Validator<C extends InvokeChannel> = (req: unknown) => InvokeRequest<C>;

function none(channel: string): (req: unknown) => void {
  return (req) => {
    // IPC and JSON turn "no argument" into undefined or null; anything else is a mistake.
    if (req !== undefined && req !== null) throw new RequestError(`${channel} takes no request, got ${describe(req)}`);
  };
}

function record(channel: string, req: unknown, keys: readonly string[]): Record<string, unknown> {
  if (typeof req !== 'object' || req === null || Array.isArray(req)) {
    throw new RequestError(`${channel} needs an object with ${keys.join(', ')}; got ${describe(req)}`);
  }
  const proto = Object.getPrototypeOf(req);
  if (proto !== Object.prototype && proto !== null) throw new RequestError(`${channel} needs a plain object`);
  for (const key of Object.keys(req)) {
    if (!keys.includes(key)) throw new RequestError(`${channel}: unexpected field "${key.slice(0, 64)}"`);
  }
  return req as Record<string, unknown>;
}

function string(channel: string, value: unknown, field: string, max: number, { empty = false } = {}): string {
  if (typeof value !== 'string') throw new RequestError(`${channel}: ${field} must be a string, got ${describe(value)}`);
  if (!empty && value.length === 0) throw new RequestError(`${channel}: ${field} must not be empty`);
  if (value.length > max) throw new RequestError(`${channel}: ${field} is too long (${value.length} characters; the limit is ${max})`);
  return value;
}

/** A count or a position: a whole number from 0. */
function wholeFromZero(channel: string, value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new RequestError(`${channel}: ${field} must be a whole number from 0, got ${describe(value)}`);
  return value;
}

function oneOf<T extends string>(channel: string, value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new RequestError(`${channel}: ${field} must be one of ${allowed.join(', ')}; got ${describe(value)}`);
  }
  return value as T;
}

const validators: { [C in InvokeChannel]: Validator<C> } = {
  'app:info': none('app:info'),
  'session:get': none('session:get'),
  'model:get': none('model:get'),
  'contexts:list': none('contexts:list'),
  'source:retry': none('source:retry'),
  'source:demo': none('source:demo'),
  'object:get': (req) => {
    const r = record('object:get', req, ['uid']);
    return { uid: string('object:get', r.uid, 'uid', MAX_UID) };
  },
  'image:get': (req) => {
    const r = record('image:get', req, ['podUid', 'container', 'ask']);
    const out: InvokeRequest<'image:get'> = { podUid: string('image:get', r.podUid, 'podUid', MAX_UID), container: string('image:get', r.container, 'container', MAX_NAME) };
    if (r.ask !== undefined && typeof r.ask !== 'boolean') throw new RequestError(`image:get: ask must be true or false, got ${describe(r.ask)}`);
    if (r.ask === true) out.ask = true;
    return out;
  },
  'events:get': (req) => {
    const r = record('events:get', req, ['kind', 'namespace', 'name', 'uid', 'container']);
    const out: InvokeRequest<'events:get'> = {
      kind: oneOf('events:get', r.kind, 'kind', ['Node', 'Pod', 'PersistentVolumeClaim', 'PersistentVolume'] as const),
      name: string('events:get', r.name, 'name', MAX_NAME),
    };
    if (r.namespace !== undefined) out.namespace = string('events:get', r.namespace, 'namespace', MAX_NAME);
    if (r.uid !== undefined) out.uid = string('events:get', r.uid, 'uid', MAX_UID);
    if (r.container !== undefined) out.container = string('events:get', r.container, 'container', MAX_NAME);
    return out;
  },
  'logs:open': (req) => {
    const c = 'logs:open';
    const r = record(c, req, ['namespace', 'pod', 'container', 'tailLines', 'previous', 'follow']);
    const tailLines = r.tailLines;
    if (typeof tailLines !== 'number' || !Number.isInteger(tailLines) || tailLines < 1 || tailLines > MAX_LOG_LINES) {
      throw new RequestError(`${c}: tailLines must be a whole number from 1 to ${MAX_LOG_LINES}, got ${describe(tailLines)}`);
    }
    for (const key of ['previous', 'follow'] as const) if (typeof r[key] !== 'boolean') throw new RequestError(`${c}: ${key} must be true or false, got ${describe(r[key])}`);
    return {
      namespace: kubeName(c, r.namespace, 'namespace'),
      pod: kubeName(c, r.pod, 'pod'),
      container: kubeName(c, r.container, 'container'),
      tailLines,
      previous: r.previous as boolean,
      follow: r.follow as boolean,
    };
  },
  'logs:read': (req) => {
    const r = record('logs:read', req, ['id', 'after', 'waitMs']);
    const after = wholeFromZero('logs:read', r.after, 'after');
    const waitMs = wholeFromZero('logs:read', r.waitMs, 'waitMs');
    return { id: string('logs:read', r.id, 'id', MAX_NAME), after, waitMs };
  },
  'logs:close': (req) => {
    const r = record('logs:close', req, ['id']);
    return { id: string('logs:close', r.id, 'id', MAX_NAME) };
  },
  'context:use': (req) => {
    const r = record('context:use', req, ['context']);
    return { context: string('context:use', r.context, 'context', MAX_NAME) };
  },
  'namespaces:set': (req) => {
    const r = record('namespaces:set', req, ['namespaces']);
    if (!Array.isArray(r.namespaces)) throw new RequestError(`namespaces:set: namespaces must be an array, got ${describe(r.namespaces)}`);
    if (r.namespaces.length > MAX_NAMESPACES) throw new RequestError(`namespaces:set: more than ${MAX_NAMESPACES} namespaces`);
    const namespaces = r.namespaces.map((ns: unknown) => {
      if (!isNamespaceName(ns)) throw new RequestError(`namespaces:set: ${describe(ns)} is not a valid namespace name`);
      return ns;
    });
    return { namespaces };
  },
  'snapshot:load': (req) => {
    const r = record('snapshot:load', req, ['name', 'text']);
    return {
      name: string('snapshot:load', r.name, 'name', MAX_NAME),
      text: string('snapshot:load', r.text, 'text', MAX_REQUEST_TEXT, { empty: true }),
    };
  },
  'snapshot:get': (req) => {
    const r = record('snapshot:get', req, ['format', 'callouts']);
    const out: InvokeRequest<'snapshot:get'> = { format: oneOf('snapshot:get', r.format, 'format', ['json', 'yaml'] as const) };
    if (r.callouts !== undefined) {
      // The same reading as a snapshot file's, but a page that sends a bad note is told, not quietly cut.
      const { callouts, problems } = readCallouts(r.callouts);
      if (problems.length > 0) throw new RequestError(`snapshot:get: ${problems[0]}`);
      out.callouts = callouts;
    }
    return out;
  },
  'file:save': (req) => {
    const r = record('file:save', req, ['suggestedName', 'kind', 'data', 'encoding']);
    return {
      suggestedName: string('file:save', r.suggestedName, 'suggestedName', 255),
      kind: oneOf<ExportFormat | 'snapshot'>('file:save', r.kind, 'kind', ['svg', 'png', 'snapshot']),
      data: string('file:save', r.data, 'data', MAX_REQUEST_TEXT * 2, { empty: true }),
      encoding: oneOf('file:save', r.encoding, 'encoding', ['utf8', 'base64'] as const),
    };
  },
  'link:open': (req) => {
    const r = record('link:open', req, ['href']);
    return { href: string('link:open', r.href, 'href', 2048) };
  },
  'menu:lang': (req) => {
    const r = record('menu:lang', req, ['lang']);
    return { lang: oneOf('menu:lang', r.lang, 'lang', LANGS) };
  },
  'replay:control': (req) => replayControl(req),
  'record:start': none('record:start'),
  'record:stop': none('record:stop'),
  'record:saved': none('record:saved'),
  'view:shown': (req) => {
    const r = record('view:shown', req, ['revision']);
    return { revision: wholeFromZero('view:shown', r.revision, 'revision') };
  },
};

function replayControl(req: unknown): InvokeRequest<'replay:control'> {
  const r = record('replay:control', req, ['action', 'by', 't', 'speed']);
  const action = oneOf('replay:control', r.action, 'action', ['play', 'pause', 'step', 'seek', 'speed'] as const);
  const number = (field: string, min: number, max: number): number => {
    const v = r[field];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) throw new RequestError(`replay:control: ${field} must be a number from ${min} to ${max}, got ${describe(v)}`);
    return v;
  };
  switch (action) {
    case 'play':
    case 'pause':
      return { action };
    case 'step':
      return { action, by: Math.trunc(number('by', -1e9, 1e9)) };
    case 'seek':
      return { action, t: number('t', 0, 1e12) };
    case 'speed':
      return { action, speed: number('speed', 0.01, 100) };
  }
}

/** Checks a request for `channel`; throws RequestError with a clear message when it has the wrong shape. */
export function validateRequest<C extends InvokeChannel>(channel: C, req: unknown): InvokeRequest<C> {
  return (validators[channel] as Validator<C>)(req);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `a string "${value.slice(0, 40)}…"` : `"${value}"`;
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value).slice(0, 40)}`;
}
