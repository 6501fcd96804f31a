/**
 * `gitops-synth doctor`: the checks publish's preflight makes, and those of this
 * machine (node, git, the CRD schemas, the signing program, a credential), as a
 * checklist in text or JSON. Reads only; exits 1 when something is missing.
 */
import type { Argv, CommandModule } from 'yargs';
import { allHold, Check } from '../../preflight/checks';
import { readHostChecks } from '../../preflight/host-checks';
import { credentialCheck, crdCheck, gitCheck, nodeCheck, signingCheck } from '../../preflight/local-checks';
import { commandContext, GlobalArgs } from '../context';
import { ExitCode } from '../exit-codes';
import { COMMIT_AUDIT_ENVIRONMENT, commandHelp, GIT_ENVIRONMENT } from '../help';
import { CliIo } from '../io';
import type { ExitHolder } from '../main';
import { ALLOW_INSECURE_HTTP_OPTION, hostFromFlags, PlatformFlags } from '../platform-flags';
import { signingOptions, SigningArgs } from '../signing-options';
import { PROVIDER_NAMES } from '../../platform/types';

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

async function hostChecksFor(
  args: DoctorArgs,
  io: CliIo,
  repo: string | undefined,
  base: string,
): Promise<Check[]> {
  if (repo === undefined) {
    return [{ id: 'host.access', title: 'Git host', status: 'skipped', detail: 'no --repo given' }];
  }
  try {
    const { platform } = await hostFromFlags(args, repo, io, 'doctor needs the one publish would use');
    return await readHostChecks(platform, base, args.sign ?? 'none');
  } catch (error) {
    return [
      {
        id: 'host.access',
        title: 'Git host',
        status: 'missing',
        detail: error instanceof Error ? error.message : String(error),
        fix: (error as { hint?: string }).hint ?? 'check the credential and --api-url',
      },
    ];
  }
}

export function doctorCommand(io: CliIo, exit: ExitHolder): CommandModule<object, DoctorArgs> {
  return {
    command: 'doctor',
    describe:
      "Check this machine and the credential (node, git, CRD schemas, signing, push and pull-request rights, the base branch's protection); prints a checklist, exits 1 when something is missing",
    builder: (yargs) =>
      commandHelp(
        signingOptions(yargs as Argv<DoctorArgs>)
          .option('repo', {
            type: 'string',
            requiresArg: true,
            describe: 'The GitOps repository to check access to. Default: `repo` in the config file',
          })
          .option('base', {
            type: 'string',
            requiresArg: true,
            describe: 'The base branch publish targets. Default: `base` in the config file, else main',
          })
          .option('provider', {
            choices: PROVIDER_NAMES,
            describe: 'The Git host. Default: detected from --repo',
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
            describe: 'owner/name. Default: derived from --repo',
          })
          .option('format', {
            choices: ['text', 'json'] as const,
            default: 'text' as const,
            describe: 'Checklist as text or JSON',
          }) as Argv<DoctorArgs>,
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
      const checks: Check[] = [
        nodeCheck(process.version),
        await gitCheck(io.env),
        crdCheck(),
        await credentialCheck(io.env),
        await signingCheck(args.sign ?? 'none', args['signing-key'], io.env),
        ...(await hostChecksFor(args, io, context.repo, context.base)),
      ];
      if (!allHold(checks)) exit.code = ExitCode.failure;
      io.out(
        args.format === 'json'
          ? `${JSON.stringify({ ready: allHold(checks), checks }, null, 2)}\n`
          : formatChecklist(checks),
      );
    },
  };
}
