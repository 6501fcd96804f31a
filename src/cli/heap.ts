/**
 * How the CLI's heap grows. By default V8 lets the old generation grow to about four
 * times what survived the last full collection whenever collecting is cheap; a fleet
 * synth keeps ~150 MB of intents alive at the end of loading at 100,000 objects, so the
 * heap climbed past 600 MB between two collections. The peak comes while the loaded
 * intents are validated, all alive, with the validation's garbage on top. Growing by a
 * tenth keeps it lowest: at 100,000 objects, two runs each on 2 cores (2026-12-06), full
 * synth peaked at 348 and 348 MB with 10% against 377 and 406 MB with 25%, and check at
 * 375 and 414 MB against 413 and 419 MB (50% had given 380–450 MB). The extra full
 * collections cost no wall time these runs could see (synth 23.0/26.2 s against
 * 31.0/24.3 s, check 17.0/18.3 s against 19.3/22.6 s, on a shared machine).
 */
import * as v8 from 'v8';

/** The heap growth gitops-synth runs with: 10% over what survived the last full collection. */
export const HEAP_GROWING_PERCENT = 10;

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
