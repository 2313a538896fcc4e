// Objects a snapshot holds twice. kubectl never prints one object twice, so a
// repeated uid, or a repeated kind + namespace + name, means the file was
// concatenated or edited. One uid (or one name) is one object: drawing every
// copy would show things the cluster cannot hold, and merging them silently
// (21 pods with one uid drawn as one) hides that the file says otherwise. So
// the first occurrence is kept and the others are dropped and reported, with
// where they are in the file.

import type { AccessGap } from '../model/types.ts';
import type { SnapshotResource } from './resources.ts';

/** Where an item is in the file, e.g. "items[3]" or "document 2, items[0]". */
type Place = string;

interface First {
  place: Place;
  /** e.g. "Pod default/web-0". */
  what: string;
}

interface Group {
  /** What the dropped items repeat, e.g. "the uid u1 of items[0] (Pod default/web-0)". */
  repeats: string;
  /** The first MAX_PLACES of them. */
  places: Place[];
  count: number;
}

/** Names and uids come from the file: a long one is cut in messages. */
const MAX_QUOTED = 100;
/** Groups of one resource shown in full in its report; the rest are counted. */
const MAX_GROUPS = 3;
/** Places listed per group; the rest are counted. */
const MAX_PLACES = 5;

export class DuplicateFinder {
  private readonly byUid = new Map<string, First>();
  private readonly byName = new Map<string, First>();
  /** Per resource, groups by what they repeat, in the order found. */
  private readonly groups = new Map<SnapshotResource, Map<string, Group>>();

  /** True when the item repeats an earlier one; it is then recorded as dropped. */
  isDuplicate(resource: SnapshotResource, metadata: Record<string, unknown>, place: Place): boolean {
    const name = String(metadata.name);
    const namespace = resource.namespaced ? (typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : 'default') : '';
    const what = `${resource.kind} ${quote(namespace ? `${namespace}/${name}` : name)}`;
    const uid = typeof metadata.uid === 'string' && metadata.uid !== '' ? metadata.uid : undefined;
    const nameKey = `${resource.kind}\u0000${namespace}\u0000${name}`;
    const sameUid = uid === undefined ? undefined : this.byUid.get(uid);
    const sameName = this.byName.get(nameKey);
    const first = sameUid ?? sameName;
    if (first) {
      const repeats = sameUid ? `the uid "${quote(uid ?? '')}" of ${first.place} (${first.what})` : `${first.what} of ${first.place}`;
      this.record(resource, repeats, place);
      return true;
    }
    const self = { place, what };
    if (uid !== undefined) this.byUid.set(uid, self);
    this.byName.set(nameKey, self);
    return false;
  }

  /** One gap per resource that had duplicates, naming them and where they are. */
  gaps(): AccessGap[] {
    return [...this.groups].map(([resource, byRepeated]) => {
      const groups = [...byRepeated.values()];
      const count = groups.reduce((n, g) => n + g.count, 0);
      const shown = groups.slice(0, MAX_GROUPS).map(describe);
      if (groups.length > MAX_GROUPS) shown.push(`and ${groups.length - MAX_GROUPS} more`);
      return {
        resource: resource.resource,
        reason: 'duplicate',
        message: `${count === 1 ? `1 ${resource.kind} dropped as a duplicate` : `${count} ${resource.kind}s dropped as duplicates`}: ${shown.join('; ')}`,
      };
    });
  }

  private record(resource: SnapshotResource, repeats: string, place: Place): void {
    let byRepeated = this.groups.get(resource);
    if (!byRepeated) this.groups.set(resource, (byRepeated = new Map()));
    let group = byRepeated.get(repeats);
    if (!group) byRepeated.set(repeats, (group = { repeats, places: [], count: 0 }));
    if (group.places.length < MAX_PLACES) group.places.push(place);
    group.count++;
  }
}

/** "items[1], items[2] and 18 more repeat the uid u1 of items[0] (Pod default/web-0)". */
function describe({ repeats, places, count }: Group): string {
  const where = places.join(', ') + (count > places.length ? ` and ${count - places.length} more` : '');
  return `${where} ${count === 1 ? 'repeats' : 'repeat'} ${repeats}`;
}

function quote(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}
