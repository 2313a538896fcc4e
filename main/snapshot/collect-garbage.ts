// Full garbage collections at the moments a reader of a large snapshot knows
// best. V8 sizes its next collection from what was alive at its last one, and
// lets the heap grow to several times that first: while 100,000 pods are read
// and modelled, what is alive grows to half a gigabyte, and the heap would
// grow to twice that before V8 looked; and once the model is built (or, in
// the export, laid out), nearly all else is garbage at once. Collecting at
// those moments keeps the peak of the export, and of a session that opens the
// file, near what is alive rather than near twice that. Here, beside the
// snapshot reader, because both the command line and the session use it.
//
// Node exposes gc() only under --expose-gc, which a command cannot pass to
// itself; the flag set at run time applies to contexts made after it, so a
// fresh context hands the function out. Without it (a runtime that refuses
// the flag), nothing happens: V8 collects on its own, later.

import v8 from 'node:v8';
import vm from 'node:vm';

let gc: Collect | null | undefined;
/** Heap in use just after the last collection made here. */
let alive = 0;

/**
 * When a build looks again: once the heap has grown a quarter (and 64 MiB)
 * past what was alive at the last collection, and not below 384 MiB, where
 * V8's own pace costs less and is far from the export's 1 GB.
 */
const GROWTH = 1.25;
const SLACK_BYTES = 64 * 1024 * 1024;
const FLOOR_BYTES = 384 * 1024 * 1024;

function collector(): Collect | null {
  if (gc === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const found: unknown = vm.runInNewContext('typeof gc === "function" ? gc : null');
      gc = typeof found === 'function' ? (found as Collect) : null;
    } catch {
      gc = null;
    }
  }
  return gc;
}

type Collect = (options?: { type: 'major'; execution: 'sync'; flavor: 'regular' | 'last-resort' }) => void;

/**
 * A full collection now: `regular` before a step that adds much to what is
 * alive, `return` just after most of the heap became garbage, which also hands
 * the freed memory back to the system (after an ordinary collection V8 keeps
 * the pages it freed, and half a gigabyte of them would stay in the process's
 * resident size through the drawing).
 */
export function collectGarbage(how: 'regular' | 'return' = 'regular'): void {
  collect(how === 'return' ? 'last-resort' : 'regular');
}

function collect(flavor: 'regular' | 'last-resort'): void {
  const run = collector();
  if (!run) return;
  run({ type: 'major', execution: 'sync', flavor });
  alive = v8.getHeapStatistics().used_heap_size;
}

/**
 * A full collection when the heap has grown well past what was alive at the
 * last one (see GROWTH): for a loop that builds something large out of much
 * that it throws away. Cheap enough to call for every object read.
 */
export function collectGarbageIfGrown(): void {
  if (v8.getHeapStatistics().used_heap_size > Math.max(FLOOR_BYTES, alive * GROWTH + SLACK_BYTES)) collect('regular');
}
