// The file name offered when saving a snapshot: where it came from and when,
// e.g. "kind-2026-11-30T0412.json". The source name is untrusted (a context
// name, a file name the user picked), so only safe characters survive.

export function snapshotFileName(sourceName: string, at: Date, format: 'json' | 'yaml'): string {
  const base = sourceName
    .replace(/\.(json|ya?ml)$/i, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 64);
  const iso = at.toISOString(); // 2026-11-30T04:12:33.000Z
  const stamp = `${iso.slice(0, 10)}T${iso.slice(11, 13)}${iso.slice(14, 16)}`;
  return `${base || 'cluster'}-${stamp}.${format}`;
}
