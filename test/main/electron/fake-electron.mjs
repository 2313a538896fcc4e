// A stand-in for the `electron` module, for running the bundled main process
// (dist-style electron.mjs) in plain Node. It implements just what
// main/electron/main.ts touches and records everything in `state`.

import { EventEmitter } from 'node:events';

export const state = {
  privileged: [],
  sandboxEnabled: false,
  lockRequested: false,
  paths: {},
  windows: [],
  protocolHandlers: new Map(),
  ipc: new Map(),
  menu: undefined,
  errorBoxes: [],
  opened: [],
  session: {},
  quitted: false,
  exitCode: undefined,
  created: [],
};

let resolveReady;
let isReady = false;
const ready = new Promise((resolve) => {
  resolveReady = resolve;
});
export function fireReady() {
  isReady = true;
  resolveReady();
}

class PreventableEvent {
  defaultPrevented = false;
  preventDefault() {
    this.defaultPrevented = true;
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  setPath(name, value) {
    state.paths[name] = value;
  }
  getPath(name) {
    return state.paths[name] ?? `/fake-electron/${name}`;
  }
  getAppPath() {
    return process.cwd();
  }
  enableSandbox() {
    state.sandboxEnabled = true;
  }
  requestSingleInstanceLock() {
    state.lockRequested = true;
    return true;
  }
  whenReady() {
    return ready;
  }
  isReady() {
    return isReady;
  }
  quit() {
    const event = new PreventableEvent();
    this.emit('before-quit', event);
    if (!event.defaultPrevented) state.quitted = true;
  }
  exit(code) {
    state.exitCode = code;
  }
}
export const app = new FakeApp();

let nextId = 1;
class FakeWebContents extends EventEmitter {
  constructor() {
    super();
    this.id = nextId++;
    this.url = '';
    this.sent = [];
    this.destroyed = false;
    const contents = this;
    this.mainFrame = {
      get url() {
        return contents.url;
      },
      parent: null,
      detached: false,
      frameTreeNodeId: 1000 + this.id,
      isDestroyed: () => contents.destroyed,
    };
  }
  getURL() {
    return this.url;
  }
  isDestroyed() {
    return this.destroyed;
  }
  send(channel, ...args) {
    this.sent.push({ channel, args });
  }
  setWindowOpenHandler(handler) {
    this.windowOpenHandler = handler;
  }
}

export class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.webContents = new FakeWebContents();
    this.maximized = false;
    this.destroyed = false;
    state.windows.push(this);
    app.emit('web-contents-created', new PreventableEvent(), this.webContents);
  }
  static getAllWindows() {
    return state.windows.filter((w) => !w.destroyed);
  }
  async loadURL(url) {
    this.webContents.url = url;
  }
  show() {}
  focus() {}
  restore() {}
  isMinimized() {
    return false;
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  isDestroyed() {
    return this.destroyed;
  }
  getNormalBounds() {
    return { x: 0, y: 0, width: this.options.width, height: this.options.height };
  }
}

export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    state.privileged.push(...schemes);
  },
  handle(scheme, handler) {
    state.protocolHandlers.set(scheme, handler);
  },
};

export const ipcMain = {
  handle(channel, listener) {
    if (state.ipc.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    state.ipc.set(channel, listener);
  },
  removeHandler(channel) {
    state.ipc.delete(channel);
  },
};

export const Menu = {
  buildFromTemplate(template) {
    return { template };
  },
  setApplicationMenu(menu) {
    state.menu = menu;
  },
};

export const dialog = {
  async showSaveDialog() {
    return { canceled: true };
  },
  showErrorBox(title, message) {
    state.errorBoxes.push({ title, message });
  },
};

export const screen = {
  getAllDisplays() {
    return [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }];
  },
};

export const session = {
  defaultSession: {
    setPermissionRequestHandler(handler) {
      state.session.request = handler;
    },
    setPermissionCheckHandler(handler) {
      state.session.check = handler;
    },
    setDevicePermissionHandler(handler) {
      state.session.device = handler;
    },
    webRequest: {
      onBeforeRequest(filter, listener) {
        state.session.blocked = filter.urls;
        state.session.beforeRequest = listener;
      },
    },
  },
};

export const shell = {
  async openExternal(url) {
    state.opened.push(url);
  },
};

export default { app, BrowserWindow, protocol, ipcMain, Menu, dialog, screen, session, shell };
