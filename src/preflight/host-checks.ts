/**
 * The checks made against the Git host before any side effect: can the credential
 * push and open pull requests, does the base branch exist, and does its protection
 * require signed commits (then `--sign` must sign) or a linear history.
 */
import type { SignMode } from '../git/signing';
import type { Platform, ProviderName, RepositoryAccess } from '../platform/types';
import { allHold, Check, PreflightError } from './checks';

/** How to grant push and pull-request rights, per host and credential. */
const GRANT: Record<ProviderName, { push: string; pulls: string }> = {
  github: {
    push: 'give the token Contents: Read and write (fine-grained PAT, or the App\'s repository permission "Contents"), or the repo scope (classic PAT), on this repository',
    pulls:
      'give the token Pull requests: Read and write (fine-grained PAT, or the App\'s repository permission "Pull requests")',
  },
  gitlab: {
    push: 'use a project or group access token with the write_repository and api scopes and the Developer role or higher',
    pulls: 'use a project or group access token with the api scope and the Developer role or higher',
  },
  gitea: {
    push: 'use a token with the write:repository scope, for a user with write access to the repository',
    pulls: 'use a token with the write:repository scope (pull requests are part of it)',
  },
};

/** The checks for `access` (pure). */
export function hostChecks(
  provider: ProviderName,
  base: string,
  access: RepositoryAccess,
  sign: SignMode,
): Check[] {
  const who = access.credential === 'github-app' ? 'the GitHub App installation' : 'the token';
  const right = (id: string, title: string, value: boolean | undefined, fix: string): Check =>
    value === undefined
      ? { id, title, status: 'skipped', detail: `the host did not say whether ${who} may` }
      : value
        ? { id, title, status: 'ok', detail: `${who} may` }
        : { id, title, status: 'missing', detail: `${who} may not`, fix };
  return [
    right('host.push', 'push branches', access.canPush, GRANT[provider].push),
    right('host.pull-requests', 'open pull requests', access.canOpenPullRequests, GRANT[provider].pulls),
    access.baseExists
      ? { id: 'host.base', title: `base branch '${base}'`, status: 'ok', detail: 'exists' }
      : {
          id: 'host.base',
          title: `base branch '${base}'`,
          status: 'missing',
          detail: 'does not exist on the host',
          fix: `create '${base}' (an initial commit is enough), or pass --base <branch that exists>`,
        },
    signatureCheck(access, sign),
    access.requiresLinearHistory
      ? {
          id: 'host.linear-history',
          title: 'linear history',
          status: 'warning',
          detail: 'the base branch requires it: a merge commit cannot land',
          fix: 'merge gitops-synth pull requests with "Squash and merge" or "Rebase and merge" (each is one commit on the base)',
        }
      : { id: 'host.linear-history', title: 'linear history', status: 'ok', detail: 'not required' },
  ];
}

function signatureCheck(access: RepositoryAccess, sign: SignMode): Check {
  const title = 'signed commits';
  if (!access.requiresSignatures) {
    return { id: 'host.signatures', title, status: 'ok', detail: `not required (--sign ${sign})` };
  }
  if (sign !== 'none') {
    return {
      id: 'host.signatures',
      title,
      status: 'ok',
      detail: `required by the base branch; --sign ${sign}`,
    };
  }
  return {
    id: 'host.signatures',
    title,
    status: 'missing',
    detail: 'the base branch requires signed commits and --sign is none',
    fix: 'pass --sign ssh or --sign gpg with --signing-key, a key registered as a signing key of the committer on the host (on GitHub, --sign api needs no key)',
  };
}

/**
 * Reads the host's answer and checks it; throws {@link PreflightError} naming all that
 * is missing. Returns the checks (a host that cannot tell gives `skipped` ones).
 */
export async function preflight(
  command: string,
  platform: Platform,
  base: string,
  sign: SignMode,
): Promise<Check[]> {
  const checks = await readHostChecks(platform, base, sign);
  if (!allHold(checks)) throw new PreflightError(command, checks);
  return checks;
}

/** The host checks, or one `skipped` check when the host cannot report access. */
export async function readHostChecks(platform: Platform, base: string, sign: SignMode): Promise<Check[]> {
  if (platform.getRepositoryAccess === undefined) {
    return [
      {
        id: 'host.access',
        title: 'credential rights',
        status: 'skipped',
        detail: `not read on ${platform.name}: a missing right shows when the first push or request fails`,
      },
    ];
  }
  return hostChecks(platform.name, base, await platform.getRepositoryAccess(base), sign);
}
