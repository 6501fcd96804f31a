/**
 * The checks `doctor` makes on this machine: node, git (version and the features the
 * tool uses), the CRD schemas shipped with the tool, the signing program for `--sign`,
 * and whether a credential is configured (never showing it).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { githubAppFromEnv } from '../platform/github/app-auth';
import { loadGitCredentials } from '../git/credentials';
import { resolveSigning, type SignMode } from '../git/signing';
import { loadCrdRegistry } from '../schema/registry';
import type { Check } from './checks';

const run = promisify(execFile);

/** git 2.34: `gpg.format=ssh` signing, and `commit --trailer` (2.32). */
export const MIN_GIT = [2, 34] as const;
/** The engines field of package.json. */
export const MIN_NODE = [20, 19] as const;

function atLeast(version: string, min: readonly [number, number]): boolean {
  const [major, minor] = version.split('.').map(Number);
  return major > min[0] || (major === min[0] && minor >= min[1]);
}

export function nodeCheck(version: string): Check {
  const ok = atLeast(version.replace(/^v/, ''), MIN_NODE);
  return {
    id: 'node',
    title: 'node',
    status: ok ? 'ok' : 'missing',
    detail: `${version} (needs >= ${MIN_NODE.join('.')})`,
    ...(ok ? {} : { fix: `install Node.js ${MIN_NODE.join('.')} or newer` }),
  };
}

export async function gitCheck(env: NodeJS.ProcessEnv): Promise<Check> {
  const fix = `install git ${MIN_GIT.join('.')} or newer (apt-get install -y git)`;
  try {
    const { stdout } = await run('git', ['--version'], { env });
    const version = /(\d+\.\d+(?:\.\d+)?)/.exec(stdout)?.[1] ?? '0.0';
    const ok = atLeast(version, MIN_GIT);
    return {
      id: 'git',
      title: 'git',
      status: ok ? 'ok' : 'missing',
      detail: `${version} (needs >= ${MIN_GIT.join('.')})`,
      ...(ok ? {} : { fix }),
    };
  } catch {
    return { id: 'git', title: 'git', status: 'missing', detail: 'not found on PATH', fix };
  }
}

export function crdCheck(crdDir?: string): Check {
  try {
    const registry = loadCrdRegistry(crdDir);
    return {
      id: 'crds',
      title: 'CRD schemas',
      status: 'ok',
      detail: `${registry.versions.length} served versions loaded`,
    };
  } catch (error) {
    return {
      id: 'crds',
      title: 'CRD schemas',
      status: 'missing',
      detail: error instanceof Error ? error.message : String(error),
      fix: 'reinstall gitops-synth (its crds/ directory is incomplete)',
    };
  }
}

/** The program `--sign` needs, and the key (readable file, or a secret key in the keyring). */
export async function signingCheck(
  mode: SignMode,
  key: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<Check> {
  const title = `signing (--sign ${mode})`;
  if (mode === 'none')
    return { id: 'signing', title, status: 'ok', detail: 'commits are not signed by gitops-synth' };
  if (mode === 'api' && key === undefined)
    return { id: 'signing', title, status: 'ok', detail: 'GitHub makes and signs the commits; no key here' };
  try {
    const signing = (await resolveSigning(mode, key, env))!;
    if (signing.format === 'ssh') {
      await run('ssh-keygen', ['-y', '-f', signing.key], { env });
      return { id: 'signing', title, status: 'ok', detail: `ssh-keygen can read ${signing.key}` };
    }
    await run('gpg', ['--batch', '--list-secret-keys', signing.key], { env });
    return { id: 'signing', title, status: 'ok', detail: `gpg holds a secret key for ${signing.key}` };
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return {
      id: 'signing',
      title,
      status: 'missing',
      detail: message,
      fix:
        mode === 'ssh'
          ? 'pass --signing-key (or GITOPS_SIGNING_KEY) naming an unencrypted SSH private key; ssh-keygen comes with openssh-client'
          : 'import the key into the keyring GNUPGHOME names (gpg --import), and pass its id with --signing-key; gpg comes with gnupg',
    };
  }
}

/** Which credential is configured; never its value. */
export async function credentialCheck(env: NodeJS.ProcessEnv): Promise<Check> {
  const title = 'credential';
  try {
    const app = githubAppFromEnv(env);
    if (app !== undefined) {
      return {
        id: 'credential',
        title,
        status: 'ok',
        detail: `GitHub App ${app.appId} (private key read and parsed)`,
      };
    }
    const credentials = await loadGitCredentials(env);
    if (credentials.token !== undefined) {
      return {
        id: 'credential',
        title,
        status: 'ok',
        detail: 'a token in GITOPS_TOKEN or GITOPS_TOKEN_FILE',
      };
    }
    return {
      id: 'credential',
      title,
      status: 'missing',
      detail: 'no GITOPS_TOKEN, GITOPS_TOKEN_FILE or GITOPS_GITHUB_APP_ID',
      fix: 'set GITOPS_GITHUB_APP_ID with its private key (GitHub), or GITOPS_TOKEN; see docs/security.md for the least scopes',
    };
  } catch (error) {
    return {
      id: 'credential',
      title,
      status: 'missing',
      detail: error instanceof Error ? error.message : String(error),
      fix: (error as { hint?: string }).hint ?? 'see docs/security.md',
    };
  }
}
