/**
 * Picks and builds the adapter for a provider. The only place that knows every
 * adapter; callers depend on {@link Platform} alone.
 */
import { GitopsSynthError } from '../errors';
import { RetryPolicy } from '../retry';
import { GiteaPlatform } from './gitea/gitea-platform';
import { GitHubPlatform } from './github/github-platform';
import { GitLabPlatform } from './gitlab/gitlab-platform';
import { FetchLike, PlatformClock } from './http';
import { defaultApiUrl, parseProjectFromRemote, requireProvider } from './remote';
import { PROVIDER_NAMES, Platform, ProviderName } from './types';
import type { TokenSource } from '../contract/token-source';

export { detectProvider, parseProjectFromRemote, defaultApiUrl, requireProvider } from './remote';

/** Options of {@link createPlatform}. */
export interface CreatePlatformOptions {
  readonly provider: ProviderName;
  /** Defaults to the public host's API (api.github.com, gitlab.com, codeberg.org). */
  readonly apiUrl?: string;
  /** `owner/name`, or `group/sub/name` on GitLab. */
  readonly project: string;
  /** The API token (the CLI reads GITOPS_TOKEN). Never logged, never in an error. */
  readonly token: string;
  /** GitHub: a GitHub App's installation tokens, asked before each request (see {@link TokenSource}). */
  readonly tokenSource?: TokenSource;
  readonly clock?: PlatformClock;
  readonly retry?: RetryPolicy;
  readonly fetch?: FetchLike;
}

const PUBLIC_HOST: Record<ProviderName, string> = {
  github: 'github.com',
  gitlab: 'gitlab.com',
  gitea: 'codeberg.org',
};

/** Builds the adapter for `options.provider`. */
export function createPlatform(options: CreatePlatformOptions): Platform {
  if (!(PROVIDER_NAMES as readonly string[]).includes(options.provider)) {
    throw new GitopsSynthError(
      'PROVIDER_UNKNOWN',
      `unknown provider "${String(options.provider)}"; use one of: ${PROVIDER_NAMES.join(', ')}`,
    );
  }
  if (options.token.trim() === '') {
    throw new GitopsSynthError('TOKEN_MISSING', 'no API token was given', {
      hint: 'set GITOPS_TOKEN to a token that can read and write pull requests',
    });
  }
  const adapterOptions = {
    ...options,
    apiUrl: options.apiUrl ?? defaultApiUrl(options.provider, PUBLIC_HOST[options.provider]),
  };
  switch (options.provider) {
    case 'github':
      return new GitHubPlatform(adapterOptions);
    case 'gitlab':
      return new GitLabPlatform(adapterOptions);
    case 'gitea':
      return new GiteaPlatform(adapterOptions);
  }
}

/** What {@link platformOptionsFromRemote} derives from a git remote. */
export interface RemotePlatformOptions {
  readonly provider: ProviderName;
  readonly apiUrl: string;
  readonly project: string;
}

/**
 * Provider (detected unless given), API URL (derived from the host unless given)
 * and project for a git remote. Throws a user error listing valid providers when
 * the host cannot be recognised and none was given.
 */
export function platformOptionsFromRemote(
  remoteUrl: string,
  overrides: { provider?: string; apiUrl?: string } = {},
): RemotePlatformOptions {
  const provider = requireProvider(remoteUrl, overrides.provider);
  const { host, project } = parseProjectFromRemote(remoteUrl);
  return { provider, project, apiUrl: overrides.apiUrl ?? defaultApiUrl(provider, host) };
}
