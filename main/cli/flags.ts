// What every command's flags share: the usage error and a number flag's range
// check. Apart from args.ts so that image-args.ts can use them without loading
// the other commands' flag tables.

export class UsageError extends Error {
  override name = 'UsageError';
}

export function numberOption(name: string, raw: string | undefined, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new UsageError(`--${name} ${raw}: expected a number from ${min} to ${max}`);
  return value;
}
