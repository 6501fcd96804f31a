/**
 * Applies a {@link TreePlan} to disk so that it either happens entirely or not at all:
 * every new file is staged first (outside the tree, on the same filesystem), a journal is
 * written, then files are switched in by renames; any failure rolls back, and a journal
 * left by a killed run is rolled back or finished before the next write.
 * Without fsync this survives a killed process, not a power cut.
 */
import * as fsSync from 'fs';
import * as path from 'path';
import { FS_CONCURRENCY, nodeTreeFs, runBounded, TreeFs } from './fs';
import { GitopsSynthError } from '../errors';
import { InvalidDesiredTreeError, TreeApplyError, TreeChangedError, TreeRollbackError } from './errors';
import { acquireLock, currentProcess, ensureJournalDir, JournalOp, JournalPaths, SwitchingJournal, TreeProcess, writeJournal } from './journal';
import { CLUSTERS_DIR, findPathProblem } from './paths';
import { TreePlan } from './plan';
import { ensureRootDirectory } from './read';
import { finish, recover, Recovery, rollBack, switchTree } from './transaction';

/** The world a write touches; both default to the real ones. */
export interface TreeWorld {
  readonly fs?: TreeFs;
  /** Who takes the lock (tests play other, live or dead, runs). */
  readonly process?: TreeProcess;
}

/** What {@link applyTreePlan} did. */
export interface ApplyResult {
  readonly written: number;
  readonly deleted: number;
  /** Directories removed because the deletes left them empty. */
  readonly removedDirectories: readonly string[];
}

/**
 * Writes `plan` under `root` (see the module comment). Throws TREE_CHANGED without writing
 * when it first had to recover an interrupted earlier write, because the plan was then made
 * from a tree that recovery has since changed: read and plan again ({@link writeTree} does).
 */
export async function applyTreePlan(root: string, plan: TreePlan, world: TreeWorld = {}): Promise<ApplyResult> {
  return withTreeLock(root, world, async (fs, paths, recovery) => {
    if (recovery !== 'none') {
      throw new TreeChangedError(`an interrupted earlier write was ${recovery === 'rolled-back' ? 'rolled back' : 'finished'} after this plan was made; read and plan again`);
    }
    return applyLocked(fs, root, paths, plan);
  });
}

/** Rolls back or finishes an interrupted write, if one is there; safe to call at any time. */
export async function recoverTree(root: string, world: TreeWorld = {}): Promise<Recovery> {
  return withTreeLock(root, world, async (_fs, _paths, recovery) => recovery);
}

/** Runs `body` holding the tree's lock, after recovering whatever an interrupted write left. */
export async function withTreeLock<T>(
  root: string,
  world: TreeWorld,
  body: (fs: TreeFs, paths: JournalPaths, recovery: Recovery) => Promise<T>,
): Promise<T> {
  const fs = world.fs ?? nodeTreeFs;
  await ensureRootDirectory(fs, root);
  const paths = await ensureJournalDir(fs, root);
  const release = await acquireLock(fs, paths, world.process ?? currentProcess());
  try {
    return await body(fs, paths, await recover(fs, root, paths));
  } finally {
    await release();
  }
}

/** Stages, switches and finishes `plan`; the caller holds the lock and has recovered. */
export async function applyLocked(fs: TreeFs, root: string, paths: JournalPaths, plan: TreePlan): Promise<ApplyResult> {
  checkPlanPaths(plan);
  const ops: JournalOp[] = [
    ...plan.writes.map((w): JournalOp => ({ target: w.path, kind: w.change === 'added' ? 'add' : 'update' })),
    ...plan.deletes.map((target): JournalOp => ({ target, kind: 'delete' })),
  ];
  if (ops.length === 0) {
    return { written: 0, deleted: 0, removedDirectories: [] };
  }
  await stage(fs, root, paths, plan);
  const journal: SwitchingJournal = { version: 1, state: 'switching', ops, createDirectories: plan.createDirectories };
  try {
    await writeJournal(fs, paths, journal);
    await switchTree(fs, root, paths, journal);
    await writeJournal(fs, paths, { version: 1, state: 'committed', removeDirectories: plan.removeDirectories });
  } catch (error) {
    try {
      await rollBack(fs, root, paths, journal);
    } catch (rollbackError) {
      throw new TreeRollbackError(paths.dir, error, rollbackError);
    }
    throw error instanceof GitopsSynthError ? error : new TreeApplyError(root, error);
  }
  const removedDirectories = await finish(fs, root, paths, { version: 1, state: 'committed', removeDirectories: plan.removeDirectories });
  return { written: plan.writes.length, deleted: plan.deletes.length, removedDirectories };
}

/** Writes every new file's bytes into the run's staging directory; on failure, drops them (the tree is untouched). */
async function stage(fs: TreeFs, root: string, paths: JournalPaths, plan: TreePlan): Promise<void> {
  try {
    await fs.removeAll(paths.run);
    await fs.mkdir(paths.run);
    await fs.mkdir(path.dirname(paths.staged(0)));
    await fs.mkdir(path.dirname(paths.backup(0)));
    if (fs === nodeTreeFs) {
      // On the real filesystem, one thread writing in order beats promises through libuv's pool several times over.
      plan.writes.forEach((write, index) => fsSync.writeFileSync(paths.staged(index), write.content, { encoding: 'utf8', flag: 'wx' }));
    } else {
      await runBounded(plan.writes, FS_CONCURRENCY, (write, index) => fs.writeFile(paths.staged(index), write.content, 'wx'));
    }
  } catch (error) {
    await fs.removeAll(paths.run).catch(() => undefined);
    throw new TreeApplyError(root, error);
  }
}

/** A plan may be built by hand: check it cannot reach outside the clusters' directories before touching anything. */
function checkPlanPaths(plan: TreePlan): void {
  const files = [...plan.writes.map((w) => w.path), ...plan.deletes];
  // A directory `clusters/<id>/...` passes when a file inside it would; only a new repository's `clusters` is created above that.
  const created = plan.createDirectories.filter((dir) => dir !== CLUSTERS_DIR);
  const directories = [...created, ...plan.removeDirectories].map((dir) => `${dir}/x`);
  const problems = [...files, ...directories]
    .map((p) => [p, findPathProblem(p)] as const)
    .filter((entry): entry is readonly [string, string] => entry[1] !== undefined)
    .map(([p, problem]) => `${JSON.stringify(p)} ${problem}`);
  if (new Set(files).size !== files.length) {
    problems.push('the plan names a file more than once');
  }
  if (problems.length > 0) {
    throw new InvalidDesiredTreeError(problems);
  }
}
