/** Which paths differ between the tree on disk (or at a ref) and the tree the intents produce. */
export interface TreeComparison {
  /** Produced by the intents, absent from the current tree. */
  readonly added: readonly string[];
  /** Present in both with different bytes. */
  readonly changed: readonly string[];
  /** Owned by the tool in the current tree, no longer produced. */
  readonly removed: readonly string[];
}

/** Compares two trees byte for byte (pure); every list sorted. */
export function compareTrees(
  current: ReadonlyMap<string, string>,
  desired: ReadonlyMap<string, string>,
): TreeComparison {
  const added: string[] = [];
  const changed: string[] = [];
  for (const [path, content] of desired) {
    const before = current.get(path);
    if (before === undefined) {
      added.push(path);
    } else if (before !== content) {
      changed.push(path);
    }
  }
  const removed = [...current.keys()].filter((path) => !desired.has(path));
  return { added: added.sort(), changed: changed.sort(), removed: removed.sort() };
}

/** True when the trees hold the same files with the same bytes. */
export function isSameTree(comparison: TreeComparison): boolean {
  return comparison.added.length + comparison.changed.length + comparison.removed.length === 0;
}
