import type { Argv, CommandModule } from 'yargs';
import { GitopsSynthError } from '../../errors';
import { renderFleet } from '../../pipeline/render';
import type { ProviderName } from '../../platform/types';
import { readRollout } from '../../rollout/read';
import { renderRolloutJson, renderRolloutText } from '../../rollout/report';
import { clusterFilter } from '../../selection';
import { commandContext, GlobalArgs, intentsPath } from '../context';
import { commandHelp, GIT_ENVIRONMENT } from '../help';
import { CliIo } from '../io';
import type { ExitHolder } from '../exit-codes';
import { formatOption, INTENT_LIMIT_FLAGS, PLATFORM_FLAGS, withFlags } from '../options';
import { hostFromFlags } from '../platform-flags';
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
  return formatOption(
    rolloutOptions(
      withFlags(yargs, [
        'intents',
        'repo',
        'root',
        'base',
        'clusters',
        ...PLATFORM_FLAGS,
        'intents-revision',
        ...INTENT_LIMIT_FLAGS,
      ]),
    ),
    ROLLOUT_FORMATS,
  );
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
        environment: [...GIT_ENVIRONMENT, 'GITOPS_INTENTS_REVISION'],
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
      const { platform, tokenSource } = await hostFromFlags(
        args,
        repo,
        io,
        'a read-only token is enough: rollout reads pull requests and commit statuses, and writes nothing',
      );
      const status = await readRollout({
        // A GitHub App's installation token fetches the repository too (there is no GITOPS_TOKEN then).
        workspace: { repo, base: context.base, workdir: args.root, cwd: io.cwd, env: io.env, tokenSource },
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
