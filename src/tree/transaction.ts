/**
 * The steps of a write that touch the tree, each written so that it can be repeated, or
 * undone, from whatever state a crash left: every file move is a rename, and the state of
 * an operation can be read off which of its target, staged file and backup exist.
 *
 * For operation i on target T, with staged file S and backup B:
 * - switch: rename T -> B (absent T is fine), then for add/update rename S -> T.
 * - roll back: if S is gone, our file is at T: rename T -> S; then if B exists, rename B -> T.
 * Rolling back twice (a crash during a rollback) is therefore harmless.
 */
import * as fsSync from 'fs';
import * as path from 'path';
import { errorCode, FS_CONCURRENCY, nodeTreeFs, runBounded, tolerating, TreeFs } from './fs';
import { JournalOp } from './journal';
import { TreeChangedError } from './errors';
import { CommittedJournal, discardRun, findJournal, JournalPaths, SwitchingJournal } from './journal';

/** What recovery found and did. */
export type Recovery = 'none' | 'rolled-back' | 'finished';

/** Directory errors that mean "someone else's, or already done": the directory is left alone. */
const DIRECTORY_BUSY = ['ENOENT', 'ENOTEMPTY', 'EEXIST'];

/** Moves every staged file into the tree and every replaced or deleted file into its backup. */
export async function switchTree(
  fs: TreeFs,
  root: string,
  paths: JournalPaths,
  journal: SwitchingJournal,
): Promise<void> {
  for (const dir of journal.createDirectories) {
    await tolerating(['EEXIST'], () => fs.mkdir(path.join(root, dir)));
  }
  if (fs === nodeTreeFs) {
    journal.ops.forEach((op, index) => {
      checkLockNow(paths, index);
      switchOneSync(root, paths, op, index);
    });
    return;
  }
  await runBounded(journal.ops, FS_CONCURRENCY, async (op, index) => {
    checkLockNow(paths, index);
    const target = path.join(root, op.target);
    const backup = paths.backup(index);
    if (await tolerating(['ENOENT'], () => fs.rename(target, backup))) {
      // Checked after the move (not before), so nothing can slip in between and be overwritten.
      if (op.kind === 'add') {
        throw new TreeChangedError(`${op.target} appeared, but the plan adds it`);
      }
      if (!(await fs.lstat(backup)).isFile()) {
        throw new TreeChangedError(`${op.target} is no longer a regular file`);
      }
    }
    if (op.kind !== 'delete') {
      await fs.rename(paths.staged(index), target);
    }
  });
}

/** How many file moves go between two checks that this run still holds the lock (a check reads the lock file). */
const LOCK_CHECK_EVERY = 256;

/**
 * A run stopped mid-switch (SIGSTOP, a paused VM) for longer than its lease and the grace
 * may have lost its lock to a run that has since recovered the tree: it must not go on moving files.
 */
function checkLockNow(paths: JournalPaths, index: number): void {
  if (index % LOCK_CHECK_EVERY === 0) paths.assertLocked();
}

/**
 * One operation of {@link switchTree} with synchronous calls (the real filesystem):
 * the same steps in the same order, without a promise and a thread hand-off per file.
 */
function switchOneSync(root: string, paths: JournalPaths, op: JournalOp, index: number): void {
  const target = path.join(root, op.target);
  const backup = paths.backup(index);
  let moved = true;
  try {
    fsSync.renameSync(target, backup);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
    moved = false;
  }
  if (moved) {
    if (op.kind === 'add') {
      throw new TreeChangedError(`${op.target} appeared, but the plan adds it`);
    }
    if (!fsSync.lstatSync(backup).isFile()) {
      throw new TreeChangedError(`${op.target} is no longer a regular file`);
    }
  }
  if (op.kind !== 'delete') {
    fsSync.renameSync(paths.staged(index), target);
  }
}

/** Puts the tree back as it was before {@link switchTree}, from any state it reached, then forgets the run. */
export async function rollBack(
  fs: TreeFs,
  root: string,
  paths: JournalPaths,
  journal: SwitchingJournal,
): Promise<void> {
  await runBounded(journal.ops, FS_CONCURRENCY, async (op, index) => {
    const target = path.join(root, op.target);
    const staged = paths.staged(index);
    if (op.kind !== 'delete' && !(await exists(fs, staged))) {
      await tolerating(['ENOENT'], () => fs.rename(target, staged));
    }
    await tolerating(['ENOENT'], () => fs.rename(paths.backup(index), target));
  });
  for (const dir of [...journal.createDirectories].reverse()) {
    await tolerating(DIRECTORY_BUSY, () => fs.rmdir(path.join(root, dir)));
  }
  await discardRun(fs, paths);
}

/**
 * Finishes a committed write: removes the directories it left empty (only if empty, so
 * never one that holds a foreign file) and the backups. Returns the directories removed.
 */
export async function finish(
  fs: TreeFs,
  root: string,
  paths: JournalPaths,
  journal: CommittedJournal,
): Promise<string[]> {
  const removed: string[] = [];
  for (const dir of journal.removeDirectories) {
    // The files are already in place; a directory that cannot go (busy, permissions) is merely untidy.
    if (
      await fs.rmdir(path.join(root, dir)).then(
        () => true,
        () => false,
      )
    ) {
      removed.push(dir);
    }
  }
  await discardRun(fs, paths);
  return removed;
}

/** Rolls back or finishes what an interrupted write left, and removes any leftover staged files. */
export async function recover(fs: TreeFs, root: string, paths: JournalPaths): Promise<Recovery> {
  const journal = await findJournal(fs, paths);
  if (journal === undefined) {
    await discardRun(fs, paths); // Staged files of a run killed before it touched the tree.
    return 'none';
  }
  if (journal.state === 'switching') {
    await rollBack(fs, root, paths, journal);
    return 'rolled-back';
  }
  await finish(fs, root, paths, journal);
  return 'finished';
}

async function exists(fs: TreeFs, absolute: string): Promise<boolean> {
  return fs.lstat(absolute).then(
    () => true,
    (error: unknown) => {
      if ((error as { code?: string }).code === 'ENOENT') {
        return false;
      }
      throw error;
    },
  );
}
