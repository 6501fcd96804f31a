/**
 * Pushing until the remote accepts: on `stale` (someone else moved the branch)
 * the caller's `prepare` rebuilds the commit on what the remote now holds and the
 * push is tried again, with bounded, jittered backoff from `src/retry.ts`. A
 * permanent rejection ends it at once. Nothing is ever overwritten: each attempt
 * is a push with a lease.
 */
import { realClock, withRetry, type RetryClock, type RetryPolicy } from '../retry';
import { PushRejectedError, PushStaleError } from './errors';
import type { PushResult } from './push-result';
import type { GitRepository } from './repository';

/** What one attempt pushes, as prepared by the caller. */
export interface PushAttempt {
  readonly localSha: string;
  /** What the caller saw on the remote branch when it built `localSha` (null: no branch). */
  readonly expectedSha: string | null;
  readonly fastForwardOnly?: boolean;
}

/** How to retry. */
export interface PushRetryOptions {
  /** Default: 4 attempts, 500 ms doubling to 8 s. */
  readonly policy?: RetryPolicy;
  readonly clock?: RetryClock;
  /** Called before each retry (for logging). */
  readonly onRetry?: (error: PushStaleError, attempt: number, delayMs: number) => void;
}

const DEFAULT_POLICY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8000 };

/**
 * Turns a push result into success or the matching error: {@link PushRejectedError}
 * for `rejected` (do not retry), {@link PushStaleError} for `stale`.
 */
export function assertPushed(result: PushResult, branch: string): void {
  if (result.status === 'rejected') {
    throw new PushRejectedError(branch, result.reason, result.detail);
  }
  if (result.status === 'stale') {
    throw new PushStaleError(branch, result.detail);
  }
}

/**
 * Runs `prepare` then a push with lease to `branch`, retrying stale pushes, and
 * returns the SHA that the remote branch was verified to hold. `prepare` gets the
 * attempt number (from 1) and must re-read the remote (e.g. `fetchBase` and
 * `findRemoteBranchSha`) so that each retry's lease is current.
 */
export async function pushUntilAccepted(
  repository: GitRepository,
  branch: string,
  prepare: (attempt: number) => Promise<PushAttempt>,
  options: PushRetryOptions = {},
): Promise<string> {
  return withRetry(
    async (attempt) => {
      const push = await prepare(attempt);
      assertPushed(await repository.pushWithLease({ branch, ...push }), branch);
      await repository.verifyRemoteBranch(branch, push.localSha);
      return push.localSha;
    },
    (error) => ({ retry: error instanceof PushStaleError }),
    options.policy ?? DEFAULT_POLICY,
    options.clock ?? realClock,
    (error, attempt, delayMs) => options.onRetry?.(error as PushStaleError, attempt, delayMs),
  );
}
