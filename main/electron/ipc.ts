// Registers the contract's invoke channels on ipcMain, one handler each, and
// nothing else. Every call is checked first: it must come from the main frame
// of our window, showing one of our pages. A call from anywhere else (a
// subframe, another page that got loaded somehow, a frame already gone) is
// refused and logged, and the handler never runs.

import { CHANNEL_PREFIX, INVOKE_CHANNELS, type EventChannel, type EventContract, type InvokeHandlers } from '../contract/api.ts';
import { enveloped } from '../contract/error.ts';
import { describe } from './links.ts';
import { isAppUrl } from './origin.ts';

/** The parts of Electron's WebFrameMain the check reads. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
  readonly detached?: boolean;
  readonly frameTreeNodeId?: number;
  isDestroyed?(): boolean;
}

export interface InvokeEventLike {
  readonly sender: unknown;
  readonly senderFrame: FrameLike | null;
}

export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEventLike, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

export interface TrustedContents {
  readonly id?: number;
  readonly mainFrame: FrameLike;
  isDestroyed(): boolean;
}

/**
 * The sender check for our window. `getContents` returns the window's
 * WebContents, or undefined while there is no window.
 */
export function createSenderCheck(getContents: () => TrustedContents | undefined) {
  return (event: InvokeEventLike): boolean => {
    const contents = getContents();
    if (!contents || contents.isDestroyed()) return false;
    if (event.sender !== contents) return false;
    const frame = event.senderFrame;
    if (!frame) return false; // navigated away or destroyed before we looked
    if (frame.isDestroyed?.() || frame.detached) return false;
    if (frame.parent !== null) return false;
    const main = contents.mainFrame;
    if (frame !== main && (frame.frameTreeNodeId === undefined || frame.frameTreeNodeId !== main.frameTreeNodeId)) return false;
    return isAppUrl(frame.url);
  };
}

export class RejectedSenderError extends Error {
  override name = 'RejectedSenderError';
}

/**
 * Registers one handler per contract channel (with the wire prefix). Returns
 * a function that removes them again. Throws when a channel has no handler, so
 * a missing one is a start-up error instead of a silent gap.
 */
export function registerIpc(
  ipcMain: IpcMainLike,
  handlers: InvokeHandlers,
  isTrustedSender: (event: InvokeEventLike) => boolean,
  log: (message: string) => void = () => {},
): () => void {
  const table = handlers as unknown as Record<string, unknown>;
  for (const channel of INVOKE_CHANNELS) {
    if (!Object.hasOwn(table, channel) || typeof table[channel] !== 'function') {
      throw new Error(`no handler for the contract channel ${channel}`);
    }
  }
  const registered: string[] = [];
  for (const channel of INVOKE_CHANNELS) {
    const handler = table[channel] as (req: unknown) => unknown;
    const wire = CHANNEL_PREFIX + channel;
    ipcMain.handle(wire, async (event, req) => {
      let trusted = false;
      try {
        trusted = isTrustedSender(event);
      } catch {
        trusted = false;
      }
      if (!trusted) {
        log(`ipc: refused ${wire} from ${describe(safeUrl(event))}`);
        throw new RejectedSenderError(`${wire}: caller is not the app window`);
      }
      // A reply envelope: a thrown error would reach the page as its English message alone, without the words the page says.
      return enveloped(() => handler(req));
    });
    registered.push(wire);
  }
  return () => {
    for (const wire of registered) ipcMain.removeHandler(wire);
  };
}

function safeUrl(event: InvokeEventLike): string {
  try {
    return event.senderFrame?.url ?? '(no frame)';
  } catch {
    return '(frame unavailable)';
  }
}

export interface SendableContents {
  isDestroyed(): boolean;
  getURL(): string;
  send(channel: string, ...args: unknown[]): void;
}

/**
 * Pushes a contract event to our window, and only while it shows one of our
 * pages: the model never goes to a page we did not load.
 */
export function createEventSender(getContents: () => SendableContents | undefined) {
  return <E extends EventChannel>(event: E, payload: EventContract[E]): boolean => {
    const contents = getContents();
    if (!contents || contents.isDestroyed() || !isAppUrl(contents.getURL())) return false;
    contents.send(CHANNEL_PREFIX + event, payload);
    return true;
  };
}

/**
 * A handler table that waits for the real one: the window can open (and the
 * page start calling) while the session is still being set up.
 */
export function deferHandlers(ready: Promise<InvokeHandlers>): InvokeHandlers {
  // A failed start-up is reported by whoever awaits `ready`; callers just see the rejection.
  ready.catch(() => {});
  const table: Record<string, (req: unknown) => Promise<unknown>> = {};
  for (const channel of INVOKE_CHANNELS) {
    table[channel] = async (req) => ((await ready)[channel] as (req: unknown) => unknown)(req);
  }
  return table as unknown as InvokeHandlers;
}
