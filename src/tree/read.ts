/**
 * Reads what gitops-synth owns in a repository tree, and what else is there that a
 * write could collide with. Only `clusters/<id>/**` of the selected clusters is read;
 * symlinks are recorded but never followed, `.git` is skipped.
 */
import * as fsSync from 'fs';
import * as path from 'path';
import { errorCode, createLimiter, FS_CONCURRENCY, nodeTreeFs, TreeFs } from './fs';
import { TreeRootError } from './errors';
import { isOwnedContent, mayBeOwned } from './ownership';
import { ALL_CLUSTERS, CLUSTERS_DIR, ClusterFilter } from './paths';

/** What is on disk below `clusters/`, as far as a plan needs to know. */
export interface OwnedTree {
  /** gitops-synth's own files (path -> contents), sorted by path. */
  readonly files: ReadonlyMap<string, string>;
  /**
   * Every other non-directory entry (files, symlinks, sockets...) inside the selected
   * clusters, plus those directly in `clusters/` (such as a symlinked cluster directory),
   * and `clusters` itself when it is not a real directory. A write at, or below, any of
   * these would touch something gitops-synth does not own.
   */
  readonly foreign: ReadonlySet<string>;
  /** Every real directory inside the selected clusters, including `clusters/<id>` itself, and `clusters`. */
  readonly directories: ReadonlySet<string>;
  /** The clusters that were read; a plan may touch no other. */
  readonly selects: ClusterFilter;
}

/** Options for {@link readOwnedTree}. */
export interface ReadOwnedTreeOptions {
  /** Read only these clusters (sharding); the others are neither read nor touched. */
  readonly clusters?: ClusterFilter;
  readonly fs?: TreeFs;
}

/** Reads `root/clusters/*` (see {@link OwnedTree}); an absent `clusters/` is an empty tree. */
export async function readOwnedTree(root: string, options: ReadOwnedTreeOptions = {}): Promise<OwnedTree> {
  const fs = options.fs ?? nodeTreeFs;
  const selects = options.clusters ?? ALL_CLUSTERS;
  await ensureRootDirectory(fs, root);
  const found: Found = { owned: [], foreign: new Set(), directories: new Set() };
  const top = await findEntry(fs, path.join(root, CLUSTERS_DIR));
  if (top === 'directory') {
    found.directories.add(CLUSTERS_DIR);
    if (fs === nodeTreeFs) {
      walkClustersSync(root, selects, found);
    } else {
      await walkClusters(fs, root, selects, found);
    }
  } else if (top !== 'absent') {
    found.foreign.add(CLUSTERS_DIR);
  }
  found.owned.sort((a, b) => (a[0] < b[0] ? -1 : 1));
  return { files: new Map(found.owned), foreign: found.foreign, directories: found.directories, selects };
}

interface Found {
  owned: Array<[string, string]>;
  foreign: Set<string>;
  directories: Set<string>;
}

/** Throws TREE_ROOT_MISSING unless `root` is a directory (checked before anything is created in it). */
export async function ensureRootDirectory(fs: TreeFs, root: string): Promise<void> {
  const kind = await findEntry(fs, root).catch(() => 'absent');
  if (kind !== 'directory') {
    throw new TreeRootError(root);
  }
}

async function findEntry(fs: TreeFs, absolute: string): Promise<'absent' | 'directory' | 'other'> {
  try {
    return (await fs.lstat(absolute)).isDirectory() ? 'directory' : 'other';
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      return 'absent';
    }
    throw error;
  }
}

/**
 * {@link walkClusters} on the real filesystem with synchronous calls: for many small
 * files, one thread reading in order is several times faster than promises through
 * libuv's pool (no per-file promise, no thread hand-off), and a read-only walk
 * has no ordering hazards. Same results as the asynchronous walk.
 */
function walkClustersSync(root: string, selects: ClusterFilter, found: Found): void {
  const walk = (directory: string): void => {
    for (const entry of fsSync.readdirSync(path.join(root, directory), { withFileTypes: true })) {
      visit(`${directory}/${entry.name}`, entry);
    }
  };
  const visit = (relative: string, entry: fsSync.Dirent): void => {
    if (entry.name === '.git') {
      return;
    }
    if (entry.isDirectory()) {
      found.directories.add(relative);
      walk(relative);
      return;
    }
    if (entry.isFile() && mayBeOwned(relative)) {
      const text = fsSync.readFileSync(path.join(root, relative), 'utf8');
      if (isOwnedContent(text)) {
        found.owned.push([relative, text]);
        return;
      }
    }
    found.foreign.add(relative);
  };
  clusterDirectories(
    fsSync.readdirSync(path.join(root, CLUSTERS_DIR), { withFileTypes: true }),
    selects,
    found,
  ).forEach(walk);
}

/**
 * Sorts the entries directly in `clusters/` (shared by the synchronous and the injected
 * walks): files there are foreign, selected cluster directories are returned to walk.
 */
function clusterDirectories(
  entries: ReadonlyArray<{ name: string; isDirectory(): boolean }>,
  selects: ClusterFilter,
  found: Found,
): string[] {
  const toWalk: string[] = [];
  for (const entry of entries) {
    const relative = `${CLUSTERS_DIR}/${entry.name}`;
    if (entry.name === '.git') {
      continue;
    }
    if (!entry.isDirectory()) {
      found.foreign.add(relative);
    } else if (selects(entry.name)) {
      found.directories.add(relative);
      toWalk.push(relative);
    }
  }
  return toWalk;
}

async function walkClusters(fs: TreeFs, root: string, selects: ClusterFilter, found: Found): Promise<void> {
  const limit = createLimiter(FS_CONCURRENCY);
  const entries = await fs.readdir(path.join(root, CLUSTERS_DIR));
  await Promise.all(clusterDirectories(entries, selects, found).map((relative) => walk(relative)));

  // Recursion is not limited, only the calls that open something, so a deep tree cannot deadlock the limiter.
  async function walk(directory: string): Promise<void> {
    const children = await limit(() => fs.readdir(path.join(root, directory)));
    await Promise.all(children.map((child) => visit(`${directory}/${child.name}`, child)));
  }

  async function visit(
    relative: string,
    entry: { name: string; isDirectory(): boolean; isFile(): boolean },
  ): Promise<void> {
    if (entry.name === '.git') {
      return;
    }
    if (entry.isDirectory()) {
      found.directories.add(relative);
      return walk(relative);
    }
    if (entry.isFile() && mayBeOwned(relative)) {
      const text = await limit(() => fs.readFile(path.join(root, relative)));
      if (isOwnedContent(text)) {
        found.owned.push([relative, text]);
        return;
      }
    }
    // Symlinks land here too: Dirent reports the link itself, so it is never followed.
    found.foreign.add(relative);
  }
}
