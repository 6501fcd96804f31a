/**
 * The errors of the lock. Every lock error is a {@link LockError}, so the CLI gives them
 * one exit code (`ExitCode.locked`, 75) whichever lock it was.
 */
import { GitopsSynthError, type ErrorCode } from '../errors';

/** Codes of the lock errors: scripts match them. */
export type LockErrorCode = Extract<ErrorCode, 'REPOSITORY_LOCKED' | 'TREE_LOCKED' | 'LOCK_LOST'>;

/** The base of every lock error: another run holds a lock, or took over this run's. */
export class LockError extends GitopsSynthError {
  /** The lock file. */
  public readonly lockPath: string;

  public constructor(code: LockErrorCode, lockPath: string, message: string, hint: string) {
    super(code, message, { source: 'external', hint });
    this.lockPath = lockPath;
  }
}

/**
 * This run's lock was taken over (it was stopped longer than its lease and the grace):
 * it stops before touching anything else, and leaves the new holder's state alone.
 */
export class LockLostError extends LockError {
  public constructor(lockPath: string, holder: string) {
    super(
      'LOCK_LOST',
      lockPath,
      `this run lost its lock ${lockPath} to ${holder} (it was stopped longer than its lease and the grace); it stopped without changing anything more`,
      'Run again once the other run has finished.',
    );
  }
}
