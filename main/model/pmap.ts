// A persistent map with string keys, for the incremental model (apply.ts).
//
// applyDelta must leave the state it was given intact (a caller may keep it,
// compare it, or apply something else to it), yet a change to one pod must not
// copy indexes of 100,000 pods. So the map is split into a fixed number of
// shards by a hash of the key: a change copies the array of shards and the one
// shard it touches, about size/256 entries. That is simpler than a hash trie
// and, at the sizes the app targets (10^5 objects, a few hundred a shard), as
// cheap as one needs.
//
// Writes go through a draft: edit() gives one, its first write to a shard
// copies that shard, and done() seals it into a new map. A batch of changes
// therefore copies each shard at most once.

const SHARD_BITS = 8;
const SHARDS = 1 << SHARD_BITS;

/** FNV-1a over UTF-16 units: a few operations a character, and uids spread evenly. */
function shardOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & (SHARDS - 1);
}

type Shards<V> = readonly (ReadonlyMap<string, V> | undefined)[];

const NO_SHARDS: Shards<never> = new Array<undefined>(SHARDS).fill(undefined);

export class PMap<V> {
  readonly size: number;
  /** @internal Shared with drafts and later maps; never written once a map holds it. */
  readonly shards: Shards<V>;

  private constructor(shards: Shards<V>, size: number) {
    this.shards = shards;
    this.size = size;
  }

  static empty<V>(): PMap<V> {
    return new PMap<V>(NO_SHARDS, 0);
  }

  /** @internal For PMapDraft.done(). */
  static seal<V>(shards: Shards<V>, size: number): PMap<V> {
    return new PMap<V>(shards, size);
  }

  get(key: string): V | undefined {
    return this.shards[shardOf(key)]?.get(key);
  }

  has(key: string): boolean {
    return this.shards[shardOf(key)]?.has(key) ?? false;
  }

  *entries(): IterableIterator<[string, V]> {
    for (const shard of this.shards) if (shard) yield* shard.entries();
  }

  *keys(): IterableIterator<string> {
    for (const shard of this.shards) if (shard) yield* shard.keys();
  }

  *values(): IterableIterator<V> {
    for (const shard of this.shards) if (shard) yield* shard.values();
  }

  edit(): PMapDraft<V> {
    return new PMapDraft(this);
  }
}

export class PMapDraft<V> {
  private readonly base: PMap<V>;
  private shards?: (Map<string, V> | ReadonlyMap<string, V> | undefined)[];
  private owned?: Uint8Array;
  private count: number;
  private sealed = false;

  constructor(base: PMap<V>) {
    this.base = base;
    this.count = base.size;
  }

  get size(): number {
    return this.count;
  }

  get(key: string): V | undefined {
    return (this.shards ?? this.base.shards)[shardOf(key)]?.get(key);
  }

  has(key: string): boolean {
    return (this.shards ?? this.base.shards)[shardOf(key)]?.has(key) ?? false;
  }

  set(key: string, value: V): void {
    const shard = this.writable(shardOf(key));
    if (!shard.has(key)) this.count += 1;
    shard.set(key, value);
  }

  delete(key: string): void {
    const i = shardOf(key);
    if (!(this.shards ?? this.base.shards)[i]?.has(key)) return;
    this.writable(i).delete(key);
    this.count -= 1;
  }

  *entries(): IterableIterator<[string, V]> {
    for (const shard of this.shards ?? this.base.shards) if (shard) yield* shard.entries();
  }

  *keys(): IterableIterator<string> {
    for (const shard of this.shards ?? this.base.shards) if (shard) yield* shard.keys();
  }

  *values(): IterableIterator<V> {
    for (const shard of this.shards ?? this.base.shards) if (shard) yield* shard.values();
  }

  /** The map with every write so far; the draft takes no more writes (its shards now belong to the map). */
  done(): PMap<V> {
    this.sealed = true;
    if (!this.shards) return this.base;
    return PMap.seal(this.shards, this.count);
  }

  private writable(i: number): Map<string, V> {
    // A sealed draft's shards are shared by the map it made: writing would change that map.
    if (this.sealed) throw new Error('PMapDraft: written after done()');
    this.shards ??= this.base.shards.slice();
    this.owned ??= new Uint8Array(SHARDS);
    if (!this.owned[i]) {
      this.shards[i] = new Map(this.shards[i]);
      this.owned[i] = 1;
    }
    return this.shards[i] as Map<string, V>;
  }
}
