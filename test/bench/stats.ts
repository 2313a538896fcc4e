// Small helpers for benchmark output: medians, and one aligned line a figure.

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/** USER_HZ, the unit of /proc's CPU times (100 on Linux everywhere in practice), asked once, when first needed: every bench imports this file. */
let clockTicks: number | undefined;
function ticksPerSecond(): number {
  clockTicks ??= Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;
  return clockTicks;
}

/** The CPU time (user + system, ms) a process has used so far, from /proc; undefined when it cannot be read. */
export function processCpuMs(pid: number | string): number | undefined {
  try {
    // Fields 14 and 15 (utime, stime) in clock ticks, after the command name in parentheses.
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond();
  } catch {
    return undefined;
  }
}
