// Settings remembered between runs, in localStorage. Reads are defensive: the
// storage may be unavailable, full, or hold something another version wrote.

const PREFIX = 'kube-anatomy.';

export function readSetting<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
  try {
    const v = globalThis.localStorage?.getItem(PREFIX + key);
    return v !== null && v !== undefined && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
  } catch {
    return fallback;
  }
}

export function writeSetting(key: string, value: string | null): void {
  try {
    if (value === null) globalThis.localStorage?.removeItem(PREFIX + key);
    else globalThis.localStorage?.setItem(PREFIX + key, value);
  } catch {
    // Not remembered; the setting still applies for this run.
  }
}
