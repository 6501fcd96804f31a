/**
 * An exclusive lock on a working directory, so two publish runs on the same
 * directory never interleave commits. The lock is a file created with O_EXCL
 * (`wx`) holding who took it; a lock whose process is gone is taken over, a live
 * one is waited for with bounded backoff, then {@link RepositoryLockedError}.
 *
 * The file sits beside the working directory (`.<name>.gitops-synth.lock`), not in
 * it, because the lock must be held before the clone creates the directory.
 */
import { hostname as osHostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join, resolve } from 'node:path';
import { link, open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { readFileSync, unlinkSync } from 'node:fs';
import { realClock, withRetry, type RetryClock, type RetryPolicy } from '../retry';
import { RepositoryLockedError } from './errors';
import { judgeLock, parseLockOwner, type LockOwner, type LockJudgement } from './lock-state';

export type { LockOwner } from './lock-state';

/** How to take the lock; everything has a default and is injectable for tests. */
export interface RepositoryLockOptions {
  /** Where the lock file is (default {@link lockPathFor}). */
  readonly lockPath?: string;
  /** How long to wait for a live lock (default: 10 attempts, 200 ms doubling to 3 s; about 15 s in all). */
  readonly policy?: RetryPolicy;
  readonly clock?: RetryClock;
  readonly now?: () => Date;
  readonly hostname?: string;
  readonly pid?: number;
  readonly isProcessAlive?: (pid: number) => boolean;
  /**
   * A lock taken on another host (a shared volume mounted by several CI runners)
   * cannot be checked for a live process; past this age it is taken over.
   * Default one hour: a publish run holding a lock that long is itself stuck.
   */
  readonly foreignLockMaxAgeMs?: number;
  /** A lock file that cannot be parsed (its writer died between create and write) is stale after this long (default 30 s). */
  readonly unreadableLockGraceMs?: number;
}

/** A held lock. */
export interface RepositoryLock {
  readonly path: string;
  readonly owner: LockOwner;
  /** Removes the lock file if it is still this lock's (idempotent). */
  release(): Promise<void>;
}

const DEFAULT_POLICY: RetryPolicy = { attempts: 10, baseDelayMs: 200, maxDelayMs: 3000 };

/** The lock file for working directory `dir`. */
export function lockPathFor(dir: string): string {
  const absolute = resolve(dir);
  return join(dirname(absolute), `.${basename(absolute)}.gitops-synth.lock`);
}

/** True unless signalling `pid` says no such process exists (EPERM means it exists). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the lock on `dir`, waiting while another live run holds it. Throws
 * {@link RepositoryLockedError} (code `REPOSITORY_LOCKED`) when it stays held.
 * The lock is also removed when the process exits normally without releasing it.
 */
export async function acquireRepositoryLock(dir: string, options: RepositoryLockOptions = {}): Promise<RepositoryLock> {
  const path = options.lockPath ?? lockPathFor(dir);
  const now = options.now ?? (() => new Date());
  const owner: LockOwner = {
    pid: options.pid ?? process.pid,
    hostname: options.hostname ?? osHostname(),
    startedAt: now().toISOString(),
    nonce: randomBytes(12).toString('hex'),
  };
  const judge = (content: string, ageMs: number): LockJudgement =>
    judgeLock(content, ageMs, {
      hostname: owner.hostname,
      now: now(),
      isProcessAlive: options.isProcessAlive ?? isProcessAlive,
      foreignLockMaxAgeMs: options.foreignLockMaxAgeMs ?? 60 * 60 * 1000,
      unreadableLockGraceMs: options.unreadableLockGraceMs ?? 30 * 1000,
    });
  await withRetry(
    () => tryAcquire(path, owner, judge),
    (error) => ({ retry: error instanceof RepositoryLockedError }),
    options.policy ?? DEFAULT_POLICY,
    options.clock ?? realClock,
  );
  return heldLock(path, owner);
}

/** Runs `action` while holding the lock on `dir`, and releases it however `action` ends. */
export async function withRepositoryLock<T>(dir: string, action: (lock: RepositoryLock) => Promise<T>, options: RepositoryLockOptions = {}): Promise<T> {
  const lock = await acquireRepositoryLock(dir, options);
  try {
    return await action(lock);
  } finally {
    await lock.release();
  }
}

/** One attempt: create the file, or take over a stale one, or throw {@link RepositoryLockedError}. */
async function tryAcquire(path: string, owner: LockOwner, judge: (content: string, ageMs: number) => LockJudgement): Promise<void> {
  // Two rounds: a stale lock removed in the first round leaves the way free for the second.
  for (let round = 0; round < 2; round++) {
    if (await createLockFile(path, owner)) {
      return;
    }
    const existing = await readExisting(path);
    if (existing === undefined) {
      continue; // released between our create and our read
    }
    const judgement = judge(existing.content, existing.ageMs);
    if (judgement.state === 'live') {
      throw lockedError(path, judgement.holder);
    }
    await takeOver(path, existing.content);
  }
  throw lockedError(path, 'another run that took it over at the same moment');
}

async function createLockFile(path: string, owner: LockOwner): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'wx', 0o644);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      return false;
    }
    throw error;
  }
  try {
    await handle.writeFile(`${JSON.stringify(owner)}\n`);
  } finally {
    await handle.close();
  }
  return true;
}

async function readExisting(path: string): Promise<{ content: string; ageMs: number } | undefined> {
  try {
    const [content, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    return { content, ageMs: Date.now() - info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return undefined;
    }
    throw error;
  }
}

/**
 * Removes a stale lock without racing another run doing the same: the file is
 * renamed aside (atomic), and if what was moved is not the stale content we
 * judged (another run took the lock over first and wrote its own), it is linked
 * back in place and the other run keeps its lock.
 */
async function takeOver(path: string, staleContent: string): Promise<void> {
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return;
    }
    throw error;
  }
  try {
    if ((await readFile(aside, 'utf8')) !== staleContent) {
      await link(aside, path).catch(() => undefined);
    }
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

function lockedError(path: string, holder: string): RepositoryLockedError {
  return new RepositoryLockedError(
    path,
    holder,
    `Another gitops-synth run is publishing from this working directory; wait for it to finish or use another directory. If that run no longer exists, delete ${path}.`,
  );
}

/** The lock as held: release removes the file only while it still holds this owner's nonce. */
function heldLock(path: string, owner: LockOwner): RepositoryLock {
  const isOurs = (content: string) => parseLockOwner(content)?.nonce === owner.nonce;
  const onExit = (): void => {
    try {
      if (isOurs(readFileSync(path, 'utf8'))) {
        unlinkSync(path);
      }
    } catch {
      // Nothing to clean up.
    }
  };
  process.once('exit', onExit);
  let released = false;
  return {
    path,
    owner,
    async release() {
      if (released) {
        return;
      }
      released = true;
      process.removeListener('exit', onExit);
      const content = await readFile(path, 'utf8').catch(() => undefined);
      if (content !== undefined && isOurs(content)) {
        await unlink(path).catch(() => undefined);
      }
    },
  };
}
