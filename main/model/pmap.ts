// A persistent map with string keys, for the incremental model (apply.ts).
//
// applyDelta must leave the state it was given intact (a caller may keep it,
// compare it, or apply something else to it), yet a change to one pod must not
// copy indexes of 100,000 pods. So the map is split by a hash of the key into
// 4,096 leaves (small Maps) under a two-level tree of 64 × 64 slots: a change
// copies the root (64 slots), the one middle array over its leaf (64 slots)
// and its leaf, about size/4,096 entries. That is simpler than a hash trie
// that grows, and cheap enough at the sizes the app targets.
//
// One level of 256 shards came first. At 100,000 pods a shard holds some 400
// entries, and a stream's window of 50-100 changes copied about that many
// shards in each of a dozen maps: copying them was 15 % of the main thread's
// samples under 1,000 changes a second (test/bench/live-stream.ts; 1-2 %
// now), and each copy lived on in the state. A single level of 4,096 would
// copy a 4,096-slot array for every map a batch edits, however few its
// changes; here a small batch copies the root and a middle or two (a
// recording's keyframe, some 500 changes apart, touches most middles, and
// copies about as many slots as one level would).
//
// Writes go through a draft: edit() gives one, its first write under a middle
// array or to a leaf copies it, and done() seals it into a new map. A batch of
// changes therefore copies each at most once.

const LEVEL_BITS = 6;
const WIDTH = 1 << LEVEL_BITS;
const LEAVES = WIDTH * WIDTH;

/** FNV-1a over UTF-16 units: a few operations a character, and uids spread evenly. The leaf's number, below LEAVES. */
function leafOf(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & (LEAVES - 1);
}

type Leaf<V> = ReadonlyMap<string, V> | undefined;
type Middle<V> = readonly Leaf<V>[] | undefined;
type Root<V> = readonly Middle<V>[];

const NO_ROOT: Root<never> = new Array<undefined>(WIDTH).fill(undefined);

function leafIn<V>(root: Root<V>, leaf: number): Leaf<V> {
  return root[leaf >>> LEVEL_BITS]?.[leaf & (WIDTH - 1)];
}

function* leavesOf<V>(root: Root<V>): IterableIterator<ReadonlyMap<string, V>> {
  for (const middle of root) if (middle) for (const leaf of middle) if (leaf) yield leaf;
}

export class PMap<V> {
  readonly size: number;
  /** @internal Shared with drafts and later maps; never written once a map holds it. */
  readonly root: Root<V>;

  private constructor(root: Root<V>, size: number) {
    this.root = root;
    this.size = size;
  }

  static empty<V>(): PMap<V> {
    return new PMap<V>(NO_ROOT, 0);
  }

  /** @internal For PMapDraft.done(). */
  static seal<V>(root: Root<V>, size: number): PMap<V> {
    return new PMap<V>(root, size);
  }

  get(key: string): V | undefined {
    return leafIn(this.root, leafOf(key))?.get(key);
  }

  has(key: string): boolean {
    return leafIn(this.root, leafOf(key))?.has(key) ?? false;
  }

  *entries(): IterableIterator<[string, V]> {
    for (const leaf of leavesOf(this.root)) yield* leaf.entries();
  }

  *keys(): IterableIterator<string> {
    for (const leaf of leavesOf(this.root)) yield* leaf.keys();
  }

  *values(): IterableIterator<V> {
    for (const leaf of leavesOf(this.root)) yield* leaf.values();
  }

  edit(): PMapDraft<V> {
    return new PMapDraft(this);
  }
}

export class PMapDraft<V> {
  private readonly base: PMap<V>;
  private root?: (Leaf<V>[] | Middle<V>)[];
  /** Middle arrays and leaves this draft copied, and may write. */
  private ownedMiddles?: Uint8Array;
  private ownedLeaves?: Uint8Array;
  private count: number;
  private sealed = false;

  constructor(base: PMap<V>) {
    this.base = base;
    this.count = base.size;
  }

  get size(): number {
    return this.count;
  }

  private get current(): Root<V> {
    return this.root ?? this.base.root;
  }

  get(key: string): V | undefined {
    return leafIn(this.current, leafOf(key))?.get(key);
  }

  has(key: string): boolean {
    return leafIn(this.current, leafOf(key))?.has(key) ?? false;
  }

  set(key: string, value: V): void {
    const leaf = this.writable(leafOf(key));
    if (!leaf.has(key)) this.count += 1;
    leaf.set(key, value);
  }

  delete(key: string): void {
    const at = leafOf(key);
    if (!leafIn(this.current, at)?.has(key)) return;
    this.writable(at).delete(key);
    this.count -= 1;
  }

  *entries(): IterableIterator<[string, V]> {
    for (const leaf of leavesOf(this.current)) yield* leaf.entries();
  }

  *keys(): IterableIterator<string> {
    for (const leaf of leavesOf(this.current)) yield* leaf.keys();
  }

  *values(): IterableIterator<V> {
    for (const leaf of leavesOf(this.current)) yield* leaf.values();
  }

  /** The map with every write so far; the draft takes no more writes (what it copied now belongs to the map). */
  done(): PMap<V> {
    this.sealed = true;
    if (!this.root) return this.base;
    return PMap.seal(this.root, this.count);
  }

  private writable(at: number): Map<string, V> {
    // A sealed draft's arrays and leaves are shared by the map it made: writing would change that map.
    if (this.sealed) throw new Error('PMapDraft: written after done()');
    const root = (this.root ??= this.base.root.slice());
    const m = at >>> LEVEL_BITS;
    const ownedMiddles = (this.ownedMiddles ??= new Uint8Array(WIDTH));
    if (!ownedMiddles[m]) {
      root[m] = root[m] ? root[m].slice() : new Array<undefined>(WIDTH).fill(undefined);
      ownedMiddles[m] = 1;
    }
    const middle = root[m] as Leaf<V>[];
    const ownedLeaves = (this.ownedLeaves ??= new Uint8Array(LEAVES));
    if (!ownedLeaves[at]) {
      middle[at & (WIDTH - 1)] = new Map(middle[at & (WIDTH - 1)]);
      ownedLeaves[at] = 1;
    }
    return middle[at & (WIDTH - 1)] as Map<string, V>;
  }
}
