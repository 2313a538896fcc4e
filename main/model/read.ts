// Defensive readers for decoded JSON from a cluster or a snapshot file. Every
// field may be missing, of the wrong type, huge, or named `__proto__`; these
// helpers turn anything unexpected into `undefined` (or an empty value) rather
// than throwing. They run for every field of every pod, so they stay tiny.

/** Strings longer than this are cut: a 10 MB annotation must not reach the drawing. */
export const MAX_STRING = 64 * 1024;
/** Maps (labels, capacity…) keep at most this many entries. */
export const MAX_ENTRIES = 1024;

export type Obj = Record<string, unknown>;

export function str(v: unknown, max: number = MAX_STRING): string | undefined {
  if (typeof v !== 'string') return undefined;
  return v.length > max ? v.slice(0, max) : v;
}

/** A non-empty string, or undefined. Kubernetes uses "" and absent interchangeably. */
export function text(v: unknown, max: number = MAX_STRING): string | undefined {
  const s = str(v, max);
  return s === '' ? undefined : s;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function bool(v: unknown): boolean | undefined {
  return typeof v === 'boolean' ? v : undefined;
}

export function obj(v: unknown): Obj | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;
}

/** An array, or an empty one for anything else. */
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

/**
 * A list with no room to spare, for one the model keeps. An array filled by
 * push() has room for 17 items or more once it holds one, and keeps that
 * room; the model holds about ten short lists per pod (a million at 100,000
 * pods), and that room was a fifth of a large model's heap. slice() copies
 * exactly the items.
 */
export function fitted<T>(list: T[]): T[] {
  return list.slice();
}

/** The string items of an array, each capped. */
export function strings(v: unknown, max: number = MAX_STRING): string[] {
  const out: string[] = [];
  for (const item of arr(v)) {
    const s = str(item, max);
    if (s !== undefined) out.push(s);
  }
  return fitted(out);
}

/**
 * The string-valued entries of an object. Built with Object.fromEntries so a
 * `__proto__` key becomes an ordinary own property instead of a prototype.
 */
export function record(v: unknown, maxEntries: number = MAX_ENTRIES): Record<string, string> {
  const o = obj(v);
  if (!o) return {};
  const entries: [string, string][] = [];
  for (const key of Object.keys(o)) {
    if (entries.length >= maxEntries) break;
    const s = str(o[key]);
    if (s !== undefined) entries.push([key.length > MAX_STRING ? key.slice(0, MAX_STRING) : key, s]);
  }
  return Object.fromEntries(entries);
}

/** Own-property lookup, safe for keys such as `__proto__` or `constructor`. */
export function has(o: Obj, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(o, key);
}
