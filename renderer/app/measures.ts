// Performance measures a benchmark reads ('ka-model', 'ka-paint'): each name
// keeps at most a minute of frames' worth, so a long session does not keep
// every one.

/** Measures kept at most per name (a minute of frames at 60 Hz). */
const MAX_MEASURES = 3600;

/** A recorder of `name` measures from a start to now; without user timing it records nothing. */
export function boundedMeasure(name: string): (start: number, detail?: unknown) => void {
  let count = 0;
  return (start, detail) => {
    try {
      if (++count > MAX_MEASURES) {
        performance.clearMeasures(name);
        count = 1;
      }
      performance.measure(name, detail === undefined ? { start, end: performance.now() } : { start, end: performance.now(), detail });
    } catch {
      // User timing unavailable: what was measured still happened.
    }
  };
}
