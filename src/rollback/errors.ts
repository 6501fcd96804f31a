/** The errors `rollback` throws on purpose; codes are stable. */
import { GitopsSynthError } from '../errors';

/** The revert conflicts with changes made after the commit; nothing was pushed. */
export class RevertConflictError extends GitopsSynthError {
  public readonly files: readonly string[];

  public constructor(sha: string, files: readonly string[]) {
    super(
      'REVERT_CONFLICT',
      `reverting ${sha.slice(0, 12)} conflicts with later changes in ${files.length} file${files.length === 1 ? '' : 's'}; nothing was pushed:\n${files.map((f) => `  ${f}`).join('\n')}`,
      {
        hint: 'those files changed again after the commit: change the intents to the state you want and publish, or revert by hand and resolve the conflict in a pull request',
      },
    );
    this.files = files;
  }
}

/** Reverting the commit changes nothing: it was already undone. */
export class NothingToRevertError extends GitopsSynthError {
  public constructor(sha: string, base: string) {
    super(
      'NOTHING_TO_REVERT',
      `reverting ${sha.slice(0, 12)} on '${base}' changes nothing: its change is already undone`,
      {
        hint: 'check the history of the base branch; no pull request was opened',
      },
    );
  }
}

/** The commit is not part of the base branch, so there is no published change to revert. */
export class CommitNotOnBaseError extends GitopsSynthError {
  public constructor(commit: string, base: string) {
    super(
      'COMMIT_NOT_ON_BASE',
      `--commit: '${commit}' is not on the base branch '${base}', so it was never applied to a cluster`,
      {
        hint: 'name a commit that was merged into the base branch (see git log), or pass --base',
      },
    );
  }
}

/** The pull request has not been merged (or the host does not say what it merged). */
export class PullRequestNotMergedError extends GitopsSynthError {
  public constructor(number: number, reason: string) {
    super('PULL_REQUEST_NOT_MERGED', `--pull-request: #${number} ${reason}`, {
      hint: 'only a merged change can be rolled back; pass --commit <sha> to name the commit on the base branch yourself',
    });
  }
}
