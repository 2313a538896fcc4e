// Small helpers for benchmark output: medians, and one aligned line a figure.

import { MAIN_V8_FLAGS, missingMainFlags, youngGenerationAsAsked } from '../../main/cli/main-flags.mjs';

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function timeIt<T>(fn: () => Promise<T> | T): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

export async function medianOf(repeats: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) times.push((await timeIt(fn)).ms);
  return median(times);
}

export function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(1)} ms`;
}

export function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function row(label: string, ...cells: string[]): void {
  console.log(`  ${label.padEnd(44)} ${cells.map((c) => c.padStart(12)).join(' ')}`);
}

export function heading(title: string): void {
  console.log(`\n${title}`);
}

/** Whether this process, where a benchmark runs a session, has the heap flags serve and Electron's main process run with (main/cli/main-flags.mjs). */
export function sessionFlags(): string {
  if (missingMainFlags().length === 0) return `with the main process's heap flags (${MAIN_V8_FLAGS.join(' ')}), as serve runs`;
  if (youngGenerationAsAsked()) return `with the young generation the main process's heap flags ask for (${MAIN_V8_FLAGS.join(' ')}), V8's own here, as serve runs`;
  return "WITHOUT the main process's heap flags (this Node cannot start itself again in place): not as serve or the app runs it";
}
