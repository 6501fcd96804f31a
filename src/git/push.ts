/**
 * Pushing one commit to one branch of `origin` behind a lease (`--force-with-lease`),
 * so a commit someone else pushed meanwhile is never overwritten.
 */
import { checkBranchName, checkSha } from './arguments';
import { GitCommandError } from './errors';
import { hintForGitFailure } from './failure-hints';
import { classifyPush, type PushResult } from './push-result';
import { runGit, runGitRaw, type GitRunContext } from './runner';

/** A push of one commit to one branch of `origin`, protected by a lease. */
export interface PushRequest {
  readonly branch: string;
  /** What the remote branch must hold for the push to go ahead; null: the branch must not exist. */
  readonly expectedSha: string | null;
  /** The commit to push. */
  readonly localSha: string;
  /**
   * Refuse (as `stale`) to replace `expectedSha` with a commit that does not descend
   * from it. Off by default: gitops-synth's own `gitops/...` branches are rebuilt
   * from the base branch on each run, so replacing their previous commit is intended;
   * the lease still guarantees that only a commit this run has seen is replaced.
   */
  readonly fastForwardOnly?: boolean;
}

/** True when `ancestor` is `descendant` or one of its ancestors; false too when `ancestor` is not known locally. */
export async function isAncestor(
  context: GitRunContext,
  ancestor: string,
  descendant: string,
): Promise<boolean> {
  const output = await runGit(context, ['merge-base', '--is-ancestor', ancestor, descendant], {
    okExitCodes: [0, 1, 128],
  });
  return output.exitCode === 0;
}

/**
 * Pushes `localSha` to origin's `branch` with `--force-with-lease`, so the push
 * only happens when the branch still holds `expectedSha` (or does not exist for
 * null). Throws {@link GitCommandError} when git fails without saying anything about
 * the ref (network down, repository missing).
 */
export async function pushWithLease(context: GitRunContext, request: PushRequest): Promise<PushResult> {
  checkBranchName(request.branch);
  checkSha(request.localSha, 'local commit');
  if (request.expectedSha !== null) {
    checkSha(request.expectedSha, 'expected remote commit');
    if (
      request.fastForwardOnly === true &&
      !(await isAncestor(context, request.expectedSha, request.localSha))
    ) {
      return {
        status: 'stale',
        detail: `non-fast-forward: ${request.localSha} does not descend from ${request.expectedSha}`,
      };
    }
  }
  const refName = `refs/heads/${request.branch}`;
  const lease = `--force-with-lease=${refName}:${request.expectedSha ?? ''}`;
  const output = await runGitRaw(context, [
    'push',
    '--porcelain',
    lease,
    'origin',
    `${request.localSha}:${refName}`,
  ]);
  const result = classifyPush(output, refName);
  if (result === undefined) {
    const text = output.stderr.trim() === '' ? output.stdout : output.stderr;
    throw new GitCommandError('push', output.exitCode, text, hintForGitFailure(text));
  }
  return result;
}
