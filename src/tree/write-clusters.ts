/**
 * {@link writeTree} one cluster at a time, for fleets too large to hold twice in memory:
 * each cluster's desired files are planned against what is on disk for that cluster and
 * their new bytes staged (outside the tree) as soon as synthesis yields them, so only one
 * cluster's files are ever held. The tree itself is touched only after the last cluster
 * was staged and the deletion guard has seen the whole run: a synthesis error, a foreign
 * file or a tripped guard at the last cluster still leaves the tree exactly as it was.
 */
import * as path from 'path';
import {
  beginStaging,
  checkPlanPaths,
  discardStaging,
  stageWrites,
  switchStaged,
  TreeWorld,
  withTreeLock,
} from './apply';
import { TreeFs } from './fs';
import { checkDeletions } from './guard';
import { JournalOp, JournalPaths } from './journal';
import { ALL_CLUSTERS, CLUSTERS_DIR, deepestFirst } from './paths';
import { planTree, PlanTreeOptions } from './plan';
import { readOwnedTree } from './read';
import type { WriteTreeSummary } from './write';

/** One cluster's desired files (tree path → bytes), as synthesis yields them. */
export interface ClusterFiles {
  readonly cluster: string;
  readonly files: ReadonlyMap<string, string>;
}

/** Options for {@link writeClusters}: {@link writeTree}'s. */
export type WriteClustersOptions = PlanTreeOptions & TreeWorld;

/** What the run has planned and staged so far. */
interface Staged {
  readonly ops: JournalOp[];
  readonly added: string[];
  readonly updated: string[];
  readonly deleted: string[];
  unchanged: number;
  /** Every owned file of the planned clusters, for the deletion guard. */
  readonly owned: string[];
  /** The desired paths of the planned clusters (values unused), for the deletion guard. */
  readonly wanted: Map<string, string>;
  readonly createDirectories: Set<string>;
  readonly removeDirectories: Set<string>;
}

/**
 * Makes gitops-synth's files under `root/clusters/` of every selected cluster exactly
 * what `desired` yields, as {@link writeTree} does for a whole tree: the same guards
 * (FOREIGN_FILE, DELETION_GUARD over the whole run), the same atomic switch and crash
 * recovery. Selected cluster directories that `desired` does not yield are planned with
 * no desired file (their owned files go). Clusters `options.clusters` does not select
 * are neither read nor touched, and their desired files are ignored.
 */
export async function writeClusters(
  root: string,
  desired: Iterable<ClusterFiles> | AsyncIterable<ClusterFiles>,
  options: WriteClustersOptions,
): Promise<WriteTreeSummary> {
  const selects = options.clusters ?? ALL_CLUSTERS;
  return withTreeLock(root, options, async (fs, paths) => {
    const staged: Staged = {
      ops: [],
      added: [],
      updated: [],
      deleted: [],
      unchanged: 0,
      owned: [],
      wanted: new Map(),
      createDirectories: new Set(),
      removeDirectories: new Set(),
    };
    await beginStaging(fs, root, paths);
    try {
      const planned = new Set<string>();
      for await (const cluster of desired) {
        if (!selects(cluster.cluster) || planned.has(cluster.cluster)) continue;
        planned.add(cluster.cluster);
        await planCluster(fs, root, paths, cluster, options, staged);
      }
      for (const id of await listClusterDirectories(fs, root)) {
        if (selects(id) && !planned.has(id))
          await planCluster(fs, root, paths, { cluster: id, files: new Map() }, options, staged);
      }
      checkDeletions({
        owned: staged.owned,
        deletes: staged.deleted,
        wanted: staged.wanted,
        allowDeletions: options.allowDeletions,
        maxShare: options.maxDeletionShare ?? 0.5,
        expected: options.expectedDeletions,
        unreadOwned: options.unreadOwnedFiles,
      });
    } catch (error) {
      await discardStaging(fs, paths);
      throw error;
    }
    if (staged.ops.length === 0) {
      await discardStaging(fs, paths);
    } else {
      await switchStaged(fs, root, paths, {
        ops: staged.ops,
        createDirectories: deepestFirst(staged.createDirectories).reverse(),
        removeDirectories: deepestFirst(staged.removeDirectories),
      });
    }
    return {
      added: staged.added.sort(),
      updated: staged.updated.sort(),
      deleted: staged.deleted.sort(),
      unchanged: staged.unchanged,
    };
  });
}

/** Plans one cluster against the disk and stages its new bytes; the deletion guard waits for the whole run. */
async function planCluster(
  fs: TreeFs,
  root: string,
  paths: JournalPaths,
  cluster: ClusterFiles,
  options: WriteClustersOptions,
  staged: Staged,
): Promise<void> {
  const only = (id: string): boolean => id === cluster.cluster;
  const current = await readOwnedTree(root, { clusters: only, fs });
  // The guard is checked once, over every cluster of the run, by the caller.
  const plan = planTree(current, cluster.files, {
    allowDeletions: true,
    maxDeletionShare: options.maxDeletionShare,
    clusters: only,
  });
  checkPlanPaths(plan);
  await stageWrites(fs, root, paths, plan.writes, staged.ops.length);
  for (const write of plan.writes) {
    staged.ops.push({ target: write.path, kind: write.change === 'added' ? 'add' : 'update' });
    (write.change === 'added' ? staged.added : staged.updated).push(write.path);
  }
  for (const target of plan.deletes) {
    staged.ops.push({ target, kind: 'delete' });
    staged.deleted.push(target);
  }
  staged.unchanged += plan.unchanged;
  staged.owned.push(...current.files.keys());
  for (const file of cluster.files.keys()) if (only(file.split('/')[1] ?? '')) staged.wanted.set(file, '');
  plan.createDirectories.forEach((dir) => staged.createDirectories.add(dir));
  plan.removeDirectories.forEach((dir) => staged.removeDirectories.add(dir));
}

/** The directories in `clusters/` (none when it is absent or not a directory: the plan reports a foreign `clusters`). */
async function listClusterDirectories(fs: TreeFs, root: string): Promise<string[]> {
  try {
    return (await fs.readdir(path.join(root, CLUSTERS_DIR)))
      .filter((entry) => entry.isDirectory() && entry.name !== '.git')
      .map((entry) => entry.name)
      .sort();
  } catch {
    return [];
  }
}
