// The ages of a bounded store's objects, each computed once when the object is
// stored, in a min-heap so the oldest is found in O(log n): keeping an event
// store at its bound must not cost a scan of every object per watch event.
// Replaced or removed keys leave stale heap entries behind; they are skipped
// when they surface, and the heap is rebuilt when they outnumber the live ones.

interface Entry {
  key: string;
  age: number;
  /** Order of storing: of equal ages, the one stored first goes first. */
  seq: number;
}

export class OldestFirst {
  /** key → its live entry (the age computed when it was stored). */
  readonly #live = new Map<string, Entry>();
  #heap: Entry[] = [];
  #seq = 0;

  get size(): number {
    return this.#live.size;
  }

  /** The age recorded for `key`. */
  age(key: string): number | undefined {
    return this.#live.get(key)?.age;
  }

  set(key: string, age: number): void {
    const entry: Entry = { key, age, seq: this.#seq++ };
    this.#live.set(key, entry);
    this.#push(entry);
    if (this.#heap.length > 2 * this.#live.size + 64) this.#rebuild();
  }

  delete(key: string): void {
    this.#live.delete(key);
  }

  /** Takes out the oldest key (smallest age), or undefined when empty. */
  popOldest(): string | undefined {
    while (this.#heap.length > 0) {
      const top = this.#pop();
      if (this.#live.get(top.key) === top) {
        this.#live.delete(top.key);
        return top.key;
      }
    }
    return undefined;
  }

  #rebuild(): void {
    this.#heap = [...this.#live.values()];
    for (let i = (this.#heap.length >> 1) - 1; i >= 0; i--) this.#down(i);
  }

  #push(entry: Entry): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  #pop(): Entry {
    const heap = this.#heap;
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      this.#down(0);
    }
    return top;
  }

  #down(i: number): void {
    const heap = this.#heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < heap.length && before(heap[l]!, heap[least]!)) least = l;
      if (r < heap.length && before(heap[r]!, heap[least]!)) least = r;
      if (least === i) return;
      [heap[i], heap[least]] = [heap[least]!, heap[i]!];
      i = least;
    }
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.age < b.age || (a.age === b.age && a.seq < b.seq);
}
