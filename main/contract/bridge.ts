// Builds the renderer's API object from the contract over any transport. The
// Electron preload passes an ipcRenderer-backed transport, the browser mode a
// WebSocket-backed one; the page gets the same object either way and never
// sees the transport itself.

import {
  CHANNEL_PREFIX,
  isEventChannel,
  isInvokeChannel,
  type AnatomyApi,
  type EventChannel,
  type EventContract,
  type InvokeChannel,
} from './api.ts';
import { rejectionError } from './error.ts';
import { message, MessageError } from '../i18n/index.ts';

export interface BridgeTransport {
  /** Sends a call on the wire channel (already prefixed) and resolves with the reply. */
  invoke(wireChannel: string, payload: unknown): Promise<unknown>;
  /** Subscribes to a wire event channel; returns an unsubscribe function. */
  subscribe(wireChannel: string, listener: (payload: unknown) => void): () => void;
}

export function wireChannel(channel: InvokeChannel | EventChannel): string {
  return CHANNEL_PREFIX + channel;
}

/** Strips the prefix from a wire channel name; undefined when it is not ours. */
export function contractChannel(wire: unknown): string | undefined {
  if (typeof wire !== 'string' || !wire.startsWith(CHANNEL_PREFIX)) return undefined;
  return wire.slice(CHANNEL_PREFIX.length);
}

export function createApi(transport: BridgeTransport, shell: AnatomyApi['shell']): AnatomyApi {
  const api: AnatomyApi = {
    shell,
    invoke(channel: InvokeChannel, ...req: unknown[]) {
      if (!isInvokeChannel(channel)) {
        const name = String(channel).slice(0, 64);
        return Promise.reject(new MessageError(message('errors.api.unknownCall', { channel: name }), `unknown API call: ${name}`));
      }
      return transport.invoke(wireChannel(channel), req[0]) as Promise<never>;
    },
    on<E extends EventChannel>(event: E, listener: (payload: EventContract[E]) => void) {
      if (!isEventChannel(event)) throw new Error(`unknown API event: ${String(event)}`);
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      // Wrap so the transport never hands the page anything but the payload.
      return transport.subscribe(wireChannel(event), (payload) => listener(payload as EventContract[E]));
    },
  } as AnatomyApi;
  return Object.freeze(api);
}

/**
 * The API as the page uses it: every failed call a MessageError, checked
 * (main/contract/error.ts), whichever shell made the API. Electron's preload
 * hands a failure over the context bridge as data, which only the page's own
 * world can turn into its MessageError class.
 */
export function pageApi(api: AnatomyApi): AnatomyApi {
  const page = {
    shell: api.shell,
    invoke: (channel: InvokeChannel, ...req: unknown[]) =>
      (api.invoke as (c: InvokeChannel, ...r: unknown[]) => Promise<unknown>)(channel, ...req).catch((error: unknown) => Promise.reject(rejectionError(error))),
    on: <E extends EventChannel>(event: E, listener: (payload: EventContract[E]) => void) => api.on(event, listener),
  } as AnatomyApi;
  return Object.freeze(page);
}
