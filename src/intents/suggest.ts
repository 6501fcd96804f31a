/**
 * "Did you mean ...?" for misspelt field names and values: the nearest known word by
 * edit distance, ignoring case, when it is near enough to be a plausible typo.
 */

/** The known word `input` most likely is a typo of, or undefined when none is close. */
export function findNearest(input: string, known: readonly string[]): string | undefined {
  const wanted = input.toLowerCase();
  let best: { word: string; distance: number } | undefined;
  for (const word of known) {
    const candidate = word.toLowerCase();
    const distance = candidate === wanted ? 0 : editDistance(wanted, candidate);
    if (best === undefined || distance < best.distance) {
      best = { word, distance };
    }
  }
  if (best === undefined) {
    return undefined;
  }
  // A third of the word may be wrong (at least one letter); a prefix (`repo`) also counts.
  const tolerance = Math.max(1, Math.floor(input.length / 3));
  const prefix = known.find((word) => wanted.length >= 3 && word.toLowerCase().startsWith(wanted));
  return best.distance <= tolerance ? best.word : prefix;
}

/** Levenshtein distance with adjacent transpositions (`nmae` → `name` is one edit). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i += 1) {
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}
