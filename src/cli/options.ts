import type { Argv } from 'yargs';
import { DEFAULT_COMMIT_IDENTITY } from '../workspace/identity';

/**
 * Flag definitions shared by several commands, so that a flag has one name, one
 * description and one default everywhere.
 */

/** `--intents`, `--root`, `--repo`, `--base`, `--clusters`, `--shard`. */
export function treeOptions<T>(yargs: Argv<T>): Argv<T> {
  const withTree = yargs
    .option('intents', {
      type: 'string',
      describe: 'Intents file or directory (.yaml, .yml, .json). Default: `intents` in the config file',
      requiresArg: true,
    })
    .option('root', {
      type: 'string',
      describe: 'Repository root the tree lives under',
      default: '.',
      defaultDescription: 'the current directory',
      requiresArg: true,
    })
    .option('repo', {
      type: 'string',
      describe:
        'GitOps repository URL that clusters pull from (Argo CD Applications point at it). Default: `repo` in the config file',
      requiresArg: true,
    })
    .option('base', {
      type: 'string',
      describe: 'Branch the clusters follow. Default: `base` in the config file, else main',
      requiresArg: true,
    })
    .option('clusters', {
      type: 'string',
      describe: 'Only clusters whose id matches these comma-separated globs (e.g. cluster-prod-*)',
      requiresArg: true,
    })
    .option('shard', {
      type: 'string',
      describe: 'Only shard i of n (e.g. 2/4): a stable hash of the cluster id picks the shard',
      requiresArg: true,
    });
  return intentLimitOptions(withTree);
}

/** `--max-intents-file-size`, `--max-intents-total-size`, `--max-intents-depth` (docs/limits.md). */
export function intentLimitOptions<T>(yargs: Argv<T>): Argv<T> {
  // Typed as Argv<T>: the handlers read these through GlobalArgs.
  return yargs
    .option('max-intents-file-size', {
      type: 'string',
      describe: 'Refuse (before reading) an intents file larger than this (bytes, or 64MiB, 1GiB)',
      defaultDescription: '32MiB',
      requiresArg: true,
    })
    .option('max-intents-total-size', {
      type: 'string',
      describe: 'Refuse (before reading) intents larger than this in all',
      defaultDescription: '512MiB',
      requiresArg: true,
    })
    .option('max-intents-depth', {
      type: 'number',
      describe: 'Refuse intents that nest maps and lists deeper than this (rule depth-limit)',
      defaultDescription: '100',
      requiresArg: true,
    }) as unknown as Argv<T>;
}

/** `--allow-deletions`, `--max-deletion-share`. */
export function deletionOptions<T>(yargs: Argv<T>): Argv<T> {
  return yargs
    .option('allow-deletions', {
      type: 'boolean',
      default: false,
      describe:
        'Allow a run that deletes more than --max-deletion-share of the owned files, or every object of a cluster',
    })
    .option('max-deletion-share', {
      type: 'number',
      describe:
        'Share of owned files (0 to 1) a run may delete without --allow-deletions. Default: `maxDeletionShare` in the config file, else 0.5',
      requiresArg: true,
    });
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
