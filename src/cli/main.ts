import yargs from 'yargs/yargs';
import { toolVersion } from '../package-root';
import { bootstrapCommand } from './commands/bootstrap';
import { checkCommand } from './commands/check';
import { diffCommand } from './commands/diff';
import { publishCommand } from './commands/publish';
import { rollbackCommand } from './commands/rollback';
import { statusCommand } from './commands/status';
import { synthCommand } from './commands/synth';
import { validateCommand } from './commands/validate';
import { ExitCode } from './exit-codes';
import { CliIo, processIo } from './io';
import { ENVIRONMENT_HELP } from './options';
import { reportError } from './report';

/** A command's outcome: the exit code the process should end with. */
export interface ExitHolder {
  code: number;
}

/**
 * Runs gitops-synth with `argv` (without `node` and the script) and returns the exit
 * code. Never calls `process.exit`, so tests run it in-process.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  const exit: ExitHolder = { code: ExitCode.ok };
  const debug = argv.includes('--debug');
  const parser = yargs([...argv])
    .scriptName('gitops-synth')
    .usage('$0 <command> [options]\n\nRender a fleet\'s intents into a GitOps repository and publish every change as a pull request.')
    .command(synthCommand(io, exit))
    .command(validateCommand(io, exit))
    .command(checkCommand(io, exit))
    .command(diffCommand(io, exit))
    .command(publishCommand(io, exit))
    .command(bootstrapCommand(io, exit))
    .command(rollbackCommand(io, exit))
    .command(statusCommand(io, exit))
    .option('config', { type: 'string', describe: 'Config file (default: gitops-synth.yaml in the current directory, when present)', requiresArg: true, global: true })
    .option('debug', { type: 'boolean', describe: 'Show stack traces and git commands', global: true })
    .option('quiet', { type: 'boolean', describe: 'Print only errors and results', global: true })
    .demandCommand(1, 'Name a command: synth, validate, check, diff, publish, bootstrap, rollback or status')
    .strict()
    .epilogue(ENVIRONMENT_HELP)
    .version(toolVersion())
    .help()
    .wrap(100)
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
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
      io.err(`gitops-synth: ${error.message}\nRun 'gitops-synth --help' for the commands and flags.\n`);
      return ExitCode.usage;
    }
    return reportError(error, io, debug);
  }
}

/** A flag or command yargs itself rejected. */
class UsageError extends Error {}
