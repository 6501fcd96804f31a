/**
 * `gitops-synth doctor`: the checks publish's preflight makes, and those of this
 * machine (node, git, the CRD schemas, the signing program, a credential), as a
 * checklist in text or JSON. Reads only; exits 1 when something is missing.
 */
import type { Argv, CommandModule } from 'yargs';
import { allHold, Check } from '../../preflight/checks';
import { doctor, hostFailure, type DoctorRequest } from '../../preflight/doctor';
import { commandContext, GlobalArgs } from '../context';
import { ExitCode, type ExitHolder } from '../exit-codes';
import { COMMIT_AUDIT_ENVIRONMENT, commandHelp, GIT_ENVIRONMENT } from '../help';
import { CliIo } from '../io';
import { hostFromFlags, PlatformFlags } from '../platform-flags';
import { formatOption, PLATFORM_FLAGS, withFlags } from '../options';
import type { SigningArgs } from '../signing-options';

interface DoctorArgs extends GlobalArgs, SigningArgs, PlatformFlags {
  readonly format: 'text' | 'json';
}

const MARK: Record<Check['status'], string> = {
  ok: '[ok]  ',
  missing: '[FAIL]',
  warning: '[warn]',
  skipped: '[skip]',
};

/** The checklist as text: one line per check, with how to fix it under each that fails. */
export function formatChecklist(checks: readonly Check[]): string {
  const lines = checks.flatMap((check) => [
    `${MARK[check.status]} ${check.title}: ${check.detail}`,
    ...(check.fix === undefined || check.status === 'ok' ? [] : [`       fix: ${check.fix}`]),
  ]);
  const verdict = allHold(checks) ? 'Ready: nothing is missing.' : 'Not ready: fix what is marked FAIL.';
  return `${lines.join('\n')}\n\n${verdict}\n`;
}

/** The host to check, or the one check that says why it cannot be. */
async function hostFor(
  args: DoctorArgs,
  io: CliIo,
  repo: string | undefined,
  base: string,
): Promise<DoctorRequest['host']> {
  if (repo === undefined) {
    return { id: 'host.access', title: 'Git host', status: 'skipped', detail: 'no --repo given' };
  }
  try {
    const { platform } = await hostFromFlags(args, repo, io, 'doctor needs the one publish would use');
    return { platform, base };
  } catch (error) {
    return hostFailure(error);
  }
}

export function doctorCommand(io: CliIo, exit: ExitHolder): CommandModule<object, DoctorArgs> {
  return {
    command: 'doctor',
    describe:
      "Check this machine and the credential (node, git, CRD schemas, signing, push and pull-request rights, the base branch's protection); prints a checklist, exits 1 when something is missing",
    builder: (yargs) =>
      commandHelp(
        formatOption(
          withFlags(yargs as Argv<DoctorArgs>, ['repo', 'base', ...PLATFORM_FLAGS, 'sign', 'signing-key']),
          ['text', 'json'] as const,
        ) as Argv<DoctorArgs>,
        {
          examples: [
            [
              '$0 doctor --repo https://github.com/acme/fleet.git',
              'Everything publish needs, checked without writing anything',
            ],
            [
              '$0 doctor --sign ssh --signing-key ~/.ssh/bot --format json',
              'The checklist as JSON, for a CI step',
            ],
          ],
          environment: [...GIT_ENVIRONMENT, ...COMMIT_AUDIT_ENVIRONMENT],
        },
      ),
    handler: async (args) => {
      const context = commandContext({ ...args, root: undefined }, io);
      const report = await doctor({
        env: io.env,
        sign: args.sign ?? 'none',
        signingKey: args['signing-key'],
        host: await hostFor(args, io, context.repo, context.base),
      });
      if (!report.ready) exit.code = ExitCode.failure;
      io.out(
        args.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatChecklist(report.checks),
      );
    },
  };
}
