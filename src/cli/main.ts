import type { CommandModule } from 'yargs';
import yargs from 'yargs/yargs';
import { toolVersion } from '../package-root';
import { bootstrapCommand } from './commands/bootstrap';
import { checkCommand } from './commands/check';
import { diffCommand } from './commands/diff';
import { doctorCommand } from './commands/doctor';
import { publishCommand } from './commands/publish';
import { rollbackCommand } from './commands/rollback';
import { rolloutCommand } from './commands/rollout';
import { statusCommand } from './commands/status';
import { synthCommand } from './commands/synth';
import { validateCommand } from './commands/validate';
import { ExitCode, ExitHolder } from './exit-codes';
import { CliIo, processIo } from './io';
import { ENVIRONMENT, environmentHelp, EnvironmentVariable, examplesHelp, GLOBAL_FLAGS } from './help';
import { usageError } from './usage-errors';
import { reportError } from './report';
import { globalOptions } from './options';

/**
 * Runs gitops-synth with `argv` (without `node` and the script) and returns the exit
 * code. Never calls `process.exit`, so tests run it in-process.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const exit: ExitHolder = { code: ExitCode.ok };
  const debug = argv.includes('--debug');
  const withCommands = yargs([...argv])
    .scriptName('gitops-synth')
    .usage(
      "$0 <command> [options]\n\nRender a fleet's intents into a GitOps repository and publish every change as a pull request.",
    )
    .command(commandModules(io, exit) as CommandModule[]);
  const parser = globalOptions(withCommands)
    .demandCommand(
      1,
      'Name a command: synth, validate, check, diff, publish, bootstrap, rollback, rollout, status or doctor',
    )
    .strict()
    .epilogue(
      `${environmentHelp(Object.keys(ENVIRONMENT) as EnvironmentVariable[])}\n\n${examplesHelp(TOP_EXAMPLES)}`,
    )
    .version(toolVersion())
    .help()
    .group([...GLOBAL_FLAGS], 'Global options:')
    .wrap(100)
    .exitProcess(false)
    .fail((message, error) => {
      // yargs reports some flag errors as its own YError rather than a message: both are usage errors.
      throw error !== undefined && error !== null && error.name !== 'YError'
        ? error
        : new UsageError(message ?? error?.message ?? '');
    });
  try {
    let output = '';
    await parser.parseAsync([...argv], {}, (_err, _argv, text) => {
      output = text;
    });
    if (output !== '') {
      io.out(`${output}\n`);
    }
    return exit.code;
  } catch (error) {
    if (error instanceof UsageError) {
      const flags = Object.keys(
        (parser as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key,
      );
      reportError(
        usageError(error.message, { argv, commands: COMMANDS, subcommands: { status: ['serve'] }, flags }),
        io,
        debug,
      );
      return ExitCode.usage;
    }
    return reportError(error, io, debug);
  }
}

/** Every top-level command, in the order `--help` lists them (flags.test.ts reads their flags from here). */
export function commandModules(io: CliIo, exit: ExitHolder): ReadonlyArray<CommandModule<object, never>> {
  return [
    synthCommand(io, exit),
    validateCommand(io, exit),
    checkCommand(io, exit),
    diffCommand(io, exit),
    publishCommand(io, exit),
    bootstrapCommand(io, exit),
    rollbackCommand(io, exit),
    rolloutCommand(io, exit),
    statusCommand(io, exit),
    doctorCommand(io, exit),
  ] as unknown as ReadonlyArray<CommandModule<object, never>>;
}

/** The top-level commands, for "did you mean". */
const COMMANDS = [
  'synth',
  'validate',
  'check',
  'diff',
  'publish',
  'bootstrap',
  'rollback',
  'status',
  'doctor',
];

const TOP_EXAMPLES: ReadonlyArray<readonly [string, string]> = [
  ['$0 synth', 'Synthesize the intents named in gitops-synth.yaml into clusters/'],
  ['$0 diff --against origin/main --exit-code', 'Show what the intents change; exit 1 when anything does'],
  [
    'GITOPS_TOKEN=… $0 publish --repo https://github.com/acme/fleet.git',
    'Open or update one pull request per changed cluster',
  ],
];

/** A flag or command yargs itself rejected. */
class UsageError extends Error {}
