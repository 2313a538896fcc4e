// The session's public face: open one with the real modules, and the handler
// tables the shells register.

import { defaultDeps } from './default-deps.ts';
import { Session, type SessionOptions } from './session.ts';

export { Session } from './session.ts';
export type { SessionEvents, SessionOptions, ViewUpdate } from './session.ts';
export { appInfo, createHandlers, createSessionHandlers, validated } from './handlers.ts';
export type { SessionChannel, SessionHandlers, ShellChannel, ShellHandlers } from './handlers.ts';
export { RequestError, validateRequest } from './validate.ts';
export { isNamespaceName, filterByNamespace, normalizeNamespaces } from './filter.ts';
export type { ObjectSource, SourceHandlers } from '../source/object-source.ts';

/** Opens a session on the source the options name, using the real model, snapshot and cluster modules. */
export function openSession(options: SessionOptions): Promise<Session> {
  return Session.open(options, defaultDeps);
}
