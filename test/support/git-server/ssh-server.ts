/**
 * A loopback SSH server for tests: OpenSSH's sshd (Debian package
 * `openssh-server`) in the foreground, with its own host key and configuration in
 * a temporary directory, accepting one public key for the current user and
 * nothing else (no passwords, no PAM).
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { userInfo } from 'node:os';
import { join } from 'node:path';

/** Where Debian installs sshd; it must be started by absolute path. */
export const SSHD = '/usr/sbin/sshd';

/** A running sshd. */
export interface SshServer {
  readonly port: number;
  /** A known_hosts file holding this server's host key, for `GITOPS_SSH_KNOWN_HOSTS`. */
  readonly knownHostsFile: string;
  /** The `ssh://` URL of the repository at absolute path `repoPath`. */
  url(repoPath: string): string;
  close(): Promise<void>;
}

/** An SSH key pair made for a test. */
export interface DeployKey {
  readonly privateKeyPath: string;
  /** The public key line (`ssh-ed25519 AAAA... comment`). */
  readonly publicKey: string;
}

/** True when sshd is installed (tests that need it say why when it is not). */
export function isSshdAvailable(): boolean {
  return existsSync(SSHD);
}

/** Generates an ed25519 key pair without a passphrase in a new directory under `root`. */
export function generateDeployKey(root: string, name = 'deploy_key'): DeployKey {
  const dir = mkdtempSync(join(root, 'key-'));
  const privateKeyPath = join(dir, name);
  execFileSync(
    'ssh-keygen',
    ['-q', '-t', 'ed25519', '-N', '', '-C', `gitops-synth-test-${name}`, '-f', privateKeyPath],
    { stdio: 'ignore' },
  );
  return { privateKeyPath, publicKey: readFileSync(`${privateKeyPath}.pub`, 'utf8').trim() };
}

/** A port that was free a moment ago (sshd binds it right after). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** The sshd_config: loopback only, public keys only, from the given authorized_keys file. */
function sshdConfig(dir: string, port: number, user: string): string {
  return [
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'host_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    // The temporary directory's permissions are the test's business, not sshd's.
    'StrictModes no',
    'PermitRootLogin prohibit-password',
    `AllowUsers ${user}`,
    'PrintMotd no',
    'X11Forwarding no',
    'AllowTcpForwarding no',
    'LogLevel INFO',
    '',
  ].join('\n');
}

/**
 * Starts sshd on 127.0.0.1 on a free port (`-D -e`: foreground, logs on stderr),
 * allowing `authorizedPublicKey` to log in as the current user. As root, sshd
 * needs its privilege separation directory `/run/sshd`, created here when missing.
 * Resolves once sshd says it is listening.
 */
export async function startSshServer(options: {
  root: string;
  authorizedPublicKey: string;
}): Promise<SshServer> {
  const dir = mkdtempSync(join(options.root, 'sshd-'));
  const user = userInfo().username;
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'host_key')], {
    stdio: 'ignore',
  });
  writeFileSync(join(dir, 'authorized_keys'), `${options.authorizedPublicKey}\n`, { mode: 0o600 });
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) {
    mkdirSync('/run/sshd', { mode: 0o755, recursive: true });
  }
  const port = await freePort();
  writeFileSync(join(dir, 'sshd_config'), sshdConfig(dir, port, user));
  const hostKey = readFileSync(join(dir, 'host_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
  const knownHostsFile = join(dir, 'known_hosts');
  writeFileSync(knownHostsFile, `[127.0.0.1]:${port} ${hostKey}\n`);
  const child = spawn(SSHD, ['-D', '-e', '-f', join(dir, 'sshd_config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  await waitUntilListening(child, port);
  return {
    port,
    knownHostsFile,
    url: (repoPath) => `ssh://${user}@127.0.0.1:${port}${repoPath}`,
    close: async () => {
      await stop(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits for sshd's "Server listening" line; rejects with its log when it exits first or takes over 10 s. */
function waitUntilListening(child: ChildProcess, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`sshd did not start listening on port ${port} within 10 s:\n${log}`));
    }, 10_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      log += chunk.toString('utf8');
      if (log.includes(`Server listening on 127.0.0.1 port ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited with code ${code} before listening:\n${log}`));
    });
  });
}

/** Stops sshd and waits for it to exit. */
function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
