/**
 * The errors the git layer throws. Every message that leaves this layer has been
 * through {@link redact} already, so callers may print or log them as they are.
 */
import { GitopsSynthError } from '../errors';
import { LockError } from '../lock/errors';

/** Why a push was refused for good (retrying the same push cannot help). */
export type PushRejectionReason = 'hook-declined' | 'protected-branch' | 'auth-failed' | 'other';

/** A git command exited unsuccessfully (or could not be run at all). */
export class GitCommandError extends GitopsSynthError {
  /** The git subcommand that failed (`push`, `clone`, ...). */
  public readonly subcommand: string;
  /** The exit code, or undefined when git was killed or never started. */
  public readonly exitCode: number | undefined;
  /** git's standard error, with every secret redacted. */
  public readonly stderr: string;

  public constructor(subcommand: string, exitCode: number | undefined, stderr: string, hint?: string) {
    const summary = summarizeGitOutput(stderr);
    super(
      'GIT_FAILED',
      `git ${subcommand} failed${exitCode === undefined ? '' : ` (exit ${exitCode})`}${summary === '' ? '' : `: ${summary}`}`,
      {
        source: 'external',
        hint,
      },
    );
    this.subcommand = subcommand;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/** What a user can do about each kind of push rejection. */
export const PUSH_REJECTION_HINTS: Record<PushRejectionReason, string> = {
  'hook-declined':
    'A server-side hook refused the push; read the remote: lines above for its reason. The local commit is kept, so fix the cause and publish again.',
  'protected-branch':
    'The branch is protected. gitops-synth pushes to its own branch (gitops/...) and opens a pull request; check that the target is not a protected branch and review the branch protection rules.',
  'auth-failed':
    'The remote refused the credentials. Check that GITOPS_TOKEN (or GITOPS_TOKEN_FILE) holds a token with write (contents) scope for this repository, or that the SSH deploy key (GITOPS_SSH_KEY) is installed with write access.',
  other:
    'The remote refused the push for a reason gitops-synth does not recognise; read the detail, fix the cause and publish again.',
};

/** A push was refused for a reason that retrying will not fix. */
export class PushRejectedError extends GitopsSynthError {
  public readonly reason: PushRejectionReason;
  public readonly branch: string;
  /** git's redacted output about the rejection. */
  public readonly detail: string;

  public constructor(branch: string, reason: PushRejectionReason, detail: string) {
    super(
      'PUSH_REJECTED',
      `push to branch '${branch}' was rejected (${reason}): ${summarizeGitOutput(detail)}`,
      {
        source: reason === 'auth-failed' ? 'user' : 'external',
        hint: PUSH_REJECTION_HINTS[reason],
      },
    );
    this.reason = reason;
    this.branch = branch;
    this.detail = detail;
  }
}

/** A push kept losing the race against other writers until the retries ran out. */
export class PushStaleError extends GitopsSynthError {
  public readonly branch: string;
  public readonly detail: string;

  public constructor(branch: string, detail: string) {
    super(
      'PUSH_STALE',
      `push to branch '${branch}' failed: the remote branch moved since it was fetched (${summarizeGitOutput(detail)})`,
      {
        source: 'external',
        hint: 'Another writer is updating the same branch. Nothing was overwritten; publish again once it is done.',
      },
    );
    this.branch = branch;
    this.detail = detail;
  }
}

/** After a push, the remote branch does not hold the commit that was pushed. */
export class RemoteBranchMismatchError extends GitopsSynthError {
  public readonly branch: string;
  public readonly expectedSha: string;
  /** What the remote holds, or undefined when the branch does not exist. */
  public readonly actualSha: string | undefined;

  public constructor(branch: string, expectedSha: string, actualSha: string | undefined) {
    super(
      'REMOTE_BRANCH_MISMATCH',
      `remote branch '${branch}' holds ${actualSha ?? 'nothing (branch missing)'} instead of the pushed commit ${expectedSha}`,
      {
        source: 'external',
        hint: 'Another writer changed the branch right after the push, or a server hook rewrote it; inspect the branch before publishing again.',
      },
    );
    this.branch = branch;
    this.expectedSha = expectedSha;
    this.actualSha = actualSha;
  }
}

/** Credentials given through the environment are unusable. */
export class GitCredentialsError extends GitopsSynthError {
  public constructor(message: string, hint: string, cause?: unknown) {
    super('GIT_CREDENTIALS_INVALID', message, { source: 'user', hint, cause });
  }
}

/** A git argument (branch, remote URL, identity) that the git layer refuses to pass on. */
export class GitArgumentError extends GitopsSynthError {
  public constructor(message: string, hint: string) {
    super('GIT_ARGUMENT_INVALID', message, { source: 'user', hint });
  }
}

/** Another run holds the working directory's lock and did not release it in time. */
export class RepositoryLockedError extends LockError {
  public constructor(lockPath: string, holder: string, hint: string) {
    super(
      'REPOSITORY_LOCKED',
      lockPath,
      `the working directory is locked by ${holder} (lock file ${lockPath})`,
      hint,
    );
  }
}

/** One line of git output for a message: the first fatal/error/rejection line, else the last line that says something (never `hint:`). */
export function summarizeGitOutput(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('hint:') && line !== 'Done');
  const fatal = lines.find(
    (line) => line.startsWith('fatal:') || line.startsWith('error:') || line.startsWith('!'),
  );
  return fatal ?? lines[lines.length - 1] ?? '';
}
