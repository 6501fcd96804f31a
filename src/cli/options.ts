import type { Argv } from 'yargs';
import { DEFAULT_COMMIT_IDENTITY } from '../publish/identity';

/**
 * Flag definitions shared by several commands, so that a flag has one name, one
 * description and one default everywhere.
 */

/** `--intents`, `--root`, `--repo`, `--base`, `--clusters`, `--shard`. */
export function treeOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .option('intents', { type: 'string', describe: 'Intents file or directory (.yaml, .yml, .json). Default: `intents` in the config file', requiresArg: true })
    .option('root', { type: 'string', describe: 'Repository root the tree lives under', default: '.', defaultDescription: 'the current directory', requiresArg: true })
    .option('repo', { type: 'string', describe: 'GitOps repository URL that clusters pull from (Argo CD Applications point at it). Default: `repo` in the config file', requiresArg: true })
    .option('base', { type: 'string', describe: 'Branch the clusters follow. Default: `base` in the config file, else main', requiresArg: true })
    .option('clusters', { type: 'string', describe: 'Only clusters whose id matches these comma-separated globs (e.g. cluster-prod-*)', requiresArg: true })
    .option('shard', { type: 'string', describe: 'Only shard i of n (e.g. 2/4): a stable hash of the cluster id picks the shard', requiresArg: true });
}

/** `--allow-deletions`, `--max-deletion-share`. */
export function deletionOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .option('allow-deletions', { type: 'boolean', default: false, describe: 'Allow a run that deletes more than --max-deletion-share of the owned files, or every object of a cluster' })
    .option('max-deletion-share', { type: 'number', describe: 'Share of owned files (0 to 1) a run may delete without --allow-deletions. Default: `maxDeletionShare` in the config file, else 0.5', requiresArg: true });
}

/** The default identity as `--help` and messages print it. */
const DEFAULT_IDENTITY_TEXT = `${DEFAULT_COMMIT_IDENTITY.name} <${DEFAULT_COMMIT_IDENTITY.email}>`;

/** `--author`, `--committer` (publish, rollback): the same precedence for every commit the tool makes. */
export function identityOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .option('author', {
      type: 'string',
      describe: `Commit author 'Name <email>'. Default: GITOPS_AUTHOR_NAME/EMAIL, else git's own identity (user.name/user.email, GIT_AUTHOR_NAME/EMAIL), else ${DEFAULT_IDENTITY_TEXT}`,
      requiresArg: true,
    })
    .option('committer', {
      type: 'string',
      describe: `Commit committer 'Name <email>'. Default: GITOPS_COMMITTER_NAME/EMAIL, else the author given by flag or GITOPS_AUTHOR_*, else git's own identity, else ${DEFAULT_IDENTITY_TEXT}`,
      requiresArg: true,
    });
}

/** The environment variables gitops-synth reads, for `--help`. */
export const ENVIRONMENT_HELP = `Environment:
  GITOPS_TOKEN             Forge API token, also used for HTTPS pushes (tokens are never flags)
  GITOPS_TOKEN_FILE        A file holding the token (set one of GITOPS_TOKEN, GITOPS_TOKEN_FILE)
  GITOPS_TOKEN_USERNAME    User name sent with the token on HTTPS pushes (default x-access-token)
  GITOPS_SSH_KEY           Private key (a deploy key) for SSH remotes
  GITOPS_SSH_KNOWN_HOSTS   known_hosts file for SSH remotes (host keys are always checked)
  GITOPS_AUTHOR_NAME       Commit author name, with GITOPS_AUTHOR_EMAIL (--author wins over both)
  GITOPS_AUTHOR_EMAIL      Commit author email
  GITOPS_COMMITTER_NAME    Commit committer name; with GITOPS_COMMITTER_EMAIL (default: the author)
  GITOPS_COMMITTER_EMAIL   Commit committer email
                           Without them: git's own identity (user.name/user.email, or
                           GIT_AUTHOR_*/GIT_COMMITTER_*), else the default identity
                           ${DEFAULT_IDENTITY_TEXT}
  GITOPS_INTENTS_REVISION  The intents' revision, recorded in the Intents-Revision commit trailer
  GITOPS_WEBHOOK_SECRET    Secret the Git host signs webhook deliveries with (status serve)
  GITOPS_EVENTS_SECRET     HMAC key of Flux's events to status serve (bootstrap --status-url)
  GITOPS_STATUS_TOKEN      Token readers of status serve's page, /events, /metrics and JSON API need
                           (Bearer); required when it listens on a non-loopback address
  NO_COLOR                 Set to disable colour on a terminal

Exit codes: 0 success (also "nothing changed"), 1 invalid input or a failed check, 2 bad flags,
3 an external system (git, the forge) failed, 70 an internal error.`;
