/**
 * One checklist shape for the preflight (`publish`, `rollback`) and `doctor`: each
 * check says what was looked at, whether it holds, and when it does not, how to
 * grant or fix it.
 */
import { GitopsSynthError } from '../errors';

/** The outcome of one check. `skipped`: it could not be made here (no repository given, a host that cannot tell). */
export type CheckStatus = 'ok' | 'missing' | 'warning' | 'skipped';

/** One line of the checklist (doctor) or of the preflight's verdict. */
export interface Check {
  /** Stable id (`host.push`, `git`, ...): scripts may match it in `doctor --format json`. */
  readonly id: string;
  /** What was checked, in a few words. */
  readonly title: string;
  readonly status: CheckStatus;
  /** What was found. */
  readonly detail: string;
  /** For `missing` and `warning`: how to grant or fix it. */
  readonly fix?: string;
}

/** True when no check is `missing`. */
export function allHold(checks: readonly Check[]): boolean {
  return checks.every((check) => check.status !== 'missing');
}

/** Thrown by the preflight: one message naming everything missing and how to grant each. */
export class PreflightError extends GitopsSynthError {
  public readonly checks: readonly Check[];

  public constructor(command: string, checks: readonly Check[]) {
    const missing = checks.filter((check) => check.status === 'missing');
    super(
      'PREFLIGHT_FAILED',
      `${command} cannot run; nothing was pushed or changed. Missing:\n${missing
        .map((check) => `  - ${check.title}: ${check.detail}\n    grant it: ${check.fix ?? ''}`)
        .join('\n')}`,
      { hint: 'run `gitops-synth doctor` with the same flags to see every check' },
    );
    this.checks = checks;
  }
}
