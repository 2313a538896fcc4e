// The main window's size, position and maximized flag, kept in userData as
// JSON between runs. The file is read as untrusted input, and a saved position
// is used only if the window would still be visible on a display connected
// now, so an unplugged monitor never leaves the window off-screen.

import fs from 'node:fs';
import path from 'node:path';
import { PRIVATE_MODE, writeFileAtomicSync, type AtomicWriteOptions } from '../files/atomic-write.ts';

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

/** The window's bounds for BrowserWindow: a size always, a position only when it is safe. */
export interface InitialBounds {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

export const DEFAULT_SIZE = { width: 1280, height: 860 } as const;
export const MIN_SIZE = { width: 640, height: 420 } as const;
const MAX_COORDINATE = 100_000;
const MAX_STATE_FILE_BYTES = 4096;
/** How much of the title bar must lie on a display for a saved position to count. */
const MIN_VISIBLE = { width: 120, height: 40 } as const;

function isInt(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
}

/** Parses the state file's text; undefined for anything but a well-formed state. */
export function parseWindowState(text: unknown): WindowState | undefined {
  if (typeof text !== 'string' || text.length > MAX_STATE_FILE_BYTES) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const bounds = (raw as { bounds?: unknown }).bounds;
  const maximized = (raw as { maximized?: unknown }).maximized;
  if (typeof bounds !== 'object' || bounds === null) return undefined;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (!isInt(x, -MAX_COORDINATE, MAX_COORDINATE) || !isInt(y, -MAX_COORDINATE, MAX_COORDINATE)) return undefined;
  if (!isInt(width, MIN_SIZE.width, MAX_COORDINATE) || !isInt(height, MIN_SIZE.height, MAX_COORDINATE)) return undefined;
  return { bounds: { x, y, width, height }, maximized: maximized === true };
}

export function serializeWindowState(state: WindowState): string {
  const { x, y, width, height } = state.bounds;
  return `${JSON.stringify({ bounds: { x, y, width, height }, maximized: state.maximized }, null, 2)}\n`;
}

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  return {
    width: Math.max(0, Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x)),
    height: Math.max(0, Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y)),
  };
}

/**
 * Where to open the window, given the saved state (if any) and the work areas
 * of the displays connected now. The size is shrunk to the largest display; the
 * position is kept only if the top strip of the window (where the title bar is)
 * lies visibly on one display, else the window system centres it.
 */
export function initialBounds(saved: WindowState | undefined, workAreas: readonly Rectangle[]): InitialBounds {
  const largest = workAreas.reduce<Rectangle | undefined>((best, a) => (!best || a.width * a.height > best.width * best.height ? a : best), undefined);
  const clampW = (w: number) => (largest ? Math.max(MIN_SIZE.width, Math.min(w, largest.width)) : w);
  const clampH = (h: number) => (largest ? Math.max(MIN_SIZE.height, Math.min(h, largest.height)) : h);
  if (!saved) return { width: clampW(DEFAULT_SIZE.width), height: clampH(DEFAULT_SIZE.height), maximized: false };

  const width = clampW(saved.bounds.width);
  const height = clampH(saved.bounds.height);
  const titleStrip: Rectangle = { x: saved.bounds.x, y: saved.bounds.y, width, height: MIN_VISIBLE.height };
  const visible = workAreas.some((area) => {
    const o = overlap(titleStrip, area);
    return o.width >= Math.min(MIN_VISIBLE.width, width) && o.height >= MIN_VISIBLE.height;
  });
  return visible
    ? { x: saved.bounds.x, y: saved.bounds.y, width, height, maximized: saved.maximized }
    : { width, height, maximized: saved.maximized };
}

export interface StateFs {
  readFileSync(file: string, encoding: 'utf8'): string;
  /** Replaces the file in one step, never through a planted link (main/files/atomic-write.ts). */
  writeFileAtomicSync(file: string, data: string, options: AtomicWriteOptions): void;
  mkdirSync(dir: string, options: { recursive: true }): unknown;
}

/** The real file system, for the app. */
export const nodeStateFs: StateFs = {
  readFileSync: (file, encoding) => fs.readFileSync(file, encoding),
  writeFileAtomicSync,
  mkdirSync: (dir, options) => fs.mkdirSync(dir, options),
};

export function loadWindowState(fs: StateFs, file: string): WindowState | undefined {
  try {
    return parseWindowState(fs.readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Synchronous on purpose: the last save happens while the window closes, when
 * the process may be gone before an async write lands. The file is tiny.
 * Private: only this user's app has any business reading it.
 */
export function saveWindowState(fs: StateFs, file: string, state: WindowState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileAtomicSync(file, serializeWindowState(state), { mode: PRIVATE_MODE });
}
