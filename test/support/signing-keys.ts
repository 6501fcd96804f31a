/**
 * Real signing keys for tests: an SSH key made by ssh-keygen with its allowed-signers
 * file, and a GPG key in a throw-away GNUPGHOME. `verify` runs `git verify-commit`,
 * the same check a reviewer or a forge makes, so a test passes only on a signature
 * git itself accepts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';

/** An SSH signing key and the allowed-signers file that trusts it for `principal`. */
export interface SshSigningKey {
  readonly privateKey: string;
  readonly allowedSigners: string;
}

export function createSshSigningKey(root: string, principal: string): SshSigningKey {
  const dir = mkdtempSync(join(root, 'ssh-sign-'));
  const privateKey = join(dir, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', principal, '-f', privateKey]);
  const allowedSigners = join(dir, 'allowed_signers');
  writeFileSync(allowedSigners, `${principal} ${readFileSync(`${privateKey}.pub`, 'utf8').trim()}\n`);
  return { privateKey, allowedSigners };
}

/** A GPG key with no passphrase in its own GNUPGHOME. */
export interface GpgSigningKey {
  readonly home: string;
  readonly fingerprint: string;
}

export function createGpgSigningKey(root: string, uid: string): GpgSigningKey {
  // A short path: gpg-agent's socket path must fit in 107 bytes.
  const home = mkdtempSync(join(root, 'gpg-'));
  chmodSync(home, 0o700);
  const env = { ...process.env, GNUPGHOME: home };
  execFileSync(
    'gpg',
    [
      '--batch',
      '--pinentry-mode',
      'loopback',
      '--passphrase',
      '',
      '--quick-gen-key',
      uid,
      'ed25519',
      'sign',
      'never',
    ],
    { env, stdio: 'pipe' },
  );
  const listing = execFileSync('gpg', ['--batch', '--with-colons', '--list-secret-keys', uid], {
    env,
    encoding: 'utf8',
  });
  const fingerprint = /^fpr:+([0-9A-F]{40}):/m.exec(listing)?.[1];
  if (fingerprint === undefined) throw new Error(`no fingerprint in gpg's listing:\n${listing}`);
  return { home, fingerprint };
}

/** Stops the gpg-agent a GNUPGHOME started, so no process outlives the test. */
export function stopGpgAgent(home: string): void {
  try {
    execFileSync('gpgconf', ['--kill', 'gpg-agent'], {
      env: { ...process.env, GNUPGHOME: home },
      stdio: 'pipe',
    });
  } catch {
    // No agent was started.
  }
}

/** What `git verify-commit` said about a commit. */
export interface Verification {
  readonly ok: boolean;
  readonly output: string;
}

/** Runs `git verify-commit --raw` on `sha` in `cwd`, trusting `trust` (an allowed-signers file or a GNUPGHOME). */
export function verifyCommit(
  cwd: string,
  sha: string,
  trust: { allowedSigners: string } | { gnupgHome: string },
): Verification {
  const config =
    'allowedSigners' in trust ? ['-c', `gpg.ssh.allowedSignersFile=${trust.allowedSigners}`] : [];
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: cwd,
    LC_ALL: 'C',
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_CONFIG_GLOBAL: '/dev/null',
    ...('gnupgHome' in trust ? { GNUPGHOME: trust.gnupgHome } : {}),
  };
  // git prints the verdict on stderr whether the signature is good or not.
  const result = spawnSync('git', [...config, 'verify-commit', '--raw', sha], { cwd, env, encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout}${result.stderr}` };
}
