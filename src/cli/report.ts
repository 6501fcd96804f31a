import { GitopsSynthError } from '../errors';
import { LockError } from '../lock/errors';
import { EmptyShard } from '../selection';
import { ExitCode } from './exit-codes';
import { CliIo } from './io';

/**
 * Prints an error the way users should see it: a message and a hint, no stack
 * trace unless `--debug` asks for one, and returns the exit code it deserves.
 */
export function reportError(error: unknown, io: CliIo, debug: boolean): number {
  if (error instanceof EmptyShard) {
    // Normal in a CI matrix over a small fleet: say so and succeed.
    io.out(`${error.message}\n`);
    return ExitCode.ok;
  }
  if (error instanceof GitopsSynthError) {
    io.err(`gitops-synth: error [${error.code}]: ${error.message}\n`);
    if (error.hint !== undefined) {
      io.err(`  hint: ${error.hint}\n`);
    }
    if (debug && error.stack !== undefined) {
      io.err(`${error.stack}\n`);
    }
    if (error.code === 'INVALID_FLAG') {
      return ExitCode.usage;
    }
    if (error instanceof LockError) {
      return ExitCode.locked;
    }
    return error.source === 'user'
      ? ExitCode.failure
      : error.source === 'external'
        ? ExitCode.external
        : ExitCode.internal;
  }
  const message = error instanceof Error ? error.message : String(error);
  io.err(`gitops-synth: internal error: ${message}\n`);
  io.err(
    debug && error instanceof Error && error.stack !== undefined
      ? `${error.stack}\n`
      : '  (run again with --debug for a stack trace, and please report it)\n',
  );
  return ExitCode.internal;
}
