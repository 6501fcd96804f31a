import type { Argv } from 'yargs';
import { parseDuration } from '../duration';
import { OperationRetention, RETENTION_FLAG } from '../pipeline/retention';
import { CliIo } from './io';
import { withFlags } from './options';

/** The parsed flag, as yargs hands it over. */
export interface OperationRetentionArgs {
  readonly 'operation-retention'?: string;
}

/**
 * `--operation-retention <duration>`, shared by synth, check, diff and publish: every
 * command that renders the tree must leave out the same Operations, or `check` would
 * disagree with what `synth` wrote.
 */
export function operationRetentionOption<T>(yargs: Argv<T>): Argv<T & OperationRetentionArgs> {
  return withFlags(yargs, ['operation-retention']) as Argv<T & OperationRetentionArgs>;
}

/**
 * The retention the flag asks for, measured against the CLI's clock; undefined without
 * the flag. Takes any command's arguments (commands without other own flags have none
 * in common with {@link OperationRetentionArgs}).
 */
export function operationRetentionFrom(args: object, io: CliIo): OperationRetention | undefined {
  const value = (args as OperationRetentionArgs)['operation-retention'];
  return value === undefined ? undefined : { maxAgeMs: parseDuration(value, RETENTION_FLAG), now: io.now() };
}
