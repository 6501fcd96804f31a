/**
 * Builds the {@link GitRunContext} for a directory: loads the credentials from the
 * given environment and binds them to the remote they may be sent to.
 */
import { loadGitCredentials, type GitCredentials } from './credentials';
import { buildGitProcessEnvironment } from './environment';
import type { GitRemote } from './remote';
import type { GitRunContext } from './runner';
import type { CommitSigning } from './signing';
import type { TokenSource } from '../contract/token-source';

/** What every git-layer entry point takes. */
export interface GitEnvironmentOptions {
  /** The environment to read credentials from and to pass on to git (usually `process.env`, passed in by the CLI). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The git binary to run; default `git` from PATH. */
  readonly gitBinary?: string;
  /** Kill git when it prints nothing for this long, in ms (default 10 minutes). */
  readonly idleTimeoutMs?: number;
  /** How commits are signed (`--sign ssh|gpg`); undefined leaves it to git's configuration. */
  readonly signing?: CommitSigning;
  /** Add a `Signed-off-by` trailer (the committer's) to every commit (`--signoff`). */
  readonly signoff?: boolean;
  /** A short-lived token (a GitHub App's) used instead of GITOPS_TOKEN, asked afresh before each git command. */
  readonly tokenSource?: TokenSource;
}

/** The default idle timeout: long enough for a silent clone of a large repository, short enough to end a hung CI job. */
export const DEFAULT_IDLE_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * Builds the context to run git in `cwd` against `remote` (undefined: no token is
 * offered). Credentials are loaded from `options.env` unless already loaded.
 */
export async function createGitRunContext(
  options: GitEnvironmentOptions,
  cwd: string,
  remote: GitRemote | undefined,
  loaded?: GitCredentials,
): Promise<GitRunContext> {
  const loadedOrRead = loaded ?? (await loadGitCredentials(options.env));
  const credentials =
    options.tokenSource === undefined
      ? loadedOrRead
      : { ...loadedOrRead, token: await options.tokenSource.token() };
  return {
    cwd,
    tokenSource: options.tokenSource,
    process: buildGitProcessEnvironment(options.env, credentials, remote),
    binary: options.gitBinary,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
  };
}
