// How deeply a decoded document nests. JSON.parse reads any depth, but the
// code after it (writing the snapshot back, copying it) recurses and would die
// with a stack overflow on a file made of a hundred thousand brackets. Real
// Kubernetes objects nest a few dozen levels at most, so anything far deeper
// is refused when the file is read, with a path to the place.

import type { DataPath } from './decode.ts';

/** Far deeper than any real object (managedFields included), far below any stack limit. */
export const MAX_NESTING = 200;

interface Frame {
  value: unknown;
  depth: number;
  parent?: Frame;
  key?: string | number;
}

/** The path to the first value nested deeper than `max`, or undefined when there is none. Iterative: it must not overflow itself. */
export function tooDeep(root: unknown, max: number = MAX_NESTING): DataPath | undefined {
  const stack: Frame[] = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const frame = stack.pop()!;
    const { value, depth } = frame;
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= max) return pathOf(frame);
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], depth: depth + 1, parent: frame, key: i });
    } else {
      for (const key of Object.keys(value)) stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, parent: frame, key });
    }
  }
  return undefined;
}

function pathOf(frame: Frame): DataPath {
  const path: DataPath = [];
  for (let f: Frame | undefined = frame; f?.key !== undefined; f = f.parent) path.push(f.key);
  return path.reverse();
}
