// What the preload does, with Electron's modules passed in: build the one API
// object from the contract over ipcRenderer and hand it to the page through
// the context bridge. The page never gets ipcRenderer itself, and event
// listeners get the payload only, never the IpcRendererEvent (whose `sender`
// is ipcRenderer).

import { API_GLOBAL, type AnatomyApi } from '../contract/api.ts';
import { createApi, type BridgeTransport } from '../contract/bridge.ts';
import { openEnvelope } from '../contract/error.ts';

export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export interface ContextBridgeLike {
  exposeInMainWorld(apiKey: string, api: unknown): void;
}

export function ipcTransport(ipcRenderer: IpcRendererLike): BridgeTransport {
  return {
    // The main process answers with an envelope (main/electron/ipc.ts): its error is data the page checks.
    invoke: async (wireChannel, payload) => openEnvelope(await (payload === undefined ? ipcRenderer.invoke(wireChannel) : ipcRenderer.invoke(wireChannel, payload))),
    subscribe(wireChannel, listener) {
      const wrapped = (_event: unknown, payload: unknown) => listener(payload);
      ipcRenderer.on(wireChannel, wrapped);
      return () => {
        ipcRenderer.removeListener(wireChannel, wrapped);
      };
    },
  };
}

export function exposeApi(contextBridge: ContextBridgeLike, ipcRenderer: IpcRendererLike): AnatomyApi {
  const api = createApi(ipcTransport(ipcRenderer), 'electron');
  contextBridge.exposeInMainWorld(API_GLOBAL, api);
  return api;
}
