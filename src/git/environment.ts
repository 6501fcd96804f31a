/**
 * The environment every git process runs with. Pure: it turns the caller's
 * environment and the loaded credentials into the child's environment, the list
 * of variables simple-git must let through, and the secrets to redact.
 *
 * How the token reaches git, and why this way: it is put in the child's
 * environment (`GITOPS_SYNTH_GIT_TOKEN`) and git is told, through
 * `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n`, to use a one-line
 * credential helper that prints it. Compared with the alternatives:
 * - a token in the remote URL lands in `.git/config`, in `ps` output and in
 *   git's own messages: ruled out;
 * - `-c http.extraHeader=...` puts it in the argument list; set through
 *   `GIT_CONFIG_VALUE_n` it stays out of argv, but the header is then sent to
 *   every host git talks to, including redirect targets;
 * - a credential helper keyed to the remote's origin (`credential.<origin>.helper`)
 *   is asked only for that origin and only after the server answers 401, the
 *   helper's text holds the variable's name (not its value), and `printf` is a
 *   shell builtin, so the token never becomes any process's argument.
 * An empty `credential.helper` entry comes first: it clears helpers from the
 * user's configuration, so a `store` or keychain helper never saves the token.
 */
import type { GitCredentials } from './credentials';
import { CREDENTIAL_ENV_VARS } from './credentials';
import type { GitRemote } from './remote';

/** Everything simple-git needs to spawn git safely. */
export interface GitProcessEnvironment {
  /** The child's complete environment. */
  readonly env: Readonly<Record<string, string>>;
  /** The guarded (`GIT_*`) variables in {@link env} that simple-git must let through. */
  readonly allowEnvironment: readonly string[];
  /** Every string that must never appear in output leaving the git layer. */
  readonly secrets: readonly string[];
}

/** The variable holding the token in git's environment (read only by the credential helper). */
export const TOKEN_ENV_VAR = 'GITOPS_SYNTH_GIT_TOKEN';
/** The variable holding the user name sent with the token. */
export const TOKEN_USERNAME_ENV_VAR = 'GITOPS_SYNTH_GIT_USERNAME';

/**
 * The credential helper. Git runs it through the shell with `get`, `store` or
 * `erase` appended; it answers `get` only and never stores anything.
 */
export const CREDENTIAL_HELPER = `!f() { test "$1" = get || return 0; printf 'username=%s\\npassword=%s\\n' "$${TOKEN_USERNAME_ENV_VAR}" "$${TOKEN_ENV_VAR}"; }; f`;

/**
 * Variables dropped from the caller's environment: everything git reads from
 * `GIT_*` (so an ambient `GIT_TRACE_CURL`, `GIT_ASKPASS` or `GIT_DIR` cannot leak
 * headers, prompt, or redirect git) apart from CA settings and the commit
 * identity (a runner that names its identity the way git documents keeps it), every
 * `GITOPS_*` variable (among them a GitHub App's private key),
 * the keys simple-git guards, locale (git's messages are parsed in the C locale),
 * and the raw credential variables (git gets the token only under {@link TOKEN_ENV_VAR}).
 */
const PASSED_GIT_VARS = new Set([
  'GIT_SSL_CAINFO',
  'GIT_SSL_CAPATH',
  'GIT_AUTHOR_NAME',
  'GIT_AUTHOR_EMAIL',
  'GIT_COMMITTER_NAME',
  'GIT_COMMITTER_EMAIL',
]);
const DROPPED_VARS = new Set([
  'EDITOR',
  'VISUAL',
  'PAGER',
  'PREFIX',
  'SSH_ASKPASS',
  'LANG',
  'LANGUAGE',
  ...CREDENTIAL_ENV_VARS,
]);

function keepCallerVariable(name: string): boolean {
  const upper = name.toUpperCase();
  if (upper.startsWith('GIT_')) {
    return PASSED_GIT_VARS.has(upper);
  }
  // gitops-synth's own variables are for gitops-synth: git needs none of them, and some
  // hold secrets (a GitHub App's private key) that no hook or helper should see.
  if (upper.startsWith('GITOPS_')) {
    return false;
  }
  return !DROPPED_VARS.has(upper) && !upper.startsWith('LC_');
}

/** Quotes a value for POSIX `sh` (git runs `GIT_SSH_COMMAND` through the shell). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The `GIT_SSH_COMMAND`: batch mode (never prompt for a passphrase or a host key),
 * and with a deploy key: only that key (`IdentitiesOnly`, so an agent's keys are
 * not tried first and do not exhaust the server's attempts), host key checking
 * always strict, against the given known_hosts file when there is one.
 */
export function sshCommand(credentials: GitCredentials): string {
  const parts = ['ssh', '-o', 'BatchMode=yes'];
  if (credentials.sshKeyPath !== undefined) {
    parts.push('-i', shellQuote(credentials.sshKeyPath), '-o', 'IdentitiesOnly=yes');
  }
  if (credentials.sshKnownHostsPath !== undefined) {
    parts.push('-o', `UserKnownHostsFile=${shellQuote(credentials.sshKnownHostsPath)}`);
  }
  parts.push('-o', 'StrictHostKeyChecking=yes');
  return parts.join(' ');
}

/**
 * Builds git's environment for a repository whose remote is `remote` (undefined
 * before one is known: then no token is offered to anyone).
 */
export function buildGitProcessEnvironment(
  callerEnv: Readonly<Record<string, string | undefined>>,
  credentials: GitCredentials,
  remote: GitRemote | undefined,
): GitProcessEnvironment {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(callerEnv)) {
    if (value !== undefined && keepCallerVariable(name)) {
      env[name] = value;
    }
  }
  env.LC_ALL = 'C';
  env.GIT_TERMINAL_PROMPT = '0';
  env.GCM_INTERACTIVE = 'never';
  env.GIT_SSH_COMMAND = sshCommand(credentials);
  const config: Array<[string, string]> = [['credential.helper', '']];
  const secrets: string[] = [];
  if (credentials.token !== undefined) {
    secrets.push(
      credentials.token,
      Buffer.from(`${credentials.tokenUsername}:${credentials.token}`).toString('base64'),
    );
    if (remote?.mayReceiveToken === true && remote.origin !== undefined) {
      env[TOKEN_ENV_VAR] = credentials.token;
      env[TOKEN_USERNAME_ENV_VAR] = credentials.tokenUsername;
      config.push([`credential.${remote.origin}.helper`, CREDENTIAL_HELPER]);
    }
  }
  env.GIT_CONFIG_COUNT = String(config.length);
  config.forEach(([key, value], index) => {
    env[`GIT_CONFIG_KEY_${index}`] = key;
    env[`GIT_CONFIG_VALUE_${index}`] = value;
  });
  const allowEnvironment = Object.keys(env).filter((name) => name.toUpperCase().startsWith('GIT_'));
  return { env, allowEnvironment, secrets };
}
