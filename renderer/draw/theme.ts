// Colours and fonts as data. The drawing writes them as attributes, so an
// exported SVG carries its own look and needs no stylesheet.

import type { StatusTone, Tone } from '../layout/types.ts';

/** print: white, grayscale-safe, status told by a pattern as well as a colour (paper, photocopies). */
export type ThemeName = 'light' | 'dark' | 'print';

export const THEME_NAMES: readonly ThemeName[] = ['light', 'dark', 'print'];

export interface SurfaceColors {
  fill: string;
  stroke: string;
}

export interface Theme {
  name: ThemeName;
  fontFamily: string;
  background: string;
  band: SurfaceColors;
  controlPlaneBand: SurfaceColors;
  node: SurfaceColors;
  pod: SurfaceColors;
  container: SurfaceColors;
  volume: SurfaceColors;
  sharedVolume: SurfaceColors;
  /** Text colour per tone (status tones use their foreground). */
  text: Record<Tone, string>;
  /** Solid colour of a status (stripes, tiles, dots). */
  status: Record<StatusTone, string>;
  /** Soft background of a status pill. */
  statusSoft: Record<StatusTone, string>;
  /** Pill backgrounds for the non-status tones. */
  pillSoft: { accent: string; muted: string; ip: string; other: string };
  /** Role accents on a node's top edge. */
  role: { 'control-plane': string; worker: string };
  /** Shared-volume connector colours, cycled by lane. */
  connectors: string[];
  /**
   * Status marks (tiles, stripes) filled with a pattern per status as well as
   * its colour (renderer/draw/status-marks.ts), so grey paper still tells them apart.
   */
  statusPatterns?: boolean;
}

export const FONT_FAMILY = "Pretendard, 'Noto Sans KR', 'Apple SD Gothic Neo', system-ui, sans-serif";

export const LIGHT: Theme = {
  name: 'light',
  fontFamily: FONT_FAMILY,
  background: '#ffffff',
  band: { fill: '#f5f7fa', stroke: '#e4e8ee' },
  controlPlaneBand: { fill: '#f4f3fd', stroke: '#e2e0f7' },
  node: { fill: '#ffffff', stroke: '#cfd6e0' },
  pod: { fill: '#f8fafc', stroke: '#d6dde7' },
  container: { fill: '#ffffff', stroke: '#e1e6ed' },
  volume: { fill: '#eef2f6', stroke: '#eef2f6' },
  sharedVolume: { fill: '#eef2ff', stroke: '#c7d2fe' },
  text: {
    title: '#0f172a',
    text: '#334155',
    muted: '#64748b',
    accent: '#4338ca',
    ip: '#0369a1',
    warning: '#b45309',
    ok: '#15803d',
    pending: '#b45309',
    failed: '#b91c1c',
    done: '#475569',
    unknown: '#6b21a8',
  },
  status: { ok: '#22c55e', pending: '#f59e0b', failed: '#ef4444', done: '#94a3b8', unknown: '#a855f7' },
  statusSoft: { ok: '#dcfce7', pending: '#fef3c7', failed: '#fee2e2', done: '#eef1f5', unknown: '#f3e8ff' },
  pillSoft: { accent: '#e0e7ff', muted: '#eef1f5', ip: '#e0f2fe', other: '#eef1f5' },
  role: { 'control-plane': '#6366f1', worker: '#0ea5e9' },
  connectors: ['#6366f1', '#0d9488', '#db2777', '#ca8a04'],
};

export const DARK: Theme = {
  name: 'dark',
  fontFamily: FONT_FAMILY,
  background: '#0b1120',
  band: { fill: '#111827', stroke: '#1f2a3c' },
  controlPlaneBand: { fill: '#15142b', stroke: '#2a2850' },
  node: { fill: '#0f172a', stroke: '#334155' },
  pod: { fill: '#152033', stroke: '#2b3a52' },
  container: { fill: '#0f1a2c', stroke: '#2a3950' },
  volume: { fill: '#1b2638', stroke: '#1b2638' },
  sharedVolume: { fill: '#1e1f45', stroke: '#4f46e5' },
  text: {
    title: '#f1f5f9',
    text: '#cbd5e1',
    muted: '#94a3b8',
    accent: '#a5b4fc',
    ip: '#7dd3fc',
    warning: '#fbbf24',
    ok: '#4ade80',
    pending: '#fbbf24',
    failed: '#f87171',
    done: '#cbd5e1',
    unknown: '#d8b4fe',
  },
  status: { ok: '#22c55e', pending: '#f59e0b', failed: '#ef4444', done: '#64748b', unknown: '#a855f7' },
  statusSoft: { ok: '#0f3320', pending: '#3a2a0a', failed: '#3f1414', done: '#1f2937', unknown: '#2e1846' },
  pillSoft: { accent: '#272a5c', muted: '#1f2937', ip: '#0c2c44', other: '#1f2937' },
  role: { 'control-plane': '#818cf8', worker: '#38bdf8' },
  connectors: ['#818cf8', '#2dd4bf', '#f472b6', '#facc15'],
};

// Greys only, with luminances far enough apart to survive a photocopier; the
// status is carried by the pattern first (status-marks.ts), the grey second.
export const PRINT: Theme = {
  name: 'print',
  fontFamily: FONT_FAMILY,
  background: '#ffffff',
  band: { fill: '#ffffff', stroke: '#9a9a9a' },
  controlPlaneBand: { fill: '#f2f2f2', stroke: '#7a7a7a' },
  node: { fill: '#ffffff', stroke: '#5c5c5c' },
  pod: { fill: '#ffffff', stroke: '#8c8c8c' },
  container: { fill: '#ffffff', stroke: '#b0b0b0' },
  volume: { fill: '#ededed', stroke: '#ededed' },
  sharedVolume: { fill: '#ffffff', stroke: '#1a1a1a' },
  text: {
    title: '#000000',
    text: '#1a1a1a',
    muted: '#4d4d4d',
    accent: '#000000',
    ip: '#1a1a1a',
    warning: '#000000',
    ok: '#1a1a1a',
    pending: '#1a1a1a',
    failed: '#000000',
    done: '#4d4d4d',
    unknown: '#1a1a1a',
  },
  status: { ok: '#3a3a3a', pending: '#8a8a8a', failed: '#000000', done: '#c4c4c4', unknown: '#6a6a6a' },
  statusSoft: { ok: '#ffffff', pending: '#ffffff', failed: '#ffffff', done: '#ffffff', unknown: '#ffffff' },
  pillSoft: { accent: '#f2f2f2', muted: '#f2f2f2', ip: '#ffffff', other: '#f2f2f2' },
  role: { 'control-plane': '#000000', worker: '#8c8c8c' },
  connectors: ['#000000', '#4d4d4d', '#000000', '#4d4d4d'],
  statusPatterns: true,
};

export function themeByName(name: unknown): Theme {
  return name === 'dark' ? DARK : name === 'print' ? PRINT : LIGHT;
}

export function isThemeName(value: unknown): value is ThemeName {
  return typeof value === 'string' && (THEME_NAMES as readonly string[]).includes(value);
}

const STATUS_TONES = new Set<string>(['ok', 'pending', 'failed', 'done', 'unknown']);

export function isStatusTone(tone: Tone): tone is StatusTone {
  return STATUS_TONES.has(tone);
}

export function pillColors(theme: Theme, tone: Tone): { fill: string; text: string } {
  if (isStatusTone(tone)) return { fill: theme.statusSoft[tone], text: theme.text[tone] };
  if (tone === 'accent') return { fill: theme.pillSoft.accent, text: theme.text.accent };
  if (tone === 'ip') return { fill: theme.pillSoft.ip, text: theme.text.ip };
  if (tone === 'muted') return { fill: theme.pillSoft.muted, text: theme.text.muted };
  return { fill: theme.pillSoft.other, text: theme.text[tone] };
}
