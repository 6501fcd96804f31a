/**
 * `--sign`, `--signing-key` and `--signoff`: how publish and rollback sign every
 * commit they make, defined once for both commands.
 */
import type { Argv } from 'yargs';
import { resolveSigning, SIGN_MODES, type CommitSigning, type SignMode } from '../git/signing';

/** The flags {@link signingOptions} adds. */
export interface SigningArgs {
  readonly sign?: SignMode;
  readonly 'signing-key'?: string;
  readonly signoff?: boolean;
}

/** Adds the signing flags to a command. */
export function signingOptions<T>(yargs: Argv<T>): Argv<T & SigningArgs> {
  return yargs
    .option('sign', {
      choices: SIGN_MODES,
      default: 'none' as SignMode,
      describe:
        'Sign every commit with --signing-key on this runner: ssh (an SSH key) or gpg (a GPG key); none leaves it to git configuration',
    })
    .option('signing-key', {
      type: 'string',
      requiresArg: true,
      describe:
        'For --sign ssh: the SSH private key file; for --sign gpg: the key id or fingerprint (GNUPGHOME names the keyring). Default: GITOPS_SIGNING_KEY',
    })
    .option('signoff', {
      type: 'boolean',
      default: false,
      describe: "Add a Signed-off-by trailer (the committer's identity) to every commit",
    }) as unknown as Argv<T & SigningArgs>;
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
