/**
 * Reading a git remote URL: which host it is, which project, and where that host's
 * API lives. Pure functions; nothing here touches the network.
 */
import { GitopsSynthError } from '../errors';
import { displayRemoteUrl, invalidRemote, parseRemoteUrl } from '../remote-url';
import { PROVIDER_NAMES, ProviderName } from './types';

/** A git remote split into host and project path. */
export interface RemoteProject {
  /** Host name, lower case, without port (`github.com`). */
  readonly host: string;
  /** `owner/name`, or `group/sub/name` on GitLab; no `.git`. */
  readonly project: string;
}

/**
 * The host and project of a remote ({@link parseRemoteUrl}: `https://`, `ssh://` with a
 * port, scp-like, subgroups, with or without `.git`). Throws `REMOTE_URL_INVALID` for a
 * local path or a URL that names no project.
 */
export function parseProjectFromRemote(remoteUrl: string): RemoteProject {
  const remote = parseRemoteUrl(remoteUrl);
  if (remote.project === undefined) {
    throw invalidRemote(remoteUrl, 'it names no host and owner/name project');
  }
  return { host: remote.host, project: remote.project };
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
      ? `cannot tell which Git host "${displayRemoteUrl(remoteUrl)}" is`
      : `unknown provider "${provider}"`;
  throw new GitopsSynthError(
    'PROVIDER_UNKNOWN',
    `${what}; pass --provider with one of: ${PROVIDER_NAMES.join(', ')}`,
  );
}

/**
 * The API base URL each client expects for a host: `https://api.github.com` for
 * github.com and `https://host/api/v3` for GitHub Enterprise Server (Octokit's
 * baseUrl), `https://host` for GitLab (the adapter adds `/api/v4`), and
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
