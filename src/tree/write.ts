/**
 * Reconciles a desired tree onto disk in one call: recover, read, plan and apply, all
 * under the tree's lock, so the plan is made from exactly the tree it is applied to.
 */
import { applyLocked, TreeWorld, withTreeLock } from './apply';
import { planTree, PlanTreeOptions } from './plan';
import { readOwnedTree } from './read';

/** Options for {@link writeTree}: the plan's, plus the world it touches. */
export type WriteTreeOptions = PlanTreeOptions & TreeWorld;

/** What {@link writeTree} changed. Paths are POSIX, relative to the root, sorted. */
export interface WriteTreeSummary {
  readonly added: string[];
  readonly updated: string[];
  readonly deleted: string[];
  /** Desired files that already had the right bytes and were not touched. */
  readonly unchanged: number;
}

/**
 * Makes gitops-synth's files under `root/clusters/` exactly `desired`, touching nothing it
 * does not own. Throws FOREIGN_FILE or DELETION_GUARD (see {@link planTree}) before writing.
 */
export async function writeTree(
  root: string,
  desired: ReadonlyMap<string, string>,
  options: WriteTreeOptions,
): Promise<WriteTreeSummary> {
  return withTreeLock(root, options, async (fs, paths) => {
    const current = await readOwnedTree(root, { clusters: options.clusters, fs });
    const plan = planTree(current, desired, options);
    await applyLocked(fs, root, paths, plan);
    return {
      added: plan.writes.filter((w) => w.change === 'added').map((w) => w.path),
      updated: plan.writes.filter((w) => w.change === 'updated').map((w) => w.path),
      deleted: [...plan.deletes],
      unchanged: plan.unchanged,
    };
  });
}
