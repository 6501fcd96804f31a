/**
 * Plans how to turn the tree on disk into the desired one: pure, so dry runs, diffs and
 * tests see exactly what a write would do. Refuses (throws) before anything is written
 * when a write would clobber a foreign file or when the deletions look like an accident.
 */
import { checkDeletions } from './guard';
import { ForeignCollision, ForeignFileError, InvalidDesiredTreeError } from './errors';
import { isOwnedContent, mayBeOwned } from './ownership';
import { OwnedTree } from './read';
import {
  ClusterFilter,
  CLUSTERS_DIR,
  clusterAncestors,
  deepestFirst,
  findClusterId,
  findPathProblem,
} from './paths';

/** One file to write. */
export interface TreeWrite {
  readonly path: string;
  readonly content: string;
  /** `added` when no file is there yet, `updated` when gitops-synth's own file has other bytes. */
  readonly change: 'added' | 'updated';
}

/** What one write of the tree does. Paths are POSIX, relative to the repository root, sorted. */
export interface TreePlan {
  readonly writes: readonly TreeWrite[];
  /** gitops-synth's own files that the intents no longer produce. */
  readonly deletes: readonly string[];
  /** How many desired files already have the right bytes (and are left alone). */
  readonly unchanged: number;
  /** Directories that added files need (`clusters` itself in a new repository), shallowest first. */
  readonly createDirectories: readonly string[];
  /** Directories the deletes leave empty, deepest first; each is removed only if it really is empty. */
  readonly removeDirectories: readonly string[];
}

/** Options for {@link planTree}. */
export interface PlanTreeOptions {
  /** Lets the plan delete more than `maxDeletionShare` of the owned files, or all of a cluster's (`--allow-deletions`). */
  readonly allowDeletions: boolean;
  /** The largest share (0..1) of owned files a plan may delete without `allowDeletions`; default 0.5. */
  readonly maxDeletionShare?: number;
  /** Plan only these clusters; desired files of other clusters are ignored. Defaults to the clusters that were read. */
  readonly clusters?: ClusterFilter;
  /** Deletions the deletion guard should not count (see `DeletionFacts.expected` in guard.ts). */
  readonly expectedDeletions?: ReadonlySet<string>;
  /** Owned files of clusters left unread because they are up to date; they count in the deletion share. */
  readonly unreadOwnedFiles?: number;
}

/** Plans the write of `desired` (path -> contents) over `current`; see {@link TreePlan}. */
export function planTree(
  current: OwnedTree,
  desired: ReadonlyMap<string, string>,
  options: PlanTreeOptions,
): TreePlan {
  const selects = options.clusters ?? current.selects;
  const wanted = selectDesired(current, desired, selects);
  checkCollisions(current, wanted);

  const writes: TreeWrite[] = [];
  let unchanged = 0;
  for (const [path, content] of wanted) {
    const existing = current.files.get(path);
    if (existing === content) {
      unchanged++;
    } else {
      writes.push({ path, content, change: existing === undefined ? 'added' : 'updated' });
    }
  }
  const owned = [...current.files.keys()].filter((path) => selects(findClusterId(path) ?? ''));
  const deletes = owned.filter((path) => !wanted.has(path));
  checkDeletions({
    owned,
    deletes,
    wanted,
    allowDeletions: options.allowDeletions,
    maxShare: options.maxDeletionShare ?? 0.5,
    expected: options.expectedDeletions,
    unreadOwned: options.unreadOwnedFiles,
  });

  return {
    writes,
    deletes,
    unchanged,
    createDirectories: directoriesToCreate(current, writes),
    removeDirectories: directoriesToRemove(current, writes, deletes),
  };
}

/**
 * The desired files of the selected clusters, sorted by path, after checking every
 * desired path (all problems are reported at once; each one is a synth bug).
 */
function selectDesired(
  current: OwnedTree,
  desired: ReadonlyMap<string, string>,
  selects: ClusterFilter,
): Map<string, string> {
  const problems: string[] = [];
  const wanted = new Map<string, string>();
  for (const path of [...desired.keys()].sort()) {
    const content = desired.get(path) as string;
    const problem = findPathProblem(path);
    const cluster = findClusterId(path) ?? '';
    if (problem !== undefined) {
      problems.push(`${JSON.stringify(path)} ${problem}`);
    } else if (!selects(cluster)) {
      continue;
    } else if (!current.selects(cluster)) {
      problems.push(
        `${path}: cluster "${cluster}" was not read, so its files cannot be planned (read and plan with the same cluster filter)`,
      );
    } else if (!mayBeOwned(path) || !isOwnedContent(content)) {
      problems.push(
        `${path}: is not a .yaml file carrying the managed-by label, so the next run would not recognize it as gitops-synth's own`,
      );
    } else {
      wanted.set(path, content);
    }
  }
  for (const path of wanted.keys()) {
    for (const dir of clusterAncestors(path)) {
      if (wanted.has(dir)) {
        problems.push(`${path}: lies below ${dir}, which is also a desired file`);
      } else if (current.files.has(dir)) {
        problems.push(
          `${path}: needs a directory at ${dir}, where a file gitops-synth owns is; write once without ${path} first`,
        );
      }
    }
  }
  if (problems.length > 0) {
    throw new InvalidDesiredTreeError(problems);
  }
  return wanted;
}

/** Throws {@link ForeignFileError} listing every desired path at or below something foreign. */
function checkCollisions(current: OwnedTree, wanted: ReadonlyMap<string, string>): void {
  const collisions: ForeignCollision[] = [];
  for (const path of wanted.keys()) {
    if (current.foreign.has(path) || current.directories.has(path)) {
      collisions.push({ path, blockedBy: path });
      continue;
    }
    const blockedBy = [...clusterAncestors(path), 'clusters'].find((dir) => current.foreign.has(dir));
    if (blockedBy !== undefined) {
      collisions.push({ path, blockedBy });
    }
  }
  if (collisions.length > 0) {
    throw new ForeignFileError(collisions);
  }
}

function directoriesToCreate(current: OwnedTree, writes: readonly TreeWrite[]): string[] {
  const missing = new Set<string>();
  for (const write of writes) {
    for (const dir of [...clusterAncestors(write.path), CLUSTERS_DIR]) {
      if (current.directories.has(dir)) {
        break;
      }
      missing.add(dir);
    }
  }
  return deepestFirst(missing).reverse();
}

/**
 * The directories that hold nothing once the deletes are done: ancestors of deleted
 * files that hold no remaining file (owned, written or foreign) and no other directory.
 */
function directoriesToRemove(
  current: OwnedTree,
  writes: readonly TreeWrite[],
  deletes: readonly string[],
): string[] {
  const candidates = new Set(deletes.flatMap(clusterAncestors));
  if (candidates.size === 0) {
    return [];
  }
  const deleted = new Set(deletes);
  const kept = new Set<string>();
  const keepAncestors = (path: string): void => {
    for (const dir of clusterAncestors(path)) {
      if (kept.has(dir)) {
        return; // Its ancestors are already kept.
      }
      kept.add(dir);
    }
  };
  for (const path of current.files.keys()) {
    if (!deleted.has(path)) {
      keepAncestors(path);
    }
  }
  writes.forEach((write) => keepAncestors(write.path));
  current.foreign.forEach(keepAncestors);
  for (const dir of current.directories) {
    if (!candidates.has(dir)) {
      kept.add(dir); // A directory that stays, even an empty one, keeps its parent.
      keepAncestors(dir);
    }
  }
  return deepestFirst([...candidates].filter((dir) => !kept.has(dir)));
}
