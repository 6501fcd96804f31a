import type { Argv, CommandModule } from 'yargs';
import { buildBootstrap } from '../../bootstrap/bootstrap';
import { GitopsSynthError } from '../../errors';
import { loadFleet } from '../../intents/load';
import { ClusterIntent } from '../../intents/model';
import { findNearest } from '../../intents/suggest';
import { commandContext, GlobalArgs, intentsPath } from '../context';
import { CliIo } from '../io';
import type { ExitHolder } from '../main';
import { ENVIRONMENT_HELP } from '../options';

interface BootstrapArgs extends GlobalArgs {
  readonly cluster: string;
  readonly branch?: string;
}

/** The cluster the intents declare with `id`; fails naming the known ones. */
function getCluster(clusters: readonly ClusterIntent[], id: string): ClusterIntent {
  const cluster = clusters.find((candidate) => candidate.id === id);
  if (cluster === undefined) {
    const nearest = findNearest(id, clusters.map((c) => c.id));
    throw new GitopsSynthError('UNKNOWN_CLUSTER', `--cluster: the intents declare no cluster '${id}'${nearest === undefined ? '' : ` (did you mean '${nearest}'?)`}`, {
      hint: `declared clusters: ${clusters.map((c) => c.id).join(', ') || '(none)'}; the cluster's sync mode (flux or argocd) is read from the intents`,
    });
  }
  return cluster;
}

/**
 * `gitops-synth bootstrap`: prints the objects an administrator applies once so that a
 * cluster follows its path, with the commands that create its read-only credential.
 */
export function bootstrapCommand(io: CliIo, _exit: ExitHolder): CommandModule<object, BootstrapArgs> {
  return {
    command: 'bootstrap',
    describe: 'Print what an administrator applies once so that a cluster follows clusters/<cluster-id> (Flux GitRepository and Kustomization, or the Argo CD Application)',
    builder: (yargs) => (yargs as Argv<BootstrapArgs>)
      .option('cluster', { type: 'string', demandOption: true, requiresArg: true, describe: 'The cluster id, as declared in the intents (which also say whether it syncs with flux or argocd)' })
      .option('repo', { type: 'string', requiresArg: true, describe: 'The GitOps repository URL the cluster pulls from (ssh://, https://, or git@host:owner/name). Default: `repo` in the config file' })
      .option('branch', { type: 'string', requiresArg: true, describe: 'The branch the cluster follows. Default: `base` in the config file, else main' })
      .option('intents', { type: 'string', requiresArg: true, describe: 'Intents file or directory. Default: `intents` in the config file' })
      .epilogue(ENVIRONMENT_HELP),
    handler: async (args) => {
      const context = commandContext(args, io);
      if (context.repo === undefined) {
        throw new GitopsSynthError('INVALID_FLAG', '--repo: no GitOps repository given', { hint: 'pass --repo <url>, or set `repo` in gitops-synth.yaml' });
      }
      const loaded = await loadFleet(intentsPath(context));
      const cluster = getCluster(loaded.fleet.clusters, args.cluster);
      const bootstrap = buildBootstrap({ cluster, repo: context.repo, branch: args.branch ?? context.base });
      for (const note of bootstrap.notes) {
        io.err(`note: ${note}\n`);
      }
      io.out(bootstrap.yaml);
    },
  };
}
