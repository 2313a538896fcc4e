// The contract's handlers for everything that does not depend on the shell.
// The Electron main process and the browser-mode server each add the
// shell-specific channels (file:save, link:open, menu:lang) and register the lot.

import type { AppInfo, InvokeChannel, InvokeHandlers } from '../contract/api.ts';
import { VERSION } from './version.ts';
import type { Session } from './session.ts';
import { validateRequest } from './validate.ts';

export type ShellChannel = 'file:save' | 'link:open' | 'menu:lang';
export type SessionChannel = Exclude<InvokeChannel, ShellChannel>;
export type SessionHandlers = Pick<InvokeHandlers, SessionChannel>;
export type ShellHandlers = Pick<InvokeHandlers, ShellChannel>;

export function appInfo(shell: AppInfo['shell']): AppInfo {
  return { name: 'Kube Anatomy', version: VERSION, shell, platform: process.platform };
}

/** Handlers for the shell-independent channels, each behind the runtime request check. */
export function createSessionHandlers(session: Session, shell: AppInfo['shell']): SessionHandlers {
  return validated<SessionHandlers>({
    'app:info': () => appInfo(shell),
    'session:get': () => session.state(),
    'model:get': () => session.viewModel(),
    'object:get': ({ uid }) => session.object(uid),
    'image:get': (req) => session.image(req),
    'events:get': (target) => session.eventsOf(target),
    'logs:open': (req) => session.logs.open(req),
    'logs:read': (req) => session.logs.read(req),
    'logs:close': ({ id }) => session.logs.close(id),
    'contexts:list': () => session.listContexts(),
    'context:use': ({ context }) => session.useContext(context),
    'namespaces:set': ({ namespaces }) => session.setNamespaces(namespaces),
    'source:retry': () => session.retry(),
    'source:demo': () => session.showDemo(),
    'snapshot:load': ({ name, text }) => session.loadSnapshotText(name, text),
    'snapshot:get': ({ format, callouts }) => session.snapshot(format, callouts),
    'replay:control': (control) => session.replay(control),
    'record:start': () => session.startRecording(),
    'record:stop': () => session.stopRecording(),
    'record:saved': () => session.recordingSaved(),
    'view:shown': ({ revision }) => session.viewShown(revision),
  });
}

/**
 * The full handler table: session handlers plus the shell's, every one behind
 * the runtime request check. A handler never sees a request of the wrong shape.
 */
export function createHandlers(session: Session, shell: AppInfo['shell'], shellHandlers: ShellHandlers): InvokeHandlers {
  return { ...createSessionHandlers(session, shell), ...validated(shellHandlers) };
}

/** Wraps each handler of a (partial) table so it first checks its request with validateRequest. */
export function validated<T extends Partial<InvokeHandlers>>(handlers: T): T {
  const out: Partial<Record<InvokeChannel, unknown>> = {};
  for (const channel of Object.keys(handlers) as InvokeChannel[]) {
    const handler = handlers[channel] as (req: unknown) => unknown;
    // async: a validation error becomes a rejected promise, never a synchronous throw.
    out[channel] = async (req: unknown) => handler(validateRequest(channel, req));
  }
  return out as T;
}
