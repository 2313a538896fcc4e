// The normalized object store: every object a source delivered, per list, by
// objectKey (the uid), and what the source could not read. It is what a
// sequence of deltas leaves behind, and storeObjects() turns it into the
// ClusterObjects the full build takes, which is how the incremental model is
// checked against buildModel.
//
// The rule for a sequence: the last delivered delta for a key wins, whatever
// its resourceVersion (those are opaque and unordered); a delta carrying the
// resourceVersion the store already holds is the same object again and changes
// nothing; a delete of an unknown key changes nothing.

import { OBJECT_LISTS, objectKey, sameVersion } from './delta.ts';
import type { Delta, ObjectList } from './delta.ts';
import { PMap, type PMapDraft } from './pmap.ts';
import type { ClusterObjects, KubeObject } from './kube.ts';
import type { AccessGap } from './types.ts';

export interface ObjectStore {
  readonly lists: Readonly<Record<ObjectList, PMap<KubeObject>>>;
  /** Lists the source could not read: ClusterObjects leaves them undefined. */
  readonly unread: readonly ObjectList[];
  readonly gaps: readonly AccessGap[];
}

/** What one delta did to the store: the object under `key` before and after. */
export interface StoreChange {
  resource: ObjectList;
  key: string;
  before?: KubeObject;
  after?: KubeObject;
}

function lists<T>(make: (list: ObjectList) => T): Record<ObjectList, T> {
  return Object.fromEntries(OBJECT_LISTS.map((l) => [l, make(l)])) as Record<ObjectList, T>;
}

/** Every list read and empty, no gaps: where a source's first deltas start from. */
export function emptyStore(): ObjectStore {
  return { lists: lists(() => PMap.empty<KubeObject>()), unread: [], gaps: [] };
}

/** The store as the builder's input. */
export function storeObjects(store: ObjectStore): ClusterObjects {
  const out: ClusterObjects = { gaps: [...store.gaps] };
  for (const list of OBJECT_LISTS) if (!store.unread.includes(list)) out[list] = [...store.lists[list].values()];
  return out;
}

/** A store being changed by a batch of deltas; done() seals the new store and leaves the old one as it was. */
export class StoreDraft {
  private readonly drafts: Record<ObjectList, PMapDraft<KubeObject>>;
  unread: readonly ObjectList[];
  gaps: readonly AccessGap[];

  constructor(store: ObjectStore) {
    this.drafts = lists((l) => store.lists[l].edit());
    this.unread = store.unread;
    this.gaps = store.gaps;
  }

  get(list: ObjectList, key: string): KubeObject | undefined {
    return this.drafts[list].get(key);
  }

  values(list: ObjectList): IterableIterator<KubeObject> {
    return this.drafts[list].values();
  }

  /** Applies one delta; undefined when it changes no object (a gaps delta, a duplicate, an unknown delete, an object with no name). */
  apply(delta: Delta): StoreChange | undefined {
    if (delta.type === 'gaps') {
      this.unread = [...new Set(Array.isArray(delta.unread) ? delta.unread.filter((l) => OBJECT_LISTS.includes(l)) : [])];
      this.gaps = Array.isArray(delta.gaps) ? [...delta.gaps] : [];
      return undefined;
    }
    const { resource, object } = delta;
    if (!OBJECT_LISTS.includes(resource)) return undefined;
    const key = objectKey(resource, object);
    if (key === undefined) return undefined;
    const draft = this.drafts[resource];
    const before = draft.get(key);
    if (delta.type === 'deleted') {
      if (before === undefined) return undefined;
      draft.delete(key);
      return { resource, key, before };
    }
    if (before !== undefined && sameVersion(before, object)) return undefined;
    draft.set(key, object);
    return { resource, key, before, after: object };
  }

  done(): ObjectStore {
    return { lists: lists((l) => this.drafts[l].done()), unread: this.unread, gaps: this.gaps };
  }
}
