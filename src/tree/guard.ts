/**
 * The deletion guard: an empty or truncated intents export must not wipe the fleet's
 * GitOps repository. Pure; thrown before anything is written.
 */
import { DeletionGuardError, TreeOptionError } from './errors';
import { findClusterId } from './paths';

/** What the guard looks at. */
export interface DeletionFacts {
  /** gitops-synth's own files in the planned clusters. */
  readonly owned: readonly string[];
  /** The subset of `owned` the plan deletes. */
  readonly deletes: readonly string[];
  /** The desired files of the planned clusters. */
  readonly wanted: ReadonlyMap<string, string>;
  readonly allowDeletions: boolean;
  /** The largest share (0..1) of owned files that may go without `allowDeletions`. */
  readonly maxShare: number;
  /**
   * Deletions the caller expects (operations that aged out under `--operation-retention`):
   * they are not the sign of a truncated intents export, so they neither trip the guard
   * nor count in its share.
   */
  readonly expected?: ReadonlySet<string>;
  /**
   * gitops-synth's files in clusters this plan does not read because they are known to
   * be up to date (see `src/pipeline/synth-tree.ts`). They are the fleet's files all the
   * same, so they count in the share, exactly as they would had they been read.
   */
  readonly unreadOwned?: number;
}

/**
 * Throws {@link DeletionGuardError} when, without `allowDeletions`, the plan deletes more
 * than `maxShare` of the owned files, or leaves a cluster that had owned files with none.
 */
export function checkDeletions(facts: DeletionFacts): void {
  if (!(facts.maxShare >= 0 && facts.maxShare <= 1)) {
    throw new TreeOptionError(
      `The maximum share of deletions must be between 0 and 1, not ${facts.maxShare}.`,
      'Pass a fraction such as 0.5.',
    );
  }
  const expected = facts.expected ?? new Set<string>();
  const owned = facts.owned.filter((path) => !expected.has(path));
  const deletes = facts.deletes.filter((path) => !expected.has(path));
  if (facts.allowDeletions || deletes.length === 0) {
    return;
  }
  const emptiedClusters = findEmptiedClusters({ ...facts, owned, deletes });
  const ownedCount = owned.length + (facts.unreadOwned ?? 0);
  if (deletes.length > facts.maxShare * ownedCount || emptiedClusters.length > 0) {
    throw new DeletionGuardError({
      deleting: deletes.length,
      owned: ownedCount,
      maxShare: facts.maxShare,
      emptiedClusters,
      paths: deletes,
    });
  }
}

/** Clusters where every owned file is deleted and no desired file is left. */
function findEmptiedClusters(facts: DeletionFacts): string[] {
  const remaining = new Set<string>();
  for (const path of facts.wanted.keys()) {
    remaining.add(findClusterId(path) ?? '');
  }
  const deleted = new Set(facts.deletes);
  for (const path of facts.owned) {
    if (!deleted.has(path)) {
      remaining.add(findClusterId(path) ?? '');
    }
  }
  const emptied = new Set(
    facts.deletes.map((path) => findClusterId(path) ?? '').filter((cluster) => !remaining.has(cluster)),
  );
  return [...emptied].sort();
}
