// Creates the main window: secure webPreferences, the saved size and place,
// shown once it has painted, and its size and place saved again as they change.

import { APP_ENTRY_URL } from './origin.ts';
import { secureWebPreferences, type SecureWebPreferences } from './security.ts';
import { initialBounds, loadWindowState, saveWindowState, type Rectangle, type StateFs, type WindowState, MIN_SIZE } from './window-state.ts';

export interface WindowOptionsLike {
  width: number;
  height: number;
  x?: number;
  y?: number;
  minWidth: number;
  minHeight: number;
  show: boolean;
  title: string;
  icon?: string;
  backgroundColor: string;
  webPreferences: SecureWebPreferences;
}

/** The parts of Electron's BrowserWindow used here. */
export interface WindowLike {
  readonly webContents: unknown;
  on(event: 'resize' | 'move' | 'maximize' | 'unmaximize' | 'close' | 'closed', listener: () => void): unknown;
  once(event: 'ready-to-show', listener: () => void): unknown;
  show(): void;
  maximize(): void;
  isMaximized(): boolean;
  isDestroyed(): boolean;
  getNormalBounds(): Rectangle;
  loadURL(url: string): Promise<void>;
}

export interface WindowDeps {
  BrowserWindow: new (options: WindowOptionsLike) => WindowLike;
  screen: { getAllDisplays(): { workArea: Rectangle }[] };
  fs: StateFs;
  log(message: string): void;
  setTimeout?: (fn: () => void, ms: number) => unknown;
  clearTimeout?: (handle: unknown) => void;
}

export interface MainWindowOptions {
  /** Absolute path of dist/main/preload.cjs. */
  preload: string;
  /** userData/window-state.json */
  stateFile: string;
  title: string;
  icon?: string;
  devTools?: boolean;
  url?: string;
}

const SAVE_DELAY_MS = 400;

export function createMainWindow(deps: WindowDeps, options: MainWindowOptions): WindowLike {
  const saved = loadWindowState(deps.fs, options.stateFile);
  const workAreas = deps.screen.getAllDisplays().map((d) => d.workArea);
  const start = initialBounds(saved, workAreas);
  const window = new deps.BrowserWindow({
    width: start.width,
    height: start.height,
    ...(start.x !== undefined && start.y !== undefined ? { x: start.x, y: start.y } : {}),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    show: false,
    title: options.title,
    ...(options.icon ? { icon: options.icon } : {}),
    // Neutral grey between the light and dark themes: no white flash in dark mode.
    backgroundColor: '#808080',
    webPreferences: secureWebPreferences(options.preload, { devTools: options.devTools ?? false }),
  });
  if (start.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  trackWindowState(window, deps, options.stateFile);
  window.loadURL(options.url ?? APP_ENTRY_URL).catch((error: unknown) => deps.log(`could not load the app page: ${String(error)}`));
  return window;
}

/** Saves the window's normal (unmaximized) bounds and maximized flag, debounced, and once more on close. */
export function trackWindowState(window: WindowLike, deps: WindowDeps, stateFile: string): void {
  const setT = deps.setTimeout ?? ((fn, ms) => setTimeout(fn, ms));
  const clearT = deps.clearTimeout ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
  let pending: unknown;
  const save = () => {
    pending = undefined;
    if (window.isDestroyed()) return;
    const state: WindowState = { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
    try {
      saveWindowState(deps.fs, stateFile, state);
    } catch (error) {
      deps.log(`could not save the window state: ${String(error)}`);
    }
  };
  const later = () => {
    if (pending !== undefined) clearT(pending);
    pending = setT(save, SAVE_DELAY_MS);
  };
  for (const event of ['resize', 'move', 'maximize', 'unmaximize'] as const) window.on(event, later);
  window.on('close', () => {
    if (pending !== undefined) clearT(pending);
    save();
  });
}
