/**
 * An exclusive lock on a working directory, so two publish runs on the same directory
 * never interleave commits. It is the shared lock file of `src/lock/` (written whole,
 * leased, taken over only from a holder that is provably gone); a live holder is waited
 * for with bounded backoff, then {@link RepositoryLockedError}.
 *
 * The file sits beside the working directory (`.<name>.gitops-synth.lock`), not in
 * it, because the lock must be held before the clone creates the directory.
 */
import { basename, dirname, join, resolve } from 'node:path';
import { tryLock, type FileLockOptions, type HeldLock, type LockRecord } from '../lock';
import { realClock, withRetry, type RetryClock, type RetryPolicy } from '../retry';
import { RepositoryLockedError } from './errors';

export { isProcessAlive } from '../lock';

/** Who holds a lock (the lock file's record). */
export type LockOwner = LockRecord;

/** How to take the lock; everything has a default and is injectable for tests. */
export interface RepositoryLockOptions extends Omit<FileLockOptions, 'now'> {
  /** Where the lock file is (default {@link lockPathFor}). */
  readonly lockPath?: string;
  /** How long to wait for a live lock (default: 10 attempts, 200 ms doubling to 3 s; about 15 s in all). */
  readonly policy?: RetryPolicy;
  readonly clock?: RetryClock;
  readonly now?: () => Date;
}

/** A held lock. */
export interface RepositoryLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** Renews the lease; throws `LOCK_LOST` when another run has taken the lock over. */
  assertHeld(): void;
  /** Removes the lock file if it is still this lock's (idempotent). */
  release(): Promise<void>;
}

const DEFAULT_POLICY: RetryPolicy = { attempts: 10, baseDelayMs: 200, maxDelayMs: 3000 };

/** The lock file for working directory `dir`. */
export function lockPathFor(dir: string): string {
  const absolute = resolve(dir);
  return join(dirname(absolute), `.${basename(absolute)}.gitops-synth.lock`);
}

/**
 * Takes the lock on `dir`, waiting while another live run holds it. Throws
 * {@link RepositoryLockedError} (code `REPOSITORY_LOCKED`) when it stays held.
 * The lock is also removed when the process exits normally without releasing it.
 */
export async function acquireRepositoryLock(
  dir: string,
  options: RepositoryLockOptions = {},
): Promise<RepositoryLock> {
  const path = options.lockPath ?? lockPathFor(dir);
  const { now } = options;
  const lockOptions: FileLockOptions = {
    ...options,
    now: now === undefined ? undefined : () => now().getTime(),
  };
  const held = await withRetry(
    async () => {
      const attempt = await tryLock(path, lockOptions);
      if ('busy' in attempt) throw lockedError(path, attempt.busy);
      return attempt.held;
    },
    (error) => ({ retry: error instanceof RepositoryLockedError }),
    options.policy ?? DEFAULT_POLICY,
    options.clock ?? realClock,
  );
  return repositoryLock(held);
}

function repositoryLock(held: HeldLock): RepositoryLock {
  return {
    path: held.path,
    get owner() {
      return held.record;
    },
    assertHeld: () => held.assertHeld(),
    release: () => held.release(),
  };
}

/** Runs `action` while holding the lock on `dir`, and releases it however `action` ends. */
export async function withRepositoryLock<T>(
  dir: string,
  action: (lock: RepositoryLock) => Promise<T>,
  options: RepositoryLockOptions = {},
): Promise<T> {
  const lock = await acquireRepositoryLock(dir, options);
  try {
    return await action(lock);
  } finally {
    await lock.release();
  }
}

function lockedError(path: string, holder: string): RepositoryLockedError {
  return new RepositoryLockedError(
    path,
    holder,
    `Another gitops-synth run is publishing from this working directory; wait for it to finish or use another directory. If that run no longer exists, delete ${path}.`,
  );
}
