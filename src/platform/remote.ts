/**
 * Reading a git remote URL: which host it is, which project, and where that host's
 * API lives. Pure functions; nothing here touches the network.
 */
import { GitopsSynthError } from '../errors';
import { PROVIDER_NAMES, ProviderName } from './types';

/** A git remote split into host and project path. */
export interface RemoteProject {
  /** Host name, lower case, without port (`github.com`). */
  readonly host: string;
  /** `owner/name`, or `group/sub/name` on GitLab; no `.git`. */
  readonly project: string;
}

const SCP_LIKE = /^(?:[^@/\s]+@)?([^:/\s]+):(?!\/\/)(.+)$/;

/**
 * Parses `https://host/owner/name(.git)`, `ssh://git@host[:port]/owner/name.git`
 * and `git@host:owner/name.git` (subgroups allowed). Throws a user error for
 * anything else.
 */
export function parseProjectFromRemote(remoteUrl: string): RemoteProject {
  const url = remoteUrl.trim();
  let host: string | undefined;
  let path: string | undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) {
    try {
      const parsed = new URL(url);
      host = parsed.hostname;
      path = decodeURIComponent(parsed.pathname);
    } catch {
      host = undefined;
    }
  } else {
    const scp = SCP_LIKE.exec(url);
    if (scp) {
      host = scp[1];
      path = scp[2];
    }
  }
  const project = path?.replace(/^\/+|\/+$/g, '').replace(/\.git$/, '');
  if (!host || !project || project.split('/').length < 2 || project.split('/').some((part) => part === '')) {
    throw new GitopsSynthError(
      'REMOTE_URL_INVALID',
      `cannot read a project from the git remote "${remoteUrl}"`,
      {
        hint: 'use https://host/owner/name.git, ssh://git@host/owner/name.git or git@host:owner/name.git',
      },
    );
  }
  return { host: host.toLowerCase(), project };
}

/**
 * Guesses the provider from the remote's host: github.com is GitHub, gitlab.com or
 * any host with `gitlab` in its name is GitLab, codeberg.org or a host with `gitea`
 * or `forgejo` in its name is Gitea. Anything else (e.g. GitHub Enterprise Server
 * on `git.example.com`) is undefined: the caller must pass --provider.
 */
export function detectProvider(remoteUrl: string): ProviderName | undefined {
  let host: string;
  try {
    host = parseProjectFromRemote(remoteUrl).host;
  } catch {
    return undefined;
  }
  const labels = host.split('.');
  if (host === 'github.com' || host.endsWith('.github.com')) return 'github';
  if (labels.some((label) => label.includes('gitlab'))) return 'gitlab';
  if (host === 'codeberg.org' || labels.some((label) => label.includes('gitea') || label.includes('forgejo')))
    return 'gitea';
  return undefined;
}

/** Throws the error that tells the user to pass --provider, listing the valid values. */
export function requireProvider(remoteUrl: string, provider: string | undefined): ProviderName {
  const chosen = provider ?? detectProvider(remoteUrl);
  if (chosen !== undefined && (PROVIDER_NAMES as readonly string[]).includes(chosen)) {
    return chosen as ProviderName;
  }
  const what =
    provider === undefined
      ? `cannot tell which Git host "${remoteUrl}" is`
      : `unknown provider "${provider}"`;
  throw new GitopsSynthError(
    'PROVIDER_UNKNOWN',
    `${what}; pass --provider with one of: ${PROVIDER_NAMES.join(', ')}`,
  );
}

/**
 * The API base URL each client expects for a host: `https://api.github.com` for
 * github.com and `https://host/api/v3` for GitHub Enterprise Server (Octokit's
 * baseUrl), `https://host` for GitLab (gitbeaker adds `/api/v4`), and
 * `https://host/api/v1` for Gitea/Forgejo.
 */
export function defaultApiUrl(provider: ProviderName, host: string): string {
  switch (provider) {
    case 'github':
      return host === 'github.com' ? 'https://api.github.com' : `https://${host}/api/v3`;
    case 'gitlab':
      return `https://${host}`;
    case 'gitea':
      return `https://${host}/api/v1`;
  }
}
