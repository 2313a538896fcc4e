// Human-readable numbers: byte sizes, Kubernetes quantities and counts.

import { parseQuantity } from '../../main/common/quantity.ts';

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];

/** 1536 → "1.5 KiB", 734003200 → "700 MiB". Non-numbers and negatives → "". */
export function humanBytes(value: unknown): string {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n) || n < 0) return '';
  let unit = 0;
  let v = n;
  while (v >= 1024 && unit < BINARY_UNITS.length - 1) {
    v /= 1024;
    unit++;
  }
  if (unit === 0) return `${Math.round(v)} B`;
  // Three significant digits at most: 1.5 GiB, 15.2 GiB, 152 GiB.
  const text = v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  return `${text.includes('.') ? text.replace(/\.?0+$/, '') : text} ${BINARY_UNITS[unit]}`;
}

// Moved to main/common, where the quiz (renderer/teach) can use it too.
export { parseQuantity };

const BYTE_RESOURCES = /memory|storage|hugepages/i;

/**
 * A resource quantity as written, with a friendlier reading beside it when
 * the written form is hard to read: memory "3920492Ki" → "3920492Ki (3.74 GiB)".
 */
export function humanQuantity(resource: string, value: unknown): string {
  const raw = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  if (!raw) return '';
  if (BYTE_RESOURCES.test(resource)) {
    const bytes = parseQuantity(raw);
    if (bytes !== undefined) {
      const human = humanBytes(bytes);
      if (human && human.replace(/iB$/, 'i').replace(' ', '') !== raw) return `${raw} (${human})`;
    }
  }
  if (resource === 'cpu' && /^\d+m$/.test(raw)) {
    const cores = parseQuantity(raw)!;
    return `${raw} (${Number(cores.toFixed(3))} CPU)`;
  }
  return raw;
}

/**
 * 1500 → "1,500". By hand rather than toLocaleString: its first call builds
 * an ICU formatter (20–40 ms in Chromium here), and the status bar's counts
 * make that call in the frame that draws the first model.
 */
export function groupDigits(n: unknown): string {
  const v = typeof n === 'number' && Number.isFinite(n) ? Math.trunc(n) : 0;
  return String(v).replace(/\B(?=(\d{3})+$)/g, ',');
}
