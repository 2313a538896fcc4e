// Writing a snapshot in the shape kubectl prints for `get … -o json|yaml`: a v1
// List, keys sorted, JSON indented by 4 spaces, YAML with unindented sequences
// and 1.1-safe quoting (so `kubectl apply`'s YAML 1.1 reader sees the same
// strings). What kubectl cannot say (which lists were read, what was
// forbidden) goes in the x-kube-anatomy field described in meta.ts.

import { stringify } from 'yaml';
import type { ClusterObjects, KubeObject } from '../model/kube.ts';
import { readCallouts, type Callout } from '../model/callouts.ts';
import { SNAPSHOT_META_KEY } from './meta.ts';
import type { SnapshotMeta } from './meta.ts';
import { SNAPSHOT_RESOURCES } from './resources.ts';
import type { WithEvents } from '../model/events.ts';

export type SnapshotFormat = 'json' | 'yaml';

export interface WriteOptions {
  /** When the snapshot was taken (RFC 3339). Left out when not given, so output stays reproducible. */
  savedAt?: string;
  /** Where the objects came from: a context name or a file name. */
  source?: string;
  /** Numbered notes to keep in x-kube-anatomy (main/model/callouts.ts); none are written when empty. */
  callouts?: Callout[];
}

export function writeSnapshot(objects: ClusterObjects, format: SnapshotFormat, options: WriteOptions = {}): string {
  const items: unknown[] = [];
  const resources: SnapshotMeta['resources'] = [];
  for (const { key, kind, resource } of SNAPSHOT_RESOURCES) {
    const list = objects[key];
    if (list === undefined) continue;
    resources.push(resource);
    for (const item of list) {
      if (typeof item === 'object' && item !== null) items.push(plain(withKind(item, kind)));
    }
  }
  // Events saved with the objects (a live source's), after them: kubectl get events prints them so too.
  for (const item of (objects as WithEvents<ClusterObjects>).events ?? []) {
    if (typeof item === 'object' && item !== null) items.push(plain(withKind(item, 'Event')));
  }
  const meta: SnapshotMeta = { resources, gaps: objects.gaps };
  if (options.savedAt !== undefined) meta.savedAt = options.savedAt;
  if (options.source !== undefined) meta.source = options.source;
  if (options.callouts !== undefined && options.callouts.length > 0) meta.callouts = readCallouts(options.callouts).callouts;
  const list = {
    apiVersion: 'v1',
    items,
    kind: 'List',
    metadata: { resourceVersion: '' },
    [SNAPSHOT_META_KEY]: plain(meta),
  };
  if (format === 'json') return `${JSON.stringify(list, null, 4)}\n`;
  return stringify(list, {
    schema: 'core',
    compat: 'yaml-1.1',
    indentSeq: false,
    lineWidth: 0,
    aliasDuplicateObjects: false,
  });
}

/** Objects from a typed API list (PodList…) have no kind or apiVersion of their own; kubectl adds them. */
function withKind(item: KubeObject, kind: string): KubeObject {
  if (item.kind !== undefined && item.apiVersion !== undefined) return item;
  return { apiVersion: item.apiVersion ?? 'v1', kind: item.kind ?? kind, ...item };
}

/**
 * A JSON-safe copy with keys sorted as kubectl prints them. Dates (client
 * libraries decode timestamps) become RFC 3339 without milliseconds, the form
 * the API server uses. Object.fromEntries keeps a `__proto__` key an ordinary
 * property instead of a prototype.
 */
function plain(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString().replace(/\.000Z$/, 'Z');
  if (Array.isArray(value)) return value.map((v) => (v === undefined || typeof v === 'function' ? null : plain(v)));
  if (typeof value !== 'object' || value === null) return value;
  const keys = Object.keys(value).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const entries: [string, unknown][] = [];
  for (const key of keys) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined || typeof v === 'function') continue;
    entries.push([key, plain(v)]);
  }
  return Object.fromEntries(entries);
}
