import { hostFromFlags } from '../platform-flags';
import type { Argv, CommandModule } from 'yargs';
import { GitopsSynthError } from '../../errors';
import type { ProviderName } from '../../platform/types';
import { commitIdentities } from '../../workspace/identity';
import { rollback, RollbackTarget } from '../../rollback/rollback';
import { commandContext, GlobalArgs } from '../context';
import { CliIo } from '../io';
import type { ExitHolder } from '../exit-codes';
import { PLATFORM_FLAGS, SIGNING_FLAGS, withFlags } from '../options';
import { COMMIT_AUDIT_ENVIRONMENT, commandHelp, GIT_ENVIRONMENT } from '../help';
import { commitPolicyFrom, SigningArgs } from '../signing-options';
import { preflight } from '../../preflight/host-checks';
import { toolVersion } from '../../package-root';
import { ciRunUrl } from '../../messages/audit';

interface RollbackArgs extends GlobalArgs, SigningArgs {
  readonly commit?: string;
  readonly 'pull-request'?: number;
  readonly provider?: ProviderName;
  readonly 'api-url'?: string;
  readonly project?: string;
  readonly author?: string;
  readonly committer?: string;
}

/** `--commit` or `--pull-request`, exactly one. */
function targetOf(args: RollbackArgs): RollbackTarget {
  const pullRequest = args['pull-request'];
  if ((args.commit === undefined) === (pullRequest === undefined)) {
    throw new GitopsSynthError(
      'INVALID_FLAG',
      '--commit, --pull-request: name exactly one change to roll back',
    );
  }
  if (pullRequest !== undefined) {
    if (!Number.isSafeInteger(pullRequest) || pullRequest < 1) {
      throw new GitopsSynthError(
        'INVALID_FLAG',
        `--pull-request: '${String(pullRequest)}' is not a pull request number`,
      );
    }
    return { pullRequest };
  }
  if (!/^[0-9a-f]{4,64}$/i.test(args.commit ?? '')) {
    throw new GitopsSynthError(
      'INVALID_FLAG',
      `--commit: '${args.commit}' is not a commit SHA (4 to 64 hexadecimal digits)`,
    );
  }
  return { commit: args.commit!.toLowerCase() };
}

/** `gitops-synth rollback`: a pull request that reverts one published change with `git revert`. */
export function rollbackCommand(io: CliIo, _exit: ExitHolder): CommandModule<object, RollbackArgs> {
  return {
    command: 'rollback',
    describe:
      'Open a pull request (branch gitops/rollback-<sha>) that reverts a published change with git revert; the base branch is never rewritten',
    builder: (yargs) =>
      commandHelp(
        withFlags(
          (yargs as Argv<RollbackArgs>)
            .option('commit', {
              type: 'string',
              requiresArg: true,
              describe:
                'The commit on the base branch to revert (a merge commit reverts the whole pull request)',
            })
            .option('pull-request', {
              type: 'number',
              requiresArg: true,
              describe: 'The merged pull request to revert (its merge commit is asked from the host)',
            }),
          ['repo', 'root', 'base', ...PLATFORM_FLAGS, 'author', 'committer', ...SIGNING_FLAGS],
        ),
        {
          examples: [
            [
              '$0 rollback --pull-request 42 --repo https://github.com/acme/fleet.git',
              'Open a pull request that reverts the merge of pull request #42',
            ],
            [
              '$0 rollback --commit 1a2b3c4d5e6f',
              'Revert one commit of the base branch on gitops/rollback-1a2b3c4d5e6f',
            ],
          ],
          environment: [
            ...GIT_ENVIRONMENT,
            'GITOPS_AUTHOR_NAME',
            'GITOPS_AUTHOR_EMAIL',
            'GITOPS_COMMITTER_NAME',
            'GITOPS_COMMITTER_EMAIL',
            ...COMMIT_AUDIT_ENVIRONMENT,
            'GITOPS_SYNTH_HOSTNAME',
          ],
        },
      ),
    handler: async (args) => {
      const context = commandContext({ ...args, root: undefined }, io);
      const target = targetOf(args);
      const repo = context.repo;
      if (repo === undefined) {
        throw new GitopsSynthError('INVALID_FLAG', '--repo: no GitOps repository given', {
          hint: 'pass --repo <url-or-path>, or set `repo` in gitops-synth.yaml',
        });
      }
      const identities = commitIdentities({ author: args.author, committer: args.committer }, io.env);
      const policy = await commitPolicyFrom(args, context.repo, io.env);
      const { platform, tokenSource } = await hostFromFlags(
        args,
        repo,
        io,
        'rollback needs one that can push and open pull requests',
      );
      await preflight('rollback', platform, context.base, policy.mode);
      const outcome = await rollback({
        workspace: {
          repo,
          base: context.base,
          workdir: args.root,
          cwd: io.cwd,
          env: io.env,
          signing: policy.signing,
          transport: policy.transport,
          signoff: policy.signoff,
          tokenSource,
        },
        target,
        identities,
        audit: { toolVersion: toolVersion(), ciUrl: ciRunUrl(io.env) },
        platform,
        log: (line) => (context.quiet ? undefined : io.err(`${line}\n`)),
      });
      const clusters = outcome.changes.clusters.map((c) => c.cluster).filter((c) => c !== '');
      io.out(
        `${outcome.branch}: ${outcome.pushed ? 'pushed' : 'already holds'} the revert of ${outcome.reverted.slice(0, 12)} (${outcome.sha.slice(0, 12)}); ` +
          `pull request #${outcome.pullRequest.number} ${outcome.action}: ${outcome.pullRequest.url}\n` +
          `Clusters: ${clusters.join(', ') || '(none)'}. Once merged, update the control plane's intents to match, or the next publish proposes the change again.\n`,
      );
    },
  };
}
