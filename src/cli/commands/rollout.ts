import type { Argv, CommandModule } from 'yargs';
import { GitopsSynthError } from '../../errors';
import { renderFleet } from '../../pipeline/render';
import { PROVIDER_NAMES, ProviderName } from '../../platform/types';
import { readRollout } from '../../rollout/read';
import { renderRolloutJson, renderRolloutText } from '../../rollout/report';
import { clusterFilter } from '../../selection';
import { commandContext, GlobalArgs, intentsPath } from '../context';
import { commandHelp } from '../help';
import { CliIo } from '../io';
import type { ExitHolder } from '../main';
import { intentLimitOptions } from '../options';
import { ALLOW_INSECURE_HTTP_OPTION, platformFromFlags } from '../platform-flags';
import { RolloutArgs, rolloutFlags, rolloutOptions } from '../rollout-flags';

/** The output formats of `rollout`. */
export const ROLLOUT_FORMATS = ['text', 'json'] as const;

interface RolloutCommandArgs extends GlobalArgs, RolloutArgs {
  readonly provider?: ProviderName;
  readonly 'api-url'?: string;
  readonly project?: string;
  readonly 'allow-insecure-http'?: boolean;
  readonly 'intents-revision'?: string;
  readonly format: (typeof ROLLOUT_FORMATS)[number];
}

function options(yargs: Argv<RolloutCommandArgs>): Argv<RolloutCommandArgs> {
  return rolloutOptions(intentLimitOptions(yargs))
    .option('intents', {
      type: 'string',
      requiresArg: true,
      describe: 'Intents file or directory (what the rollout carries). Default: `intents` in the config file',
    })
    .option('repo', {
      type: 'string',
      requiresArg: true,
      describe: 'The GitOps repository: a remote URL or a local path. Default: `repo` in the config file',
    })
    .option('root', {
      type: 'string',
      requiresArg: true,
      describe: 'The working copy to read (the same one publish uses)',
      defaultDescription: 'a cache directory per repository under $XDG_CACHE_HOME/gitops-synth',
    })
    .option('base', {
      type: 'string',
      requiresArg: true,
      describe: 'The branch clusters follow. Default: `base` in the config file, else main',
    })
    .option('clusters', {
      type: 'string',
      requiresArg: true,
      describe: 'Only clusters whose id matches these comma-separated globs',
    })
    .option('provider', {
      choices: PROVIDER_NAMES,
      describe: 'The Git host. Default: detected from the --repo URL',
    })
    .option('api-url', {
      type: 'string',
      requiresArg: true,
      describe: 'The host API base URL. Default: derived from --repo',
    })
    .option('allow-insecure-http', ALLOW_INSECURE_HTTP_OPTION)
    .option('project', {
      type: 'string',
      requiresArg: true,
      describe: 'owner/name (GitLab: group/sub/name). Default: derived from --repo',
    })
    .option('intents-revision', {
      type: 'string',
      requiresArg: true,
      describe:
        'The revision the rollout carries (the Intents-Revision trailer publish writes). Default: GITOPS_INTENTS_REVISION, else the intents digest',
    })
    .option('format', {
      choices: ROLLOUT_FORMATS,
      default: 'text' as const,
      describe:
        'text for people, json (kind RolloutStatus, schemas/rollout-status.v1alpha1.json) for programs',
    }) as Argv<RolloutCommandArgs>;
}

/** `gitops-synth rollout`: each wave's clusters and states, what the next publish does, and why a wave waits. */
export function rolloutCommand(io: CliIo, _exit: ExitHolder): CommandModule<object, RolloutCommandArgs> {
  return {
    command: 'rollout',
    describe:
      "Show the rollout of the config file's waves: each wave's clusters and states, what the next publish would do, and why a wave waits (soak, freeze, a failure, the pull-request cap)",
    builder: (yargs) =>
      commandHelp(options(yargs as Argv<RolloutCommandArgs>), {
        examples: [
          [
            '$0 rollout --repo https://github.com/acme/fleet.git',
            'Where the rollout of the current intents stands',
          ],
          ['$0 rollout --format json', 'The RolloutStatus document, for CI or a control plane'],
        ],
        environment: [
          'GITOPS_TOKEN',
          'GITOPS_TOKEN_FILE',
          'GITOPS_TOKEN_USERNAME',
          'GITOPS_SSH_KEY',
          'GITOPS_SSH_KNOWN_HOSTS',
          'GITOPS_INTENTS_REVISION',
          'XDG_CACHE_HOME',
        ],
      }),
    handler: async (args) => {
      const context = commandContext({ ...args, root: undefined }, io);
      const flags = rolloutFlags(args);
      const policy = context.config.rollout;
      if (policy === undefined) {
        throw new GitopsSynthError('ROLLOUT_NOT_CONFIGURED', 'the config file has no `rollout` section', {
          hint: 'add rollout.waves to gitops-synth.yaml (docs/rollout.md); without it publish opens every pull request at once',
        });
      }
      const repo = context.repo;
      if (repo === undefined) {
        throw new GitopsSynthError('INVALID_FLAG', '--repo: no GitOps repository given', {
          hint: 'pass --repo <url-or-path>, or set `repo` in gitops-synth.yaml',
        });
      }
      const rendered = await renderFleet({
        intents: intentsPath(context),
        repoUrl: repo,
        branch: context.base,
        selection: context.selection,
        limits: context.limits,
      });
      const platform = await platformFromFlags(
        args,
        repo,
        io,
        'a read-only token is enough: rollout reads pull requests and commit statuses, and writes nothing',
      );
      const status = await readRollout({
        workspace: { repo, base: context.base, workdir: args.root, cwd: io.cwd, env: io.env },
        rendered,
        selects: clusterFilter(context.selection),
        policy,
        platform,
        intentsRevision: args['intents-revision'] ?? (io.env.GITOPS_INTENTS_REVISION || undefined),
        now: io.now(),
        overrideFreeze: flags.overrideFreeze,
        maxOpenPullRequests: flags.maxOpenPullRequests,
      });
      io.out(args.format === 'json' ? renderRolloutJson(status) : renderRolloutText(status));
    },
  };
}
