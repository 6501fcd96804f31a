import { GitopsSynthError } from '../errors';

/** A commit author or committer. */
export interface Identity {
  readonly name: string;
  readonly email: string;
}

/** Who commits: flags first, then the environment; undefined leaves it to the repository's Git config. */
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
    throw new GitopsSynthError('INVALID_ENVIRONMENT', `${prefix}_NAME and ${prefix}_EMAIL must be set together`);
  }
  return { name: name!, email: email! };
}

/**
 * The author and committer: `--author`/`--committer`, else GITOPS_AUTHOR_* /
 * GITOPS_COMMITTER_*, else the repository's Git configuration. The committer
 * defaults to the author when only the author is given.
 */
export function commitIdentities(flags: { author?: string; committer?: string }, env: NodeJS.ProcessEnv): CommitIdentities {
  const author = flags.author !== undefined ? parseIdentity(flags.author, '--author') : fromEnv(env, 'GITOPS_AUTHOR');
  const committer = flags.committer !== undefined ? parseIdentity(flags.committer, '--committer') : fromEnv(env, 'GITOPS_COMMITTER');
  return { author, committer: committer ?? author };
}
