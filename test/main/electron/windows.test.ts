import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { APP_ENTRY_URL } from '../../../main/electron/origin.ts';
import type { Rectangle, StateFs } from '../../../main/electron/window-state.ts';
import { createMainWindow, type WindowDeps, type WindowOptionsLike } from '../../../main/electron/windows.ts';
import { Emitting } from './stand-ins.ts';

class MemoryFs implements StateFs {
  files = new Map<string, string>();
  readFileSync(file: string): string {
    const text = this.files.get(file);
    if (text === undefined) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    return text;
  }
  writeFileAtomicSync(file: string, data: string): void {
    this.files.set(file, data);
  }
  mkdirSync(): void {}
}

class FakeWindow extends Emitting {
  static created: FakeWindow[] = [];
  readonly options: WindowOptionsLike;
  readonly webContents = {};
  shown = false;
  maximized = false;
  loaded?: string;
  bounds: Rectangle;
  constructor(options: WindowOptionsLike) {
    super();
    this.options = options;
    this.bounds = { x: options.x ?? 0, y: options.y ?? 0, width: options.width, height: options.height };
    FakeWindow.created.push(this);
  }
  show() {
    this.shown = true;
  }
  maximize() {
    this.maximized = true;
  }
  isMaximized() {
    return this.maximized;
  }
  isDestroyed() {
    return false;
  }
  getNormalBounds() {
    return this.bounds;
  }
  async loadURL(url: string) {
    this.loaded = url;
  }
}

function deps(fs: MemoryFs, displays: Rectangle[]) {
  const timers: (() => void)[] = [];
  const d: WindowDeps = {
    BrowserWindow: FakeWindow,
    screen: { getAllDisplays: () => displays.map((workArea) => ({ workArea })) },
    fs,
    log: () => {},
    setTimeout: (fn) => timers.push(fn),
    clearTimeout: () => {},
  };
  return { d, timers };
}

const STATE = '/user-data/window-state.json';
const laptop: Rectangle = { x: 0, y: 0, width: 1440, height: 875 };

describe('createMainWindow', () => {
  it('creates a hidden window with the secure webPreferences and loads the app page', () => {
    const { d } = deps(new MemoryFs(), [laptop]);
    const window = createMainWindow(d, { preload: '/app/dist/main/preload.cjs', stateFile: STATE, title: 'Kube Anatomy' }) as unknown as FakeWindow;
    const prefs = window.options.webPreferences;
    assert.equal(window.options.show, false);
    assert.match(prefs.preload, /preload\.cjs$/);
    assert.equal(prefs.contextIsolation, true);
    assert.equal(prefs.sandbox, true);
    assert.equal(prefs.nodeIntegration, false);
    assert.equal(prefs.nodeIntegrationInWorker, false);
    assert.equal(prefs.webSecurity, true);
    assert.equal(prefs.allowRunningInsecureContent, false);
    assert.equal(prefs.experimentalFeatures, false);
    assert.equal(prefs.navigateOnDragDrop, false);
    assert.equal(prefs.spellcheck, false);
    assert.equal(prefs.devTools, false);
    assert.equal(window.loaded, APP_ENTRY_URL);
    assert.equal(window.shown, false);
    window.emit('ready-to-show');
    assert.equal(window.shown, true);
  });

  it('restores a saved state and saves changes (debounced and on close)', () => {
    const fs = new MemoryFs();
    fs.files.set(STATE, JSON.stringify({ bounds: { x: 100, y: 50, width: 1000, height: 700 }, maximized: true }));
    const { d, timers } = deps(fs, [laptop]);
    const window = createMainWindow(d, { preload: '/p/preload.cjs', stateFile: STATE, title: 'K' }) as unknown as FakeWindow;
    assert.deepEqual([window.options.x, window.options.y, window.options.width, window.options.height], [100, 50, 1000, 700]);
    assert.equal(window.maximized, true);

    window.bounds = { x: 200, y: 60, width: 900, height: 650 };
    window.maximized = false;
    window.emit('resize');
    assert.equal(timers.length, 1);
    timers[0]();
    assert.deepEqual(JSON.parse(fs.files.get(STATE)!), { bounds: { x: 200, y: 60, width: 900, height: 650 }, maximized: false });

    window.bounds = { x: 300, y: 70, width: 900, height: 650 };
    window.emit('close');
    assert.equal(JSON.parse(fs.files.get(STATE)!).bounds.x, 300);
  });

  it('does not place the window off-screen from a stale state file', () => {
    const fs = new MemoryFs();
    fs.files.set(STATE, JSON.stringify({ bounds: { x: 3000, y: 200, width: 1000, height: 700 }, maximized: false }));
    const { d } = deps(fs, [laptop]);
    const window = createMainWindow(d, { preload: '/p/preload.cjs', stateFile: STATE, title: 'K' }) as unknown as FakeWindow;
    assert.equal(window.options.x, undefined);
    assert.equal(window.options.y, undefined);
    assert.equal(window.options.width, 1000);
  });

  it('ignores a garbage state file', () => {
    const fs = new MemoryFs();
    fs.files.set(STATE, '{"bounds":{"x":"<script>","y":0,"width":-5,"height":600}}');
    const { d } = deps(fs, [laptop]);
    const window = createMainWindow(d, { preload: '/p/preload.cjs', stateFile: STATE, title: 'K' }) as unknown as FakeWindow;
    assert.equal(window.options.x, undefined);
    assert.equal(window.options.width, 1280);
    assert.equal(window.maximized, false);
  });
});
