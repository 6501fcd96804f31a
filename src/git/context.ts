/**
 * Builds the {@link GitRunContext} for a directory: loads the credentials from the
 * given environment and binds them to the remote they may be sent to.
 */
import { loadGitCredentials, type GitCredentials } from './credentials';
import { buildGitProcessEnvironment } from './environment';
import type { GitRemote } from './remote';
import type { GitRunContext } from './runner';

/** What every git-layer entry point takes. */
export interface GitEnvironmentOptions {
  /** The environment to read credentials from and to pass on to git (usually `process.env`, passed in by the CLI). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The git binary to run; default `git` from PATH. */
  readonly gitBinary?: string;
  /** Kill git when it prints nothing for this long, in ms (default 10 minutes). */
  readonly idleTimeoutMs?: number;
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
  const credentials = loaded ?? (await loadGitCredentials(options.env));
  return {
    cwd,
    process: buildGitProcessEnvironment(options.env, credentials, remote),
    binary: options.gitBinary,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
  };
}
