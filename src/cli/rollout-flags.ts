/**
 * The rollout and pacing flags `publish` and `rollout` share, each defined and
 * checked once here, before any side effect.
 */
import type { Argv } from 'yargs';
import { GitopsSynthError } from '../errors';
import { DEFAULT_MAX_OPEN_PULL_REQUESTS } from '../platform/pacing';
import { withFlags } from './options';

/** The flags as yargs parses them. */
export interface RolloutArgs {
  readonly 'override-freeze'?: string;
  readonly 'max-open-pull-requests'?: number;
}

/** `--override-freeze` and `--max-open-pull-requests` (defined in SHARED_FLAGS). */
export function rolloutOptions<T>(yargs: Argv<T>): Argv<T & RolloutArgs> {
  return withFlags(yargs, ['override-freeze', 'max-open-pull-requests']) as Argv<T & RolloutArgs>;
}

/** The checked values. */
export interface RolloutFlags {
  readonly overrideFreeze?: string;
  readonly maxOpenPullRequests: number;
}

/** Checks `--override-freeze` (one non-empty line) and `--max-open-pull-requests` (a whole number ≥ 1). */
export function rolloutFlags(args: RolloutArgs): RolloutFlags {
  const reason = args['override-freeze'];
  if (reason !== undefined && (reason.trim() === '' || /[\r\n]/.test(reason))) {
    throw new GitopsSynthError('INVALID_FLAG', '--override-freeze: the reason must be one non-empty line', {
      hint: 'say why the freeze is overridden, e.g. --override-freeze "INC-1234: revert the broken ingress"',
    });
  }
  return {
    overrideFreeze: reason?.trim(),
    maxOpenPullRequests: wholeNumber(
      args['max-open-pull-requests'] ?? DEFAULT_MAX_OPEN_PULL_REQUESTS,
      '--max-open-pull-requests',
    ),
  };
}

/** `value` when it is a whole number of at least 1; else INVALID_FLAG naming `flag`. */
export function wholeNumber(value: number, flag: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new GitopsSynthError(
      'INVALID_FLAG',
      `${flag}: '${String(value)}' is not a whole number of at least 1`,
    );
  }
  return value;
}
