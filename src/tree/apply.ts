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
import { FileLockOptions, LockError } from '../lock';
import { InvalidDesiredTreeError, TreeApplyError, TreeChangedError, TreeRollbackError } from './errors';
import {
  acquireLock,
  currentProcess,
  ensureJournalDir,
  JournalOp,
  JournalPaths,
  SwitchingJournal,
  TreeProcess,
  writeJournal,
} from './journal';
import { CLUSTERS_DIR, findPathProblem } from './paths';
import { TreePlan, TreeWrite } from './plan';
import { ensureRootDirectory } from './read';
import { finish, recover, Recovery, rollBack, switchTree } from './transaction';

/** The world a write touches; both default to the real ones. */
export interface TreeWorld {
  readonly fs?: TreeFs;
  /** Who takes the lock (tests play other, live or dead, runs). */
  readonly process?: TreeProcess;
  /** The lock's lease and grace (tests shorten them). */
  readonly lock?: Pick<FileLockOptions, 'leaseMs' | 'graceMs'>;
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
export async function applyTreePlan(
  root: string,
  plan: TreePlan,
  world: TreeWorld = {},
): Promise<ApplyResult> {
  return withTreeLock(root, world, async (fs, paths, recovery) => {
    if (recovery !== 'none') {
      throw new TreeChangedError(
        `an interrupted earlier write was ${recovery === 'rolled-back' ? 'rolled back' : 'finished'} after this plan was made; read and plan again`,
      );
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
  const lock = await acquireLock(paths, world.process ?? currentProcess(), world.lock);
  const locked: JournalPaths = { ...paths, assertLocked: () => lock.assertHeld() };
  try {
    // Recovery rolls back only a journal whose run's lock was provably given up: this run holds it now.
    locked.assertLocked();
    return await body(fs, locked, await recover(fs, root, locked));
  } finally {
    await lock.release();
  }
}

/** Stages, switches and finishes `plan`; the caller holds the lock and has recovered. */
export async function applyLocked(
  fs: TreeFs,
  root: string,
  paths: JournalPaths,
  plan: TreePlan,
): Promise<ApplyResult> {
  checkPlanPaths(plan);
  const ops: JournalOp[] = [
    ...plan.writes.map((w): JournalOp => ({ target: w.path, kind: w.change === 'added' ? 'add' : 'update' })),
    ...plan.deletes.map((target): JournalOp => ({ target, kind: 'delete' })),
  ];
  if (ops.length === 0) {
    return { written: 0, deleted: 0, removedDirectories: [] };
  }
  await beginStaging(fs, root, paths);
  await stageWrites(fs, root, paths, plan.writes, 0);
  const removedDirectories = await switchStaged(fs, root, paths, {
    ops,
    createDirectories: plan.createDirectories,
    removeDirectories: plan.removeDirectories,
  });
  return { written: plan.writes.length, deleted: plan.deletes.length, removedDirectories };
}

/** What {@link switchStaged} puts in place: operation i's new bytes are staged file i. */
export interface StagedChanges {
  readonly ops: readonly JournalOp[];
  /** Shallowest first. */
  readonly createDirectories: readonly string[];
  /** Deepest first; each is removed only if it really is empty. */
  readonly removeDirectories: readonly string[];
}

/**
 * Writes the journal, switches every staged file in and every replaced or deleted file
 * out, and finishes; rolls back on any error. The caller holds the lock, has recovered
 * and has staged each add or update at its operation's index.
 */
export async function switchStaged(
  fs: TreeFs,
  root: string,
  paths: JournalPaths,
  changes: StagedChanges,
): Promise<string[]> {
  const journal: SwitchingJournal = {
    version: 1,
    state: 'switching',
    ops: changes.ops,
    createDirectories: changes.createDirectories,
  };
  paths.assertLocked();
  try {
    await writeJournal(fs, paths, journal);
    await switchTree(fs, root, paths, journal);
    paths.assertLocked();
    await writeJournal(fs, paths, {
      version: 1,
      state: 'committed',
      removeDirectories: changes.removeDirectories,
    });
  } catch (error) {
    // A run whose lock was taken over leaves the tree to the new holder, which has recovered it.
    if (error instanceof LockError) throw error;
    try {
      paths.assertLocked();
      await rollBack(fs, root, paths, journal);
    } catch (rollbackError) {
      if (rollbackError instanceof LockError) throw rollbackError;
      throw new TreeRollbackError(paths.dir, error, rollbackError);
    }
    throw error instanceof GitopsSynthError ? error : new TreeApplyError(root, error);
  }
  return finish(fs, root, paths, {
    version: 1,
    state: 'committed',
    removeDirectories: changes.removeDirectories,
  });
}

/** Empties and makes the run's staging and backup directories (outside the tree: nothing there is touched). */
export async function beginStaging(fs: TreeFs, root: string, paths: JournalPaths): Promise<void> {
  try {
    await fs.removeAll(paths.run);
    await fs.mkdir(paths.run);
    await fs.mkdir(path.dirname(paths.staged(0)));
    await fs.mkdir(path.dirname(paths.backup(0)));
  } catch (error) {
    await discardStaging(fs, paths);
    throw new TreeApplyError(root, error);
  }
}

/** Writes the new bytes of `writes` as staged files `firstIndex`, `firstIndex + 1`, ...; on failure, drops every staged file. */
export async function stageWrites(
  fs: TreeFs,
  root: string,
  paths: JournalPaths,
  writes: readonly TreeWrite[],
  firstIndex: number,
): Promise<void> {
  try {
    if (fs === nodeTreeFs) {
      // On the real filesystem, one thread writing in order beats promises through libuv's pool several times over.
      writes.forEach((write, index) =>
        fsSync.writeFileSync(paths.staged(firstIndex + index), write.content, {
          encoding: 'utf8',
          flag: 'wx',
        }),
      );
    } else {
      await runBounded(writes, FS_CONCURRENCY, (write, index) =>
        fs.writeFile(paths.staged(firstIndex + index), write.content, 'wx'),
      );
    }
  } catch (error) {
    await discardStaging(fs, paths);
    throw new TreeApplyError(root, error);
  }
}

/** Drops the run's staged files (the tree was never touched). */
export async function discardStaging(fs: TreeFs, paths: JournalPaths): Promise<void> {
  await fs.removeAll(paths.run).catch(() => undefined);
}

/** A plan may be built by hand: check it cannot reach outside the clusters' directories before touching anything. */
export function checkPlanPaths(plan: TreePlan): void {
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
