/**
 * Where the cluster's controllers post their reports: the Git host's type, its
 * REST API, the project and the repository's web URL, each from a flag or
 * derived from `--repo` (pure).
 */
import { GitopsSynthError } from '../errors';
import { displayRemoteUrl, invalidRemote, parseRemoteUrl, remoteOrigin } from '../remote-url';
import { defaultApiUrl, detectProvider, parseProjectFromRemote } from '../platform/remote';
import { PROVIDER_NAMES, ProviderName } from '../platform/types';
import { BootstrapHost } from './bootstrap';

/** The flags that may override what `--repo` says. */
export interface HostFlags {
  readonly provider?: ProviderName;
  readonly apiUrl?: string;
  readonly project?: string;
}

/**
 * The host of `repo`. `apiUrl` means what it means for publish (GitLab: the
 * host's base URL, without /api/v4), so one value works for every command.
 * @throws GitopsSynthError `INVALID_FLAG` when the host cannot be told from `repo` and no --provider is given.
 */
export function bootstrapHost(repo: string, flags: HostFlags): BootstrapHost {
  const provider = flags.provider ?? detectProvider(repo);
  if (provider === undefined) {
    throw new GitopsSynthError(
      'INVALID_FLAG',
      `--provider: cannot tell the Git host from '${displayRemoteUrl(repo)}'; pass --provider ${PROVIDER_NAMES.join('|')}`,
      {
        hint: 'the controllers post commit statuses to this host, so bootstrap must know its API',
      },
    );
  }
  // --project wins over the URL's path, which need not name a project (a server's own path layout).
  const project = flags.project ?? parseProjectFromRemote(repo).project;
  const host = remoteHost(repo);
  const base = (flags.apiUrl ?? defaultApiUrl(provider, host)).replace(/\/+$/, '');
  const apiUrl = provider === 'gitlab' && !base.endsWith('/api/v4') ? `${base}/api/v4` : base;
  return { provider, apiUrl, project, webUrl: webUrl(repo, host, project) };
}

/** The host name of a remote; throws REMOTE_URL_INVALID, with its hint, for one without a host. */
function remoteHost(repo: string): string {
  const { host } = parseRemoteUrl(repo);
  if (host === '') throw invalidRemote(repo, 'it names no host');
  return host;
}

/** An http(s) remote keeps its scheme and port; an SSH remote's web side is https on the same host. */
function webUrl(repo: string, host: string, project: string): string {
  return `${remoteOrigin(parseRemoteUrl(repo)) ?? `https://${host}`}/${project}`;
}

/**
 * Checks `--status-url`: an http(s) URL without credentials, query or fragment,
 * since the events path is appended to it.
 */
export function checkStatusUrl(value: string): string {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (
    url === undefined ||
    !['http:', 'https:'].includes(url.protocol) ||
    url.username !== '' ||
    url.password !== '' ||
    url.search !== '' ||
    url.hash !== ''
  ) {
    throw new GitopsSynthError(
      'INVALID_FLAG',
      `--status-url: '${url === undefined ? value : url.origin}' is not an http(s) URL without credentials, query or fragment`,
      {
        hint: 'the URL at which the cluster reaches gitops-synth status serve, e.g. https://gitops-status.example.org',
      },
    );
  }
  return value.replace(/\/+$/, '');
}
