/**
 * `git revert` of one commit onto the current branch, committed with the working
 * copy's signing and sign-off; a conflict or an empty revert is undone so the working
 * copy is left clean either way.
 */
import { checkSha, normalizeRepoPath, type GitIdentity } from './arguments';
import { commitArgs, identityEnv, type CommitPolicy } from './commit';
import { GitCommandError } from './errors';
import { runGit, type GitRunContext } from './runner';

/** Options of {@link revertCommit}. */
export interface RevertOptions {
  /** For a merge commit: the parent (1-based) whose side is kept, as `git revert --mainline`. */
  readonly mainline?: number;
  readonly author?: GitIdentity;
  readonly committer?: GitIdentity;
  /** Paths left as HEAD has them, whatever the reverted commit did to them (conflicts there included). */
  readonly keep?: readonly string[];
  /** `Key: value` trailers added to git's revert message (audit facts). */
  readonly trailers?: readonly string[];
}

/** What {@link revertCommit} did. */
export type RevertResult =
  | { readonly status: 'reverted'; readonly sha: string }
  | { readonly status: 'conflict'; readonly files: readonly string[] }
  | { readonly status: 'empty' };

/** A trailer is one `Key: value` line; anything else would rewrite the message. */
function checkTrailer(trailer: string): string {
  if (!/^[A-Za-z0-9-]+: [^\r\n]+$/.test(trailer)) {
    throw new GitCommandError('commit', undefined, `'${trailer}' is not a one-line 'Key: value' trailer`);
  }
  return trailer;
}

/** True when the index differs from HEAD. */
export async function hasStagedChanges(context: GitRunContext): Promise<boolean> {
  const output = await runGit(context, ['diff', '--cached', '--quiet', '--no-ext-diff'], {
    okExitCodes: [0, 1],
  });
  return output.exitCode === 1;
}

/** Puts `file` back as HEAD has it (absent when HEAD has none), in the index and the working tree. */
async function restoreFromHead(context: GitRunContext, file: string): Promise<void> {
  const path = normalizeRepoPath(file);
  const inHead = await runGit(context, ['ls-tree', '--name-only', 'HEAD', '--', path]);
  if (inHead.stdout.trim() !== '') {
    await runGit(context, ['checkout', 'HEAD', '--', path]);
  } else {
    await runGit(context, ['rm', '-q', '-f', '--ignore-unmatch', '--', path]);
  }
}

/**
 * Reverts `sha` onto the current branch with `git revert --no-edit` and commits.
 * `mainline` (1 for a pull request's merge commit) picks the parent whose side is kept.
 * A conflict or an empty revert is aborted, leaving the working copy as it was.
 */
export async function revertCommit(
  context: GitRunContext,
  policy: CommitPolicy,
  sha: string,
  options: RevertOptions = {},
): Promise<RevertResult> {
  checkSha(sha, 'commit to revert');
  const args = [
    'revert',
    '--no-edit',
    '--no-commit',
    ...(options.mainline === undefined ? [] : ['--mainline', String(options.mainline)]),
    sha,
  ];
  const extraEnv = identityEnv(options);
  await runGit(context, args, { okExitCodes: [0, 1] });
  for (const file of options.keep ?? []) await restoreFromHead(context, file);
  const unmerged = await runGit(context, ['diff', '--name-only', '-z', '--diff-filter=U']);
  const files = unmerged.stdout
    .split('\0')
    .filter((file) => file !== '')
    .sort();
  if (files.length > 0 || !(await hasStagedChanges(context))) {
    // Undo the half-done revert: the working copy must be left clean either way.
    await runGit(context, ['revert', '--abort'], { okExitCodes: [0, 128] });
    await runGit(context, ['reset', '--hard', '--quiet', 'HEAD']);
    return files.length > 0 ? { status: 'conflict', files } : { status: 'empty' };
  }
  // The message git prepared for the revert ("Revert ...", "This reverts commit ...").
  const trailers = (options.trailers ?? []).flatMap((trailer) => ['--trailer', checkTrailer(trailer)]);
  await runGit(context, commitArgs(policy, ['--no-edit', '--quiet', ...trailers]), { extraEnv });
  const head = await runGit(context, ['rev-parse', '--verify', 'HEAD^{commit}']);
  return { status: 'reverted', sha: head.stdout.trim() };
}
