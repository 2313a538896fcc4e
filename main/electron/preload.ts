// The one preload script (bundled to dist/main/preload.cjs). It runs sandboxed,
// where `require` only knows a few modules, so everything it needs from the
// contract is bundled in and Electron is its only import.

import { contextBridge, ipcRenderer } from 'electron';
import { exposeApi } from './preload-api.ts';

exposeApi(contextBridge, ipcRenderer);
