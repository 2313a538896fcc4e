// What Kube Anatomy adds to a saved snapshot. A kubectl List has only ListMeta
// (no annotations), so the extra facts live in one top-level field that kubectl
// and the API server ignore:
//
//   "x-kube-anatomy": {
//     "resources": ["nodes", "pods", …],  // lists that were read, even when empty
//     "gaps": [AccessGap…],               // what could not be read, and why
//     "savedAt": "2026-11-30T04:00:00Z",  // optional
//     "source": "kind-kind",              // optional: context or file it came from
//     "callouts": [Callout…]              // optional: numbered notes (main/model/callouts.ts)
//   }
//
// Without `resources`, a list that was read but empty (no PVs in the cluster)
// would come back as "not in this snapshot".

import type { AccessGap, ResourceName } from '../model/types.ts';
import { readCallouts, type Callout } from '../model/callouts.ts';
import { resourceByName } from './resources.ts';

export const SNAPSHOT_META_KEY = 'x-kube-anatomy';

export interface SnapshotMeta {
  resources: ResourceName[];
  gaps: AccessGap[];
  savedAt?: string;
  source?: string;
  /** Numbered notes pinned to objects; read with the limits of readCallouts (count, text length, printable). */
  callouts?: Callout[];
}

const MAX_TEXT = 4096;
const MAX_GAPS = 100;

/** The stored metadata, read defensively: anything malformed is dropped, never thrown. */
export function readMeta(value: unknown): SnapshotMeta | undefined {
  if (!isObject(value)) return undefined;
  const resources: ResourceName[] = [];
  for (const r of Array.isArray(value.resources) ? value.resources : []) {
    const known = resourceByName(r);
    if (known && !resources.includes(known.resource)) resources.push(known.resource);
  }
  const gaps: AccessGap[] = [];
  for (const g of Array.isArray(value.gaps) ? value.gaps.slice(0, MAX_GAPS) : []) {
    const gap = readGap(g);
    if (gap) gaps.push(gap);
  }
  const meta: SnapshotMeta = { resources, gaps };
  const savedAt = shortText(value.savedAt);
  const source = shortText(value.source);
  if (savedAt !== undefined) meta.savedAt = savedAt;
  if (source !== undefined) meta.source = source;
  // Malformed notes are dropped one by one: a hand-edited note never costs the snapshot.
  const callouts = readCallouts(value.callouts).callouts;
  if (callouts.length > 0) meta.callouts = callouts;
  return meta;
}

function readGap(value: unknown): AccessGap | undefined {
  if (!isObject(value)) return undefined;
  const resource = resourceByName(value.resource)?.resource;
  // Not "duplicate": that reports on the file it was read from, and a saved snapshot holds no duplicates.
  const reason = value.reason === 'forbidden' || value.reason === 'unavailable' ? value.reason : undefined;
  const message = shortText(value.message);
  if (!resource || !reason || message === undefined) return undefined;
  const gap: AccessGap = { resource, reason, message };
  const consequence = shortText(value.consequence);
  if (consequence !== undefined) gap.consequence = consequence;
  return gap;
}

function shortText(v: unknown): string | undefined {
  return typeof v === 'string' ? v.slice(0, MAX_TEXT) : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
