// Objects a snapshot holds twice. kubectl never prints one object twice, so a
// repeated uid, or a repeated kind + namespace + name, means the file was
// concatenated or edited. One uid (or one name) is one object: drawing every
// copy would show things the cluster cannot hold, and merging them silently
// (21 pods with one uid drawn as one) hides that the file says otherwise. So
// the first occurrence is kept and the others are dropped and reported, with
// where they are in the file.

import type { AccessGap } from '../model/types.ts';
import { listSaid, message, textOf, type Message } from '../i18n/index.ts';
import type { SnapshotResource } from './resources.ts';

/** Where an item is in the file, e.g. "items[3]" or "document 2, items[0]". */
type Place = string;

interface First {
  place: Place;
  /** e.g. "Pod default/web-0". */
  what: string;
}

/** What dropped items repeat: an earlier item's uid, or its kind, namespace and name. */
interface Repeats {
  uid?: string;
  place: Place;
  what: string;
}

interface Group {
  /** What the dropped items repeat, e.g. "the uid u1 of items[0] (Pod default/web-0)"; the group's key. */
  repeats: string;
  said: Repeats;
  /** The first MAX_PLACES of them. */
  places: Place[];
  count: number;
}

/** Names and uids come from the file: a long one is cut in messages. */
const MAX_QUOTED = 100;
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
      this.record(resource, repeats, sameUid ? { uid: quote(uid ?? ''), place: first.place, what: first.what } : { place: first.place, what: first.what }, place);
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
      // At most two deep (the gap, a list, a group), as a snapshot file's gaps are checked. A resource here has a group at least.
      const shown = listSaid(groups.map(describe))!;
      const said = count === 1 ? message('errors.dup.one', { kind: resource.kind, groups: shown }) : message('errors.dup.many', { count, kind: resource.kind, groups: shown });
      return { resource: resource.resource, reason: 'duplicate', message: textOf('en', said), said };
    });
  }

  private record(resource: SnapshotResource, repeats: string, said: Repeats, place: Place): void {
    let byRepeated = this.groups.get(resource);
    if (!byRepeated) this.groups.set(resource, (byRepeated = new Map()));
    let group = byRepeated.get(repeats);
    if (!group) byRepeated.set(repeats, (group = { repeats, said, places: [], count: 0 }));
    if (group.places.length < MAX_PLACES) group.places.push(place);
    group.count++;
  }
}

/** "items[1], items[2] and 18 more repeat the uid u1 of items[0] (Pod default/web-0)". */
function describe({ said, places, count }: Group): Message {
  const where = places.join(', ');
  const more = count - places.length;
  const { uid, place, what } = said;
  if (uid !== undefined) {
    if (more > 0) return message('errors.dup.uidMore', { where, n: more, uid, place, what });
    return message(count === 1 ? 'errors.dup.uidOne' : 'errors.dup.uidMany', { where, uid, place, what });
  }
  if (more > 0) return message('errors.dup.nameMore', { where, n: more, place, what });
  return message(count === 1 ? 'errors.dup.nameOne' : 'errors.dup.nameMany', { where, place, what });
}

function quote(text: string): string {
  return text.length > MAX_QUOTED ? `${text.slice(0, MAX_QUOTED)}…` : text;
}
