/**
 * Where a write keeps its staged files, its backups and its journal, and the lock that
 * keeps two writes of one tree apart.
 *
 * The place is `<root>/.git/gitops-synth/` when the root is a git repository: git never
 * shows or commits anything inside `.git`, Flux never reads it, and it is on the same
 * filesystem as the working tree, so moving files in and out is a rename. Elsewhere (a
 * plain directory, or a worktree whose `.git` is a file pointing to a git directory that
 * may be on another filesystem) it is `<root>/.gitops-synth/`, outside `clusters/` so
 * Flux never decodes it, with a `.gitignore` of `*` so it is never committed.
 */
import * as fsSync from 'fs';
import * as path from 'path';
import { errorCode, tolerating, TreeFs } from './fs';
import { StateSymlinkError, TreeJournalError, TreeLockedError } from './errors';
import {
  DEFAULT_LOCK_GRACE_MS,
  FileLockOptions,
  HeldLock,
  isProcessAlive,
  lockHostname,
  tryLock,
} from '../lock';

/** One file operation of a write; its staged file is `run/stage/<index>`, its backup `run/backup/<index>`. */
export interface JournalOp {
  readonly target: string;
  readonly kind: 'add' | 'update' | 'delete';
}

/** Written before the first file in the tree is touched: a crash from here on is rolled back. */
export interface SwitchingJournal {
  readonly version: 1;
  readonly state: 'switching';
  readonly ops: readonly JournalOp[];
  readonly createDirectories: readonly string[];
}

/** Written once every file is in place: a crash from here on is finished (empty directories, backups). */
export interface CommittedJournal {
  readonly version: 1;
  readonly state: 'committed';
  readonly removeDirectories: readonly string[];
}

/** What a write records about itself. */
export type Journal = SwitchingJournal | CommittedJournal;

/** The process that holds the lock; injected so tests can play a crashed or a live other run. */
export interface TreeProcess {
  readonly pid: number;
  readonly hostname: string;
  isAlive(pid: number): boolean;
}

/** This process, read when called (not at module load). */
export function currentProcess(): TreeProcess {
  return {
    pid: process.pid,
    hostname: lockHostname(),
    isAlive: isProcessAlive,
  };
}

/** The journal directory's paths. */
export interface JournalPaths {
  readonly dir: string;
  readonly journal: string;
  readonly run: string;
  staged(index: number): string;
  backup(index: number): string;
  /** Throws `LOCK_LOST` when this run no longer holds the tree's lock; set by whoever holds it. */
  assertLocked(): void;
}

/** The `.gitignore` of `<root>/.gitops-synth/`, so nothing in it is ever committed. */
const JOURNAL_IGNORE = "# gitops-synth's journal and staged files: never commit them.\n*\n";

/**
 * The journal directory of `root` found synchronously, by the same rule as
 * {@link ensureJournalDir}, for callers that cannot await (the synth cache). With
 * `create` it is also created (with its `.gitignore` outside git); without, nothing
 * is touched and the directory may not exist.
 */
export function journalDirSync(root: string, options: { readonly create?: boolean } = {}): string {
  let gitIsDirectory = false;
  try {
    gitIsDirectory = fsSync.lstatSync(path.join(root, '.git')).isDirectory();
  } catch {
    // Absent or unreadable: not a git directory, as in ensureJournalDir.
  }
  const dir = gitIsDirectory ? path.join(root, '.git', 'gitops-synth') : path.join(root, '.gitops-synth');
  checkStateDir(dir);
  if (options.create === true) {
    toleratingExists(() => fsSync.mkdirSync(dir));
    checkStateDir(dir);
    if (!gitIsDirectory) {
      toleratingExists(() =>
        fsSync.writeFileSync(path.join(dir, '.gitignore'), JOURNAL_IGNORE, { flag: 'wx' }),
      );
    }
  }
  return dir;
}

/**
 * Refuses (STATE_SYMLINK) a state directory that is a symbolic link or not a directory, or
 * that holds a symbolic link (directly or in `run/`): every write there would otherwise
 * follow it out of the root. An absent directory is fine. Files in it are also created
 * with O_EXCL (or O_NOFOLLOW) or replaced by rename, which never follow a link.
 */
export function checkStateDir(dir: string): void {
  const info = lstatIfPresent(dir);
  if (info === undefined) return;
  if (!info.isDirectory()) throw new StateSymlinkError(dir);
  for (const [base, names] of [
    [dir, fsSync.readdirSync(dir)],
    [path.join(dir, 'run'), readdirIfDirectory(path.join(dir, 'run'))],
  ] as const) {
    for (const name of names) {
      if (lstatIfPresent(path.join(base, name))?.isSymbolicLink() === true)
        throw new StateSymlinkError(path.join(base, name));
    }
  }
}

function lstatIfPresent(file: string): fsSync.Stats | undefined {
  try {
    return fsSync.lstatSync(file);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

function readdirIfDirectory(dir: string): string[] {
  return lstatIfPresent(dir)?.isDirectory() === true ? fsSync.readdirSync(dir) : [];
}

function toleratingExists(call: () => void): void {
  try {
    call();
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') {
      throw error;
    }
  }
}

/** Finds (and creates) the journal directory of `root`; see the module comment for why it is where it is. */
export async function ensureJournalDir(fs: TreeFs, root: string): Promise<JournalPaths> {
  const gitIsDirectory = await fs.lstat(path.join(root, '.git')).then(
    (s) => s.isDirectory(),
    () => false,
  );
  const dir = gitIsDirectory ? path.join(root, '.git', 'gitops-synth') : path.join(root, '.gitops-synth');
  checkStateDir(dir);
  await tolerating(['EEXIST'], () => fs.mkdir(dir));
  checkStateDir(dir);
  if (!gitIsDirectory) {
    await tolerating(['EEXIST'], () => fs.writeFile(path.join(dir, '.gitignore'), JOURNAL_IGNORE, 'wx'));
  }
  const run = path.join(dir, 'run');
  return {
    dir,
    journal: path.join(dir, 'journal.json'),
    run,
    staged: (index) => path.join(run, 'stage', String(index)),
    backup: (index) => path.join(run, 'backup', String(index)),
    assertLocked: () => undefined,
  };
}

/** Reads the journal a crashed or failed write left, or undefined when there is none. */
export async function findJournal(fs: TreeFs, paths: JournalPaths): Promise<Journal | undefined> {
  let text: string;
  try {
    text = await fs.readFile(paths.journal);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
  const journal = parseJournal(text);
  if (journal === undefined) {
    throw new TreeJournalError(
      'TREE_JOURNAL_INVALID',
      `The journal ${paths.journal} of an interrupted write cannot be read.`,
      `Compare the tree with git (git status) and restore it, then delete ${paths.dir}.`,
    );
  }
  return journal;
}

function parseJournal(text: string): Journal | undefined {
  try {
    const value = JSON.parse(text) as {
      version?: unknown;
      state?: unknown;
      ops?: unknown;
      createDirectories?: unknown;
      removeDirectories?: unknown;
    } | null;
    if (
      value?.version === 1 &&
      value.state === 'switching' &&
      Array.isArray(value.ops) &&
      Array.isArray(value.createDirectories)
    ) {
      return value as unknown as SwitchingJournal;
    }
    if (value?.version === 1 && value.state === 'committed' && Array.isArray(value.removeDirectories)) {
      return value as unknown as CommittedJournal;
    }
  } catch {
    // Fall through: reported by the caller with the journal's path.
  }
  return undefined;
}

/** Replaces the journal in one rename, so a crash leaves the old journal or the new one, never half of one. */
export async function writeJournal(fs: TreeFs, paths: JournalPaths, journal: Journal): Promise<void> {
  const temporary = `${paths.journal}.tmp`;
  await fs.writeFile(temporary, JSON.stringify(journal), 'w');
  await fs.rename(temporary, paths.journal);
}

/** Forgets a finished or rolled-back write: the journal first, then its files (a run without a journal is garbage). */
export async function discardRun(fs: TreeFs, paths: JournalPaths): Promise<void> {
  await tolerating(['ENOENT'], () => fs.unlink(paths.journal));
  await tolerating(['ENOENT'], () => fs.unlink(`${paths.journal}.tmp`));
  await fs.removeAll(paths.run);
}

/** The lock file of the tree, in the journal directory. */
export function treeLockPath(paths: JournalPaths): string {
  return path.join(paths.dir, 'lock');
}

/**
 * Takes the tree's lock (the shared lock of `src/lock/`), or throws TREE_LOCKED when a
 * live run holds it. A lock whose holder is provably gone (a dead pid on this host, a
 * lease expired longer than the grace) is taken over, so a crash never blocks the next
 * run; a live run's lock, on any host, never is.
 */
export async function acquireLock(
  paths: JournalPaths,
  me: TreeProcess,
  options: FileLockOptions = {},
): Promise<HeldLock> {
  const lock = treeLockPath(paths);
  const attempt = await tryLock(lock, {
    ...options,
    pid: me.pid,
    hostname: me.hostname,
    isProcessAlive: (pid) => me.isAlive(pid),
  });
  if ('held' in attempt) {
    return attempt.held;
  }
  throw new TreeLockedError(
    lock,
    `Another gitops-synth run (${attempt.busy}) is writing this tree (lock ${lock}); nothing was changed.`,
    `Wait for it to finish and run again. A lock is taken over by itself once its process is gone (same host) or its lease expired ${DEFAULT_LOCK_GRACE_MS / 60_000} minutes ago.`,
  );
}
