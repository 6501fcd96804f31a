/**
 * `--sign`, `--signing-key` and `--signoff`: how publish and rollback sign every
 * commit they make, defined once for both commands.
 */
import type { Argv } from 'yargs';
import { resolveSigning, type CommitSigning, type SignMode } from '../git/signing';
import { SIGNING_FLAGS, withFlags } from './options';

/** The flags {@link signingOptions} adds. */
export interface SigningArgs {
  readonly sign?: SignMode;
  readonly 'signing-key'?: string;
  readonly signoff?: boolean;
}

/** Adds the signing flags ({@link SIGNING_FLAGS}, defined in options.ts) to a command. */
export function signingOptions<T>(yargs: Argv<T>): Argv<T & SigningArgs> {
  return withFlags(yargs, SIGNING_FLAGS) as unknown as Argv<T & SigningArgs>;
}

/** What the command's workspace needs from the signing flags. */
export interface CommitPolicy {
  readonly mode: SignMode;
  readonly signing?: CommitSigning;
  readonly signoff: boolean;
}

/** Checks the signing flags before any side effect (see {@link resolveSigning}). */
export async function commitPolicyFrom(
  args: SigningArgs,
  env: Readonly<Record<string, string | undefined>>,
): Promise<CommitPolicy> {
  const mode = args.sign ?? 'none';
  const signing = await resolveSigning(mode, args['signing-key'], env);
  return { mode, signing, signoff: args.signoff === true };
}
