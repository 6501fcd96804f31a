/**
 * `--sign`, `--signing-key` and `--signoff`: how publish and rollback sign every
 * commit they make, defined once for both commands.
 */
import type { Argv } from 'yargs';
import { resolveSigning, type CommitSigning, type SignMode } from '../git/signing';
import { SIGNING_FLAGS, withFlags } from './options';
import { GitopsSynthError } from '../errors';
import type { CommitTransport } from '../workspace/send-commit';
import { providerFromFlags, type PlatformFlags } from './platform-flags';

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
  /** `api` for `--sign api`: the host makes the commits; else git pushes them. */
  readonly transport: CommitTransport;
}

/** Checks the signing flags before any side effect (see {@link resolveSigning}). */
export async function commitPolicyFrom(
  args: SigningArgs & PlatformFlags,
  repo: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<CommitPolicy> {
  const mode = args.sign ?? 'none';
  if (mode === 'api') checkApiSigning(args, repo);
  const signing = await resolveSigning(mode, args['signing-key'], env);
  return { mode, signing, signoff: args.signoff === true, transport: mode === 'api' ? 'api' : 'git' };
}

/**
 * `--sign api` only on GitHub (GraphQL createCommitOnBranch; GitLab and Gitea sign no
 * commit made through their APIs): anything else is refused before any side effect.
 */
function checkApiSigning(args: SigningArgs & PlatformFlags, repo: string | undefined): void {
  const provider = providerFromFlags(args, repo);
  if (provider !== 'github') {
    throw new GitopsSynthError(
      'INVALID_FLAG',
      `--sign api: only GitHub makes and signs commits through its API, and the host is ${provider ?? 'unknown (pass --provider)'}`,
      { hint: 'on GitLab or Gitea use --sign ssh or --sign gpg with --signing-key' },
    );
  }
}
