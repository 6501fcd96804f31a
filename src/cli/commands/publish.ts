import { checkWorkersEnv } from '../../pipeline/render-workers';
import { checkApiUrlTransport, hostFromFlags } from '../platform-flags';
import type { Argv, CommandModule } from 'yargs';
import { GitopsSynthError } from '../../errors';
import { toolVersion } from '../../package-root';
import { renderFleet } from '../../pipeline/render';
import type { ProviderName } from '../../platform/types';
import { GROUP_BY_VALUES, GroupBy } from '../../publish/groups';
import { commitIdentities } from '../../workspace/identity';
import { publishRun } from '../../publish/publish';
import { clusterFilter, selectsAll } from '../../selection';
import { commandContext, GlobalArgs, intentsPath, parseDeletionShare } from '../context';
import { CliIo } from '../io';
import type { ExitHolder } from '../exit-codes';
import { operationRetentionFrom, operationRetentionOption } from '../operation-retention';
import { formatOption, INTENT_LIMIT_FLAGS, PLATFORM_FLAGS, SIGNING_FLAGS, withFlags } from '../options';
import { publishReport, renderPublishJson } from '../../publish/report';
import type { RollbackOutcome } from '../../rollback/rollback';
import { COMMIT_AUDIT_ENVIRONMENT, commandHelp, GIT_ENVIRONMENT } from '../help';
import { commitPolicyFrom, SigningArgs } from '../signing-options';
import { preflight } from '../../preflight/host-checks';
import { ciRunUrl } from '../../messages/audit';
import { printOutcomes } from './publish-output';
import {
  autoRollback,
  printRollout,
  PublishRolloutArgs,
  publishRolloutOptions,
  publishRolloutSettings,
} from './publish-rollout';
import { createProgress, wantsProgress } from '../progress';

interface PublishArgs extends GlobalArgs, PublishRolloutArgs, SigningArgs {
  readonly provider?: ProviderName;
  readonly 'api-url'?: string;
  readonly project?: string;
  readonly 'group-by': GroupBy;
  readonly 'dry-run'?: boolean;
  readonly progress?: boolean;
  readonly author?: string;
  readonly committer?: string;
  readonly 'intents-revision'?: string;
  readonly 'allow-deletions'?: boolean;
  readonly 'max-deletion-share'?: number;
  readonly 'operation-retention'?: string;
  readonly format: (typeof PUBLISH_FORMATS)[number];
}

/** The output formats of `publish`: text for people, json (a PublishReport) for CI. */
export const PUBLISH_FORMATS = ['text', 'json'] as const;

function publishOptions(yargs: Argv<PublishArgs>): Argv<PublishArgs> {
  return withFlags(
    formatOption(
      yargs,
      PUBLISH_FORMATS,
      'Output format: text for people; json for CI, a PublishReport (schemas/publish-report.v1alpha1.json): each pull request, what was deferred and why each rollout wave waits. Standard output then holds only the document',
    ),
    [
      'intents',
      'repo',
      'root',
      'base',
      ...PLATFORM_FLAGS,
      'author',
      'committer',
      'allow-deletions',
      'max-deletion-share',
      'clusters',
      'shard',
      'progress',
      'intents-revision',
      ...INTENT_LIMIT_FLAGS,
      ...SIGNING_FLAGS,
    ],
  )
    .option('group-by', {
      choices: GROUP_BY_VALUES,
      default: 'cluster' as const,
      describe:
        'One pull request per cluster (branch gitops/<cluster-id>) or one for the fleet (gitops/fleet)',
    })
    .option('dry-run', {
      type: 'boolean',
      default: false,
      describe:
        'Print the commit message, file changes and pull request title and body; push nothing, call no API',
    });
}

/** `gitops-synth publish`: synth → diff → commit → push with lease → ensure the pull request. */
export function publishCommand(io: CliIo, _exit: ExitHolder): CommandModule<object, PublishArgs> {
  return {
    command: 'publish',
    describe:
      'Synthesize into a working copy of the GitOps repository, commit on gitops/<cluster-id>, push with a lease, and open or update the pull request',
    builder: (yargs) =>
      commandHelp(
        publishRolloutOptions(operationRetentionOption(publishOptions(yargs as Argv<PublishArgs>))),
        {
          examples: [
            [
              'GITOPS_TOKEN=… $0 publish --repo https://github.com/acme/fleet.git',
              'One pull request per cluster whose tree changes (branch gitops/<cluster-id>)',
            ],
            [
              '$0 publish --repo git@gitlab.example.org:platform/fleet.git --provider gitlab --dry-run',
              'Print the commits and merge requests it would make; needs no token',
            ],
            [
              '$0 publish --shard 2/4 --max-api-writes 400 --auto-rollback',
              'Shard 2 of a 4-job CI matrix (an empty shard exits 0 at once), following the rollout waves of gitops-synth.yaml within 400 API writes and reverting a failed wave',
            ],
          ],
          environment: [
            ...GIT_ENVIRONMENT,
            'GITOPS_AUTHOR_NAME',
            'GITOPS_AUTHOR_EMAIL',
            'GITOPS_COMMITTER_NAME',
            'GITOPS_COMMITTER_EMAIL',
            'GITOPS_INTENTS_REVISION',
            ...COMMIT_AUDIT_ENVIRONMENT,
            'CI',
            'GITOPS_SYNTH_WORKERS',
          ],
        },
      ),
    handler: async (args) => {
      const context = commandContext({ ...args, root: undefined }, io);
      checkWorkersEnv(io.env);
      const repo = context.repo;
      if (repo === undefined) {
        throw new GitopsSynthError('INVALID_FLAG', '--repo: no GitOps repository given', {
          hint: 'pass --repo <url-or-path>, or set `repo` in gitops-synth.yaml',
        });
      }
      const maxDeletionShare = parseDeletionShare(
        args['max-deletion-share'],
        context.config.maxDeletionShare,
      );
      const identities = commitIdentities({ author: args.author, committer: args.committer }, io.env);
      const dryRun = args['dry-run'] === true;
      const paced = publishRolloutSettings(args, context.config, io);
      const policy = await commitPolicyFrom(args, context.repo, io.env);
      // A flag error before the intents are read: the token must never be aimed at plain http://.
      checkApiUrlTransport(args['api-url'], args['allow-insecure-http'] === true);
      const intents = intentsPath(context);
      // Rendered before the host is set up: an empty shard ends here (exit 0) even without a token.
      const rendered = await renderFleet({
        intents,
        repoUrl: repo,
        branch: context.base,
        selection: context.selection,
        operationRetention: operationRetentionFrom(args, io),
        limits: context.limits,
        env: io.env,
      });
      const host = dryRun
        ? undefined
        : await hostFromFlags(
            args,
            repo,
            io,
            'publish needs one that can push and open pull requests; --dry-run needs none',
            paced.pacer.wrap((url, init) => fetch(url, init)),
          );
      const platform = host?.platform;
      // Before the working copy is touched: a missing right stops the run with one message.
      if (platform !== undefined) await preflight('publish', platform, context.base, policy.mode);
      if (dryRun && paced.rollout !== undefined) {
        io.err('rollout: a dry run asks the host nothing, so it shows every change as if no wave waited\n');
      }
      const shard = context.selection.shard;
      const progress = createProgress(io, 'clusters', !context.quiet && wantsProgress(args.progress, io));
      // The same workspace (and signing) for the wave's commits and an automatic rollback's reverts.
      const workspace = {
        repo,
        base: context.base,
        workdir: args.root,
        cwd: io.cwd,
        env: io.env,
        signing: policy.signing,
        transport: policy.transport,
        signoff: policy.signoff,
        tokenSource: host?.tokenSource,
      };
      const log = (line: string) => (context.quiet ? undefined : io.err(`${line}\n`));
      const result = await publishRun({
        workspace,
        rendered,
        allClusters: rendered.allClusters,
        selects: clusterFilter(context.selection),
        groupBy: args['group-by'],
        shardSuffix:
          shard === undefined || selectsAll(context.selection)
            ? ''
            : `-shard-${shard.index}-of-${shard.count}`,
        identities,
        intentsRevision: args['intents-revision'] ?? (io.env.GITOPS_INTENTS_REVISION || undefined),
        toolVersion: `${toolVersion()}`,
        ciUrl: ciRunUrl(io.env),
        allowDeletions: args['allow-deletions'] === true,
        maxDeletionShare,
        platform,
        log,
        onProgress: (done, total) => progress.update(done, total),
        rollout: paced.rollout,
        pacer: paced.pacer,
        maxOpenPullRequests: paced.maxOpenPullRequests,
      });
      progress.done();
      const json = args.format === 'json';
      if (!json) {
        const heldBack =
          result.deferred !== undefined || (result.rollout?.waves.some((w) => w.wait !== null) ?? false);
        printOutcomes(result.outcomes, io, heldBack);
        printRollout(result, io);
      }
      const rollbacks: RollbackOutcome[] = [];
      if (paced.autoRollback && platform !== undefined) {
        const audit = { toolVersion: toolVersion(), ciUrl: ciRunUrl(io.env) };
        rollbacks.push(...(await autoRollback(result, { workspace, identities, platform, log, audit })));
      }
      if (json) {
        io.out(
          renderPublishJson(publishReport(result, { base: context.base, dryRun, now: io.now(), rollbacks })),
        );
        return;
      }
      for (const rolled of rollbacks) {
        io.out(
          `rollout: ${rolled.branch}: reverts ${rolled.reverted.slice(0, 12)}; pull request #${rolled.pullRequest.number} ${rolled.action}: ${rolled.pullRequest.url}\n`,
        );
      }
    },
  };
}
