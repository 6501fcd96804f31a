import type { Argv, CommandModule } from 'yargs';
import { buildBootstrap } from '../../bootstrap/bootstrap';
import { ARGOCD_NOTIFIERS, ArgoCdNotifier } from '../../bootstrap/argocd-notifications';
import { bootstrapHost, checkStatusUrl } from '../../bootstrap/host';
import { clusterRepositoryUrl } from '../../bootstrap/repository-url';
import { GitopsSynthError } from '../../errors';
import { loadFleet } from '../../intents/load';
import { ClusterIntent } from '../../intents/model';
import { findNearest } from '../../intents/suggest';
import type { ProviderName } from '../../platform/types';
import { commandContext, GlobalArgs, intentsPath } from '../context';
import { CliIo } from '../io';
import type { ExitHolder } from '../exit-codes';
import { commandHelp } from '../help';
import { INTENT_LIMIT_FLAGS, withFlags } from '../options';

interface BootstrapArgs extends GlobalArgs {
  readonly cluster: string;
  readonly branch?: string;
  readonly provider?: ProviderName;
  readonly 'api-url'?: string;
  readonly project?: string;
  readonly 'status-url'?: string;
  readonly 'argocd-notifier': ArgoCdNotifier;
}

/** `--argocd-notifier`'s default, typed so that the handler's argument is the union, not string. */
const DEFAULT_NOTIFIER: ArgoCdNotifier = 'webhook';

/** The cluster the intents declare with `id`; fails naming the known ones. */
function getCluster(clusters: readonly ClusterIntent[], id: string): ClusterIntent {
  const cluster = clusters.find((candidate) => candidate.id === id);
  if (cluster === undefined) {
    const nearest = findNearest(
      id,
      clusters.map((c) => c.id),
    );
    throw new GitopsSynthError(
      'UNKNOWN_CLUSTER',
      `--cluster: the intents declare no cluster '${id}'${nearest === undefined ? '' : ` (did you mean '${nearest}'?)`}`,
      {
        hint: `declared clusters: ${clusters.map((c) => c.id).join(', ') || '(none)'}; the cluster's sync mode (flux or argocd) is read from the intents`,
      },
    );
  }
  return cluster;
}

/**
 * `gitops-synth bootstrap`: prints the objects an administrator applies once so that a
 * cluster follows its path and reports back, with the commands that create its Secrets.
 */
export function bootstrapCommand(io: CliIo, _exit: ExitHolder): CommandModule<object, BootstrapArgs> {
  return {
    command: 'bootstrap',
    describe:
      'Print what an administrator applies once so that a cluster follows clusters/<cluster-id> and reports back (Flux source, Kustomization, notification Providers and Alerts; or the Argo CD Application and notification entries)',
    builder: (yargs) =>
      commandHelp(
        withFlags(yargs as Argv<BootstrapArgs>, [
          'repo',
          'base',
          'intents',
          'provider',
          'api-url',
          'project',
          ...INTENT_LIMIT_FLAGS,
        ])
          .option('cluster', {
            type: 'string',
            demandOption: true,
            requiresArg: true,
            describe:
              'The cluster id, as declared in the intents (which also say whether it syncs with flux or argocd)',
          })
          // The flag's old name, kept so that existing scripts still run; --help no longer shows it.
          .option('branch', { type: 'string', requiresArg: true, hidden: true })
          .option('status-url', {
            type: 'string',
            requiresArg: true,
            describe:
              'Flux: the URL at which the cluster reaches `status serve`; adds a generic-hmac Provider and Alert that send every event (message included) to <url>/flux/events',
          })
          .option('argocd-notifier', {
            choices: ARGOCD_NOTIFIERS,
            default: DEFAULT_NOTIFIER,
            describe:
              'Argo CD: post statuses with the webhook service and a token (any host), or the github service as a GitHub App (GitHub only)',
          }),
        {
          examples: [
            [
              '$0 bootstrap --cluster cluster-prod-1 --repo ssh://git@github.com/acme/fleet.git',
              'What an administrator applies once so that cluster-prod-1 follows clusters/cluster-prod-1 on main',
            ],
            [
              '$0 bootstrap --cluster cluster-lab-1 --repo https://github.com/acme/fleet.git --base release',
              'The Argo CD Application and notifications for a cluster that follows the release branch',
            ],
            [
              '$0 bootstrap --cluster cluster-edge-1 --repo ssh://git@github.com/acme/fleet.git --status-url https://status.example.org',
              "Flux also sends its events (with the controller's message) to status serve",
            ],
          ],
          environment: [],
        },
      ),
    handler: async (args) => {
      if (args.branch !== undefined) {
        io.err('note: --branch is deprecated; use --base, as every other command does\n');
      }
      const context = commandContext({ ...args, base: args.base ?? args.branch }, io);
      if (context.repo === undefined) {
        throw new GitopsSynthError('INVALID_FLAG', '--repo: no GitOps repository given', {
          hint: 'pass --repo <url>, or set `repo` in gitops-synth.yaml',
        });
      }
      const statusUrl = args['status-url'] === undefined ? undefined : checkStatusUrl(args['status-url']);
      const loaded = await loadFleet(intentsPath(context), context.limits);
      const cluster = getCluster(loaded.fleet.clusters, args.cluster);
      // A URL no cluster can pull from says more than a host that cannot be told from it.
      clusterRepositoryUrl(context.repo, cluster.sync === 'flux');
      const host = bootstrapHost(context.repo, {
        provider: args.provider,
        apiUrl: args['api-url'],
        project: args.project,
      });
      if (args['argocd-notifier'] === 'github-app' && host.provider !== 'github') {
        throw new GitopsSynthError(
          'INVALID_FLAG',
          `--argocd-notifier github-app: Argo CD's github service speaks only to GitHub, and the host is ${host.provider}`,
          {
            hint: 'use --argocd-notifier webhook (the default) for GitLab and Gitea',
          },
        );
      }
      if (statusUrl !== undefined && cluster.sync !== 'flux') {
        io.err(
          `note: --status-url is for Flux clusters; Argo CD reports through commit statuses only, so '${cluster.id}' gets none\n`,
        );
      }
      const bootstrap = buildBootstrap({
        cluster,
        repo: context.repo,
        branch: context.base,
        host,
        notifier: args['argocd-notifier'],
        statusUrl: cluster.sync === 'flux' ? statusUrl : undefined,
      });
      for (const note of bootstrap.notes) {
        io.err(`note: ${note}\n`);
      }
      io.out(bootstrap.yaml);
    },
  };
}
