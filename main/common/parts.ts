// Work made a part at a time: a generator that yields between its parts (a
// layout, a scene, its quadtree), so that idle time can make it a few parts
// at a call, and anything else can run it through at once. One way to drive
// it, for every such generator.

/** Runs `parts` to its end and gives what it returns. */
export function finishParts<T>(parts: Generator<void, T, void>): T {
  for (;;) {
    const r = parts.next();
    if (r.done) return r.value;
  }
}

/** Runs parts while `more()` says so (at least one): `{ value }` once the generator is done, else undefined. */
export function runParts<T>(parts: Generator<void, T, void>, more: () => boolean): { value: T } | undefined {
  do {
    const r = parts.next();
    if (r.done) return { value: r.value };
  } while (more());
  return undefined;
}
