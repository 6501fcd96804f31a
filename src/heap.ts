/**
 * How the CLI's heap grows. By default V8 lets the old generation grow to about four
 * times what survived the last full collection whenever collecting is cheap; a fleet
 * synth keeps ~150 MB of intents alive at the end of loading at 100,000 objects, so the
 * heap climbed past 600 MB between two collections.
 *
 * Two settings, by phase. The peak comes while the loaded intents are validated, all
 * alive, with the validation's garbage on top: growing by a tenth there keeps it lowest.
 * Rendering and writing allocate fast while the intents are let go, and a tenth there
 * made the main thread collect so often that the write of a 100,000-object synth took
 * 17.5–18.1 s instead of 11.2–12.7 s (two runs each, 2026-12-06); a quarter keeps the
 * write's pace (50% had given peaks of 380–450 MB). `check` writes nothing, so it keeps the
 * tenth throughout. See bench/README.md for the figures.
 */
import { setFlagsFromString } from 'v8';

/** The heap growth gitops-synth runs with: 25% over what survived the last full collection. */
export const HEAP_GROWING_PERCENT = 25;
/** The heap growth while the intents are loaded and validated (see {@link withLoadingHeap}). */
export const LOADING_HEAP_GROWING_PERCENT = 10;

/** True once {@link tuneHeapGrowth} has set the growth: only then does {@link withLoadingHeap} change it. */
let tuned = false;

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
  setGrowth(HEAP_GROWING_PERCENT);
  tuned = true;
  return true;
}

/** How many {@link withLoadingHeap} calls are running (they nest: check loads inside its own). */
let loading = 0;

/**
 * Runs `body` with the loading growth, then puts the run's growth back once no other
 * such call is running. Does nothing unless the CLI tuned the heap: a user's own
 * choice, or a library caller's process, is left alone. Loading the intents runs in it,
 * and so does the whole of `check`, which writes nothing and so loses no pace to it.
 */
export async function withLoadingHeap<T>(body: () => Promise<T>): Promise<T> {
  if (!tuned) return body();
  if (loading++ === 0) setGrowth(LOADING_HEAP_GROWING_PERCENT);
  try {
    return await body();
  } finally {
    if (--loading === 0) setGrowth(HEAP_GROWING_PERCENT);
  }
}

function setGrowth(percent: number): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
