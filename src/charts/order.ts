/**
 * One ordering for everything gitops-synth sorts. It compares UTF-16 code units, as
 * `Array.prototype.sort()` does, and never the locale: `localeCompare` would make the
 * output depend on LANG (a Turkish dotless i, a Swedish å), and the same intents
 * must give the same bytes everywhere.
 */

/** Compares two strings by code units: negative, zero or positive, like a sort comparator. */
export function compareCodeUnits(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Compares two lists of strings element by element with {@link compareCodeUnits}. */
export function compareKeys(a: readonly string[], b: readonly string[]): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const order = compareCodeUnits(a[index], b[index]);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
