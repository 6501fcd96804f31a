/**
 * publish's rollout and pacing part: its flags, the rollout settings of a run, what
 * it prints about waves that wait and work it deferred, and `--auto-rollback`.
 */
import type { Argv } from 'yargs';
import { Config } from '../../config/config';
import { GitopsSynthError } from '../../errors';
import { ApiPacer } from '../../platform/pacing';
import { Platform } from '../../platform/types';
import { CommitIdentities } from '../../workspace/identity';
import { PublishResult } from '../../publish/publish';
import { WorkspaceOptions } from '../../workspace/workspace';
import { rollback, RollbackOutcome, RollbackRequest } from '../../rollback/rollback';
import { RolloutRun } from '../../rollout/publish-gate';
import { nextRun } from '../../rollout/report';
import { CliIo } from '../io';
import { RolloutArgs, rolloutFlags, rolloutOptions, wholeNumber } from '../rollout-flags';

/** The flags as yargs parses them. */
export interface PublishRolloutArgs extends RolloutArgs {
  readonly 'auto-rollback'?: boolean;
  readonly 'max-api-writes'?: number;
  readonly 'api-write-pause'?: number;
}

/** `--auto-rollback`, `--override-freeze`, `--max-open-pull-requests`, `--max-api-writes`, `--api-write-pause`. */
export function publishRolloutOptions<T>(yargs: Argv<T>): Argv<T & PublishRolloutArgs> {
  return rolloutOptions(yargs)
    .option('auto-rollback', {
      type: 'boolean',
      default: false,
      describe:
        "Once the rollout's failure budget is spent, open a revert pull request (as `rollback` does) for each failed cluster's merged change",
    })
    .option('max-api-writes', {
      type: 'number',
      requiresArg: true,
      describe:
        'Send at most this many API writes this run; the pull requests left are deferred to the next run, which resumes (exit 0). Default: no budget',
    })
    .option('api-write-pause', {
      type: 'number',
      requiresArg: true,
      default: 1000,
      describe:
        'Milliseconds between two API writes (GitHub documents about 80 content-creating requests a minute)',
    });
}

/** The checked rollout and pacing settings of one run. */
export interface PublishRolloutSettings {
  readonly rollout?: RolloutRun;
  readonly maxOpenPullRequests: number;
  readonly autoRollback: boolean;
  readonly pacer: ApiPacer;
}

/** Checks the flags (before any side effect) and builds the run's settings. */
export function publishRolloutSettings(
  args: PublishRolloutArgs,
  config: Config,
  io: CliIo,
): PublishRolloutSettings {
  const flags = rolloutFlags(args);
  const maxApiWrites =
    args['max-api-writes'] === undefined
      ? undefined
      : wholeNumber(args['max-api-writes'], '--max-api-writes');
  const pause = args['api-write-pause'] ?? 1000;
  if (!Number.isSafeInteger(pause) || pause < 0) {
    throw new GitopsSynthError(
      'INVALID_FLAG',
      `--api-write-pause: '${String(pause)}' is not a whole number of milliseconds`,
    );
  }
  return {
    rollout:
      config.rollout === undefined
        ? undefined
        : {
            policy: config.rollout,
            now: io.now(),
            overrideFreeze: flags.overrideFreeze,
            maxOpenPullRequests: flags.maxOpenPullRequests,
          },
    maxOpenPullRequests: flags.maxOpenPullRequests,
    autoRollback: args['auto-rollback'] === true,
    pacer: new ApiPacer({ maxApiWrites, writePauseMs: pause }),
  };
}

/** Prints the waves that wait, the pull requests noted, and the work deferred. */
export function printRollout(result: PublishResult, io: CliIo): void {
  const plan = result.rollout;
  if (plan !== undefined) {
    for (const wave of plan.waves) {
      if (wave.wait !== null) io.out(`rollout: wave ${wave.name} ${wave.status}: ${wave.wait.message}\n`);
    }
    if (plan.halted)
      io.out(`rollout: halted (${plan.failures} failed of a budget of ${plan.failureBudget})\n`);
    for (const number of result.noted) io.out(`rollout: pull request #${number} now says why it waits\n`);
    for (const line of nextRun(plan)) io.out(`rollout: planned: ${line}\n`);
  }
  if (result.deferred !== undefined) {
    io.out(
      `Deferred to the next run (${result.deferred.reason}): ${result.deferred.groups.length} pull request(s): ${result.deferred.groups.map((g) => g.branch).join(', ')}\n`,
    );
  }
}

/**
 * `--auto-rollback`: one revert pull request per failed merged change of a halted
 * rollout (deduplicated: a fleet pull request's merge is reverted once). Runs after
 * publish has let go of the working copy's lock, which rollback takes too.
 */
export async function autoRollback(
  result: PublishResult,
  options: {
    workspace: WorkspaceOptions;
    identities: CommitIdentities;
    platform: Platform;
    log: (line: string) => void;
    /** The revert commits' audit trailers, as `rollback` writes them. */
    audit: RollbackRequest['audit'];
  },
): Promise<RollbackOutcome[]> {
  const plan = result.rollout;
  if (plan === undefined || !plan.halted) return [];
  const commits = new Set(
    plan.waves
      .flatMap((w) => w.clusters)
      .flatMap((c) => (c.state === 'failed' && c.commit !== null ? [c.commit] : [])),
  );
  const outcomes: RollbackOutcome[] = [];
  for (const commit of [...commits].sort()) {
    outcomes.push(await rollback({ ...options, target: { commit } }));
  }
  return outcomes;
}
