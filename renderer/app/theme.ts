// Light and dark: follow the OS unless the user picked one, and remember the
// pick. The drawing's colours come from renderer/draw/theme.ts; the chrome
// takes the few it shares with the drawing (status colours, background) from
// there too, as CSS custom properties, so the legend always matches.

import { themeByName, type ThemeName } from '../draw/theme.ts';
import { readSetting, writeSetting } from './settings.ts';

export type { ThemeName };
export type ThemePreference = 'system' | ThemeName;

const KEY = 'theme';
// print: the paper theme (grey, status by pattern) as a view too, to see an export before making it.
export const THEME_PREFERENCES: readonly ThemePreference[] = ['system', 'light', 'dark', 'print'];

export function readThemePreference(): ThemePreference {
  return readSetting(KEY, THEME_PREFERENCES, 'system');
}

export function saveThemePreference(pref: ThemePreference): void {
  writeSetting(KEY, pref === 'system' ? null : pref);
}

export function effectiveTheme(pref: ThemePreference, systemDark: boolean): ThemeName {
  return pref === 'system' ? (systemDark ? 'dark' : 'light') : pref;
}

/**
 * The toggle flips what is shown. Landing back on what the OS asks for means
 * "follow the OS" again, so an override is only remembered while it differs.
 */
export function toggledPreference(pref: ThemePreference, systemDark: boolean): ThemePreference {
  const next: ThemeName = effectiveTheme(pref, systemDark) === 'dark' ? 'light' : 'dark';
  return next === (systemDark ? 'dark' : 'light') ? 'system' : next;
}

export function systemPrefersDark(win: Window): boolean {
  return !!win.matchMedia?.('(prefers-color-scheme: dark)').matches;
}

export function watchSystemTheme(win: Window, onChange: (dark: boolean) => void): () => void {
  const mq = win.matchMedia?.('(prefers-color-scheme: dark)');
  if (!mq) return () => {};
  const listener = (e: MediaQueryListEvent) => onChange(e.matches);
  mq.addEventListener('change', listener);
  return () => mq.removeEventListener('change', listener);
}

/** Sets data-theme on <html> and the shared colours as custom properties (CSSOM, allowed by the CSP). */
export function applyTheme(doc: Document, name: ThemeName): void {
  const theme = themeByName(name);
  const root = doc.documentElement;
  root.dataset.theme = name;
  const vars: Record<string, string> = {
    '--drawing-bg': theme.background,
    '--tone-ok': theme.status.ok,
    '--tone-pending': theme.status.pending,
    '--tone-failed': theme.status.failed,
    '--tone-done': theme.status.done,
    '--tone-unknown': theme.status.unknown,
    '--role-control-plane': theme.role['control-plane'],
    '--role-worker': theme.role.worker,
    '--shared-volume': theme.connectors[0] ?? theme.sharedVolume.stroke,
    '--shared-volume-fill': theme.sharedVolume.fill,
  };
  for (const [k, v] of Object.entries(vars)) root.style.setProperty(k, v);
}
