/**
 * Wall time and peak memory of one benchmark stage. Peak memory is the process's
 * resident set high-water mark (Linux `VmHWM`), reset before each stage through
 * `/proc/self/clear_refs`, so each stage reports its own peak; elsewhere the
 * resident set after the stage is reported instead.
 */
import * as fs from 'fs';

/** One stage's figures. */
export interface StageFigures {
  readonly stage: string;
  readonly ms: number;
  /** Peak resident memory during the stage, in MB (10^6 bytes). */
  readonly peakMb: number;
}

function resetPeak(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

function readPeakMb(): number {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'));
    if (match !== null) return Math.round(Number(match[1]) / 1000);
  } catch {
    // Not Linux: fall through.
  }
  return Math.round(process.memoryUsage().rss / 1e6);
}

/** Runs `body`, records its figures into `into`, and returns its result. */
export async function stage<T>(name: string, into: StageFigures[], body: () => T | Promise<T>): Promise<T> {
  resetPeak();
  const start = process.hrtime.bigint();
  const result = await body();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  into.push({ stage: name, ms: Math.round(ms), peakMb: readPeakMb() });
  return result;
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : Math.round((sorted[middle - 1] + sorted[middle]) / 2);
}
