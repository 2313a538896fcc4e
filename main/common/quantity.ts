// Kubernetes quantities ("128Mi", "0.5Gi", "250m") as numbers, for the page
// (renderer/app/units.ts) and the quiz, which must tell 512Mi and 0.5Gi for one value.

const QUANTITY_SUFFIX: Record<string, number> = {
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  Pi: 1024 ** 5,
  Ei: 1024 ** 6,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  '': 1,
};

/** A Kubernetes quantity in base units ("128Mi" → 134217728, "250m" → 0.25); undefined when unreadable. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const m = /^\s*([+-]?\d+(?:\.\d+)?)(?:[eE]([+-]?\d+))?(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E)?\s*$/.exec(String(value));
  if (!m) return undefined;
  const base = Number(m[1]) * (m[2] ? 10 ** Number(m[2]) : 1);
  if (m[3] === 'm') return base / 1000;
  return base * QUANTITY_SUFFIX[m[3] ?? ''];
}
