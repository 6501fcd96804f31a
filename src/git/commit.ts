/**
 * Recording a commit: `git commit` with the working copy's signing (`-c` options, see
 * signing.ts) and sign-off, the author and committer given explicitly, and the message
 * on standard input.
 */
import { checkIdentity, type GitIdentity } from './arguments';
import type { GitEnvironmentOptions } from './context';
import { runGit, type GitRunContext } from './runner';
import { signingConfigArgs } from './signing';

/** How every commit a working copy makes is signed and signed off. */
export type CommitPolicy = Pick<GitEnvironmentOptions, 'signing' | 'signoff'>;

/** A commit to record from the staged changes. */
export interface CommitRequest {
  readonly message: string;
  /** Defaults to the user's Git configuration (`user.name`/`user.email`). */
  readonly author?: GitIdentity;
  /** Defaults to the user's Git configuration. */
  readonly committer?: GitIdentity;
}

/** The arguments of `git commit` with `policy`'s signing and sign-off (`extra` after `commit`). */
export function commitArgs(policy: CommitPolicy, extra: readonly string[]): string[] {
  return [
    ...signingConfigArgs(policy.signing),
    'commit',
    ...(policy.signoff === true ? ['--signoff'] : []),
    ...extra,
  ];
}

/** The author and committer of a commit, as git's environment variables. */
export function identityEnv(options: {
  readonly author?: GitIdentity;
  readonly committer?: GitIdentity;
}): Record<string, string> {
  const env: Record<string, string> = {};
  if (options.author !== undefined) {
    checkIdentity(options.author, 'author');
    Object.assign(env, { GIT_AUTHOR_NAME: options.author.name, GIT_AUTHOR_EMAIL: options.author.email });
  }
  if (options.committer !== undefined) {
    checkIdentity(options.committer, 'committer');
    Object.assign(env, {
      GIT_COMMITTER_NAME: options.committer.name,
      GIT_COMMITTER_EMAIL: options.committer.email,
    });
  }
  return env;
}

/**
 * Commits the staged changes. Signed as `policy.signing` says, else as the user's Git
 * configuration (`commit.gpgsign`) says; a signature that cannot be made fails the
 * commit. The message is kept as given apart from surrounding whitespace, so Markdown
 * `#` headings survive.
 */
export async function commitStaged(
  context: GitRunContext,
  policy: CommitPolicy,
  request: CommitRequest,
): Promise<void> {
  const args = commitArgs(policy, ['--quiet', '--cleanup=whitespace', '--file=-']);
  const extraEnv: Record<string, string> = {};
  if (request.author !== undefined) {
    checkIdentity(request.author, 'author');
    args.push(`--author=${request.author.name} <${request.author.email}>`);
  }
  if (request.committer !== undefined) {
    checkIdentity(request.committer, 'committer');
    extraEnv.GIT_COMMITTER_NAME = request.committer.name;
    extraEnv.GIT_COMMITTER_EMAIL = request.committer.email;
  }
  await runGit(context, args, { input: request.message, extraEnv });
}
