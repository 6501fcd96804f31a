/**
 * Commit signing with a key on the runner: SSH (`gpg.format=ssh`, the key file is
 * handed to `ssh-keygen -Y sign`) or OpenPGP (`gpg`, a key id or fingerprint in the
 * keyring of `GNUPGHOME`). The settings are given to each `git commit` as `-c`
 * options, so nothing is written to any git configuration file and a user's own
 * `commit.gpgsign` never decides whether a gitops-synth commit is signed.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { GitopsSynthError } from '../errors';

/** How commits are signed locally. */
export interface CommitSigning {
  readonly format: 'ssh' | 'gpg';
  /** ssh: path of the private key (or `key::<public key>` held by an agent); gpg: key id, fingerprint or email. */
  readonly key: string;
}

/**
 * The values `--sign` takes: `ssh` and `gpg` sign here with a key on the runner; `api`
 * (GitHub only) has the host make the commits, which it signs itself (see
 * src/workspace/send-commit.ts); `none` leaves it to git's configuration.
 */
export const SIGN_MODES = ['none', 'ssh', 'gpg', 'api'] as const;
/** One of {@link SIGN_MODES}. */
export type SignMode = (typeof SIGN_MODES)[number];

/**
 * The `-c` options put before `commit` so that it signs as `signing` says (pure); none
 * when there is no signing, which leaves the user's own git configuration in charge.
 */
export function signingConfigArgs(signing: CommitSigning | undefined): string[] {
  if (signing === undefined) return [];
  return [
    '-c',
    `gpg.format=${signing.format === 'ssh' ? 'ssh' : 'openpgp'}`,
    '-c',
    `user.signingkey=${signing.key}`,
    '-c',
    'commit.gpgsign=true',
  ];
}

/**
 * Checks `--sign`/`--signing-key` (or GITOPS_SIGNING_KEY) before any side effect and
 * returns the local signing to use: undefined for `none`. A key given without
 * a mode that uses one is refused too, so a typo in `--sign` cannot silently publish
 * unsigned commits.
 */
export async function resolveSigning(
  mode: SignMode,
  keyFlag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): Promise<CommitSigning | undefined> {
  const key = keyFlag ?? (env.GITOPS_SIGNING_KEY === '' ? undefined : env.GITOPS_SIGNING_KEY);
  const source = keyFlag !== undefined ? '--signing-key' : 'GITOPS_SIGNING_KEY';
  if (mode === 'none' || mode === 'api') {
    if (keyFlag !== undefined) {
      throw new GitopsSynthError('INVALID_FLAG', `--signing-key is given but --sign is '${mode}'`, {
        hint:
          mode === 'api'
            ? 'with --sign api GitHub signs the commits and no key is used: drop --signing-key'
            : 'pass --sign ssh or --sign gpg to sign with that key, or drop --signing-key',
      });
    }
    return undefined;
  }
  if (key === undefined) {
    throw new GitopsSynthError('INVALID_FLAG', `--sign ${mode}: no signing key given`, {
      hint:
        mode === 'ssh'
          ? 'pass --signing-key <path of an SSH private key> or set GITOPS_SIGNING_KEY'
          : 'pass --signing-key <GPG key id or fingerprint> or set GITOPS_SIGNING_KEY',
    });
  }
  if (key.trim() === '' || /[\x00-\x1f\x7f]/.test(key) || key.startsWith('-')) {
    throw new GitopsSynthError(
      'INVALID_FLAG',
      `${source}: ${JSON.stringify(key)} is not a key: it is empty, starts with '-' or holds control characters`,
    );
  }
  if (mode === 'ssh' && !key.startsWith('key::')) {
    try {
      await access(key, constants.R_OK);
    } catch {
      throw new GitopsSynthError(
        'INVALID_FLAG',
        `${source}: '${key}' is not a readable SSH private key file`,
        {
          hint: 'point it at the private key whose public key is registered as a signing key on the host',
        },
      );
    }
  }
  return { format: mode, key };
}
