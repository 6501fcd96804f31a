import type { Argv } from 'yargs';

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
