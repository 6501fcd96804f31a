import { GitopsSynthError } from '../errors';

/** A commit author or committer. */
export interface Identity {
  readonly name: string;
  readonly email: string;
}

/**
 * Who commits when nothing names anyone: no flag, no GITOPS_* variable and no
 * identity in git's configuration (a fresh CI runner). A bot name, and an
 * address under `.invalid` (RFC 2606) that can never receive mail or belong to a
 * real account, so a forge attributes the commit to nobody.
 */
export const DEFAULT_COMMIT_IDENTITY: Identity = Object.freeze({
  name: 'gitops-synth',
  email: 'gitops-synth@users.noreply.invalid',
});

/** Who commits: flags first, then the environment; undefined leaves it to git's configuration, else the default (see {@link withDefaultIdentity}). */
export interface CommitIdentities {
  readonly author?: Identity;
  readonly committer?: Identity;
}

/** Parses `Name <email>` as given to `--author`/`--committer`, quoting the flag on error. */
export function parseIdentity(value: string, flag: string): Identity {
  const match = /^\s*([^<>]*?)\s*<([^<>\s]+@[^<>\s]+)>\s*$/.exec(value);
  if (!match || match[1] === '') {
    throw new GitopsSynthError('INVALID_FLAG', `${flag}: '${value}' is not of the form 'Name <email>'`);
  }
  return { name: match[1], email: match[2] };
}

function fromEnv(env: NodeJS.ProcessEnv, prefix: string): Identity | undefined {
  const name = env[`${prefix}_NAME`];
  const email = env[`${prefix}_EMAIL`];
  if ((name ?? '') === '' && (email ?? '') === '') {
    return undefined;
  }
  if ((name ?? '') === '' || (email ?? '') === '') {
    throw new GitopsSynthError(
      'INVALID_ENVIRONMENT',
      `${prefix}_NAME and ${prefix}_EMAIL must be set together`,
    );
  }
  return { name: name!, email: email! };
}

/**
 * The author and committer: `--author`/`--committer`, else GITOPS_AUTHOR_* /
 * GITOPS_COMMITTER_*, else undefined (see {@link withDefaultIdentity} for the
 * rest). The committer defaults to the author when only the author is given.
 */
export function commitIdentities(
  flags: { author?: string; committer?: string },
  env: NodeJS.ProcessEnv,
): CommitIdentities {
  const author =
    flags.author !== undefined ? parseIdentity(flags.author, '--author') : fromEnv(env, 'GITOPS_AUTHOR');
  const committer =
    flags.committer !== undefined
      ? parseIdentity(flags.committer, '--committer')
      : fromEnv(env, 'GITOPS_COMMITTER');
  return { author, committer: committer ?? author };
}

/** What can tell whether git has an identity of its own (a `GitRepository`). */
export interface GitIdentitySource {
  hasConfiguredIdentity(role: 'author' | 'committer'): Promise<boolean>;
}

/**
 * The last step of the precedence: an author or committer that neither a flag
 * nor a GITOPS_* variable names stays with git's configuration (left undefined)
 * when git has one there, and becomes {@link DEFAULT_COMMIT_IDENTITY} when it has
 * none. Nothing is written to any git config.
 */
export async function withDefaultIdentity(
  identities: CommitIdentities,
  git: GitIdentitySource,
): Promise<CommitIdentities> {
  const fill = async (
    given: Identity | undefined,
    role: 'author' | 'committer',
  ): Promise<Identity | undefined> =>
    given ?? ((await git.hasConfiguredIdentity(role)) ? undefined : DEFAULT_COMMIT_IDENTITY);
  return {
    author: await fill(identities.author, 'author'),
    committer: await fill(identities.committer, 'committer'),
  };
}
