// Small helpers shared by the detail builders. Model data is untrusted, so
// every value goes through `str` (type-checked, length-capped) before it
// becomes a row.

import type { Condition } from '../../../main/model/types.ts';
import type { DetailContext, DetailRow, RowTone } from './types.ts';
import type { Translate } from '../strings.ts';

const MAX_VALUE = 4000;
/** Lists (labels, images, conditions) are cut here; the panel says how many were left out. */
export const MAX_LIST = 200;

export function str(value: unknown): string {
  if (typeof value === 'string') return value.length > MAX_VALUE ? value.slice(0, MAX_VALUE) + '…' : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return String(value);
  return '';
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(str).filter(Boolean) : [];
}

/** Own string-valued entries of a record, sorted by key; ignores prototype tricks. */
export function entries(record: unknown): Array<[string, string]> {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return [];
  const out: Array<[string, string]> = [];
  for (const key of Object.keys(record)) {
    const v = (record as Record<string, unknown>)[key];
    if (typeof v === 'string' || typeof v === 'number') out.push([str(key), str(v)]);
  }
  return out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
}

export function list<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : [];
}

/** A row, or nothing when the value is empty: keeps builders free of if-chains. */
export function row(label: string, value: unknown, extra: Omit<DetailRow, 'label' | 'value'> = {}): DetailRow[] {
  const v = str(value);
  return v ? [{ label, value: v, ...extra }] : [];
}

export function yesNo(ctx: DetailContext, value: unknown): string {
  return value === true ? ctx.t('val.yes') : ctx.t('val.no');
}

/** "2026-11-30 04:08 UTC · 3d ago" ("… · 3일 전"); the raw text when it is not a date. */
export function timestamp(value: unknown, now: number, t: Translate): string {
  const raw = str(value);
  if (!raw) return '';
  const ms = Date.parse(raw);
  if (!Number.isFinite(ms)) return raw;
  const when = new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  return `${when} · ${age(now - ms, t)}`;
}

/** kubectl-style age: 45s, 12m, 5h, 3d, 2y ago, in the page's language. */
export function age(ms: number, t: Translate): string {
  if (!Number.isFinite(ms)) return '';
  if (ms < 0) return t('age.future');
  const s = Math.floor(ms / 1000);
  if (s < 120) return t('age.seconds', { n: s });
  const m = Math.floor(s / 60);
  if (m < 120) return t('age.minutes', { n: m });
  const h = Math.floor(m / 60);
  if (h < 48) return t('age.hours', { n: h });
  const d = Math.floor(h / 24);
  if (d < 730) return t('age.days', { n: d });
  return t('age.years', { n: Math.floor(d / 365) });
}

/** A container's group (init, sidecar…) as the page says it; an unknown one as written. */
export function groupWord(group: unknown, t: Translate): string {
  switch (group) {
    case 'app':
    case 'init':
    case 'sidecar':
    case 'ephemeral':
      return t(`details.group.${group}`);
    default:
      return str(group);
  }
}

export function conditionTone(c: Condition, goodWhenTrue: boolean): RowTone {
  if (c.status === 'Unknown') return 'muted';
  return (c.status === 'True') === goodWhenTrue ? 'ok' : 'bad';
}

// Node conditions other than Ready report trouble when True (MemoryPressure…).
const NODE_TROUBLE = /pressure|unavailable|problem|corrupt|deadlock/i;

export function conditionRows(conditions: unknown, kind: 'node' | 'pod'): DetailRow[] {
  return list<Condition>(conditions)
    .slice(0, MAX_LIST)
    .filter((c) => c && typeof c === 'object')
    .map((c) => {
      const type = str(c.type) || '?';
      const goodWhenTrue = kind === 'pod' || !NODE_TROUBLE.test(type);
      const detail = [str(c.reason), str(c.message)].filter(Boolean).join(': ');
      return { label: type, value: str(c.status) || 'Unknown', tone: conditionTone(c, goodWhenTrue), note: detail || undefined };
    });
}

export function labelRows(ctx: DetailContext, labels: unknown): DetailRow[] {
  const all = entries(labels);
  const rows: DetailRow[] = all.slice(0, MAX_LIST).map(([k, v]) => ({ label: k, value: v || '""', mono: true }));
  if (all.length > MAX_LIST) rows.push({ label: '', value: ctx.t('val.andMore', { n: all.length - MAX_LIST }), tone: 'muted' });
  return rows;
}
