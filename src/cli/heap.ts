/**
 * How the CLI's heap grows. By default V8 lets the old generation grow to about four
 * times what survived the last full collection whenever collecting is cheap; a fleet
 * synth keeps ~150 MB of intents alive at the end of loading at 100,000 objects, so the
 * heap climbed past 600 MB between two collections. Growing by a quarter instead keeps
 * the peak resident memory of a 100,000-object synth under 400 MB (50% gave 380–450 MB,
 * mostly garbage between collections while loading and writing); the extra full
 * collections cost no measurable wall time in the benchmark (see bench/README.md).
 */
import * as v8 from 'v8';

/** The heap growth gitops-synth runs with: 25% over what survived the last full collection. */
export const HEAP_GROWING_PERCENT = 25;

/**
 * Sets V8's heap growth for this process, unless the user chose one (`node
 * --heap-growing-percent=…` or NODE_OPTIONS). V8 reads the flag at every full
 * collection, so setting it after start-up takes effect from the next one. Returns
 * whether it was set.
 */
export function tuneHeapGrowth(
  execArgv: readonly string[] = process.execArgv,
  nodeOptions: string = process.env.NODE_OPTIONS ?? '',
): boolean {
  const chosen = [...execArgv, ...nodeOptions.split(/\s+/)].some((arg) =>
    /^--heap[-_]growing[-_]percent\b/.test(arg),
  );
  if (chosen) return false;
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  return true;
}
