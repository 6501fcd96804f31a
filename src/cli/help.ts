import type { Argv } from 'yargs';
import { DEFAULT_COMMIT_IDENTITY } from '../workspace/identity';

/**
 * What a command's `--help` shows after its description, as kubectl and flux users
 * expect: its own flags first, then the global ones, then real examples, then only the
 * environment variables that command reads, then the exit codes.
 */

/** Flags every command takes (defined once, in `options.ts`' globalOptions); listed after a command's own. */
export const GLOBAL_FLAGS: readonly string[] = ['config', 'debug', 'quiet', 'help', 'version'];

/** Every environment variable gitops-synth reads, and what for. */
export const ENVIRONMENT = {
  GITOPS_TOKEN: 'Forge API token, also used for HTTPS pushes (tokens are never flags)',
  GITOPS_TOKEN_FILE: 'A file holding the token (set one of GITOPS_TOKEN, GITOPS_TOKEN_FILE)',
  GITOPS_TOKEN_USERNAME: 'User name sent with the token on HTTPS pushes (default x-access-token)',
  GITOPS_GITHUB_APP_ID:
    'GitHub App id: authenticate as the App with short-lived installation tokens (API and HTTPS pushes) instead of GITOPS_TOKEN',
  GITOPS_GITHUB_APP_PRIVATE_KEY: "The App's private key (PEM; literal \\n accepted)",
  GITOPS_GITHUB_APP_PRIVATE_KEY_FILE: "A file holding the App's private key (set one of the two)",
  GITOPS_GITHUB_APP_INSTALLATION_ID:
    "The App's installation id (default: the installation on the repository)",
  GITOPS_SSH_KEY: 'Private key (a deploy key) for SSH remotes',
  GITOPS_SSH_KNOWN_HOSTS: 'known_hosts file for SSH remotes (host keys are always checked)',
  GITOPS_AUTHOR_NAME: `Commit author name, with GITOPS_AUTHOR_EMAIL (--author wins); without them git's own identity (user.name/user.email, GIT_AUTHOR_*), else ${DEFAULT_COMMIT_IDENTITY.name} <${DEFAULT_COMMIT_IDENTITY.email}>`,
  GITOPS_AUTHOR_EMAIL: 'Commit author email',
  GITOPS_COMMITTER_NAME: 'Commit committer name; with GITOPS_COMMITTER_EMAIL (default: the author)',
  GITOPS_COMMITTER_EMAIL: 'Commit committer email',
  GITOPS_INTENTS_REVISION: "The intents' revision, recorded in the Intents-Revision commit trailer",
  GITOPS_SIGNING_KEY:
    'The signing key for --sign ssh (private key file) or --sign gpg (key id); --signing-key wins',
  GNUPGHOME: 'The GPG keyring --sign gpg signs with (default ~/.gnupg)',
  GITHUB_SERVER_URL:
    'With GITHUB_REPOSITORY and GITHUB_RUN_ID (set by GitHub Actions): the run URL recorded in the CI-Run commit trailer',
  GITHUB_REPOSITORY: 'See GITHUB_SERVER_URL',
  GITHUB_RUN_ID: 'See GITHUB_SERVER_URL',
  GITHUB_RUN_ATTEMPT: 'The attempt appended to the CI-Run URL, when set',
  CI_JOB_URL: 'The job URL recorded in the CI-Run commit trailer (set by GitLab CI) when GITHUB_* is not set',
  GITOPS_WEBHOOK_SECRET:
    'The secret the Git host signs webhook deliveries with (GitHub/Gitea HMAC key, GitLab token)',
  GITOPS_EVENTS_SECRET:
    "HMAC key of Flux's generic-hmac Provider (bootstrap --status-url); turns on POST /flux/events",
  GITOPS_STATUS_TOKEN:
    'status serve: the token readers need for the page, /events, /metrics and the JSON API (Bearer); required off loopback',
  XDG_CACHE_HOME: 'Where the working copy of the GitOps repository is kept (default ~/.cache)',
  CI: 'When set, --progress is off unless asked for, and prints at most one line every 10 s',
  GITOPS_SYNTH_HOSTNAME:
    "Host name recorded in lock files (default: the OS's); set it per container when several share a volume",
  GITOPS_SYNTH_WORKERS:
    "Threads that render clusters (synth, check, diff, publish): 0 renders in the main thread (and hashes a cached synth's intents there); default CPUs-1, none under 8 clusters",
  NO_COLOR: 'Set to disable colour on a terminal',
} as const;

/** The name of an environment variable gitops-synth reads. */
export type EnvironmentVariable = keyof typeof ENVIRONMENT;

/** The variables every command that reaches a Git host over git reads (credentials). */
export const GIT_ENVIRONMENT: readonly EnvironmentVariable[] = [
  'GITOPS_TOKEN',
  'GITOPS_TOKEN_FILE',
  'GITOPS_TOKEN_USERNAME',
  'GITOPS_GITHUB_APP_ID',
  'GITOPS_GITHUB_APP_PRIVATE_KEY',
  'GITOPS_GITHUB_APP_PRIVATE_KEY_FILE',
  'GITOPS_GITHUB_APP_INSTALLATION_ID',
  'GITOPS_SSH_KEY',
  'GITOPS_SSH_KNOWN_HOSTS',
  'XDG_CACHE_HOME',
];

/** The variables publish and rollback read to sign commits and record the CI run. */
export const COMMIT_AUDIT_ENVIRONMENT: readonly EnvironmentVariable[] = [
  'GITOPS_SIGNING_KEY',
  'GNUPGHOME',
  'GITHUB_SERVER_URL',
  'GITHUB_REPOSITORY',
  'GITHUB_RUN_ID',
  'GITHUB_RUN_ATTEMPT',
  'CI_JOB_URL',
];

/** Exit codes, as the README documents them. */
export const EXIT_CODES_HELP = `Exit codes: 0 success (also "nothing changed"), 1 invalid input or a failed check, 2 bad flags,
3 an external system (git, the forge) failed, 75 another run holds a lock (REPOSITORY_LOCKED,
TREE_LOCKED, LOCK_LOST: nothing was changed, run again later), 70 an internal error.`;

/** The epilogue listing `names` (in that order) and the exit codes. */
export function environmentHelp(names: readonly EnvironmentVariable[]): string {
  if (names.length === 0) return EXIT_CODES_HELP;
  const width = Math.max(...names.map((name) => name.length)) + 2;
  return [
    `Environment:`,
    ...names.map((name) => `  ${name.padEnd(width)}${ENVIRONMENT[name]}`),
    '',
    EXIT_CODES_HELP,
  ].join('\n');
}

/** What {@link commandHelp} adds to a command. */
export interface CommandHelp {
  /** Two or three `[command line, what it does]` pairs, in `$0 …` form. */
  readonly examples: ReadonlyArray<readonly [string, string]>;
  /** The environment variables the command reads. */
  readonly environment: readonly EnvironmentVariable[];
}

/** Ends a command's builder: its own flags grouped first, then its examples and environment. */
export function commandHelp<T>(yargs: Argv<T>, help: CommandHelp): Argv<T> {
  // getOptions() is yargs 17's own (untyped) view of the flags defined so far.
  const defined = (yargs as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key;
  const own = Object.keys(defined).filter((key) => !GLOBAL_FLAGS.includes(key));
  // Examples are part of the epilogue (not yargs' .example(), which prints before it) so that
  // they close the help, after the environment and exit codes, as kubectl's come last.
  return yargs
    .group(own, 'Options:')
    .epilogue(`${environmentHelp(help.environment)}\n\n${examplesHelp(help.examples)}`);
}

/** `Examples:` with each command line under a comment saying what it does (kubectl's layout). */
export function examplesHelp(examples: CommandHelp['examples']): string {
  return [
    'Examples:',
    ...examples.flatMap(([command, description], i) => [
      ...(i === 0 ? [] : ['']),
      `  # ${description}`,
      `  ${command.replace(/\$0/g, 'gitops-synth')}`,
    ]),
  ].join('\n');
}
