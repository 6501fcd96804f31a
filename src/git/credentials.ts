/**
 * Reads the credentials the git layer may use from the environment it is given
 * (never from `process.env` directly, never at module load):
 * - `GITOPS_TOKEN`, or `GITOPS_TOKEN_FILE` naming a file that holds it: an HTTPS token.
 * - `GITOPS_TOKEN_USERNAME`: the user name sent with the token (default `x-access-token`,
 *   which GitHub expects; GitLab and Gitea accept any non-empty name with a token).
 * - `GITOPS_SSH_KEY`: path to an SSH private key (a deploy key) for ssh:// remotes.
 * - `GITOPS_SSH_KNOWN_HOSTS`: path to a known_hosts file pinning the SSH host key.
 */
import { access, readFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { GitCredentialsError } from './errors';

/** The credentials found. Hold the token in memory only; never print this object. */
export interface GitCredentials {
  readonly token?: string;
  readonly tokenUsername: string;
  readonly sshKeyPath?: string;
  readonly sshKnownHostsPath?: string;
}

/** The environment variables {@link loadGitCredentials} reads. */
export const CREDENTIAL_ENV_VARS = [
  'GITOPS_TOKEN',
  'GITOPS_TOKEN_FILE',
  'GITOPS_TOKEN_USERNAME',
  'GITOPS_SSH_KEY',
  'GITOPS_SSH_KNOWN_HOSTS',
] as const;

/** The default user name sent with a token. */
export const DEFAULT_TOKEN_USERNAME = 'x-access-token';

/**
 * Loads and checks the credentials named by `env`. Throws {@link GitCredentialsError}
 * (without ever quoting the token) when a variable is set but unusable.
 */
export async function loadGitCredentials(
  env: Readonly<Record<string, string | undefined>>,
): Promise<GitCredentials> {
  const token = await readToken(env);
  const tokenUsername = nonEmpty(env.GITOPS_TOKEN_USERNAME) ?? DEFAULT_TOKEN_USERNAME;
  checkTokenUsername(tokenUsername);
  const sshKeyPath = nonEmpty(env.GITOPS_SSH_KEY);
  const sshKnownHostsPath = nonEmpty(env.GITOPS_SSH_KNOWN_HOSTS);
  if (sshKeyPath !== undefined) {
    await checkReadable(
      'GITOPS_SSH_KEY',
      sshKeyPath,
      'Point GITOPS_SSH_KEY at the private key file of a deploy key with write access.',
    );
  }
  if (sshKnownHostsPath !== undefined) {
    await checkReadable(
      'GITOPS_SSH_KNOWN_HOSTS',
      sshKnownHostsPath,
      "Point GITOPS_SSH_KNOWN_HOSTS at a known_hosts file holding the Git server's host key.",
    );
  }
  return { token, tokenUsername, sshKeyPath, sshKnownHostsPath };
}

async function readToken(env: Readonly<Record<string, string | undefined>>): Promise<string | undefined> {
  const inline = nonEmpty(env.GITOPS_TOKEN);
  const file = nonEmpty(env.GITOPS_TOKEN_FILE);
  if (inline !== undefined && file !== undefined) {
    throw new GitCredentialsError(
      'both GITOPS_TOKEN and GITOPS_TOKEN_FILE are set',
      'Set only one of them, so it is clear which token is used.',
    );
  }
  if (file === undefined) {
    return inline === undefined ? undefined : checkToken(inline.trim(), 'GITOPS_TOKEN');
  }
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    throw new GitCredentialsError(
      `cannot read the token file named by GITOPS_TOKEN_FILE ('${file}'): ${(error as NodeJS.ErrnoException).code ?? 'error'}`,
      'Check that the file exists and is readable by this user.',
      error,
    );
  }
  return checkToken(content.trim(), `the file '${file}' named by GITOPS_TOKEN_FILE`);
}

/**
 * A token may not contain whitespace or control characters: it is handed to git's
 * credential protocol, which is line-based, so a newline would inject fields.
 */
function checkToken(token: string, where: string): string {
  if (token === '') {
    throw new GitCredentialsError(`${where} is empty`, 'Provide a non-empty access token.');
  }
  if (/[\s\x00-\x1f\x7f]/.test(token)) {
    throw new GitCredentialsError(
      `${where} holds whitespace or control characters inside the token`,
      'A token is one word; check that the variable or file holds only the token.',
    );
  }
  return token;
}

function checkTokenUsername(name: string): void {
  if (/[\s\x00-\x1f\x7f]/.test(name)) {
    throw new GitCredentialsError(
      `GITOPS_TOKEN_USERNAME '${name}' holds whitespace or control characters`,
      'Use a plain user name such as x-access-token or oauth2.',
    );
  }
}

async function checkReadable(variable: string, path: string, hint: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    throw new GitCredentialsError(`${variable} names '${path}', which is not a readable file`, hint, error);
  }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
